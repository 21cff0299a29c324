"""SQLite: the records as one normalised database, for questions across many articles.

Rows are buffered and written one transaction per chunk of records, so a run killed
at any moment leaves a database that opens cleanly and holds every committed document
exactly once (the write-ahead log rolls back a half-written chunk). Row ids are given
here, not by SQLite, so each table is filled with one `executemany` per chunk.
`PRAGMA user_version` is the major version of the record schema the rows follow.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Callable

from .base import Done, Sink, partial, reopen

USER_VERSION = 1  # record schema "congress-extract/1"
CHUNK = 16  # records per transaction: the batch's chunk

DDL = """
CREATE TABLE documents (
  id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT, bytes INTEGER, format TEXT, encoding TEXT,
  warnings TEXT,                       -- JSON array of source warnings
  status TEXT NOT NULL, error_type TEXT, error TEXT,
  title TEXT, published TEXT, views INTEGER, byline TEXT, text TEXT);
CREATE TABLE events (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  kind TEXT NOT NULL, name TEXT, ordinal INTEGER, term_start INTEGER, term_end INTEGER, date TEXT,
  location TEXT, main INTEGER NOT NULL, span_start INTEGER, span_end INTEGER, rule TEXT);
CREATE TABLE dates (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  text TEXT, value TEXT, time TEXT, role TEXT, span_start INTEGER, span_end INTEGER, rule TEXT);
CREATE TABLE terms (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  text TEXT, start_year INTEGER, end_year INTEGER, span_start INTEGER, span_end INTEGER, rule TEXT);
CREATE TABLE officials (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  name TEXT NOT NULL, name_key TEXT NOT NULL, -- name_key: the name folded for case and tone placement
  honorific TEXT, spans TEXT,          -- spans: JSON array of [start, end], one per mention
  rule TEXT);
