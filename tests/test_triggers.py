"""Prefilters: a rule's `trigger_pattern` lets a document skip the rule, and never changes a result."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import regex

from congress_extract import load_rules
from congress_extract.extract.context import BudgetExceeded, Context
from congress_extract.patterns import Rule

from .conftest import SAMPLES, SHARED


def make_rule(pattern: str, trigger: str | None) -> Rule:
    attrs = {"trigger_pattern": regex.compile(trigger)} if trigger else {}
    return Rule("test.rule", "test", "", pattern, regex.compile(pattern), attrs)


def test_a_rule_runs_only_where_its_trigger_occurs(rules):
    text = "Đại hội lần thứ X, nhiệm kỳ 2023 - 2028"
    ctx = Context(text, rules)
    assert [m.group() for m in ctx.finditer(make_rule(r"\d{4}", None))] == ["2023", "2028"]
    assert [m.group() for m in ctx.finditer(make_rule(r"\d{4}", r"nhiệm\s+kỳ"))] == ["2023", "2028"]
    # A trigger the text lacks: the rule is skipped (here deliberately unsound, to show it).
    assert list(ctx.finditer(make_rule(r"\d{4}", r"khóa"))) == []
    # Another text than the document's is checked on its own.
    assert [m.group() for m in ctx.finditer(make_rule(r"\d{4}", r"khóa"), "khóa 2019")] == ["2019"]
    # Budgeted runs too.
    timed = Context(text, rules, deadline=10**12)
    assert list(timed.finditer(make_rule(r"\d{4}", r"khóa"))) == []


def _texts() -> list[str]:
    from congress_extract import extract

    paths = sorted(SAMPLES.glob("*.txt"))
    paths += sorted((SHARED / "corpus" / "union").glob("*.txt"))[:40]
    return [extract(p.read_bytes(), budget=None).article.text for p in paths]


def _shipped_with(attr: str) -> Iterator[tuple[Rule, str]]:
    """Each shipped rule that declares `attr`, with each text its soundness is checked on: its
    examples, then real articles."""
    rules = load_rules()
    declared = [r for family in rules.families.values() for r in family if r.attrs.get(attr)]
    texts = _texts() if declared else []
    for rule in declared:
        for text in [e.text for e in rule.match] + texts:
            yield rule, text


def test_every_declared_trigger_occurs_in_every_match():
    """The soundness of each shipped trigger, on its rule's examples and real articles."""
    for rule, text in _shipped_with("trigger_pattern"):
        trigger = rule.attrs["trigger_pattern"]
        triggers = trigger if isinstance(trigger, tuple) else (trigger,)
        for m in rule.regex.finditer(text):
            assert any(t.search(m.group()) for t in triggers), f"{rule.id}: trigger misses the match {m.group()!r}"


def test_a_rule_with_a_list_of_triggers_runs_where_any_of_them_occurs(rules):
    ctx = Context("Đại hội bầu 15 đồng chí; 3 đồng chí trúng cử", rules)
    rule = Rule("test.rule", "test", "", "", regex.compile(r"\d+"),
                {"trigger_pattern": (regex.compile("khóa"), regex.compile("bầu"))})
    assert [m.group() for m in ctx.finditer(rule)] == ["15", "3"]
    absent = Rule("test.rule", "test", "", "", rule.regex,
                  {"trigger_pattern": (regex.compile("khóa"), regex.compile("nhiệm kỳ"))})
    assert list(ctx.finditer(absent)) == []


def test_a_led_rule_with_a_list_of_triggers_is_tried_around_each_of_them(rules):
    text = "Sáng 14/8 khai mạc; chiều 15-8 bế mạc, 1.200 đại biểu"
    plain = Rule("test.rule", "test", "", "", regex.compile(r"(?:(?i:sáng|chiều)\s+)?\d+[/-]\d+"), {})
    led = Rule("test.rule", "test", "", "", plain.regex,
               {"trigger_pattern": (regex.compile(r"\d/\d"), regex.compile(r"\d-\d")), "trigger_lead": 12})
    ctx = Context(text, rules)
    assert [m.group() for m in ctx.finditer(led)] == ["Sáng 14/8", "chiều 15-8"]


def test_a_rule_with_a_lead_is_tried_only_around_its_trigger(rules):
    text = "Sáng 14/8 khai mạc; chiều 15/8 bế mạc, 1.200 đại biểu"
    plain = Rule("test.rule", "test", "", "", regex.compile(r"(?:(?i:sáng|chiều)\s+)?\d+/\d+"), {})
    anchored = Rule("test.rule", "test", "", "", plain.regex,
                    {"trigger_pattern": regex.compile(r"\d/\d"), "trigger_lead": 12})
    ctx = Context(text, rules)
    assert [m.span() for m in ctx.finditer(anchored)] == [m.span() for m in ctx.finditer(plain)]
    assert [m.group() for m in ctx.finditer(anchored)] == ["Sáng 14/8", "chiều 15/8"]


