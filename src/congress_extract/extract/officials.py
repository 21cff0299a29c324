"""Officials: people named with an office, their positions and roles, one entry per person."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable
import unicodedata

import regex

from ..record import Official
from . import capitals, offices, people_lists, referents
from .context import Context, Spans

_ROLE_NAMES = ("attended", "directed", "chaired", "spoke", "awarded", "disciplined")

_VOTE_ROLES = ("reelected", "elected", "appointed")
_HONORIFIC_FORMS = {"đ/c": "đồng chí", "các đồng chí": "đồng chí"}
_MORE_SYLLABLES = regex.compile(r"(?: \p{Lu}[\p{Ll}\p{M}]*)")
_SPACES = regex.compile(r"\s+")


@lru_cache(maxsize=4096)  # a document folds each name and office many times
def fold(text: str) -> str:
    """Compare names and positions regardless of case, old/new tone placement ("uỷ" = "ủy") and the dash
    a portal types ("Bộ LĐ – TB & XH" = "Bộ LĐ - TB & XH")."""
    text = unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip()).casefold().translate(_DASHES)
    return _OLD_TONES.sub(lambda m: _NEW_TONES[m.group()], text)


_DASHES = str.maketrans("–—", "--")


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


_SYLLABLES = regex.compile(r"[ -]")


def find(ctx: Context) -> list[Official]:
    """The officials of the text, names printed in capitals read as names are (see capitals)."""
    lexicon = ctx.rules.lexicon
    surnames = lexicon.get("SURNAMES", ())
    view = capitals.name_case(capitals.sentence_case_title(ctx.text, surnames), surnames, _titles(lexicon),
                              tuple(lexicon.get("WORKPLACES", ())) + tuple(lexicon.get("ORGANISATION_HEADS", ())),
                              lexicon.get("ADMINISTRATIVE_UNITS", ()), _acronyms(tuple(lexicon.get("OFFICE_ABBREVIATIONS", ()))))
    if view is ctx.text:
        return _find(ctx)
    found = _find(replace(ctx, text=view), lambda span: _recased(ctx.text, view, span))
    for person in found:
        near = person.spans[0][0]
        written = [_SPACES.sub(" ", ctx.text[a:b]).strip() for a, b in person.spans]
        person.name = next((w for w in written if not w.isupper()), written[0])  # the body's "A", not the headline's
        # each span slices to the name (the contract): a capitals mention of a name the body writes is dropped
        person.spans = sorted(s for s, w in zip(person.spans, written) if w == person.name)
        person.positions = [capitals.as_written(ctx.text, view, p, near) for p in person.positions]
    return found


def _recased(text: str, view: str, span: tuple[int, int]) -> bool:
    """Whether the view re-cased the line of a mention (a headline in capitals or title case)."""
    start, end = text.rfind("\n", 0, span[0]) + 1, text.find("\n", span[1])
    end = len(text) if end < 0 else end
    return text[start:end] != view[start:end]


@lru_cache(maxsize=8)
def _acronyms(entries: tuple[str, ...]) -> tuple[str, ...]:
    """The short forms of the lexicon's office abbreviations ("LĐLĐ", "HCM"): acronyms an office writes."""
    return tuple(e.split("=")[0].strip() for e in entries)


def _ends(tail) -> offices.Ends:
    """What ends an office, from the positions rule's patterns: made once per rule set, it keeps the set's clips."""
    if tail is None:
        return offices.Ends()
    return offices.Ends(tail.attrs.get("stop_pattern"), tail.attrs.get("anaphor_pattern"), tail.attrs.get("whole_pattern"),
                        tail.attrs.get("pointer_pattern"), tail.attrs.get("term_end_pattern"),
                        tail.attrs.get("lead_sep_pattern"), tail.attrs.get("lead_sep_reach", 0))


def _titles(lexicon) -> tuple[str, ...]:
    """What a name follows: the honorifics, titles of writers, degrees and ranks of the lexicon."""
    return tuple(w for key in ("HONORIFICS", "PEN_NAME_TITLES", "DEGREES", "RANKS") for w in lexicon.get(key, ()))


