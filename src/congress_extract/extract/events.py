"""Congresses and conferences: name, ordinal, term, date and place of each distinct event."""

from __future__ import annotations

import regex

from ..numbers import ordinal_value
from ..record import Event
from .context import Context, sentence_bounds

_MAX_NAME_WORDS = 16
_TOKEN = regex.compile(r"\S+")
_ORDINAL_AFTER = regex.compile(r"\s*,?\s*(?i:lần\s+thứ)\s+(?P<ord>[\p{L}\d]+)")
_ABBREVIATION = regex.compile(r"(?:TP|Tp|TX|TT|T\.Ư|TW)\.")  # "Công đoàn TP. Hồ Chí Minh" goes on after the dot
_TERM_GAP = regex.compile(r"\s*[,(]?\s*\(?\s*")


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
    return _merge(mentions)


def _mention(ctx: Context, rule, m: regex.Match, places) -> Event | None:
    text = ctx.text
    ordinal = ordinal_value(m.group("ord")) if m.groupdict().get("ord") else None
    name_end = m.end()
    # Read the name word by word until punctuation, a stop word, or "lần thứ N".
    pos = m.end()
    words = 0
    while words < _MAX_NAME_WORDS:
        om = _ORDINAL_AFTER.match(text, pos)
        if om and ordinal_value(om.group("ord")) is not None and ordinal is None:
            ordinal = ordinal_value(om.group("ord"))
            name_end = om.end("ord")
            break
        tm = _TOKEN.match(text, pos + (len(text[pos:]) - len(text[pos:].lstrip(" "))))
        if not tm or text[pos:tm.start()].count("\n") or tm.start() - pos > 1:
            break
        token = tm.group()
        if rule.attrs["name_stop_pattern"].match(text, tm.start()) or not regex.match(r"[\p{L}\d&]", token):
            break
        core = token if _ABBREVIATION.fullmatch(token) else token.rstrip(",.;:!?)”\"'")
        if regex.search(r"[(“\"]", core):
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
    s0, s1 = sentence_bounds(text, m.start())
    date = next((d.value for d in ctx.facts.dates if s0 <= d.span[0] < s1 and d.role not in ("document", "published")), None)
    location = None
    for place in places:
        pm = next(iter(ctx.finditer(place, text, s0, s1)), None)
        if pm:
            location = pm.group("place").strip()
            break
    return Event(kind, name, ordinal, term, date, location, (m.start(), name_end), rule.id)


def _term_after(ctx: Context, pos: int) -> dict[str, int] | None:
    gap = _TERM_GAP.match(ctx.text, pos)
    limit = (gap.end() if gap else pos) + 2
    for t in ctx.facts.terms:
        if pos <= t.span[0] <= limit:
            return {"start": t.start, "end": t.end}
    return None


def _merge(mentions: list[Event]) -> list[Event]:
    """One entry per event: mentions with the same ordinal, or the same name and term, are one."""
    merged: dict[tuple, Event] = {}
    for e in mentions:
        key = (e.kind, e.ordinal) if e.ordinal is not None else (e.kind, e.name.casefold(), str(e.term))
        first = merged.get(key)
        if first is None:
            merged[key] = e
            continue
        first.term = first.term or e.term
        first.date = first.date or e.date
        first.location = first.location or e.location
    return list(merged.values())