def test_every_declared_lead_reaches_back_to_the_start_of_every_match():
    """Around triggers, a rule with `trigger_lead` finds exactly what a full scan finds."""
    rules = load_rules()
    led = [r for family in rules.families.values() for r in family if "trigger_lead" in r.attrs]
    texts = _texts() if led else []
    for rule in led:
        for text in [e.text for e in rule.match] + texts:
            ctx = Context(text, rules)
            full = [m.span() for m in rule.regex.finditer(text)]
            assert [m.span() for m in ctx.finditer(rule)] == full, rule.id


def test_a_rule_with_a_start_pattern_is_tried_only_where_it_occurs(rules):
    text = "Chủ tịch Lê An, Phó Chủ tịch Trần Bình và chủ tịch Hồ Minh"
    pattern = regex.compile(r"(?:Phó )?(?i:chủ tịch) \p{Lu}\w* \p{Lu}\w*")
    assert len(pattern.findall(text)) == 3
    # The start pattern leaves out "chủ" (deliberately unsound here, to show it).
    rule = Rule("test.rule", "test", "", "", pattern, {"start_pattern": regex.compile("Chủ|Phó")})
    assert [m.group() for m in Context(text, rules).finditer(rule)] == ["Chủ tịch Lê An", "Phó Chủ tịch Trần Bình"]


def test_a_led_rule_with_a_start_pattern_is_tried_only_where_its_trigger_follows_within_the_lead(rules):
    text = "Chủ tịch An số 1, Chủ tịch Bình"
    pattern = regex.compile(r"Chủ tịch \p{Lu}\w*")
    assert len(pattern.findall(text)) == 2
    # The second match holds no digit (the trigger deliberately unsound here, to show it): no
    # digit follows its start, so it is not tried, though it lies within the trigger's stretch.
    rule = Rule("test.rule", "test", "", "", pattern, {"trigger_pattern": regex.compile(r"\d"), "trigger_lead": 20,
                                                       "trigger_tail": 40, "start_pattern": regex.compile("Chủ")})
    assert [m.group() for m in Context(text, rules).finditer(rule)] == ["Chủ tịch An"]


def test_every_declared_start_pattern_occurs_where_every_match_starts():
    """The soundness of each shipped `start_pattern`, on its rule's examples and real articles."""
    for rule, text in _shipped_with("start_pattern"):
        starts = rule.attrs["start_pattern"]
        for m in rule.regex.finditer(text):
            assert starts.search(text, m.start(), m.end()) and \
                starts.search(text, m.start(), m.end()).start() == m.start(), f"{rule.id}: {m.group()!r}"


# Each way DM_CUE opens (dates.dm, dates.dmy start where it does, or at a digit), cased as writers and headlines case it.
_DATE_CUES = ["Sáng 14/8", "TRƯA 14/8", "chiều tối 14/8", "Tối nay 14/8", "đêm 14/8", "Rạng sáng 14/8",
              "khuya 14/8", "trong hôm ngày 14/8", "Hôm qua 14/8", "NGÀY 14/8", "ngày mai 14/8",
              "Tính đến hết ngày 14/8", "đến ngày 14/8", "vào 14/8", "Mùng 2/9", "mồng 2/9", "nhân dịp 2/9",
              "Dịp 2/9", "ngày giao dịch 14/8", "Quốc khánh 2/9", "Thứ Hai, ngày 14/8", "CHỦ NHẬT 14/8",
              "Chủ nhật, 14/8", "CN, 14/8", "T2, ngày 14/8"]


@pytest.mark.parametrize("rule_id, year", [("dates.dm", ""), ("dates.dmy", "/2024")])
def test_a_date_rule_tried_where_its_cue_starts_finds_every_cue(rules, rule_id, year):
    rule = next(r for r in rules["dates"] if r.id == rule_id)
    for cue in _DATE_CUES:
        text = f"Tin tức. {cue}{year} 08:30, hội nghị khai mạc; 16 giờ 15, {cue}{year}, bế mạc."
        full = [m.span() for m in rule.regex.finditer(text)]
        assert len(full) == 2 and text[full[0][0]:].startswith(cue[:2]), (rule_id, cue)
        assert [m.span() for m in Context(text, rules).finditer(rule)] == full, (rule_id, cue)


def test_a_trigger_occurs_within_a_span_only_if_the_span_holds_all_of_it(rules):
    ctx = Context("ông A, đại diện Hội; bà B, đại diện Sở", rules)
    within = ctx.trigger_within(make_rule(r"x", r"đại diện"))
    assert within(0, 20) and within(7, 15) and within(21, 40)
    assert not within(8, 16) and not within(0, 14) and not within(16, 30)


