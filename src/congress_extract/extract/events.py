"""Congresses and conferences: name, ordinal, term, date and place of each distinct event."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

import regex

from ..numbers import COMPOUND_ORDINAL, ordinal_value
from ..record import Event
from .context import Context, first_from, lines_from

_MAX_NAME_WORDS = 16
_TOKEN = regex.compile(r"\S{1,80}")  # words of a name are short; never scan a whole unbroken megabyte
_WORD_START = regex.compile(r"[\p{L}\d&]")
_NEXT_WORD = regex.compile(r" ?(?P<w>\S{1,80})")
_ABBREVIATION = regex.compile(r"(?:TP|Tp|TX|TT|T\.Ư|TW)\.")  # "Công đoàn TP. Hồ Chí Minh" goes on after the dot
_JOINING_DASH = regex.compile(r"[-–]\s\p{Lu}")  # "Công đoàn Than - Khoáng sản Việt Nam": a dash inside a name
_TERM_GAP = regex.compile(r"\s*[,(]?\s*\(?\s*")
_OPENS_QUOTE = regex.compile(r"[(“\"]")
# "Đại hội đại biểu toàn quốc", "ĐH đại biểu": the head is two words, or its one-word abbreviation.
_GENERIC_OPENING = regex.compile(r"^(?:ĐH(?!\S)|\S+\s+\S+)(?:\s+(?i:đại\s+biểu|toàn\s+quốc|toàn\s+thể))*")
# How far before a congress's mention the held pattern (events.held) is searched for its host's words: its longest
# host phrase, 'tổ chức thành công' (18 characters), after its longest refused word ('hướng dẫn ', 'công tác ', 10) is
# under 30 characters, a label ('CĐCS A:') shorter still; 80 leaves room for the runs of spaces its \s allow.
_HELD_REACH = 80
_CLAUSE_END = regex.compile(r"[,;]")
_ROMAN = regex.compile(r"(?=[IVXL])(?:L|XL|X{0,3})(?:IX|IV|V?I{0,3})")
_ARABIC = regex.compile(r"\d{1,2}")
_KHOA_IN_NAME = regex.compile(r"\s+(?i:khóa|khoá)\s+\S+$")
# A name's own "lần thứ N" at its end: "Đại hội đại biểu lần thứ XII" is "Đại hội đại biểu", numbered.
_LAN_AT_END = regex.compile(r"\s*(?:,\s*|\(\s*)?(?i:lần)\s+(?:(?i:thứ)\s+)?(?:" + COMPOUND_ORDINAL + r"|[\p{L}\d]{1,12})$")
# Before a lead's subject: at most one short phrase set off by a comma ("Chiều 11-12, ").
# A sentence's opening clause before its subject ("Chiều 16/10, "), whose date may be dotted ("Trong sáng 16.10 và ...,").
_SUBJECT_LEAD = regex.compile(r"(?:(?:[^,.;:\n]|(?<=\d)\.(?=\d)){0,40},\s*)?")
_LEAD_LINES = 2  # the sapo and the first paragraph: where a report says what happened, when
# A lead that names its congress only by kind is followed by the paragraph that names and dates it
# (a photo caption may stand between them).
_FOLLOW_LINES = 1
_LEAD_CHARS = 1000  # a page saved as one long line has no paragraphs: its lead is its first sentences
_LEAD_SCAN = 4 * _LEAD_CHARS  # where a lead (after the stamp and blank lines) can lie
# The endings of "đại hội" and "hội nghị" as written, and "ĐH": the heads an event acting in a lead opens with.
_ACTING_WORDS = ("ại hội", "ẠI HỘI", "ại Hội", "ĐH", "ội nghị", "ỘI NGHỊ", "ội Nghị")
# Two unnumbered names of one kind that begin with this many words alike ("Hội nghị người lao động ...", "Hội nghị
# giữa nhiệm kỳ"), the one with its body or year, the other without, name one meeting; three ("Hội nghị tổng kết
# ...") still name a kind of meeting many bodies hold.
_SHARED_NAME_WORDS = 4
_MAX_EVENT_DAYS = 7  # a congress meets for a few days; a longer span of days is a campaign, not its sessions


@dataclass(frozen=True)
class _Words:
    """The words that shape a name (patterns/events.toml, parts of the same names)."""

    bare_name: regex.Pattern  # a name that says only "a congress" ("Đại hội đại biểu", "ĐH")
    nested_head: regex.Pattern  # another event's head, which ends a name
    committee_word: regex.Pattern  # a number after it is the committee's ("khóa XI"), not the event's
    numbered_body: regex.Pattern  # a body numbered right after its name ("Hội nghị Trung ương 7")
    ordinal_after: regex.Pattern  # the event's own number after its name ("lần thứ XI"), in group "ord"
    body_after_number: regex.Pattern  # a body's name between a congress's number and its term
    cites: regex.Pattern  # a document the name cites ("Nghị quyết"): numbers after it are the document's

    @classmethod
    def of(cls, parts: dict) -> _Words:
        return cls(*(parts[name].regex for name in ("bare_name", "nested_head", "committee_word", "numbered_body")),
                   _ordinal_after(parts["ordinal_lead"].pattern), parts["body_after_number"].regex, parts["cites"].regex)


@lru_cache(maxsize=8)
def _ordinal_after(lead: str) -> regex.Pattern:
    """The words that lead to an event's number (patterns/events.toml), then the number, in words too."""
    return regex.compile(r"\s*(?:" + lead + r")(?P<ord>" + COMPOUND_ORDINAL + r"|[\p{L}\d]{1,12})")


