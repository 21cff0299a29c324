"""Dates: match the rules, resolve missing years from their sentence or the stamp, give each a role."""

from __future__ import annotations

import bisect
from datetime import date

import regex

from ..record import Date
from .context import Context, Occurrences, Spans

_CUE_WINDOW = 120
_CLOCK_REACH = 24  # "19 giờ 30 phút " and the spaces around: a clock before a date is short
_STAMP_REACH_DAYS = 183  # a report dates days within half a year of its stamp
_BESIDE_REACH_DAYS = 62  # days one clause lists with one year written ("12/3/2025 và 13/3") lie within weeks
_CLAUSE_END = regex.compile(r":(?!\d)")  # a clock's colon ("8:30") ends no clause
# A birth date ("sinh ngày 12/3/1960", "sinh 12/3/1960"): its year is the person's, not the clause's.
_BORN = regex.compile(r"(?<![\p{L}\p{M}])(?i:sinh)\s*(?:(?i:ngày)\s*)?$")
_DAY_WORDS = regex.compile(r"\D*")  # the words a date's text opens with ("ngày "), before its day
# A clock as the rules write it; a whole hour in words ("14 giờ") has no minutes.
_CLOCK = regex.compile(r"(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})?(?:\s*phút)?\s*(AM|PM|am|pm|SA|CH)?")


def find(ctx: Context) -> list[Date]:
    rules = ctx.rules["dates"]
    date_rules = [r for r in rules if "role_cue" not in r.attrs and "part" not in r.attrs]
    cues = [r for r in rules if "role_cue" in r.attrs]
    years = next((r.regex for r in rules if r.attrs.get("part") == "year"), None)
    clock_before = next((r.regex for r in rules if r.attrs.get("part") == "clock_before"), None)
    found: list[Date] = []
    taken = Spans()
    for rule in date_rules:
        for m in ctx.finditer(rule):
            if taken.overlaps(m.span()):
                continue
            dates = list(_dates_of(m, rule.id, rule.attrs.get("precision") == "month"))
            if not dates:
                continue
            taken.add(m.span())
            found.extend(dates)
    found.sort(key=lambda d: d.span)
    if clock_before is not None:
        _clocks_before(ctx.text, found, clock_before)
    # Roles first: a cited document's date lends no year to the days beside it (see _year_of_days_beside).
    # Where each sentence-wide cue occurs, found once: a long line holds many dates' sentences.
    cue_spans = {cue.id: ctx.occurrences(cue.regex) for cue in cues if cue.attrs.get("context") == "sentence"}
    for d in found:
        d.role = _role(ctx, d, cues, cue_spans)
    _resolve_years(ctx, found, years)
    return found


def _dates_of(m: regex.Match, rule_id: str, month_only: bool):
    """The dates a match writes; a day without its year is valued "--MM-DD" until resolved."""
    groups = m.groupdict()
    time = _clock(groups.get("time") or groups.get("time1"))
    if groups.get("d1") or (month_only and groups.get("m1")):
        m1 = groups.get("m1") or groups["m"]
        y1 = groups.get("y1") or _same_year(groups.get("y"), m1, groups["m"])
        first = _month(m1, y1) if month_only else _value(groups["d1"], m1, y1)
        end_first = max(m.end(g) for g in ("d1", "m1", "y1") if groups.get(g))
        begin = m.start("first") if groups.get("first") else m.start()  # "(30/9 - 1/10)": not the bracket
        if first:
            yield Date(m.string[begin:end_first], first, None, "other", (begin, end_first), rule_id)
        for i, day in enumerate(m.captures("dmid") if "dmid" in m.re.groupindex else ()):
            # the days listed between the ends ("các ngày 10, 11 và 12/3"): each is a date of that month
            value = _value(day, m1, y1)
            if value:
                at = m.starts("dmid")[i]
                yield Date(day, value, None, "other", (at, at + len(day)), rule_id)
        second = _month(groups["m"], groups.get("y")) if month_only else _value(groups["d"], groups["m"], groups.get("y"))
        if second:
            start = m.start(next(g for g in ("second", "d", "m") if groups.get(g)))
            yield Date(m.string[start:m.end()], second, time, "other", (start, m.end()), rule_id)
        return
    value = _month(groups["m"], groups.get("y")) if month_only else _value(groups["d"], groups["m"], groups.get("y"))
    if value:
        yield Date(m.group(), value, time, "other", m.span(), rule_id)


