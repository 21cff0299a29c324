"""`people`: one row per person across documents, names matched after folding case and tone placement."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from congress_extract.emit import open_sink
from congress_extract.people import matches, mentions_in, people

from .conftest import SAMPLES, SHARED


def record(path: str, officials: list[tuple[str, list[str], list[str]]], event_date: str | None = None,
           published: str | None = None) -> dict:
    """A hand-made record: just what `people` reads."""
    events = [{"kind": "congress", "name": "Đại hội", "date": event_date, "main": True}] if event_date else []
    return {"schema": "congress-extract/1", "status": "ok",
            "source": {"path": path, "sha256": path.rjust(64, "0"), "bytes": 1, "format": "text", "encoding": "utf-8"},
            "article": {"title": None, "published": published, "views": None, "byline": None, "text": ""},
            "boilerplate": [], "events": events, "dates": [], "terms": [], "elections": [], "votes": [],
            "ratios": [], "percentages": [],
            "officials": [{"name": n, "honorific": None, "positions": p, "roles": r, "spans": [], "rule": "t"}
                          for n, p, r in officials]}


RECORDS = [
    record("a.txt", [("Nguyễn Văn Thuỷ", ["Uỷ viên Ban Thường vụ Liên đoàn Lao động tỉnh"], ["attended"]),
                     ("Trần Thị Lan", ["Chủ tịch Công đoàn"], ["elected"])], event_date="2023-04-07"),
    record("b.txt", [("Nguyễn Văn Thủy", ["Ủy viên Ban Thường vụ Liên đoàn Lao động tỉnh", "Chủ tịch Công đoàn ngành"],
                      ["spoke"])], published="2022-10-01T08:30"),
    record("c.txt", [("NGUYỄN VĂN THỦY", ["Chủ tịch Công đoàn ngành"], ["spoke"])], event_date="--05-19"),
]


def test_one_person_spelled_with_old_and_new_tone_placement_and_in_capitals_is_one_row():
    (thuy,) = [p for p in people(mentions_in_records_of(RECORDS)) if "Th" in p.name and "Lan" not in p.name]
    assert thuy.documents == ["a.txt", "b.txt", "c.txt"]
    assert thuy.roles == ["attended", "spoke"]


def test_positions_are_counted_by_the_documents_stating_them_whatever_their_tone_placement():
    (thuy, *_) = people(mentions_in_records_of(RECORDS))
    assert dict(thuy.positions) == {"Uỷ viên Ban Thường vụ Liên đoàn Lao động tỉnh": 2, "Chủ tịch Công đoàn ngành": 2}


def test_first_and_last_are_the_event_date_else_the_publication_day_and_a_yearless_day_is_skipped():
    (thuy, lan) = people(mentions_in_records_of(RECORDS))
    assert (thuy.first, thuy.last) == ("2022-10-01", "2023-04-07")
    assert (lan.first, lan.last) == ("2023-04-07", "2023-04-07")


def test_the_name_filter_ignores_case_and_accents_but_keeps_whole_words():
    assert matches("Nguyễn Đình Khang", "nguyen dinh khang")
    assert matches("Nguyễn Đình Khang", "ĐÌNH KHANG")
    assert not matches("Nguyễn Đình Khang", "dinh kha")
    (found,) = people(mentions_in_records_of(RECORDS), name="nguyen van thuy")
    assert len(found.documents) == 3


def test_two_people_with_the_same_name_are_one_row():
    same = [record("x.txt", [("Lê Văn Hùng", ["Chủ tịch Công đoàn cơ sở trường A"], [])]),
            record("y.txt", [("Lê Văn Hùng", ["Giám đốc Công ty B"], [])])]
    (hung,) = people(mentions_in_records_of(same))
    assert len(hung.documents) == 2 and len(hung.positions) == 2


def test_the_most_used_spelling_not_in_capitals_names_the_row():
    (thuy, _) = people(mentions_in_records_of(RECORDS[2:] * 3 + RECORDS[1:2] * 2 + RECORDS[:1]))
    assert thuy.name == "Nguyễn Văn Thủy"
    (thuy, _) = people(mentions_in_records_of(RECORDS))
    assert thuy.name == "Nguyễn Văn Thuỷ"  # among equals, the first seen


def test_an_archive_and_its_json_lines_give_the_same_people(tmp_path):
    lines = write_jsonl(RECORDS, tmp_path / "r.jsonl")
    archive = tmp_path / "a.sqlite"
    with open_sink("sqlite", archive, resume=False, single=False, excel=False) as sink:
        for r in RECORDS:
            sink.write(r)
    assert people(mentions_in([archive])) == people(mentions_in([lines]))


def mentions_in_records_of(records: list[dict]):
    from congress_extract.people import mentions_in_records

    return mentions_in_records(records)


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}  # a wide terminal: table cells unwrapped
    return subprocess.run([sys.executable, "-m", "congress_extract", *args], capture_output=True, text=True,
                          timeout=300, env=env)


def test_piped_output_is_json_lines_one_person_a_line(tmp_path):
    out = cli("people", str(write_jsonl(RECORDS, tmp_path / "r.jsonl")))
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert out.returncode == 0 and [r["name"] for r in rows] == ["Nguyễn Văn Thuỷ", "Trần Thị Lan"]
    assert rows[0]["document_count"] == 3 and rows[0]["documents"] == ["a.txt", "b.txt", "c.txt"]
    assert rows[0]["positions"][0] == {"position": "Uỷ viên Ban Thường vụ Liên đoàn Lao động tỉnh", "documents": 2}


def test_csv_has_a_header_and_one_row_per_person(tmp_path):
    out = cli("people", str(write_jsonl(RECORDS, tmp_path / "r.jsonl")), "--format", "csv", "--name", "lan")
    (row,) = csv.DictReader(io.StringIO(out.stdout))
    assert row["name"] == "Trần Thị Lan" and row["positions"] == "Chủ tịch Công đoàn (1)" and row["documents"] == "1"


def test_the_table_names_each_person(tmp_path):
    out = cli("people", str(write_jsonl(RECORDS, tmp_path / "r.jsonl")), "--format", "table")
    assert out.returncode == 0 and "Trần Thị Lan" in out.stdout and "2 people" in out.stdout


def test_a_database_that_is_no_archive_is_a_usage_error(tmp_path):
    import sqlite3

    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    out = cli("people", str(other))
    assert out.returncode == 2 and "not a congress-extract archive" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.skipif(not (SHARED / "corpus" / "union").is_dir(), reason="needs ../shared/corpus")
def test_bui_van_cuong_is_found_across_the_union_corpus_with_positions_and_documents(tmp_path):
    archive = tmp_path / "a.sqlite"
    assert cli("extract", str(SHARED / "corpus" / "union"), "-o", str(archive), "--jobs", "2").returncode == 0
    out = cli("people", str(archive), "--name", "bui van cuong")
    (row,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert row["name"] == "Bùi Văn Cường" and row["document_count"] >= 10
    assert any("Tổng Liên đoàn Lao động" in p["position"] for p in row["positions"])
    assert all(d.startswith(str(SHARED / "corpus" / "union")) for d in row["documents"])


def test_samples_in_an_archive_and_in_json_lines_give_the_same_people(tmp_path):
    assert cli("extract", str(SAMPLES), "-o", str(tmp_path / "s.sqlite")).returncode == 0
    assert cli("extract", str(SAMPLES), "-o", str(tmp_path / "s.jsonl")).returncode == 0
    one, two = cli("people", str(tmp_path / "s.sqlite")), cli("people", str(tmp_path / "s.jsonl"))
    assert one.returncode == 0 and one.stdout == two.stdout and one.stdout.count("\n") >= 5


def test_a_name_written_without_accents_is_its_own_row_but_the_filter_finds_both_ways():
    bare = RECORDS + [record("d.txt", [("Nguyen Van Thuy", ["Chủ tịch Công đoàn ngành"], [])])]
    found = people(mentions_in_records_of(bare), name="Nguyễn Văn Thủy")
    assert sorted(p.name for p in found) == ["Nguyen Van Thuy", "Nguyễn Văn Thuỷ"]
    assert [len(p.documents) for p in found] == [3, 1]
    assert len(people(mentions_in_records_of(bare), name="nguyen van thuy")) == 2