@dataclass
class _Mention:
    """One mention of an event, with what the merge and the choice of the main event need."""

    event: Event
    khoa: int | None  # "Đại hội ... khóa XI": the congress that elected committee XI
    opening: bool  # its sentence reports the opening ("khai mạc")


def find(ctx: Context) -> list[Event]:
    rules = ctx.rules["events"]
    heads = [r for r in rules if r.attrs.get("part") is None]
    places = [r for r in rules if r.attrs.get("part") == "location"]
    parts = {r.attrs["part"]: r for r in rules if r.attrs.get("part") not in (None, "mentions")}
    # The words that name any congress or conference in passing ("tại đại hội", "ĐH"), by kind.
    mentioned = {str(r.attrs["kind"]): r.regex for r in rules if r.attrs.get("part") == "mentions"}
    opening = _part(parts, "opening")
    words = _Words.of(parts)
    span_rules = _span_rules(ctx)
    mentions: list[_Mention] = []
    seen_heads: set[int] = set()
    for rule in heads:
        for m in ctx.finditer(rule):
            if m.start() in seen_heads:
                continue
            mention = _mention(ctx, rule, m, places, opening, words, span_rules)
            if mention is not None:
                seen_heads.add(m.start())
                mentions.append(mention)
    text = ctx.text
    head_end = text.find("\n") if "\n" in text else len(text)
    events: list[Event] = []
    lead = None
    if mentions:
        mentions.sort(key=lambda x: x.event.span)
        events, spans = _merge(mentions, words)
        lead = _lead(ctx, head_end)
        _mark_main(ctx, events, spans, head_end, lead, parts, mentioned, words)
    if not any(e.main for e in events) and "acting" in parts and _may_act(text, head_end) \
            and any(_held_on(d) for d in ctx.facts.dates):
        lead = lead or _lead(ctx, head_end)
        if "congress" in mentioned:
            _held_unnamed(ctx, events, head_end, lead, parts, mentioned["congress"], words)
        if not any(e.main for e in events):
            _acting_in_lead(ctx, events, lead, parts, words)
    main = next((e for e in events if e.main), None)
    if main is not None and _day(main.date) and "opened" in parts:
        main.date = _opening_day(ctx, main, parts["opened"], mentioned.get(main.kind), _part(parts, "planned")) or main.date
    if main is not None and _day(main.date) and main.kind in mentioned and "closing" in parts \
            and _closed_on(ctx, main.date, parts["closing"].regex):
        main.date = _span_ending_on(ctx, main.date, mentioned[main.kind], _part(parts, "planned"), span_rules) or main.date
    return events


def _opening_day(ctx: Context, main: Event, opened, said_of: regex.Pattern | None,
                 planned: regex.Pattern | None) -> str | None:
    """The day a report of a later session says its event opened ("Chiều 13/9, Đại hội ... bế mạc."
    then "Đại hội khai mạc sáng 12/9"; "Hội nghị khai mạc ngày 2/10" of a conference): an event that
    met several days is dated by its first. `said_of`: the words naming an event of the main one's kind."""
    if said_of is None:
        return None
    text = ctx.text
    for d in ctx.facts.dates:
        if not _held_on(d) or not 0 < _days_apart(d.value, main.date) <= _MAX_EVENT_DAYS:
            continue
        c0, c1 = ctx.clause_bounds(d.span[0])
        if any(said_of.fullmatch(m.group("event")) for m in opened.regex.finditer(text, c0, c1)) \
                and not (planned and planned.search(text, c0, c1)):
            return d.value
    return None


def _closed_on(ctx: Context, value: str, closing: regex.Pattern) -> bool:
    """The article reports its event's closing, or a later day of it, on that day ("Chiều 16/10, Đại hội ...
    đã bế mạc", "Sáng 22/9, Đại hội ... bước vào ngày làm việc thứ hai")."""
    for d in ctx.facts.dates:
        if _held_on(d) and d.value[-5:] == value[-5:]:
            s0, s1 = ctx.sentence_bounds(d.span[0])
            if closing.search(ctx.text, s0, s1):
                return True
    return False


def _span_ending_on(ctx: Context, value: str, mentioned: regex.Pattern, planned: regex.Pattern | None,
                    span_rules: frozenset[str]) -> str | None:
    """The first day of a span of days that holds the later day a report dates its event (its closing:
    "Chiều 16/10, Đại hội ... bế mạc"; its second day: "Sáng 25/9, Đại hội ... bước vào ngày làm việc
    thứ hai"), written in a sentence that speaks of such an event as held ("Đại hội diễn ra từ ngày 14
    đến 16/10", "Sau 3 ngày làm việc (14-16/10), Đại hội ...", "từ ngày 24 đến 26/9"): an event that
    met several days is dated by its first."""
    text = ctx.text
    for first, last in _spans_of_days(ctx.facts.dates, span_rules):
        if 0 < _days_apart(first.value, value) <= _days_apart(first.value, last.value) and _held_on(first):
            s0, s1 = ctx.sentence_bounds(last.span[0])
            if mentioned.search(text, s0, s1) and not (planned and planned.search(text, s0, s1)):
                return _with_year(first.value, value)
    return None


