"""Elections: bodies elected, their sizes, and who was elected to them."""

from __future__ import annotations

import regex

from ..numbers import ordinal_value
from ..record import Election
from .capitals import title_word
from .context import Context, Spans
from .officials import fold

# A name in a list of the elected, when the officials family did not find it: a surname-led
# run of capitalised syllables, after an optional honorific.
# A name's words are capitalised, or all in capitals as some portals print names ("ông LƯU XUÂN VĨNH").
_NAME_WORD = r"\p{Lu}(?:[\p{Ll}\p{M}]*+|[\p{Lu}\p{M}]*+)(?![\p{L}\p{M}])"
_NAME_IN_LIST = regex.compile(rf"(?:(?i:ông|bà|anh|chị|đồng\s+chí|đ/c)\s+)?({_NAME_WORD}(?:\s{_NAME_WORD}){{1,4}})")
_PARENTHESES = regex.compile(r"\([^()]*\)")
_ITEM_START = regex.compile(r"(?:^|[,:;]|\s(?i:và|các\s+ông|các\s+bà))\s*$")
# The Front's congress and committee consult ("hiệp thương cử") where others vote.
_ELECTING = regex.compile(r"(?i:bầu|trúng\s+cử|đắc\s+cử|tái\s+cử|hiệp\s+thương)")
_OFFICE_BODY = (("phó chủ tịch", "vice_chair"), ("chủ tịch", "chair"))
# Two offices shared out one each ("A và B được bầu giữ chức Phó Chủ tịch UBND và Phó Chủ tịch HĐND").
_RESPECTIVE = regex.compile(r"[^.;\n]{0,80}?\s(?i:và|,)\s+(?i:phó\s+)?(?i:chủ\s+tịch|bí\s+thư|chủ\s+nhiệm|trưởng)")


def find(ctx: Context) -> list[Election]:
    found: list[Election] = []
    taken = Spans()
    uncued: list[tuple] = []  # sizes whose sentence has no electing word, nor the body its congress's term
    for rule in ctx.rules["elections"]:
        for m in ctx.finditer(rule):
            if taken.overlaps(m.span()) or _elsewhen(ctx, rule, m):
                continue
            if not _cued(ctx, rule, m, found):
                uncued.append((rule, m))
                continue
            election = _election(ctx, rule, m)
            if election is not None and not (m.groupdict().get("into") and _joined(found, election)):
                found.append(election)
                taken.add(election.span)
    for rule, m in uncued:
        if not taken.overlaps(m.span()) and _listed_after_elected(ctx, found, m.start()):
            election = _election(ctx, rule, m)
            if election is not None:
                found.append(election)
                taken.add(election.span)
    found.sort(key=lambda e: e.span)
    _attach_officials(ctx, found)
    return _distinct(found)


def _election(ctx: Context, rule, m: regex.Match) -> Election | None:
    a = rule.attrs
    s0, s1 = ctx.sentence_bounds(m.start())
    sentence = ctx.text[s0:s1]
    clause = ctx.text[slice(*ctx.clause_bounds(m.start()))]  # "tái đắc cử" of the chair is not the vice-chairs'
    groups = m.groupdict()
    if groups.get("office") is not None:
        return _office(ctx, rule, m, s0, s1)
    if groups.get("into") is not None:
        return _elected_into(ctx, rule, m, s0, s1)
    if groups.get("within") and not a["within_cue_pattern"].search(sentence) and not _members_listed(ctx, a, m, s0, s1):
        return None
    if groups.get("body") and a["candidates_pattern"].search(ctx.text, max(s0, m.start() - 40), m.start()):
        return None
    if groups.get("delegation"):
        body = "delegation"
    else:
        body = _body_kind(a, m.group("body"))
    members = _count(m.group("n"))
    alternates = int(m.group("a")) if groups.get("a") else None
    end = m.end()
    after = ctx.match_at(a["after_pattern"], m.end()) if a.get("after_pattern") is not None else None
    tail = after.group() if after else ""
    # A committee's alternates are its own "ủy viên dự khuyết"; "01 đại biểu dự khuyết" after it is a delegation's.
    find_alt = alternates is None and a.get("alternates_pattern") is not None and (
        body == "delegation" or a.get("delegates_pattern") is None or not a["delegates_pattern"].search(tail))
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


def _body_kind(a: dict, name: str) -> str:
    """The contract's kind of a body named as written ("Ban Chấp hành", "Đảng ủy")."""
    bodies = a.get("bodies", {})
    return bodies.get(regex.sub(r"\s+", " ", name).lower()) or bodies.get(fold(name), "other")


