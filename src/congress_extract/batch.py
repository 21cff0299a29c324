"""Batches: find the input files lazily, extract them in a process pool, keep input order.

Memory stays flat: inputs are discovered as a stream, at most `jobs * 4` chunks are in
flight, and each record is handed on as soon as it and those before it are done.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

from .patterns import load_rules
from .pipeline import DEFAULT_BUDGET, extract, failed
from .record import Source

DEFAULT_GLOBS = ("*.txt", "*.htm", "*.html")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
STDIN = "-"


@dataclass(frozen=True)
class Options:
    """What every worker needs to turn a path into a record; picklable."""

    patterns: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    budget: float | None = DEFAULT_BUDGET


def display(path: str) -> str:
    """A file name fit for JSON even when the file system's bytes are not UTF-8."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def discover(paths: Iterable[str], globs: Iterable[str] = DEFAULT_GLOBS) -> Iterator[str]:
    """Files named or found under folders, in a stable order, each real file once.

    Folders are walked without following directory links, so link loops cannot
    trap the walk; a file reached twice (through a link) is yielded once.
    """
    globs = tuple(globs)
    seen: set[str] = set()
    for path in paths:
        if path == STDIN:
            yield path
            continue
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    if any(fnmatch.fnmatch(name, g) for g in globs):
                        full = os.path.join(root, name)
                        real = os.path.realpath(full)
                        if real not in seen:
                            seen.add(real)
                            yield full
            continue
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            yield path


def process(path: str, options: Options, data: bytes | None = None) -> dict[str, Any]:
    """Read one input and extract its record; every failure becomes an error record."""
    name = display(path) if path != STDIN else "<stdin>"
    try:
        if data is None:
            if path == STDIN:
                data = sys.stdin.buffer.read()
            else:
                size = os.stat(path).st_size
                if size > options.max_bytes:
                    return _error(name, b"", "too_large", f"{size} bytes is over --max-bytes {options.max_bytes}")
                with open(path, "rb") as fh:
                    data = fh.read(options.max_bytes + 1)
        if len(data) > options.max_bytes:
            return _error(name, data, "too_large", f"{len(data)}+ bytes is over --max-bytes {options.max_bytes}")
        rules = load_rules(options.patterns)
        return extract(data, path=name, rules=rules, budget=options.budget).to_dict()
    except FileNotFoundError:
        return _error(name, b"", "not_found", "no such file")
    except IsADirectoryError:
        return _error(name, b"", "unreadable", "is a directory")
    except PermissionError:
        return _error(name, b"", "unreadable", "permission denied")
    except OSError as exc:
        return _error(name, b"", "unreadable", exc.strerror or str(exc))
    except RecursionError:
        return _error(name, data or b"", "too_complex", "the document nests too deeply to parse")


def _error(name: str, data: bytes, kind: str, message: str) -> dict[str, Any]:
    source = Source(name, hashlib.sha256(data).hexdigest(), len(data))
    return failed(source, kind, message).to_dict()


def _process_chunk(chunk: list[str], options: Options) -> list[dict[str, Any]]:
    return [process(path, options) for path in chunk]


def run(paths: Iterator[str], options: Options, jobs: int = 1, chunk: int = 16) -> Iterator[dict[str, Any]]:
    """Records for the paths, in input order, computed by `jobs` processes."""
    if jobs <= 1:
        for path in paths:
            yield process(path, options)
        return
    window: deque[Future] = deque()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm, initargs=(options,)) as pool:
        pending = iter(lambda: list(islice(paths, chunk)), [])
        for batch in islice(pending, jobs * 4):
            window.append(pool.submit(_process_chunk, batch, options))
        while window:
            records = window.popleft().result()
            nxt = next(pending, None)
            if nxt:
                window.append(pool.submit(_process_chunk, nxt, options))
            yield from records


def _warm(options: Options) -> None:
    """Compile the rules once per worker, before its first document."""
    load_rules(options.patterns)


def done_inputs(path: Path) -> tuple[dict[str, set[str]], int]:
    """The sha256s recorded per input path in a JSON Lines file, and the byte length of its complete lines.

    A line cut short by a killed run is not complete: the caller truncates the file there.
    """
    done: dict[str, set[str]] = {}
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


def already_done(path: str, done: dict[str, set[str]]) -> bool:
    """Whether this input's current bytes are already recorded (a changed file is redone)."""
    recorded = done.get(display(path)) if path != STDIN else None
    if not recorded:
        return False
    try:
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return False
    return digest in recorded