def _with_year(first: str, last: str) -> str:
    """A span's first day given the year of its last day when it writes none ("--12-30" before "2024-01-02")."""
    if not first.startswith("--") or last.startswith("--"):
        return first
    year = int(last[:4]) - (first[2:4] > last[5:7])
    return f"{year:04d}{first[1:]}"


def _may_act(text: str, head_end: int) -> bool:
    """A cheap look for "đại hội" / "ĐH" / "hội nghị" near the top, before the lead is measured and read."""
    top = text[head_end:head_end + _LEAD_SCAN]
    return any(word in top for word in _ACTING_WORDS)


def _held_on(d) -> bool:
    """A day an event can be held on: not a document's date, nor the page's own."""
    return d.role not in ("document", "published") and _day(d.value)


def _part(parts: dict, name: str) -> regex.Pattern | None:
    return parts[name].regex if name in parts else None


def _mention(ctx: Context, rule, m: regex.Match, places, opening: regex.Pattern | None, words: _Words,
             span_rules: frozenset[str]) -> _Mention | None:
    """One mention of an event; `opening`: the words that say it opened (its date is then the event's);
    `span_rules`: the dates rules that write a span of days."""
    text = ctx.text
    ordinal = ordinal_value(m.group("ord")) if m.groupdict().get("ord") else None
    name_end, ordinal, khoa = _read_name(ctx, rule, m, ordinal, words)
    name = text[m.start():name_end]
    term = _term_after(ctx, name_end)
    if term is None and ordinal is not None:  # "Đại hội lần thứ 13 Hội Luật gia Việt Nam, nhiệm kỳ 2019-2024"
        body = ctx.match_at(words.body_after_number, name_end, 120)
        term = _term_after(ctx, body.end()) if body else None
    kind = str(rule.attrs.get("kind", "congress"))
    s0, s1 = ctx.sentence_bounds(m.start())
    date = _date_within(ctx, s0, s1)
    first_day = _first_of_days(ctx, s0, s1, date, span_rules) if _day(date) else None
    date = first_day or date
    named = ordinal is not None or term is not None or kind == "conference"
    if not named and not (rule.attrs.get("named_by_body") and (date or _founding(rule, m)) and _proper(name)):
        return None  # a congress counts with its number, its term, or its body's proper name and the day it met
    location = None
    for place in places:
        pm = next(iter(ctx.finditer(place, text, s0, s1)), None)
        if pm:
            location = pm.group("place").strip()
            break
    event = Event(kind, name, ordinal, term, date, location, (m.start(), name_end), rule.id)
    opens = first_day is not None or (opening is not None and opening.search(text, s0, s1) is not None)
    return _Mention(event, khoa, opens)


def _founding(rule, m: regex.Match) -> bool:
    """A founding congress ("Đại hội thành lập Hội ..."): its body holds only one, so its name is enough."""
    founding = rule.attrs.get("founding_pattern")
    return founding is not None and founding.search(m.group("head")) is not None


def _read_name(ctx: Context, rule, m: regex.Match, ordinal: int | None,
               vocabulary: _Words) -> tuple[int, int | None, int | None]:
    """Read the name word by word until punctuation, a stop word, or "lần thứ N".

    Returns where the name ends, the event's ordinal and the committee number ("khóa N") it names.
    After a document the name cites ("Hội nghị quán triệt Nghị quyết Trung ương 8") a number is the document's.
    """
    name_end = pos = m.end()
    words = 0
    previous = m.group()
    khoa = None
    cites = False
    while words < _MAX_NAME_WORDS:
        om = None if cites else ctx.match_at(vocabulary.ordinal_after, pos, 40)
        if om and ordinal_value(om.group("ord")) is not None and ordinal is None:
            return om.end("ord"), ordinal_value(om.group("ord")), khoa
        tm = ctx.match_at(_NEXT_WORD, pos, 90)  # one space, then a word on the same line
        if not tm:
            break
        tm = ctx.match_at(_TOKEN, tm.end() - len(tm.group("w")), 90)
        token = tm.group()
        if ctx.match_at(rule.attrs["name_stop_pattern"], tm.start(), 40) or ctx.match_at(vocabulary.nested_head, tm.start(), 40):
            break
        if not _WORD_START.match(token) and not ctx.match_at(_JOINING_DASH, tm.start(), 4):
            break
        core = token if _ABBREVIATION.fullmatch(token) else token.rstrip(",.;:!?)”\"'")
        if _OPENS_QUOTE.search(core):
            break
        cites = cites or ctx.match_at(vocabulary.cites, tm.start(), 40) is not None
        number = None if cites else _number(core, previous, vocabulary)
        if number is not None:
            if vocabulary.committee_word.fullmatch(previous):
                khoa = number
            elif ordinal is None:
                return tm.start() + len(core), number, khoa
        name_end = tm.start() + len(core)
        words += 1
        pos = tm.end()
        previous = core
        if core != token:
            break
    if ordinal is None and not cites:  # "hội nghị BCH khóa XV, lần thứ 4": the number after the committee's
        om = ctx.match_at(vocabulary.ordinal_after, name_end, 40)
        if om and ordinal_value(om.group("ord")) is not None:
            return om.end("ord"), ordinal_value(om.group("ord")), khoa
    return name_end, ordinal, khoa


