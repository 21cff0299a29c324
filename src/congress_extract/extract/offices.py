"""Offices as written around a name: where one ends, how several are parted, which precede a name."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import regex

_PARTS = regex.compile(r",?\s+kiêm\s+|,|\s[-–—]\s|\s+và\s+")
_SPACES = regex.compile(r"\s+")
_TRAILING_AND = regex.compile(r"(?:\s+(?:và|cùng|của|với|tại|ở|là|các|lại|về))+$")  # words that lead on, never end an office
MAX_LEAD_WORDS = 14  # an office written before a name is a few words; a longer stretch is a clause


def tidy(text: str) -> str:
    """One office as a clean phrase: single spaces, no edge punctuation or trailing "và"."""
    return _TRAILING_AND.sub("", _SPACES.sub(" ", text).strip(" ,;:-–—.")).strip(" ,;:-–—.")


@dataclass(frozen=True)
class Ends:
    """What ends an office (`stop`: a verb, a caption, another name), what makes a phrase point
    back instead of naming one (`anaphor`), names whose commas part nothing (`whole`), and a body
    pointed back to by its kind (`pointer`: "uỷ ban này", the kind in its group `kind`), the
    term ending an office listed before another (`term`: "Ủy viên Trung ương Đảng khóa XIII, Bí thư ..."),
    and what parts offices written before a name (`sep`, found within `sep_reach` characters back)."""
    stop: regex.Pattern | None = None
    anaphor: regex.Pattern | None = None
    whole: regex.Pattern | None = None
    pointer: regex.Pattern | None = None
    term: regex.Pattern | None = None
    sep: regex.Pattern | None = None
    sep_reach: int = 0
    clipped: dict[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)  # see `clip`

    @cached_property
    def stop_only(self) -> "Ends":
        """These ends without the rest: how a body named before an office is clipped (`named_before`)."""
        return Ends(self.stop)


CLIPS_KEPT = 4096  # offices remembered per Ends; then forgotten at once (a long run meets ever new ones)


def clip(text: str, ends: Ends) -> str:
    """An office ends where the office ends: before a verb, a caption word ("Ảnh") or the next
    clause ("Bí thư Tỉnh ủy thay ông ...", "Chủ tịch ... vào tháng 6/2017"). One that points back
    (`anaphor`: "Chủ nhiệm cơ quan này") names no office.

    Kept by the ends (made once per rule set) for the same office: a mention's offices are clipped
    again as each rule and each later mention reads them (1,795 clips of 1,001 offices in the 579
    corpus articles), and the stop words are searched at each character of the office (about 40 µs
    a clip)."""
    done = ends.clipped.get(text)
    if done is not None:
        return done
    if len(ends.clipped) >= CLIPS_KEPT:
        ends.clipped.clear()
    ends.clipped[text] = done = _clip(text, ends)
    return done


def _clip(text: str, ends: Ends) -> str:
    if ends.anaphor is not None and ends.anaphor.search(text):
        return ""
    if ends.stop is not None:
        m = ends.stop.search(text, 1)
        if m:
            text = text[:m.start()]
    return tidy(text)


def named_before(office: str, text: str, floor: int, pos: int, ends: Ends) -> str:
    """An office that points back to a body by its kind ("chủ nhiệm uỷ ban này") names the body of
    that kind the sentence named before it (`floor`..`pos`: "Uỷ ban kiểm tra Thành đoàn khoá X gồm
    ... anh A được bầu là chủ nhiệm uỷ ban này" gives "chủ nhiệm Uỷ ban kiểm tra Thành đoàn"); ""
    when it names none."""
    m = ends.pointer.search(office) if ends.pointer is not None else None
    if m is None:
        return ""
    kind = regex.escape(m.group("kind"))
    bodies = list(regex.finditer(  # the kind, its lower-case words, a capital: whose it is
        rf"(?<![\p{{L}}\p{{M}}])(?=\p{{Lu}})(?i:{kind})(?:[ ]\p{{Ll}}[\p{{L}}\p{{M}}]*){{0,4}}[ ]\p{{Lu}}[\p{{L}}\p{{M}}.&-]*(?:[ ][\p{{L}}\p{{M}}.&-]+){{0,6}}",
        text[floor:pos]))
    body = clip(bodies[-1].group(), ends.stop_only) if bodies else ""
    return tidy(office[:m.start()] + " " + body) if body else ""


def split(tail: str, head: regex.Pattern, whole: regex.Pattern | None = None) -> list[tuple[int, int]]:
    """Where the offices of a stretch lie: it parts at commas, and at "kiêm", "và" or a dash that
    opens another office ("Phó Tổng Giám đốc kiêm Giám đốc Nhà máy", "Ủy viên Bộ Chính trị - Bí thư
    ..."); a dash or "và" inside a name stays ("Sở Lao động - Thương binh và Xã hội"), and so do
    the commas of a name `whole` knows ("Bộ Lao động, Thương binh và Xã hội")."""
    kept = [m.span() for m in whole.finditer(tail)] if whole is not None and "," in tail else []
    pieces = []
    start = 0
    for m in _PARTS.finditer(tail):
        if any(a < m.start() < b for a, b in kept):
            continue
        if m.group() == "," or head.match(tail, m.end()):
            pieces.append((start, m.start()))
            start = m.end()
    pieces.append((start, len(tail)))
    return pieces


def offices_before(text: str, start: int, floor: int, head: regex.Pattern, ends: Ends,
                   person: regex.Pattern, opener: regex.Pattern | None = None, closed: bool = False) -> tuple[list[str], int]:
    """The offices written, parted by commas, dashes or "kiêm" (`ends.sep`), right before `start` (the office that leads a name):
    "Tổng Bí thư, Chủ tịch nước Nguyễn Phú Trọng" gives "Tổng Bí thư" before "Chủ tịch nước".
    Each must be a whole office: it opens with an office word, holds no verb and no other
    person's name (`person`); returns them in order and where the first begins. The first may
    follow the words that open a clause's list of offices (`opener`: "Dự có Phó Thủ tướng, Bộ
    trưởng ... A", "lẵng hoa của Ủy viên Bộ Chính trị, Bí thư Thành ủy B"); none before it counts.
    A preposition (the opener's group `phrase`: "của", "theo") opens them only where the name ends
    its phrase (`closed`): in "thừa ủy quyền của Thủ tướng, Phó Thủ tướng A đã ký" the comma ends
    the phrase, and the office before it is someone else's."""
    found: list[str] = []
    pos = start
    while pos > floor and ends.sep is not None:
        sep = ends.sep.search(text, max(floor, pos - ends.sep_reach), pos)
        if sep is None:
            break
        begin = max(text.rfind(c, floor, sep.start()) for c in ",;:\n")
        bracket = text.rfind("(", floor, sep.start())
        if bracket > text.rfind(")", floor, sep.start()):  # an open bracket; a closed one is part of the office
            begin = max(begin, bracket)
        begin = floor if begin < floor else begin + 1
        piece = text[begin:sep.start()]
        termed = ends.term.search(piece) if ends.term is not None else None
        if termed:  # "Ủy viên Trung ương Đảng khóa XIII, Bí thư Tỉnh ủy A": the term is no part of the office
            piece = piece[:termed.start()]
        opened = None if _whole(piece, head, ends, person) else _opened(opener, text, begin, sep.start(), head, ends, person, closed)
        if opened:  # "lẵng hoa của Tổng Bí thư, Chủ tịch nước A"; an office holding "của" stays whole
            begin = opened.end()
            piece = text[begin:sep.start()]
        if not _whole(piece, head, ends, person):
            break
        found.insert(0, tidy(piece))
        pos = begin + len(piece) - len(piece.lstrip())
        if opened:
            break
    return found, pos


def _whole(piece: str, head: regex.Pattern, ends: Ends, person: regex.Pattern) -> bool:
    """Whether a piece before a name is one whole office: it opens with an office word and is a few
    words long, with no verb and no other person's name."""
    piece = piece.strip()
    return bool(head.match(piece)) and len(piece.split()) <= MAX_LEAD_WORDS and not person.search(piece) \
        and not (ends.stop is not None and ends.stop.search(piece, 1))


def _opened(opener: regex.Pattern | None, text: str, start: int, end: int, head: regex.Pattern, ends: Ends,
            person: regex.Pattern, closed: bool) -> regex.Match | None:
    """The first of the opening words in text[start:end] after which a whole office follows ("Dự có
    Chủ nhiệm Ủy ban Dân tộc của Quốc hội": from "có"); None without one."""
    for m in opener.finditer(text, start, end) if opener is not None else ():
        if (closed or not m.group("phrase")) and _whole(text[m.end():end], head, ends, person):
            return m
    return None
