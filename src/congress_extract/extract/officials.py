"""Officials: people named with an office, their positions and roles, one entry per person."""

from __future__ import annotations

import unicodedata

import regex

from ..record import Official
from .context import Context, overlaps, sentence_bounds

_ROLE_NAMES = ("attended", "directed", "chaired", "spoke", "awarded")


def fold(text: str) -> str:
    """Compare names and positions regardless of case and old/new tone placement ("uỷ" = "ủy")."""
    text = unicodedata.normalize("NFC", regex.sub(r"\s+", " ", text).strip()).casefold()
    return _OLD_TONES.sub(lambda m: _NEW_TONES[m.group()], text)


# Old-style tone placement on the first vowel of a final "oa", "oe", "uy" ("hoà", "uỷ") -> new style ("hòa", "ủy").
_NEW_TONES = {
    old: new
    for pair, marks in (("oa", "àáảãạ"), ("oe", "èéẻẽẹ"), ("uy", "ỳýỷỹỵ"))
    for old, new in zip(
        (unicodedata.normalize("NFC", pair[0] + unicodedata.normalize("NFD", m)[1:] + pair[1]) for m in marks),
        (pair[0] + m for m in marks),
    )
}
_OLD_TONES = regex.compile("(?:" + "|".join(_NEW_TONES) + r")(?![\p{L}\p{M}])")


def find(ctx: Context) -> list[Official]:
    rules = ctx.rules["officials"]
    parts = {r.attrs.get("part"): r for r in rules if r.attrs.get("part")}
    people: dict[str, Official] = {}
    order: list[str] = []
    taken: list[tuple[int, int]] = []
    for rule in (r for r in rules if not r.attrs.get("part")):
        for m in ctx.finditer(rule):
            span = m.span("name")
            if overlaps(span, taken) or overlaps(span, ctx.exclude):
                continue
            not_after = rule.attrs.get("not_after_pattern")
            if not_after is not None and not_after.search(ctx.text[m.start():span[0]].rstrip()):
                continue
            taken.append(span)
            positions, roles = _positions(ctx, m, parts)
            if not positions and not roles:
                continue
            roles += _roles(ctx, span[0], parts.get("roles"))
            honorific = m.group("hon").lower() if m.groupdict().get("hon") else None
            _add(people, order, m.group("name"), honorific, positions, roles, span, rule.id)
    return [people[k] for k in order]


def _positions(ctx: Context, m: regex.Match, parts) -> tuple[list[str], list[str]]:
    positions: list[str] = []
    roles: list[str] = []
    if m.groupdict().get("pos"):
        positions.append(_tidy(m.group("pos")))
    end = m.end("name")
    elected = parts.get("election")
    em = elected.regex.match(ctx.text, end) if elected is not None else None
    if em:
        positions.append(_tidy(em.group("pos")))
        roles.append("reelected" if em.group("re") else "elected")
        return positions, roles
    tail = parts.get("positions")
    tm = tail.regex.match(ctx.text, end) if tail is not None else None
    if tm:
        head = tail.attrs["position_pattern"]
        for piece in tm.group("tail").split(","):
            piece = _tidy(piece)
            if not piece or not head.match(piece):
                break
            positions.append(piece)
    return positions, roles


def _roles(ctx: Context, pos: int, rule) -> list[str]:
    if rule is None:
        return []
    s0, s1 = sentence_bounds(ctx.text, pos)
    sentence = ctx.text[s0:s1]
    out = []
    for role in _ROLE_NAMES:
        pattern = rule.attrs.get(f"{role}_pattern")
        if pattern is not None and pattern.search(sentence):
            out.append(role)
    return out


def _tidy(text: str) -> str:
    return regex.sub(r"\s+", " ", text).strip(" ,;:-–—")


def _add(people, order, name, honorific, positions, roles, span, rule_id) -> None:
    name = regex.sub(r"\s+", " ", name).strip()
    key = fold(name)
    person = people.get(key)
    if person is None:
        person = people[key] = Official(name, honorific, [], [], [], rule_id)
        order.append(key)
    person.honorific = person.honorific or honorific
    person.spans.append(span)
    for p in positions:
        _merge_position(person.positions, p)
    for r in roles:
        if r not in person.roles:
            person.roles.append(r)


def _merge_position(positions: list[str], new: str) -> None:
    """Keep the fullest wording: "Chủ tịch LĐLĐ tỉnh" adds nothing to "Chủ tịch LĐLĐ tỉnh Sóc Trăng"."""
    f = fold(new)
    for i, old in enumerate(positions):
        g = fold(old)
        if f == g or g.startswith(f + " "):
            return
        if f.startswith(g + " "):
            positions[i] = new
            return
    positions.append(new)