def _elsewhen(ctx: Context, rule, m: regex.Match) -> bool:
    """An election its sentence places, before the size, at another time than this congress's vote: still
    to come ("Đại hội sẽ bầu Ban Chấp hành ... gồm 53 đồng chí", "dự kiến bầu ...") or at the previous
    congress ("Tại Đại hội lần trước, ..."): the size is a plan or history, whatever else the sentence says."""
    a = rule.attrs
    s0, s1 = ctx.sentence_bounds(m.start())
    elsewhen, norm = a.get("elsewhen_pattern"), a.get("norm_pattern")
    if elsewhen is not None and ctx.occurs(elsewhen, s0, m.end()):
        return True
    if norm is not None and norm.search(ctx.text, ctx.clause_bounds(m.start())[0], m.end()) is not None:
        return True  # the clause states a rule ("Theo quy định, ...") up to the size, nothing done between
    return _dated_past(ctx, a, s0, s1)


def _dated_past(ctx: Context, a: dict, s0: int, s1: int) -> bool:
    """A sentence that opens dated by a year or a term ("Năm 2015, Đại hội bầu ...") before a later
    year the article writes, or one that goes on to now ("... ; đến nay ..."): it tells history."""
    dated = a.get("dated_pattern")
    d = ctx.match_at(dated, s0) if dated is not None else None
    if d is None:
        return False
    if a["now_pattern"].search(ctx.text, d.end(), s1):
        return True
    latest = max((int(y.group("year")) for y in a["year_pattern"].finditer(ctx.text)), default=0)
    return int(d.group("end")) <= latest if d.group("end") else int(d.group("year")) < latest


def _cued(ctx: Context, rule, m: regex.Match, found: list[Election]) -> bool:
    """A size the sentence reports as elected: an electing word, or the body named by its congress's
    own term (a holders-of-an-office rule checks its own cue)."""
    cue = rule.attrs.get("election_cue_pattern")
    if cue is None or m.groupdict().get("office") is not None:
        return True
    s0, s1 = ctx.sentence_bounds(m.start())
    if cue.search(ctx.text, s0, s1) is not None or _own_term(ctx, rule, m.groupdict().get("mid") or ""):
        return True
    return _vote_result(ctx, rule.attrs, m, s0, found)


def _vote_result(ctx: Context, a: dict, m: regex.Match, s0: int, found: list[Election]) -> bool:
    """"Đại hội tiến hành bầu Ban Chấp hành. Kết quả, Ban Chấp hành gồm 35 đồng chí": a sentence that
    opens with the vote's result and gives the count as that result (nothing said of the count after
    it: "... 12 đồng chí là nữ") reports the vote of the sentence before, when that one votes and has
    not sized the body already."""
    result = a.get("result_pattern")
    if result is None or result.match(ctx.text, s0) is None or a["result_end_pattern"].match(ctx.text, m.end()) is None:
        return False
    prev0 = ctx.previous_sentence_start(s0)
    body = _body_kind(a, m.group("body")) if m.groupdict().get("body") else None
    return a["result_vote_pattern"].search(ctx.text, prev0, s0) is not None \
        and not any(prev0 <= e.span[0] < s0 and e.body == body for e in found)


def _listed_after_elected(ctx: Context, found: list[Election], pos: int) -> bool:
    """A body sized in the sentence that has just sized an elected one ("Ban Chấp hành khóa XV gồm
    45 đồng chí; Ban Thường vụ gồm 13 đồng chí"): the sentence lists what the congress elected."""
    s0 = ctx.sentence_bounds(pos)[0]
    return any(s0 <= e.span[0] and e.span[1] <= pos for e in found)


def _members_listed(ctx: Context, a: dict, m: regex.Match, s0: int, s1: int) -> bool:
    """"11 người trong Ban Thường vụ gồm các ông A, B, ...": the body's members named one by one
    after the sentence before it (or this one) elects it, so the count is its size."""
    listed = a.get("within_list_pattern")
    if listed is None or not listed.search(ctx.text, m.end(), s1):
        return False
    prev0 = ctx.previous_sentence_start(s0)
    return a["list_cue_pattern"].search(ctx.text, prev0, s1) is not None