CREATE TABLE positions (
  id INTEGER PRIMARY KEY, official_id INTEGER NOT NULL REFERENCES officials(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, position TEXT NOT NULL);
CREATE TABLE roles (
  id INTEGER PRIMARY KEY, official_id INTEGER NOT NULL REFERENCES officials(id) ON DELETE CASCADE,
  role TEXT NOT NULL);
CREATE TABLE elections (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  body TEXT NOT NULL, members INTEGER, alternates INTEGER, reelected INTEGER NOT NULL,
  text TEXT, span_start INTEGER, span_end INTEGER, rule TEXT);
CREATE TABLE election_members (
  id INTEGER PRIMARY KEY, election_id INTEGER NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE votes (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  kind TEXT NOT NULL, subject TEXT, votes_for INTEGER, votes_against INTEGER, total INTEGER, percent REAL,
  text TEXT, span_start INTEGER, span_end INTEGER, rule TEXT);
CREATE TABLE ratios (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  text TEXT, numerator REAL, denominator REAL, unit TEXT, percent REAL, kind TEXT,
  span_start INTEGER, span_end INTEGER, rule TEXT);
CREATE TABLE percentages (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  text TEXT, value REAL, qualifier TEXT, subject TEXT, kind TEXT,
  span_start INTEGER, span_end INTEGER, rule TEXT);
CREATE TABLE boilerplate (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  line INTEGER, text TEXT, reason TEXT, rule TEXT);
CREATE INDEX documents_source ON documents(path, sha256);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX officials_name ON officials(name);
CREATE INDEX officials_name_key ON officials(name_key);
CREATE INDEX elections_body ON elections(body);
CREATE INDEX events_kind ON events(kind);
CREATE INDEX ratios_kind ON ratios(kind);
CREATE INDEX percentages_kind ON percentages(kind);
CREATE INDEX votes_kind ON votes(kind);
CREATE INDEX positions_position ON positions(position);
""" + "".join(
    f"CREATE INDEX {table}_{parent} ON {table}({parent}_id);\n"
    for table, parent in (("events", "document"), ("dates", "document"), ("terms", "document"),
                          ("officials", "document"), ("positions", "official"), ("roles", "official"),
                          ("elections", "document"), ("election_members", "election"), ("votes", "document"),
                          ("ratios", "document"), ("percentages", "document"), ("boilerplate", "document")))

Row = tuple[Any, ...]


def _span(fact: dict[str, Any]) -> tuple[Any, Any]:
    span = fact.get("span") or (None, None)
    return span[0], span[1]


# Per fact family without child rows: the columns after (id, document_id), and the values of one fact.
_FACTS: dict[str, tuple[tuple[str, ...], Callable[[dict[str, Any]], Row]]] = {
    "events": (("kind", "name", "ordinal", "term_start", "term_end", "date", "location", "main",
                "span_start", "span_end", "rule"),
               lambda f: (f["kind"], f.get("name"), f.get("ordinal"), (f.get("term") or {}).get("start"),
                          (f.get("term") or {}).get("end"), f.get("date"), f.get("location"), int(bool(f.get("main"))),
                          *_span(f), f.get("rule"))),
    "dates": (("text", "value", "time", "role", "span_start", "span_end", "rule"),
              lambda f: (f.get("text"), f.get("value"), f.get("time"), f.get("role"), *_span(f), f.get("rule"))),
    "terms": (("text", "start_year", "end_year", "span_start", "span_end", "rule"),
              lambda f: (f.get("text"), f.get("start"), f.get("end"), *_span(f), f.get("rule"))),
    "votes": (("kind", "subject", "votes_for", "votes_against", "total", "percent", "text", "span_start", "span_end",
               "rule"),
              lambda f: (f["kind"], f.get("subject"), f.get("for"), f.get("against"), f.get("total"), f.get("percent"),
                         f.get("text"), *_span(f), f.get("rule"))),
    "ratios": (("text", "numerator", "denominator", "unit", "percent", "kind", "span_start", "span_end", "rule"),
               lambda f: (f.get("text"), f.get("numerator"), f.get("denominator"), f.get("unit"), f.get("percent"),
                          f.get("kind"), *_span(f), f.get("rule"))),
    "percentages": (("text", "value", "qualifier", "subject", "kind", "span_start", "span_end", "rule"),
                    lambda f: (f.get("text"), f.get("value"), f.get("qualifier"), f.get("subject"), f.get("kind"),
                               *_span(f), f.get("rule"))),
    "boilerplate": (("line", "text", "reason", "rule"),
                    lambda f: (f.get("line"), f.get("text"), f.get("reason"), f.get("rule"))),
}
_DOCUMENT = ("id", "path", "sha256", "bytes", "format", "encoding", "warnings", "status", "error_type", "error",
             "title", "published", "views", "byline", "text")
_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": _DOCUMENT,
    **{family: ("id", "document_id", *columns) for family, (columns, _) in _FACTS.items()},
    "officials": ("id", "document_id", "name", "name_key", "honorific", "spans", "rule"),
    "positions": ("official_id", "ord", "position"),
    "roles": ("official_id", "role"),
    "elections": ("id", "document_id", "body", "members", "alternates", "reelected", "text",
                  "span_start", "span_end", "rule"),
    "election_members": ("election_id", "ord", "name"),
}
_INSERT = {table: f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
           for table, cols in _COLUMNS.items()}
_PARENTS = ("documents", "officials", "elections", *_FACTS)  # tables whose ids are given here


class SqliteSink(Sink):
    resumable = True

    def __init__(self, output: Path, connection: sqlite3.Connection, done: Done):
        self.output, self.db, self.done = output, connection, done
        self.buffered: list[dict[str, list[Row]]] = []  # each record's rows by table, since the last commit
        self.next_id = {table: (connection.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0) + 1
                        for table in _PARENTS}

    @classmethod
    def open(cls, output: Path | None, *, resume: bool, single: bool, excel: bool) -> Sink:
        if output is None:
            raise ValueError("sqlite output needs a file (-o FILE)")
        finished = resume and output.exists() and not partial(output).exists()
        part = reopen(output) if resume else None
        if part is None:
            part = partial(output)
            for stale in (part, *(part.with_name(part.name + s) for s in ("-wal", "-shm", "-journal"))):
                stale.unlink(missing_ok=True)
        try:
            db = connect(part)
        except (ValueError, sqlite3.DatabaseError):
            if finished:
                os.replace(part, output)  # a file refused is left as it was
            raise
        done: Done = {}
        for path, sha in db.execute("SELECT path, sha256 FROM documents"):
            done.setdefault(path, set()).add(sha)
        return cls(output, db, done)

    def write(self, record: dict[str, Any]) -> None:
        self.buffered.append(self._rows(record))  # one step: a Ctrl-C leaves a record wholly buffered or not at all
        if len(self.buffered) >= CHUNK:
            self.commit()

    def commit(self) -> None:
        """One transaction for the records buffered since the last one.

        The buffer is taken before the transaction: a stop inside it rolls it back, and those
        records are then in neither (a --resume redoes them). Cleared after, a stop there left
        a facts table's rows whose documents had been rolled back: "FOREIGN KEY constraint failed"
        when stopping committed the rest, and a traceback instead of the interrupted run's exit.
        """
        records, self.buffered = self.buffered, []
        with self.db:
            for table, insert in _INSERT.items():
                rows = [row for record in records for row in record.get(table, ())]
                if rows:
                    self.db.executemany(insert, rows)

    def finish(self) -> None:
        self.commit()
        self.db.execute("PRAGMA journal_mode=DELETE")  # a finished archive is one self-contained file
        self.db.close()
        os.replace(partial(self.output), self.output)

    def stop(self) -> None:
        self.commit()
        self.db.close()

    def _id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def _rows(self, record: dict[str, Any]) -> dict[str, list[Row]]:
        """The rows one record adds to each table, with fresh ids."""
        from ..extract.officials import fold  # here, not at the top: `--help` imports this module, not the engine

        rows: dict[str, list[Row]] = {table: [] for table in _COLUMNS}
        doc = self._id("documents")
        src = record.get("source") or {}
        err = record.get("error") or {}
        art = record.get("article") or {}
        warnings = src.get("warnings")
        rows["documents"].append((
            doc, src.get("path"), src.get("sha256"), src.get("bytes"), src.get("format"), src.get("encoding"),
            json.dumps(warnings, ensure_ascii=False) if warnings is not None else None,
            record.get("status"), err.get("type"), err.get("message"),
            art.get("title"), art.get("published"), art.get("views"), art.get("byline"), art.get("text")))
        for family, (_, values) in _FACTS.items():
            rows[family].extend((self._id(family), doc, *values(fact)) for fact in record.get(family) or ())
        for person in record.get("officials") or ():
            official = self._id("officials")
            rows["officials"].append((
                official, doc, person["name"], fold(person["name"]), person.get("honorific"),
                json.dumps(person.get("spans") or []), person.get("rule")))
            rows["positions"].extend((official, i, p) for i, p in enumerate(person.get("positions") or ()))
            rows["roles"].extend((official, r) for r in person.get("roles") or ())
        for body in record.get("elections") or ():
            election = self._id("elections")
            rows["elections"].append((
                election, doc, body["body"], body.get("members"), body.get("alternates"),
                int(bool(body.get("reelected"))), body.get("text"), *_span(body), body.get("rule")))
            rows["election_members"].extend((election, i, n) for i, n in enumerate(body.get("elected") or ()))
        return rows

def connect(path: Path) -> sqlite3.Connection:
    """Open (creating the tables in a new file) an archive of this record schema's version.

    Any other database is refused before anything in it is changed.
    """
    db = sqlite3.connect(path)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        empty = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        if version != USER_VERSION and not (version == 0 and empty):
            raise ValueError(f"{path} is not a congress-extract archive of schema version {USER_VERSION}")
    except (ValueError, sqlite3.DatabaseError):
        db.close()
        raise
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")  # a killed process loses nothing committed; a power cut, the last chunks
    db.execute("PRAGMA foreign_keys=ON")
    if empty:
        db.executescript(f"BEGIN; {DDL} PRAGMA user_version={USER_VERSION}; COMMIT;")
    return db
