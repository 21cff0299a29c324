"""What every fact family sees: the text, the stamp, the rules, the facts so far, a deadline."""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Iterable, Iterator

import regex

from ..patterns import Rule, RuleSet
from ..record import Facts


MATCH_REACH = 300  # what follows a match and still belongs to it: a unit, a subject, positions


class BudgetExceeded(TimeoutError):
    """The document used up its time budget (a pathological input, not a crash)."""


@dataclass
class Context:
    text: str
    rules: RuleSet
    deadline: float | None = None
    stamp_span: tuple[int, int] | None = None
    published: date | None = None
    exclude: list[tuple[int, int]] = field(default_factory=list)  # the byline: no officials there
    facts: Facts = field(default_factory=Facts)

    _triggered_in_text: dict[regex.Pattern, bool] = field(default_factory=dict, init=False, repr=False)

    def finditer(self, rule: Rule, text: str | None = None, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
        """Matches of a rule, bounded by the document's time budget.

        A rule may declare `trigger_pattern`: a cheap pattern that every match of the
        rule contains. Where the trigger does not occur, the rule is not run (checked
        once per document). A rule that also declares `trigger_lead` (how far before
        the trigger a match may start) is only tried around the trigger's occurrences:
        a rule that opens with optional words ("Sáng ngày 14/8") otherwise makes the
        engine try it at every character of the text.
        """
        target = self.text if text is None else text
        if not self._triggered(rule, target):
            return
        end = len(target) if endpos is None else endpos
        if self.deadline is not None and self.deadline - time.monotonic() <= 0:
            raise BudgetExceeded(f"time budget used up before rule {rule.id}")
        lead = rule.attrs.get("trigger_lead")
        matches = (self._around_triggers(rule, lead, target, pos, end) if lead is not None
                   else rule.regex.finditer(target, pos, end, timeout=self._remaining()))
        try:
            yield from matches
        except TimeoutError as exc:
            raise BudgetExceeded(f"rule {rule.id} ran past the time budget") from exc

    def _around_triggers(self, rule: Rule, lead: int, target: str, pos: int, end: int) -> Iterator[regex.Match]:
        """What `rule.regex.finditer` yields, searched only from `lead` characters before each
        trigger occurrence. A match found there that starts after the occurrence belongs to a
        later one and is left to it, so each match is searched with its own reach ahead."""
        last = pos
        for t in rule.attrs["trigger_pattern"].finditer(target, pos, end, overlapped=True,
                                                        timeout=self._remaining()):
            if t.start() < last:
                continue
            m = rule.regex.search(target, max(last, t.start() - lead), min(end, t.end() + MATCH_REACH),
                                  timeout=self._remaining())
            if m is not None and m.start() <= t.start():
                yield m
                last = max(m.end(), m.start() + 1)

    def _remaining(self) -> float | None:
        return None if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    def match_at(self, pattern: regex.Pattern, pos: int, reach: int = MATCH_REACH) -> regex.Match | None:
        """`pattern.match` at `pos`, looking at most `reach` characters ahead.

        Without the bound, `regex` first searches the whole rest of the text for the
        pattern's required literal: linear per call, quadratic per document.
        """
        return pattern.match(self.text, pos, min(len(self.text), pos + reach))

    def _triggered(self, rule: Rule, target: str) -> bool:
        trigger = rule.attrs.get("trigger_pattern")
        if trigger is None:
            return True
        if target is not self.text:
            return trigger.search(target) is not None
        found = self._triggered_in_text.get(trigger)
        if found is None:
            found = self._triggered_in_text[trigger] = trigger.search(target) is not None
        return found


class Spans:
    """Spans taken so far, kept sorted, so that "does this overlap one?" costs a bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self._starts: list[int] = []
        self._ends: list[int] = []
        for span in spans:
            self.add(span)

    def add(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_left(self._starts, span[0])
        self._starts.insert(i, span[0])
        self._ends.insert(i, span[1])

    def overlaps(self, span: tuple[int, int]) -> bool:
        i = bisect.bisect_left(self._starts, span[1])  # spans starting before this one ends
        if i == 0:
            return False
        # Taken spans do not overlap each other, so only the nearest ones can reach this one.
        return any(self._ends[j] > span[0] and self._starts[j] < span[1] for j in range(max(0, i - 8), i))


# Where sentences end: a line break, or . ! ? … before white space ("TP. HCM" goes on).
_BOUNDARY = regex.compile(r"\n|(?<!(?<![\p{L}])(?:TP|Tp|TX|TT|Q|H|P))[.!?…](?=\s|$)")
# Facts read cues from their sentence; a dump without punctuation must not make that the whole text.
MAX_SENTENCE_REACH = 600


@lru_cache(maxsize=8)
def _sentences(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of every sentence, found once per text (str hashes are cached)."""
    starts, ends = [0], []
    for m in _BOUNDARY.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence (or line) around a position, at most MAX_SENTENCE_REACH characters each way."""
    starts, ends = _sentences(text)
    i = bisect.bisect_right(starts, pos) - 1
    return max(starts[i], pos - MAX_SENTENCE_REACH), min(ends[i], pos + MAX_SENTENCE_REACH)


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause around a position: its sentence, cut at semicolons."""
    s0, s1 = sentence_bounds(text, pos)
    left = text.rfind(";", s0, pos)
    right = text.find(";", pos, s1)
    return (left + 1 if left >= 0 else s0), (right if right >= 0 else s1)


def first_from(facts: list, start: int) -> int:
    """Index of the first fact (sorted by span) that starts at or after `start`."""
    lo, hi = 0, len(facts)
    while lo < hi:
        mid = (lo + hi) // 2
        if facts[mid].span[0] < start:
            lo = mid + 1
        else:
            hi = mid
    return lo
