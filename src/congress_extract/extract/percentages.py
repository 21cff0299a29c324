"""Percentages: value, qualifier, the subject after them, target or achieved."""

from __future__ import annotations

import bisect

from ..clean import is_paragraph
from ..numbers import parse_number
from ..record import Percentage
from .context import Context, Spans, sentence_bounds


def find(ctx: Context) -> list[Percentage]:
    found: list[Percentage] = []
    taken = Spans()
    rules = ctx.rules["percentages"]
    heading = next((r.attrs["target_heading_pattern"] for r in rules if r.attrs.get("target_heading_pattern") is not None), None)
    line_starts, target_lines = _target_sections(ctx.text, heading)
    kinds: dict[tuple[int, int], str] = {}
    for rule in rules:
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
            sm = ctx.match_at(a["subject_pattern"], m.end()) if a.get("subject_pattern") is not None else None
            subject = sm.group("s") if sm else None
            line = bisect.bisect_right(line_starts, m.start()) - 1
            if line in target_lines:
                kind = "target"
            else:
                bounds = sentence_bounds(ctx.text, m.start())
                if bounds not in kinds:  # one decision per sentence, however many figures it holds
                    kinds[bounds] = _kind(ctx, a, bounds)
                kind = kinds[bounds]
            for raw, span in values:
                try:
                    value = float(parse_number(raw))
                except ValueError:
                    continue
                found.append(Percentage(ctx.text[span[0]:span[1]], value, qualifier, subject, kind, span, rule.id))
    found.sort(key=lambda p: p.span)
    return found


def _kind(ctx: Context, a: dict, bounds: tuple[int, int]) -> str:
    """Target in a sentence that sets one; else achieved when it reports a result."""
    sentence = ctx.text[bounds[0]:bounds[1]]
    if a.get("target_pattern") is not None and a["target_pattern"].search(sentence):
        return "target"
    if a.get("achieved_pattern") is not None and a["achieved_pattern"].search(sentence):
        return "achieved"
    return "other"


def _target_sections(text: str, heading) -> tuple[list[int], set[int]]:
    """Line offsets, and the lines listed under a 'Các chỉ tiêu phấn đấu:' heading (until prose resumes)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    targets: set[int] = set()
    under = False
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if heading is not None and line.endswith(":") and len(line) < 120 and heading.fullmatch(line):
            under = True
            continue
        if is_paragraph(line) and not line.startswith(("-", "+", "*", "•")):
            under = False
        if under:
            targets.add(i)
    return starts, targets
