"""congress-extract: structured facts from Vietnamese articles about trade-union congresses.

The names below are loaded on first use (PEP 562), so that `congress-extract --help` and
other commands that never extract do not import the engine or compile its rules.
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "extract": ("pipeline", "extract"),
    "load_rules": ("patterns", "load_rules"),
    "RuleSet": ("patterns", "RuleSet"),
    "PatternError": ("patterns", "PatternError"),
    "Record": ("record", "Record"),
    "SCHEMA": ("record", "SCHEMA"),
}

# The subpackage of fact families shares the name `extract` with the function. Importing a
# package for the first time binds it on its parent, so it is imported here (it is only a
# docstring) and its binding dropped: the name then falls to __getattr__, the function.
from . import extract as _families  # noqa: E402,F401

del extract

__all__ = ["extract", "load_rules", "Record", "RuleSet", "PatternError", "SCHEMA", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("congress-extract")
        except PackageNotFoundError:  # running from a source tree without an install
            value = "0.0.0+source"
    elif name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        value = getattr(import_module(f".{module}", __name__), attr)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