def _proper(name: str) -> bool:
    """A body with a proper name ("Đảng bộ tỉnh Quảng Nam", "Công đoàn TP. HCM"), not only a
    kind of body ("Đại hội đại biểu Đảng bộ"): two capitalised words after the head."""
    rest = _GENERIC_OPENING.sub("", name)
    return sum(1 for w in rest.split() if w[:1].isupper()) >= 2


def _number(word: str, previous: str, vocabulary: _Words) -> int | None:
    """A Roman numeral in a name ("Đại hội Đảng XII", "khóa XI"), or an Arabic one after a body
    numbered that way ("Hội nghị Trung ương 7"); None for any other word."""
    if _ROMAN.fullmatch(word):
        return ordinal_value(word)
    if _ARABIC.fullmatch(word) and (vocabulary.numbered_body.fullmatch(previous) or previous.casefold() == "ương"
                                    or vocabulary.committee_word.fullmatch(previous)):
        return int(word)
    return None


def _date_within(ctx: Context, start: int, end: int) -> str | None:
    """The first date of the event's sentence that is not a document's or the page's own."""
    dates = ctx.facts.dates
    for d in dates[first_from(dates, start):]:
        if d.span[0] >= end:
            break
        if d.role not in ("document", "published"):
            return d.value
    return None


def _first_of_days(ctx: Context, start: int, end: int, value: str, span_rules: frozenset[str]) -> str | None:
    """The first day of the days an event met, when its sentence writes them as a span that begins
    or ends on its date ("Chiều 15/10, sau 2 ngày làm việc (14 - 15/10), Đại hội ... bế mạc",
    "diễn ra trong 2 ngày 14 và 15/10"): an event that met several days is dated by its first."""
    dates = ctx.facts.dates
    for first, last in _spans_of_days(dates[first_from(dates, start):first_from(dates, end)], span_rules):
        if value in (first.value, last.value):
            return first.value
    return None


def _spans_of_days(dates: list, span_rules: frozenset[str]) -> Iterator[tuple]:
    """Consecutive dates that one rule wrote as the two ends of a span of days (`span_rules`), at most
    the days an event meets apart; a list of three or more ("các ngày 10, 11 và 12/3") spans from its first."""
    begin = None
    for first, last in zip(dates, dates[1:]):
        begin = begin or first
        if last.rule == first.rule and last.rule in span_rules and _days_apart(begin.value, last.value) <= _MAX_EVENT_DAYS:
            yield begin, last
        else:
            begin = None


def _span_rules(ctx: Context) -> frozenset[str]:
    """The dates rules that write a span of days: they capture the first end as well ("d1")."""
    return frozenset(r.id for r in ctx.rules["dates"] if "d1" in r.regex.groupindex)


def _days_apart(first: str, last: str) -> int:
    """Days from one date to a later one in the same month or the next ("--10-14", "2023-10-15");
    a day without its year takes February's 29th as possible."""
    (m0, d0), (m1, d1) = (map(int, v[-5:].split("-")) for v in (first, last))
    if m0 == m1:
        return d1 - d0
    if m1 != m0 % 12 + 1:
        return _MAX_EVENT_DAYS + 1
    year = int(first[:4]) if first[:4].isdigit() else 2000  # 2000: a leap year
    return d1 + calendar.monthrange(year, m0)[1] - d0


def _term_after(ctx: Context, pos: int) -> dict[str, int] | None:
    """The term written right after an event's name (", nhiệm kỳ 2023 - 2028", " (2023 - 2028)")."""
    gap = ctx.match_at(_TERM_GAP, pos)
    limit = (gap.end() if gap else pos) + 2
    terms = ctx.facts.terms
    i = first_from(terms, pos)
    if i < len(terms) and terms[i].span[0] <= limit:
        return {"start": terms[i].start, "end": terms[i].end}
    return None


def _merge(mentions: list[_Mention], words: _Words) -> tuple[list[Event], dict[int, list[tuple[int, int]]]]:
    """One entry per event. Mentions with the same ordinal, or the same name (bare ones, "Đại hội" and
    "Đại hội đại biểu", alike) and term, are one;
    so are "Đại hội X khóa XI" and the one "Đại hội X lần thứ XI", a shorter name and the one
    longer name it begins, and a bare "Đại hội, nhiệm kỳ 2023 - 2028" and the one numbered
    congress of that term (else the one congress named by its body with that term). Returns the events
    and the spans of all their mentions.
    """
    merged: dict[tuple, _Mention] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for x in mentions:
        e = x.event
        named_as = "" if _bare(e.name, words) else e.name.casefold()
        key = (e.kind, e.ordinal) if e.ordinal is not None else (e.kind, named_as, str(e.term))
        first = merged.get(key)
        if first is None:
            merged[key] = x
            spans[id(e)] = [e.span]
            continue
        _absorb(first, x, spans)
    found = list(merged.values())
    for x in [x for x in found if x.event.ordinal is None]:
        host = _host(x, found, words)
        if host is not None:
            _absorb(host, x, spans)
            found.remove(x)
    return [x.event for x in found], spans


