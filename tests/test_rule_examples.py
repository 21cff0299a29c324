"""Every rule's own examples (patterns/*.toml `examples.match` / `examples.nomatch`) hold.

Line rules (boilerplate, metadata) are judged on a whole line; fact rules by running every
family over the example text: a match example needs a fact made by that rule with the
values it lists, a no-match example needs the family to find nothing there.
"""

from __future__ import annotations

import pytest

from congress_extract import load_rules

from .conftest import facts_dict, subset

LINE_FAMILIES = {"boilerplate", "metadata"}
RULES = [rule for family in load_rules().families.values() for rule in family]


def _cases(kind: str):
    for rule in RULES:
        items = rule.match if kind == "match" else rule.nomatch
        for i, item in enumerate(items):
            yield pytest.param(rule, item, id=f"{rule.id}-{kind}-{i}")


def _line_hit(rule, text: str) -> bool:
    if rule.attrs.get("kind") == "views" or rule.attrs.get("match") == "contains":
        return rule.regex.search(text) is not None
    return rule.regex.fullmatch(text.strip()) is not None


@pytest.mark.parametrize("rule,example", list(_cases("match")))
def test_rule_matches_its_example(rule, example):
    if rule.family in LINE_FAMILIES:
        assert _line_hit(rule, example.text)
        return
    facts = facts_dict(example.text, example.published)[rule.family]
    own = [f for f in facts if f["rule"] == rule.id or rule.attrs.get("role_cue") or rule.attrs.get("part")]
    assert any(subset(example.expect, f) for f in own), f"{rule.id}: wanted {example.expect}, got {facts}"


@pytest.mark.parametrize("rule,text", list(_cases("nomatch")))
def test_rule_ignores_its_counterexample(rule, text):
    if rule.family in LINE_FAMILIES:
        assert not _line_hit(rule, text)
        return
    assert facts_dict(text)[rule.family] == []


def test_every_rule_has_an_id_description_and_examples():
    for rule in RULES:
        assert rule.id.startswith(rule.family + ".") and rule.description, rule.id
        helper = rule.attrs.get("part") or rule.attrs.get("role_cue")
        assert helper or rule.match, f"{rule.id} has no examples.match"