def _find(ctx: Context, loud: Callable[[tuple[int, int]], bool] = lambda span: False) -> list[Official]:
    """The officials of `ctx.text`; offices read after a `loud` mention (a name printed in capitals, read
    from the view) come after the others and replace none: the body's wording of an office is preferred."""
    rules = ctx.rules["officials"]
    parts = {r.attrs["part"]: r for r in rules if r.attrs.get("part") not in (None, "office_list")}
    tail = parts.get("positions")
    ends = ctx.rules.derived.get("offices.ends")
    if ends is None:
        ends = ctx.rules.derived["offices.ends"] = _ends(tail)
    words = office_words(ctx.rules.lexicon)
    people: dict[str, Official] = {}
    order: list[str] = []
    shouted: dict[str, list[str]] = {}  # offices read after a loud mention, by person
    taken = Spans()  # names already read, and the positions read after them
    byline = Spans(ctx.exclude)
    # People named in full after an honorific with no office there: the text may give it when it names them again.
    named: dict[str, tuple[str, str, tuple[int, int], str]] = {}

    def add(name, honorific, positions, roles, span, rule_id, covered):
        roles += [r for r in _roles(ctx, span[0], covered[1], parts.get("roles")) if r not in roles]
        shouting = loud(span)
        _add(people, order, name, honorific, [] if shouting else positions, roles, span, rule_id, words)
        if shouting:
            shouted.setdefault(fold(_SPACES.sub(" ", name).strip()), []).extend(positions)
        taken.add(covered)

    head = tail.attrs["position_pattern"] if tail is not None else None
    rules_by_id = {r.id: r for r in rules}
    matches = _Matches(ctx, rules_by_id)
    next_person = tail.attrs.get("next_person_pattern") if tail is not None else None
    for rule in (r for r in rules if r.attrs.get("part") == "office_list"):
        for listed, whole in people_lists.office_lists(ctx, rule, ends, head, matches,
                                                       lambda end: _positions(ctx, end, parts, ends), next_person):
            if taken.overlaps(whole) or not listed:
                continue
            for name, hon, held, roles, span in listed:
                add(name, hon, held, roles, span, rule.id, span)
            taken.add(whole)
    for rule in (r for r in rules if not r.attrs.get("part")):
        for m in matches(rule):
            span = m.span("name")
            if taken.overlaps(span) or byline.overlaps(span):
                continue
            name, lead = m.group("name"), m.group("pos") if m.groupdict().get("pos") else None
            native = rule.attrs.get("native_pattern")
            if native is not None and all(native.fullmatch(w) for w in _SYLLABLES.split(name)):
                continue  # a foreign name's rule: every word spells a Vietnamese syllable, so it is no foreign name
            if lead is not None and taken.overlaps(m.span("pos")):
                lead = None  # "Trung tướng A, Phó Tổng cục trưởng X, Thiếu tướng B dự": X was read as A's
            start = m.start()
            leads: list[str] = []
            if lead is not None:
                name, lead, span = _outside_place(ctx, name, lead, span, tail.attrs.get("unit_syllable_pattern"))
                if name is None:
                    continue
                leads, start = _leads(ctx, m.start("pos"), lead, tail, ends, _CLOSES.match(ctx.text, span[1]) is not None,
                                      taken.end_before(m.start("pos")))
            before = _roles_before(ctx, span[0], parts.get("election"))
            before += [r for r in _VOTE_ROLES if m.groupdict().get(r) and r not in before][:1]  # "bầu chức vụ X đối với ông A"
            positions, roles, end = _positions(ctx, span[1], parts, ends, voted=bool(before),
                                               subject=_opens_sentence(ctx, m.start()), led=lead is not None,
                                               start=m.start())
            positions = leads + positions
            roles = before + [r for r in roles if r not in before]
            honorific = m.group("hon") if m.groupdict().get("hon") else None
            if not positions and not roles and not _bare(ctx, rule, m.start()):
                if honorific:
                    named.setdefault(fold(_SPACES.sub(" ", name).strip()), (name, honorific, span, rule.id))
                continue
            add(name, honorific, positions, roles, span, rule.id, (start, end))
    unplaced = {key: Official(name, hon, [], [], [span], rule_id)
                for key, (name, hon, span, rule_id) in named.items() if _known_as(key, people) is None}
    if people or unplaced:
        honorifics = matches(rules_by_id["officials.honorific"]) if "officials.honorific" in rules_by_id else []
        for key, positions, roles, by_name in _named_again(ctx, {**unplaced, **people}, honorifics, parts, ends):
            if key not in people:
                if not positions or not by_name:
                    continue  # a role alone, a pronoun ("Ông là tổ trưởng ...") or a short name two people bear makes no official of someone given no office
                first = unplaced[key]
                _add(people, order, first.name, first.honorific, [], [], first.spans[0], first.rule, words)
            person = people[key]
            for p in positions:
                _merge_position(person.positions, p, words)
            person.roles += [r for r in roles if r not in person.roles]
    for key, held in shouted.items():
        for p in held:
            _merge_position(people[key].positions, p, words, replace=False)
    return [people[k] for k in order]


def _known_as(key: str, people: dict[str, Official]) -> str | None:
    """The official a folded name names: theirs, or the end of theirs ("anh Hồng Sơn" after "anh Phạm
    Hồng Sơn": given names alone), when only one official's name so ends."""
    if key in people:
        return key
    known = [k for k in people if k.endswith(" " + key)]
    return known[0] if len(known) == 1 else None


def _named_again(ctx: Context, people: dict[str, Official], honorifics: list, parts, ends):
    """What the text says later of people it named before, as "ông Khánh" (the honorific and the
    last syllable of the name) or in a sentence opening with "Ông" / "Hiện bà": the offices and
    vote roles written after it, as after the name (none from a career's history); and whether
    the person was named there by a name no one else named before bears (not a pronoun's guess)."""
    pronoun, short = parts.get("pronoun"), parts.get("short_name")
    named = {key: _occurrences(ctx.text, person.name) for key, person in people.items()}
    for key, positions, roles in _subject_is(ctx, named, parts, ends):
        yield key, positions, roles, True
    found = [m for m in ctx.finditer(pronoun) if _opens_sentence(ctx, m.start())] if pronoun is not None else []
    found += _short_names(ctx, short, people) if short is not None else []
    if not found:
        return
    known = referents.Mentions(_mentions(people, named, honorifics, ctx.rules.lexicon), lambda pos: ctx.sentence_bounds(pos, None)[0])
    for m in found:
        short_name = m.groupdict().get("short")
        sex, last = referents.gender(m.group("hon"), ctx.rules.lexicon), fold(short_name) if short_name else None
        key = known.referent(m.start(), sex, last)
        if key is None:
            continue
        end = m.end()
        if _dated_before(ctx, end) or _in_history(ctx, end, parts.get("election")):
            continue
        positions, roles, _ = _positions(ctx, end, parts, ends, start=m.start())
        if not positions and parts.get("positions") is not None:
            positions = _listed_after_is(ctx, end, parts["positions"], ends)
        if positions or roles:
            yield key, positions, roles, last is not None and known.sole(m.start(), sex, last) == key


def _opens_sentence(ctx: Context, pos: int) -> bool:
    """Whether only white space stands between the sentence's start and `pos`."""
    s0 = ctx.sentence_bounds(pos, None)[0]
    return not ctx.text[s0:pos].strip()


