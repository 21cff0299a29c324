"""Records out: JSON Lines, JSON or CSV, streamed, to any text stream."""

from __future__ import annotations

import csv
import json
from typing import Any, Iterator, TextIO

FORMATS = ("jsonl", "json", "csv")
CSV_COLUMNS = ("file", "status", "kind", "text", "value", "span_start", "span_end", "rule")


def dumps(record: dict[str, Any], indent: int | None = None) -> str:
    return json.dumps(record, ensure_ascii=False, indent=indent)


class Writer:
    """Writes records one at a time, so a batch never holds more than one in memory."""

    def __init__(self, stream: TextIO, fmt: str, single: bool = False):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.stream, self.fmt, self.single = stream, fmt, single
        self.count = 0
        self._csv = csv.writer(stream, lineterminator="\n") if fmt == "csv" else None

    def __enter__(self) -> "Writer":
        if self._csv is not None:
            self._csv.writerow(CSV_COLUMNS)
        elif self.fmt == "json" and not self.single:
            self.stream.write("[")
        return self

    def write(self, record: dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            self.stream.write(dumps(record) + "\n")
        elif self.fmt == "json":
            text = dumps(record, indent=2)
            if not self.single:
                text = ("\n" if self.count == 0 else ",\n") + "\n".join("  " + line for line in text.split("\n"))
            self.stream.write(text)
        else:
            assert self._csv is not None
            self._csv.writerows(csv_rows(record))
        self.count += 1
        self.stream.flush()

    def __exit__(self, *exc: object) -> None:
        if self.fmt == "json":
            self.stream.write("\n" if self.single else ("\n]\n" if self.count else "]\n"))
        self.stream.flush()


def csv_rows(record: dict[str, Any]) -> Iterator[tuple]:
    """One flat row per fact: the family, its text, a one-cell value, its span."""
    path = (record.get("source") or {}).get("path")
    status = record.get("status")
    if status != "ok":
        err = record.get("error") or {}
        yield (path, status, "error", err.get("message"), err.get("type"), None, None, None)
        return
    article = record.get("article", {})
    for key in ("title", "published", "views", "byline"):
        if article.get(key) is not None:
            yield (path, status, key, article[key], article[key], None, None, None)
    for family, value in _VALUES.items():
        for fact in record.get(family, []):
            spans = fact.get("spans") or [fact.get("span") or [None, None]]
            text = fact.get("text") or fact.get("name")
            yield (path, status, family[:-1], text,
                   value(fact), spans[0][0], spans[0][1], fact.get("rule"))


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
