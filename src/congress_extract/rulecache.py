"""The shipped rules compiled once per machine, not once per run.

`regex` compiles a pattern in Python: the shipped rules take about 0.6 s, most of a one-file
run. It pickles a compiled pattern as its compiled program, and unpickling runs no compiler
(about 60 ms for every shipped pattern, so each is unpickled only when first used: a one-file run
uses 186 of the 842, two thirds of that time). So the shipped patterns, once compiled, are kept in
the user's cache directory (`$XDG_CACHE_HOME/congress-extract`, else `~/.cache/congress-extract`),
in a file named by a hash of their sources and of the `regex` and Python versions: an edited
rule or an upgrade names a new file, so a cache is never stale.

The rule set itself, as read from the rule files and with its macros expanded (about 50 ms of
TOML parsing and word trees), is kept the same way (`remembered`), in a file named by a hash of
the rule files and of the code that builds it.

A cache that cannot be read or written is no error: the rules then compile on first use, as
they did without it. Reading admits no callable but `regex`'s own compile function (or, for the
rule set, the classes it is made of), and each pattern read must have the source it is filed
under, so a damaged or planted file can only be ignored.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import sys
from pathlib import Path
from typing import Callable, Iterable, Protocol, Sequence, TypeVar

import regex

VERSION = 2  # of this file's layout: each pattern pickled on its own, in a list
KEEP = 8  # cache files kept of each kind (each version or edit of the rules files one); older ones are removed
_COMPILE = frozenset({("regex._regex", "compile")})

T = TypeVar("T")


class Cacheable(Protocol):
    """A pattern that compiles on first use (patterns.LazyPattern)."""

    key: tuple[str, int]

    def use(self, compiled: regex.Pattern) -> regex.Pattern: ...

    def file(self, filed: Callable[[], regex.Pattern | None]) -> None: ...


def attach(patterns: Sequence[Cacheable], directory: Path | None = None) -> None:
    """Give the patterns their compiled form from the cache, to unpickle on first use; on a miss, compile
    them all now and file them for the next run (unless the cache directory cannot be made or written:
    then they stay lazy)."""
    keys = sorted({p.key for p in patterns})
    folder = directory or _default_dir()
    if folder is None or not keys:
        return
    path = folder / f"rules-{_digest(keys)}.pickle"
    filed = _read(path, keys)
    if filed is not None:
        for p in patterns:
            p.file(functools.partial(_unfiled, filed[p.key], p.key))
        return
    if not _writable(folder):  # compiling all of them would be for nothing
        return
    compiled = {key: regex.compile(*key) for key in keys}
    _write(path, [pickle.dumps(compiled[key], protocol=pickle.HIGHEST_PROTOCOL) for key in keys])
    _prune(folder, path)
    for p in patterns:
        p.use(compiled[p.key])


def remembered(kind: str, sources: Iterable[bytes], build: Callable[[], T], made_of: Iterable[type],
               directory: Path | None = None) -> T:
    """What `build()` gives, read back when an earlier run built it from the same `sources` (the
    files it reads and the code that reads them); else built now and filed. `made_of`: the classes
    of the built object (with `T` first), the only ones a read may create."""
    made_of = tuple(made_of)
    folder = directory or _default_dir()
    if folder is None:
        return build()
    h = hashlib.sha256(f"{VERSION}\0{regex.__version__}\0{sys.version}".encode())
    for source in sources:
        h.update(len(source).to_bytes(8, "little") + source)
    path = folder / f"{kind}-{h.hexdigest()[:24]}.pickle"
    allowed = frozenset((cls.__module__, cls.__qualname__) for cls in made_of)
    try:
        loaded = _Unpickler(io.BytesIO(path.read_bytes()), allowed).load()
        if isinstance(loaded, made_of[0]):
            return loaded
    except Exception:  # absent, unreadable, truncated, planted: build instead
        pass
    built = build()
    if _writable(folder):
        _write(path, built)
        _prune(folder, path)
    return built


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


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
    """Builds nothing but what it is allowed to: compiled patterns, or the classes of a rule set."""

    def __init__(self, file: io.BytesIO, allowed: frozenset[tuple[str, str]] = _COMPILE):
        super().__init__(file)
        self._allowed = allowed

    def find_class(self, module: str, name: str):
        if (module, name) in self._allowed:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the rule cache")


def _read(path: Path, keys: list[tuple[str, int]]) -> dict[tuple[str, int], bytes] | None:
    """Each pattern's pickle, by its key (a list of bytes builds no object)."""
    try:
        loaded = _Unpickler(io.BytesIO(path.read_bytes()), frozenset()).load()
    except Exception:  # absent, unreadable, truncated, planted: compile instead
        return None
    if not isinstance(loaded, list) or len(loaded) != len(keys) or not all(isinstance(b, bytes) for b in loaded):
        return None
    return dict(zip(keys, loaded))


def _unfiled(pickled: bytes, key: tuple[str, int]) -> regex.Pattern | None:
    """The pattern filed under `key`; None if what is filed is damaged, planted or another pattern."""
    try:
        pattern = _Unpickler(io.BytesIO(pickled)).load()
    except Exception:
        return None
    return pattern if isinstance(pattern, regex.Pattern) and pattern.pattern == key[0] else None


def _write(path: Path, value: object) -> None:
    """Written whole under a temporary name, then renamed: a concurrent run reads all of it or none."""
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        part.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(part, path)
    except OSError:
        part.unlink(missing_ok=True)


def _prune(folder: Path, newest: Path) -> None:
    """Keep the newest KEEP cache files of newest's kind: each version or edit of the rules leaves one behind."""
    kind = newest.name.split("-", 1)[0]
    try:
        others = [p for p in folder.glob(f"{kind}-*.pickle") if p != newest]
        for old in sorted(others, key=lambda p: p.stat().st_mtime, reverse=True)[KEEP - 1:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
