"""Property tests: for any bytes and any text, `extract` gives a valid record and never raises.

Every record validates against the shipped JSON Schema, every fact span slices
`article.text` to the fact's text (officials and events: to the name), and all
text in it is NFC. Inputs: arbitrary bytes and text, Vietnamese-looking text made
of Vietnamese letters, digits, punctuation and the words the rules trigger on, that
text in other encodings and forms, wrapped in HTML, and damaged copies of the samples.

Profiles (see tests/README_FUZZ.md): `ci` (default, 2,600 examples in all, about
10 s) and `fuzz` (a long session). Choose one with
CONGRESS_EXTRACT_HYPOTHESIS_PROFILE=fuzz; CONGRESS_EXTRACT_FUZZ_EXAMPLES=N scales
every test to N examples.
"""

from __future__ import annotations

import html
import os
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from congress_extract.pipeline import extract

from .robust_helpers import SAMPLE_FILES, check_record, cp1258_bytes

# ---------------------------------------------------------------------------------------------
# Profiles: every test below runs `weight` x the profile's base number of examples.

_COMMON = dict(deadline=None, derandomize=False, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
settings.register_profile("congress-ci", max_examples=100, **_COMMON)
settings.register_profile("congress-fuzz", max_examples=20_000, **_COMMON)
PROFILE = settings.get_profile("congress-" + os.environ.get("CONGRESS_EXTRACT_HYPOTHESIS_PROFILE", "ci"))
_OVERRIDE = os.environ.get("CONGRESS_EXTRACT_FUZZ_EXAMPLES")


def runs(weight: float):
    """Settings for a test: the profile's base count times `weight` (or the override)."""
    count = int(_OVERRIDE) if _OVERRIDE else max(1, int(PROFILE.max_examples * weight))
    return settings(PROFILE, max_examples=count)


# Example counts per test in the ci profile (base 100): 600 + 400 + 800 + 300 + 300 + 200 = 2,600.
WEIGHTS = {"bytes": 6, "text": 4, "vietnamese": 8, "encoded": 3, "html": 3, "damaged": 2}


def assert_valid(data) -> dict:
    record = extract(data, path="fuzz.txt").to_dict()
    check_record(record)
    for value in _strings(record):
        assert unicodedata.is_normalized("NFC", value), value
    if record["status"] == "ok":
        assert record["article"]["text"] == record["article"]["text"].strip() or not record["article"]["text"].strip()
    return record


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != "source":  # file names are reported as given
                yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


# ---------------------------------------------------------------------------------------------
# Vietnamese-looking text

LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
VIETNAMESE = LOWER + LOWER.upper() + "0123456789" + " .,;:!?-–—/%()\"“”'…•+*&\n"
TRIGGERS = [
    "Đại hội", "đại hội", "Hội nghị", "nhiệm kỳ", "nhiệm kì", "đồng chí", "Đồng chí", "đ/c", "ông", "bà", "ngày",
    "Ngày", "tháng", "năm", "lần thứ", "Chủ tịch", "Phó Chủ tịch", "Ban Chấp hành", "Ban Thường vụ",
    "Ủy ban Kiểm tra", "Công đoàn", "Liên đoàn Lao động tỉnh", "gồm", "bầu", "trúng cử", "tái cử", "dự khuyết",
    "chính thức", "phiếu", "tán thành", "thông qua", "đạt", "vượt", "chỉ tiêu", "phấn đấu", "trên", "từ",
    "trở lên", "tại", "Hội trường", "Sáng", "Chiều", "lúc", "Lượt xem:", "Đã xem:", "Thứ Tư,", "Nguyễn Văn",
    "Trần Thị", "Lê", "Phòng Nội chính", "Tin liên quan", "Thống kê truy cập", "Hôm nay:", "Trang chủ",
    "Chia sẻ", "XIII", "X", "IV", "triệu", "tỷ", "đoàn viên", "đại biểu", "khóa", ";", ":", "-", "–", "(", ")",
]
NUMBERS = st.one_of(
    st.integers(0, 100_000).map(str),
    st.builds(lambda d, m, y: f"{d}/{m}/{y}", st.integers(0, 40), st.integers(0, 14), st.integers(1890, 2110)),
    st.builds(lambda d, m: f"{d}/{m}", st.integers(1, 31), st.integers(1, 12)),
    st.builds(lambda d, m, y: f"{d:02d}.{m:02d}.{y}", st.integers(1, 31), st.integers(1, 12), st.integers(2000, 2030)),
    st.builds(lambda a, b: f"{a} - {b}", st.integers(1990, 2035), st.integers(1990, 2035)),
    st.builds(lambda a, b: f"{a}/{b}", st.integers(0, 999), st.integers(0, 999)),
    st.builds(lambda a, b: f"{a},{b}%", st.integers(0, 120), st.integers(0, 99)),
    st.builds(lambda a: f"{a}%", st.integers(0, 200)),
    st.builds(lambda a, b: f"{a}.{b:03d}", st.integers(1, 999), st.integers(0, 999)),
    st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 25), st.integers(0, 61)),
)
WORD = st.one_of(st.sampled_from(TRIGGERS), NUMBERS, st.text(VIETNAMESE, min_size=1, max_size=12))
SEPARATOR = st.sampled_from([" ", " ", " ", "\n", "\n\n", ", ", ". ", ": ", "; ", " - ", " | ", "\t", "\r\n"])
VIET_TEXT = st.lists(st.tuples(WORD, SEPARATOR), min_size=0, max_size=80).map(
    lambda parts: "".join(w + s for w, s in parts)
)

