"""The rule loader: word lists become prefix trees, `:anycase` lists match as writers case them."""

from __future__ import annotations

import regex

from congress_extract.patterns import _alternation, _cased


WORDS = ["Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch Thường trực", "Bí thư", "Phó Bí thư", "Ủy viên"]


def test_a_word_list_matches_what_a_longest_first_alternation_matches():
    tree = regex.compile(_alternation(WORDS))
    plain = regex.compile("|".join(regex.escape(w) for w in sorted(WORDS, key=len, reverse=True)))
    text = "Phó Chủ tịch Thường trực, Phó Chủ tịch, Chủ tịch và Phó Bí thư, Ủy viên; Phó Giám đốc"
    assert [m.span() for m in tree.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_an_empty_word_list_matches_nothing():
    assert regex.compile(_alternation([])).search("bất kỳ") is None


def test_anycase_covers_lower_upper_and_capitalised_writing():
    pattern = regex.compile(_alternation(_cased(["Phó Chủ tịch"])))
    for text in ("Phó Chủ tịch", "phó chủ tịch", "PHÓ CHỦ TỊCH", "Phó chủ tịch", "phó Chủ tịch", "Phó Chủ Tịch"):
        assert pattern.fullmatch(text), text
