"""The SQLite archive: normalised rows that say exactly what the JSON records say.

- one `documents` row per record, one row per fact, position, role and elected name;
- spans and rule ids kept, and every span slices the document's text;
- versioned with the record schema (PRAGMA user_version), foreign keys hold;
- `import` of JSON Lines gives the very rows `extract --format sqlite` gives;
- killed with SIGKILL mid-run, the database opens cleanly with every committed
  document once, and --resume completes it to the rows of an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from congress_extract.emit import open_sink
from congress_extract.emit.sqlite import USER_VERSION

from .conftest import SAMPLES, SHARED
from .test_resume import gone, make_inputs, start_batch

UNION = SHARED / "corpus" / "union"


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "congress_extract", *args]


def records_of(folder: Path, tmp: Path) -> list[dict]:
    out = tmp / "records.jsonl"
    subprocess.run(cli("extract", str(folder), "-o", str(out), "--jobs", "2"), check=True, capture_output=True,
                   timeout=300)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def archive_of(records: list[dict], path: Path) -> sqlite3.Connection:
    with open_sink("sqlite", path, resume=False, single=False, excel=False) as sink:
        for record in records:
            sink.write(record)
    return sqlite3.connect(path)


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return list(db.iterdump())


def expected_counts(records: list[dict]) -> dict[str, int]:
    ok = [r for r in records if r["status"] == "ok"]
    people = [o for r in ok for o in r["officials"]]
    bodies = [e for r in ok for e in r["elections"]]
    counts = {family: sum(len(r[family]) for r in ok)
              for family in ("events", "dates", "terms", "officials", "elections", "votes", "ratios", "percentages",
                             "boilerplate")}
    return {"documents": len(records), **counts, "positions": sum(len(o["positions"]) for o in people),
            "roles": sum(len(o["roles"]) for o in people),
            "election_members": sum(len(e["elected"]) for e in bodies)}


def counts(db: sqlite3.Connection) -> dict[str, int]:
    return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in (
        "documents", "events", "dates", "terms", "officials", "elections", "votes", "ratios", "percentages",
        "boilerplate", "positions", "roles", "election_members")}


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("archive")
    records = records_of(SAMPLES, tmp)
    return records, archive_of(records, tmp / "samples.sqlite")


def test_row_counts_equal_the_records_of_the_samples(samples):
    records, db = samples
    assert counts(db) == expected_counts(records)


@pytest.mark.skipif(not UNION.is_dir(), reason="needs ../shared/corpus")
def test_row_counts_equal_the_records_of_the_union_corpus(tmp_path):
    records = records_of(UNION, tmp_path)
    assert counts(archive_of(records, tmp_path / "union.sqlite")) == expected_counts(records)


def test_every_span_slices_its_documents_text_and_keeps_its_rule(samples):
    _, db = samples
    for table, column in (("dates", "text"), ("terms", "text"), ("ratios", "text"), ("percentages", "text"),
                          ("votes", "text"), ("elections", "text")):
        rows = db.execute(f"SELECT substr(d.text, f.span_start + 1, f.span_end - f.span_start), f.{column}, f.rule "
                          f"FROM {table} f JOIN documents d ON d.id = f.document_id").fetchall()
        assert all(sliced == text and rule for sliced, text, rule in rows), table
    for text, name, spans in db.execute("SELECT d.text, o.name, o.spans FROM officials o "
                                        "JOIN documents d ON d.id = o.document_id"):
        assert all(text[a:b] == name for a, b in json.loads(spans))


def test_positions_keep_their_order_and_roles_their_official(samples):
    records, db = samples
    person = next(o for r in records for o in r["officials"] if len(o["positions"]) > 1)
    (official,) = db.execute("SELECT id FROM officials WHERE name = ?", (person["name"],)).fetchone()
    positions = [p for (p,) in db.execute("SELECT position FROM positions WHERE official_id = ? ORDER BY ord",
                                          (official,))]
    roles = {r for (r,) in db.execute("SELECT role FROM roles WHERE official_id = ?", (official,))}
    assert positions == person["positions"] and roles == set(person["roles"])


def test_the_schema_is_versioned_with_the_record_and_its_keys_hold(samples):
    records, db = samples
    assert records[0]["schema"] == f"congress-extract/{USER_VERSION}"
    assert db.execute("PRAGMA user_version").fetchone() == (USER_VERSION,)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    indexed = {(table, column) for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
               for index in db.execute(f"PRAGMA index_list({table})")
               for *_, column in db.execute(f"PRAGMA index_info({index[1]})")}
    assert {("officials", "name"), ("documents", "published"), ("elections", "body"), ("events", "kind")} <= indexed


def test_a_finished_archive_is_one_file(tmp_path):
    out = tmp_path / "a.sqlite"
    subprocess.run(cli("extract", str(SAMPLES), "-o", str(out)), check=True, capture_output=True, timeout=120)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sqlite"]


def test_import_of_json_lines_gives_the_rows_of_format_sqlite(tmp_path):
    direct, lines, imported = tmp_path / "direct.sqlite", tmp_path / "r.jsonl", tmp_path / "imported.sqlite"
    for out in (direct, lines):
        subprocess.run(cli("extract", str(SAMPLES), "-o", str(out), "--jobs", "1"), check=True, capture_output=True,
                       timeout=120)
    done = subprocess.run(cli("import", str(lines), "-o", str(imported)), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "5 records added" in done.stderr
    assert dump(imported) == dump(direct)


def test_importing_the_same_records_again_adds_nothing(tmp_path):
    lines, archive = tmp_path / "r.jsonl", tmp_path / "a.sqlite"
    subprocess.run(cli("extract", str(SAMPLES), "-o", str(lines)), check=True, capture_output=True, timeout=120)
    subprocess.run(cli("import", str(lines), "-o", str(archive)), check=True, capture_output=True, timeout=120)
    again = subprocess.run(cli("import", str(lines), str(lines), "-o", str(archive)), capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0 and "0 records added" in again.stderr and "10 already there" in again.stderr
    assert sqlite3.connect(archive).execute("SELECT count(*) FROM documents").fetchone() == (5,)


def test_import_continues_what_an_interrupted_import_left(tmp_path):
    lines, archive = tmp_path / "r.jsonl", tmp_path / "a.sqlite"
    subprocess.run(cli("extract", str(SAMPLES), "-o", str(lines)), check=True, capture_output=True, timeout=120)
    records = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    sink = open_sink("sqlite", archive, resume=False, single=False, excel=False)
    for record in records[:2]:
        sink.write(record)
    sink.stop()  # what Ctrl-C leaves: archive.sqlite.part
    done = subprocess.run(cli("import", str(lines), "-o", str(archive)), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "3 records added" in done.stderr and "2 already there" in done.stderr
    assert archive.exists() and not (tmp_path / "a.sqlite.part").exists()
    assert sqlite3.connect(archive).execute("SELECT count(*) FROM documents").fetchone() == (5,)


class _StoppedAt:
    """A connection that takes Ctrl-C while inserting into `table`, once: where a stop lands mid-commit."""

    def __init__(self, db: sqlite3.Connection, table: str):
        self.db, self.table, self.rang = db, table, False

    def __getattr__(self, name):
        return getattr(self.db, name)

    def __enter__(self):
        return self.db.__enter__()

    def __exit__(self, *exc):
        return self.db.__exit__(*exc)

    def executemany(self, sql, rows):
        if not self.rang and sql.startswith(f"INSERT INTO {self.table} "):
            self.rang = True
            raise KeyboardInterrupt
        return self.db.executemany(sql, rows)


def test_a_stop_inside_a_commit_leaves_whole_records_only(tmp_path):
    """Ctrl-C while a chunk is written rolls the chunk back; stopping then commits the records
    buffered after it and the archive holds no fact without its document."""
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((SAMPLES / "expected").glob("*.json"))]
    archive = tmp_path / "a.sqlite"
    sink = open_sink("sqlite", archive, resume=False, single=False, excel=False)
    sink.db = _StoppedAt(sink.db, "dates")
    sink.write(records[0])
    with pytest.raises(KeyboardInterrupt):
        sink.commit()
    sink.write(records[1])
    sink.stop()
    with closing(sqlite3.connect(tmp_path / "a.sqlite.part")) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert [p for (p,) in db.execute("SELECT path FROM documents")] == [records[1]["source"]["path"]]
        assert db.execute("SELECT count(*) FROM dates").fetchone() == (len(records[1]["dates"]),)


def test_import_reports_lines_that_are_no_records(tmp_path):
    lines = tmp_path / "r.jsonl"
    lines.write_text('{"not": "a record"}\n[1, 2]\n', encoding="utf-8")
    out = subprocess.run(cli("import", str(lines), "-o", str(tmp_path / "a.sqlite")), capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 1 and out.stderr.count("not a congress-extract record") == 2
    assert "Traceback" not in out.stderr


def test_resuming_a_file_that_is_no_archive_is_a_usage_error(tmp_path):
    out = tmp_path / "a.sqlite"
    out.write_text("not a database, but a note somebody kept\n" * 100)
    done = subprocess.run(cli("extract", str(SAMPLES), "-o", str(out), "--resume"), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert out.read_text().startswith("not a database") and not (tmp_path / "a.sqlite.part").exists()


def test_another_programs_database_is_refused_untouched(tmp_path):
    out = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(out)) as db:
        db.execute("CREATE TABLE notes (x)")
        db.commit()
    before = out.read_bytes()
    done = subprocess.run(cli("extract", str(SAMPLES), "-o", str(out), "--resume"), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and "not a congress-extract archive" in done.stderr
    assert out.read_bytes() == before


def committed(path: Path) -> int:
    try:
        with closing(sqlite3.connect(path)) as db:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_stopped_run_leaves_an_archive_that_opens_and_resume_completes_it(tmp_path, sig):
    inputs = make_inputs(tmp_path / "in")
    clean = tmp_path / "clean.sqlite"
    subprocess.run(cli("extract", str(tmp_path / "in"), "-o", str(clean), "--jobs", "2"), check=True,
                   capture_output=True, timeout=120)
    out, part = tmp_path / "out.sqlite", tmp_path / "out.sqlite.part"
    proc = start_batch(cli("extract", str(tmp_path / "in"), "-o", str(out), "--jobs", "2"))
    try:
        deadline = time.monotonic() + 60  # a hang guard, not a speed claim
        while committed(part) < len(inputs) // 5:
            assert proc.poll() is None, "the batch finished before it could be killed"
            assert time.monotonic() < deadline, "too few documents committed in time"
            time.sleep(0.01)
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=15)
        assert gone(proc.pid), "worker processes outlived the batch"
    finally:
        if proc.poll() is None or not gone(proc.pid, timeout=0):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == (130 if sig == signal.SIGINT else -signal.SIGKILL), stderr.decode(errors="replace")[-2000:]
    assert part.exists() and not out.exists()
    with closing(sqlite3.connect(part)) as db:  # closed: an open reader would keep the finished run from closing
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        paths = [p for (p,) in db.execute("SELECT path FROM documents")]
    assert 0 < len(paths) < len(inputs) and len(set(paths)) == len(paths)

    again = subprocess.run(cli("extract", str(tmp_path / "in"), "-o", str(out), "--jobs", "2", "--resume"),
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"{len(paths)} already done" in again.stderr
    with closing(sqlite3.connect(out)) as db:
        assert sorted(p for (p,) in db.execute("SELECT path FROM documents")) == inputs
    assert dump(out) == dump(clean)
