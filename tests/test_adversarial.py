"""No catastrophic backtracking, no quadratic family code: time grows linearly with the input.

Every adversarial input (tests/adversarial_inputs.py: a rule file's own words, one trigger
repeated, short lines that once backtracked catastrophically) is extracted at 100 KB and
at 1 MB, each in a forked process with the per-document budget off (a slow input must
not hide behind a `timeout` record). The 1 MB run may take at most GROWTH times as long
as the 100 KB run (linear growth gives about 10x, quadratic 100x), and at most CEILING
CPU seconds: about 20x what a 2-core machine measures (1.7 s at most), so that a slow or
busy machine passes and only a real regression fails. A run past the ceiling is stopped
by RLIMIT_CPU and its Python stack is printed (faulthandler), so the failure shows where
the time goes. How fast it is on this machine is a figure of `python bench/run.py
--adversarial`, not an assertion.

A per-document budget still turns anything slower into a `timeout` error record.
"""

from __future__ import annotations

import statistics
import time

import pytest
import regex

from congress_extract.patterns import load_rules
from congress_extract.pipeline import extract

from .adversarial_inputs import MB, RULE_FILES, TRIGGERS, adversarial, literal_words, repeated, timed_extract
from .robust_helpers import check_record, schema_errors, span_errors

GROWTH = 15.0  # 10 times the input may take at most 15 times as long
CEILING = 30  # CPU seconds for 1 MB: a guard against runaway backtracking, not a speed target
WALL_CAP = 300.0  # seconds for a whole child, checks included: nothing may hang the suite


def _problems(record: dict) -> list[str]:
    return schema_errors(record) + span_errors(record)


