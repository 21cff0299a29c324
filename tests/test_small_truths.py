"""Small truths: what the README and the screens say is what the tool does."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from congress_extract.cli import progress_bar
from congress_extract.show import COLOURS

from .conftest import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = SAMPLES / "000_e1dce1244da52f11.txt"  # a page without a publication stamp
SUMMARY = re.compile(r"(\d+) files?: (\d+) ok, (\d+) failed; (\d+) facts; \d+\.\d s(?:, \d+ files/s)?")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "congress_extract", *args], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


def test_the_readme_summary_is_what_extract_prints_for_the_samples():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    said = SUMMARY.search(readme)
    assert said, "README.md shows no summary line"
    done = run("extract", "samples/", "--jobs", "1")
    printed = SUMMARY.fullmatch(done.stderr.strip().splitlines()[-1])
    assert printed, done.stderr
    assert said.groups() == printed.groups(), (f"README.md says {said.group()!r}; `congress-extract extract samples/` "
                                               f"prints {printed.group()!r}: update the README")


def test_show_piped_prints_no_colour_legend_and_no_colour():
    out = run("show", str(SAMPLE)).stdout
    assert "\x1b[" not in out
    legend = re.compile(r"\s+".join(COLOURS))
    assert not any(legend.search(line) for line in out.splitlines())
    assert "Officials" in out  # the tables are still there


def test_show_and_clean_write_a_dash_for_what_the_page_does_not_give():
    record = json.loads(run("extract", str(SAMPLE)).stdout)
    assert record["article"]["published"] is None
    shown = run("show", str(SAMPLE)).stdout
    explained = run("clean", str(SAMPLE), "--explain").stdout
    for out in (shown, explained):
        assert "published -" in re.sub(r"\s+", " ", out)
        assert "None" not in out


def test_the_progress_bar_shows_the_total_files_per_second_and_time_left():
    screen = io.StringIO()
    with progress_bar(file=screen, force_terminal=True, width=120) as bar:
        task = bar.add_task("extract", total=None)
        bar.update(task, total=10)  # the inputs are counted
        for _ in range(4):
            time.sleep(0.05)
            bar.advance(task)
        bar.refresh()
    out = screen.getvalue()
    assert "4/10" in out
    assert re.search(r"\d+\.\d files/s", out), out
    assert re.search(r"\d:\d\d:\d\d", out), out  # the time remaining
