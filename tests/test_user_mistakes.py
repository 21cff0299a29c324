"""A user's mistake ends in one clear line, never a traceback; nothing is a silent success.

Every command-line case runs the real CLI in a subprocess and checks its exit code
(2: the request itself is wrong; 1: some inputs failed), its stderr and that no
traceback leaked.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from congress_extract.batch import Options, discover, process
from congress_extract.pipeline import extract

from .conftest import SAMPLES
from .robust_helpers import check_record

SAMPLE = SAMPLES / "000_e1dce1244da52f11.txt"
GOLD = SAMPLES / "gold"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "congress_extract", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def stderr_lines(done: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in done.stderr, done.stderr
    return done.stderr.strip().splitlines()


# ---------------------------------------------------------------------------------------------
# Output that cannot be written


def test_output_into_a_missing_folder_is_a_one_line_usage_error(tmp_path):
    target = tmp_path / "missing" / "dir" / "out.jsonl"
    done = run("extract", str(SAMPLES), "-o", str(target))
    assert done.returncode == 2
    assert stderr_lines(done) == [f"Error: -o {target}: the folder {target.parent} does not exist"]
    assert not (tmp_path / "missing").exists()


# ---------------------------------------------------------------------------------------------
# Nothing to read


def test_extract_on_an_empty_folder_says_no_input_files_matched(tmp_path):
    out = tmp_path / "out.jsonl"
    done = run("extract", str(tmp_path), "-o", str(out))
    assert done.returncode == 2
    [line] = stderr_lines(done)
    assert "no input files matched" in line and str(tmp_path) in line
    assert not out.exists() and not Path(str(out) + ".part").exists()


def test_a_glob_that_matches_nothing_says_so():
    done = run("extract", str(SAMPLES), "--glob", "*.xml")
    assert done.returncode == 2 and done.stdout == ""
    assert stderr_lines(done) == [f"Error: no input files matched *.xml in {SAMPLES}"]


def test_default_globs_match_extensions_in_any_case(tmp_path):
    for name in ("ARTICLE.TXT", "Page.Htm", "page2.HTML", "notes.md"):
        shutil.copyfile(SAMPLE, tmp_path / name)
    assert sorted(Path(p).name for p in discover([str(tmp_path)])) == ["ARTICLE.TXT", "Page.Htm", "page2.HTML"]
    done = run("extract", str(tmp_path), "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 3
    assert stderr_lines(done)[-1].startswith("3 files: 3 ok, 0 failed")


def test_the_summary_counts_one_file_in_the_singular():
    done = run("extract", str(SAMPLE))
    assert stderr_lines(done)[-1].startswith("1 file: 1 ok, 0 failed;")


# ---------------------------------------------------------------------------------------------
# eval


def _gold_copy(tmp_path: Path) -> Path:
    gold = tmp_path / "gold"
    shutil.copytree(GOLD, gold)
    return gold


def test_eval_scores_the_rest_when_an_input_is_missing(tmp_path):
    gold = _gold_copy(tmp_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    names = sorted(p.name for p in SAMPLES.glob("*.txt"))
    for name in names[2:]:
        shutil.copyfile(SAMPLES / name, inputs / name)
    done = run("eval", str(gold), str(inputs))
    assert done.returncode == 1
    lines = stderr_lines(done)
    assert len(lines) == 2
    for name, line in zip(names[:2], lines):
        assert line.startswith("error: ") and f"{inputs / name} does not exist" in line
    assert done.stdout.startswith(f"{len(names) - 2} documents\n")


def test_eval_without_gold_files_is_a_usage_error(tmp_path):
    (tmp_path / "notes.txt").write_text("no gold here", encoding="utf-8")
    done = run("eval", str(tmp_path), str(SAMPLES))
    assert done.returncode == 2 and done.stdout == ""
    assert stderr_lines(done) == [f"Error: no gold files (*.json) in {tmp_path}"]


def test_eval_reports_an_unreadable_gold_file_and_scores_the_rest(tmp_path):
    gold = _gold_copy(tmp_path)
    (gold / "broken.json").write_text("{ not json", encoding="utf-8")
    done = run("eval", str(gold), str(SAMPLES))
    assert done.returncode == 1
    [line] = stderr_lines(done)
    assert line.startswith(f"error: {gold / 'broken.json'}: not a readable gold file")
    assert done.stdout.startswith("5 documents\n")


def test_eval_shows_a_dash_for_a_field_with_nothing_to_measure(tmp_path):
    """The seeds have no vote tallies: the votes field measured nothing, it did not score 1.000."""
    done = run("eval", str(GOLD), str(SAMPLES), "--json")
    fields = json.loads(done.stdout)["fields"]
    assert fields["votes"] == {"tp": 0, "fp": 0, "fn": 0, "precision": None, "recall": None, "f1": None,
                              "compared": True}
    table = run("eval", str(GOLD), str(SAMPLES)).stdout
    votes = next(line for line in table.splitlines() if line.startswith("votes"))
    assert votes.split() == ["votes", "0", "0", "0", "-", "-", "-"]
    assert next(line for line in table.splitlines() if line.startswith("dates")).split()[-1] == "1.000"


# ---------------------------------------------------------------------------------------------
# The library


@pytest.mark.parametrize("wrong", [None, 42, ["Đại hội"], Path("page.txt")], ids=["None", "int", "list", "Path"])
def test_extract_of_something_that_is_no_document_is_a_type_error_naming_what_is_accepted(wrong):
    with pytest.raises(TypeError, match=r"bytes .*or str, not " + type(wrong).__name__):
        extract(wrong)


def test_extract_takes_a_bytearray_as_bytes():
    data = SAMPLE.read_bytes()
    assert extract(bytearray(data)).to_dict() == extract(data).to_dict()


# ---------------------------------------------------------------------------------------------
# Error records tell the truth


def test_a_missing_file_has_no_hash_format_or_encoding(tmp_path):
    record = check_record(process(str(tmp_path / "missing.txt"), Options()))
    assert record["error"]["type"] == "not_found"
    assert record["source"]["sha256"] is None
    assert record["source"]["format"] is None and record["source"]["encoding"] is None


def test_an_unreadable_folder_named_like_an_article_has_no_hash(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    record = check_record(process(str(tmp_path / "folder.txt"), Options()))
    assert record["error"]["type"] == "unreadable"
    assert record["source"]["sha256"] is None


@pytest.mark.parametrize("data,kind", [(b"", "empty"), (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary")],
                         ids=["empty", "binary"])
def test_bytes_never_decoded_have_their_hash_but_no_format_or_encoding(data, kind):
    record = check_record(extract(data).to_dict())
    assert record["error"]["type"] == kind
    assert record["source"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert record["source"]["format"] is None and record["source"]["encoding"] is None


def test_a_file_over_max_bytes_has_its_hash_but_no_format(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(SAMPLE.read_bytes())
    record = check_record(process(str(path), Options(max_bytes=100)))
    assert record["error"]["type"] == "too_large"
    assert record["source"]["sha256"] == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert record["source"]["format"] is None and record["source"]["encoding"] is None


def test_the_cli_writes_null_for_a_missing_input(tmp_path):
    done = run("extract", str(tmp_path / "gone.txt"))
    assert done.returncode == 1
    assert stderr_lines(done)[0] == f"error: {tmp_path / 'gone.txt'}: not_found: no such file"
    source = json.loads(done.stdout)["source"]
    assert (source["sha256"], source["format"], source["encoding"]) == (None, None, None)
