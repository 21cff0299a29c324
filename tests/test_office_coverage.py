"""Offices of every organisation and level (tests/data/offices.toml), placed in the shapes portals write
around a name, are read whole: the office's body and place, not the next clause nor less."""

from __future__ import annotations

import tomllib

import pytest

from congress_extract import extract, load_rules

from .conftest import ROOT

TABLE = tomllib.loads((ROOT / "tests" / "data" / "offices.toml").read_text(encoding="utf-8"))
NAMES = ["Nguyễn Văn Hùng", "Trần Thị Thu Hà", "Lê Quang Minh", "Phạm Thị Lan", "Hoàng Đức Thắng",
         "Vũ Thị Mai Anh", "Đặng Văn Thành", "Bùi Thị Hồng", "Đỗ Minh Tuấn", "Hồ Thị Kim Thoa"]

# The office after the name: a comma, a dash, a bracket, an item of a guest list, the office in lower case.
AFTER = {
    "comma": "Tham dự Đại hội có đồng chí {name}, {office}. Đại hội đã bầu Ban Chấp hành gồm 15 đồng chí.",
    "dash": "Ông {name} - {office} cho biết, nhiệm kỳ qua tổ chức đã hoàn thành các chỉ tiêu.",
    "bracket": "Hội nghị có sự tham dự của ông {name} ({office}) cùng các đại biểu.",
    "list": "Tham dự Đại hội có các đồng chí: {name} - {office}; Lê Văn Tám - Phó Chủ tịch Liên đoàn Lao động tỉnh.",
    "lower case": "Tham dự hội nghị có bà {name}, {office} cùng đại diện lãnh đạo các đơn vị.",
}
# The office before the name: right before it, or before "đồng chí" and the name.
BEFORE = {
    "leading": "Phát biểu chỉ đạo Đại hội, {office} {name} đánh giá cao kết quả đạt được.",
    "leading a verb": "Thay mặt lãnh đạo tỉnh, {office} {name} đã trao Bằng khen cho các tập thể.",
    "comma before": "Dự Đại hội có {office}, đồng chí {name}; lãnh đạo các sở, ban, ngành.",
}


def _misread(shape: str, offices: list[str]) -> list[tuple[str, list | None]]:
    """The offices the extractor does not read whole in `shape`, with what it read instead."""
    rules = load_rules()
    wrong = []
    for i, office in enumerate(offices):
        name = NAMES[i % len(NAMES)]
        lowered = shape == "lower case" and not office.split()[0].isupper()  # "PCT", "GĐ" keep their capitals
        written = office[0].lower() + office[1:] if lowered else office
        text = {**AFTER, **BEFORE}[shape].format(name=name, office=written)
        found = {p["name"]: p["positions"] for p in extract(text, rules=rules).to_dict()["officials"]}
        if found.get(name) != [written]:
            wrong.append((written, found.get(name)))
    return wrong


@pytest.mark.parametrize("shape", sorted(AFTER))
def test_an_office_written_after_a_name_is_read_whole(shape):
    assert _misread(shape, TABLE["offices"] + TABLE["after_name"]) == []


@pytest.mark.parametrize("shape", sorted(BEFORE))
def test_an_office_written_before_a_name_is_read_whole(shape):
    assert _misread(shape, TABLE["offices"]) == []