def _subject_is(ctx: Context, named: dict[str, list[tuple[int, int]]], parts, ends):
    """A sentence opening with an official's name, then a comma or "và" and "là": the offices
    it lists there are theirs ("Bà A sinh năm 1967, quê ..., là thạc sĩ ..., Trưởng đoàn ĐBQH
    tỉnh"), unless someone else is named between or the sentence tells a career."""
    rule, tail = parts.get("subject_is"), parts.get("positions")
    if rule is None or tail is None:
        return
    lead, person = rule.attrs["lead_pattern"], tail.attrs.get("person_pattern")
    for key, spans in named.items():
        for start, end in spans:
            s0, s1 = ctx.sentence_bounds(start)
            if ctx.text.find("là", end, s1) < 0 or not lead.fullmatch(ctx.text, s0, start):
                continue
            cue = rule.regex.search(ctx.text, end, s1)
            if cue is None or (person is not None and person.search(ctx.text, end, cue.start())) \
                    or _in_history(ctx, cue.start(), parts.get("election")):
                continue
            positions = _listed(ctx, cue.end(), tail, ends)
            if positions:
                yield key, positions, []


# A year: in the sentence before a mention, it dates what follows to a career ("Năm 2013, ông Phong được bầu ...").
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _dated_before(ctx: Context, pos: int) -> bool:
    """Whether the sentence names a year before `pos`: biographies date each past office so."""
    return _YEAR.search(ctx.text, ctx.sentence_bounds(pos)[0], pos) is not None


def _mentions(people: dict[str, Official], named: dict[str, list[tuple[int, int]]], honorifics: list,
              lexicon) -> list[referents.Mention]:
    """Where people are named in full: every occurrence of each official's name (`named`, with
    or without an honorific: "nhà thơ Thuận Hữu"), and every name after an honorific (a person
    with no office among them is someone a pronoun may mean)."""
    found = [(start, key, people[key].honorific, people[key].name) for key, spans in named.items() for start, _ in spans]
    for m in honorifics:
        key = fold(m.group("name"))
        found.append((m.start("name"), _known_as(key, people), m.group("hon"), m.group("name")))
    return [referents.Mention(start, key, referents.gender(hon, lexicon), _last(name)) for start, key, hon, name in found]


def _occurrences(text: str, name: str) -> list[tuple[int, int]]:
    """Where `name` is written as a whole word (not followed by more of a name)."""
    found, pos = [], text.find(name)
    while pos >= 0:
        end = pos + len(name)
        if not (pos and _LETTER.match(text, pos - 1)) and not _MORE_NAME.match(text, end):
            found.append((pos, end))
        pos = text.find(name, end)
    return found


_LETTER = regex.compile(r"[\p{L}\p{M}]")
_MORE_NAME = regex.compile(r"[\p{L}\p{M}]| \p{Lu}")


def _last(name: str) -> str:
    return fold(name.rsplit(" ", 1)[-1])


def _short_names(ctx: Context, rule, people: dict[str, Official]) -> list[regex.Match]:
    """The rule's matches where the last syllable of an official's name occurs after an honorific
    (plain string searches find those; the rule then checks them)."""
    found = []
    honorifics = _honorifics(tuple(ctx.rules.lexicon.get("HONORIFICS", ())))
    for last in sorted({person.name.rsplit(" ", 1)[-1] for person in people.values()}):
        pos = ctx.text.find(last)
        while pos >= 0:
            if ctx.text[pos - 1:pos] == " " and ctx.text.endswith(honorifics, 0, pos):
                m = ctx.match_at(rule.regex, pos, len(last) + 2)
                if m is not None:
                    found.append(m)
            pos = ctx.text.find(last, pos + len(last))
    return found


@lru_cache(maxsize=8)
def _honorifics(words: tuple[str, ...]) -> tuple[str, ...]:
    """The honorifics as they end the text before a name: with their space."""
    return tuple(w + " " for w in words)


def _listed_after_is(ctx: Context, end: int, tail, ends) -> list[str]:
    """The offices among what "là" lists after a mention, degrees and terms left out ("là tiến sỹ
    kinh tế, Uỷ viên Trung ương Đảng khoá XII; đại biểu Quốc hội khoá XIV"), up to the sentence's
    end or another person's name."""
    pattern = tail.attrs.get("is_pattern")
    m = ctx.match_at(pattern, end, 40) if pattern is not None else None
    return _listed(ctx, m.end(), tail, ends) if m is not None else []


def _listed(ctx: Context, start: int, tail, ends) -> list[str]:
    """The offices among the pieces listed from `start` to the sentence's end (parted by commas
    and semicolons), up to another person's name."""
    head, person = tail.attrs["position_pattern"], tail.attrs.get("person_pattern")
    found: list[str] = []
    for clause in ctx.text[start:ctx.sentence_bounds(start)[1]].split(";"):
        for a, b in offices.split(clause, head, ends.whole):
            if person is not None and person.search(clause, a, b):
                return found
            office = offices.clip(clause[a:b], ends)
            if office and head.match(office):
                found.append(office)
    return found


def _bare(ctx: Context, rule, start: int) -> bool:
    """Whether the rule's mention is an official with no office or role (the holder an election
    replaces): so the rule says (`bare`), where its sentence says what fills an office (`cue_pattern`)."""
    if not rule.attrs.get("bare"):
        return False
    cue = rule.attrs.get("cue_pattern")
    s0, s1 = ctx.sentence_bounds(start)
    return cue is None or cue.search(ctx.text, s0, s1) is not None


