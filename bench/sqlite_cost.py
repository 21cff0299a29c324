"""What writing the SQLite archive costs against JSON Lines (`python bench/run.py --sqlite`).

The same text documents are extracted with --jobs 1 to FILE.jsonl and to FILE.sqlite,
alternately, several rounds; the medians compare. --jobs 1 is the harshest case: the
rows are written by the very process that extracts (with more jobs the parent writes
while workers extract). CPU seconds count all the run's work, so they move less than
wall time when other work shares the machine. The target: at most 15% slower.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Callable

TARGET = 0.15


def measure(folder: Path, out_dir: Path, timed: Callable, rounds: int = 3) -> dict:
    """Median wall and CPU seconds of `extract FOLDER -o out.{jsonl,sqlite} --jobs 1`."""
    runs: dict[str, list[tuple[float, float]]] = {"jsonl": [], "sqlite": []}
    for _ in range(rounds):
        for fmt in runs:
            out = out_dir / f"cost.{fmt}"
            cmd = [sys.executable, "-m", "congress_extract", "extract", str(folder), "-o", str(out), "--force",
                   "--jobs", "1", "--no-progress"]
            wall, _rss, cpu, done = timed(cmd)
            if done.returncode not in (0, 1):
                sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr}")
            runs[fmt].append((wall, cpu))
    docs = sum(1 for _ in folder.rglob("*.*"))
    return {"docs": docs, "rounds": rounds,
            **{f"{fmt}_{k}": statistics.median(r[i] for r in results)
               for fmt, results in runs.items() for i, k in enumerate(("wall", "cpu"))}}


def line(r: dict) -> str:
    wall = r["sqlite_wall"] / r["jsonl_wall"] - 1
    cpu = r["sqlite_cpu"] / r["jsonl_cpu"] - 1
    verdict = "within" if max(wall, cpu) <= TARGET else "**over**"
    return (f"- SQLite output (`-o FILE.sqlite`), text, -j1, {r['docs']:,} docs, median of {r['rounds']}: "
            f"{r['docs'] / r['sqlite_wall']:.0f} docs/s against {r['docs'] / r['jsonl_wall']:.0f} for JSON Lines "
            f"({wall * 100:+.1f}% wall, {cpu * 100:+.1f}% CPU; {verdict} the 15% the archive may cost).")
