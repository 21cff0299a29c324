"""What every fact family sees: the text, the stamp, the rules, the facts so far, a deadline."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

import regex

from ..patterns import Rule, RuleSet
from ..record import Facts


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

    def finditer(self, rule: Rule, text: str | None = None, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
        """Matches of a rule, bounded by the document's time budget."""
        target = self.text if text is None else text
        end = len(target) if endpos is None else endpos
        if self.deadline is None:
            yield from rule.regex.finditer(target, pos, end)
            return
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise BudgetExceeded(f"time budget used up before rule {rule.id}")
        try:
            yield from rule.regex.finditer(target, pos, end, timeout=remaining)
        except TimeoutError as exc:
            raise BudgetExceeded(f"rule {rule.id} ran past the time budget") from exc


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence (or line) around a position: facts read their context from it."""
    start = pos
    while start > 0 and text[start - 1] not in "\n" and not (
        text[start - 1] in ".!?" and start < len(text) and text[start] == " " and not text[start - 2 : start - 1].isdigit()
    ):
        start -= 1
    end = pos
    while end < len(text) and text[end] != "\n" and not (text[end] in ".!?" and (end + 1 >= len(text) or text[end + 1] in " \n")):
        end += 1
    return start, end


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause around a position: its sentence, cut at semicolons."""
    s0, s1 = sentence_bounds(text, pos)
    left = text.rfind(";", s0, pos)
    right = text.find(";", pos, s1)
    return (left + 1 if left >= 0 else s0), (right if right >= 0 else s1)