class _Matches:
    """Each rule's matches in one document, found once. A rule with `anchor = "RULE_ID"` is tried
    only where that rule's matches start (where a name or an honorific starts): searching each
    such rule over the whole text would cost more than the rest of the family."""

    def __init__(self, ctx: Context, by_id: dict):
        self.ctx, self.by_id, self.found = ctx, by_id, {}

    def __call__(self, rule) -> list[regex.Match]:
        if rule.id not in self.found:
            anchor = rule.attrs.get("anchor")
            if anchor in self.by_id:
                starts = [m.start() for m in self(self.by_id[anchor])]
                self.found[rule.id] = list(_at(self.ctx, rule, starts))
            else:
                self.found[rule.id] = list(self.ctx.finditer(rule))
        return self.found[rule.id]


def _at(ctx: Context, rule, starts: list[int]):
    """The rule's matches that begin at one of `starts`, in order, none overlapping; a rule with a
    `trigger_pattern` only where one occurs within its reach (every match holds one); a rule with
    `after_words` (lexicon lists) only where the word before the start ends one of their entries."""
    end, reach = 0, rule.attrs.get("reach", 300)
    within = ctx.trigger_within(rule) if rule.triggers else None
    after = rule.attrs.get("after_words")
    if after:
        starts = _after(ctx.text, starts, _last_words(ctx.rules.lexicon, tuple(after)))
    for start in starts:
        if start >= end and (within is None or within(start, start + reach)):
            m = ctx.match_at(rule.regex, start, reach)
            if m:
                end = m.end()
                yield m


def _after(text: str, starts: list[int], words: frozenset[str]) -> list[int]:
    """The starts right after a space whose word before it is in `words`: a set look-up where a rule's
    look-behind of a long word list, tried at every name start, cost 21 µs/doc (searching each start's
    30 characters before with `re`, 40; the whole text's titles, 90)."""
    return [s for s in starts if s > 0 and text[s - 1] == " " and text[text.rfind(" ", 0, s - 1) + 1:s - 1] in words]


def _last_words(lexicon, names: tuple[str, ...]) -> frozenset[str]:
    """The last words of the entries of the lexicon's lists `names`."""
    return _last_words_of(*(lexicon.get(name, ()) for name in names))


@lru_cache(maxsize=8)
def _last_words_of(*lists: tuple[str, ...]) -> frozenset[str]:
    return frozenset(e.split()[-1] for entries in lists for e in entries)


# What may follow a name that ends a phrase ("Theo chỉ đạo của Tổng Bí thư, Chủ tịch nước A, ...").
_CLOSES = regex.compile(r"\s*(?:[,.;:)\n]|$)")


def _leads(ctx: Context, start: int, lead: str, tail, ends, closed: bool, read: int) -> tuple[list[str], int]:
    """The offices before a name: the one that leads it and those listed before that one
    ("Tổng Bí thư, Chủ tịch nước Nguyễn Phú Trọng"); and where they begin. `closed`: the name
    ends its phrase (punctuation follows), so offices listed after a preposition are all its own.
    None before `read`, where what was read as another person's ends: in "Dự có ông A, Chủ tịch
    LĐLĐ tỉnh, Phó Chủ tịch UBND tỉnh B" the first office is A's."""
    first = offices.clip(lead, ends)
    if first != offices.tidy(lead):  # runs into a verb or the next clause: it leads nothing here
        return [], start
    if tail is None:
        return [first], start
    head = tail.attrs["position_pattern"]
    kiem = tail.attrs.get("concurrent_pattern")
    role = kiem.search(first) if kiem is not None else None
    if role is not None and not head.match(first, role.end()):
        first = first[:role.start()]  # "Giám đốc điều hành kiêm đồng sáng lập Apple, A": a role, no office, after "kiêm"
    own = [offices.tidy(first[a:b]) for a, b in offices.split(first, head, ends.whole)]  # "Phó Thống đốc - Chủ tịch CĐ"
    s0 = max(ctx.sentence_bounds(start)[0], read)
    more, begin = offices.offices_before(ctx.text, start, s0, head, ends, tail.attrs["person_pattern"],
                                         tail.attrs.get("opener_pattern"), closed)
    return more + [o for o in own if o], begin


def _outside_place(ctx: Context, name: str, lead: str, span: tuple[int, int], unit_syllable: regex.Pattern | None):
    """A name never begins inside a place's name: "Chủ tịch UBND tỉnh Kiên Giang Phạm Vũ Hồng" (a
    province's last syllable, or that of a place the lexicon knows looks like a name or an honorific:
    "Bí thư Quận ủy Hai Bà Trưng Nguyễn Văn A"), "Chủ tịch UBND huyện Lâm Hà Nguyễn Văn A" (`unit_syllable`: an
    administrative unit and one syllable before a "name" whose second syllable is a surname:
    places have two syllables or more)."""
    first, _, rest = name.partition(" ")
    before = ctx.text[max(0, span[0] - 30):span[0]]
    lexicon = ctx.rules.lexicon
    places = tuple(lexicon.get("PROVINCES", ())) + tuple(lexicon.get("PLACES_LIKE_NAMES", ())) \
        + tuple(lexicon.get("PLACES_LIKE_HONORIFICS", ()))  # "quận Hai Bà Trưng Nguyễn Văn A": no "Trưng Nguyễn ..."
    inside = any(before.endswith(head + " ") for head in _province_heads(places).get(first, ()))
    surnames = _words(tuple(lexicon.get("SURNAMES", ())))
    if not inside and unit_syllable is not None and rest.partition(" ")[0] in surnames:
        inside = unit_syllable.search(before) is not None
    if not inside:
        return _last_of_run(ctx, name, lead, span, surnames)
    if rest.count(" ") < 1:
        return None, lead, span
    start = span[0] + len(first) + 1
    more = ctx.match_at(_MORE_SYLLABLES, span[1], 40)  # the surname list allowed one syllable less
    end = more.end() if more and rest.count(" ") < 3 else span[1]
    return ctx.text[start:end], f"{lead} {first}", (start, end)


