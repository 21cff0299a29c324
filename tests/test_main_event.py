"""The main event: the one the article reports (CONTRACT `events[].main`, README "Output")."""

from __future__ import annotations

from .conftest import facts_dict


def _main(text: str) -> dict | None:
    mains = [e for e in facts_dict(text)["events"] if e["main"]]
    assert len(mains) <= 1
    return mains[0] if mains else None


def test_the_headline_names_the_main_event():
    text = ("Đại hội Công đoàn tỉnh Hà Giang lần thứ XVII thành công tốt đẹp\n\n"
            "Ngày 20/8, 250 đại biểu dự Đại hội. Đại hội XIII Công đoàn Việt Nam sẽ họp năm 2023.")
    assert _main(text)["ordinal"] == 17


def test_without_an_event_in_the_headline_the_first_paragraph_dates_it():
    text = ("Tổng Bí thư đề nghị công đoàn tăng sức đề kháng cho công nhân\n\n"
            "Lãnh đạo Đảng nói cần nâng cao bản lĩnh chính trị cho công nhân.\n\n"
            "Ngày 25/9, phát biểu tại Đại hội Công đoàn Việt Nam lần thứ XII, Tổng Bí thư khẳng định ...")
    main = _main(text)
    assert (main["ordinal"], main["date"]) == (12, "--09-25")


def test_an_event_named_only_deep_in_the_body_is_not_the_main_one():
    text = ("Công nhân được tặng vé xe về quê ăn Tết\n\n"
            "Sáng 10/1, LĐLĐ tỉnh trao 500 vé xe cho công nhân.\n"
            "Chương trình nằm trong kế hoạch chăm lo Tết.\n"
            "Ngày 5/1, Hội nghị Ban Chấp hành LĐLĐ tỉnh lần thứ 9 đã thông qua kế hoạch này.")
    assert _main(text) is None


def test_a_page_saved_as_one_line_has_its_first_sentences_for_lead():
    body = " ".join(["Ông Trần Văn A có nhiều năm công tác tại địa phương và được đánh giá cao."] * 16)
    text = ("Ông Trần Văn A làm Bí thư Huyện ủy\n\n"
            "Sáng nay, Ban Thường vụ Tỉnh ủy công bố quyết định điều động ông Trần Văn A. " + body +
            " Trước đó, ngày 7/5, Hội nghị lần thứ năm Ban Chấp hành Đảng bộ tỉnh đã thảo luận đề án nhân sự.")
    assert _main(text) is None


def test_an_undated_headline_event_takes_the_day_the_article_says_it_was_held():
    text = ("Đại hội Đoàn toàn quốc lần thứ XI họp phiên thứ nhất\n\n"
            "Sáng nay, 1.000 đại biểu dự Đại hội.\n"
            "Lễ bế mạc ĐH ngày 13-12 dự kiến có Thủ tướng dự.\n"
            "Anh Bùi Quang Huy phát biểu tại đại hội sáng 10-12 - Ảnh: CHÍ TUỆ.")
    assert _main(text)["date"] == "--12-10"


def test_a_conference_that_is_only_the_setting_is_not_the_main_event():
    text = ("Một ứng viên đại biểu Quốc hội xin rút\n\n"
            "Trao đổi bên lề hội nghị gặp mặt ứng cử viên sáng 27/4, Chủ tịch Ủy ban bầu cử cho biết ...")
    assert _main(text) is None


def test_a_lead_naming_its_congress_by_kind_reports_the_numbered_one_the_next_paragraph_dates():
    text = ("Anh Nguyễn Văn Hùng giữ chức Bí thư Tỉnh đoàn\n\n"
            "Đại hội Đoàn tỉnh đã bế mạc chiều nay sau hai ngày làm việc.\n"
            "Tân Bí thư Tỉnh đoàn Nguyễn Văn Hùng phát biểu nhận nhiệm vụ.\n"
            "Chiều 12-9, Đại hội đại biểu Đoàn TNCS Hồ Chí Minh tỉnh lần thứ XVI, nhiệm kỳ 2022 - 2027 bế mạc.")
    main = _main(text)
    assert (main["ordinal"], main["date"]) == (16, "--09-12")


def test_a_numbered_congress_the_next_paragraph_only_cites_is_not_the_lead_s_congress():
    text = ("Anh Nguyễn Văn Hùng giữ chức Bí thư Tỉnh đoàn\n\n"
            "Đại hội Đoàn tỉnh đã bế mạc chiều nay sau hai ngày làm việc.\n"
            "Tân Bí thư Tỉnh đoàn Nguyễn Văn Hùng phát biểu nhận nhiệm vụ.\n"
            "Các đại biểu quyết tâm thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX, ngày 12-9 vừa qua.")
    assert _main(text) is None


def test_a_headline_naming_its_congress_by_body_and_term_takes_the_number_the_lead_gives():
    text = ("Đại hội Công đoàn ngành Giáo dục huyện, nhiệm kỳ 2023 - 2028\n\n"
            "Ngày 12/4, Công đoàn ngành Giáo dục huyện tổ chức Đại hội lần thứ X, nhiệm kỳ 2023 - 2028.")
    main = _main(text)
    assert (main["ordinal"], main["date"]) == (10, "--04-12")


def test_a_numbered_congress_of_another_term_is_not_the_headline_s():
    text = ("Đại hội Công đoàn ngành Giáo dục huyện, nhiệm kỳ 2023 - 2028\n\n"
            "Ngày 12/4, Công đoàn ngành Giáo dục huyện tổ chức Đại hội. "
            "Nhiệm kỳ trước, Đại hội lần thứ IX, nhiệm kỳ 2018 - 2023 đã đề ra 10 chỉ tiêu.")
    assert _main(text)["ordinal"] is None


def test_a_numbered_congress_the_lead_reports_as_today_s_news_is_the_main_event_without_a_day():
    text = ("Ông Lê Văn Hải tái đắc cử Chủ tịch Hội Nông dân Việt Nam\n\n"
            "Đại hội đại biểu toàn quốc Hội Nông dân Việt Nam lần thứ VII, nhiệm kỳ 2018 - 2023 đã bế mạc chiều qua.")
    main = _main(text)
    assert (main["ordinal"], main["date"]) == (7, None)


def test_a_numbered_congress_the_lead_only_recalls_is_not_the_main_event():
    text = ("Nông dân làm giàu trên quê hương\n\n"
            "Đại hội đại biểu toàn quốc Hội Nông dân Việt Nam lần thứ VII đã đề ra nhiều chủ trương lớn.")
    assert _main(text) is None
