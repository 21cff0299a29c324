"""Batch runs: discovery, order and content for any number of jobs, streaming, limits."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from congress_extract.batch import Options, already_done, discover, run
from congress_extract.emit.jsonl import recorded as done_inputs

from .conftest import SAMPLES

SAMPLE_FILES = sorted(str(p) for p in SAMPLES.glob("*.txt"))


@pytest.fixture()
def mixed(tmp_path: Path) -> list[str]:
    """Samples, copies with other bytes, and inputs that give error records."""
    paths = []
    for i, src in enumerate(SAMPLE_FILES * 4):
        p = tmp_path / f"{i:03d}.txt"
        p.write_bytes(Path(src).read_bytes() + f"\n{i}\n".encode())
        paths.append(str(p))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    paths[3:3] = [str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")]
    paths.append(str(tmp_path / "binary.txt"))
    return paths


def test_records_identical_and_in_order_for_any_jobs(mixed):
    one = list(run(mixed, Options(), jobs=1))
    assert [r["source"]["path"] for r in one] == mixed
    assert [r["status"] for r in one].count("error") == 3
    for jobs, chunk in ((2, 1), (2, 3), (3, 16)):
        assert list(run(iter(mixed), Options(), jobs=jobs, chunk=chunk)) == one


def test_run_pulls_inputs_lazily():
    """An endless stream of inputs: the first records come without reading it all."""
    pulled = itertools.count()

    def endless():
        for i in pulled:
            yield SAMPLE_FILES[i % len(SAMPLE_FILES)]

    records = run(endless(), Options(), jobs=2, chunk=2)
    first = list(itertools.islice(records, 5))
    records.close()
    assert len(first) == 5
    assert next(pulled) <= 5 + 2 * 4 * 2 + 1  # what was read: at most the window of chunks in flight


def test_discover_is_lazy_and_ordered(tmp_path: Path):
    for name in ("b/2.txt", "b/1.html", "a/z.txt", "a/sub/y.htm", "c.txt", "skip.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = discover([str(tmp_path)])
    assert next(found) == str(tmp_path / "c.txt")  # a generator, walking top-down: a folder's files first
    rest = [Path(p).relative_to(tmp_path).as_posix() for p in found]
    assert rest == ["a/z.txt", "a/sub/y.htm", "b/1.html", "b/2.txt"]


def test_discover_does_not_follow_link_loops_and_yields_each_file_once(tmp_path: Path):
    root = tmp_path / "in"
    (root / "d").mkdir(parents=True)
    (root / "d" / "a.txt").write_text("a")
    (root / "d" / "loop").symlink_to(root)  # a directory link back up: never followed
    (root / "d" / "again.txt").symlink_to(root / "d" / "a.txt")  # a second name for a.txt
    outside = tmp_path / "outside.txt"
    outside.write_text("o")
    (root / "out1.txt").symlink_to(outside)  # the only way to reach outside.txt: yielded once
    (root / "out2.txt").symlink_to(outside)
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")  # an error record, not silence
    found = [Path(p).relative_to(root).as_posix() for p in discover([str(root)])]
    assert found == ["dangling.txt", "out1.txt", "d/a.txt"]
    # A folder named twice, or inside another, and a file named inside a folder: each file once.
    again = list(discover([str(root / "d"), str(root), str(root / "d" / "a.txt"), str(root / "d")]))
    assert sorted(again) == sorted(set(again))
    assert len(again) == 3


def test_max_bytes_gives_an_error_record_with_the_file_hash(tmp_path: Path):
    big = tmp_path / "big.txt"
    data = "Đại hội Công đoàn. ".encode() * 100
    big.write_bytes(data)
    [record] = run([str(big)], Options(max_bytes=1000))
    assert record["status"] == "error" and record["error"]["type"] == "too_large"
    assert record["source"]["bytes"] == len(data)
    assert record["source"]["sha256"] == hashlib.sha256(data).hexdigest()
    # so --resume knows it is done
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps(record) + "\n")
    assert already_done(str(big), done_inputs(out)[0])


def test_an_input_still_unreadable_is_done(tmp_path: Path):
    missing = tmp_path / "missing.txt"
    [record] = run([str(missing)], Options())
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps(record) + "\n")
    done = done_inputs(out)[0]
    assert already_done(str(missing), done)
    missing.write_text("now it is here")
    assert not already_done(str(missing), done)


def test_cli_output_identical_for_any_jobs(tmp_path: Path, mixed):
    folder = Path(mixed[0]).parent
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        done = subprocess.run([sys.executable, "-m", "congress_extract", "extract", str(folder), "-o", str(out),
                               "--jobs", jobs], capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, done.stderr  # some inputs are errors
        assert "20 ok, 2 failed" in done.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_help_does_not_import_heavy_modules():
    code = ("import sys; from congress_extract.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('bs4', 'lxml', 'rich', 'dask', 'regex', 'congress_extract.pipeline',\n"
            "                         'congress_extract.patterns', 'importlib.metadata') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork",
                    reason="the crash is planted in the parent and reaches workers by fork")
def test_an_input_that_kills_its_worker_gives_an_error_record(mixed, monkeypatch):
    import congress_extract.batch as batch

    real = batch.process
    victim = mixed[7]

    def crashing(path, options, data=None):
        if path == victim:
            os._exit(3)  # as a segfault in a parser or the out-of-memory killer would
        return real(path, options, data)

    expected = list(run(mixed, Options(), jobs=1))
    monkeypatch.setattr(batch, "process", crashing)
    records = list(run(mixed, Options(), jobs=2, chunk=3))
    assert [r["source"]["path"] for r in records] == mixed
    assert records[7]["status"] == "error" and records[7]["error"]["type"] == "crashed"
    assert records[7]["source"]["sha256"] == expected[7]["source"]["sha256"]
    assert records[:7] + records[8:] == expected[:7] + expected[8:]
