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


def _page(body: str) -> str:
    return f"<html><body><h1>Đại hội Công đoàn cơ sở</h1><p>Ngày 07/4/2023, Đại hội diễn ra.</p>{body}</body></html>"


def test_a_list_of_nothing_but_links_is_not_article_text():
    menu = "<ul>" + "".join(f'<li><a href="/{i}">Thủ tướng Phạm Văn {i} thăm công nhân</a></li>' for i in "ABC") + "</ul>"
    record = extract(_page(menu).encode("utf-8"))
    assert "Thủ tướng" not in record.article.text
    assert record.facts.officials == []


def test_a_list_of_links_whose_words_sit_in_inner_elements_is_not_article_text():
    menu = "<ul>" + "".join(f'<li><span><a href="/{i}"><b>Thủ tướng</b> Phạm Văn {i} <i>thăm công nhân</i></a></span></li>'
                            for i in "ABC") + "</ul>"
    record = extract(_page(menu).encode("utf-8"))
    assert "Thủ tướng" not in record.article.text


def test_a_list_with_words_outside_its_links_stays():
    items = "<ul>" + "".join(f'<li>Đồng chí Phạm Văn {i} - <a href="/{i}">Chủ tịch Công đoàn</a></li>' for i in "ABC") + "</ul>"
    record = extract(_page(items).encode("utf-8"))
    assert "Đồng chí Phạm Văn B" in record.article.text


def test_a_short_list_of_links_stays():
    items = '<ul><li><a href="/a">Quyết định số 12/QĐ-LĐLĐ</a></li><li><a href="/b">Nghị quyết Đại hội</a></li></ul>'
    record = extract(_page(items).encode("utf-8"))
    assert "Nghị quyết Đại hội" in record.article.text


def test_a_list_of_linked_headlines_with_their_dates_is_not_article_text():
    related = "<ul>" + "".join(f'<li><a href="/{i}">Hội nghị tổng kết năm của Công đoàn ngành số {i}</a> '
                               f'<span>({i}/3/2023)</span></li>' for i in (11, 12, 13)) + "</ul>"
    record = extract(_page(related).encode("utf-8"))
    assert "tổng kết" not in record.article.text
    assert [d.value for d in record.facts.dates] == ["2023-04-07"]


def test_one_block_boundary_is_a_line_break_and_several_in_a_row_a_blank_line():
    body = "<div>Đại hội Công đoàn \n<p> lần thứ X </p> nhiệm kỳ 2023 - 2028</div>  <div><div> Bế mạc</div></div>"
    text = extract(_page(body).encode("utf-8"), budget=None).article.text
    assert text.endswith("Đại hội Công đoàn\nlần thứ X\nnhiệm kỳ 2023 - 2028\n\nBế mạc")


def test_white_space_of_any_kind_inside_markup_text_is_one_space():
    body = ("<p>\u00a0 Đại hội\n\t Công đoàn\u2003cơ sở \u3000lần thứ X,</p>\n  <p>nhiệm kỳ\u202f2023 - 2028 </p>  ")
    text = extract(_page(body).encode("utf-8"), budget=None).article.text
    assert text.endswith("Đại hội Công đoàn cơ sở lần thứ X,\n\nnhiệm kỳ 2023 - 2028")
