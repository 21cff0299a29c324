"""Offices as written around a name: where one ends, how several are parted, which precede a name."""

from __future__ import annotations

import regex

_PARTS = regex.compile(r",|\s[-–—]\s|,?\s+kiêm\s+")
_SPACES = regex.compile(r"\s+")
_TRAILING_AND = regex.compile(r"\s+(?:và|cùng)$")
_LEAD_SEP = regex.compile(r",\s*\Z")
MAX_LEAD_WORDS = 14  # an office written before a name is a few words; a longer stretch is a clause


def tidy(text: str) -> str:
    """One office as a clean phrase: single spaces, no edge punctuation or trailing "và"."""
    return _TRAILING_AND.sub("", _SPACES.sub(" ", text).strip(" ,;:-–—.")).strip(" ,;:-–—.")


def clip(text: str, stop: regex.Pattern | None) -> str:
    """An office ends where the office ends: before a verb, a caption word ("Ảnh") or the next
    clause ("Bí thư Tỉnh ủy thay ông ...", "Chủ tịch ... vào tháng 6/2017")."""
    if stop is not None:
        m = stop.search(text, 1)
        if m:
            text = text[:m.start()]
    return tidy(text)


def split(tail: str, head: regex.Pattern) -> list[tuple[int, int]]:
    """Where the offices of a stretch lie: it parts at commas, at "kiêm" ("Phó Tổng Giám đốc kiêm
    Giám đốc Nhà máy" holds two offices), and at a dash that opens another office ("Ủy viên Bộ
    Chính trị - Bí thư ..."); a dash inside a name stays ("Sở Lao động - Thương binh và Xã hội")."""
    pieces = []
    start = 0
    for m in _PARTS.finditer(tail):
        if m.group() == "," or head.match(tail, m.end()):
            pieces.append((start, m.start()))
            start = m.end()
    pieces.append((start, len(tail)))
    return pieces


def offices_before(text: str, start: int, floor: int, head: regex.Pattern, stop: regex.Pattern | None,
                   person: regex.Pattern) -> tuple[list[str], int]:
    """The offices written, comma-separated, right before `start` (the office that leads a name):
    "Tổng Bí thư, Chủ tịch nước Nguyễn Phú Trọng" gives "Tổng Bí thư" before "Chủ tịch nước".
    Each must be a whole office: it opens with an office word, holds no verb and no other
    person's name (`person`); returns them in order and where the first begins."""
    found: list[str] = []
    pos = start
    while pos > floor:
        sep = _LEAD_SEP.search(text, max(floor, pos - 4), pos)
        if sep is None:
            break
        begin = max(text.rfind(c, floor, sep.start()) for c in ",;:(\n")
        begin = floor if begin < floor else begin + 1
        piece = text[begin:sep.start()]
        words = piece.split()
        if (not words or len(words) > MAX_LEAD_WORDS or not head.match(piece.strip())
                or person.search(piece) or (stop is not None and stop.search(piece.strip(), 1))):
            break
        found.insert(0, tidy(piece))
        pos = begin + len(piece) - len(piece.lstrip())
    return found, pos