def _clocks_before(text: str, found: list[Date], clock_before: regex.Pattern) -> None:
    """A date written without its time takes the clock right before it ("8 giờ 30 sáng 12/10"): only
    the few characters before each such date are searched."""
    for d in found:
        if d.time is None:
            m = clock_before.search(text, max(0, d.span[0] - _CLOCK_REACH), d.span[0])
            if m:
                d.time = _clock(m.group("time"))


def _same_year(year: str | None, first_month: str, month: str) -> str | None:
    """The year of a range's first end when only its second writes one ("từ 28/12 - 2/1/2024" crosses it)."""
    if not year:
        return None
    return str(int(year) - 1) if int(first_month) > int(month) else year


def _month(m: str, y: str | None) -> str | None:
    return f"{int(y):04d}-{int(m):02d}" if y else None


def _value(d: str, m: str, y: str | None) -> str | None:
    day, month = int(d), int(m)
    try:
        date(int(y) if y else 2000, month, day)  # 2000 is a leap year: 29/2 stands without a year
    except ValueError:
        return None
    return f"{int(y):04d}-{month:02d}-{day:02d}" if y else f"--{month:02d}-{day:02d}"


def _resolve_years(ctx: Context, found: list[Date], years: regex.Pattern | None) -> None:
    """A day without its year takes the year its sentence writes ("dịp Quốc khánh 2/9 năm 2017",
    "Tháng Công nhân 2017 (1.3 - 31.5)", "Ngày 17/6, ... thăm Việt Nam từ ngày 17-22/6/2017"),
    else the year another mention of that day took so, else the one that puts it nearest the
    article's stamp; else it stays "--MM-DD".

    Against a stamp, a sentence's year that puts the day half a year or more away names
    something else ("Hội nghị người lao động năm 2024" held on 8/12/2023): the stamp decides.
    """
    from_sentence: dict[str, str] = {}
    pending = []
    written: dict[str, list[tuple[int, int]]] = {}  # each day written with its year: where, and the year
    seen: dict[tuple[str, int], int | None] = {}
    for d in found:
        if len(d.value) == 10 and not d.value.startswith("--"):
            written.setdefault(d.value[5:], []).append((d.span[0], int(d.value[:4])))
    for d in found:
        if not d.value.startswith("--"):
            continue
        year = (_sentence_year(ctx, d, years) if years is not None else None) or _year_written_with(ctx, d, written, seen) \
            or _year_of_days_beside(ctx, d, found)
        if year and _near_stamp(ctx.published, f"{year}{d.value[1:]}"):
            d.value = f"{year}{d.value[1:]}"
            from_sentence.setdefault(d.value[5:], d.value)
        else:
            pending.append(d)
    for d in pending:
        if d.value[2:] in from_sentence:
            d.value = from_sentence[d.value[2:]]
            continue
        month, day = int(d.value[2:4]), int(d.value[5:7])
        year = _year_near(ctx.published, month, day)
        if year:
            d.value = f"{year:04d}{d.value[1:]}"


def _near_stamp(published: date | None, value: str) -> bool:
    return published is None or abs((date.fromisoformat(value) - published).days) <= _STAMP_REACH_DAYS


def _sentence_year(ctx: Context, d: Date, years: regex.Pattern) -> int | None:
    """The year written on its own in the date's clause, nearest to the date: its sentence up to
    a colon, which often joins two topics ("Video năm 2009 ...: ... ngày 20/7"); a semicolon only
    parts the items of one statement ("Năm 2017, ... từ 29/4 - 2/5; ... từ 2 - 4/9"), which share it."""
    start, end = _clause(ctx, d)
    best = None
    for m in years.finditer(ctx.text, start, end):
        y = int(m.group("y"))
        if not _valid(y, d.value):
            continue
        distance = m.start() - d.span[1] if m.start() >= d.span[1] else d.span[0] - m.end()
        if best is None or distance < best[0]:
            best = (distance, y)
    return best[1] if best else None


