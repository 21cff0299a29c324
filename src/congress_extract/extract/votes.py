"""Votes: ballots and their tallies; figure-less mentions of one kind of ballot are one vote."""

from __future__ import annotations

import regex

from ..numbers import parse_number
from ..record import Vote
from .context import Context, overlaps, sentence_bounds


def find(ctx: Context) -> list[Vote]:
    found: list[Vote] = []
    for rule in ctx.rules["votes"]:
        a = rule.attrs
        for m in ctx.finditer(rule):
            if overlaps(m.span(), [v.span for v in found]):
                continue
            g = m.groupdict()
            s0, s1 = sentence_bounds(ctx.text, m.start())
            kind = str(a.get("kind", "election"))
            if a.get("approval_pattern") is not None and a["approval_pattern"].search(ctx.text, s0, s1):
                kind = "approval"
            percent = float(parse_number(g["p"])) if g.get("p") else None
            vote = Vote(kind, (g.get("subject") or "").strip() or None, _int(g.get("for")), _int(g.get("against")),
                        _int(g.get("total")), percent, m.group(), m.span(), rule.id)
            if _figureless(vote) and any(_figureless(v) and v.kind == vote.kind for v in found):
                continue
            found.append(vote)
    found.sort(key=lambda v: v.span)
    return found


def _figureless(v: Vote) -> bool:
    return v.for_ is None and v.against is None and v.total is None and v.percent is None


def _int(text: str | None) -> int | None:
    return int(regex.sub(r"\D", "", text)) if text else None
