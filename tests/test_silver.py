"""Scores on the blind silver sets (tests/silver/README.md): the fields each set annotates hold
the F1 they reached, so a change that loses recall on text nobody tuned the rules to fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from congress_extract.evaluate import evaluate

from .conftest import SHARED

SILVER = Path(__file__).parent / "silver"
GENERAL = SHARED / "corpus" / "general"

# set -> {annotated field: the F1 it holds}
FLOORS: dict[str, dict[str, float]] = {
    "people": {"officials": 0.95, "positions": 0.93},
    "people2": {"officials": 0.97, "positions": 0.96},
    "people3": {"officials": 0.92, "positions": 0.92},
    "people4": {"officials": 0.94, "positions": 0.91},
    "events": {"dates": 0.99, "percentages": 0.99},
    "events2": {"dates": 0.98, "percentages": 0.99, "ratios": 0.95},
    "events3": {"dates": 0.99, "percentages": 0.99, "ratios": 0.99},
}

pytestmark = pytest.mark.skipif(not GENERAL.is_dir(), reason="../shared/corpus/general is not present")


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request):
    name = request.param
    return name, evaluate(SILVER / name, GENERAL)


def test_annotated_fields_hold_their_floor(scored):
    name, report = scored
    low = {field: round(report.scores[field].f1, 3) for field, floor in FLOORS[name].items()
           if report.scores[field].f1 < floor}
    assert not low, (name, low)


def test_every_silver_file_was_scored(scored):
    name, report = scored
    assert not report.unscored, report.unscored
