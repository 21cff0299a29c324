"""JSON Lines: one record per line, flushed as written; resumable after any stop, even SIGKILL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from .base import Done, Sink, TextSink, reopen


def dumps(record: dict[str, Any], indent: int | None = None) -> str:
    return json.dumps(record, ensure_ascii=False, indent=indent)


class JsonlSink(TextSink):
    resumable = True

    @classmethod
    def open(cls, output: Path | None, *, resume: bool, single: bool, excel: bool) -> Sink:
        done: Done = {}
        if resume and output is not None:
            part = reopen(output)
            if part is not None:
                done, good = recorded(part)
                with part.open("r+b") as fh:
                    fh.truncate(good)  # a line cut short by a killed run goes
        sink = cls(output, resume)
        sink.done = done
        return sink

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(dumps(record) + "\n")
        self.stream.flush()
        self.count += 1


def recorded(path: Path) -> tuple[Done, int]:
    """The sha256s recorded per input path in a JSON Lines file, and the byte length of its complete lines.

    A line cut short by a killed run is not complete: the caller truncates the file there.
    """
    done: Done = {}
    good = 0
    with path.open("rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                break
            try:
                src = json.loads(line)["source"]
                done.setdefault(src["path"], set()).add(src["sha256"])
            except (ValueError, KeyError, TypeError):
                break
            good += len(line)
    return done, good


def read(path: Path | str) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line number, record) per line of a JSON Lines file; None for a line that is no record."""
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            ok = isinstance(record, dict) and isinstance(record.get("source"), dict) and "path" in record["source"]
            yield number, record if ok else None
