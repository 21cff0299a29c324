"""The rule loader: word lists become prefix trees, `:anycase` lists match as writers case them."""

from __future__ import annotations

import re

import pytest
import regex

from congress_extract.patterns import (LATIN_LETTERS, WORD_START, LazyPattern, PatternError, WordStarts, WordTree,
                                       _alternation, _case_class_tree, _cased_alternation,
                                       _compile_trigger, load_rules)


WORDS = ["Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch Thường trực", "Bí thư", "Phó Bí thư", "Ủy viên"]


def test_a_word_list_matches_what_a_longest_first_alternation_matches():
    tree = regex.compile(_alternation(WORDS))
    plain = regex.compile("|".join(regex.escape(w) for w in sorted(WORDS, key=len, reverse=True)))
    text = "Phó Chủ tịch Thường trực, Phó Chủ tịch, Chủ tịch và Phó Bí thư, Ủy viên; Phó Giám đốc"
    assert [m.span() for m in tree.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_an_empty_word_list_matches_nothing():
    assert regex.compile(_alternation([])).search("bất kỳ") is None


def test_anycase_covers_lower_upper_and_capitalised_writing():
    pattern = regex.compile(_cased_alternation(["Phó Chủ tịch"]))
    for text in ("Phó Chủ tịch", "phó chủ tịch", "PHÓ CHỦ TỊCH", "Phó chủ tịch", "phó Chủ tịch", "Phó Chủ Tịch"):
        assert pattern.fullmatch(text), text


def test_anycase_takes_each_words_first_letter_in_either_case():
    pattern = regex.compile(_cased_alternation(["Phó Tổng Giám đốc", "Chủ tịch HĐND"]))
    for text in ("Phó Tổng giám đốc", "phó tổng Giám đốc", "phó Tổng giám Đốc", "Chủ tịch HĐND", "chủ tịch hđnd"):
        assert pattern.fullmatch(text), text
    assert not pattern.fullmatch("pHó Tổng Giám đốc")


def test_anycase_matches_the_longest_word_at_each_place():
    """Upper-case words ("BCH") and capitalised ones ("Ban Chấp hành") share first letters: the tree
    still finds what a longest-first alternation of every written form finds."""
    words = ["BCH", "Ban Chấp hành", "Ban", "UV", "UV BCH", "Ủy viên"]
    forms = {f for w in words for f in (w, w.lower(), w.upper(), w[0].swapcase() + w[1:])}
    plain = regex.compile("|".join(regex.escape(f) for f in sorted(forms, key=len, reverse=True)))
    tree = regex.compile(_cased_alternation(words))
    text = "BAN CHẤP HÀNH, ban Chấp hành, UV BCH, uv bch, bch và Ban; ủy viên UV BAN"
    assert [m.span() for m in tree.finditer(text, overlapped=True)] == \
        [m.span() for m in plain.finditer(text, overlapped=True)]


def test_icase_matches_where_and_what_a_case_insensitive_alternation_matches():
    """`{{NAME:icase}}`: classes of each letter's cases as regex folds them ('i' is also 'İ', 'k' the Kelvin
    sign), a word tree that `re` runs as a start pattern, where `(?i:...)` finds a word."""
    words = ["sáng", "ngày", "đến", "khuya", "từ", "tới", "thứ"]
    source = _case_class_tree(tuple(words))
    assert "[Ii\u0130]" in source and "[Kk\u212a]" in source and "[Đđ]" in source
    starts = _compile_trigger(source, lazy=True, starts=True)
    assert isinstance(starts, WordStarts)
    plain = regex.compile("(?i:" + "|".join(words) + ")")
    text = "SÁNG Ngày đẾn KHUYA, Khuya; từ TỚI ThỨ, sángngày, Đến"
    assert [m.span() for m in regex.compile(source).finditer(text, overlapped=True)] == \
        [m.span() for m in plain.finditer(text, overlapped=True)]
    assert [m.start() for m in starts.finditer(text, overlapped=True)] == \
        [m.start() for m in plain.finditer(text, overlapped=True)]


def test_a_word_tree_trigger_finds_what_regex_finds_overlapping_ones_included():
    source = _cased_alternation(["Ban Chấp hành", "BCH", "Ban Thường vụ", "Thường vụ"])
    trigger = _compile_trigger(source, lazy=True)
    assert isinstance(trigger, WordTree)
    text = "Ban Thường vụ, BAN CHẤP HÀNH và ban chấp hành (BCH); thường vụ"
    expected = [m.span() for m in regex.compile(source).finditer(text, 0, 52, overlapped=True)]
    assert [m.span() for m in trigger.finditer(text, 0, 52, overlapped=True)] == expected
    assert expected[:2] == [(0, 13), (4, 13)] and len(expected) == 5  # "Thường vụ" inside "Ban Thường vụ"
    assert trigger.search(text, 52) is not None and trigger.search(text, 0, 2) is None


def test_a_word_tree_start_pattern_starts_where_the_tree_as_written_starts():
    """Sub-trees side by side ("(?:TREE|TREE|word)") are searched as one tree of their words: the
    same places, overlapping ones and optional parts included."""
    source = "(?:" + "|".join([_cased_alternation(["Phó Chủ tịch", "Chủ tịch", "Bí thư"]),
                               _alternation(["UV", "UVBCH"]), "nguyên", r"[Cc]ựu", r"T(?:ổng\ )?[Bb]í"]) + ")"
    starts = _compile_trigger(source, lazy=True, starts=True)
    assert isinstance(starts, WordStarts)
    text = "nguyên Phó chủ tịch, CHỦ TỊCH, cựu UVBCH, Tổng Bí thư, Tổng bí, phó Bí thư, Tbí"
    expected = [m.start() for m in regex.compile(source).finditer(text, 3, 70, overlapped=True)]
    assert [m.start() for m in starts.finditer(text, 3, 70, overlapped=True)] == expected
    assert expected[:2] == [7, 11] and len(expected) == 8  # "chủ tịch" inside "Phó chủ tịch"
    assert vars(starts)["_compiled"].pattern != source  # searched as one tree


def test_a_word_start_before_a_word_tree_start_pattern_leaves_out_no_start_of_a_word():
    source = WORD_START + _alternation(["ông", "anh", "bà", "các đồng chí"])
    starts = _compile_trigger(source, lazy=True, starts=True)
    assert isinstance(starts, WordStarts)
    text = "ông A, không, anh B, thanh, (bà C), các đồng chí, 1anh, ĐẠIông, αông, ông"
    found = [m.start() for m in starts.finditer(text, overlapped=True)]
    expected = [m.start() for m in regex.compile(source).finditer(text, overlapped=True)]
    assert set(expected) <= set(found) and len(expected) == 6
    assert found == sorted(expected + [text.index("αông") + 1])  # after a Greek letter: let through


def test_the_letters_a_word_start_refuses_to_follow_are_all_letters_or_marks():
    letters = re.compile(f"[{LATIN_LETTERS}]")
    refused = [chr(c) for c in range(0x2000) if letters.match(chr(c))]
    assert len(refused) > 600 and all(regex.match(r"[\p{L}\p{M}]", ch) for ch in refused)


def test_a_word_tree_start_pattern_with_a_range_is_searched_as_written():
    starts = _compile_trigger(r"(?:[a-c]x|dy)", lazy=True, starts=True)
    assert [m.start() for m in starts.finditer("bx dy ax", overlapped=True)] == [0, 3, 6]
    assert vars(starts)["_compiled"].pattern == r"(?:[a-c]x|dy)"


def test_a_start_pattern_tree_may_open_with_a_digit():
    """'\\d|{{COUNT_WORDS:icase}}': a decimal digit as `regex` reads it (an Arabic-Indic one too) or a word in any case."""
    source = r"\d|" + _case_class_tree(("hai", "ba", "các"))
    starts = _compile_trigger(source, lazy=True, starts=True)
    assert isinstance(starts, WordStarts)
    text = "Hai đồng chí, 12 người, \u0663 vị, CÁC anh, bà Ba, chị x7"
    assert [m.start() for m in starts.finditer(text, overlapped=True)] == \
        [m.start() for m in regex.compile(source).finditer(text, overlapped=True)]
    assert vars(starts)["_compiled"].pattern != source  # searched as one tree
    assert not isinstance(_compile_trigger(source, lazy=True), WordTree)  # a trigger: on regex


def test_a_trigger_with_more_than_literals_stays_on_regex():
    for source in (r"(?:bầu|cử)\s", r"(?i:bầu|cử)", r"\d/\d|%", "phiếu", r"(?<=\()(?:a|b)"):
        assert not isinstance(_compile_trigger(source, lazy=True), WordTree), source


def test_every_shipped_pattern_compiles():
    """Shipped rules compile on first use (start-up), so the suite compiles each one here."""
    rules = load_rules().compile()  # an invalid shipped pattern raises here
    for family in rules.families.values():
        for rule in family:
            assert "_compiled" in vars(rule.regex), rule.id


def test_a_shipped_rule_is_compiled_only_when_first_used():
    rule = LazyPattern(r"(?i:đại\s+hội)\s+(?P<n>\d+)")
    assert "_compiled" not in vars(rule)
    assert rule.search("Đại hội 12").group("n") == "12"
    assert "_compiled" in vars(rule)


def test_a_user_rule_that_does_not_compile_is_reported_when_loaded(tmp_path):
    (tmp_path / "extra.toml").write_text("[[rule]]\nid = 'dates.broken'\npattern = '(?P<d>\\\\d'\n", encoding="utf-8")
    with pytest.raises(PatternError, match="dates.broken"):
        load_rules([tmp_path])


def test_a_user_word_tree_trigger_that_does_not_compile_is_reported_when_loaded(tmp_path):
    (tmp_path / "extra.toml").write_text("[[rule]]\nid = 'dates.broken_trigger'\npattern = 'x'\n"
                                         "trigger_pattern = '(?:a|b'\n", encoding="utf-8")
    with pytest.raises(PatternError, match="dates.broken_trigger"):
        load_rules([tmp_path])


def _user_rule(tmp_path, pattern: str, key: str = "pattern") -> None:
    body = f"pattern = 'x'\n{key} = '{pattern}'\n" if key != "pattern" else f"pattern = '{pattern}'\n"
    (tmp_path / "extra.toml").write_text("[[rule]]\nid = 'votes.user_rule'\n" + body, encoding="utf-8")


def test_a_macro_with_an_unknown_modifier_is_refused_naming_the_rule_and_the_macro(tmp_path):
    _user_rule(tmp_path, "(?:ông|bà)\\s+{{SURNAMES:upper}}")
    with pytest.raises(PatternError, match=r"votes\.user_rule.*unknown modifier in \{\{SURNAMES:upper\}\}"):
        load_rules([tmp_path])


def test_an_unknown_macro_is_refused_in_a_rule_attribute_too(tmp_path):
    _user_rule(tmp_path, "{{NO_SUCH_LIST}}", key="trigger_pattern")
    with pytest.raises(PatternError, match=r"votes\.user_rule.*unknown variable \{\{NO_SUCH_LIST\}\}"):
        load_rules([tmp_path])


def test_a_malformed_or_unclosed_macro_is_refused(tmp_path):
    for pattern in ("{{SURNAMES upper}}", "{{SURNAMES"):
        _user_rule(tmp_path, pattern)
        with pytest.raises(PatternError, match=r"votes\.user_rule.*macro"):
            load_rules([tmp_path])


def test_regex_braces_that_are_no_macro_load(tmp_path):
    cases = (("\\{{2}Đại hội", "{{Đại hội"), ("\\{{1,2}\\d+\\}}", "{{12}}"),
             ("(?x) Đại\\ hội  # a {{ in a comment", "Đại hội"))
    for n, (pattern, text) in enumerate(cases):
        (tmp_path / str(n)).mkdir()
        _user_rule(tmp_path / str(n), pattern)
        rules = load_rules([tmp_path / str(n)])
        rule = next(r for family in rules.families.values() for r in family if r.id.endswith("votes.user_rule"))
        assert rule.regex.fullmatch(text), pattern


def test_a_known_modifier_still_expands(tmp_path):
    _user_rule(tmp_path, "{{SURNAMES:anycase}}")
    rules = load_rules([tmp_path])
    rule = next(r for family in rules.families.values() for r in family if r.id.endswith("votes.user_rule"))
    assert "{{" not in rule.pattern and rule.regex.fullmatch("NGUYỄN")


def test_a_misspelt_word_list_in_after_words_is_refused_naming_the_rule_and_the_list(tmp_path):
    (tmp_path / "extra.toml").write_text("[[rule]]\nid = 'officials.user_rule'\npattern = 'x'\n"
                                         "after_words = ['RANKS', 'RANK']\n", encoding="utf-8")
    with pytest.raises(PatternError, match=r"officials\.user_rule.*after_words names no lexicon list: RANK$"):
        load_rules([tmp_path])


def test_after_words_naming_lexicon_lists_loads(tmp_path):
    (tmp_path / "extra.toml").write_text("[[rule]]\nid = 'officials.user_rule'\npattern = 'x'\n"
                                         "after_words = ['RANKS', 'DEGREES']\n", encoding="utf-8")
    assert load_rules([tmp_path])["officials"]