# ---------------------------------------------------------------------------------------------


@runs(WEIGHTS["bytes"])
@given(st.binary(max_size=3000))
@example(b"")
@example(b"\x00")
@example(b"\xff\xfe")
@example(b"\xfe\xff\x00")
@example(b"\xef\xbb\xbf")
@example(b"<")
@example(b"<html>")
@example(b"\x89PNG\r\n\x1a\n")
@example(b"&#0;&#xD800;&#1114112;&nbsp;")
def test_any_bytes(data):
    assert_valid(data)


@runs(WEIGHTS["text"])
@given(st.text(max_size=2000))
@example("")
@example("\u0301")
@example("<p>&#x110000;</p>")
@example("\r\r\n\u2028\x85")
def test_any_text(text):
    assert_valid(text)


@runs(WEIGHTS["vietnamese"])
@given(VIET_TEXT)
@example("Đại hội Công đoàn lần thứ X, nhiệm kỳ 2023 - 2028\nNgày 07/4/2023, đồng chí Nguyễn Văn An - Chủ tịch")
@example("nhiệm kỳ 2023 - 2023 - 2023 - ")
@example("đồng chí ; đồng chí ; - Chủ tịch - Chủ tịch")
def test_vietnamese_looking_text(text):
    assert_valid(text)
    assert_valid(text.encode("utf-8"))


@runs(WEIGHTS["encoded"])
@given(VIET_TEXT, st.sampled_from(["cp1258", "utf-16", "utf-16-le", "utf-16-be", "nfd", "utf-8-sig", "utf-32"]))
def test_vietnamese_text_in_other_encodings(text, encoding):
    if encoding == "cp1258":
        try:
            data = cp1258_bytes(text)
        except UnicodeEncodeError:
            data = text.encode("cp1258", errors="replace")
    elif encoding == "nfd":
        data = unicodedata.normalize("NFD", text).encode("utf-8")
    else:
        data = text.encode(encoding)
    assert_valid(data)


TAGS = st.sampled_from(["p", "div", "span", "b", "td", "li", "h1", "form", "header", "article", "section",
                        "script", "style", "nav", "aside", "footer", "br", "table", "tr", "a", "font", "title"])


@st.composite
def html_pages(draw):
    pieces = draw(st.lists(st.tuples(TAGS, VIET_TEXT, st.booleans(), st.booleans()), max_size=12))
    out = []
    for tag, text, escape, close in pieces:
        body = html.escape(text) if escape else text
        out.append(f"<{tag}>{body}" + (f"</{tag}>" if close else ""))
    head = draw(st.sampled_from(["", "<!DOCTYPE html>", "<html><head><title>Đại hội</title></head><body>",
                                 "<html><body><form id='aspnetForm'>"]))
    return head + "".join(out)


@runs(WEIGHTS["html"])
@given(html_pages())
def test_html_pages(page):
    assert_valid(page)
    assert_valid(page.encode("utf-8"))


SAMPLES = [p.read_bytes() for p in SAMPLE_FILES]


@st.composite
def damaged(draw):
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "nul", "dup"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del data[at:]
        elif kind == "nul":
            data[at:at] = b"\x00"
        elif kind == "dup":
            data[at:at] = data[at:at + draw(st.integers(1, 200))]
    return bytes(data)


@runs(WEIGHTS["damaged"])
@given(damaged())
def test_damaged_samples(data):
    assert_valid(data)


def test_ci_profile_runs_at_least_2000_examples():
    if _OVERRIDE or os.environ.get("CONGRESS_EXTRACT_HYPOTHESIS_PROFILE"):
        return
    assert sum(WEIGHTS.values()) * PROFILE.max_examples >= 2000
