"""What every fact family sees: the text, the stamp, the rules, the facts so far, a deadline."""

from __future__ import annotations

import bisect
import itertools
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Iterator

import regex

from ..patterns import CONCURRENT, Rule, RuleSet
from ..record import Facts


MATCH_REACH = 300  # what follows a match and still belongs to it: a unit, a subject, positions
# Matches of one rule in one document: an article has a few dozen; past this many the text is a
# table or a log, and the rest of it is not read for that rule (the record's warnings say so).
MAX_MATCHES_PER_RULE = 10_000

# Where sentences end: a line break, or . ! ? … before white space ("TP. HCM" goes on).
_BOUNDARY = regex.compile(r"\n|(?<!(?<![\p{L}])(?:TP|Tp|TX|TT|Q|H|P))[.!?…](?=\s|$)")
# Searches shorter than this run without the engine's time-out (see Context._timeout).
TIMED_SEARCH = 20_000
# Facts read cues from their sentence; a dump without punctuation must not make that the whole text.
MAX_SENTENCE_REACH = 600
_NON_SPACE = regex.compile(r"\S")


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
    _trigger_spans: dict[regex.Pattern, list[tuple[int, int]]] = field(default_factory=dict, init=False, repr=False)
    warnings: list[str] = field(default_factory=list)  # rules that stopped at MAX_MATCHES_PER_RULE
    _sentences: tuple[list[int], list[int]] | None = field(default=None, init=False, repr=False)
    _cues: dict[regex.Pattern, Occurrences] = field(default_factory=dict, init=False, repr=False)
    _start_places: dict[regex.Pattern, list[int]] = field(default_factory=dict, init=False, repr=False)

    def finditer(self, rule: Rule, text: str | None = None, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
        """Matches of a rule, bounded by the document's time budget.

        A rule may declare `trigger_pattern`: a cheap pattern that every match of the
        rule contains, or a list of them, one of which every match contains. Where no
        trigger occurs, the rule is not run (checked once per document). A rule that also declares `trigger_lead` (how far before
        the trigger a match may start; `trigger_tail`, how far after it it may end) is
        only tried around the trigger's occurrences:
        a rule that opens with optional words ("Sáng ngày 14/8") otherwise makes the
        engine try it at every character of the text. A rule with `start_pattern` is tried only
        where that pattern occurs (see _anchored).
        """
        target = self.text if text is None else text
        end = len(target) if endpos is None else endpos
        lead = rule.attrs.get("trigger_lead")
        if lead is None:
            if not self._triggered(rule, target):
                return
            timeout, starts = self._timeout(rule, end - pos), rule.attrs.get("start_pattern")
            matches = (rule.regex.finditer(target, pos, end, False, CONCURRENT, False, timeout) if starts is None
                       else _anchored(rule.regex, self._starts(starts, target, pos, end, timeout), target, pos, end,
                                      timeout))
        else:
            occurrences = self._occurrences(rule, target, pos, end)
            if not occurrences:
                return
            matches = self._around_triggers(rule, lead, occurrences, target, pos, end)
        try:
            for count, m in enumerate(matches, 1):
                yield m
                if count == MAX_MATCHES_PER_RULE and target is self.text:
                    self.warnings.append(f"rule {rule.id} stopped after {count:,} matches at offset {m.end()}: "
                                         "the text looks like a table or a log, not an article")
                    return
        except TimeoutError as exc:
            raise BudgetExceeded(f"rule {rule.id} ran past the time budget") from exc

    def _around_triggers(self, rule: Rule, lead: int, occurrences: list[tuple[int, int]], target: str,
                         pos: int, end: int) -> Iterator[regex.Match]:
        """What `rule.regex.finditer` yields, searched only in the stretches of text around the
        trigger's `occurrences` (in order): from `trigger_lead` characters before one to `trigger_tail`
        characters after it (default MATCH_REACH). Occurrences closer than that share one
        stretch, so a text dense with triggers ("1/1/1/...") is still searched once.

        Every match contains an occurrence and lies within those bounds of it, so each match
        lies in one stretch, and a search of the stretch finds it; and a rule with `start_pattern`
        is tried only where an occurrence follows within `trigger_lead` characters (see _anchored).
        A rule with `trigger_lead = 0` starts where an occurrence starts, so it is tried only
        there: a search of the stretch tries it at each of its characters (`elections.body_size`
        after a body's name, 60 against ~10 µs per article).
        """
        tail = rule.attrs.get("trigger_tail", MATCH_REACH)
        starts = rule.attrs.get("start_pattern")
        near = _Near([t[0] for t in occurrences], lead) if starts is not None else None
        last = pos  # the end of the previous match: the next one starts here or later
        start = stop = -1  # the stretch being gathered
        firsts: list[int] = []  # where the stretch's occurrences start, for a rule led by none
        for t in itertools.chain(occurrences, [None]):
            if t is not None and t[0] - lead <= stop:
                stop = max(stop, t[1] + tail)
                firsts.append(t[0])
                continue
            if stop >= 0:
                lo, hi = max(start, last), min(end, stop)
                timeout = self._timeout(rule, hi - lo)
                if starts is not None:
                    found = _anchored(rule.regex, _starts(starts, target, lo, hi, timeout, near, firsts[-1]),
                                      target, lo, hi, timeout)
                elif lead == 0:
                    found = _anchored(rule.regex, firsts, target, lo, hi, timeout)
                else:
                    found = rule.regex.finditer(target, lo, hi, False, CONCURRENT, False, timeout)
                for m in found:
                    yield m
                    last = m.end()
            if t is not None:
                start, stop = t[0] - lead, t[1] + tail
                firsts = [t[0]]

    def trigger_within(self, rule: Rule) -> Callable[[int, int], bool]:
        """Whether one of the rule's triggers occurs (overlapping occurrences too) within [start, end)
        of the document: asked where a rule is tried at given places (officials' `anchor`), so that
        it is not tried where no match could lie. The occurrences are found once per document."""
        spans = self._occurrences(rule, self.text, 0, len(self.text))
        firsts = [t[0] for t in spans]

        def within(start: int, end: int) -> bool:
            i = bisect.bisect_left(firsts, start)
            while i < len(spans) and spans[i][0] < end:
                if spans[i][1] <= end:
                    return True
                i += 1
            return False
        return within

    def _occurrences(self, rule: Rule, target: str, pos: int, end: int) -> list[tuple[int, int]]:
        """The spans of every occurrence (overlapping ones too) of a rule's triggers in target[pos:end], in order."""
        triggers = rule.triggers
        if len(triggers) == 1:
            return self._spans(triggers[0], rule, target, pos, end)
        return sorted(span for trigger in triggers for span in self._spans(trigger, rule, target, pos, end))

    def _spans(self, trigger: regex.Pattern, rule: Rule, target: str, pos: int, end: int) -> list[tuple[int, int]]:
        """The spans of one trigger's occurrences in target[pos:end].

        The document's own are found once and kept: rules that share a trigger (the body
        names of the elections rules) scan the text for it once between them. A rule with
        `trigger_start_pattern` (a word tree: where every occurrence of its triggers starts) has them tried
        only there: `regex` tries officials.position_first's trigger, a surname after a space and
        a capital, at each of a text's capitals (70 µs per article); `re` finds the surnames and
        the trigger is tried at those (38 µs).
        """
        whole = target is self.text and pos == 0 and end == len(target)
        spans = self._trigger_spans.get(trigger) if whole else None
        if spans is None:
            timeout, starts = self._timeout(rule, end - pos), rule.attrs.get("trigger_start_pattern")
            try:
                found = (trigger.finditer(target, pos, end, True, CONCURRENT, False, timeout) if starts is None
                         else _anchored(trigger, self._starts(starts, target, pos, end, timeout), target, pos, end,
                                        timeout, overlapped=True))
                spans = [t.span() for t in found]
            except TimeoutError as exc:  # the engine's time-out: a record with a timeout error, not a crash
                raise BudgetExceeded(f"the trigger of rule {rule.id} ran past the time budget") from exc
            if whole:
                self._trigger_spans[trigger] = spans
        return spans

    def _starts(self, starts, target: str, pos: int, end: int, timeout: float | None) -> Iterable[int]:
        """Where a start pattern occurs in target[pos:end] (see _starts). The document's own are
        found once and kept: officials.name_starts' start pattern and officials.position_first's
        trigger start are one word tree, and the text is scanned for it once for both."""
        if target is not self.text or pos != 0 or end != len(target):
            return _starts(starts, target, pos, end, timeout)
        found = self._start_places.get(starts)
        if found is None:
            found = self._start_places[starts] = list(_starts(starts, target, pos, end, timeout))
        return found

    def _timeout(self, rule: Rule, length: int) -> float | None:
        """The engine's time-out for a search of `length` characters, after checking the budget.

        Only long searches get one: with a time-out, `regex` reads a CPU clock (a system call
        here) at each call and at each match, about 5% of a document's time in all. A shorter
        search ends within milliseconds even on adversarial text (tests/test_adversarial.py:
        a megabyte of any rule file's own words in under 2 s), so checking the deadline before
        each one keeps the budget.
        """
        if self.deadline is None:
            return None
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise BudgetExceeded(f"time budget used up before rule {rule.id}")
        return remaining if length >= TIMED_SEARCH else None

    def sentence_bounds(self, pos: int, reach: int | None = MAX_SENTENCE_REACH) -> tuple[int, int]:
        """The sentence (or line) around a position, at most `reach` characters each way (None: all of it)."""
        if self._sentences is None:
            self._sentences = _sentences(self.text)  # found once per document
        starts, ends = self._sentences
        i = bisect.bisect_right(starts, pos) - 1
        if reach is None:
            return starts[i], ends[i]
        return max(starts[i], pos - reach), min(ends[i], pos + reach)

    def previous_sentence_start(self, s0: int) -> int:
        """Where the sentence before the one starting at `s0` starts (s0 itself at the text's start).
        Looked for from the last non-blank character before s0: a blank line between paragraphs, as
        text saved from many pages has, is no sentence, so the neighbour read is the previous one."""
        if s0 <= 0:
            return s0
        p = s0 - 1
        while p > 0 and self.text[p].isspace():
            p -= 1
        return self.sentence_bounds(max(0, p - 1))[0]

    def occurs(self, pattern: regex.Pattern, start: int, end: int) -> bool:
        """Whether the pattern occurs within [start, end) of the document."""
        return self.occurrences(pattern).within(start, end)

    def occurrences(self, pattern: regex.Pattern) -> Occurrences:
        """The document's occurrences of a cue pattern: cue words asked about for many facts'
        sentences and clauses are found once per document (see Occurrences), within its budget."""
        found = self._cues.get(pattern)
        if found is None:
            found = self._cues[pattern] = Occurrences(pattern, self.text, self.deadline)
        return found

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        """The clause around a position: its sentence, cut at semicolons."""
        s0, s1 = self.sentence_bounds(pos)
        left = self.text.rfind(";", s0, pos)
        right = self.text.find(";", pos, s1)
        return (left + 1 if left >= 0 else s0), (right if right >= 0 else s1)

    def match_at(self, pattern: regex.Pattern, pos: int, reach: int = MATCH_REACH) -> regex.Match | None:
        """`pattern.match` at `pos`, looking at most `reach` characters ahead.

        Without the bound, `regex` first searches the whole rest of the text for the
        pattern's required literal: linear per call, quadratic per document.
        """
        return pattern.match(self.text, pos, min(len(self.text), pos + reach), CONCURRENT)

    def _triggered(self, rule: Rule, target: str) -> bool:
        if target is not self.text:
            return rule.may_match(target)
        for trigger in rule.triggers:
            if self._occurs(trigger, target):
                return True
        return not rule.triggers

    def _occurs(self, trigger: regex.Pattern, target: str) -> bool:
        spans = self._trigger_spans.get(trigger)
        if spans is not None:  # a led rule with this trigger already found its occurrences
            return bool(spans)
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

    def end_before(self, pos: int) -> int:
        """Where the last span ending at or before `pos` ends (0 if none): the text up to there is read."""
        i = bisect.bisect_right(self._starts, pos)
        return max((self._ends[j] for j in range(max(0, i - 8), i) if self._ends[j] <= pos), default=0)


class Occurrences:
    """Answers "does the pattern occur within [start, end)?" for one text.

    The first few questions are searched directly; a text that asks more (a long line
    holding many dates) gets every match found once and later answers by bisection: that
    scan of the whole text keeps the document's `deadline` (on a 10 MB dump it takes seconds).
    """

    DIRECT_QUESTIONS = 16

    def __init__(self, pattern: regex.Pattern, text: str, deadline: float | None = None):
        self.pattern = pattern
        self.text = text
        self.deadline = deadline
        self.asked = 0
        self.starts: list[int] | None = None
        self.ends: list[int] = []

    def within(self, start: int, end: int) -> bool:
        if self.starts is None:
            self.asked += 1
            if self.asked <= self.DIRECT_QUESTIONS:
                return self.pattern.search(self.text, start, end, CONCURRENT) is not None
            self.starts = []
            timeout = None
            if self.deadline is not None and len(self.text) >= TIMED_SEARCH:  # (see Context._timeout)
                timeout = self.deadline - time.monotonic()
                if timeout <= 0:
                    raise BudgetExceeded("time budget used up before a cue's occurrences were found")
            try:
                for m in self.pattern.finditer(self.text, 0, len(self.text), False, CONCURRENT, False, timeout):
                    self.starts.append(m.start())
                    self.ends.append(m.end())
            except TimeoutError as exc:
                raise BudgetExceeded("finding a cue's occurrences ran past the time budget") from exc
        i = bisect.bisect_left(self.starts, start)
        return i < len(self.starts) and self.ends[i] <= end


class _Near:
    """Whether a rule's trigger occurs within `lead` characters after a position (at it included):
    asked of the places a led rule would be tried, in increasing order within a stretch."""

    def __init__(self, occurrences: list[int], lead: int):
        self.occurrences, self.lead = occurrences, lead

    def __call__(self, pos: int) -> bool:
        i = bisect.bisect_left(self.occurrences, pos)
        return i < len(self.occurrences) and self.occurrences[i] <= pos + self.lead


def _starts(starts, target: str, lo: int, hi: int, timeout: float | None,
            near: _Near | None = None, until: int | None = None) -> Iterator[int]:
    """Where a rule's `start_pattern` occurs in target[lo:hi] (overlapping occurrences too), in order;
    with `near`, only where the rule's trigger occurs at most `trigger_lead` characters on (a match
    contains an occurrence and starts at most that far before it), and so at or before `until`, where
    the stretch's last occurrence starts: the stretch's tail after it is not scanned for starts (a
    third of dates.dm's stretches, whose cue words are common letters)."""
    for s in starts.finditer(target, lo, hi, True, CONCURRENT, False, timeout):
        if until is not None and s.start() > until:
            return
        if near is None or near(s.start()):
            yield s.start()


def _anchored(pattern: regex.Pattern, positions: Iterable[int], target: str, lo: int, hi: int,
              timeout: float | None, overlapped: bool = False) -> Iterator[regex.Match]:
    """What `pattern.finditer(target, lo, hi, timeout=timeout, overlapped=overlapped)` yields for a
    pattern whose every (non-empty) match starts at one of `positions` (in increasing order; where a
    rule's `start_pattern` occurs, its trigger when it has `trigger_lead = 0`, or its `trigger_start_pattern`):
    the pattern is tried only there, and all the tries together within `timeout`.

    `officials.position_first` opens with an office word: tried at every character of the
    stretches around names it costs 2.5x what finding the office words (a WordTree) and
    trying it at them costs. A try that fails costs it ~45 µs (the office may run on for 12
    words, each checked for what ends an office); a third of them are at an office word with no
    name after it within reach (an office after the last name of a stretch)."""
    match = pattern.match
    deadline = None if timeout is None else time.monotonic() + timeout
    last = lo
    for s in positions:
        if s >= last:
            if deadline is not None:
                timeout = deadline - time.monotonic()
                if timeout <= 0:
                    raise TimeoutError("start_pattern tries ran past the time-out")
            m = match(target, s, hi, CONCURRENT, False, timeout)
            if m:
                yield m
            # The next try is past this match (unless matches may overlap), and past this position:
            # an occurrence's start found twice (two triggers start there) is tried once.
            last = max(m.end(), s + 1) if m and not overlapped else s + 1


def _sentences(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of every sentence of a text."""
    starts, ends = [0], []
    for m in _BOUNDARY.finditer(text, 0, len(text), False, CONCURRENT):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends


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


def lines_from(text: str, pos: int, count: int,
               skip: Callable[[int], bool] | None = None) -> list[tuple[int, int]]:
    """The spans of the first `count` lines at or after `pos` that hold more than white space and that
    `skip` (given where a line's words start) does not set aside: where a headline's lead lies, which
    events and votes read for the news the article reports."""
    spans: list[tuple[int, int]] = []
    while len(spans) < count and pos < len(text):
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        words = _NON_SPACE.search(text, pos, nl, CONCURRENT)
        if words is not None and (skip is None or not skip(words.start())):
            spans.append((pos, nl))
        pos = nl + 1
    return spans
