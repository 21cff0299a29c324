"""`congress-extract show`: one article for a person, facts highlighted and tabulated with rich."""

from __future__ import annotations

from typing import Any

COLOURS = {
    "dates": "bold cyan",
    "terms": "bold blue",
    "events": "bold magenta",
    "officials": "bold green",
    "elections": "bold yellow",
    "votes": "bold red",
    "ratios": "bold bright_magenta",
    "percentages": "bold bright_cyan",
}


def highlighted(record: dict[str, Any]):
    """The article text with each fact's span styled in its family's colour."""
    from rich.text import Text

    text = Text(record["article"]["text"])
    for family, style in COLOURS.items():
        for fact in record.get(family, []):
            for start, end in fact.get("spans") or [fact["span"]]:
                text.stylize(style, start, end)
    return text


def shown(value: Any) -> str:
    """A metadata value for a person: "-" when the page does not give it (never "None")."""
    return "-" if value is None else str(value)


def render(record: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table

    console = Console()
    art = record["article"]
    console.print(Panel(highlighted(record), title=art.get("title") or record["source"]["path"],
                        subtitle=" · ".join(f"{key} {shown(art.get(key))}" for key in ("published", "views", "byline"))))
    if console.is_terminal:  # the legend names colours: a file or a pipe has none
        console.print("  ".join(f"[{style}]{family}[/]" for family, style in COLOURS.items()))

    def table(title: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        t = Table(*columns, title=title, title_justify="left")
        for row in rows:
            t.add_row(*("" if v is None else str(v) for v in row))
        console.print(t)

    table("Officials", ("name", "positions", "roles"),
          [(o["name"], "\n".join(o["positions"]), ", ".join(o["roles"])) for o in record["officials"]])
    table("Events", ("kind", "name", "ordinal", "term", "date", "location"),
          [(e["kind"], e["name"], e["ordinal"], f"{e['term']['start']}–{e['term']['end']}" if e["term"] else None,
            e["date"], e["location"]) for e in record["events"]])
    table("Elections", ("body", "members", "alternates", "elected", "re-elected"),
          [(e["body"], e["members"], e["alternates"], ", ".join(e["elected"]), "yes" if e["reelected"] else "")
           for e in record["elections"]])
    table("Votes", ("kind", "subject", "for", "against", "total", "percent"),
          [(v["kind"], v["subject"], v["for"], v["against"], v["total"], v["percent"]) for v in record["votes"]])
    table("Ratios", ("text", "value", "unit", "percent", "kind"),
          [(r["text"], f"{r['numerator']:g}/{r['denominator']:g}", r["unit"], r["percent"], r["kind"]) for r in record["ratios"]])
    table("Percentages", ("text", "qualifier", "subject", "kind"),
          [(p["text"], p["qualifier"], p["subject"], p["kind"]) for p in record["percentages"]])
    table("Dates and terms", ("text", "value", "role"),
          [(d["text"], d["value"] + (f" {d['time']}" if d["time"] else ""), d["role"]) for d in record["dates"]]
          + [(t["text"], f"{t['start']}–{t['end']}", "term") for t in record["terms"]])
