"""On general news (../shared/corpus/general, when present) no official has a verb or a caption
word in a position, and no `elected` role stands where no vote is reported."""

from __future__ import annotations

import importlib.util

import pytest

from congress_extract import extract, load_rules

from .conftest import ROOT, SHARED

GENERAL = SHARED / "corpus" / "general"


def _check_module():
    spec = importlib.util.spec_from_file_location("check_officials", ROOT / "tests" / "tools" / "check_officials.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not GENERAL.is_dir(), reason="needs ../shared/corpus/general")
def test_general_news_gives_no_run_on_position_and_no_election_without_a_vote():
    check, rules = _check_module(), load_rules()
    found = []
    for path in sorted(GENERAL.glob("*.txt")):
        record = extract(path.read_bytes(), path=str(path), rules=rules).to_dict()
        found += [f"{path.name}: {line}" for line in check.problems(record)]
    assert not found, "\n".join(found)
