"""Defaults the library and the command line share, kept apart from the engine: `--help` imports
only this module (no regex, no rules, no dataclasses)."""

DEFAULT_BUDGET = 10.0  # seconds per document before it becomes a `timeout` error record
DEFAULT_GLOBS = ("*.txt", "*.htm", "*.html")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
STDIN = "-"
