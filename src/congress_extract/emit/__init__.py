"""Records out. One module per format, all behind the same small interface (`Sink`):
open (atomically, or to resume), the inputs already recorded (`done`), write a record, finish.

A new format is one module with a `Sink` subclass, registered in `_SINKS`.
"""

from __future__ import annotations

from pathlib import Path

from .base import Sink, partial
from .csv import CsvSink, csv_rows
from .json import JsonSink
from .jsonl import JsonlSink, dumps
from .sqlite import SqliteSink

_SINKS: dict[str, type[Sink]] = {"jsonl": JsonlSink, "json": JsonSink, "csv": CsvSink, "sqlite": SqliteSink}
FORMATS = tuple(_SINKS)
RESUMABLE = tuple(name for name, sink in _SINKS.items() if sink.resumable)
# The format an output file's name asks for when --format is not given.
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
            ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}

__all__ = ["FORMATS", "RESUMABLE", "SUFFIXES", "Sink", "choose_format", "csv_rows", "dumps", "open_sink", "partial"]


def choose_format(fmt: str | None, output: Path | None, default: str) -> str:
    """An explicit --format wins; else the output file's extension; else the default."""
    if fmt:
        return fmt
    if output is not None:
        return SUFFIXES.get(output.suffix.lower(), default)
    return default


def open_sink(fmt: str, output: Path | None, *, resume: bool = False, single: bool = False,
              excel: bool = False) -> Sink:
    """The sink for a format: stdout when output is None, else FILE written as FILE.part.

    resume: continue FILE.part (or a finished FILE) instead of starting anew.
    single: JSON writes one object, not an array. excel: CSV starts with a UTF-8 BOM.
    """
    if fmt not in _SINKS:
        raise ValueError(f"unknown format {fmt!r}")
    sink = _SINKS[fmt]
    if resume and not sink.resumable:
        raise ValueError(f"{fmt} output cannot be resumed")
    return sink.open(output, resume=resume, single=single, excel=excel)
