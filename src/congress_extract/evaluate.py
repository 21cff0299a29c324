"""Score records against gold files (the format of ../shared/gold/*.json), field by field.

Matching follows what the gold files imply: dates by value (a gold "--MM-DD" matches
any year), terms by (start, end), officials by name, positions one by one after
folding case and tone placement, ratios by (numerator, denominator), percentages by
value, elections by (body, members, alternates), votes by (kind, for, percent), and
the main event (the record's event marked `main`) by (kind, ordinal, date, term).
Lists are compared as multisets, except dates, terms, ordinals and officials (sets).
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .extract.officials import fold
from .patterns import RuleSet
from .pipeline import extract

FIELDS = ("title", "published", "views", "byline", "boilerplate", "dates", "terms", "ordinals", "main_event",
          "officials", "positions", "elections", "votes", "ratios", "percentages")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict[str, Score]
    documents: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "fields": {
                name: {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": round(s.precision, 4),
                       "recall": round(s.recall, 4), "f1": round(s.f1, 4)}
                for name, s in self.scores.items()
            },
        }


def evaluate(gold_dir: Path, inputs_dir: Path, rules: RuleSet | None = None) -> Report:
    scores = {name: Score() for name in FIELDS}
    golds = sorted(gold_dir.glob("*.json"))
    for gold_path in golds:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = inputs_dir / gold["file"]
        record = extract(source.read_bytes(), path=str(source), rules=rules).to_dict()
        _score_document(gold, record, scores, gold["file"])
    return Report(scores, len(golds))


def _norm(text: Any) -> Any:
    if isinstance(text, str):
        return " ".join(unicodedata.normalize("NFC", text).split())
    return text


def _score_document(gold: dict, rec: dict, scores: dict[str, Score], doc: str) -> None:
    art = rec.get("article", {})
    for name in ("title", "published", "views", "byline"):
        _single(scores[name], _norm(gold.get(name)), _norm(art.get(name)), doc)
    neutral = set(gold.get("neutral", []))
    removed = {b["line"] for b in rec.get("boilerplate", [])} - neutral
    _multiset(scores["boilerplate"], set(gold.get("boilerplate", [])) - neutral, removed, doc)

    _dates(scores["dates"], set(gold.get("dates", [])), {d["value"] for d in rec.get("dates", [])}, doc)
    _multiset(scores["terms"], {tuple(t) for t in gold.get("terms", [])},
              {(t["start"], t["end"]) for t in rec.get("terms", [])}, doc)
    _multiset(scores["ordinals"], set(gold.get("ordinals", [])),
              {e["ordinal"] for e in rec.get("events", []) if e.get("ordinal") is not None}, doc)

    main = next((e for e in rec.get("events", []) if e.get("main")), None)
    gold_main = gold.get("main_event")
    _single(scores["main_event"], _event_key(gold_main, list_term=True), _event_key(main), doc)

    gold_people = {fold(o["name"]): o for o in gold.get("officials", [])}
    pred_people = {fold(o["name"]): o for o in rec.get("officials", [])}
    _multiset(scores["officials"], set(gold_people), set(pred_people), doc)
    gold_pos, pred_pos = Counter(), Counter()
    for key, person in gold_people.items():
        gold_pos.update((key, fold(p)) for p in person.get("positions", []))
        if key in pred_people:
            pred_pos.update((key, fold(p)) for p in pred_people[key].get("positions", []))
    _multiset(scores["positions"], gold_pos, pred_pos, doc)

    _multiset(scores["elections"], Counter((e["body"], e.get("members"), e.get("alternates")) for e in gold.get("elections", [])),
              Counter((e["body"], e.get("members"), e.get("alternates")) for e in rec.get("elections", [])), doc)
    vote_key: Callable[[dict], tuple] = lambda v: (v.get("kind"), v.get("for"), _num(v.get("percent")))
    _multiset(scores["votes"], Counter(map(vote_key, gold.get("votes", []))), Counter(map(vote_key, rec.get("votes", []))), doc)
    _multiset(scores["ratios"], Counter((_num(a), _num(b)) for a, b in gold.get("ratios", [])),
              Counter((_num(r["numerator"]), _num(r["denominator"])) for r in rec.get("ratios", [])), doc)
    _multiset(scores["percentages"], Counter(_num(p) for p in gold.get("percentages", [])),
              Counter(_num(p["value"]) for p in rec.get("percentages", [])), doc)


def _event_key(event: dict | None, list_term: bool = False) -> tuple | None:
    """(kind, ordinal, date, term): gold writes the term as [start, end], records as {start, end}."""
    if not event:
        return None
    term = event.get("term")
    if term and not list_term:
        term = [term["start"], term["end"]]
    return (event.get("kind"), event.get("ordinal"), event.get("date"), tuple(term) if term else None)


def _num(value: Any) -> Any:
    return float(value) if isinstance(value, (int, float)) else value


def _single(score: Score, gold: Any, pred: Any, doc: str) -> None:
    if gold is not None and gold == pred:
        score.tp += 1
        return
    if pred is not None:
        score.fp += 1
        score.errors.append(f"{doc}: extra {pred!r}")
    if gold is not None:
        score.fn += 1
        score.errors.append(f"{doc}: missed {gold!r}")


def _multiset(score: Score, gold, pred, doc: str) -> None:
    gold, pred = Counter(gold), Counter(pred)
    score.tp += sum((gold & pred).values())
    for item, n in (pred - gold).items():
        score.fp += n
        score.errors.append(f"{doc}: extra {item!r}" + (f" x{n}" if n > 1 else ""))
    for item, n in (gold - pred).items():
        score.fn += n
        score.errors.append(f"{doc}: missed {item!r}" + (f" x{n}" if n > 1 else ""))


def _dates(score: Score, gold: set[str], pred: set[str], doc: str) -> None:
    """A gold "--MM-DD" (year unknown) matches a predicted date of any year on that day."""
    unmatched = set(pred)
    for g in sorted(gold):
        hit = next((p for p in sorted(unmatched) if p == g or (g.startswith("--") and p.endswith(g[1:]))), None)
        if hit is None:
            score.fn += 1
            score.errors.append(f"{doc}: missed {g!r}")
        else:
            score.tp += 1
            unmatched.discard(hit)
    for p in sorted(unmatched):
        score.fp += 1
        score.errors.append(f"{doc}: extra {p!r}")
