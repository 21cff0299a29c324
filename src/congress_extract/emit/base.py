"""What every format shares: the sink interface and the FILE.part convention.

An output FILE is written as FILE.part and renamed to FILE only when the run
completes, so FILE is never half-written. Stopped early, FILE.part keeps every
record written so far; a resumable format continues it (or a finished FILE).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, TextIO

Done = dict[str, set[str]]  # input path -> sha256s of the bytes recorded for it


def partial(output: Path) -> Path:
    """Where FILE lives until its run completes."""
    return output.with_name(output.name + ".part")


def reopen(output: Path) -> Path | None:
    """The journal to continue for --resume: FILE.part, or a finished FILE moved back to it."""
    part = partial(output)
    if not part.exists() and output.exists():
        os.replace(output, part)
    return part if part.exists() else None


class Sink:
    """Records in, in input order. As a context manager: a normal exit finishes the
    output; an exception (Ctrl-C, SIGTERM) stops it, keeping what was written."""

    resumable = False
    done: Done  # inputs already recorded (empty unless resuming)

    @classmethod
    def open(cls, output: Path | None, *, resume: bool, single: bool, excel: bool) -> "Sink":
        raise NotImplementedError

    def write(self, record: dict[str, Any]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """The run is complete: close the output and give it its final name."""
        raise NotImplementedError

    def stop(self) -> None:
        """The run was interrupted: keep every record written, in FILE.part."""
        raise NotImplementedError

    def __enter__(self) -> "Sink":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is None:
            self.finish()
        else:
            self.stop()


class TextSink(Sink):
    """A text format: to stdout, or to FILE.part renamed to FILE by `finish`."""

    def __init__(self, output: Path | None, resume: bool = False):
        self.output = output
        self.done = {}
        self.count = 0
        if output is None:
            self.stream: TextIO = sys.stdout
        else:
            self.stream = partial(output).open("a" if resume else "w", encoding="utf-8", newline="\n")

    @classmethod
    def open(cls, output: Path | None, *, resume: bool, single: bool, excel: bool) -> "Sink":
        return cls(output, resume)

    def footer(self) -> str:
        """What closes a complete output (a JSON array's bracket)."""
        return ""

    def finish(self) -> None:
        self.stream.write(self.footer())
        self.stream.flush()
        if self.output is not None:
            os.fsync(self.stream.fileno())
            self.stream.close()
            os.replace(partial(self.output), self.output)

    def stop(self) -> None:
        self.stream.flush()
        if self.output is not None:
            self.stream.close()
