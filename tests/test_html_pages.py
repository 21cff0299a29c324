"""Saved portal pages (tests/data/html/pageN.html) give the article of their text-only equivalents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from congress_extract import extract
from congress_extract.record import FAMILIES

PAGES = sorted((Path(__file__).parent / "data" / "html").glob("page*.html"))


def _values(record: dict) -> dict:
    """Each family's facts without spans, which differ between the two texts only if the texts do."""
    return {f: [{k: v for k, v in fact.items() if k not in ("span", "spans")} for fact in record[f]] for f in FAMILIES}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_metadata_matches_what_the_page_states(page):
    record = extract(page.read_bytes(), path=str(page)).to_dict()
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["source"]["format"] == "html"
    assert {k: record["article"][k] for k in expected} == expected


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_gives_the_same_article_and_facts_as_its_text_dump(page):
    html = extract(page.read_bytes()).to_dict()
    text = extract(page.with_suffix(".txt").read_bytes()).to_dict()
    assert html["article"]["text"] == text["article"]["text"]
    assert _values(html) == _values(text)
    assert {k: html["article"][k] for k in ("title", "views", "byline")} == {k: text["article"][k] for k in ("title", "views", "byline")}


@pytest.mark.parametrize("raw,value", [
    ("2023-05-15T09:30:00+07:00", "2023-05-15T09:30"),
    ("2023-05-15T02:30:00Z", "2023-05-15T09:30"),
    ("Mon, 15 May 2023 09:30:00 +0700", "2023-05-15T09:30"),
    ("2023-05-15", "2023-05-15"),
    ("không phải ngày", None),
])
def test_machine_readable_stamps_are_read_in_vietnam_time(raw, value):
    from congress_extract.html import stamp_value

    assert stamp_value(raw) == value