def _last_of_run(ctx: Context, name: str, lead: str, span: tuple[int, int], surnames: frozenset[str]):
    """A name of four syllables that more capitalised syllables follow began inside a place ("Bí
    thư Huyện đoàn Thạch Hà Nguyễn Văn Tú"): the name is the run's last three syllables, where a
    surname opens them; the rest goes to the office."""
    more = ctx.match_at(_MORE_SYLLABLES, span[1], 40) if name.count(" ") == 3 else None
    if more is None:
        return name, lead, span
    run = ctx.text[span[0]:more.end()].split(" ")
    if len(run) > 7 or run[-3] not in surnames:
        return name, lead, span
    start = more.end() - len(" ".join(run[-3:]))
    return ctx.text[start:more.end()], f"{lead} {' '.join(run[:-3])}", (start, more.end())


@lru_cache(maxsize=8)
def _words(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)


@lru_cache(maxsize=8)
def _province_heads(provinces: tuple[str, ...]) -> dict[str, list[str]]:
    """The provinces (and places) of two or more syllables by their last one: "Giang" -> ["Kiên", "An", ...]."""
    heads: dict[str, list[str]] = {}
    for province in provinces:
        head, _, last = province.rpartition(" ")
        if head:
            heads.setdefault(last, []).append(head)
    return heads


def _positions(ctx: Context, end: int, parts, ends, voted: bool = False,
               depth: int = 0, subject: bool = False, led: bool = False,
               start: int | None = None) -> tuple[list[str], list[str], int]:
    """Offices written after a mention, the role and office a vote or an appointment gives it,
    and where the mention ends (`voted`: the words before the mention cast a vote; `subject`:
    the mention opens its sentence; `led`: an office before the name leads it; `start`: where
    the mention starts)."""
    positions: list[str] = []
    tail = parts.get("positions")
    tm = ctx.match_at(tail.regex, end) if tail is not None else None
    if tm:
        positions, end = _offices_in(ctx, tm, tail, ends, led)
        if positions and not led and tm.group().lstrip().startswith(",") and _quoted_clause(ctx, end, tail, start):
            positions, end = [], tm.start()
        elif positions and end == tm.end():
            positions, end = _past_terms(ctx, positions, end, tail, ends, subject, start)
    elected = parts.get("election")
    if elected is None:
        return positions, [], end
    em = ctx.match_at(elected.regex, end)
    if em is None and tm is not None:
        em = ctx.match_at(elected.regex, _BRIDGE.match(ctx.text, tm.end()).end())
    if em is None and not positions:
        em = _vote_after_aside(ctx, end, elected, tail)
    if em is None and start is not None:
        post, won = _won_post(ctx, start, end, elected, ends)
        if won:
            return positions + [p for p in post if fold(p) not in map(fold, positions)], won, end
    if em is None and depth < 3:
        given, roles = _shared_vote(ctx, end, parts, ends, voted, depth, subject)
        return positions + given, roles, end
    given, roles, end = _vote(ctx, em, elected, tail, ends)
    if given and not roles and start is not None:
        roles = _elided_vote(ctx, start, em, elected)
    return positions + given, roles, end


def _vote_after_aside(ctx: Context, end: int, elected, tail) -> regex.Match | None:
    """A vote after an aside on the person that names no office and no one else ("Chị A, công nhân
    Công ty B, được bầu làm ...", "Anh C, sinh viên năm thứ ba, tái đắc cử ..."; the rule's
    `aside_pattern`): an election or appointment only, not a "làm" or "là" that may be the aside's own."""
    aside = elected.attrs.get("aside_pattern")
    am = ctx.match_at(aside, end) if aside is not None else None
    person = tail.attrs.get("person_pattern") if tail is not None else None
    if am is None or (person is not None and person.search(ctx.text, am.start() + 1, am.end())):
        return None
    em = ctx.match_at(elected.regex, am.end())
    return em if em is not None and any(em.group(role) for role in _VOTE_ROLES) else None


def _elided_vote(ctx: Context, start: int, em: regex.Match, elected) -> list[str]:
    """"bầu đồng chí A làm Chủ tịch, đồng chí B làm Phó Chủ tịch", "Chị A được bầu giữ chức Chủ tịch,
    chị B giữ chức Phó Chủ tịch": a holder named after a comma, whose "làm" or "giữ chức" (`holder_verb_pattern`)
    repeats the one a vote gave the holder before (`elided_pattern`, read back from the mention), shares that vote."""
    verb, shared = elected.attrs.get("holder_verb_pattern"), elected.attrs.get("elided_pattern")
    if verb is None or shared is None or ctx.match_at(verb, em.start()) is None:
        return []
    s0 = ctx.sentence_bounds(start)[0]
    return ["elected"] if shared.search(ctx.text, s0, start) is not None else []


def _won_post(ctx: Context, start: int, end: int, elected, ends) -> tuple[list[str], list[str]]:
    """"Đại hội bầu trực tiếp Chủ tịch Công đoàn cơ sở, đồng chí A trúng cử với 100% số phiếu": "trúng cử"
    with no office after it (`won_pattern`) wins the post its sentence put to the vote before (`post_vote_pattern`;
    the office leading the name may be that post: "bầu trực tiếp Chủ tịch Công đoàn cơ sở Nguyễn Văn A"): that post
    and the role."""
    won, vote = elected.attrs.get("won_pattern"), elected.attrs.get("post_vote_pattern")
    wm = ctx.match_at(won, end) if won is not None and vote is not None else None
    pm = vote.search(ctx.text, ctx.sentence_bounds(start)[0], end) if wm is not None else None
    if pm is None:
        return [], []
    post = offices.clip(pm.group("post"), ends)
    return [post] if post else [], ["reelected" if wm.group("reelected") else "elected"]