def _host(x: _Mention, found: list[_Mention], words: _Words) -> _Mention | None:
    """The one other event an unnumbered mention belongs to, if there is exactly one: a longer name it
    begins, or the same name with the term it does not write ("Hội nghị giữa nhiệm kỳ" and "Hội nghị giữa
    nhiệm kỳ 2023 - 2028")."""
    e = x.event
    same_kind = [o for o in found if o is not x and o.event.kind == e.kind]
    fits = lambda o: e.term is None or o.event.term is None or o.event.term == e.term
    if _bare(e.name, words):
        if e.term is None:
            return None
        hosts = [o for o in same_kind if o.event.ordinal is not None and o.event.term == e.term] \
            or [o for o in same_kind if not _bare(o.event.name, words) and o.event.term == e.term]
    elif e.kind == "congress" and x.khoa is not None and any(o.event.ordinal == x.khoa for o in same_kind):
        hosts = [o for o in same_kind if o.event.ordinal == x.khoa and fits(o)]
    else:
        stem = _stem(e.name)
        hosts = [o for o in same_kind if fits(o) and (_stem(o.event.name) + " ").startswith(stem + " ")]
        if not hosts and e.kind == "conference":  # a headline's and its lead's names of one meeting, its body or year in one only
            hosts = [o for o in same_kind if o.event.ordinal is None and fits(o) and _same_day_or_none(e, o.event)
                     and _shared_words(stem, _stem(o.event.name)) >= _SHARED_NAME_WORDS]
        if not hosts and e.term is not None:  # "Đại hội Công đoàn X, nhiệm kỳ T" is the "Đại hội lần thứ N, nhiệm kỳ T" X held
            hosts = [o for o in same_kind if o.event.term == e.term and _numbered_by_kind(o.event.name, words)]
    return hosts[0] if len(hosts) == 1 else None


def _same_day_or_none(a: Event, b: Event) -> bool:
    return a.date is None or b.date is None or a.date == b.date


def _shared_words(a: str, b: str) -> int:
    """How many words two names begin with alike ("hội nghị người lao động công ty a năm 2024" and
    "hội nghị người lao động năm 2024": 5)."""
    n = 0
    for x, y in zip(a.split(), b.split()):
        if x != y:
            break
        n += 1
    return n


def _stem(name: str) -> str:
    """A name without its committee number, folded: "Đại hội Công đoàn TP. HCM khóa XI" -> "đại hội công đoàn tp. hcm"."""
    return _KHOA_IN_NAME.sub("", " ".join(name.split())).casefold()


def _absorb(host: _Mention, other: _Mention, spans: dict[int, list[tuple[int, int]]]) -> None:
    h, o = host.event, other.event
    h.term = h.term or o.term
    if o.date and (not h.date or (other.opening and not host.opening)):  # a congress is dated by its opening
        h.date = o.date
        host.opening = host.opening or other.opening
    h.location = h.location or o.location
    mine, theirs = spans[id(h)], spans.pop(id(o), [o.span])
    in_order = not mine or theirs[0] >= mine[-1]  # mentions mostly come in text order
    mine.extend(theirs)
    if not in_order:
        mine.sort()


def _bare(name: str, words: _Words) -> bool:
    return words.bare_name.fullmatch(name) is not None


def _numbered_by_kind(name: str, words: _Words) -> bool:
    """A congress named by kind and number only ("Đại hội lần thứ X"): its body is the subject of its
    sentence, so it may be the one a headline names by body and term."""
    kind = _LAN_AT_END.sub("", name)
    return kind != name and _bare(kind, words)


def _mark_main(ctx: Context, events: list[Event], spans: dict[int, list[tuple[int, int]]],
               head_end: int, lead: tuple[int, int], parts: dict, mentioned: dict[str, regex.Pattern],
               words: _Words) -> None:
    """The event the article reports: the one its headline names, else the first one its lead
    (the sapo and the first paragraph) names and dates to a day, else a numbered one the lead
    opens a sentence with, dated where the article speaks of its sessions; never one that is
    only the setting of the news ("bên lề hội nghị ...")."""
    text = ctx.text
    lead_start, lead_end = lead
    aside, planned, acts = _part(parts, "aside"), _part(parts, "planned"), _part(parts, "acts")

    def first_mention(e: Event, start: int, end: int) -> int | None:
        return next((s for s, _ in spans[id(e)] if start <= s < end
                     and (aside is None or not aside.search(text, max(0, s - 20), s))), None)

    named = [e for e in events if not _bare(e.name, words)]  # "tổ chức đại hội nhiệm kỳ ..." in an overview is no one event

    def earliest(start: int, end: int, keep: Callable[[Event, int], bool]) -> Event | None:
        """The event first mentioned within [start, end) among those `keep` accepts at that mention."""
        found = [(pos, i) for i, e in enumerate(named)
                 if (pos := first_mention(e, start, end)) is not None and keep(e, pos)]
        return named[min(found)[1]] if found else None

    held, many = _part(parts, "held"), _part(parts, "many_hosts")
    if _hosts_counted_in_headline(ctx, events, spans, head_end, held, many, mentioned.get("congress")):
        return  # a round-up: the congresses of several bodies, none of them the news
    main = earliest(0, head_end, lambda e, pos: True)
    if main is not None:
        main.date = main.date or _generic_date(ctx, mentioned.get(main.kind), planned, acts)
        main.main = True
        return
    main = _held_in_headline(ctx, events, spans, head_end, held, many, words)
    if main is not None:
        main.date = main.date or _generic_date(ctx, mentioned.get(main.kind), planned, acts)
        main.main = main.date is not None
        if main.main:
            return
    main = earliest(lead_start, lead_end, lambda e, pos: _day(e.date))
    if main is not None:
        main.main = not _round_up(main, named)
        return
    main = _held_in_lead(ctx, events, spans, lead, held, many, parts, words)
    if main is not None:
        main.main = True
        return
    main = earliest(lead_start, lead_end, lambda e, pos: e.date is None and (e.ordinal is not None or e.term is not None)
                    and (_opens_sentence(ctx, pos) or _held_by_subject(ctx, pos, _mention_end(spans, e, pos), held,
                                                                       planned)))
    if main is not None:
        main.date = _generic_date(ctx, mentioned.get(main.kind), planned, acts)
        main.main = main.date is not None or _reported_now(ctx, first_mention(main, lead_start, lead_end), parts)
        if main.main:
            return
    main = _named_after_lead(ctx, head_end, lead, earliest, mentioned)
    if main is not None:
        main.main = not _round_up(main, named)


