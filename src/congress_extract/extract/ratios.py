"""Ratios "a/b": achievements against targets, with the unit noun after them."""

from __future__ import annotations

from ..numbers import parse_amount
from ..record import Ratio
from .context import Context, Spans


def find(ctx: Context) -> list[Ratio]:
    taken = Spans(d.span for d in ctx.facts.dates)  # a date is never a ratio
    found: list[Ratio] = []
    for rule in ctx.rules["ratios"]:
        a = rule.attrs
        for m in ctx.finditer(rule):
            if taken.overlaps(m.span()):
                continue
            before = ctx.text[max(0, m.start() - 40): m.start()]
            if a.get("not_before_pattern") is not None and a["not_before_pattern"].search(before):
                continue
            after = ctx.text[m.end(): m.end() + 80]
            um = a["unit_pattern"].match(after) if a.get("unit_pattern") is not None else None
            unit = um.group("unit") if um else None
            if unit and a.get("reject_unit_pattern") is not None and a["reject_unit_pattern"].match(unit):
                continue
            if after[:1] == "/" or (unit is None and not _cued(a, before, after)):
                continue
            g = m.groupdict()
            try:
                num = parse_amount(_digits(a, g["num"]), g.get("mag1") or g.get("mag2"))
                den = parse_amount(_digits(a, g["den"]), g.get("mag2") or g.get("mag1"))
            except ValueError:
                continue
            if den == 0 or _not_a_ratio(g, num, den, _cued(a, before, after)):
                continue
            end = m.end() + (um.end() if um else 0)
            pm = ctx.match_at(a["percent_pattern"], end) if a.get("percent_pattern") is not None else None
            percent = _float(pm.group("p")) if pm else None
            sentence_start = ctx.sentence_bounds(m.start())[0]
            after_unit = ctx.text[end: end + 12]
            exceeded = _exceeded(a, before, after_unit)
            taken.add((m.start(), end))
            found.append(Ratio(ctx.text[m.start():end], num, den, unit, percent,
                               _kind(a, num, den, exceeded, before[-20:], ctx.text[sentence_start:m.start()]), (m.start(), end), rule.id))
    found.sort(key=lambda r: r.span)
    return found


def _digits(a: dict, number: str) -> str:
    """A number as written, or with the spaces a portal's typesetting put between its digits ("4 8")."""
    return number.replace(" ", "") if a.get("spaced_digits") else number


def _not_a_ratio(g: dict, num: float, den: float, cued: bool) -> bool:
    """Seasons ("2016/17"), prices per item ("60.000 đồng/1 bát") and uncued dates ("27/6 vừa qua")."""
    if 1900 <= num <= 2100 and den < 100 and den == (num + 1) % 100:
        return True
    if g.get("cur") and not g.get("mag2"):
        return True
    return not cued and num > den and _is_day_month(int(num), int(den)) and float(num).is_integer()


def _is_day_month(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


def _cued(a: dict, before: str, after: str) -> bool:
    cue = a.get("cue_pattern")
    exceeded = a.get("exceeded_pattern")
    return bool((cue is not None and cue.search(before)) or (exceeded is not None and exceeded.match(after.lstrip())))


def _exceeded(a: dict, before: str, after: str) -> bool:
    """"vượt" just before the ratio, or just after it and its unit."""
    b, f = a.get("exceeded_before_pattern"), a.get("exceeded_pattern")
    return bool((b is not None and b.search(before)) or (f is not None and f.match(after.lstrip())))


def _kind(a: dict, num: float, den: float, exceeded: bool, before: str, sentence: str) -> str:
    """Exceeded, else a target set earlier in the sentence, else achieved when an achievement word or a full score says so."""
    target = a.get("target_pattern")
    if exceeded or num > den:
        return "exceeded"
    if target is not None and target.search(sentence):
        return "target"
    if a.get("achieved_before_pattern") is not None and a["achieved_before_pattern"].search(before):
        return "achieved"
    return "achieved" if num == den else "other"


def _float(text: str) -> float | None:
    try:
        return float(parse_amount(text))
    except ValueError:
        return None
