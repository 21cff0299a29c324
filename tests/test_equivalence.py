"""Variants of each sample give the same facts as the sample itself.

Windows-1258 (tone marks as combining characters), UTF-16 with and without a BOM,
NFD, CRLF and lone CR, zero-width characters and soft hyphens inside words and
numbers, NBSP for spaces, and the sample wrapped as a plain HTML page (one <p>
per line, html-escaped): the same values in every fact family, the same title,
published, views and byline. Spans are compared relative to each variant's own
text: every span slices that variant's `article.text` to the fact's text.
"""

from __future__ import annotations

import pytest

from congress_extract.pipeline import extract

from .robust_helpers import SAMPLE_FILES, SAMPLE_IDS, VARIANTS, check_record, comparable

CASES = [pytest.param(path, variant, id=f"{path.stem[:3]}-{variant}") for path in SAMPLE_FILES for variant in VARIANTS]


@pytest.fixture(scope="module")
def originals() -> dict:
    return {p: check_record(extract(p.read_bytes(), path=p.name).to_dict()) for p in SAMPLE_FILES}


def test_five_samples():
    assert len(SAMPLE_IDS) == 5


@pytest.mark.parametrize("path,variant", CASES)
def test_variant_gives_the_same_facts(path, variant, originals):
    original = originals[path]
    assert original["status"] == "ok"
    data = VARIANTS[variant](path.read_text(encoding="utf-8"))
    record = check_record(extract(data, path=path.name).to_dict())  # spans slice this variant's own text
    assert record["status"] == "ok", record.get("error")
    assert record["source"]["warnings"] == []
    assert record["source"]["format"] == ("html" if variant == "html" else "text")
    want, got = comparable(original), comparable(record)
    assert got["meta"] == want["meta"]
    for family in want:
        assert got[family] == want[family], f"{variant}: {family} differ"
    if variant != "html":
        # Same text after decoding and normalising: the spans are the very same.
        assert record["article"]["text"] == original["article"]["text"]
        assert record == {**original, "source": record["source"]}
