"""Officials: people named with an office, their positions and roles, one entry per person."""

from __future__ import annotations

import unicodedata

import regex

from ..record import Official
from .context import Context, Spans

_ROLE_NAMES = ("attended", "directed", "chaired", "spoke", "awarded")

_HONORIFIC_FORMS = {"đ/c": "đồng chí", "các đồng chí": "đồng chí"}
_ELECTION_WORDS = regex.compile(r"(?i:bầu|trúng\s+cử|đắc\s+cử|tái\s+cử)")
_MORE_SYLLABLES = regex.compile(r"(?: \p{Lu}[\p{Ll}\p{M}]*)")
_DASH = regex.compile(r"\s[-–—]\s")
_LIST_SPLIT = regex.compile(r"\s*(?:,|;|\s(?i:và)\s)\s*")
_SPACES = regex.compile(r"\s+")
_TRAILING_AND = regex.compile(r"\s+(?:và|cùng)$")


def fold(text: str) -> str:
    """Compare names and positions regardless of case and old/new tone placement ("uỷ" = "ủy")."""
    text = unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip()).casefold()
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
    parts = {r.attrs["part"]: r for r in rules if r.attrs.get("part") not in (None, "office_list")}
    people: dict[str, Official] = {}
    order: list[str] = []
    taken = Spans()  # names already read, and the positions read after them
    byline = Spans(ctx.exclude)

    def add(name, honorific, positions, roles, span, rule_id, covered):
        roles += [r for r in _roles(ctx, span[0], covered[1], parts.get("roles")) if r not in roles]
        _add(people, order, name, honorific, positions, roles, span, rule_id)
        taken.add(covered)

    for rule in (r for r in rules if r.attrs.get("part") == "office_list"):
        for listed, whole in _office_lists(ctx, rule):
            if taken.overlaps(whole):
                continue
            for name, hon, office, roles, span in listed:
                add(name, hon, [office], roles, span, rule.id, span)
            taken.add(whole)
    for rule in (r for r in rules if not r.attrs.get("part")):
        for m in ctx.finditer(rule):
            span = m.span("name")
            if taken.overlaps(span) or byline.overlaps(span):
                continue
            name, lead = m.group("name"), m.group("pos") if m.groupdict().get("pos") else None
            if lead is not None:
                name, lead, span = _outside_place(ctx, name, lead, span)
                if name is None:
                    continue
            positions, roles, end = _positions(ctx, lead, span[1], parts)
            if not positions and not roles:
                continue
            honorific = m.group("hon") if m.groupdict().get("hon") else None
            add(name, honorific, positions, roles, span, rule.id, (m.start(), end))
    return [people[k] for k in order]


def _office_lists(ctx: Context, rule):
    """Each list of names sharing one office, with the span of the whole list: each name holds
    the office, elected when the sentence elects."""
    item = rule.attrs["item_pattern"]
    for m in ctx.finditer(rule):
        s0, s1 = ctx.sentence_bounds(m.start())
        roles = ["elected"] if _ELECTION_WORDS.search(ctx.text, s0, s1) else []
        office = _tidy(m.group("office"))
        pos = m.start("list")
        listed = []
        for piece in _LIST_SPLIT.split(m.group("list")):
            piece = piece.strip()
            im = item.fullmatch(piece)
            start = ctx.text.find(piece, pos)
            if not im or start < 0:
                break
            pos = start + len(piece)
            name_start = start + im.start("name")
            listed.append((im.group("name"), im.group("hon"), office, list(roles), (name_start, name_start + len(im.group("name")))))
        yield listed, m.span()


def _outside_place(ctx: Context, name: str, lead: str, span: tuple[int, int]):
    """"Chủ tịch UBND tỉnh Kiên Giang Phạm Vũ Hồng": a name never begins inside a province's name."""
    first, _, rest = name.partition(" ")
    before = ctx.text[max(0, span[0] - 30):span[0]]
    for province in ctx.rules.lexicon.get("PROVINCES", ()):
        head, _, last = province.rpartition(" ")
        if head and last == first and before.endswith(head + " "):
            if rest.count(" ") < 1:
                return None, lead, span
            start = span[0] + len(first) + 1
            more = ctx.match_at(_MORE_SYLLABLES, span[1], 40)  # the surname list allowed one syllable less
            end = more.end() if more and rest.count(" ") < 3 else span[1]
            return ctx.text[start:end], f"{lead} {first}", (start, end)
    return name, lead, span


def _positions(ctx: Context, lead: str | None, end: int, parts) -> tuple[list[str], list[str], int]:
    """Positions written around a mention (`lead` before it), roles from an election, and where it ends."""
    positions: list[str] = []
    roles: list[str] = []
    if lead:
        positions.append(_tidy(lead))
    tail = parts.get("positions")
    tm = ctx.match_at(tail.regex, end) if tail is not None else None
    if tm:
        head = tail.attrs["position_pattern"]
        for piece in _split_positions(tm.group("tail"), head):
            piece = _tidy(piece)
            if not piece or not head.match(piece):
                break
            positions.append(piece)
        end = tm.end()
    elected = parts.get("election")
    em = ctx.match_at(elected.regex, end) if elected is not None else None
    if em is None and tm is not None and elected is not None:
        em = ctx.match_at(elected.regex, tm.end() + (1 if ctx.text[tm.end():tm.end() + 1] in ",)" else 0))
    if em:
        positions.append(_tidy(em.group("pos")))
        roles.append("reelected" if em.group("re") else "elected")
        end = em.end()
    return positions, roles, end


def _split_positions(tail: str, head: regex.Pattern) -> list[str]:
    """Positions part at commas, and at a dash that opens another position ("Ủy viên Bộ Chính trị -
    Bí thư ..."); a dash inside a name stays ("Sở Lao động - Thương binh và Xã hội")."""
    pieces = []
    for chunk in tail.split(","):
        start = 0
        for m in _DASH.finditer(chunk):
            if head.match(chunk, m.end()):
                pieces.append(chunk[start:m.start()])
                start = m.end()
        pieces.append(chunk[start:])
    return pieces


def _roles(ctx: Context, start: int, end: int, rule) -> list[str]:
    """Roles the words around a mention give it: the rest of its sentence."""
    if rule is None:
        return []
    s0, s1 = ctx.sentence_bounds(start)
    context = ctx.text[s0:start] + " " + ctx.text[end:s1]
    out = []
    for role in _ROLE_NAMES:
        pattern = rule.attrs.get(f"{role}_pattern")
        if pattern is not None and pattern.search(context):
            out.append(role)
    return out


def _tidy(text: str) -> str:
    return _TRAILING_AND.sub("", _SPACES.sub(" ", text).strip(" ,;:-–—.")).strip(" ,;:-–—.")


def _add(people, order, name, honorific, positions, roles, span, rule_id) -> None:
    name = _SPACES.sub(" ", name).strip()
    if honorific:
        honorific = _HONORIFIC_FORMS.get(honorific.lower(), honorific.lower())
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
    """Keep the fullest wording: "Chủ tịch LĐLĐ tỉnh" adds nothing to "Chủ tịch LĐLĐ tỉnh Cà Mau"."""
    f = fold(new)
    for i, old in enumerate(positions):
        g = fold(old)
        if f == g or g.startswith(f + " "):
            return
        if f.startswith(g + " "):
            positions[i] = new
            return
    positions.append(new)
