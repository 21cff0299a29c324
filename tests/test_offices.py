"""What ends an office is made once per rule set, and the clips it remembers go with that set."""

from __future__ import annotations

import gc
import weakref

import regex

from congress_extract import extract, load_rules
from congress_extract.extract import offices

TEXT = ("Dự Đại hội có đồng chí Nguyễn Văn Hùng, Phó Chủ tịch Liên đoàn Lao động tỉnh phát biểu chỉ đạo "
        "Đại hội Công đoàn cơ sở Trường THCS Lê Lợi lần thứ V, nhiệm kỳ 2023 - 2028.")
USER_RULE = '[[rule]]\nid = "votes.user_{n}"\ndescription = "a user\'s rule"\npattern = "phiếu bầu số {n}"\n'


def test_the_offices_clipped_with_a_users_rule_set_go_with_that_set(tmp_path):
    """A long-lived process that loads one rule set after another keeps none of the old ones' clips."""
    kept = []
    for n in range(12):  # more than load_rules keeps
        folder = tmp_path / str(n)
        folder.mkdir()
        (folder / "votes.toml").write_text(USER_RULE.format(n=n), encoding="utf-8")
        rules = load_rules([folder])
        assert extract(TEXT, rules=rules).to_dict()["officials"]
        kept.append(weakref.ref(rules.derived["offices.ends"]))
        del rules
    gc.collect()
    assert not kept[0]() and kept[-1]()


def test_one_rule_set_makes_its_ends_once():
    rules = load_rules()
    extract(TEXT, rules=rules)
    ends = rules.derived["offices.ends"]
    extract(TEXT + " Ban Chấp hành gồm 15 đồng chí.", rules=rules)
    assert rules.derived["offices.ends"] is ends and ends.clipped


def test_the_clips_an_ends_remembers_are_bounded():
    ends = offices.Ends(regex.compile(r"\s+phát biểu"))
    for n in range(offices.CLIPS_KEPT * 2 + 5):
        assert offices.clip(f"Chủ tịch Công đoàn số {n} phát biểu", ends) == f"Chủ tịch Công đoàn số {n}"
    assert 0 < len(ends.clipped) <= offices.CLIPS_KEPT