def _held_in_headline(ctx: Context, events: list[Event], spans: dict[int, list[tuple[int, int]]], head_end: int,
                      held: regex.Pattern | None, many: regex.Pattern | None, words: _Words) -> Event | None:
    """A headline where one body holds a congress named by its term only ("Công đoàn cơ sở Trường
    THCS A tổ chức thành công Đại hội nhiệm kỳ 2023 - 2028", "CĐCS B: Đại hội nhiệm kỳ ..."):
    that congress is the one the article reports, as a named one would be; not when the headline
    counts its hosts ("15 CĐCS tổ chức thành công Đại hội ...": many congresses)."""
    if held is None:
        return None
    found = [e for e in events if _bare(e.name, words) and e.term is not None
             and (pos := spans[id(e)][0][0]) < head_end and _held_before(ctx.text, held, 0, pos)
             and not (many and many.search(ctx.text, 0, pos))]
    return found[0] if len(found) == 1 else None


def _held_in_lead(ctx: Context, events: list[Event], spans: dict[int, list[tuple[int, int]]], lead: tuple[int, int],
                  held: regex.Pattern | None, many: regex.Pattern | None, parts: dict,
                  words: _Words) -> Event | None:
    """A lead sentence where one body holds a congress named by its term only, on a day it writes
    ("Ngày 5/3, Hội Cựu chiến binh xã A tổ chức Đại hội nhiệm kỳ 2022 - 2027") or as news of the day
    ("Vừa qua, Chi hội Nông dân ấp 3 tổ chức Đại hội nhiệm kỳ ..."; _reported_now): the one the article
    reports, as in a headline (_held_in_headline); not when the sentence counts its hosts ("Ngày 5/3,
    15 CĐCS tổ chức đại hội nhiệm kỳ ..."), nor when the mention is reported speech after a label
    ("... cho biết: Đại hội ...") or its clause plans it ("... sẽ được tổ chức"; _held_by_subject)."""
    if held is None:
        return None
    lead_start, lead_end = lead
    planned = _part(parts, "planned")

    def held_here(pos: int, end: int) -> bool:
        s0 = ctx.sentence_bounds(pos)[0]
        return _held_by_subject(ctx, pos, end, held, planned) and not (many and many.search(ctx.text, s0, pos))

    found = [e for e in events if _bare(e.name, words) and e.term is not None
             and any(lead_start <= pos < lead_end and held_here(pos, end) and (_day(e.date) or _reported_now(ctx, pos, parts))
                     for pos, end in spans[id(e)])]
    return found[0] if len(found) == 1 else None


def _hosts_counted_in_headline(ctx: Context, events: list[Event], spans: dict[int, list[tuple[int, int]]],
                               head_end: int, held: regex.Pattern | None, many: regex.Pattern | None,
                               said: regex.Pattern | None) -> bool:
    """A headline that counts the bodies holding a congress ("15 CĐCS tổ chức thành công Đại hội
    nhiệm kỳ ...", "Ba đảng bộ tổ chức đại hội ..."): a round-up of many congresses, so no one
    of them, not the one its lead names first nor the one the headline's mention was merged with,
    is the news. The headline's congress may be no event of its own, only the word (`said`):
    "Nhiều đảng bộ xã tổ chức đại hội", "45/45 công đoàn cơ sở hoàn thành Đại hội"."""
    if held is None or many is None or many.search(ctx.text, 0, head_end) is None:
        return False  # no count in the headline: no need to look for one before each mention
    heads = [pos for e in events if e.kind == "congress" for pos, _ in spans[id(e)] if pos < head_end]
    if said is not None:
        heads.extend(m.start() for m in said.finditer(ctx.text, 0, head_end))
    return any(_held_before(ctx.text, held, 0, pos) and many.search(ctx.text, 0, pos) for pos in heads)


def _held_before(text: str, held: regex.Pattern, start: int, pos: int) -> regex.Match | None:
    """The host's words right before a mention at `pos` (not before `start`): `held` ends there, so
    only its short reach is searched, not all the text before (a headline of one long line would
    make each mention's search as long as the text)."""
    return held.search(text, max(start, pos - _HELD_REACH), pos)


