"""The shipped rules compiled once per machine, not once per run.

`regex` compiles a pattern in Python: the shipped rules take about 0.6 s, most of a one-file
run. It pickles a compiled pattern as its compiled program, and unpickling runs no compiler
(about 15 ms for every shipped pattern). So the shipped patterns, once compiled, are kept in
the user's cache directory (`$XDG_CACHE_HOME/congress-extract`, else `~/.cache/congress-extract`),
in a file named by a hash of their sources and of the `regex` and Python versions: an edited
rule or an upgrade names a new file, so a cache is never stale.

A cache that cannot be read or written is no error: the rules then compile on first use, as
they did without it. Reading admits no callable but `regex`'s own compile function, and each
pattern read must have the source it is filed under, so a damaged or planted file can only be
ignored.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from pathlib import Path
from typing import Protocol, Sequence

import regex

VERSION = 1  # of this file's layout
KEEP = 8  # cache files kept (each version or edit of the rules files one); older ones are removed


class Cacheable(Protocol):
    """A pattern that compiles on first use (patterns.LazyPattern)."""

    key: tuple[str, int]

    def use(self, compiled: regex.Pattern) -> regex.Pattern: ...


def attach(patterns: Sequence[Cacheable], directory: Path | None = None) -> None:
    """Give the patterns their compiled form from the cache; on a miss, compile them all now and
    file them for the next run (unless the cache directory cannot be made or written: then they stay lazy)."""
    keys = sorted({p.key for p in patterns})
    folder = directory or _default_dir()
    if folder is None or not keys:
        return
    path = folder / f"rules-{_digest(keys)}.pickle"
    compiled = _read(path, keys)
    if compiled is None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        if not os.access(folder, os.W_OK):  # compiling all of them would be for nothing
            return
        compiled = {key: regex.compile(*key) for key in keys}
        _write(path, [compiled[key] for key in keys])
        _prune(folder, path)
    for p in patterns:
        p.use(compiled[p.key])


def _default_dir() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return Path(base or Path.home() / ".cache") / "congress-extract"
    except RuntimeError:  # no home directory to find
        return None


def _digest(keys: list[tuple[str, int]]) -> str:
    h = hashlib.sha256(f"{VERSION}\0{regex.__version__}\0{sys.version}".encode())
    for source, flags in keys:
        h.update(f"\0{flags}\0{source}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:24]


class _Unpickler(pickle.Unpickler):
    """Builds nothing but compiled patterns."""

    def find_class(self, module: str, name: str):
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a compiled pattern")


def _read(path: Path, keys: list[tuple[str, int]]) -> dict[tuple[str, int], regex.Pattern] | None:
    try:
        loaded = _Unpickler(io.BytesIO(path.read_bytes())).load()
    except Exception:  # absent, unreadable, truncated, planted: compile instead
        return None
    if (not isinstance(loaded, list) or len(loaded) != len(keys)
            or not all(isinstance(p, regex.Pattern) and p.pattern == key[0] for p, key in zip(loaded, keys))):
        return None
    return dict(zip(keys, loaded))


def _write(path: Path, compiled: list[regex.Pattern]) -> None:
    """Written whole under a temporary name, then renamed: a concurrent run reads all of it or none."""
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        part.write_bytes(pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(part, path)
    except OSError:
        part.unlink(missing_ok=True)


def _prune(folder: Path, newest: Path) -> None:
    """Keep the newest KEEP cache files: each version or edit of the rules leaves one behind."""
    try:
        others = [p for p in folder.glob("rules-*.pickle") if p != newest]
        for old in sorted(others, key=lambda p: p.stat().st_mtime, reverse=True)[KEEP - 1:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
