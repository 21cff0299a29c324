"""The output record of `../shared/CONTRACT.md` (schema congress-extract/1) as dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA = "congress-extract/1"

Span = tuple[int, int]


@dataclass
class Source:
    """Where a record came from. What is not known (the hash of a file that could not be read,
    the format and encoding of bytes that were never decoded) is None, never a made-up value."""

    path: str | None
    sha256: str | None
    bytes: int
    format: str | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Article:
    title: str | None = None
    published: str | None = None
    views: int | None = None
    byline: str | None = None
    text: str = ""


@dataclass
class Removed:
    line: int
    text: str
    reason: str
    rule: str | None = None
    evidence: str | None = None  # why this line: the rule and what it says, or where the line stands


@dataclass
class Event:
    kind: str
    name: str
    ordinal: int | None
    term: dict[str, int] | None
    date: str | None
    location: str | None
    span: Span
    rule: str
    main: bool = False  # the event the article reports (its headline's, else its lead's)


@dataclass
class Date:
    text: str
    value: str
    time: str | None
    role: str
    span: Span
    rule: str


@dataclass
class Term:
    text: str
    start: int
    end: int
    span: Span
    rule: str


@dataclass
class Official:
    name: str
    honorific: str | None
    positions: list[str]
    roles: list[str]
    spans: list[Span]
    rule: str


@dataclass
class Election:
    body: str
    members: int | None
    alternates: int | None
    elected: list[str]
    reelected: bool
    text: str
    span: Span
    rule: str


@dataclass
class Vote:
    kind: str
    subject: str | None
    for_: int | None
    against: int | None
    total: int | None
    percent: float | None
    text: str
    span: Span
    rule: str


@dataclass
class Ratio:
    text: str
    numerator: float
    denominator: float
    unit: str | None
    percent: float | None
    kind: str
    span: Span
    rule: str


@dataclass
class Percentage:
    text: str
    value: float
    qualifier: str
    subject: str | None
    kind: str
    span: Span
    rule: str


FAMILIES = ("events", "dates", "terms", "officials", "elections", "votes", "ratios", "percentages")


@dataclass
class Facts:
    events: list[Event] = field(default_factory=list)
    dates: list[Date] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    elections: list[Election] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    percentages: list[Percentage] = field(default_factory=list)


@dataclass
class Record:
    source: Source
    article: Article = field(default_factory=Article)
    boilerplate: list[Removed] = field(default_factory=list)
    facts: Facts = field(default_factory=Facts)
    status: str = "ok"
    error: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready record, keys in contract order."""
        out: dict[str, Any] = {"schema": SCHEMA, "status": self.status}
        if self.error is not None:
            out["error"] = dict(self.error)
        out["source"] = {**vars(self.source), "warnings": list(self.source.warnings)}
        out["article"] = dict(vars(self.article))
        out["boilerplate"] = [dict(vars(r)) for r in self.boilerplate]  # dataclasses.asdict: 20x slower
        for family in FAMILIES:
            out[family] = [_fact_dict(f) for f in getattr(self.facts, family)]
        return out


def _fact_dict(fact: Any) -> dict[str, Any]:
    out = dict(vars(fact))  # a dataclass sets its fields in order: the contract's key order
    for key, value in out.items():
        if type(value) is tuple:  # a span
            out[key] = list(value)
        elif type(value) is list:  # spans, positions, roles: copies, not the fact's own lists
            out[key] = [list(v) if type(v) is tuple else v for v in value]
        elif type(value) is dict:  # a term
            out[key] = dict(value)
    if "for_" in out:  # a vote's "for" is a keyword in Python
        out = {("for" if k == "for_" else k): v for k, v in out.items()}
    return out