def test_an_anchored_rule_with_a_trigger_is_tried_only_where_one_lies_within_its_reach(rules):
    """officials.representative_after: tried at honorifics, only those with 'đại diện' in reach."""
    from congress_extract.extract import officials

    rule = {r.id: r for r in rules["officials"]}["officials.representative_after"]
    text = ("Ông Lê Văn A phát biểu khai mạc hội nghị, chúc mừng các đại biểu về dự đông đủ. "
            "Ông Trần Văn B, đại diện Hội Luật gia tỉnh, nêu ý kiến; bà Lê Thị C đồng tình.")
    starts = [m.start() for m in regex.finditer(r"Ông|bà", text)]
    tried = []
    ctx = Context(text, rules)
    ctx.match_at = lambda pattern, pos, reach=300: tried.append(pos) or Context.match_at(ctx, pattern, pos, reach)
    assert [m.group("name") for m in officials._at(ctx, rule, starts)] == ["Trần Văn B"]
    assert tried == [starts[1]]


def test_a_rule_may_match_only_a_text_that_holds_one_of_its_triggers():
    rule = Rule("test.rule", "test", "", "", regex.compile(r"\d+"),
                {"trigger_pattern": (regex.compile("(?i:xem)"), regex.compile("(?i:đọc)"))})
    assert rule.may_match("Lượt đọc: 12") and rule.may_match("Lượt XEM 5")
    assert not rule.may_match("Hôm nay: 2417")
    assert make_rule(r"\d+", None).may_match("anything")


def test_the_tries_of_a_start_pattern_share_one_time_out(rules):
    """A long text with many starts: together they stay within the budget, as one search would."""
    text = "Chủ tịch " * 5_000
    rule = Rule("test.rule", "test", "", "", regex.compile(r"Chủ tịch (?:\w+ )*\d"),
                {"start_pattern": regex.compile("Chủ")})
    ctx = Context(text, rules, deadline=time.monotonic() + 0.2)
    with pytest.raises(BudgetExceeded):
        list(ctx.finditer(rule))


class _SlowTrigger:
    """A trigger whose scan the engine stops at its time-out, as `regex` does on a huge line under load."""

    def finditer(self, *args, **kwargs):
        raise TimeoutError("regex timed out")


def test_a_trigger_scan_past_the_time_out_is_the_budget_exceeded(rules):
    text = "x" * 30_000  # long enough for a timed search
    rule = Rule("test.rule", "test", "", "", regex.compile(r"\d+"),
                {"trigger_pattern": _SlowTrigger(), "trigger_lead": 10})
    ctx = Context(text, rules, deadline=time.monotonic() + 60)
    with pytest.raises(BudgetExceeded):
        list(ctx.finditer(rule))


def test_every_declared_trigger_start_occurs_where_every_occurrence_of_its_triggers_starts():
    """The soundness of each shipped `trigger_start_pattern`, on its rule's examples and real articles."""
    for rule, text in _shipped_with("trigger_start_pattern"):
        at = {m.start() for m in rule.attrs["trigger_start_pattern"].finditer(text, overlapped=True)}
        for trigger in rule.triggers:
            for m in trigger.finditer(text, overlapped=True):
                assert m.start() in at, f"{rule.id}: {text[m.start():m.end() + 20]!r}"


def test_a_trigger_with_a_trigger_start_is_tried_only_where_it_occurs(rules):
    text = "Chủ tịch Lê An, Phó Chủ tịch Trần Bình"
    # The trigger start leaves out "Trần" (deliberately unsound here, to show it).
    rule = Rule("test.rule", "test", "", "", regex.compile(r"(?:Phó )?Chủ tịch \p{Lu}\w* \p{Lu}\w*"),
                {"trigger_pattern": regex.compile(r"\p{Lu}\w* \p{Lu}"), "trigger_lead": 20,
                 "trigger_tail": 5, "trigger_start_pattern": regex.compile("Lê")})
    assert [m.group() for m in Context(text, rules).finditer(rule)] == ["Chủ tịch Lê An"]


def test_a_trigger_tried_where_it_starts_finds_its_overlapping_occurrences(rules):
    text = "ông Nguyễn Văn An"
    rule = Rule("test.rule", "test", "", "", regex.compile("x"),
                {"trigger_pattern": regex.compile(r"\p{Lu}\w* \p{Lu}"), "trigger_lead": 20,
                 "trigger_start_pattern": regex.compile(r"Nguyễn|Văn")})
    assert Context(text, rules)._occurrences(rule, text, 0, len(text)) == [(4, 12), (11, 16)]


def test_every_declared_after_words_keeps_every_start_its_rule_matches_at():
    """The soundness of each shipped `after_words`, on its rule's examples and real articles: the
    look-up skips no start where the rule, tried there, matches."""
    from dataclasses import replace as copy

    from congress_extract.extract.officials import _at

    rules = load_rules()
    by_id = {r.id: r for family in rules.families.values() for r in family}
    for rule, text in _shipped_with("after_words"):
        ctx = Context(text, rules)
        starts = [m.start() for m in ctx.finditer(by_id[rule.attrs["anchor"]])]
        unfiltered = copy(rule, attrs={k: v for k, v in rule.attrs.items() if k != "after_words"})
        assert [m.span() for m in _at(ctx, rule, starts)] == [m.span() for m in _at(ctx, unfiltered, starts)], rule.id
