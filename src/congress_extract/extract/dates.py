"""Dates: match the rules, resolve missing years from the stamp, give each a role."""

from __future__ import annotations

from datetime import date

import regex

from ..record import Date
from .context import Context, Occurrences, Spans

_CUE_WINDOW = 120
_CLOCK = regex.compile(r"(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?:\s*phút)?\s*(AM|PM|am|pm|SA|CH)?")


def find(ctx: Context) -> list[Date]:
    rules = ctx.rules["dates"]
    date_rules = [r for r in rules if "role_cue" not in r.attrs]
    cues = [r for r in rules if "role_cue" in r.attrs]
    found: list[Date] = []
    taken = Spans()
    for rule in date_rules:
        for m in ctx.finditer(rule):
            if taken.overlaps(m.span()):
                continue
            dates = list(_dates_of(m, rule.id, ctx, rule.attrs.get("precision") == "month"))
            if not dates:
                continue
            taken.add(m.span())
            found.extend(dates)
    # Where each sentence-wide cue occurs, found once: a long line holds many dates' sentences.
    cue_spans = {cue.id: Occurrences(cue.regex, ctx.text) for cue in cues if cue.attrs.get("context") == "sentence"}
    for d in found:
        d.role = _role(ctx, d, cues, cue_spans)
    found.sort(key=lambda d: d.span)
    return found


def _dates_of(m: regex.Match, rule_id: str, ctx: Context, month_only: bool):
    groups = m.groupdict()
    time = _clock(groups.get("time") or groups.get("time1"))
    if groups.get("d1"):
        m1 = groups.get("m1") or groups["m"]
        y1 = groups.get("y1") or groups.get("y")
        first = _value(ctx, groups["d1"], m1, y1)
        end_first = max(m.end(g) for g in ("d1", "m1", "y1") if groups.get(g))
        if first:
            yield Date(ctx.text[m.start():end_first], first, None, "other", (m.start(), end_first), rule_id)
        second = _value(ctx, groups["d"], groups["m"], groups.get("y"))
        if second:
            start = m.start("d")
            yield Date(ctx.text[start:m.end()], second, time, "other", (start, m.end()), rule_id)
        return
    if month_only:
        value = f"{int(groups['y']):04d}-{int(groups['m']):02d}"
    else:
        value = _value(ctx, groups["d"], groups["m"], groups.get("y"))
    if value:
        yield Date(m.group(), value, time, "other", m.span(), rule_id)


def _value(ctx: Context, d: str, m: str, y: str | None) -> str | None:
    day, month = int(d), int(m)
    if y:
        try:
            return date(int(y), month, day).isoformat()
        except ValueError:
            return None
    try:
        date(2000, month, day)  # a leap year: 29/2 is a valid day and month
    except ValueError:
        return None
    year = _year_near(ctx.published, month, day)
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _year_near(published: date | None, month: int, day: int) -> int | None:
    """The year that puts day/month closest to the publication date."""
    if published is None:
        return None
    best = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            distance = abs((date(year, month, day) - published).days)
        except ValueError:
            continue
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def _clock(text: str | None) -> str | None:
    if not text:
        return None
    m = _CLOCK.match(text)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    suffix = (m.group(3) or "").upper()
    if suffix in ("PM", "CH") and hour < 12:
        hour += 12
    if suffix in ("AM", "SA") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _role(ctx: Context, d: Date, cues, cue_spans: dict[str, Occurrences]) -> str:
    if ctx.stamp_span and ctx.stamp_span[0] <= d.span[0] and d.span[1] <= ctx.stamp_span[1]:
        return "published"
    for cue in cues:
        if cue.id in cue_spans:
            hit = cue_spans[cue.id].within(*ctx.sentence_bounds(d.span[0]))
        else:  # the words right before the date, up to it
            hit = cue.regex.search(ctx.text, max(0, d.span[0] - _CUE_WINDOW), d.span[0]) is not None
        if hit:
            return str(cue.attrs["role_cue"])
    return "other"