def _vote(ctx: Context, em: regex.Match, elected, tail, ends) -> tuple[list[str], list[str], int]:
    """The offices a vote, an appointment or a "giữ chức" gives, its role, and where it ends."""
    positions: list[str] = []
    roles: list[str] = []
    end, first = em.end(), em
    for _ in range(3):  # "thôi chức X để đảm nhiệm chức Y": one office left, the next one taken
        if em is None:
            break
        office = offices.clip(em.group("pos"), ends) or offices.named_before(
            offices.tidy(em.group("pos")), ctx.text, ctx.sentence_bounds(em.start())[0], em.start(), ends)
        role = [role for role in _VOTE_ROLES if em.group(role)][:1]
        if office and (role or not _in_history(ctx, em.start(), elected)):
            positions.append(office)
            if role and tail is not None:  # "được bầu làm Uỷ viên Ban Bí thư, Chủ nhiệm Uỷ ban Kiểm tra"
                positions += _more_offices(ctx, em.end(), tail, ends)
        roles += [r for r in role if r not in roles]
        cut = office and office != offices.tidy(em.group("pos")) and em.group("pos").startswith(office)
        end = em.start("pos") + len(office) if cut else em.end()  # what the office did not take is read again
        em = ctx.match_at(elected.regex, end) if cut else None
    taken = _taken_after_leaving(ctx, first, elected, tail) if not roles else None
    if taken is not None:
        office = offices.clip(taken.group("pos"), ends)
        positions += [office] if office else []
        end = taken.end()
    return positions, roles, end


def _taken_after_leaving(ctx: Context, em: regex.Match, elected, tail) -> regex.Match | None:
    """The office a leaving's clause goes on to take ("thôi giữ chức X, thôi tham gia ... để giữ
    chức Y"; the rule's `then_pattern`), with no one else named between."""
    then = elected.attrs.get("then_pattern")
    tm = ctx.match_at(then, em.start(), 260) if then is not None else None
    person = tail.attrs.get("person_pattern") if tail is not None else None
    if tm is None or (person is not None and person.search(ctx.text, tm.start(), tm.end())):
        return None
    return ctx.match_at(elected.regex, tm.end())


def _shared_vote(ctx: Context, end: int, parts, ends, voted: bool, depth: int,
                 subject: bool = False) -> tuple[list[str], list[str]]:
    """"Ông A, Chủ tịch UBND và ông B, Phó trưởng đoàn ĐBQH được bầu làm Phó bí thư Tỉnh uỷ",
    "bầu ông A - Giám đốc Sở và bà B - Chủ tịch LĐLĐ giữ chức Phó Chủ tịch UBND": the office
    and role a vote gives the last of people joined by "và" are each one's (the next person: the
    tail rule's `next_person_pattern`). Without a vote cast before the first (`voted`), only
    where each writes their own office and the words after the last one elect or appoint, or
    give an office to people who open the sentence (`subject`: "Ông A, Giám đốc Sở X và ông B,
    Giám đốc Công an tỉnh làm uỷ viên UBND tỉnh"; in "Dự có ông A, X và ông B, Y làm trưởng
    đoàn" only B leads)."""
    tail = parts.get("positions")
    pattern = tail.attrs.get("next_person_pattern") if tail is not None else None
    if pattern is None or "và" not in ctx.text[end:end + 6]:  # most mentions: no "và" next, no regex tried
        return [], []
    nm = ctx.match_at(pattern, end, 120)
    if nm is None:
        return [], []
    tm = ctx.match_at(tail.regex, nm.end("name"))
    own = _offices_in(ctx, tm, tail, ends)[0] if tm is not None else []
    theirs, roles, _ = _positions(ctx, nm.end("name"), parts, ends, voted, depth + 1)
    if theirs[:len(own)] != own or not (voted or (own and (roles or subject))):
        return [], []
    return theirs[len(own):], roles


def _offices_in(ctx: Context, tm: regex.Match, tail, ends, led: bool = False) -> tuple[list[str], int]:
    """The offices of a stretch the tail rule read after a mention, and where the mention ends:
    at the first piece that names no office, or at an office cut short by a verb or a name.
    Offices running on into one that leads the next name are all that name's where the mention
    was led by its own office (`led`): a list of guests each written "office name" ("Chủ tịch
    nước A, Phó Thủ tướng, Bộ trưởng Bộ Ngoại giao B")."""
    head, person = tail.attrs["position_pattern"], tail.attrs.get("person_pattern")
    text, base = tm.group("tail"), tm.start("tail")
    found: list[str] = []
    end = tm.end()
    for a, b in offices.split(text, head, ends.whole):
        office = offices.clip(text[a:b], ends)
        if not office or not head.match(office):
            return found, base + a
        cut = base + text.index(office, a) + len(office)
        if office != offices.tidy(text[a:b]):  # cut short: the mention ends with this office
            if person is not None and person.match(ctx.text, cut + 1):
                # "A, Phó Chủ tịch Tổng LĐLĐ Trần B": the office leads the next name
                return ([], tm.start()) if led else (found, base + a)
            found.append(office)
            return found, cut
        found.append(office)
    return _with_workplace(ctx, found, end, tail)