def _own_term(ctx: Context, rule, mid: str) -> bool:
    """A body named by the congress's own term ("Ban Chấp hành khóa X" in the report of
    the Đại hội lần thứ X, or its "nhiệm kỳ 2023 - 2028", or, when no congress is given a term,
    the newest term the article writes; when none is numbered, the newest "khóa") is the body that
    congress elected."""
    pattern = rule.attrs.get("term_of_body_pattern")
    t = pattern.search(mid) if pattern is not None else None
    if t is None:
        return False
    congresses = [e for e in ctx.facts.events if e.kind == "congress"]
    if t.group("ordinal"):
        number = ordinal_value(t.group("ordinal"))
        if number is None:
            return False
        if any(e.ordinal is not None for e in congresses):
            return any(e.ordinal == number for e in congresses)
        # A congress reported by its term alone elects the committee of the highest number the article
        # writes, when the article speaks of an election at all (a report of the opening sizes the outgoing one).
        cue = rule.attrs.get("election_cue_pattern")
        return any(e.term is not None for e in congresses) and cue is not None and cue.search(ctx.text) is not None \
            and number == _highest_number(ctx, pattern)
    start, end = int(t.group("start")), int(t.group("end"))
    if any(e.term is not None for e in congresses):
        return any(e.term == {"start": start, "end": end} for e in congresses)
    # A congress reported without its term elects the committee of the newest term the article writes.
    return bool(congresses) and end == max(term.end for term in ctx.facts.terms)


def _highest_number(ctx: Context, pattern: regex.Pattern) -> int | None:
    """The highest committee number ("khóa XV") the article writes: the newest committee's."""
    numbers = [ordinal_value(t.group("ordinal")) for t in pattern.finditer(ctx.text) if t.group("ordinal")]
    return max((n for n in numbers if n is not None), default=None)


def _office(ctx: Context, rule, m: regex.Match, s0: int, s1: int) -> Election | None:
    """Holders of one office: listed after it ("3 Phó Chủ tịch gồm: A, B, C") or named before
    the verb that elects them ("A và B được bầu giữ chức Phó Bí thư")."""
    a = rule.attrs
    before = ctx.text[max(0, s0 - 300):s0]
    prev0 = ctx.previous_sentence_start(s0)
    cue = a.get("election_cue_pattern")
    if cue is not None and not cue.search(ctx.text, prev0 if before else s0, s1):
        return None
    if a["dismissal_pattern"].search(ctx.text, s0, s1) or not _body_of_vote(ctx, a, m, prev0, s0):
        return None
    office = fold(m.group("office"))
    office_key = "ủy viên" if office.startswith(("ủy viên", "uỷ viên")) else office
    body = a["offices"].get(office_key, "other")
    if a.get("counted"):  # "bầu Chủ tịch và 5 Phó Chủ tịch": the count is the post's size, names or not
        count = _count(m.group("n"))
        clause = ctx.text[slice(*ctx.clause_bounds(m.start()))]
        return Election(body, count, None, [], _reelected(clause), m.group(), m.span(), rule.id) if count and count >= 2 else None
    listed = m.groupdict().get("list")
    if listed is not None:
        region = m.span("list")
    elif m.groupdict().get("object") is not None:
        region = m.span("object")
        if _RESPECTIVE.match(ctx.text, m.end(), s1):
            return None
    else:
        if _RESPECTIVE.match(ctx.text, m.end(), s1):
            return None
        c0 = ctx.clause_bounds(m.start())[0]
        region = (c0, m.start())
    names = _names_in(ctx, *region)
    count = _count(m.groupdict().get("n")) if m.groupdict().get("n") else None
    if listed is None and len(names) < 2:
        return None  # one holder: the officials family reports them
    if count is None and len(names) >= 2 and (office_key != "ủy viên" or _peoples_committee(ctx, a, m.end())):
        count = len(names)  # a post's holders; members added to a body do not give its size
    if listed is not None and count is None and not names:
        return None
    span = (min(m.start(), region[0]), m.end())
    clause = ctx.text[slice(*ctx.clause_bounds(m.start()))]
    return Election(body, count, None, names, _reelected(clause), ctx.text[span[0]:span[1]], span, rule.id)


def _elected_into(ctx: Context, rule, m: regex.Match, s0: int, s1: int) -> Election | None:
    """People elected into a body whose size the sentence does not give ("A được bầu vào Ban Chấp hành ...",
    "bầu bổ sung đồng chí A vào Ban Thường vụ"): its elected are their names, its size null. Named after the
    verb, or before it in its clause; none in a sentence that tells a career or a dismissal (`history_pattern`)."""
    a = rule.attrs
    if a["dismissal_pattern"].search(ctx.text, s0, s1) or a["history_pattern"].search(ctx.text, s0, s1):
        return None
    if a["candidates_pattern"].search(ctx.text, max(s0, m.start() - 60), m.start("into")):
        return None
    region = m.span("object") if m.group("object") is not None else (ctx.clause_bounds(m.start())[0], m.start())
    names = _names_in(ctx, *region)
    if not names:
        return None
    span = (min(m.start(), region[0]), m.end())
    clause = ctx.text[slice(*ctx.clause_bounds(m.start()))]
    return Election(_body_kind(a, m.group("into")), None, None, names, _reelected(clause), ctx.text[span[0]:span[1]],
                    span, rule.id)


