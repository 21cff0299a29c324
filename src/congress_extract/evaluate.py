"""Score records against gold files (the format of ../shared/gold/*.json), field by field.

Matching follows the last section of ../shared/devgold/GUIDE.md, the way the hidden set
is scored: dates by value (a gold "--MM-DD" matches any year), terms by (start, end),
ordinals as a set, officials by name after folding case and tone placement, a position
matching a gold position of that person when they share at least half their words (of
the longer one), ratios by (numerator, denominator) and percentages by value per mention,
elections by (body, members, alternates) for committees and delegations of a stated size
of 2 or more only, votes as the distinct tallies with a figure by (kind, for, percent),
and the main event (the record's event marked `main`) by kind, ordinal and date (a day
without its year matches the same day), the term only when both sides give one.
The page (title, published, views, byline, boilerplate), which that section does not
compare, is scored as well and reported apart.
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

# The fields the GUIDE's last section compares (how the hidden set is scored), in its order.
COMPARED = ("dates", "terms", "ordinals", "percentages", "ratios", "officials", "positions", "elections", "votes",
            "main_event")
# The page the clean stage keeps: gold files carry these too, and the GUIDE defines them, but its
# comparison leaves them out; scored the same way, reported apart.
PAGE = ("title", "published", "views", "byline", "boilerplate")
FIELDS = COMPARED + PAGE


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

    @property
    def empty(self) -> bool:
        """No gold items and no predictions: nothing was measured (not a perfect score)."""
        return self.tp + self.fp + self.fn == 0


@dataclass
class Report:
    scores: dict[str, Score]
    documents: int  # the documents scored
    unscored: list[str] = field(default_factory=list)  # "GOLD: why it could not be scored", one per gold file

    def to_dict(self) -> dict[str, Any]:
        measure = lambda s, value: None if s.empty else round(value, 4)
        return {
            "documents": self.documents,
            "unscored": list(self.unscored),
            "fields": {
                name: {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": measure(s, s.precision),
                       "recall": measure(s, s.recall), "f1": measure(s, s.f1), "compared": name in COMPARED}
                for name, s in self.scores.items()
            },
        }


class Unscorable(ValueError):
    """A gold file that cannot be scored: unreadable, not a gold file, or its input is missing."""


def evaluate(gold_dir: Path, inputs_dir: Path, rules: RuleSet | None = None) -> Report:
    """Scores over every gold file whose input can be read; the others are listed in `unscored`."""
    scores = {name: Score() for name in FIELDS}
    scored, unscored = 0, []
    for gold_path in sorted(gold_dir.glob("*.json")):
        try:
            gold, source, data = read_case(gold_path, inputs_dir)
        except Unscorable as exc:
            unscored.append(f"{gold_path}: {exc}")
            continue
        record = extract(data, path=str(source), rules=rules).to_dict()
        score_document(gold, record, scores, gold["file"])
        scored += 1
    return Report(scores, scored, unscored)


def read_case(gold_path: Path, inputs_dir: Path) -> tuple[dict, Path, bytes]:
    """A gold file, the path of the input it names, and that input's bytes."""
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Unscorable(f"not a readable gold file ({exc})") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("file"), str):
        raise Unscorable('not a gold file: no "file" naming its input')
    source = inputs_dir / gold["file"]
    try:
        return gold, source, source.read_bytes()
    except FileNotFoundError as exc:
        raise Unscorable(f"its input {source} does not exist") from exc
    except OSError as exc:
        raise Unscorable(f"its input {source} cannot be read ({exc.strerror or exc})") from exc


def _norm(text: Any) -> Any:
    if isinstance(text, str):
        return " ".join(unicodedata.normalize("NFC", text).split())
    return text