def _past_terms(ctx: Context, found: list[str], end: int, tail, ends,
                subject: bool = False, start: int | None = None) -> tuple[list[str], int]:
    """The offices going on after the term the last one belongs to ("Bí thư Tỉnh ủy khóa XIX, Trưởng
    đoàn ĐBQH tỉnh"; the tail rule's `term_pattern`): a term ends an office, not the person's list.
    Such an office is the person's where the list ends after it (`term_list_end_pattern`: a comma,
    a full stop, a bracket, "và" and the next person), where a verb of speech or attendance the
    person performs follows it (`term_speech_pattern`: "..., Trưởng đoàn ĐBQH tỉnh phát biểu"),
    unless the words before the mention quote it (`term_frame_pattern`: "Theo ông A, ..., Chủ tịch
    Hội ...", "Trao đổi với đồng chí B, ...": the clause after is someone else's), or where the
    mention opens the sentence. Ended by another verb ("Chủ tịch Hội cần đổi mới", "Chủ tịch UBND
    tỉnh đã ký"), it is the next clause's subject."""
    term, closed = tail.attrs.get("term_pattern"), tail.attrs.get("term_list_end_pattern")
    for _ in range(3):  # a person's offices are a few; three terms in one list is already a long biography
        tm = ctx.match_at(term, end) if term is not None else None
        more = ctx.match_at(tail.regex, tm.end()) if tm is not None else None
        if more is None:
            break
        offices_read, stop = _offices_in(ctx, more, tail, ends)
        if not offices_read or not (subject or closed is None or ctx.match_at(closed, stop)
                                    or _spoken_by_mention(ctx, stop, tail, start)):
            break
        found, end = found + offices_read, stop
        if stop != more.end():
            break
    return found, end


def _quoted_clause(ctx: Context, stop: int, tail, start: int | None) -> bool:
    """Whether the words before a mention at `start` quote it (`quote_frame_pattern`: "Theo ông A,
    ...") and the offices read after its comma end at `stop`
    with no comma, bracket or full stop closing them (`term_list_end_pattern`): they are the subject
    of the clause the frame introduces, not the person's ("Theo ông A, Chủ tịch UBND huyện phải quan
    tâm hơn"); offices set off as an apposition are theirs ("Theo ông A, Chủ tịch LĐLĐ tỉnh, năm nay
    ...", "Theo ông B - Chủ tịch LĐLĐ tỉnh năm nay ...": a dash opens no clause)."""
    frame, closed = tail.attrs.get("quote_frame_pattern"), tail.attrs.get("term_list_end_pattern")
    if frame is None or closed is None or start is None or ctx.match_at(closed, stop) is not None:
        return False
    term = tail.attrs.get("term_pattern")
    if term is not None and ctx.match_at(term, stop) is not None:
        return False  # "Theo ông A, Ủy viên Ban Chấp hành khóa XII, ...": the term and its comma close the office
    return _framed(ctx, frame, tail, start)


def _spoken_by_mention(ctx: Context, stop: int, tail, start: int | None) -> bool:
    """Whether a verb of speech or attendance follows an office at `stop` (`term_speech_pattern`)
    and no quoting frame stands before the mention at `start` (`term_frame_pattern`)."""
    speech, frame = tail.attrs.get("term_speech_pattern"), tail.attrs.get("term_frame_pattern")
    if speech is None or ctx.match_at(speech, stop) is None:
        return False
    return frame is None or start is None or not _framed(ctx, frame, tail, start)


def _framed(ctx: Context, frame: regex.Pattern, tail, start: int) -> bool:
    """Whether a frame (`term_frame_pattern`, `quote_frame_pattern`: "Theo ông", "trao đổi với") stands
    right before a mention at `start`, within `term_frame_reach` characters."""
    reach = tail.attrs.get("term_frame_reach", 0)
    return frame.search(ctx.text, max(0, start - reach), start) is not None


def _with_workplace(ctx: Context, found: list[str], end: int, tail) -> tuple[list[str], int]:
    """"Chủ tịch Công đoàn cơ sở, Công ty TNHH A": a union's office written with its workplace
    after a comma names that workplace's union (tail rule: `union_end_pattern`, `workplace_pattern`)."""
    union, place = tail.attrs.get("union_end_pattern"), tail.attrs.get("workplace_pattern")
    if not found or union is None or place is None or not union.search(found[-1]):
        return found, end
    wm = ctx.match_at(place, end, 120)
    if wm is None:
        return found, end
    return found[:-1] + [f"{found[-1]}, {wm.group('org')}"], wm.end()


def _more_offices(ctx: Context, end: int, tail, ends) -> list[str]:
    """Offices listed after the one a vote gave, up to the end of the clause: the vote gave them
    too. None where the list runs on into another clause ("bầu làm Chủ tịch, Phó Chủ tịch là B")."""
    tm = ctx.match_at(tail.regex, end)
    if tm is None or not tm.group().lstrip().startswith(","):
        return []
    found, stop = _offices_in(ctx, tm, tail, ends)
    return found if stop == tm.end() and _CLAUSE_END.match(ctx.text, stop) else []


# Where offices given by one vote end: the sentence or clause, a bracket, a term, a vacated holder.
_CLAUSE_END = regex.compile(r"\s*(?:[.;\n(]|$|(?i:khóa|khoá|nhiệm\s+k[ỳì]|với|thay)(?![\p{L}\p{M}]))")


# What may sit between the offices after a name and the vote that follows them: the dash or comma
# closing the offices ("Ông A - Phó Chủ tịch UBND tỉnh - được HĐND bầu làm ..."), a bracket's end,
# the term those offices belong to ("Phó bí thư Tỉnh uỷ khoá 15 được bầu ...").
_BRIDGE = regex.compile(r"(?:\s*[-–—,)]|\s+(?i:khóa|khoá)\s+[\dIVXL]+(?![\p{L}\p{M}\d])"
                        r"|\s+(?i:nhiệm\s+k[ỳì])\s+\d{4}\s*[-–—]\s*\d{4})*")


def _in_history(ctx: Context, pos: int, rule) -> bool:
    """Whether the sentence around `pos` tells a career ("Từ năm 2003-2014 ...", "từng giữ")."""
    pattern = rule.attrs.get("history_pattern")
    s0, s1 = ctx.sentence_bounds(pos)
    return pattern is not None and pattern.search(ctx.text, s0, s1) is not None


