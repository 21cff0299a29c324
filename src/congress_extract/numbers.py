"""Vietnamese number writing: `.` groups thousands, `,` is the decimal mark.

Kept in one place because every fact family reads numbers the same way.
"""

from __future__ import annotations

import regex

# Money and magnitude words that multiply the number before them.
MULTIPLIERS = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "triệu": 1_000_000,
    "tr": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
}

_DOT_GROUPS = regex.compile(r"\d{1,3}(?:\.\d{3})+")
_COMMA_GROUPS = regex.compile(r"\d{1,3}(?:,\d{3}){2,}")
_SPACE_GROUPS = regex.compile(r"\d{1,3}(?: \d{3})+")
_DECIMAL_COMMA = regex.compile(r"(\d{1,3}(?:\.\d{3})+|\d+),(\d+)")
_DECIMAL_DOT = regex.compile(r"(\d+)\.(\d{1,2})")
_GROUPING = regex.compile(r"[.,\s\u00a0]")


def parse_number(text: str) -> float | int:
    """Parse one Vietnamese-written number ("12.400", "1,0", "9,482,116", "7 081", "02").

    Integers come back as int so that counts stay exact; decimals as float.
    Raises ValueError on anything else.
    """
    s = text.strip().replace("\u00a0", " ")
    if not s:
        raise ValueError("empty number")
    if s.isdigit():
        return int(s)
    if _DOT_GROUPS.fullmatch(s):
        return int(s.replace(".", ""))
    if _COMMA_GROUPS.fullmatch(s) or _SPACE_GROUPS.fullmatch(s):
        return int(s.replace(",", "").replace(" ", ""))
    m = _DECIMAL_COMMA.fullmatch(s)
    if m:
        return float(m.group(1).replace(".", "") + "." + m.group(2))
    m = _DECIMAL_DOT.fullmatch(s)
    if m:  # "98.5" written the English way: a dot followed by fewer than three digits
        return float(s)
    raise ValueError(f"not a number: {text!r}")


def parse_amount(number: str, unit: str | None = None) -> float | int:
    """A number followed by an optional magnitude word: "215 triệu" -> 215000000."""
    value = parse_number(number)
    factor = MULTIPLIERS.get((unit or "").strip().lower())
    if factor is None:
        return value
    scaled = value * factor
    return int(round(scaled)) if float(scaled).is_integer() else scaled


def parse_count(text: str) -> int:
    """A counter or tally: any grouping of digits by dots, commas or spaces."""
    digits = _GROUPING.sub("", text)
    if not digits.isdigit():
        raise ValueError(f"not a count: {text!r}")
    return int(digits)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(text: str) -> int | None:
    """Roman numerals I..C as written in congress ordinals ("XVII" -> 17); None if malformed."""
    s = text.upper()
    if not s or any(c not in _ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total if int_to_roman(total) == s else None


def int_to_roman(n: int) -> str:
    out = []
    for v, sym in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(sym)
            n -= v
    return "".join(out)


_WORD_ORDINALS = {
    "nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10,
}


# Units after a ten in a number written in words: "mười một" 11, "hai mươi mốt" 21, "mười lăm" 15.
_UNITS_AFTER_TEN = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "lăm": 5, "sáu": 6,
                    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
# The words that count tens before "mươi" ("ba mươi lăm" 35, "năm mươi" 50).
_TENS = ("hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín")
# An ordinal of two or three words, as congresses are numbered in words ("lần thứ mười hai").
COMPOUND_ORDINAL = (r"(?i:(?:mười|(?:hai|ba|bốn)\s+mươi)(?:\s+(?:" + "|".join(_UNITS_AFTER_TEN)
                    + r"))?)(?![\p{L}\p{M}])")


def ordinal_value(text: str) -> int | None:
    """"XVII", "11", "02", "Hai", "mười hai", "hai mươi mốt" -> int; None if it is none of these."""
    s = text.strip()
    if s.isdigit():
        return int(s)
    word = _WORD_ORDINALS.get(s.lower())
    if word is not None:
        return word
    if " " in s:
        return _compound(s.lower().split())
    return roman_to_int(s)


def _compound(words: list[str]) -> int | None:
    """Tens and units in words: ["mười", "một"] -> 11, ["hai", "mươi"] -> 20, ["ba", "mươi", "lăm"] -> 35."""
    if words[0] == "mười":
        tens, units = 1, words[1:]
    elif len(words) >= 2 and words[1] == "mươi" and words[0] in _TENS:
        tens, units = _WORD_ORDINALS[words[0]], words[2:]
    else:
        return None
    if not units:
        return 10 * tens
    if len(units) == 1 and units[0] in _UNITS_AFTER_TEN and not (tens == 1 and units[0] == "mốt"):
        return 10 * tens + _UNITS_AFTER_TEN[units[0]]
    return None
