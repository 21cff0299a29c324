"""Votes: ballots and their tallies. Mentions in one clause are one ballot."""

from __future__ import annotations

import regex

from ..numbers import parse_number
from ..record import Vote
from .context import Context, Spans, lines_from

_FIGURES = ("for_", "against", "total", "percent")
_NON_DIGITS = regex.compile(r"\D")
# The lead is a headline and a paragraph: its few ballots restate some of the body's first ones.
MAX_LEAD, LEAD_BALLOTS, BODY_BALLOTS = 2000, 5, 30
# A ballot's share and its count told a few sentences apart are one ballot (see _figures_apart).
APART = 600


def find(ctx: Context) -> list[Vote]:
    mentions: list[tuple[Vote, tuple[int, int], object]] = []
    taken = Spans()
    for rule in ctx.rules["votes"]:
        for m in ctx.finditer(rule):
            if taken.overlaps(m.span()):
                continue
            clause = ctx.clause_bounds(m.start())
            if rule.attrs.get("cue_pattern") is not None and not ctx.occurs(rule.attrs["cue_pattern"], *clause):
                continue
            if _poll(ctx, rule, m):
                continue
            taken.add(m.span())
            g = m.groupdict()
            percent = float(parse_number(g["p"])) if g.get("p") else None
            vote = Vote(str(rule.attrs.get("kind", "election")), (g.get("subject") or "").strip() or None,
                        _int(g.get("for")), _int(g.get("against")), _int(g.get("total")), percent,
                        m.group(), m.span(), rule.id)
            mentions.append((vote, clause, rule))
    mentions.sort(key=lambda item: item[0].span)
    return _lead_restated(ctx, _figures_apart(ctx, _ballots(ctx, _options_of_one_ballot(ctx, mentions))))


def _poll(ctx: Context, rule, m: regex.Match) -> bool:
    """A sentence about a poll of readers or fans ("trong cuộc bình chọn"): its shares rank entries, no ballot."""
    poll = rule.attrs.get("poll_pattern")
    return poll is not None and ctx.occurs(poll, *ctx.sentence_bounds(m.start()))


def _options_of_one_ballot(ctx: Context, mentions):
    """A ballot that lists its options with their counts is one ballot: a disciplinary one
    ("4 phiếu đề nghị cảnh cáo, 29 phiếu đề nghị khiển trách") reported by the option adopted
    (the most votes), a confidence one by its first level ("320 phiếu tín nhiệm cao, 40 ...")."""
    kept: list = []
    slot: dict[tuple[int, int], int] = {}  # clause -> index in kept of its ballot
    for item in mentions:
        vote, clause, rule = item
        discipline, levels = rule.attrs.get("discipline_pattern"), rule.attrs.get("levels_pattern")
        options = vote.for_ is not None and vote.total is None and (
            (discipline is not None and ctx.occurs(discipline, *clause)) or (levels is not None and ctx.occurs(levels, *clause)))
        if not options:
            kept.append(item)
        elif clause not in slot:
            slot[clause] = len(kept)
            kept.append(item)
        elif vote.for_ > kept[slot[clause]][0].for_ and ctx.occurs(discipline, *clause):
            kept[slot[clause]] = item
    return kept


def _ballots(ctx: Context, mentions) -> list[tuple[Vote, object]]:
    """Merge the mentions of one clause that do not contradict each other; decide each ballot's kind."""
    ballots: list[tuple[Vote, tuple[int, int], object]] = []
    by_clause: dict[tuple[int, int], list[Vote]] = {}
    figureless: dict[str, Vote] = {}
    for vote, clause, rule in mentions:
        vote.kind = _kind(ctx, vote, clause, rule)
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
    return [(b[0], b[2]) for b in ballots]


def _kind(ctx: Context, vote: Vote, clause: tuple[int, int], rule) -> str:
    """What the ballot decided, from the words of its clause (see patterns/votes.toml)."""
    a = rule.attrs
    if a.get("fixed_kind"):
        return vote.kind

    def says(key: str, bounds: tuple[int, int] = clause) -> bool:
        return a.get(key) is not None and ctx.occurs(a[key], *bounds)

    nomination = a.get("nomination_pattern")
    if nomination is not None and nomination.search(vote.text):
        return "confidence"
    if says("discipline_pattern"):
        return "approval"
    if says("confidence_pattern"):
        return "confidence"
    if says("document_pattern") and not says("trust_pattern"):
        return "approval"
    if says("election_pattern"):
        return "election"
    if says("assent_pattern"):
        return "approval"
    if says("trust_pattern") or vote.kind == "confidence":
        before = ctx.previous_sentence_start(ctx.sentence_bounds(clause[0])[0])
        return "election" if says("election_pattern", (before, clause[1])) else "confidence"
    return vote.kind


