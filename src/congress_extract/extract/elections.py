"""Elections: bodies elected, their sizes, and who was elected to them."""

from __future__ import annotations

import regex

from ..record import Election
from .context import Context, Spans
from .officials import fold

_NAME_IN_LIST = regex.compile(r"(?:(?i:ông|bà|đồng\s+chí|đ/c)\s+)?(\p{Lu}[\p{Ll}\p{M}]*(?:\s\p{Lu}[\p{Ll}\p{M}]*){1,4})")
_ELECTING = regex.compile(r"(?i:bầu|trúng\s+cử|đắc\s+cử|tái\s+cử)")
_OFFICE_BODY = (("phó chủ tịch", "vice_chair"), ("chủ tịch", "chair"))


def find(ctx: Context) -> list[Election]:
    found: list[Election] = []
    taken = Spans()
    for rule in ctx.rules["elections"]:
        for m in ctx.finditer(rule):
            if taken.overlaps(m.span()):
                continue
            election = _election(ctx, rule, m)
            if election is not None:
                found.append(election)
                taken.add(election.span)
    found.sort(key=lambda e: e.span)
    _attach_officials(ctx, found)
    return found


def _election(ctx: Context, rule, m: regex.Match) -> Election | None:
    a = rule.attrs
    s0, s1 = ctx.sentence_bounds(m.start())
    sentence = ctx.text[s0:s1]
    clause = ctx.text[slice(*ctx.clause_bounds(m.start()))]  # "tái đắc cử" of the chair is not the vice-chairs'
    cue = a.get("election_cue_pattern")
    if cue is not None and not cue.search(sentence):
        return None
    if "list" in m.groupdict() and m.group("list"):
        names = [n for n in _NAME_IN_LIST.findall(m.group("list"))]
        size = int(m.group("n")) if m.group("n") else None
        return Election(str(a["body"]), size, None, names, _reelected(clause), m.group(), m.span(), rule.id)
    if m.groupdict().get("delegation"):
        body = "delegation"
    else:
        body = a.get("bodies", {}).get(regex.sub(r"\s+", " ", m.group("body")).lower())
        if body is None:
            body = a.get("bodies", {}).get(fold(m.group("body")), "other")
    members = int(m.group("n"))
    alternates = int(m.group("a")) if m.groupdict().get("a") else None
    end = m.end()
    after = ctx.match_at(a["after_pattern"], m.end()) if a.get("after_pattern") is not None else None
    tail = after.group() if after else ""
    # Only delegations have alternates; a later "01 đại biểu dự khuyết" belongs to the delegation's own match.
    find_alt = body == "delegation" and alternates is None and a.get("alternates_pattern") is not None
    alt = a["alternates_pattern"].search(tail) if find_alt else None
    if alt:
        alternates = int(alt.group("a"))
        end = m.end() + alt.end()
        official = a["official_pattern"].search(tail) if a.get("official_pattern") is not None else None
        if official:
            members = int(official.group("o"))
        elif a.get("included_pattern") is not None and a["included_pattern"].search(tail[: alt.start()]):
            members -= alternates
    return Election(body, members, alternates, [], _reelected(clause), ctx.text[m.start():end], (m.start(), end), rule.id)


def _reelected(sentence: str) -> bool:
    return bool(regex.search(r"(?i:tái\s+cử|tái\s+đắc\s+cử|bầu\s+lại)", sentence))


def _election_mention(ctx: Context, person, found: list[Election]) -> tuple[tuple[int, int], int, int]:
    """The mention of an elected person that reports the election: one in a sentence that elects a
    committee, else one in a sentence with an election word, else the first."""
    bounds = [(span, *ctx.sentence_bounds(span[0])) for span in person.spans]
    for span, s0, s1 in bounds:
        if any(s0 <= e.span[0] < s1 and e.body in ("executive_committee", "standing_committee") for e in found):
            return span, s0, s1
    for span, s0, s1 in bounds:
        if _ELECTING.search(ctx.text, s0, s1):
            return span, s0, s1
    return bounds[0]


def _attach_officials(ctx: Context, found: list[Election]) -> None:
    """People elected to an office join the committee elected in the same sentence; the others
    make one election per office and sentence ("Các đồng chí A và B được bầu làm Phó Chủ tịch")."""
    offices: dict[tuple, Election] = {}
    for person in ctx.facts.officials:
        if not any(r in ("elected", "reelected") for r in person.roles):
            continue
        span, s0, s1 = _election_mention(ctx, person, found)
        in_sentence = [e for e in found if s0 <= e.span[0] < s1]
        host = next((e for e in in_sentence if person.name in e.elected), None)
        if host is None:
            host = next((e for e in in_sentence if e.body in ("executive_committee", "standing_committee")), None)
        if host is not None:
            if person.name not in host.elected:
                host.elected.append(person.name)
            host.reelected = host.reelected or "reelected" in person.roles
            continue
        office = fold(person.positions[-1]) if person.positions else ""
        body = next((b for prefix, b in _OFFICE_BODY if office.startswith(prefix)), "other")
        key = (s0, office)
        if key in offices:
            shared = offices[key]
            shared.elected.append(person.name)
            shared.members = len(shared.elected)
            shared.span = (min(shared.span[0], span[0]), max(shared.span[1], span[1]))
            shared.text = ctx.text[shared.span[0]:shared.span[1]]
            continue
        offices[key] = Election(body, None, None, [person.name], "reelected" in person.roles,
                                ctx.text[span[0]:span[1]], span, "officials.elected_as")
        found.append(offices[key])
    found.sort(key=lambda e: e.span)
