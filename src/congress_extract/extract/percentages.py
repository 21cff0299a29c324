"""Percentages: value, qualifier, the subject after them, target or achieved."""

from __future__ import annotations

import bisect

from ..clean import is_paragraph
from ..numbers import parse_number
from ..record import Percentage
from .context import Context, Spans, sentence_bounds

_HEADING_LOOKBACK = 40


def find(ctx: Context) -> list[Percentage]:
    found: list[Percentage] = []
    taken = Spans()
    lines = ctx.text.split("\n")
    line_starts = [0]
    for line in lines[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    for rule in ctx.rules["percentages"]:
        a = rule.attrs
        for m in ctx.finditer(rule):
            if taken.overlaps(m.span()):
                continue
            taken.add(m.span())
            values = [(m.group("v"), m.span())]
            if m.groupdict().get("v1"):  # a range gives both ends
                values = [(m.group("v1"), m.span("v1")), (m.group("v"), (m.start("v"), m.end()))]
            qualifier = "="
            qualifiers = a.get("qualifiers", {})
            for word in (m.groupdict().get("q2"), m.groupdict().get("q")):
                if word and word.lower() in qualifiers:
                    qualifier = qualifiers[word.lower()]
                    break
            sm = a["subject_pattern"].match(ctx.text, m.end()) if a.get("subject_pattern") is not None else None
            subject = sm.group("s") if sm else None
            kind = _kind(ctx, a, m.start(), lines, line_starts)
            for raw, span in values:
                try:
                    value = float(parse_number(raw))
                except ValueError:
                    continue
                found.append(Percentage(ctx.text[span[0]:span[1]], value, qualifier, subject, kind, span, rule.id))
    found.sort(key=lambda p: p.span)
    return found


def _kind(ctx: Context, a: dict, pos: int, lines: list[str], line_starts: list[int]) -> str:
    """Target under a 'chỉ tiêu phấn đấu' heading or in a sentence that sets one; else achieved or other."""
    sentence = ctx.text[slice(*sentence_bounds(ctx.text, pos))]
    heading = a.get("target_heading_pattern")
    if heading is not None and _under_heading(heading, pos, lines, line_starts):
        return "target"
    if a.get("target_pattern") is not None and a["target_pattern"].search(sentence):
        return "target"
    if a.get("achieved_pattern") is not None and a["achieved_pattern"].search(sentence):
        return "achieved"
    return "other"


def _under_heading(heading, pos: int, lines: list[str], line_starts: list[int]) -> bool:
    idx = bisect.bisect_right(line_starts, pos) - 1
    for back in range(idx - 1, max(-1, idx - _HEADING_LOOKBACK), -1):
        line = lines[back].strip()
        if not line:
            continue
        if line.endswith(":") and len(line) < 120 and heading.fullmatch(line):
            return True
        if is_paragraph(line) and not line.startswith(("-", "+", "*", "•")):
            return False
    return False
