"""Numbers as Vietnamese writes them (congress_extract.numbers)."""

from __future__ import annotations

import pytest

from congress_extract.numbers import ordinal_value


@pytest.mark.parametrize("text,value", [("mười một", 11), ("Mười hai", 12), ("mười lăm", 15), ("hai mươi", 20),
                                        ("hai mươi mốt", 21), ("ba mươi tư", 34)])
def test_an_ordinal_past_ten_in_words_is_its_tens_and_units(text, value):
    assert ordinal_value(text) == value


@pytest.mark.parametrize("text", ["hai năm", "mười mốt", "năm mươi sáu bảy"])
def test_words_that_are_no_number_give_none(text):
    assert ordinal_value(text) is None
