"""officials: every span slices article.text to the name, in text order, headlines in capitals included."""

from congress_extract.pipeline import extract_facts

CAPITALS = ("ÔNG NGUYỄN VĂN AN TÁI ĐẮC CỬ CHỦ TỊCH LĐLĐ TỈNH QUẢNG NINH\nSáng 5/6, Đại hội Công đoàn tỉnh lần thứ XV"
            " đã bầu ông Nguyễn Văn An làm Chủ tịch Liên đoàn Lao động tỉnh.")
TITLE_CASE = ("Đại Tá Nguyễn Văn Hùng Được Bầu Làm Chủ Tịch Hội Cựu Chiến Binh Tỉnh\nSáng 5/6, Đại hội Hội Cựu chiến"
              " binh tỉnh lần thứ VII đã bầu Đại tá Nguyễn Văn Hùng làm Chủ tịch.")


def _person(text: str):
    (person,) = extract_facts(text).officials
    return person


def test_a_name_a_capitals_headline_shouts_keeps_only_spans_that_slice_to_the_body_s_writing():
    person = _person(CAPITALS)
    assert person.name == "Nguyễn Văn An"
    assert person.spans and all(CAPITALS[a:b] == person.name for a, b in person.spans)


def test_a_capitals_headline_s_office_does_not_displace_the_body_s():
    assert _person(CAPITALS).positions == ["Chủ tịch Liên đoàn Lao động tỉnh"]


def test_a_title_case_headline_s_office_does_not_displace_the_body_s():
    person = _person(TITLE_CASE)
    assert person.positions == ["Chủ tịch"]
    assert person.spans == sorted(person.spans) and all(TITLE_CASE[a:b] == person.name for a, b in person.spans)