def _year_written_with(ctx: Context, d: Date, written: dict[str, list[tuple[int, int]]],
                       seen: dict[tuple[str, int], int | None]) -> int | None:
    """The year of that same day written in full in the date's sentence ("Ngày 17/6, ... từ ngày
    17-22/6/2017"); none where it is written with two years, an anniversary's ("Ngày truyền thống
    thi đua (11.6) ... (11.6.1948 - 11.6.2017)"), whose yearless day is the yearly occasion.
    `written` lists each day's full mentions in text order; `seen` keeps each sentence's answer."""
    same_day = written.get(d.value[2:])
    if not same_day:
        return None
    s0, s1 = ctx.sentence_bounds(d.span[0])
    key = (d.value, s0)
    if key not in seen:
        first = bisect.bisect_left(same_day, (s0, 0))
        years = {year for _, year in same_day[first:bisect.bisect_left(same_day, (s1, 0))]}
        seen[key] = years.pop() if len(years) == 1 else None
    return seen[key]


def _year_of_days_beside(ctx: Context, d: Date, found: list[Date]) -> int | None:
    """The year of the other days its clause writes in full, when they write one year only and the
    day falls within two months of one ("Sáng 12/3/2025 và chiều 13/3, ..."): the clause gives the
    year once for all its days. Not from an anniversary's two years ("(20/11/1982 - 20/11/2022)"),
    nor from a day far off, a birth date ("sinh ngày 12/3/1960") or a cited document's ("Kế hoạch số 45/KH-LĐLĐ
    ngày 5/3/2020 ..., sáng 12/3 ...": the plan's year, not the meeting's)."""
    s0, s1 = _clause(ctx, d)
    i = bisect.bisect_left(found, s0, key=lambda x: x.span[0])
    beside = [x for x in found[i:bisect.bisect_left(found, s1, key=lambda x: x.span[0])]
              if x is not d and len(x.value) == 10 and not x.value.startswith("--") and x.role != "document"
              and not _born(ctx.text, x)]
    if len({x.value[:4] for x in beside}) != 1:
        return None
    for x in beside:
        year = _year_near(date.fromisoformat(x.value), int(d.value[2:4]), int(d.value[5:7]))
        if year and abs((date.fromisoformat(f"{year}{d.value[1:]}") - date.fromisoformat(x.value)).days) <= _BESIDE_REACH_DAYS:
            return year
    return None


def _born(text: str, d: Date) -> bool:
    """A birth date, its cue before it or in its words ("sinh ngày 12/3/1960"): within a day or two of
    another day by chance, it gives that day no year ("Ông A sinh ngày 12/3/1960, nhậm chức ngày 13/3")."""
    start = d.span[0] + len(_DAY_WORDS.match(d.text).group())
    return _BORN.search(text, max(0, start - 12), start) is not None


def _clause(ctx: Context, d: Date) -> tuple[int, int]:
    """The date's sentence up to a colon on either side, which often joins two topics."""
    s0, s1 = ctx.sentence_bounds(d.span[0])
    ends_before = [m.end() for m in _CLAUSE_END.finditer(ctx.text, s0, d.span[0])]
    after = _CLAUSE_END.search(ctx.text, d.span[1], s1)
    return (ends_before[-1] if ends_before else s0), (after.start() if after else s1)


def _valid(year: int, value: str) -> bool:
    try:
        date(year, int(value[2:4]), int(value[5:7]))
    except ValueError:
        return False
    return True


def _year_near(published: date | None, month: int, day: int) -> int | None:
    """The year that puts day/month closest to the publication date."""
    if published is None:
        return None
    best = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            distance = abs((date(year, month, day) - published).days)
        except ValueError:
            continue
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def _clock(text: str | None) -> str | None:
    if not text:
        return None
    m = _CLOCK.match(text)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    suffix = (m.group(3) or "").upper()
    if suffix in ("PM", "CH") and hour < 12:
        hour += 12
    if suffix in ("AM", "SA") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _role(ctx: Context, d: Date, cues, cue_spans: dict[str, Occurrences]) -> str:
    if ctx.stamp_span and ctx.stamp_span[0] <= d.span[0] and d.span[1] <= ctx.stamp_span[1]:
        return "published"
    for cue in cues:
        if cue.id in cue_spans:
            hit = cue_spans[cue.id].within(*ctx.sentence_bounds(d.span[0]))
        else:  # the words right before the date, up to it
            hit = cue.regex.search(ctx.text, max(0, d.span[0] - _CUE_WINDOW), d.span[0]) is not None
        if hit:
            return str(cue.attrs["role_cue"])
    return "other"