def score_document(gold: dict, rec: dict, scores: dict[str, Score], doc: str) -> None:
    """Adds one record's agreement with its gold file to `scores` (errors named after `doc`)."""
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
    _main_event(scores["main_event"], gold.get("main_event"), main, doc)

    gold_people = {fold(o["name"]): o for o in gold.get("officials", [])}
    pred_people = {fold(o["name"]): o for o in rec.get("officials", [])}
    _multiset(scores["officials"], set(gold_people), set(pred_people), doc)
    for key, person in gold_people.items():
        predicted = pred_people[key].get("positions", []) if key in pred_people else []
        _positions(scores["positions"], person.get("positions", []), predicted, f"{doc}: {person['name']}")

    _multiset(scores["elections"], Counter(map(_election_key, filter(_scored_election, gold.get("elections", [])))),
              Counter(map(_election_key, filter(_scored_election, rec.get("elections", [])))), doc)
    vote_key: Callable[[dict], tuple] = lambda v: (v.get("kind"), v.get("for"), _num(v.get("percent")))
    _multiset(scores["votes"], {vote_key(v) for v in gold.get("votes", []) if _has_figure(v)},
              {vote_key(v) for v in rec.get("votes", []) if _has_figure(v)}, doc)
    _multiset(scores["ratios"], Counter((_num(a), _num(b)) for a, b in gold.get("ratios", [])),
              Counter((_num(r["numerator"]), _num(r["denominator"])) for r in rec.get("ratios", [])), doc)
    _multiset(scores["percentages"], Counter(_num(p) for p in gold.get("percentages", [])),
              Counter(_num(p["value"]) for p in rec.get("percentages", [])), doc)


_BODIES_SCORED_BY_POSITION = {"chair", "vice_chair"}


def _scored_election(election: dict) -> bool:
    """Committees and delegations of a stated size of 2 or more; single posts count through positions."""
    members = election.get("members")
    return election.get("body") not in _BODIES_SCORED_BY_POSITION and isinstance(members, int) and members >= 2


def _election_key(election: dict) -> tuple:
    return (election["body"], election.get("members"), election.get("alternates"))


def _has_figure(vote: dict) -> bool:
    return vote.get("for") is not None or vote.get("percent") is not None


def _term(event: dict) -> tuple | None:
    """Gold writes the term as [start, end], records as {start, end}."""
    term = event.get("term")
    if isinstance(term, dict):
        return (term["start"], term["end"])
    return tuple(term) if term else None


def _same_day(a: str | None, b: str | None) -> bool:
    """Equal dates, or the same "-MM-DD" where either side is written without its year ("--MM-DD")."""
    if a is None or b is None:
        return a == b
    return a == b or ((a.startswith("--") or b.startswith("--")) and a[-6:] == b[-6:])


def _main_event(score: Score, gold: dict | None, pred: dict | None, doc: str) -> None:
    """Kind, ordinal and date agree (a yearless day matches that day); the term only when both give one."""
    if gold and pred:
        gold_term, pred_term = _term(gold), _term(pred)
        if (gold.get("kind") == pred.get("kind") and gold.get("ordinal") == pred.get("ordinal")
                and _same_day(gold.get("date"), pred.get("date"))
                and (gold_term is None or pred_term is None or gold_term == pred_term)):
            score.tp += 1
            return
    describe = lambda e: (e.get("kind"), e.get("ordinal"), e.get("date"), _term(e))
    if pred:
        score.fp += 1
        score.errors.append(f"{doc}: extra {describe(pred)!r}")
    if gold:
        score.fn += 1
        score.errors.append(f"{doc}: missed {describe(gold)!r}")


def _words(text: str) -> list[str]:
    return fold(text).replace(",", " ").split()


def _overlap(gold: str, pred: str) -> bool:
    """Two wordings of one position: they share at least half the words of the longer one."""
    g, p = Counter(_words(gold)), Counter(_words(pred))
    return sum((g & p).values()) * 2 >= max(sum(g.values()), sum(p.values()), 1)


def _positions(score: Score, gold: list[str], pred: list[str], who: str) -> None:
    """Pair each gold position with one predicted position of the same person, exact wordings first."""
    free = list(pred)
    unmatched = []
    for g in sorted(gold, key=lambda g: fold(g) not in map(fold, free)):
        hit = next((p for p in free if fold(p) == fold(g)), None) or next((p for p in free if _overlap(g, p)), None)
        if hit is None:
            unmatched.append(g)
        else:
            free.remove(hit)
            score.tp += 1
    for g in unmatched:
        score.fn += 1
        score.errors.append(f"{who}: missed {g!r}")
    for p in free:
        score.fp += 1
        score.errors.append(f"{who}: extra {p!r}")


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