def _joined(found: list[Election], e: Election) -> bool:
    """People elected into a body the article elects elsewhere join that election: the one of that body
    that names them already ("Ông A, ông B được bầu vào Ban Bí thư" in a headline, the vote in the text),
    else the body's only sized election ("Đại hội bầu Ban Chấp hành gồm 35 đồng chí ... bà A trúng cử vào
    Ban Chấp hành"; not for "other", which names many bodies)."""
    names = set(map(fold, e.elected))
    same = [k for k in found if k.body == e.body]
    host = next((k for k in same if names <= set(map(fold, k.elected))), None)
    sized = [k for k in same if k.members is not None]
    if host is None and e.body != "other" and len(sized) == 1:
        host = sized[0]
    if host is None:
        return False
    known = set(map(fold, host.elected))
    host.elected += [n for n in e.elected if fold(n) not in known]
    return True


def _body_of_vote(ctx: Context, a: dict, m: regex.Match, prev0: int, s0: int) -> bool:
    """The body a post named after the vote's sentence is of ("... làm ủy viên UBND tỉnh") was named by
    that vote too ("bầu ông A làm Phó Chủ tịch UBND tỉnh"): a post of another body is not one it gave."""
    pattern = a.get("post_body_pattern")
    b = pattern.match(ctx.text, m.end()) if pattern is not None else None
    if b is None:
        return True
    return fold(b.group("body")) in fold(ctx.text[prev0:s0])


def _peoples_committee(ctx: Context, a: dict, pos: int) -> bool:
    """Members named into a People's Committee ("... làm ủy viên UBND tỉnh") are that committee's members
    elected, counted as a post's holders; members of a party or association committee are added to it."""
    pattern = a.get("peoples_committee_pattern")
    return pattern is not None and pattern.match(ctx.text, pos) is not None


def _names_in(ctx: Context, start: int, end: int) -> list[str]:
    """The people named between start and end, in text order: those the officials family found,
    else surname-led capitalised names that open a list item or follow an honorific, outside
    parentheses ("phó bí thư Thành đoàn Hà Nội" names a place, not a person)."""
    found: dict[str, tuple[int, str]] = {}
    for person in ctx.facts.officials:
        inside = [s for s, e in person.spans if start <= s and e <= end]
        if inside:
            found.setdefault(fold(person.name), (min(inside), person.name))
    text = _PARENTHESES.sub(lambda p: " " * len(p.group()), ctx.text[start:end])
    surnames, places = ctx.rules.lexicon.get("SURNAMES", ()), ctx.rules.lexicon.get("PROVINCES", ())
    for nm in _NAME_IN_LIST.finditer(text):
        name = nm.group(1)
        titled = " ".join(map(title_word, name.split()))  # as the lexicon lists them
        opens_item = nm.group() != name or _ITEM_START.search(text, 0, nm.start()) is not None
        if titled.split()[0] not in surnames or titled in places or not opens_item:
            continue
        if any(fold(name) in key or key in fold(name) for key in found):
            continue
        found[fold(name)] = (start + nm.start(1), name)
    return [name for _, name in sorted(found.values())]


def _count(text: str | None) -> int | None:
    if not text:
        return None
    return ordinal_value(text)  # "05", "Bốn"


def _reelected(sentence: str) -> bool:
    return bool(regex.search(r"(?i:tái\s+cử|tái\s+đắc\s+cử|bầu\s+lại)", sentence))


def _distinct(found: list[Election]) -> list[Election]:
    """One election reported twice ("bầu ... 4 phó bí thư", then "4 phó bí thư gồm A, B, C, D")
    is one: a later mention of the same body and size adds its names to the first."""
    kept: list[Election] = []
    for e in found:
        same = next((k for k in kept if (k.body, k.members, k.alternates) == (e.body, e.members, e.alternates)
                     and e.members is not None and (not k.elected or not e.elected)), None)
        if same is None:
            kept.append(e)
            continue
        same.elected = same.elected or e.elected
        same.reelected = same.reelected or e.reelected
    return kept


