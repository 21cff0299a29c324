"""Cleaning never deletes the article (issue 14): running text stays wherever it stands.

Texts that open with their body (a pasted article, a page whose headline sits below the
lead, an excerpt) lose no line of it; a text with no headline has no title; a stamp that
opens the lead gives `published` and the line stays; every removal says why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from congress_extract import extract

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# Facts compared between an article and its headline-less variant, by their text (officials
# by name). Events and elections are left out: a body mention of the event or post the
# headline names merges into the headline's fact, so they differ by what the headline held.
COMPARED = ("dates", "terms", "ratios", "percentages", "votes", "officials")

LEAD = ("Ngày 12/5/2023, Công đoàn cơ sở Trường THPT Phan Bội Châu tổ chức Đại hội lần thứ VIII, "
        "nhiệm kỳ 2023 - 2028, với sự tham dự của 45 đoàn viên.")
BODY = ("Đại hội đã đánh giá kết quả hoạt động của nhiệm kỳ qua, đề ra phương hướng cho nhiệm kỳ mới "
        "và bầu Ban Chấp hành gồm 5 đồng chí, đồng chí Lê Thị Hồng Vân được bầu làm Chủ tịch.")


def _record(text: str) -> dict:
    return extract(text).to_dict()


def _without_headline(raw: str) -> str:
    lines = raw.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    return "\n".join(lines[first + 1:])


def _facts(record: dict, after: int = 0) -> set[tuple[str, str]]:
    """The facts of a record that lie (at least in part) at or after `after` in its text."""
    found = set()
    for family in COMPARED:
        for fact in record[family]:
            spans = fact["spans"] if "spans" in fact else [fact["span"]]
            if any(start >= after for start, _ in spans):
                found.add((family, fact.get("text") or fact["name"]))
    return found


def _corpus_articles() -> list[Path]:
    return sorted(CORPUS.glob("*/*.txt")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not _corpus_articles(), reason="../shared/corpus is not here")
def test_no_corpus_article_without_its_headline_loses_a_line_of_eight_words_or_a_fact():
    lost, differ = [], []
    for path in _corpus_articles():
        raw = path.read_text(encoding="utf-8")
        original, variant = _record(raw), _record(_without_headline(raw))
        # A line removed with the headline in place too (a related-news link in the body) is no loss.
        kept = {r["text"] for r in original["boilerplate"]}
        lost += [(path.name, r["text"]) for r in variant["boilerplate"]
                 if len(r["text"].split()) >= 8 and r["text"] not in kept]
        title = original["article"]["title"] or ""
        after = len(title) if title and original["article"]["text"].startswith(title) else 0
        if _facts(original, after) != _facts(variant):
            differ.append((path.name, _facts(original, after) ^ _facts(variant)))
    assert lost == [] and differ == []


def test_a_text_that_opens_with_its_body_keeps_every_line_and_has_no_title():
    text = f"{LEAD}\n\n{BODY}\n\nQuang cảnh Đại hội.\n\nMinh Hằng"
    record = _record(text)
    assert record["boilerplate"] == []
    assert record["article"]["title"] is None
    assert record["article"]["text"] == text
    assert record["article"]["byline"] == "Minh Hằng"


def test_a_short_lead_sentence_at_the_top_is_neither_removed_nor_the_headline():
    record = _record(f"Đại hội thành công tốt đẹp.\n\n{LEAD}\n\n{BODY}")
    assert record["boilerplate"] == [] and record["article"]["title"] is None


def test_a_portal_label_above_the_headline_still_goes_with_its_evidence():
    record = _record(f"Công đoàn Viên chức tỉnh\nĐại hội Công đoàn Trường THPT Phan Bội Châu\n21-05-2023 17:10\n{LEAD}\n{BODY}")
    assert [r["line"] for r in record["boilerplate"]] == [1]
    assert "above the headline (line 2)" in record["boilerplate"][0]["evidence"]
    assert record["article"]["title"] == "Đại hội Công đoàn Trường THPT Phan Bội Châu"


def test_prose_above_the_headline_stays():
    sapo = "Nhiều kết quả nổi bật trong nhiệm kỳ qua được Đại hội ghi nhận và biểu dương."
    record = _record(f"Trang chủ > Tin tức\n{sapo}\nThứ Hai, 15/05/2023 - 09:30\nĐại hội Công đoàn Trường THPT Phan Bội Châu\n{LEAD}")
    assert [r["line"] for r in record["boilerplate"]] == [1]
    assert sapo in record["article"]["text"]


def test_an_upper_case_headline_naming_its_congress_is_the_title_and_stays():
    headline = "ĐẠI HỘI CÔNG ĐOÀN TRƯỜNG MẦM NON HOA SEN LẦN THỨ 22, NHIỆM KỲ 2023-2028"
    record = _record(f"{headline}\nKhai mạc Đại hội\n\n{LEAD}\n\n{BODY}")
    assert record["boilerplate"] == []
    assert record["article"]["title"] == headline


def test_an_upper_case_headline_with_a_date_is_the_title_and_stays():
    headline = "TIN HOẠT ĐỘNG CÔNG ĐOÀN NGÀY 8.2"
    record = _record(f"{headline}\nHoạt động tại các LĐLĐ địa phương\n\n{LEAD}\n\n{BODY}")
    assert record["boilerplate"] == []
    assert record["article"]["title"] == headline


def test_a_portal_name_in_capitals_above_the_headline_goes():
    record = _record(f"CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN\nĐại hội Công đoàn Trường THPT Phan Bội Châu\n\n{LEAD}\n\n{BODY}")
    assert [r["line"] for r in record["boilerplate"]] == [1]
    assert record["article"]["title"] == "Đại hội Công đoàn Trường THPT Phan Bội Châu"


def test_a_stamp_that_opens_the_lead_gives_published_and_the_line_stays():
    lead = "Thứ bảy 09/12/2023 15:21 Đồng chí Nguyễn Văn Hùng, Chủ tịch Công đoàn trường, phát biểu khai mạc Đại hội."
    record = _record(f"Đại hội Công đoàn Trường Tiểu học Kim Đồng\n{lead}\n{BODY}")
    assert record["article"]["published"] == "2023-12-09T15:21"
    assert lead in record["article"]["text"]
    assert [d["role"] for d in record["dates"] if d["value"] == "2023-12-09"] == ["published"]


def test_a_lead_that_opens_with_the_event_date_is_no_stamp():
    record = _record(f"Đại hội Công đoàn Trường THPT Phan Bội Châu\n{LEAD}")
    assert record["article"]["published"] is None


def test_photo_captions_after_the_byline_stay_and_the_byline_is_found():
    text = (f"Đại hội Công đoàn Trường THPT Phan Bội Châu\n{LEAD}\n{BODY}\nThanh Tâm\n"
            "Đồng chí Lê Thị Hồng Vân phát biểu nhận nhiệm vụ.\nQuang cảnh Đại hội")
    record = _record(text)
    assert record["boilerplate"] == []
    assert record["article"]["byline"] == "Thanh Tâm"
    assert "Quang cảnh Đại hội" in record["article"]["text"]


def test_a_source_line_after_the_reporter_leaves_the_reporter_as_byline():
    text = f"Đại hội Công đoàn Trường THPT Phan Bội Châu\n{LEAD}\n{BODY}\nThanh Tâm\nTheo Báo Lao Động\nQuang cảnh Đại hội."
    assert _record(text)["article"]["byline"] == "Thanh Tâm"


def test_a_photo_credit_under_the_reporter_is_not_the_byline():
    text = f"Đại hội Công đoàn Trường THPT Phan Bội Châu\n{LEAD}\n{BODY}\nThanh Tâm\nẢnh: Quang Hiếu"
    assert _record(text)["article"]["byline"] == "Thanh Tâm"


def test_a_source_line_alone_is_the_byline():
    text = f"Đại hội Công đoàn Trường THPT Phan Bội Châu\n{LEAD}\n{BODY}\nTheo TTXVN\nQuang cảnh Đại hội."
    assert _record(text)["article"]["byline"] == "Theo TTXVN"


def test_a_list_of_elected_names_is_not_a_byline():
    text = (f"Đại hội Công đoàn Trường THPT Phan Bội Châu\n{LEAD}\nBan Chấp hành khóa mới gồm các đồng chí:\n"
            "Lê Thị Hồng Vân\nTrần Văn Bảo\nNguyễn Thị Mai\nQuang cảnh Đại hội.")
    assert _record(text)["article"]["byline"] is None


def test_a_name_run_into_the_last_sentence_is_not_a_byline_line():
    assert _record(f"Đại hội Công đoàn Trường THPT Phan Bội Châu\n{LEAD} {BODY} Thanh Tâm")["article"]["byline"] is None


def test_the_byline_author_is_no_official():
    text = f"Đại hội Công đoàn Trường THPT Phan Bội Châu\n{LEAD}\n{BODY}\nThanh Tâm\nQuang cảnh Đại hội."
    assert "Thanh Tâm" not in [o["name"] for o in _record(text)["officials"]]


def test_every_removed_line_has_evidence():
    page = ("Trang chủ\nThống kê truy cập\nĐang online: 12\n\nĐại hội Công đoàn Trường THPT Phan Bội Châu\n\n"
            f"{LEAD}\n\nXem với cỡ chữ : A- A A+\n\n{BODY}\n\nThanh Tâm\n\nTin khác\nMột tin khác")
    removed = _record(page)["boilerplate"]
    assert len(removed) == 6 and all(r["evidence"] for r in removed)
    by_line = {r["line"]: r["evidence"] for r in removed}
    assert by_line[2].startswith("matches boilerplate.counter_header")
    assert "removed anywhere" in by_line[9]
    assert "below the article's end (line 13, its byline)" in by_line[16]


def test_a_full_name_run_into_the_last_paragraph_is_the_byline_and_stays_in_the_text():
    text = f"Đại hội Công đoàn Trường THPT Phan Bội Châu\n{LEAD} {BODY} Nguyễn Thị Thu Hà"
    record = _record(text)
    assert record["article"]["byline"] == "Nguyễn Thị Thu Hà"
    assert record["article"]["text"].endswith("Nguyễn Thị Thu Hà")
    assert all(o["name"] != "Nguyễn Thị Thu Hà" for o in record["officials"])


def test_a_name_over_its_agency_run_into_the_last_paragraph_is_the_byline():
    text = f"Đại hội Công đoàn Trường THPT Phan Bội Châu\n{LEAD} {BODY}/. Thu Hằng/TTXVN"
    assert _record(text)["article"]["byline"] == "Thu Hằng/TTXVN"


def test_two_given_names_run_into_the_last_paragraph_are_no_byline():
    text = f"Đại hội Công đoàn Trường THPT Phan Bội Châu\n{LEAD} {BODY} Thu Hằng"
    assert _record(text)["article"]["byline"] is None
