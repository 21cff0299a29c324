"""Lists of people in one sentence: names sharing one office ("các đồng chí A, B, C, Phó Chủ tịch"),
members of a body listed after "gồm", and guest lists whose people each add their own offices
("A, Phó Chủ tịch Quốc hội; B, Trưởng Ban Nội chính T.Ư"). Kept apart from `officials`, which
reads one person at a time and hands this module how to read the offices after a name."""

from __future__ import annotations

from typing import Callable, NamedTuple

import regex

from . import offices
from .capitals import lower_set
from .context import Context

# The offices, roles, and end of what is written after a name that ends at the given offset.
PositionsAfter = Callable[[int], tuple[list[str], list[str], int]]


class Listed(NamedTuple):
    """One person of a list: the name as written, its honorific, offices, roles, and the name's span."""

    name: str
    honorific: str | None
    positions: list[str]
    roles: list[str]
    span: tuple[int, int]


_ELECTION_WORDS = regex.compile(r"(?i:bầu|trúng\s+cử|đắc\s+cử|tái\s+cử)")


def office_lists(ctx: Context, rule, ends: offices.Ends, head: regex.Pattern, matches: Callable,
                 positions_after: PositionsAfter, next_person: regex.Pattern | None):
    """Each list of names sharing one office (or none: members of a body), with the span of the
    whole list. Each name holds the office, and the offices its brackets add ("(nguyên Bí thư
    ...)"); the role is the sentence's: a vote, a re-election, an appointment."""
    item, cue = rule.attrs["item_pattern"], rule.attrs.get("cue_pattern")
    for m in matches(rule):
        if cue is not None and not cue.search(ctx.text, ctx.sentence_bounds(m.start())[0], m.start("list")):
            continue
        roles = _list_roles(ctx, m)
        each = _respective_offices(ctx, rule, m, ends, head)
        shared = each if each is not None else \
            _shared_offices(m.group("office"), ends, head) if m.groupdict().get("office") else []
        listed = _each_with_offices(ctx, m, item, shared, roles, positions_after, next_person) if shared else []
        if len(listed) > 1:
            yield listed, (m.start(), listed[-1].span[1])
            continue
        listed = []
        for a, b in _items(ctx.text, *m.span("list")):
            im = item.fullmatch(ctx.text, a, b)
            last = im is None
            if last:  # "... là ông A và bà B cùng dự": the sentence goes on after the last name, in lower case
                im = item.match(ctx.text, a, b)
                if im is None or not _PREDICATE.match(ctx.text, im.end(), b):
                    break
            held = list(shared)
            own = list(roles)
            note = im.group("note") or ""
            for a, b in offices.split(note, head, ends.whole):
                piece = offices.clip(note[a:b], ends)
                if _REELECTED.fullmatch(piece):
                    own = ["reelected"]
                elif piece and head.match(piece):
                    held.append(piece)
            listed.append(Listed(im.group("name"), im.group("hon"), held, own, im.span("name")))
            if last:
                break
        if len(shared) > 1 and len(shared) == len(listed):  # "A và B ... giữ chức X và Y": respectively
            listed = [Listed(n, h, [shared[i]] + held[len(shared):], r, sp) for i, (n, h, held, r, sp) in enumerate(listed)]
        elif each is not None:  # "lần lượt" with as many offices as names, or none is whose
            listed = [Listed(n, h, held[len(shared):], r, sp) for n, h, held, r, sp in listed]
        elif shared and _elected(ctx, rule, m):  # "bầu các đồng chí A, B, C, Chủ tịch X": C's office
            listed = [Listed(n, h, held[len(shared):], r, sp) for n, h, held, r, sp in listed[:-1]] + listed[-1:]
        if listed and listed[0].honorific is None and _honorific(ctx, m):
            listed[0] = listed[0]._replace(honorific=m.group("plural"))  # "các đồng chí A, B": A's, as written
        if listed and m.groupdict().get("office") and m.start("office") > m.start("list"):
            yield listed, m.span()  # names first, then their office: the list ends with the office
        elif listed:
            yield listed, (m.start(), listed[-1].span[1])  # what follows the last name is read again


def _elected(ctx: Context, rule, m: regex.Match) -> bool:
    """Whether a vote in the list's clause (the rule's `elected_cue_pattern`) names its people as the elected."""
    cue = rule.attrs.get("elected_cue_pattern")
    if cue is None:
        return False
    s0, s1 = ctx.clause_bounds(m.start())
    return bool(cue.search(ctx.text, s0, m.start("list")) or cue.search(ctx.text, m.end("list"), s1))


def _honorific(ctx: Context, m: regex.Match) -> bool:
    """Whether the plural word before a list ("các đồng chí", "các đ/c", "các ông") is an honorific of the lexicon."""
    word = m.groupdict().get("plural")
    return word is not None and " ".join(word.lower().split()) in lower_set(tuple(ctx.rules.lexicon.get("HONORIFICS", ())))


