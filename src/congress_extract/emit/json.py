"""JSON: pretty-printed; one object for a single input, else an array streamed record by record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .base import Sink, TextSink
from .jsonl import dumps


class JsonSink(TextSink):
    def __init__(self, output: Path | None, single: bool = False):
        super().__init__(output)
        self.single = single
        if not single:
            self.stream.write("[")

    @classmethod
    def open(cls, output: Path | None, *, resume: bool, single: bool, excel: bool) -> Sink:
        return cls(output, single)

    def write(self, record: dict[str, Any]) -> None:
        text = dumps(record, indent=2)
        if not self.single:
            text = ("\n" if self.count == 0 else ",\n") + "\n".join("  " + line for line in text.split("\n"))
        self.stream.write(text)
        self.stream.flush()
        self.count += 1

    def footer(self) -> str:
        return "\n" if self.single else ("\n]\n" if self.count else "]\n")
