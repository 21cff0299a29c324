"""Votes: ballots and their tallies. Mentions in one clause are one ballot."""

from __future__ import annotations

import regex

from ..numbers import parse_number
from ..record import Vote
from .context import Context, Spans

_FIGURES = ("for_", "against", "total", "percent")
_NON_DIGITS = regex.compile(r"\D")


def find(ctx: Context) -> list[Vote]:
    mentions: list[tuple[Vote, tuple[int, int], object]] = []
    taken = Spans()
    for rule in ctx.rules["votes"]:
        for m in ctx.finditer(rule):
            if taken.overlaps(m.span()):
                continue
            taken.add(m.span())
            g = m.groupdict()
            percent = float(parse_number(g["p"])) if g.get("p") else None
            vote = Vote(str(rule.attrs.get("kind", "election")), (g.get("subject") or "").strip() or None,
                        _int(g.get("for")), _int(g.get("against")), _int(g.get("total")), percent,
                        m.group(), m.span(), rule.id)
            mentions.append((vote, ctx.clause_bounds(m.start()), rule))
    mentions.sort(key=lambda item: item[0].span)
    return _ballots(ctx, mentions)


def _ballots(ctx: Context, mentions) -> list[Vote]:
    """Merge the mentions of one clause that do not contradict each other; decide each ballot's kind."""
    ballots: list[tuple[Vote, tuple[int, int], object]] = []
    by_clause: dict[tuple[int, int], list[Vote]] = {}
    figureless: dict[str, Vote] = {}
    confidence_clauses = {clause for vote, clause, _ in mentions if vote.kind == "confidence"}
    for vote, clause, rule in mentions:
        host = next((b for b in by_clause.get(clause, []) if _compatible(b, vote)), None)
        if host is None and _figureless(vote):
            host = figureless.get(vote.kind)
        if host is None:
            ballots.append((vote, clause, rule))
            by_clause.setdefault(clause, []).append(vote)
            if _figureless(vote):
                figureless.setdefault(vote.kind, vote)
            continue
        _merge(host, vote)
    for vote, clause, rule in ballots:
        vote.kind = _kind(ctx, vote, clause, rule, clause in confidence_clauses)
    return [b[0] for b in ballots]


def _kind(ctx: Context, vote: Vote, clause, rule, confidence_clause: bool) -> str:
    if vote.kind == "confidence" or confidence_clause:
        return "confidence"
    election, approval = rule.attrs.get("election_pattern"), rule.attrs.get("approval_pattern")
    if election is not None and election.search(ctx.text, *clause):
        return "election"
    if approval is not None and approval.search(ctx.text, *clause):
        return "approval"
    return vote.kind


def _compatible(a: Vote, b: Vote) -> bool:
    return all(getattr(a, f) is None or getattr(b, f) is None or getattr(a, f) == getattr(b, f) for f in _FIGURES)


def _merge(host: Vote, other: Vote) -> None:
    for f in _FIGURES:
        if getattr(host, f) is None:
            setattr(host, f, getattr(other, f))
    host.subject = host.subject or other.subject
    if other.kind == "confidence":
        host.kind = "confidence"


def _figureless(v: Vote) -> bool:
    return all(getattr(v, f) is None for f in _FIGURES)


def _int(text: str | None) -> int | None:
    return int(_NON_DIGITS.sub("", text)) if text else None
