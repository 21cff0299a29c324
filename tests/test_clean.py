"""The clean stage: portal furniture goes, article lines stay (tests/data/clean_lines.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from congress_extract import extract, load_rules
from congress_extract.clean import classifier

DATA = tomllib.loads((Path(__file__).parent / "data" / "clean_lines.toml").read_text(encoding="utf-8"))
RULES = load_rules()
STAMP_RULES = [r for r in RULES["metadata"] if r.attrs.get("kind") == "stamp"]
BODY = ("Ngày 12/5/2023, Công đoàn cơ sở Trường THPT Phan Bội Châu tổ chức Đại hội lần thứ VIII, nhiệm kỳ 2023 - 2028, "
        "với sự tham dự của 45 đoàn viên. Đại hội đã đánh giá kết quả hoạt động của nhiệm kỳ qua và đề ra phương hướng.")


def _hit(line: str):
    rule = classifier(RULES)(line.strip())
    if rule is not None:
        return rule.id
    return next((r.id for r in STAMP_RULES if r.regex.fullmatch(line.strip())), None)


@pytest.mark.parametrize("item", DATA["boilerplate"], ids=lambda i: i["text"][:40])
def test_portal_line_is_recognised_as_boilerplate(item):
    assert _hit(item["text"]), item


@pytest.mark.parametrize("item", DATA["body"], ids=lambda i: i["text"][:40])
def test_article_line_is_not_boilerplate(item):
    assert _hit(item["text"]) is None, item


@pytest.mark.parametrize("item", DATA["body"], ids=lambda i: i["text"][:40])
def test_article_line_between_paragraphs_is_kept(item):
    page = f"Tiêu đề bài viết về Đại hội\n\n{BODY}\n\n{item['text']}\n\n{BODY}\n\nMinh Hằng\n\nTin liên quan\n"
    record = extract(page).to_dict()
    assert item["text"].strip() in record["article"]["text"]


def test_lines_before_the_headline_and_after_the_byline_go_with_reasons():
    page = "Trang chủ\nThống kê truy cập\nĐang online: 12\n\nTiêu đề bài viết\n\n" + BODY + "\n\nPhòng Tuyên truyền\n\nTin khác\nMột tin khác\nĐịa chỉ: 12 Trần Phú"
    record = extract(page).to_dict()
    removed = {b["line"]: b["reason"] for b in record["boilerplate"]}
    assert sorted(removed) == [1, 2, 3, 11, 12, 13]
    assert removed[2] == "visitor counter" and removed[11] == "related news"
    assert record["article"]["title"] == "Tiêu đề bài viết" and record["article"]["byline"] == "Phòng Tuyên truyền"


def test_a_widget_line_in_the_body_goes_but_a_sentence_with_its_word_stays():
    page = f"Tiêu đề\n\n{BODY}\n\nXem với cỡ chữ : A- A A+\n\nHôm nay, Đại hội bước vào phiên làm việc thứ hai với 157 đại biểu.\n\n{BODY}"
    text = extract(page).to_dict()["article"]["text"]
    assert "cỡ chữ" not in text and "Hôm nay, Đại hội" in text


def test_related_links_in_the_body_go_with_the_tallies_they_hold():
    page = (f"Tiêu đề\n\n{BODY}\n\nXem thêm:\n> > Bí thư Thị ủy tái đắc cử với 97% phiếu bầu\n"
            f">> Đại hội Hội Nông dân tỉnh lần thứ IX bầu 35 đồng chí vào Ban Chấp hành\n\n{BODY}")
    record = extract(page).to_dict()
    assert [b["line"] for b in record["boilerplate"]] == [5, 6, 7]
    assert record["votes"] == [] and record["elections"] == [] and BODY in record["article"]["text"]


def test_the_stamp_and_views_are_read_and_the_stamp_line_kept():
    page = "Tiêu đề bài viết\nThứ Hai, 15/05/2023 - 09:30 | Lượt xem: 1.245\n" + BODY
    art = extract(page).to_dict()["article"]
    assert art["published"] == "2023-05-15T09:30" and art["views"] == 1245
    assert "15/05/2023" in art["text"]


@pytest.mark.parametrize("stamp", ["Cập nhật: 2023-08-14 10:05", "Cập nhật: 14/08/2023 10:05"])
def test_a_stamp_written_year_first_is_read_as_the_day_first_one(stamp):
    page = f"Tiêu đề bài viết\n{stamp}\n" + BODY
    assert extract(page).to_dict()["article"]["published"] == "2023-08-14T10:05"


def test_site_counters_are_never_the_article_views():
    page = "Tiêu đề\n\n" + BODY + "\n\nAnh Khoa\n\nThống kê truy cập\nHôm nay: 1039\nTất cả: 1561747"
    assert extract(page).to_dict()["article"]["views"] is None


def test_no_body_line_of_the_samples_is_removed():
    samples = Path(__file__).resolve().parents[1] / "samples"
    import json

    for gold_path in sorted((samples / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        record = extract((samples / gold["file"]).read_bytes()).to_dict()
        removed = {b["line"] for b in record["boilerplate"]}
        assert removed - set(gold["boilerplate"]) - set(gold["neutral"]) == set(), gold["file"]
