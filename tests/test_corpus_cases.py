"""The hand-written passages of tests/corpus/*.toml (format: tests/corpus/FORMAT.md).

Each case lists, per family, every fact the passage holds; the extractor must give
exactly those (compared on the fields each expected item names). Cases listed in
tests/corpus/known_failures.toml are expected to fail, each with the reason.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from congress_extract.record import FAMILIES

from .conftest import facts_dict, match_all

CORPUS = Path(__file__).parent / "corpus"
KNOWN = tomllib.loads((CORPUS / "known_failures.toml").read_text(encoding="utf-8")) if (CORPUS / "known_failures.toml").exists() else {}


def _cases():
    for path in sorted(CORPUS.glob("*.toml")):
        if path.name == "known_failures.toml":
            continue
        for case in tomllib.loads(path.read_text(encoding="utf-8")).get("case", []):
            reason = KNOWN.get(case["id"])
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            yield pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", list(_cases()))
def test_case(case):
    facts = facts_dict(case["text"], case.get("published"))
    for family in FAMILIES:
        if family in case:
            assert match_all(case[family], facts[family]), f"{family}: expected {case[family]}\n got {facts[family]}"


def test_the_corpus_is_large_enough():
    counts = {}
    for path in CORPUS.glob("*.toml"):
        if path.name != "known_failures.toml":
            counts[path.stem] = len(tomllib.loads(path.read_text(encoding="utf-8")).get("case", []))
    assert sum(counts[f] for f in ("dates", "terms", "events", "ratios", "percentages")) >= 200
    assert sum(counts[f] for f in ("officials", "elections", "votes")) >= 150


@pytest.mark.parametrize("text", [
    "Để thực hiện Nghị quyết Đại hội lần thứ XIII Đảng BCH Công đoàn tỉnh nhiệm kỳ 2023-2028 ban hành chương trình hành động.",
    "Quán triệt Nghị quyết Đại hội lần thứ XIV Đảng Ban Thường vụ Hội Nông dân tỉnh nhiệm kỳ 2023-2028 đã ban hành kế hoạch.",
])
def test_a_second_body_after_a_congress_number_keeps_its_term(text):
    """A committee named after the Party's congress holds the term; the congress gets none."""
    assert [event.get("term") for event in facts_dict(text)["events"]] == [None]


@pytest.mark.parametrize("text", [
    "Trận đấu kéo dài trong 2 giờ ngày 12/10 với nhiều pha bóng đẹp.",
    "Lực lượng chức năng mất 5 giờ ngày 13/10 để dập tắt đám cháy.",
])
def test_hours_a_thing_lasted_give_a_day_no_clock(text):
    """'trong 2 giờ', 'mất 5 giờ' before a day are a duration, not the time of day (dates.clock_before)."""
    assert [d["time"] for d in facts_dict(text)["dates"]] == [None]
