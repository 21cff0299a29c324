"""People across documents: one row per person, from an archive or from JSON Lines records.

Names are matched after folding case and tone placement ("Uỷ"/"Ủy"), so one person
spelled two ways is one row. Two different people with the same name are also one row:
nothing in a record tells them apart.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import unicodedata
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

from .emit.jsonl import read
from .extract.officials import fold

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Mention:
    """One person as one document names them."""

    document: str
    date: str | None  # the document's event date, else its publication date
    name: str
    positions: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass
class Person:
    name: str
    positions: list[tuple[str, int]]  # each position, with the number of documents that state it
    roles: list[str]
    documents: list[str]
    first: str | None
    last: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "positions": [{"position": p, "documents": n} for p, n in self.positions],
                "roles": self.roles, "document_count": len(self.documents), "first": self.first, "last": self.last,
                "documents": self.documents}


def plain(text: str) -> str:
    """A name without case, tones or marks ("Nguyễn Đình Khang" -> "nguyen dinh khang"), for --name."""
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(name: str, query: str) -> bool:
    """Whether the query's words stand in the name, in order, ignoring case and marks."""
    return f" {' '.join(plain(query).split())} " in f" {plain(name)} "


def document_date(events: Iterable[dict[str, Any]], published: str | None) -> str | None:
    """When a document's news happened: the date of the event it reports, else its publication day.

    Other dates in the text are not used: articles cite anniversaries ("ngày 28/7/1929") as events too.
    A day without its year ("--05-19") is no date here.
    """
    main = next((e["date"] for e in events if e.get("main") and _dated(e.get("date"))), None)
    return main or (published[:10] if published else None)


def _dated(value: str | None) -> bool:
    return bool(value) and value[0].isdigit()


def mentions_in_records(records: Iterable[dict[str, Any]]) -> Iterator[Mention]:
    for record in records:
        if record.get("status") != "ok":
            continue
        date = document_date(record.get("events") or (), (record.get("article") or {}).get("published"))
        for person in record.get("officials") or ():
            yield Mention(record["source"]["path"], date, person["name"], tuple(person.get("positions") or ()),
                          tuple(person.get("roles") or ()))


def mentions_in_archive(path: Path | str) -> Iterator[Mention]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        positions: dict[int, list[str]] = {}
        for official, position in db.execute("SELECT official_id, position FROM positions ORDER BY official_id, ord"):
            positions.setdefault(official, []).append(position)
        roles: dict[int, list[str]] = {}
        for official, role in db.execute("SELECT official_id, role FROM roles ORDER BY id"):
            roles.setdefault(official, []).append(role)
        events: dict[int, list[dict[str, Any]]] = {}
        for doc, date in db.execute("SELECT document_id, date FROM events WHERE main ORDER BY id"):
            events.setdefault(doc, []).append({"main": True, "date": date})
        query = ("SELECT o.id, o.name, d.id, d.path, d.published FROM officials o "
                 "JOIN documents d ON d.id = o.document_id ORDER BY o.id")
        for official, name, doc, doc_path, published in db.execute(query):
            yield Mention(doc_path, document_date(events.get(doc, ()), published), name,
                          tuple(positions.get(official, ())), tuple(roles.get(official, ())))


def mentions_in(sources: Iterable[Path | str]) -> Iterator[Mention]:
    """The mentions in each source: an archive (told by its first bytes), else a JSON Lines file."""
    for source in sources:
        with open(source, "rb") as fh:
            archive = fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
        if archive:
            yield from mentions_in_archive(source)
        else:
            yield from mentions_in_records(record for _, record in read(source) if record is not None)


@dataclass
class _Tally:
    spellings: Counter[str] = field(default_factory=Counter)
    positions: dict[str, tuple[Counter[str], set[str]]] = field(default_factory=dict)
    roles: dict[str, None] = field(default_factory=dict)
    documents: dict[str, None] = field(default_factory=dict)
    dates: list[str] = field(default_factory=list)


def people(mentions: Iterable[Mention], name: str | None = None) -> list[Person]:
    """One Person per folded name, the most documents first; `name` keeps those it matches."""
    tallies: dict[str, _Tally] = {}
    for m in mentions:
        if name is not None and not matches(m.name, name):
            continue
        tally = tallies.setdefault(fold(m.name), _Tally())
        tally.spellings[m.name] += 1
        for position in m.positions:
            spellings, documents = tally.positions.setdefault(fold(position), (Counter(), set()))
            spellings[position] += 1
            documents.add(m.document)
        tally.roles.update(dict.fromkeys(m.roles))
        tally.documents[m.document] = None
        if m.date:
            tally.dates.append(m.date)
    found = [Person(_usual(t.spellings), sorted(((_usual(s), len(d)) for s, d in t.positions.values()),
                                                key=lambda p: -p[1]),
                    list(t.roles), list(t.documents), min(t.dates, default=None), max(t.dates, default=None))
             for t in tallies.values()]
    return sorted(found, key=lambda p: (-len(p.documents), plain(p.name), p.name))


def _usual(spellings: Counter[str]) -> str:
    """The spelling used most, a headline's capitals last (the first seen among equals)."""
    return max(spellings, key=lambda s: (not s.isupper(), spellings[s]))


CSV_COLUMNS = ("name", "positions", "roles", "documents", "first", "last", "paths")


def write_csv(found: Iterable[Person], stream: TextIO) -> None:
    out = csv.writer(stream, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    for p in found:
        out.writerow((p.name, "; ".join(f"{pos} ({n})" for pos, n in p.positions), "; ".join(p.roles),
                      len(p.documents), p.first, p.last, "; ".join(p.documents)))


def write_jsonl(found: Iterable[Person], stream: TextIO) -> None:
    for p in found:
        stream.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")


def render_table(found: list[Person]) -> None:
    """A table for a person at a terminal; documents listed under each name."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table("name", "positions (documents)", "roles", "docs", "first", "last", "documents",
                  title=f"{len(found)} people", show_lines=True)
    for p in found:
        table.add_row(Text(p.name, style="bold"), Text("\n".join(f"{pos} ({n})" for pos, n in p.positions)),
                      Text(", ".join(p.roles)), str(len(p.documents)), p.first or "-", p.last or "-",
                      Text("\n".join(p.documents), style="dim", overflow="fold"))
    Console().print(table)
