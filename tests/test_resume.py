"""A batch killed midway (SIGINT, SIGKILL) and rerun with --resume: every input exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SAMPLES

INPUTS = 300


def make_inputs(folder: Path, n: int = INPUTS) -> list[str]:
    """Copies of the samples, each with different bytes (so a different sha256)."""
    samples = [p.read_bytes() for p in sorted(SAMPLES.glob("*.txt"))]
    folder.mkdir()
    for i in range(n):
        sub = folder / f"{i % 7:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:04d}.txt").write_bytes(samples[i % len(samples)] + f"\n\nBài {i}\n".encode())
    return sorted(str(p) for p in folder.rglob("*.txt"))


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "congress_extract", "extract", *args]


def lines_of(path: Path) -> list[str]:
    data = path.read_text(encoding="utf-8")
    assert data.endswith("\n")
    return data.splitlines()


def wait_for_lines(part: Path, proc: subprocess.Popen, at_least: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if part.exists() and part.read_bytes().count(b"\n") >= at_least:
            return
        assert proc.poll() is None, "the batch finished before it could be interrupted"
        time.sleep(0.01)
    raise AssertionError("the batch wrote too few records in time")


def start_batch(command: list[str]) -> subprocess.Popen:
    """The batch in its own process group, taking Ctrl-C as a terminal's foreground job does.

    exec keeps a signal ignored and resets a handled one: a suite started as a script's
    background job (`pytest &`, SIGINT ignored) passed the ignoring on, and its batch ran to
    the end instead of stopping. So SIGINT is handled here while the child starts.
    """
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    finally:
        signal.signal(signal.SIGINT, previous)


def gone(pgid: int, timeout: float = 30) -> bool:
    """Whether every process of the group (the batch and its workers) has exited."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The inputs, and the records of one uninterrupted run over them."""
    root = tmp_path_factory.mktemp("resume")
    inputs = make_inputs(root / "in")
    clean = root / "clean.jsonl"
    subprocess.run(cli(str(root / "in"), "-o", str(clean), "--jobs", "2"), check=True, capture_output=True, timeout=60)
    return root / "in", inputs, lines_of(clean)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_killed_batch_resumes_without_loss_or_doubles(corpus, tmp_path, sig):
    folder, inputs, clean = corpus
    out = tmp_path / "out.jsonl"
    part = tmp_path / "out.jsonl.part"
    proc = start_batch(cli(str(folder), "-o", str(out), "--jobs", "2"))
    try:
        wait_for_lines(part, proc, at_least=INPUTS // 5)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        left = not gone(proc.pid)
    finally:
        if proc.poll() is None or not gone(proc.pid, timeout=0):
            os.killpg(proc.pid, signal.SIGKILL)
    assert not left, "worker processes outlived the batch"
    if sig == signal.SIGINT:
        assert proc.returncode == 130, err
        assert b"rerun with --resume" in err
    else:
        assert proc.returncode == -signal.SIGKILL
    assert part.exists() and not out.exists()
    written = part.read_bytes().count(b"\n")
    assert 0 < written < INPUTS

    again = subprocess.run(cli(str(folder), "-o", str(out), "--jobs", "2", "--resume"), capture_output=True,
                           text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "already done" in again.stderr
    assert out.exists() and not part.exists()

    lines = lines_of(out)
    records = [json.loads(line) for line in lines]  # every line is valid JSON
    paths = [r["source"]["path"] for r in records]
    assert sorted(paths) == inputs  # every input exactly once
    assert lines == clean  # and the very records of an uninterrupted run, in input order


def test_resume_cuts_a_torn_line_and_skips_finished_work(corpus, tmp_path):
    folder, inputs, clean = corpus
    out = tmp_path / "out.jsonl"
    part = tmp_path / "out.jsonl.part"
    part.write_text("\n".join(clean[:10]) + "\n" + clean[10][: len(clean[10]) // 2], encoding="utf-8")
    done = subprocess.run(cli(str(folder), "-o", str(out), "--jobs", "1", "--resume"), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"{INPUTS - 10} files" in done.stderr and "10 already done" in done.stderr
    assert lines_of(out) == clean

    # A finished output resumed again: nothing to do, nothing added.
    again = subprocess.run(cli(str(folder), "-o", str(out), "--resume"), capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and "0 files" in again.stderr and f"{INPUTS} already done" in again.stderr
    assert lines_of(out) == clean


def test_a_changed_input_is_redone(corpus, tmp_path):
    folder, inputs, clean = corpus
    out = tmp_path / "out.jsonl"
    subset = tmp_path / "in"
    subset.mkdir()
    for p in inputs[:3]:
        (subset / Path(p).name).write_bytes(Path(p).read_bytes())
    subprocess.run(cli(str(subset), "-o", str(out)), check=True, capture_output=True, timeout=60)
    (subset / Path(inputs[1]).name).write_bytes(b"Hello, changed.")
    again = subprocess.run(cli(str(subset), "-o", str(out), "--resume"), capture_output=True, text=True, timeout=60)
    assert "1 file:" in again.stderr and "2 already done" in again.stderr
    assert len(lines_of(out)) == 4
