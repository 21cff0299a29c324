"""Congresses and conferences: name, ordinal, term, date and place of each distinct event."""

from __future__ import annotations

import regex

from ..numbers import ordinal_value
from ..record import Event
from .context import Context, first_from

_MAX_NAME_WORDS = 16
_TOKEN = regex.compile(r"\S{1,80}")  # words of a name are short; never scan a whole unbroken megabyte
_WORD_START = regex.compile(r"[\p{L}\d&]")
# What makes a congress mention an event, within reach of its head: "lần thứ N", a term, "(2023 - 2028)".
_NAMED_AHEAD = regex.compile(r"[^\n]*?(?:(?i:lần\s+thứ|nhiệm\s+k[ỳì])|\(\s*\d{4})")
_NEXT_WORD = regex.compile(r" ?(?P<w>\S{1,80})")
_ORDINAL_AFTER = regex.compile(r"\s*(?:,\s*)?(?i:lần\s+thứ)\s+(?P<ord>[\p{L}\d]{1,12})")
_ABBREVIATION = regex.compile(r"(?:TP|Tp|TX|TT|T\.Ư|TW)\.")  # "Công đoàn TP. Hồ Chí Minh" goes on after the dot
_JOINING_DASH = regex.compile(r"[-–]\s\p{Lu}")  # "Công đoàn Than - Khoáng sản Việt Nam": a dash inside a name
_TERM_GAP = regex.compile(r"\s*[,(]?\s*\(?\s*")
_OPENS_QUOTE = regex.compile(r"[(“\"]")
_BARE_NAME = regex.compile(r"(?i:đại\s+hội|đạo\s+hội)")


def find(ctx: Context) -> list[Event]:
    rules = ctx.rules["events"]
    heads = [r for r in rules if r.attrs.get("part") is None]
    places = [r for r in rules if r.attrs.get("part") == "location"]
    mentions: list[Event] = []
    seen_heads: set[int] = set()
    for rule in heads:
        for m in ctx.finditer(rule):
            if m.start() in seen_heads:
                continue
            event = _mention(ctx, rule, m, places)
            if event is not None:
                seen_heads.add(m.start())
                mentions.append(event)
    mentions.sort(key=lambda e: e.span)
    events, spans = _merge(mentions)
    _mark_main(ctx, events, spans)
    return events


def _mention(ctx: Context, rule, m: regex.Match, places) -> Event | None:
    text = ctx.text
    ordinal = ordinal_value(m.group("ord")) if m.groupdict().get("ord") else None
    if ordinal is None and rule.attrs.get("kind") != "conference" and not ctx.match_at(_NAMED_AHEAD, m.end(), 200):
        return None  # a congress counts only with its number or its term, and neither is near
    name_end = m.end()
    # Read the name word by word until punctuation, a stop word, or "lần thứ N".
    pos = m.end()
    words = 0
    while words < _MAX_NAME_WORDS:
        om = ctx.match_at(_ORDINAL_AFTER, pos, 40)
        if om and ordinal_value(om.group("ord")) is not None and ordinal is None:
            ordinal = ordinal_value(om.group("ord"))
            name_end = om.end("ord")
            break
        tm = ctx.match_at(_NEXT_WORD, pos, 90)  # one space, then a word on the same line
        if not tm:
            break
        tm = ctx.match_at(_TOKEN, tm.end() - len(tm.group("w")), 90)
        token = tm.group()
        if ctx.match_at(rule.attrs["name_stop_pattern"], tm.start(), 40):
            break
        if not _WORD_START.match(token) and not ctx.match_at(_JOINING_DASH, tm.start(), 4):
            break
        core = token if _ABBREVIATION.fullmatch(token) else token.rstrip(",.;:!?)”\"'")
        if _OPENS_QUOTE.search(core):
            break
        name_end = tm.start() + len(core)
        words += 1
        pos = tm.end()
        if core != token:
            break
    name = text[m.start():name_end]
    term = _term_after(ctx, name_end)
    named = ordinal is not None or term is not None or rule.attrs.get("kind") == "conference"
    if not named:
        return None
    kind = str(rule.attrs.get("kind", "congress"))
    s0, s1 = ctx.sentence_bounds(m.start())
    date = _date_within(ctx, s0, s1)
    location = None
    for place in places:
        pm = next(iter(ctx.finditer(place, text, s0, s1)), None)
        if pm:
            location = pm.group("place").strip()
            break
    return Event(kind, name, ordinal, term, date, location, (m.start(), name_end), rule.id)