def _reported_now(ctx: Context, pos: int, parts: dict) -> bool:
    """A lead sentence that reports its event as news of the day ("Sáng nay, Đại hội ... lần thứ VII
    đã bầu ...", "... đã bế mạc chiều qua"): the event the article reports, though no day is written."""
    current = _part(parts, "current")
    if current is None:
        return False
    s0, s1 = ctx.sentence_bounds(pos)
    return current.search(ctx.text, s0, s1) is not None


def _named_after_lead(ctx: Context, head_end: int, lead: tuple[int, int],
                      earliest: Callable[[int, int, Callable[[Event, int], bool]], Event | None],
                      mentioned: dict[str, regex.Pattern]) -> Event | None:
    """A lead that speaks of its event only by kind ("Đại hội đảng bộ thành phố vừa kết thúc
    vào hôm nay") reports the numbered one of that kind the next paragraph opens a sentence with
    and dates ("Ngày 24/10, Đại hội Đảng bộ ... lần thứ 15 ... họp phiên bế mạc")."""
    lead_start, lead_end = lead
    kinds = {kind for kind, words in mentioned.items() if words.search(ctx.text, lead_start, lead_end)}
    if not kinds:
        return None
    follow_end = _lead(ctx, head_end, _LEAD_LINES + _FOLLOW_LINES)[1]
    return earliest(lead_end, follow_end, lambda e, pos: e.kind in kinds and e.ordinal is not None
                    and _day(e.date) and _opens_sentence(ctx, pos))


def _opens_sentence(ctx: Context, pos: int) -> bool:
    """A mention that is its sentence's subject ("Chiều 11-12, Đại hội ... đã ..."): the lead names
    the event it reports first, not one it cites ("thực hiện Nghị quyết Đại hội XIII")."""
    s0 = ctx.sentence_bounds(pos)[0]
    lead_in = _SUBJECT_LEAD.match(ctx.text, s0, pos)
    return lead_in is not None and lead_in.end() == pos


def _held_by_subject(ctx: Context, pos: int, end: int, held: regex.Pattern | None,
                     planned: regex.Pattern | None) -> bool:
    """A mention (`pos` to `end`) its sentence's subject holds ("Vừa qua, Công đoàn cơ sở Công ty A tổ
    chức Đại hội lần thứ V, nhiệm kỳ ..."): the event the lead reports, as one that is the subject
    itself is. Not after a label, which in a sentence is reported speech ("... cho biết: Đại hội ..."),
    nor one its own clause plans ("... Đại hội nhiệm kỳ 2024 - 2029 sẽ được tổ chức vào tháng 6"): the
    words from the comma, semicolon or colon before it to the comma or semicolon after it. A later
    clause's plan is not the congress's ("... tổ chức Đại hội nhiệm kỳ 2022 - 2027, dự kiến bầu 9 đồng chí")."""
    if held is None:
        return False
    s0, s1 = ctx.sentence_bounds(pos)
    m = _held_before(ctx.text, held, s0, pos)
    if m is None or m.group("label") is not None:
        return False
    if planned is None:
        return True
    c0 = max(s0, *(ctx.text.rfind(mark, s0, pos) + 1 for mark in ",;:"))
    after = _CLAUSE_END.search(ctx.text, min(max(end, pos), s1), s1)
    return planned.search(ctx.text, c0, after.start() if after else s1) is None


def _mention_end(spans: dict[int, list[tuple[int, int]]], e: Event, pos: int) -> int:
    """Where `e`'s mention at `pos` ends."""
    return next((b for a, b in spans[id(e)] if a == pos), pos)


def _acting_in_lead(ctx: Context, events: list[Event], lead: tuple[int, int], parts: dict, words: _Words) -> None:
    """A lead that names no event but has "the congress" act on a day it writes ("Trong sáng 16/10,
    đại hội đã thảo luận ...") reports that congress: its main event, known by kind and day."""
    acting, text = parts["acting"], ctx.text
    lead_start, lead_end = lead
    if any(lead_start <= e.span[0] < lead_end and not _bare(e.name, words) for e in events):
        return
    planned = _part(parts, "planned")
    dates = ctx.facts.dates
    for d in dates[first_from(dates, lead_start):]:  # only the lead's dated sentences are read
        if d.span[0] >= lead_end:
            break
        if not _held_on(d):
            continue
        s0, s1 = ctx.sentence_bounds(d.span[0])
        # The event acts in the dated sentence, or opens the next one ("Sáng nay 3-6, lãnh đạo thành phố
        # đã gặp gỡ các doanh nghiệp ... Hội nghị đã mời gọi ..."): that sentence calls the meeting by its kind.
        m = acting.regex.search(text, s0, lead_end)
        a0, a1 = ctx.sentence_bounds(m.start()) if m is not None else (s0, s1)
        if m is not None and (a0 == s0 or _meeting_told(ctx, acting.attrs, s0, a0, a1)) \
                and (_opens_sentence(ctx, m.start()) or not text[a0:m.start()].strip()) \
                and not (planned and planned.search(text, s0, a1)):
            kind = acting.attrs["kinds"][" ".join(m.group("head").split()).lower()]
            events.append(Event(kind, m.group("head"), None, None,
                                _date_within(ctx, s0, s1), None, m.span("head"), acting.id, main=True))
            events.sort(key=lambda e: e.span)
            break


