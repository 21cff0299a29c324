"""CSV: one flat row per fact, for spreadsheets; `excel` starts the file with a UTF-8 BOM,
without which spreadsheet programs read UTF-8 Vietnamese as mojibake."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterator

from .base import Sink, TextSink

CSV_COLUMNS = ("file", "status", "kind", "text", "value", "span_start", "span_end", "rule", "roles")
BOM = "\ufeff"


class CsvSink(TextSink):
    def __init__(self, output: Path | None, excel: bool = False):
        super().__init__(output)
        if excel:
            self.stream.write(BOM)
        self._csv = csv.writer(self.stream, lineterminator="\n")
        self._csv.writerow(CSV_COLUMNS)

    @classmethod
    def open(cls, output: Path | None, *, resume: bool, single: bool, excel: bool) -> Sink:
        return cls(output, excel)

    def write(self, record: dict[str, Any]) -> None:
        self._csv.writerows(csv_rows(record))
        self.stream.flush()
        self.count += 1


def csv_rows(record: dict[str, Any]) -> Iterator[tuple]:
    """One flat row per fact: the family, its text, a one-cell value, its span; an official's roles."""
    path = (record.get("source") or {}).get("path")
    status = record.get("status")
    if status != "ok":
        err = record.get("error") or {}
        yield (path, status, "error", err.get("message"), err.get("type"), None, None, None, None)
        return
    article = record.get("article", {})
    for key in ("title", "published", "views", "byline"):
        if article.get(key) is not None:
            yield (path, status, key, article[key], article[key], None, None, None, None)
    for family, value in _VALUES.items():
        for fact in record.get(family, []):
            spans = fact.get("spans") or [fact.get("span") or [None, None]]
            text = fact.get("text") or fact.get("name")
            roles = "; ".join(fact.get("roles", [])) if family == "officials" else None
            yield (path, status, family[:-1], text,
                   value(fact), spans[0][0], spans[0][1], fact.get("rule"), roles)


def _num(x: Any) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)


_VALUES = {
    "events": lambda f: f"{f['kind']}" + (f" #{f['ordinal']}" if f.get("ordinal") else "")
    + (f" {f['term']['start']}-{f['term']['end']}" if f.get("term") else "") + (f" {f['date']}" if f.get("date") else ""),
    "dates": lambda f: f["value"] + (f"T{f['time']}" if f.get("time") else ""),
    "terms": lambda f: f"{f['start']}-{f['end']}",
    "officials": lambda f: "; ".join(f.get("positions", [])),
    "elections": lambda f: f"{f['body']}: {f.get('members')}" + (f" + {f['alternates']} alternates" if f.get("alternates") else "")
    + (f" ({', '.join(f['elected'])})" if f.get("elected") else ""),
    "votes": lambda f: f["kind"] + "".join(f" {k}={_num(f[k])}" for k in ("for", "against", "total", "percent") if f.get(k) is not None),
    "ratios": lambda f: f"{_num(f['numerator'])}/{_num(f['denominator'])}",
    "percentages": lambda f: f"{f['qualifier']}{_num(f['value'])}",
}
