"""Scores on the gold facts of the five samples (samples/gold, a copy of ../shared/gold)."""

from __future__ import annotations

import pytest

from congress_extract.evaluate import evaluate

from .conftest import SAMPLES

# The acceptance floors of the issues: page metadata and boilerplate must be exact,
# every fact family at least 0.95 precision and recall.
FLOORS = {
    "title": 1.0, "published": 1.0, "views": 1.0, "byline": 1.0, "boilerplate": 1.0, "main_event": 1.0,
    "dates": 0.95, "terms": 0.95, "ordinals": 0.95, "ratios": 0.95, "percentages": 0.95,
    "officials": 0.95, "positions": 0.95, "elections": 0.95, "votes": 0.95,
}


@pytest.fixture(scope="module")
def report():
    return evaluate(SAMPLES / "gold", SAMPLES)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_meets_its_floor_on_the_gold(report, field):
    score = report.scores[field]
    assert score.precision >= FLOORS[field] and score.recall >= FLOORS[field], score.errors


DEVGOLD = SAMPLES.parent / "tests" / "devgold"


@pytest.fixture(scope="module")
def dev_report():
    return evaluate(DEVGOLD / "gold", DEVGOLD / "seeds")


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_generalises_to_the_held_out_portal_pages(dev_report, field):
    """tests/devgold: twelve pages written for other portals and provinces, blind to the rules."""
    score = dev_report.scores[field]
    assert score.precision >= 0.95 and score.recall >= 0.95, score.errors
