"""Terms of office ("nhiệm kỳ 2023 - 2028")."""

from __future__ import annotations

from ..record import Term
from .context import Context, Spans

MAX_TERM_YEARS = 10


def find(ctx: Context) -> list[Term]:
    found: list[Term] = []
    taken = Spans()
    for rule in ctx.rules["terms"]:
        for m in ctx.finditer(rule):
            start, end = int(m.group("start")), int(m.group("end"))
            if not 0 < end - start <= MAX_TERM_YEARS:
                continue
            span = m.span("t") if "t" in m.groupdict() and m.group("t") is not None else m.span()
            if taken.overlaps(span):
                continue
            taken.add(span)
            found.append(Term(ctx.text[span[0]:span[1]], start, end, span, rule.id))
    found.sort(key=lambda t: t.span)
    return found
