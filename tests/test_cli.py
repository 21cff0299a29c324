"""The command line: data on stdout, one line per failure on stderr, exit codes 0/1/2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from .conftest import SAMPLES

SAMPLE = SAMPLES / "000_e1dce1244da52f11.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "congress_extract", *args], input=stdin, capture_output=True, timeout=120)


def test_one_file_prints_one_pretty_json_record():
    out = run("extract", str(SAMPLE))
    assert out.returncode == 0
    record = json.loads(out.stdout)
    assert record["status"] == "ok" and record["source"]["path"] == str(SAMPLE)
    assert out.stdout.startswith(b"{\n")


def test_a_folder_gives_json_lines_in_input_order():
    out = run("extract", str(SAMPLES), "--jobs", "1")
    lines = out.stdout.decode().splitlines()
    paths = [json.loads(line)["source"]["path"] for line in lines]
    assert out.returncode == 0 and paths == sorted(paths) and len(paths) == 5


def test_json_format_over_a_folder_is_one_array():
    out = run("extract", str(SAMPLES), "--format", "json", "--jobs", "1")
    assert len(json.loads(out.stdout)) == 5


def test_csv_gives_one_row_per_fact_with_its_span():
    out = run("extract", str(SAMPLE), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout.decode())))
    kinds = {r["kind"] for r in rows}
    assert {"date", "term", "official", "election", "ratio", "percentage"} <= kinds
    date = next(r for r in rows if r["kind"] == "date")
    assert date["value"] == "2023-04-07" and int(date["span_end"]) > int(date["span_start"])


def test_stdin_is_read_with_a_dash():
    out = run("extract", "-", stdin=SAMPLE.read_bytes())
    assert json.loads(out.stdout)["source"]["path"] == "<stdin>"


def test_failures_give_error_records_one_stderr_line_each_and_exit_1(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "ok.txt").write_bytes(SAMPLE.read_bytes())
    out = run("extract", str(tmp_path), str(tmp_path / "missing.txt"), "--jobs", "1")
    records = [json.loads(line) for line in out.stdout.decode().splitlines()]
    errors = [line for line in out.stderr.decode().splitlines() if line.startswith("error:")]
    assert out.returncode == 1 and len(records) == 4 and len(errors) == 3
    assert {r["error"]["type"] for r in records if r["status"] == "error"} == {"empty", "binary", "not_found"}
    assert b"Traceback" not in out.stderr


def test_usage_errors_exit_2():
    assert run("extract").returncode == 2
    assert run("extract", str(SAMPLE), "--format", "xml").returncode == 2


def test_output_file_is_not_overwritten_without_force(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("keep me\n")
    out = run("extract", str(SAMPLE), "-o", str(target))
    assert out.returncode == 2 and target.read_text() == "keep me\n"
    assert run("extract", str(SAMPLE), "-o", str(target), "--force", "--format", "jsonl").returncode == 0
    assert json.loads(target.read_text())["status"] == "ok"


def test_summary_goes_to_stderr_and_stdout_holds_only_data():
    out = run("extract", str(SAMPLES), "--jobs", "1")
    assert b"5 ok, 0 failed" in out.stderr
    for line in out.stdout.decode().splitlines():
        json.loads(line)


def test_clean_prints_the_article_and_explain_lists_removed_lines():
    text = run("clean", str(SAMPLE)).stdout.decode()
    assert text.startswith("Văn phòng UBND tỉnh Sóc Trăng") and "Thống kê truy cập" not in text
    explained = run("clean", str(SAMPLE), "--explain").stdout.decode()
    assert "visitor counter" in explained and "Thống kê truy cập" in explained


def test_schema_command_prints_the_json_schema():
    schema = json.loads(run("schema").stdout)
    assert schema["properties"]["schema"]["const"] == "congress-extract/1"


def test_eval_reports_every_field(tmp_path):
    out = run("eval", str(SAMPLES / "gold"), str(SAMPLES), "--json")
    fields = json.loads(out.stdout)["fields"]
    assert out.returncode == 0 and fields["dates"]["precision"] == 1.0 and "percentages" in fields


def test_eval_reports_the_page_apart_from_the_fields_the_guide_compares():
    table = run("eval", str(SAMPLES / "gold"), str(SAMPLES)).stdout.decode().splitlines()
    apart = table.index("not compared by the GUIDE (the page):")
    fields = lambda lines: [line.split()[0] for line in lines]
    assert fields(table[2:apart])[-1] == "main_event" and "officials" in fields(table[2:apart])
    assert fields(table[apart + 1:]) == ["title", "published", "views", "byline", "boilerplate"]
    marked = json.loads(run("eval", str(SAMPLES / "gold"), str(SAMPLES), "--json").stdout)["fields"]
    assert not marked["boilerplate"]["compared"] and marked["votes"]["compared"]


def test_show_renders_tables_of_the_facts():
    out = run("show", str(SAMPLE))
    assert out.returncode == 0 and "Officials" in out.stdout.decode() and "Trịnh Thị Bảo Khuyên" in out.stdout.decode()


@pytest.mark.parametrize("command", ["extract", "clean", "schema", "eval", "show"])
def test_every_command_has_help_with_examples(command):
    out = run(command, "--help")
    assert out.returncode == 0 and b"Example" in out.stdout


def test_version():
    assert run("--version").stdout.decode().startswith("congress-extract, version")


def test_user_rule_folder_adds_a_rule(tmp_path):
    (tmp_path / "terms.toml").write_text(
        "[[rule]]\nid = 'terms.khoa_years'\ndescription = 'khóa with years'\n"
        "pattern = '(?i:khóa)\\s+(?P<start>\\d{4})\\s*-\\s*(?P<end>\\d{4})'\n"
        "examples.match = [{ text = 'khóa 2020 - 2025', start = 2020, end = 2025 }]\n", encoding="utf-8")
    page = "Tiêu đề\n\nBan Chấp hành khóa 2020 - 2025 đã họp phiên cuối cùng để tổng kết công tác của cả nhiệm kỳ vừa qua.\n"
    out = run("extract", "-", "--patterns", str(tmp_path), stdin=page.encode())
    terms = json.loads(out.stdout)["terms"]
    assert [(t["start"], t["end"], t["rule"]) for t in terms] == [(2020, 2025, "terms.khoa_years")]


def test_an_invalid_user_rule_names_its_file_and_id(tmp_path):
    (tmp_path / "dates.toml").write_text("[[rule]]\nid = 'dates.broken'\npattern = '(unclosed'\n", encoding="utf-8")
    out = run("extract", str(SAMPLE), "--patterns", str(tmp_path))
    assert out.returncode == 2 and b"dates.toml" in out.stderr and b"dates.broken" in out.stderr
    assert b"Traceback" not in out.stderr