def _roles_before(ctx: Context, start: int, rule) -> list[str]:
    """The role the words right before a name give it: "bầu đồng chí A làm ...", "bổ nhiệm ông B"."""
    pattern = rule.attrs.get("before_pattern") if rule is not None else None
    m = pattern.search(ctx.text, max(0, start - 80), start) if pattern is not None else None
    return [role for role in _VOTE_ROLES if m and m.group(role)][:1]


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


def _add(people, order, name, honorific, positions, roles, span, rule_id, words) -> None:
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
        _merge_position(person.positions, p, words)
    for r in roles:
        if r not in person.roles:
            person.roles.append(r)


def _merge_position(positions: list[str], new: str, words, replace: bool = True) -> None:
    """Keep one wording per office: "Chủ tịch LĐLĐ tỉnh" adds nothing to "Chủ tịch LĐLĐ tỉnh Cà
    Mau" (the fuller one stays), nor "Phó Chủ tịch UBND TP" to "Phó Chủ tịch thường trực Ủy ban
    nhân dân TP", nor "Chủ tịch UBND tỉnh" to "Chủ tịch tỉnh" (the first one stays): `words`
    spells out abbreviations before comparing. Without `replace` the new one never displaces an old one."""
    if not positions:
        positions.append(new)
        return
    f = words(new)
    for i, old in enumerate(positions):
        g = words(old)
        if f == g or g[:len(f)] == f:
            return
        if f[:len(g)] == g:
            if replace:
                positions[i] = new
            return
        if _same_office(f, g) or _within(f, g) or _within(g, f) \
                or _within(_unplaced(f, words.unit), g) or _within(_unplaced(g, words.unit), f):
            return
    positions.append(new)


def _same_office(f: list[str], g: list[str]) -> bool:
    """Two wordings of one office: the same title (first two words) and under a third of all
    their words not shared ("Trưởng phòng GD&ĐT huyện A" and "Trưởng phòng Giáo dục huyện A")."""
    if f[:2] != g[:2]:
        return False
    a, b = set(f), set(g)
    return len(a ^ b) * 3 < len(a | b)


def _unplaced(words: list[str], unit: str) -> list[str]:
    """The words without the place named after their last unit ("Chủ tịch tỉnh Bạc Liêu" ->
    "Chủ tịch tỉnh"), to be found within a wording that names the unit alone ("Chủ tịch UBND tỉnh")."""
    if unit not in words:
        return words
    cut = len(words) - words[::-1].index(unit)
    return words[:cut] if 0 < len(words) - cut <= 3 else words


def _within(short: list[str], long: list[str]) -> bool:
    """Whether `short` is `long` with words left out inside it ("Chủ tịch tỉnh" of "Chủ tịch UBND
    tỉnh"): the same title (first two words) and last word, the rest in order."""
    rest = iter(long)
    return len(short) > 2 and short[:2] == long[:2] and short[-1] == long[-1] and all(w in rest for w in short)


@dataclass(frozen=True)
class OfficeWords:
    """The words of a position, folded, with its abbreviations spelled out (`table`, from lexicon
    OFFICE_ABBREVIATIONS: "LĐLĐ = Liên đoàn Lao động"), and the province or city it ends with said
    one way: every unit of a province's rank (lexicon PROVINCE_UNITS) as the first, `unit` ("thành
    phố" as "tỉnh"), and a province named without its unit with it ("Chủ tịch Uỷ ban bầu cử thành
    phố" is "Chủ tịch Uỷ ban bầu cử Hà Nội" said shorter)."""

    table: dict[str, list[str]]
    places: frozenset[tuple[str, ...]]
    unit: str
    others: tuple[tuple[str, ...], ...]

    def __call__(self, text: str) -> list[str]:
        out: list[str] = []
        for w in fold(_PUNCT.sub(" ", text)).split():
            out += self.table.get(w, [w])
        return self._one_unit(out)

    def _one_unit(self, words: list[str]) -> list[str]:
        """Each other unit as `unit`, and `unit` before a province or city that ends the words without one."""
        out: list[str] = []
        for w in words:
            out.append(w)
            for other in self.others:
                if tuple(out[-len(other):]) == other:
                    out[-len(other):] = [self.unit]
        for n in (3, 2):
            if len(out) > n and tuple(out[-n:]) in self.places and out[-n - 1] != self.unit:
                return out[:-n] + [self.unit] + out[-n:]
        return out


def office_words(lexicon) -> OfficeWords:
    """The lexicon's way of comparing two wordings of a position (see OfficeWords)."""
    units = tuple(lexicon["PROVINCE_UNITS"])
    return _office_words(tuple(lexicon.get("OFFICE_ABBREVIATIONS", ())), tuple(lexicon.get("PROVINCES", ())),
                         tuple(lexicon.get("COUNTRY_NAMES", ())), units)


@lru_cache(maxsize=8)
def _office_words(abbreviations: tuple[str, ...], provinces: tuple[str, ...], countries: tuple[str, ...],
                  units: tuple[str, ...]) -> OfficeWords:
    return OfficeWords(_abbreviations(abbreviations), _places(provinces, countries), fold(units[0]),
                       tuple(tuple(fold(u).split()) for u in units[1:]))


@lru_cache(maxsize=8)
def _places(provinces: tuple[str, ...], countries: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """The provinces and cities as folded words, but the country's names (lexicon COUNTRY_NAMES)."""
    national = {fold(c) for c in countries}
    return frozenset(tuple(fold(p).split()) for p in provinces if fold(p) not in national)


@lru_cache(maxsize=8)
def _abbreviations(entries: tuple[str, ...]) -> dict[str, list[str]]:
    """The abbreviation table, built once per process."""
    table = {}
    for entry in entries:
        short, _, long = entry.partition("=")
        table[fold(short)] = fold(long).split()
    return table


_PUNCT = regex.compile(r"[.,()]")