def _held_unnamed(ctx: Context, events: list[Event], head_end: int, lead: tuple[int, int], parts: dict,
                  said: regex.Pattern, words: _Words) -> None:
    """A congress named by neither number nor term that one body holds in its lead's dated sentence ("Sáng
    10/10, Liên đội Trường Tiểu học A tổ chức Đại hội Liên đội năm học 2024 - 2025", "Tối 5/3, Chi đoàn B
    tiến hành Đại hội Chi đoàn"), or in its headline with the lead speaking of the congress on a day: the
    one the article reports, known by kind and day. Not when the headline or the sentence counts its hosts
    (a round-up) or its name does ("Đại hội Đoàn các cấp"), the lead names an event of its own, or the clause
    plans it (_held_by_subject)."""
    held, many, planned = _part(parts, "held"), _part(parts, "many_hosts"), _part(parts, "planned")
    text = ctx.text
    lead_start, lead_end = lead
    if held is None or (many is not None and many.search(text, 0, head_end)) \
            or any(lead_start <= e.span[0] < lead_end and not _bare(e.name, words) for e in events):
        return

    def held_at(m: regex.Match, start: int) -> bool:
        return _held_by_subject(ctx, m.start(), m.end(), held, planned) \
            and not (many is not None and many.search(text, start, m.start()))

    date = None
    found = next((m for m in said.finditer(text, 0, head_end) if held_at(m, 0)), None)
    if found is not None:
        date = _generic_date(ctx, said, planned, _part(parts, "acts"))
    else:
        for m in said.finditer(text, lead_start, lead_end):
            s0, s1 = ctx.sentence_bounds(m.start())
            day = _date_within(ctx, s0, s1)
            if _day(day) and held_at(m, s0):
                found, date = m, day
                break
    if found is None or date is None:
        return
    name_end = _read_name(ctx, parts["acting"], found, None, words)[0]
    if ctx.match_at(parts["held"].attrs["many_pattern"], name_end, 40):
        return
    events.append(Event("congress", text[found.start():name_end], None, None, date, None,
                        (found.start(), name_end), parts["held"].id, main=True))
    events.sort(key=lambda e: e.span)


def _meeting_told(ctx: Context, a: dict, s0: int, a0: int, a1: int) -> bool:
    """The meeting the sentence at `a0` opens with is the one the dated sentence before it (at `s0`)
    tells of: that sentence is the one just before, has a meeting's verb ("gặp gỡ", "làm việc", "tổ
    chức"), and this one neither dates itself ("vào tuần tới", "12/4") nor says it was held before."""
    return s0 == ctx.previous_sentence_start(a0) and a["meeting_pattern"].search(ctx.text, s0, a0) is not None \
        and a["elsewhere_pattern"].search(ctx.text, a0, a1) is None \
        and not any(a0 <= d.span[0] < a1 for d in ctx.facts.dates)


def _by_body(e: Event) -> bool:
    """An event known only by its body's name and its day: neither numbered nor given a term."""
    return e.ordinal is None and e.term is None and _day(e.date)


def _round_up(e: Event, named: list[Event]) -> bool:
    """A round-up of several bodies' congresses ("Sáng 24/10, Đại hội Đảng bộ tỉnh A ...; chiều 22/10,
    Đại hội Đảng bộ tỉnh B ..."): the lead's one, known by body and day, is one of several such."""
    return _by_body(e) and any(o is not e and o.kind == e.kind and _by_body(o) for o in named)


def _lead(ctx: Context, head_end: int, count: int = _LEAD_LINES) -> tuple[int, int]:
    """The first `count` lines of the body after the headline (and the stamp)."""
    spans = lines_from(ctx.text, head_end, count, lambda pos: _in_stamp(ctx, pos))
    if not spans:
        return head_end, head_end
    start = spans[0][0]
    return start, min(spans[-1][1], start + _LEAD_CHARS)


def _generic_date(ctx: Context, mentioned: regex.Pattern | None, planned: regex.Pattern | None,
                  acts: regex.Pattern | None = None) -> str | None:
    """The first day of the article written in a sentence that speaks of such an event as held
    ("phát biểu tại đại hội sáng 10-12"), or, given `acts`, of what its sessions do ("Ban Chấp hành
    khóa X ra mắt chiều 11-12"); not as planned ("Lễ bế mạc ĐH ngày 13-12 dự kiến ...")."""
    text = ctx.text
    speaks = lambda s0, s1: bool((mentioned is not None and mentioned.search(text, s0, s1))
                                 or (acts is not None and acts.search(text, s0, s1)))
    for d in ctx.facts.dates:
        if d.role in ("document", "published") or not _day(d.value):
            continue
        s0, s1 = ctx.sentence_bounds(d.span[0])
        if speaks(s0, s1) and not (planned and planned.search(text, s0, s1)):
            return d.value
    return None


def _day(value: str | None) -> bool:
    """A date to the day: the event the article reports happened on a day it names."""
    return bool(value) and (len(value) == 10 or value.startswith("--"))


def _in_stamp(ctx: Context, pos: int) -> bool:
    return ctx.stamp_span is not None and ctx.stamp_span[0] <= pos + 1 <= ctx.stamp_span[1]
