"""Batches: find the input files lazily, extract them in a process pool, keep input order.

Memory stays flat: inputs are discovered as a stream (what is remembered grows with
the number of links met, not with the number of files), at most `jobs * 4` chunks are
in flight, and each record is handed on as soon as it and those before it are done.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
import signal
import sys
import threading
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, BinaryIO, Iterable, Iterator

from .limits import DEFAULT_BUDGET, DEFAULT_GLOBS, DEFAULT_MAX_BYTES, STDIN
from .record import Source

# The engine (`pipeline`, `patterns`) is imported where a record is made, not here: the
# command line imports this module for its options, and `--help` must not load the engine.
if TYPE_CHECKING:  # the process pool is imported only when a batch uses one
    from concurrent.futures import Future, ProcessPoolExecutor

DEFAULT_CHUNK = 16


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

    Folders are walked in name order without following directory links, so link
    loops cannot trap the walk. A file is yielded under its own path; a link to a
    file is yielded only when that file is not itself an input (it lies outside
    every folder named, or does not match the globs), and once per target. A folder
    named twice, or inside another named folder, is walked once. Only the named
    paths and the link targets are remembered, so memory does not grow with the
    number of files.
    """
    globs = tuple(globs)
    paths = list(paths)
    roots = [_inside(os.path.realpath(p)) for p in paths if p != STDIN and os.path.isdir(p)]
    named = {os.path.realpath(p) for p in paths if p != STDIN and not os.path.isdir(p)}
    seen: set[str] = set()  # named files and link targets already yielded
    walked: set[str] = set()

    def wanted(name: str) -> bool:
        return matches(name, globs)

    def walk_yields(real: str) -> bool:
        """Whether walking the named folders meets this (real, link-free) file under its own path."""
        return wanted(os.path.basename(real)) and os.path.isfile(real) and real.startswith(tuple(roots))

    for path in paths:
        if path == STDIN:
            yield path
            continue
        real = os.path.realpath(path)
        if not os.path.isdir(path):
            if real not in seen:
                seen.add(real)
                yield path
            continue
        if any(_inside(real).startswith(_inside(w)) for w in walked):
            continue  # already walked as (part of) an earlier folder
        walked.add(real)
        for root, dirs, files in os.walk(path, followlinks=False):
            here = os.path.realpath(root)
            # A folder named earlier was walked then; one named later is walked here, then skipped.
            dirs[:] = sorted(d for d in dirs if os.path.join(here, d) not in walked)
            for name in sorted(files):
                if not wanted(name):
                    continue
                full = os.path.join(root, name)
                if os.path.islink(full):
                    target = os.path.realpath(full)
                    if target in seen or target in named or walk_yields(target):
                        continue
                    seen.add(target)
                elif named and os.path.join(here, name) in named:
                    continue  # named on its own too: yielded there
                yield full


def matches(name: str, globs: Iterable[str]) -> bool:
    """Whether a file name matches one of the globs, ignoring case: pages saved on Windows
    are often `ARTICLE.TXT` or `Page.HTM`, and no one means to skip them."""
    folded = name.casefold()
    return any(fnmatch.fnmatchcase(folded, g.casefold()) for g in globs)


def _inside(directory: str) -> str:
    """A folder as a prefix of the paths inside it."""
    return directory.rstrip(os.sep) + os.sep


def process(path: str, options: Options, data: bytes | None = None) -> dict[str, Any]:
    """Read one input and extract its record; every failure becomes an error record.

    A file's bytes go straight into `extract`, held by no name here: the pipeline lets go of
    them once decoded, so a huge document is not in memory twice while it is cleaned.
    """
    from .extract.context import BudgetExceeded
    from .patterns import load_rules
    from .pipeline import extract, failed

    name = display(path) if path != STDIN else "<stdin>"
    rules = load_rules(options.patterns)
    try:
        if data is None and path != STDIN:
            if not stat.S_ISREG(os.stat(path).st_mode) and not os.path.isdir(path):
                # A FIFO, socket or device named like an article would block or never end.
                return _error(name, "unreadable", "not a regular file")
            with open(path, "rb") as fh:
                try:
                    with _alarm(options.budget, BudgetExceeded):
                        return extract(_read(fh, options.max_bytes), path=name, rules=rules,
                                       budget=options.budget).to_dict()
                except _TooLarge:
                    # Hashed as a stream, never held: the record names the file that was refused.
                    fh.seek(0)
                    digest = hashlib.file_digest(fh, "sha256").hexdigest()
                    return _too_large(Source(name, digest, fh.tell()), options)
        if data is None:
            data = sys.stdin.buffer.read(options.max_bytes + 1)
        if len(data) > options.max_bytes:
            return _too_large(Source(name, hashlib.sha256(data).hexdigest(), len(data)), options)
        with _alarm(options.budget, BudgetExceeded):
            return extract(data, path=name, rules=rules, budget=options.budget).to_dict()
    except BudgetExceeded as exc:  # the alarm rang before the pipeline knew the document (while reading it)
        source = Source(name, hashlib.sha256(data).hexdigest(), len(data)) if data is not None else _source(path, name)
        return failed(source, "timeout", f"extraction took longer than {options.budget:g} s: {exc}").to_dict()
    except FileNotFoundError:
        return _error(name, "not_found", "no such file")
    except IsADirectoryError:
        return _error(name, "unreadable", "is a directory")
    except PermissionError:
        return _error(name, "unreadable", "permission denied")
    except OSError as exc:
        return _error(name, "unreadable", exc.strerror or str(exc))
    except RecursionError:
        return _error(name, "too_complex", "the document nests too deeply to parse")