def _election_mention(ctx: Context, person, found: list[Election]) -> tuple[tuple[int, int], int, int] | None:
    """The mention of an elected person that reports the election: one in a sentence that elects a
    committee, else one in a sentence with an election word; None when no sentence elects them."""
    bounds = [(span, *ctx.sentence_bounds(span[0])) for span in person.spans]
    for span, s0, s1 in bounds:
        if any(s0 <= e.span[0] < s1 and e.body in ("executive_committee", "standing_committee") for e in found):
            return span, s0, s1
    for span, s0, s1 in bounds:
        if _ELECTING.search(ctx.text, s0, s1):
            return span, s0, s1
    return None


def _body_named_before(ctx: Context, s0: int, end: int) -> str:
    """The body a list of the elected without an office belongs to: the one whose name ends right
    before "gồm/là" ("bầu ra Ban Thường vụ Đảng ủy gồm các đồng chí: A, B, C" is the standing committee's)."""
    rule = next((r for r in ctx.rules["elections"] if "listed_body_pattern" in r.attrs), None)
    if rule is None:  # a rule set without it (or without elections) names no body here
        return "other"
    named = list(rule.attrs["listed_body_pattern"].finditer(ctx.text, s0, end))
    return _body_kind(rule.attrs, named[-1].group("body")) if named else "other"


def _attach_officials(ctx: Context, found: list[Election]) -> None:
    """People elected to an office join the committee elected in the same sentence; the others
    make one election per office and sentence ("Các đồng chí A và B được bầu làm Phó Chủ tịch")."""
    offices: dict[tuple, Election] = {}
    for person in ctx.facts.officials:
        if not any(r in ("elected", "reelected") for r in person.roles):
            continue
        mention = _election_mention(ctx, person, found)
        if mention is None:
            continue  # a role no sentence of the article reports as a vote
        span, s0, s1 = mention
        in_sentence = [e for e in found if s0 <= e.span[0] < s1 or e.span[0] <= span[0] < e.span[1]]
        office = fold(person.positions[-1]) if person.positions else ""
        host = next((e for e in in_sentence if fold(person.name) in map(fold, e.elected)
                     and not (office and _office_too(ctx, e))), None)
        if host is None:
            host = next((e for e in in_sentence if e.body in ("executive_committee", "standing_committee")
                         and _hosts_others(e)), None)
        if host is not None:
            if fold(person.name) not in map(fold, host.elected):
                if host.rule == "officials.elected_as":
                    _add_listed(ctx, host, person.name, span)  # a list of the elected is its body's size
                else:
                    host.elected.append(person.name)
            host.reelected = host.reelected or "reelected" in person.roles
            continue
        body = next((b for prefix, b in _OFFICE_BODY if office.startswith(prefix)), None)
        if body is None:
            body = _body_named_before(ctx, s0, span[0]) if not office else "other"
        key = (s0, office)
        if key in offices:
            _add_listed(ctx, offices[key], person.name, span)
            continue
        offices[key] = Election(body, None, None, [person.name], "reelected" in person.roles,
                                ctx.text[span[0]:span[1]], span, "officials.elected_as")
        found.append(offices[key])
    found.sort(key=lambda e: e.span)


def _hosts_others(e: Election) -> bool:
    """Whether people elected to an office in the sentence join this election: a committee elected with its
    size, or a list of the elected; not people elected into a body unsized, which holds only them ("bầu bổ
    sung ông A vào Ban Thường vụ; bầu ông B làm Phó Bí thư")."""
    return e.members is not None or e.rule == "officials.elected_as"


def _office_too(ctx: Context, e: Election) -> bool:
    """Whether the vote that elected people into a body gives them an office too after it ("được bầu vào Ban
    Chấp hành và được bầu giữ chức Chủ tịch"; its rule's `office_after_pattern`): that office is an election of its own."""
    rule = next((r for r in ctx.rules["elections"] if r.id == e.rule), None)
    after = rule.attrs.get("office_after_pattern") if rule is not None else None
    return after is not None and ctx.match_at(after, e.span[1]) is not None


def _add_listed(ctx: Context, e: Election, name: str, span: tuple[int, int]) -> None:
    """One more person in a list of the elected: the list's size and its span grow."""
    e.elected.append(name)
    e.members = len(e.elected)
    e.span = (min(e.span[0], span[0]), max(e.span[1], span[1]))
    e.text = ctx.text[e.span[0]:e.span[1]]