def _respective_offices(ctx: Context, rule, m: regex.Match, ends, head) -> list[str] | None:
    """With "lần lượt" (the rule's `respectively_pattern`) between the names and their offices,
    the offices listed from there to the clause's end (`respectively_end_pattern`), one for each
    name in order; None without it."""
    word, stop = rule.attrs.get("respectively_pattern"), rule.attrs.get("respectively_end_pattern")
    if word is None or stop is None or not m.groupdict().get("office") or m.start("office") < m.end("list") \
            or not word.search(ctx.text, m.end("list"), m.start("office")):
        return None
    s1 = ctx.sentence_bounds(m.start("office"))[1]
    found = stop.search(ctx.text, m.start("office"), s1)
    return _shared_offices(ctx.text[m.start("office"):found.start() if found else s1], ends, head)


def _each_with_offices(ctx: Context, m: regex.Match, item, shared, roles, positions_after: PositionsAfter,
                       next_person: regex.Pattern | None) -> list[Listed]:
    """A list whose people each add their own offices, parted by semicolons ("các đồng chí Ủy viên
    T.Ư Đảng: A, Phó Chủ tịch Quốc hội; B, Trưởng Ban Nội chính T.Ư"), the last one perhaps by
    "và" and an honorific ("...; ông C - Giám đốc Sở X và bà D - Giám đốc Sở Y"): everyone it names so."""
    start, end = m.span("list")
    listed: list[Listed] = []
    for a, b in _semicolon_items(ctx.text, start, end):
        while True:
            im = item.match(ctx.text, a, b)
            if not im:
                return listed
            own, _, stop = positions_after(im.end("name"))
            if not own or stop > b:
                return listed
            listed.append(Listed(im.group("name"), im.group("hon"), shared + own, list(roles), im.span("name")))
            nm = next_person.match(ctx.text, stop, b) if next_person is not None else None
            if nm is None:
                break
            a = nm.start("lead")
    return listed


def _semicolon_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches between semicolons, white space trimmed."""
    spans, a = [], start
    while a < end:
        b = text.find(";", a, end)
        b = end if b < 0 else b
        lead = len(text[a:b]) - len(text[a:b].lstrip())
        if b > a + lead:
            spans.append((a + lead, b))
        a = b + 1
    return spans


def _shared_offices(text: str, ends, head) -> list[str]:
    """The offices a list shares: one, or several parted by commas, "và", "kiêm"."""
    out = []
    for a, b in offices.split(text, head, ends.whole):
        office = offices.clip(text[a:b], ends)
        if not office or not head.match(office):
            break
        out.append(office)
    return out


_PREDICATE = regex.compile(r"[ ]\p{Ll}")  # a list's last name, then what its people do ("cùng dự", "được bầu")
_REELECTED = regex.compile(r"(?i:tái\s+cử|tái\s+đắc\s+cử|tái\s+bầu)")
_REELECTION_WORDS = regex.compile(r"(?i:tái\s+cử|tái\s+đắc\s+cử|bầu\s+lại|tái\s+bầu)")
_APPOINTMENT_WORDS = regex.compile(r"(?i:bổ\s+nhiệm|điều\s+động|chỉ\s+định|phân\s+công|giới\s+thiệu)")
_ITEM_SEPARATOR = regex.compile(r"\s*(?:[,;]|\s(?i:và)\s)\s*|(?<=\))\s+(?=\p{L})")


def _list_roles(ctx: Context, m: regex.Match) -> list[str]:
    """What put a list's people where they are, read from its clause (up to a semicolon), else
    from its sentence: a vote there elected them too (someone else's re-election is not theirs)."""
    s0, s1 = ctx.clause_bounds(m.start())
    around = ctx.text[s0:m.start("list")] + " " + ctx.text[m.end("list"):s1]  # an item's "(tái cử)" is its own
    for role, words in (("reelected", _REELECTION_WORDS), ("elected", _ELECTION_WORDS), ("appointed", _APPOINTMENT_WORDS)):
        if words.search(around):
            return [role]
    s0, s1 = ctx.sentence_bounds(m.start())  # "... bầu A giữ chức Chủ tịch; 2 Phó Chủ tịch gồm: B, C": one vote
    return ["elected"] if _ELECTION_WORDS.search(ctx.text[s0:m.start("list")] + " " + ctx.text[m.end("list"):s1]) else []


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of a list: parted by commas, semicolons and "và" outside brackets."""
    items, depth, begin, pos = [], 0, start, start
    while pos < end:
        ch = text[pos]
        depth += (ch == "(") - (ch == ")")
        sep = _ITEM_SEPARATOR.match(text, pos, end) if depth == 0 else None
        if sep and sep.end() > pos:
            items.append((begin, pos))
            begin = pos = sep.end()
            continue
        pos += 1
    items.append((begin, end))
    return [(a, b) for a, b in items if b > a]
