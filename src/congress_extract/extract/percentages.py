"""Percentages: value, qualifier, the subject after them, target or achieved."""

from __future__ import annotations

import bisect

from ..clean import is_paragraph
from ..numbers import parse_number
from ..record import Percentage
from .context import Context, Occurrences, Spans


def find(ctx: Context) -> list[Percentage]:
    found: list[Percentage] = []
    taken = Spans()
    rules = ctx.rules["percentages"]
    heading = next((r.attrs["target_heading_pattern"] for r in rules if r.attrs.get("target_heading_pattern") is not None), None)
    line_starts, target_lines = _target_sections(ctx.text, heading)
    kinds: dict[tuple[int, int], str] = {}
    cues = _cues(ctx, rules)
    text = ctx.text
    for rule in rules:
        a = rule.attrs
        qualifiers = a.get("qualifiers", {})
        subject_pattern = a.get("subject_pattern")
        rule_cues = cues[rule.id]
        mine = []  # a rule's own matches never overlap: check against earlier rules' only
        for m in ctx.finditer(rule):
            span = m.span()
            if taken.overlaps(span):
                continue
            mine.append(span)
            g = m.groupdict()
            values = [(g["v"], span)]
            if g.get("v1"):  # a range gives both ends
                values = [(g["v1"], m.span("v1")), (g["v"], (m.start("v"), span[1]))]
            qualifier = "="
            for word in (g.get("q2"), g.get("q")):
                if word and word.lower() in qualifiers:
                    qualifier = qualifiers[word.lower()]
                    break
            sm = ctx.match_at(subject_pattern, span[1]) if subject_pattern is not None else None
            subject = sm.group("s") if sm else None
            if target_lines and bisect.bisect_right(line_starts, span[0]) - 1 in target_lines:
                kind = "target"
            else:
                # One decision per sentence, however many figures it holds; a sentence with no cue
                # at all is decided at once, a long one around each figure.
                whole = ctx.sentence_bounds(span[0], reach=None)
                kind = kinds.get(whole)
                if kind is None:
                    kind = kinds[whole] = "" if any(cue.within(*whole) for _, cue in rule_cues) else "other"
                if not kind:
                    bounds = ctx.sentence_bounds(span[0])
                    kind = next((k for k, cue in rule_cues if cue.within(*bounds)), "other")
            for raw, (start, end) in values:
                try:
                    value = float(parse_number(raw))
                except ValueError:
                    continue
                found.append(Percentage(text[start:end], value, qualifier, subject, kind, (start, end), rule.id))
        for span in mine:
            taken.add(span)
    found.sort(key=lambda p: p.span)
    return found


def _cues(ctx: Context, rules) -> dict[str, list[tuple[str, Occurrences]]]:
    """Per rule, where its target and achieved cues occur: found once per text (rules share them).

    A figure is a target in a sentence that sets one; else achieved when it reports a result."""
    return {r.id: [(kind, ctx.occurrences(pattern))
                   for kind in ("target", "achieved") if (pattern := r.attrs.get(f"{kind}_pattern")) is not None]
            for r in rules}


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