def _date_within(ctx: Context, start: int, end: int) -> str | None:
    """The first date of the event's sentence that is not a document's or the page's own."""
    dates = ctx.facts.dates
    for d in dates[first_from(dates, start):]:
        if d.span[0] >= end:
            break
        if d.role not in ("document", "published"):
            return d.value
    return None


def _term_after(ctx: Context, pos: int) -> dict[str, int] | None:
    """The term written right after an event's name (", nhiệm kỳ 2023 - 2028", " (2023 - 2028)")."""
    gap = ctx.match_at(_TERM_GAP, pos)
    limit = (gap.end() if gap else pos) + 2
    terms = ctx.facts.terms
    i = first_from(terms, pos)
    if i < len(terms) and terms[i].span[0] <= limit:
        return {"start": terms[i].start, "end": terms[i].end}
    return None


def _merge(mentions: list[Event]) -> tuple[list[Event], dict[int, list[tuple[int, int]]]]:
    """One entry per event: mentions with the same ordinal, or the same name and term, are one.

    A bare "Đại hội, nhiệm kỳ 2023 - 2028" is the numbered congress of that term when the
    article names exactly one. Returns the events and the spans of all their mentions.
    """
    merged: dict[tuple, Event] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for e in mentions:
        key = (e.kind, e.ordinal) if e.ordinal is not None else (e.kind, e.name.casefold(), str(e.term))
        first = merged.get(key)
        if first is None:
            merged[key] = e
            spans[id(e)] = [e.span]
            continue
        _absorb(first, e, spans)
    events = list(merged.values())
    for bare in [e for e in events if e.ordinal is None and e.term and _bare(e.name)]:
        numbered = [o for o in events if o.kind == bare.kind and o.ordinal is not None and o.term == bare.term]
        if len(numbered) == 1:
            _absorb(numbered[0], bare, spans)
            events.remove(bare)
    return events, spans


def _absorb(host: Event, other: Event, spans: dict[int, list[tuple[int, int]]]) -> None:
    host.term = host.term or other.term
    host.date = host.date or other.date
    host.location = host.location or other.location
    mine, theirs = spans[id(host)], spans.pop(id(other), [other.span])
    in_order = not mine or theirs[0] >= mine[-1]  # mentions mostly come in text order
    mine.extend(theirs)
    if not in_order:
        mine.sort()


def _bare(name: str) -> bool:
    return _BARE_NAME.fullmatch(name) is not None


def _mark_main(ctx: Context, events: list[Event], spans: dict[int, list[tuple[int, int]]]) -> None:
    """The event the article reports: the one its headline names, else the first one its lead
    paragraph dates to a day."""
    text = ctx.text
    head_end = text.find("\n") if "\n" in text else len(text)
    lead_start = head_end
    while lead_start < len(text) and (text[lead_start] == "\n" or _in_stamp(ctx, lead_start)):
        lead_start = text.find("\n", lead_start + 1) if _in_stamp(ctx, lead_start) else lead_start + 1
        if lead_start < 0:
            return
    lead_end = text.find("\n", lead_start)
    lead_end = len(text) if lead_end < 0 else lead_end

    def mentioned(e: Event, start: int, end: int) -> bool:
        return any(start <= s < end for s, _ in spans[id(e)])

    named = [e for e in events if not _bare(e.name)]  # "tổ chức đại hội nhiệm kỳ ..." in an overview is no one event
    main = next((e for e in named if mentioned(e, 0, head_end) and _day(e.date)), None)
    if main is None:
        main = next((e for e in sorted(named, key=lambda e: min(s for s, _ in spans[id(e)]))
                     if mentioned(e, lead_start, lead_end) and _day(e.date)), None)
    if main is not None:
        main.main = True


def _day(value: str | None) -> bool:
    """A date to the day: the event the article reports happened on a day it names."""
    return bool(value) and (len(value) == 10 or value.startswith("--"))


def _in_stamp(ctx: Context, pos: int) -> bool:
    return ctx.stamp_span is not None and ctx.stamp_span[0] <= pos + 1 <= ctx.stamp_span[1]
