"""Regression: each sample still gives its reviewed record (samples/expected/*.json).

After an intended change, regenerate with `python tests/tools/update_expected.py` and
review the diff.
"""

from __future__ import annotations

import json

import pytest

from congress_extract import extract

from .conftest import SAMPLES


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_sample_gives_its_expected_record(path):
    expected = json.loads((SAMPLES / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
    actual = extract(path.read_bytes(), path=f"samples/{path.name}").to_dict()
    for key in expected:
        assert actual[key] == expected[key], key