def _lead_restated(ctx: Context, ballots: list[tuple[Vote, object]]) -> list[Vote]:
    """The headline and lead paragraph restate the body's news ("Với tỷ lệ phiếu bầu 100%, ông A
    ..." then "bầu ông A ... với số phiếu 54/54"): a ballot of the first two lines about the same
    person as a later one, with figures that agree, is that ballot."""
    lead_end = _lead_end(ctx.text)
    restated: set[int] = set()
    for i, (vote, rule) in enumerate(ballots[:LEAD_BALLOTS]):
        if vote.span[1] > lead_end or _figureless(vote):
            continue
        people = _people(ctx, vote, rule)
        later = ballots[i + 1:i + 1 + BODY_BALLOTS]
        match = next((other for other, other_rule in later if other.kind == vote.kind and _agree(vote, other)
                      and people & _people(ctx, other, other_rule)), None)
        if match is not None:
            for f in _FIGURES:
                if getattr(match, f) is None:
                    setattr(match, f, getattr(vote, f))
            restated.add(id(vote))
    return [vote for vote, _ in ballots if id(vote) not in restated]


def _figures_apart(ctx: Context, ballots: list[tuple[Vote, object]]) -> list[tuple[Vote, object]]:
    """A ballot's share and its count told in different sentences about the same person ("... trở
    thành tỉnh ủy viên với số phiếu đạt 65,97%." ... "Kết thúc bỏ phiếu với 230 đại biểu ủng hộ, ông
    Bảo ..."): one ballot, when no other ballot with a figure comes between them."""
    merged: set[int] = set()
    for i, (vote, rule) in enumerate(ballots):
        if id(vote) in merged or not (_share_only(vote) or _count_only(vote)):
            continue
        for other, other_rule in ballots[i + 1:]:
            if other.span[0] - vote.span[1] > APART or id(other) in merged:
                break
            complementary = _share_only(other) if _count_only(vote) else _count_only(other)
            if complementary and other.kind == vote.kind and _people(ctx, vote, rule) & _people(ctx, other, other_rule):
                vote.for_, vote.percent = vote.for_ or other.for_, vote.percent or other.percent
                merged.add(id(other))
                break
            if not _figureless(other):
                break
    return [(vote, rule) for vote, rule in ballots if id(vote) not in merged]


def _share_only(v: Vote) -> bool:
    return v.percent is not None and v.for_ is None and v.total is None and v.against is None


def _count_only(v: Vote) -> bool:
    return v.for_ is not None and v.percent is None and v.total is None and v.against is None


def _lead_end(text: str) -> int:
    """Where the second non-empty line (a headline's lead paragraph) ends; at most MAX_LEAD into it."""
    spans = lines_from(text, 0, 2)
    if not spans:
        return 0
    start, end = spans[-1]
    return min(end, start + MAX_LEAD)


def _people(ctx: Context, vote: Vote, rule) -> set[str]:
    """The people named in the sentence of a ballot (folded names)."""
    s0, s1 = ctx.sentence_bounds(vote.span[0])
    names = {p.name.casefold() for p in ctx.facts.officials if any(s0 <= a and b <= s1 for a, b in p.spans)}
    pattern = rule.attrs.get("person_pattern")
    if pattern is not None:
        names.update(m.group("name").casefold() for m in pattern.finditer(ctx.text, s0, s1))
    given = rule.attrs.get("given_name_pattern")
    if given is not None:  # "ông Bảo" after "Ông Lê Phước Hoài Bảo": the one official of that given name
        for m in given.finditer(ctx.text, s0, s1):
            given_name = m.group("given").casefold()  # the full name may be printed in capitals
            holders = {p.name.casefold() for p in ctx.facts.officials if p.name.split()[-1].casefold() == given_name}
            if len(holders) == 1:
                names.update(holders)
    return names


def _agree(a: Vote, b: Vote) -> bool:
    """Figures that can describe one ballot: equal counts, percentages within rounding, a count
    out of a total that makes the other's percentage."""
    if a.for_ is not None and b.for_ is not None and a.for_ != b.for_:
        return False
    if a.percent is not None and b.percent is not None:
        return abs(a.percent - b.percent) < 1
    for x, y in ((a, b), (b, a)):
        if x.percent is not None and y.for_ is not None and y.total:
            return abs(x.percent - 100 * y.for_ / y.total) < 1
    return True


def _compatible(a: Vote, b: Vote) -> bool:
    return a.kind == b.kind and all(getattr(a, f) is None or getattr(b, f) is None or getattr(a, f) == getattr(b, f)
                                    for f in _FIGURES)


def _merge(host: Vote, other: Vote) -> None:
    for f in _FIGURES:
        if getattr(host, f) is None:
            setattr(host, f, getattr(other, f))
    host.subject = host.subject or other.subject


def _figureless(v: Vote) -> bool:
    return all(getattr(v, f) is None for f in _FIGURES)


def _int(text: str | None) -> int | None:
    return int(_NON_DIGITS.sub("", text)) if text else None
