"""Shared fixtures and helpers: the shipped rules, the samples, and fact comparison."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from congress_extract import load_rules
from congress_extract.pipeline import extract_facts
from congress_extract.record import FAMILIES

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def rules():
    return load_rules()


def facts_dict(text: str, published: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """All fact families of a passage, as the record's JSON would hold them."""
    from congress_extract.record import Record, Source

    facts = extract_facts(text, load_rules(), published=published)
    record = Record(Source(None, "0" * 64, 0), facts=facts).to_dict()
    return {family: record[family] for family in FAMILIES}


def same(expected: Any, actual: Any) -> bool:
    """Equal, with numbers compared as numbers (18500 == 18500.0) and dicts compared on expected keys."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and same(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(same(e, a) for e, a in zip(expected, actual))
    return expected == actual


def subset(expected: dict[str, Any], fact: dict[str, Any]) -> bool:
    """The fact has every field the expectation names, with the same value (term as [start, end])."""
    for key, value in expected.items():
        actual = fact.get(key)
        if key == "term" and isinstance(value, list) and isinstance(actual, dict):
            actual = [actual["start"], actual["end"]]
        if not same(value, actual):
            return False
    return True


def match_all(expected: list[dict[str, Any]], facts: list[dict[str, Any]]) -> bool:
    """A one-to-one pairing exists in which every fact holds its expected item's fields."""
    if len(expected) != len(facts):
        return False

    def assign(i: int, free: list[int]) -> bool:
        if i == len(expected):
            return True
        return any(subset(expected[i], facts[j]) and assign(i + 1, [k for k in free if k != j]) for j in free)

    return assign(0, list(range(len(facts))))