@contextmanager
def _alarm(budget: float | None, timeout: type[Exception]) -> Iterator[None]:
    """End the extraction when its budget is over, wherever it is.

    The pipeline checks its deadline between stages and rules, but a stage that does not
    look (decoding, cleaning, a family's own loop over a 50 MB text) could run far past
    it. SIGALRM raises `timeout` in any Python code and any `regex` search; only a single C call
    (one normalisation of the whole text) finishes first. Signals belong to the main
    thread: elsewhere (a Dask worker thread) the pipeline's own checks are the budget.
    """
    if not budget or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        where = f" in {frame.f_code.co_name}" if frame is not None else ""
        raise timeout(f"time budget used up{where}")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _source(path: str, name: str) -> Source:
    """The source of a file whose extraction failed: its real hash, so that --resume does not retry it."""
    try:
        with open(path, "rb") as fh:
            return Source(name, hashlib.file_digest(fh, "sha256").hexdigest(), os.fstat(fh.fileno()).st_size)
    except OSError:
        return Source(name, None, 0)


class _TooLarge(Exception):
    """The file holds more than --max-bytes (it may have grown since it was listed)."""


def _read(fh: BinaryIO, max_bytes: int) -> bytes:
    """The whole file, or _TooLarge without reading more than max_bytes + 1 bytes."""
    size = os.fstat(fh.fileno()).st_size
    if size > max_bytes:
        raise _TooLarge
    # read(n) allocates n bytes up front: ask for what fstat says, then for any growth.
    data = fh.read(size + 1)
    if len(data) > size:
        data += fh.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        raise _TooLarge
    return data


def _too_large(source: Source, options: Options) -> dict[str, Any]:
    from .pipeline import failed

    more = "+" if source.path == "<stdin>" else ""  # stdin is read no further than the limit
    return failed(source, "too_large", f"{source.bytes}{more} bytes is over --max-bytes {options.max_bytes}").to_dict()


def _error(name: str, kind: str, message: str) -> dict[str, Any]:
    """An error record for an input that could not be read: its hash is unknown (None), not the hash of nothing."""
    from .pipeline import failed

    source = Source(name, None, 0)
    return failed(source, kind, message).to_dict()


def _process_chunk(chunk: list[str], options: Options) -> list[dict[str, Any]]:
    return [process(path, options) for path in chunk]


def run(paths: Iterable[str], options: Options, jobs: int = 1, chunk: int = DEFAULT_CHUNK) -> Iterator[dict[str, Any]]:
    """Records for the paths, in input order, computed by `jobs` processes.

    Paths are pulled from the iterable only as workers become free (at most
    `jobs * 4` chunks of `chunk` paths are in flight), so an endless stream of
    paths is fine. Closing the iterator early (or an interrupt) cancels the chunks
    not yet started and waits for the running ones.
    """
    paths = iter(paths)
    if jobs <= 1:
        for path in paths:
            yield process(path, options)
        return
    from concurrent.futures.process import BrokenProcessPool

    window: deque[tuple[list[str], Future]] = deque()
    pool = _pool(jobs, options)
    try:
        pending = iter(lambda: list(islice(paths, chunk)), [])
        while True:
            for batch in islice(pending, jobs * 4 - len(window)):
                window.append((batch, pool.submit(_process_chunk, batch, options)))
            if not window:
                return
            batch, future = window.popleft()
            try:
                records = future.result()
            except BrokenProcessPool:
                # A worker died (a crash in a parser, the out-of-memory killer). Redo what was
                # in flight one input at a time, so that only an input that kills a worker is lost.
                in_flight = [batch, *(b for b, _ in window)]
                window.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _pool(jobs, options)
                for path in (p for b in in_flight for p in b):
                    record, pool = _isolated(pool, path, options, jobs)
                    yield record
                continue
            yield from records
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool(jobs: int, options: Options) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(options, os.getpid()))


def _isolated(pool: ProcessPoolExecutor, path: str, options: Options, jobs: int) -> tuple[dict[str, Any], ProcessPoolExecutor]:
    """One input alone in the pool; if it kills its worker, an error record and a new pool."""
    from concurrent.futures.process import BrokenProcessPool

    from .pipeline import failed

    try:
        return pool.submit(_process_chunk, [path], options).result()[0], pool
    except BrokenProcessPool:
        pool.shutdown(wait=True, cancel_futures=True)
        record = failed(_source(path, display(path)), "crashed", "the process extracting this input died (a crash in a parser, "
                                           "or out of memory)").to_dict()
        return record, _pool(jobs, options)


def _worker_init(options: Options, parent: int) -> None:
    """Compile the rules once per worker, leave Ctrl-C to the parent, and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler is not the worker's
    from .patterns import load_rules

    load_rules(options.patterns).compile()  # before any document: compiling is no document's budget
    threading.Thread(target=_orphan_watch, args=(parent,), daemon=True, name="orphan-watch").start()


def _orphan_watch(parent: int) -> None:
    """A parent killed with SIGKILL cannot stop its workers: they notice it is gone and exit."""
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def already_done(path: str, done: dict[str, set[str | None]]) -> bool:
    """Whether this input's current bytes are already recorded (a changed file is redone).

    An input that still cannot be read counts as done when its error record is there
    (such records carry no hash), so a resumed batch does not repeat it.
    """
    recorded = done.get(display(path)) if path != STDIN else None
    if not recorded:
        return False
    try:
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None in recorded
    return digest in recorded
