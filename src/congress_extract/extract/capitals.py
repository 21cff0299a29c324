"""Names printed in capitals ("đồng chí NGUYỄN VĂN A", "Ông TRẦN THỊ B - Chủ tịch ..."), read as names.

Some portals print every official's name in capitals. The rules know a name by its capitalised
syllables, so the officials are read from a view of the text in which each such name is in title
case ("Nguyễn Văn A"), letter for letter at the same offsets; what they find is then given back as
written. A name in capitals is a surname in capitals and one to four more words in capitals ending
the run ("TP. HCM TRẦN THỊ B"), or two to four words in capitals after an honorific or title, where
names sit whatever their first word ("Bà ANDREA PRINCE", "nhà báo THUẬN HỮU"), in a line that also
has lower-case letters: in a line written all in capitals (a headline) capitals are no evidence of a
name, and acronyms ("LĐLĐ", "UBND", "TP.HCM") open with no surname and follow no honorific. Nor in
a headline with every word capitalised: there the view writes each word as the body does.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Iterable

import regex

# Words in capitals, the first of two letters or more (every surname has). No look-arounds: `regex` tries this at
# each capital, and what bounds a run is checked on the few runs found (15 against 35 µs/doc with them).
_RUN = regex.compile(r"\p{Lu}{2}[\p{Lu}\p{M}]*+(?:[ ]\p{Lu}[\p{Lu}\p{M}]*+)++")
_LETTER = regex.compile(r"[\p{L}\p{M}]")
# The vowels, with any marks ("Ấ", "Ư"): every word of a name has one; acronyms often none ("TP", "HCM", "LĐLĐ", "BCH").
_VOWELS = frozenset(c for c in map(chr, range(0x41, 0x1F00)) if unicodedata.normalize("NFD", c)[0] in "AEIOUYaeiouy")


@lru_cache(maxsize=16)
def upper_set(words: tuple[str, ...]) -> frozenset[str]:
    """A lexicon list in capitals, for look-ups (kept per list: the lists are a rule set's)."""
    return frozenset(w.upper() for w in words)


@lru_cache(maxsize=16)
def lower_set(words: tuple[str, ...]) -> frozenset[str]:
    """A lexicon list in lower case, for look-ups."""
    return frozenset(w.lower() for w in words)


def title_word(word: str) -> str:
    """A word in capitals as a name's word is written ("NGUYỄN" -> "Nguyễn"; str.title would also
    capitalise after an apostrophe: "H'HEN" -> "H'Hen", not "H'hen")."""
    return word[:1] + word[1:].lower()


def _after(text: str, start: int, leads: frozenset[str]) -> bool:
    """Whether one of `leads` (lower case, of one to three words) stands as whole words right before `start`."""
    if text[start - 1:start] != " ":
        return False
    words = text[max(0, start - 24):start].lower().split()[-3:]
    return any(" ".join(words[i:]) in leads for i in range(len(words)))


def _organisation(words: list[str], first: int, bodies: frozenset[str], units: frozenset[str],
                  acronyms: frozenset[str]) -> bool:
    """Whether a run of capitals whose name would start at `first` names an organisation: a body or workplace
    before it ("HỘI NÔNG DÂN", "CÔNG TY TNHH MTV CAO SU"), an acronym before it that is no office's
    ("TNHH", "THPT"; "LĐLĐ", "HCM" are), or a place's unit or an acronym in it ("ĐOÀN TRƯỜNG THPT LÊ LỢI",
    "NÔNG DÂN TỈNH AN GIANG"). A given name may be a body's word ("NGUYỄN XUÂN TRƯỜNG"), never a unit's."""
    for i, w in enumerate(words):
        one, two = w, " ".join(words[i:i + 2])
        if i < first and (one in bodies or two in bodies or (not _VOWELS.intersection(w) and w not in acronyms)):
            return True
        if i >= first and (one in units or two in units or not _VOWELS.intersection(w)):
            return True
    return False


def name_case(text: str, surnames: Iterable[str], titles: Iterable[str] = (), bodies: Iterable[str] = (),
              units: Iterable[str] = (), acronyms: Iterable[str] = ()) -> str:
    """`text` with each name in capitals in title case, as long as the text (the same offsets);
    `titles`: the honorifics and titles after which a run of capitals is a name; `bodies`, `units`,
    `acronyms`: the words of a run that make it an organisation's name (see _organisation)."""
    first_words = upper_set(tuple(surnames))
    leads = lower_set(tuple(titles))
    body_words, unit_words, office_acronyms = upper_set(tuple(bodies)), upper_set(tuple(units)), upper_set(tuple(acronyms))
    pieces: list[str] = []
    done = 0
    lines: dict[int, bool] = {}  # a line's start -> whether it has lower-case letters
    for m in _RUN.finditer(text):
        if m.start() and _LETTER.match(text, m.start() - 1):
            continue  # the end of a word in mixed case ("VnEXPRESS")
        words = m.group().split(" ")
        if _LETTER.match(text, m.end()):
            words.pop()  # "NGUYỄN Văn": the last capital opens a word in mixed case
        first = next((i for i, w in enumerate(words) if w in first_words and len(words) - i <= 5), None)
        named = False
        if first is None and len(words) <= 4 and all(_VOWELS.intersection(w) for w in words) and _after(text, m.start(), leads):
            first, named = 0, True  # "Bà ANDREA PRINCE": a name where names sit
        if first is None or first == len(words) - 1:
            continue
        if not named and _organisation(words, first, body_words, unit_words, office_acronyms):
            continue
        start = m.start() + len(" ".join(words[:first])) + (first > 0)
        end = start + len(" ".join(words[first:]))
        line = text.rfind("\n", 0, start) + 1
        if line not in lines:
            stop = text.find("\n", end)
            lines[line] = any(c.islower() for c in text[line:len(text) if stop < 0 else stop])
        titled = " ".join(map(title_word, words[first:]))
        if lines[line] and len(titled) == end - start:
            pieces += [text[done:start], titled]
            done = end
    return "".join(pieces) + text[done:] if pieces else text


_WORD = regex.compile(r"[\p{L}\p{M}]+")


# The longest headline, in characters.
_HEADLINE = 300


def sentence_case_title(text: str, surnames: Iterable[str]) -> str:
    """`text` with a headline written with every word capitalised ("Ông A Tái Đắc Cử Chủ Tịch Hội
    ...") or in capitals ("ÔNG A TÁI ĐẮC CỬ ...") in the case the article's body writes its words, as
    long as the text. There capitals are no evidence of a name and nothing marks where one ends
    ("Nguyễn Phú Trọng Gặp Gỡ ..."): a word the body writes in lower case as often as capitalised, or
    never, is lowered, except inside a name led by a surname that the body writes whole ("Nguyễn Văn
    Thành"); a word in capitals the body writes so stays ("UBND"); the first word is capitalised."""
    end = text.find("\n", 0, _HEADLINE)
    if end < 0:
        return text  # no headline: a first line this long is a paragraph (and its names searched in the rest, quadratic)
    words = text[:end].split(" ")
    lettered = [w for w in words if w[:1].isalpha()]
    upper = not any(c.islower() for w in lettered for c in w)
    if len(lettered) < 5 or not all(w[0].isupper() for w in lettered) or (
            not upper and sum(w[1:2].islower() for w in lettered) < 4):
        return text
    body = text[end:]
    seen = Counter(_WORD.findall(body))  # counted in C: a loop over match objects took half as long again
    bare = [_WORD.search(w) for w in words]
    kept = _body_names([title_word(m.group()) if m else "" for m in bare], upper_set(tuple(surnames)), body)
    out = []
    for i, (w, m) in enumerate(zip(words, bare)):
        if m:
            w = w[:m.start()] + _as_body(m.group(), seen, i == 0 or i in kept) + w[m.end():]
        out.append(w)
    line = " ".join(out)
    return line + text[end:] if len(line) == end else text


def _as_body(word: str, seen: Counter[str], capitalised: bool) -> str:
    """A headline's word as the body writes it most (`seen`: the body's words and their counts)."""
    cap, low = title_word(word), word.lower()
    if word != cap and seen.get(word, 0) > max(seen.get(cap, 0), seen.get(low, 0)):
        return word
    return cap if capitalised or seen.get(cap, 0) > seen.get(low, 0) else low


def _body_names(words: list[str], surnames: frozenset[str], body: str) -> set[int]:
    """The places of the words of each name led by a surname that `body` writes whole (two to five words)."""
    kept: set[int] = set()
    for i, w in enumerate(words):
        if w.upper() in surnames:
            for k in (5, 4, 3, 2):
                if i + k <= len(words) and all(words[i:i + k]) and " ".join(words[i:i + k]) in body:
                    kept.update(range(i, i + k))
                    break
    return kept


def as_written(text: str, view: str, found: str, near: int = 0) -> str:
    """What the view's `found` (a position read from it) is in the text: itself where the text writes it
    so (a headline in title case read as the body writes it), else the same stretch as written at its
    occurrence nearest `near` (the mention's name: the first anywhere may be another line's)."""
    if found in text:
        return found
    at, best = view.find(found), -1
    while at >= 0:
        if best < 0 or abs(at - near) < abs(best - near):
            best = at
        at = view.find(found, at + 1)
    return text[best:best + len(found)] if best >= 0 else found
