"""Output integrity and the bad-input folder, through the command line.

- `-o FILE` is written as FILE.part and renamed into place when the run completes:
  the final name never holds a partial file, and an interrupted run never leaves a
  truncated line in it.
- An existing output is never clobbered silently: without --force or --resume the
  run refuses (exit 2) and leaves the file as it was.
- Inputs are never modified.
- A user rule folder with a bad pattern gives one clear error naming the file and
  the rule id (exit 2, no traceback).
- `congress-extract extract` over a folder of every bad input exits 1, writes exactly
  one valid record per input file and prints one line per failed file on stderr.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

import congress_extract.cli as cli
from congress_extract.cli import main

from .robust_helpers import SAMPLE_FILES, check_record, cp1258_bytes, html_page

TEXTS = [p.read_text(encoding="utf-8") for p in SAMPLE_FILES]


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "congress_extract", *args]


def hashes(folder: Path) -> dict[str, tuple[str, int]]:
    """sha256 and mode of every regular file under a folder (links not followed)."""
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            with open(path, "rb") as fh:
                out[path] = (hashlib.sha256(fh.read()).hexdigest(), os.stat(path).st_mode)
    return out


def records_of(path: Path) -> list[dict]:
    data = path.read_text(encoding="utf-8")
    assert data == "" or data.endswith("\n"), "the last line is cut short"
    return [json.loads(line) for line in data.splitlines()]


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"doc{i:02d}.txt").write_text(TEXTS[i % len(TEXTS)] + f"\n\nBài {i}\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------------------------
# Atomic output


def _watching_run(out: Path, seen: list, stop_after: int | None = None):
    """Wrap cli.run: while records stream, record what the final path and the .part file look like."""
    real_run = cli.run

    def run(*args, **kwargs):
        for i, record in enumerate(real_run(*args, **kwargs)):
            seen.append((out.exists(), out.with_name(out.name + ".part").exists()))
            if stop_after is not None and i == stop_after:
                raise KeyboardInterrupt
            yield record

    return run


def test_output_is_written_to_a_part_file_then_renamed(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    seen: list = []
    renames: list = []
    real_replace = os.replace
    monkeypatch.setattr(cli, "run", _watching_run(out, seen))
    monkeypatch.setattr(cli.os, "replace", lambda a, b: (renames.append((str(a), str(b))), real_replace(a, b))[1])
    result = CliRunner().invoke(main, ["extract", str(inputs), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert seen and all(not final and part for final, part in seen)  # never the final name while writing
    assert renames == [(str(out) + ".part", str(out))]
    assert not Path(str(out) + ".part").exists()
    records = records_of(out)
    assert len(records) == 12 and all(check_record(r)["status"] == "ok" for r in records)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_other_formats_are_atomic_too(inputs, tmp_path, monkeypatch, fmt):
    out = tmp_path / f"out.{fmt}"
    seen: list = []
    monkeypatch.setattr(cli, "run", _watching_run(out, seen))
    result = CliRunner().invoke(main, ["extract", str(inputs), "-o", str(out), "-f", fmt, "-j", "1"])
    assert result.exit_code == 0, result.output
    assert seen and all(not final for final, _ in seen)
    if fmt == "json":
        assert len(json.loads(out.read_text(encoding="utf-8"))) == 12


def test_an_interrupted_run_leaves_no_final_file_and_whole_lines(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    monkeypatch.setattr(cli, "run", _watching_run(out, [], stop_after=4))
    result = CliRunner().invoke(main, ["extract", str(inputs), "-o", str(out), "-j", "1"])
    assert result.exit_code == 130
    assert not out.exists()
    part = Path(str(out) + ".part")
    lines = records_of(part)  # whole lines only
    assert len(lines) == 4
    assert "--resume" in result.output


def test_an_interrupted_forced_run_keeps_the_old_output(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    out.write_text('{"old": true}\n', encoding="utf-8")
    monkeypatch.setattr(cli, "run", _watching_run(out, [], stop_after=3))
    result = CliRunner().invoke(main, ["extract", str(inputs), "-o", str(out), "-j", "1", "--force"])
    assert result.exit_code == 130
    assert out.read_text(encoding="utf-8") == '{"old": true}\n'


def test_a_killed_run_never_leaves_a_truncated_line_in_the_final_file(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"d{i:03d}.txt").write_text(TEXTS[i % len(TEXTS)] + f"\n{i}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    part = Path(str(out) + ".part")
    proc = subprocess.Popen(command("extract", str(folder), "-o", str(out), "-j", "1", "--no-progress"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not part.exists() or part.stat().st_size < 2000):
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(30)
    assert not out.exists(), "a killed run must not leave a final output"
    raw = part.read_bytes()
    whole = raw[: raw.rfind(b"\n") + 1]
    for line in whole.splitlines():
        check_record(json.loads(line))
    # --resume finishes the job: every input exactly once, every line whole.
    done = subprocess.run(command("extract", str(folder), "-o", str(out), "--resume", "-j", "2"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    records = records_of(out)
    assert sorted(r["source"]["path"] for r in records) == sorted(str(p) for p in folder.glob("*.txt"))
    assert not part.exists()


# ---------------------------------------------------------------------------------------------
# No silent clobbering


def test_existing_output_is_not_clobbered(inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    result = subprocess.run(command("extract", str(inputs), "-o", str(out)), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "--force" in result.stderr and "--resume" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert not Path(str(out) + ".part").exists()


def test_force_overwrites_and_resume_continues(inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    forced = subprocess.run(command("extract", str(inputs), "-o", str(out), "--force"), capture_output=True,
                            text=True, timeout=60)
    assert forced.returncode == 0, forced.stderr
    first = records_of(out)
    assert len(first) == 12
    (inputs / "new.txt").write_text(TEXTS[0] + "\nmới\n", encoding="utf-8")
    resumed = subprocess.run(command("extract", str(inputs), "-o", str(out), "--resume"), capture_output=True,
                             text=True, timeout=60)
    assert resumed.returncode == 0, resumed.stderr
    second = records_of(out)
    assert second[:12] == first
    assert [r["source"]["path"] for r in second[12:]] == [str(inputs / "new.txt")]


def test_output_naming_an_input_is_refused_even_with_force(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXTS[0], encoding="utf-8")
    before = hashes(tmp_path)
    result = subprocess.run(command("extract", str(article), "-o", str(article), "--force"), capture_output=True,
                            text=True, timeout=60)
    assert hashes(tmp_path) == before
    assert result.returncode == 2


# ---------------------------------------------------------------------------------------------
# User rule folders: patterns are data; a bad one is a clear error


@pytest.mark.parametrize("content,needle", [
    ('[[rule]]\nid = "mine.broken"\npattern = \'(?P<x>đồng chí\'\n', "mine.broken"),
    ('[[rule]]\nid = "broken_date"\npattern = \'ngày [\'\n', "broken_date"),
    ('[[rule]]\nid = "mine.var"\npattern = \'{{NO_SUCH_VARIABLE}}\'\n', "mine.var"),
    ('[[rule]]\nid = "mine.attr"\npattern = \'x\'\nsubject_pattern = \'(\'\n', "mine.attr"),
    ('[[rule]\nid = "mine.toml"\n', "mine.toml"),
], ids=["unbalanced", "unclosed-class", "unknown-variable", "bad-attr-pattern", "bad-toml"])
def test_a_bad_user_pattern_names_its_file_and_rule(content, needle, inputs, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    rule_file = rules / ("mine.toml" if needle == "mine.toml" else "dates.toml")
    rule_file.write_text(content, encoding="utf-8")
    result = subprocess.run(command("extract", str(inputs), "--patterns", str(rules)), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert str(rule_file) in result.stderr or rule_file.name in result.stderr
    assert needle in result.stderr
    assert result.stdout == ""
    error_lines = [line for line in result.stderr.splitlines() if needle in line]
    assert len(error_lines) == 1, result.stderr


# ---------------------------------------------------------------------------------------------
# The folder of every bad input


def _bad_folder(root: Path) -> tuple[dict[str, str | None], list[str]]:
    """Every bad input of the matrix as a file; returns {file name: expected error type or None (ok)}."""
    text = TEXTS[0]
    data = text.encode("utf-8")
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "blank.txt": b" \r\n\t\n  ",
        "nuls.txt": b"\x00" * 2048,
        "photo.txt": bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(256)),
        "truncated.txt": data[: next(i for i in range(len(data) // 2, len(data)) if data[i] >= 0xE0) + 1],
        "cp1258.txt": cp1258_bytes(text),
        "utf16le-bom.txt": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "utf16be-bom.txt": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "utf16le.txt": text.encode("utf-16-le"),
        "utf16be.txt": text.encode("utf-16-be"),
        "nfd.txt": unicodedata.normalize("NFD", text).encode("utf-8"),
        "crlf.txt": text.replace("\n", "\r\n").encode("utf-8"),
        "cr.txt": text.replace("\n", "\r").encode("utf-8"),
        "invisible.txt": text.replace("hội", "h\u200bội").replace("20", "2\u00ad0").replace(" ", "\u00a0").encode(),
        "entities.html": ("<html><body><p>Nhi&#7879;m k&#7923; 2023&nbsp;-&nbsp;2028, &#272;&#7841;i h&#7897;i "
                          "C&ocirc;ng &#273;o&agrave;n</p></body></html>").encode("ascii"),
        "malformed.html": "<html><body><p>Ngày 07/4/2023 <b><i>Đại hội</b></i><div><table><tr><td>x".encode(),
        "nested.html": ("<html><body>" + "<div>" * 100_000 + "Đại hội Công đoàn nhiệm kỳ 2023 - 2028"
                        + "</div>" * 100_000 + "</body></html>").encode(),
        "nobody.html": "<html><head><title>Đại hội Công đoàn</title></head></html>".encode(),
        "wrapped.html": html_page(text).encode("utf-8"),
        "one-line.txt": ((" ".join(text.split("\n")) + " ") * (5_000_000 // len(data) + 1)).encode("utf-8"),
        "too-big.txt": data * 1300,  # about 7 MB: over --max-bytes 6000000
        "ok.txt": data,
    }
    expected: dict[str, str | None] = {name: None for name in files}
    expected.update({"empty.txt": "empty", "blank.txt": "empty", "nuls.txt": "binary", "photo.txt": "binary",
                     "too-big.txt": "too_large", "one-line.txt": "ok-or-timeout"})
    for name, content in files.items():
        (root / name).write_bytes(content)
    # A name that is not UTF-8.
    with open(os.path.join(os.fsencode(root), b"caf\xe9-\xff.txt"), "wb") as fh:
        fh.write(data)
    expected[os.fsdecode(b"caf\xe9-\xff.txt")] = None
    # Unreadable: chmod 000 (not as root), a socket file (refuses to open even for root), a dangling link.
    unreadable = root / "secret.txt"
    unreadable.write_bytes(data)
    unreadable.chmod(0)
    expected["secret.txt"] = "unreadable" if os.geteuid() != 0 else None
    expected["socket.txt"] = "unreadable"
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    expected["dangling.txt"] = "not_found"
    # Link loops and second names: never followed, never a second record.
    sub = root / "sub"
    sub.mkdir()
    (sub / "deep.txt").write_bytes(data)
    expected["deep.txt"] = None
    (sub / "loop").symlink_to(root, target_is_directory=True)
    (root / "again.txt").symlink_to(sub / "deep.txt")
    extra_names = ["again.txt"]  # yields no record: deep.txt is an input under its own name
    return expected, extra_names


def test_cli_over_a_folder_of_every_bad_input(tmp_path):
    root = tmp_path / "bad"
    root.mkdir()
    expected, _aliases = _bad_folder(root)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "socket.txt"))
    out = tmp_path / "out.jsonl"
    before = hashes(root)
    try:
        done = subprocess.run(command("extract", str(root), "-o", str(out), "--max-bytes", "6000000",
                                      "--budget", "8", "-j", "2", "--no-progress"),
                              capture_output=True, text=True, timeout=240)
        after = hashes(root)
    finally:
        server.close()
        (root / "secret.txt").chmod(0o644)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert after == before  # inputs never modified (content and mode)
    records = records_of(out)
    for record in records:
        check_record(record)
    names = [Path(r["source"]["path"]).name for r in records]  # non-UTF-8 bytes shown as \xNN
    by_name = dict(zip(names, records))
    assert len(records) == len(expected), sorted(names)
    assert len(set(r["source"]["path"] for r in records)) == len(records)  # no file twice
    assert "caf\\xe9-\\xff.txt" in by_name
    for name, kind in expected.items():
        record = by_name["caf\\xe9-\\xff.txt"] if name.startswith("caf") else by_name[name]
        if kind is None:
            assert record["status"] == "ok", (name, record.get("error"))
        elif kind == "ok-or-timeout":
            assert record["status"] == "ok" or record["error"]["type"] == "timeout", (name, record.get("error"))
        else:
            assert record["status"] == "error" and record["error"]["type"] == kind, (name, record.get("error"))
    # One clear line per failed file on stderr, naming it.
    failed = [r for r in records if r["status"] == "error"]
    error_lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == len(failed), done.stderr
    for record in failed:
        assert sum(record["source"]["path"] in line for line in error_lines) == 1, record["source"]["path"]
    assert f"{len(records)} files: {len(records) - len(failed)} ok, {len(failed)} failed" in done.stderr


def test_inputs_are_never_modified_by_a_normal_run(inputs, tmp_path):
    before = hashes(inputs)
    mtimes = {p: os.stat(p).st_mtime_ns for p in before}
    done = subprocess.run(command("extract", str(inputs), "-o", str(tmp_path / "o.jsonl"), "-j", "2"),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert hashes(inputs) == before
    assert {p: os.stat(p).st_mtime_ns for p in before} == mtimes
    assert sorted(os.listdir(inputs)) == sorted(Path(p).name for p in before)  # nothing written beside them
