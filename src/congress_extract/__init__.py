"""congress-extract: structured facts from Vietnamese articles about trade-union congresses."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .patterns import PatternError, RuleSet, load_rules
from .pipeline import extract
from .record import SCHEMA, Record

try:
    __version__ = version("congress-extract")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+source"

__all__ = ["extract", "load_rules", "Record", "RuleSet", "PatternError", "SCHEMA", "__version__"]