def _assert_linear(label: str, make, big: int = MB) -> None:
    """`make(size)` gives about `size` bytes of one input: its time grows linearly from big / 10 to big.

    A ratio that fails is measured twice more and judged on the medians: the 100 KB run of
    some inputs takes a few milliseconds, and one scheduler hiccup on a busy machine moves
    it by half (a quadratic cost fails all three times)."""
    runs = {size: [_cpu(label, make(size), size)] for size in (big // 10, big)}
    if runs[big][0] > GROWTH * runs[big // 10][0]:
        for size, timings in runs.items():
            timings += [_cpu(label, make(size), size) for _ in range(2)]
    slow, fast = statistics.median(runs[big]), statistics.median(runs[big // 10])
    assert slow <= GROWTH * fast, f"{label}: {slow:.2f} CPU s for {big:,} bytes, {fast:.2f} for a tenth: not linear"


def _cpu(label: str, text: str, size: int) -> float:
    """CPU seconds of one extraction of `text` (about `size` bytes), checked for a whole, valid record."""
    data = text.encode("utf-8")
    assert size * 0.85 <= len(data) <= size * 1.2, (label, size, len(data))
    timing = timed_extract(data, CEILING + 1, WALL_CAP, check=_problems)
    assert timing is not None, f"{label}: {size:,} bytes stopped after {CEILING} CPU seconds (stack in stderr)"
    assert not timing.problems, timing.problems
    assert timing.status == "ok", timing.error
    return timing.cpu


def _params(cases):
    return [pytest.param(*args, id=case_id) for case_id, args in cases]


@pytest.mark.parametrize("name", RULE_FILES)
def test_literal_words_found(name):
    """The generator reads real words from every rule file (else the test would prove nothing)."""
    words = literal_words(name)
    assert len(words) >= 3, words


@pytest.mark.parametrize("name", _params([(n.removesuffix(".toml"), (n,)) for n in RULE_FILES]))
def test_a_rule_files_own_words_take_linear_time(name):
    _assert_linear(name, lambda size: adversarial(name, size))


@pytest.mark.parametrize("name,unit", _params([(case_id, (n, u)) for case_id, n, u in TRIGGERS]))
def test_one_trigger_repeated_takes_linear_time(name, unit):
    _assert_linear(f"{name}: {unit.strip()[:30]!r} repeated", lambda size: repeated(unit, size))


# Short lines that backtracked catastrophically (found by tests/test_properties.py): 10 KB and 100 KB
# of them, line after line (each line's facts make a megabyte's record slow to check).
SHORT_LINES = [
    ("share-digits", "2028 - 1992 1996 - 2015 250/291 Chia sẻ, 57,96%"),
    ("share-items", "Chia sẻ | Facebook | Zalo | " * 4 + "x"),
]


@pytest.mark.parametrize("line", _params([(case_id, (line,)) for case_id, line in SHORT_LINES]))
def test_short_hostile_lines_take_linear_time(line):
    head = "Đại hội Công đoàn cơ sở lần thứ X, nhiệm kỳ 2023 - 2028\n"
    _assert_linear(f"{line!r} on every line", lambda size: head + repeated(line + "\n", size - len(head.encode())),
                   big=MB // 10)


def test_budget_turns_a_slow_document_into_a_timeout_record():
    data = ("Đại hội Công đoàn nhiệm kỳ 2023 - 2028 ngày 07/4/2023 đồng chí Nguyễn Văn An - Chủ tịch; 100% 10/10 "
            * 20_000).encode("utf-8")
    load_rules().compile()  # compiled before the clock starts: compiling is not the document's time
    started = time.perf_counter()
    record = check_record(extract(data, budget=0.001).to_dict())
    elapsed = time.perf_counter() - started
    assert record["status"] == "error"
    assert record["error"]["type"] == "timeout"
    assert "0.001" in record["error"]["message"]
    assert record["source"]["bytes"] == len(data)
    assert elapsed < 5, f"a 0.001 s budget took {elapsed:.2f} s to stop"


def test_a_used_up_budget_stops_the_next_search_even_of_a_short_text():
    """Short searches run without the engine's own time-out; the budget is checked before each."""
    from congress_extract.extract.context import BudgetExceeded, Context

    rules = load_rules()
    rule = next(r for r in rules["dates"] if r.id == "dates.dmy")
    ctx = Context("Ngày 07/4/2023, Đại hội Công đoàn cơ sở lần thứ X.", rules, deadline=time.monotonic() - 1)
    with pytest.raises(BudgetExceeded):
        list(ctx.finditer(rule))


def test_a_used_up_budget_stops_finding_a_cues_occurrences_in_a_long_text():
    """Asked often, a cue is found once over the whole text: on a dump of megabytes that scan
    takes seconds, so it keeps the budget too (it once ran 6 s past a 10 s one)."""
    from congress_extract.extract.context import BudgetExceeded, Context, Occurrences

    text = "Ngày 07/4/2023, Đại hội Công đoàn cơ sở khai mạc. " * 1_000
    ctx = Context(text, load_rules(), deadline=time.monotonic() - 1)
    pattern = regex.compile(r"khai\s+mạc")
    with pytest.raises(BudgetExceeded):
        for _ in range(Occurrences.DIRECT_QUESTIONS + 1):
            ctx.occurs(pattern, 0, 50)


def test_budget_error_record_keeps_the_source():
    data = ("nhiệm kỳ 2023 - 2028. " * 50_000).encode("utf-8")
    record = check_record(extract(data, path="big.txt", budget=0.001).to_dict())
    assert record["error"]["type"] == "timeout"
    assert record["source"]["path"] == "big.txt"
    assert len(record["source"]["sha256"]) == 64


def test_a_rule_stops_after_its_match_limit_and_the_record_says_so():
    from congress_extract.extract.context import MAX_MATCHES_PER_RULE

    record = extract(("đạt 100% " * (MAX_MATCHES_PER_RULE + 50)).encode("utf-8"), budget=None)
    assert record.status == "ok"
    assert len(record.facts.percentages) == MAX_MATCHES_PER_RULE
    assert any("percentages.number stopped after 10,000 matches" in w for w in record.source.warnings)


def test_an_article_is_far_below_the_match_limit():
    record = extract(("Trên 98% hộ đạt chuẩn; 61/61 Công đoàn cơ sở. " * 100).encode("utf-8"), budget=None)
    assert record.source.warnings == []


# One congress named again and again on one line (the headline, then): each mention once looked for its host
# ("tổ chức", "CĐCS A:") and a count of hosts in all the text before it, so 1,000 mentions took seconds.
MENTIONS = [
    ("term-only", "Đại hội đại biểu nhiệm kỳ 2020 - 2025 "),
    ("body-and-term", "Đại hội Công đoàn tỉnh, nhiệm kỳ 2020 - 2025 "),
    ("held", "tổ chức Đại hội nhiệm kỳ 2020 - 2025 "),
]


@pytest.mark.parametrize("unit", _params([(case_id, (unit,)) for case_id, unit in MENTIONS]))
def test_one_congress_named_again_and_again_takes_linear_time(unit):
    _assert_linear(f"{unit.strip()!r} repeated", lambda size: repeated(unit, size), big=MB // 10)
