"""Output formats: the name of -o picks one, --format wins, CSV carries roles and an optional BOM."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from congress_extract.emit import choose_format

from .conftest import SAMPLES

SAMPLE = SAMPLES / "000_e1dce1244da52f11.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "congress_extract", *args], input=stdin, capture_output=True,
                          timeout=120)


@pytest.mark.parametrize("name, fmt", [("out.jsonl", "jsonl"), ("out.json", "json"), ("OUT.CSV", "csv"),
                                       ("out.sqlite", "sqlite"), ("out.db", "sqlite"), ("out.txt", "jsonl")])
def test_the_output_file_name_picks_the_format(name, fmt):
    assert choose_format(None, Path(name), "jsonl") == fmt


def test_an_explicit_format_wins_over_the_file_name():
    assert choose_format("jsonl", Path("out.csv"), "json") == "jsonl"


def test_dash_o_csv_writes_csv_and_dash_o_json_an_array(tmp_path):
    assert run("extract", str(SAMPLES), "-o", str(tmp_path / "a.csv"), "--jobs", "1").returncode == 0
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("file,status,kind,")
    assert run("extract", str(SAMPLES), "-o", str(tmp_path / "a.json"), "--jobs", "1").returncode == 0
    assert len(json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))) == 5


def test_dash_o_sqlite_writes_a_database(tmp_path):
    assert run("extract", str(SAMPLES), "-o", str(tmp_path / "a.sqlite"), "--jobs", "1").returncode == 0
    assert sqlite3.connect(tmp_path / "a.sqlite").execute("SELECT count(*) FROM documents").fetchone() == (5,)


def test_stdin_with_format_json_gives_one_object():
    out = run("extract", "-", "--format", "json", stdin=SAMPLE.read_bytes())
    assert out.returncode == 0 and json.loads(out.stdout)["source"]["path"] == "<stdin>"


def test_csv_official_rows_carry_their_roles():
    out = run("extract", str(SAMPLE), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout.decode("utf-8"))))
    officials = [r for r in rows if r["kind"] == "official"]
    record = json.loads(run("extract", str(SAMPLE)).stdout)
    assert [r["roles"] for r in officials] == ["; ".join(o["roles"]) for o in record["officials"]]
    assert any(r["roles"] for r in officials)
    assert all(r["roles"] == "" for r in rows if r["kind"] != "official")


def test_excel_csv_starts_with_a_utf8_bom_and_plain_csv_does_not(tmp_path):
    plain = run("extract", str(SAMPLE), "--format", "csv")
    excel = run("extract", str(SAMPLE), "--format", "csv", "--excel")
    assert not plain.stdout.startswith(b"\xef\xbb\xbf")
    assert excel.stdout == b"\xef\xbb\xbf" + plain.stdout
    assert run("extract", str(SAMPLE), "-o", str(tmp_path / "x.csv"), "--excel").returncode == 0
    assert (tmp_path / "x.csv").read_bytes().startswith(b"\xef\xbb\xbffile,")


def test_excel_with_another_format_is_a_usage_error():
    out = run("extract", str(SAMPLE), "--format", "json", "--excel")
    assert out.returncode == 2 and b"Traceback" not in out.stderr


def test_sqlite_to_stdout_is_a_usage_error():
    out = run("extract", str(SAMPLE), "--format", "sqlite")
    assert out.returncode == 2 and b"-o FILE" in out.stderr and b"Traceback" not in out.stderr
