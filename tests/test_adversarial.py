"""No catastrophic backtracking, no quadratic family code: 1 MB of a rule file's own words is quick.

For every rule file in patterns/, one adversarial input of 1 MB is built from the
file's own literal words (read from its patterns automatically) and from the
trigger words and digits that file is about ("đồng chí " x N, "1/1/1/...",
"nhiệm kỳ 2023 - " x N, "100% " x N, lines of dashes and bullets, ...). The
megabyte is cut into segments, one per adversarial unit, each segment one unit
repeated; all but the line-shaped units stay on one long line, so that "the
sentence around a match" is as long as it can be. The full `extract` must finish
in under 2 s of CPU time (measured in a forked process, so that other load on
the machine does not make the test flaky), with the per-document budget off (a
slow input must not hide behind a `timeout` record). A run past the limit is
stopped by RLIMIT_CPU (at LIMIT + 1 CPU seconds) and its Python stack is
printed (faulthandler), so the failure shows where the time goes.

A per-document budget still turns anything slower into a `timeout` error record.

Set CONGRESS_EXTRACT_SLOW_FACTOR (e.g. 2) to scale the 2 s limit on a slow machine.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
import tomllib
from functools import lru_cache

import pytest
import regex

from congress_extract.patterns import default_dir, load_rules
from congress_extract.pipeline import extract

from .robust_helpers import check_record, schema_errors, span_errors

MB = 1_000_000
LIMIT = 2.0 * float(os.environ.get("CONGRESS_EXTRACT_SLOW_FACTOR", "1"))
CPU_CAP = math.ceil(LIMIT) + 1  # CPU seconds: a run still going then is stopped (the test fails)
HARD_CAP = 60.0  # wall-clock seconds for the whole child, checks included: nothing may hang the suite
RULE_FILES = sorted(p.name for p in default_dir().glob("*.toml"))

# Hand-written units per rule file: its trigger words with digits, in the shapes that hurt.
MANUAL: dict[str, list[str]] = {
    "boilerplate.toml": ["-\n", "- - - - - - - - \n", "• • • • \n", "1 2 3 4 5 6 7 8 9 \n", "Trang chủ > Tin tức > ",
                         "Hôm nay: 1.039 ", "A+ A A- ", "Chia sẻ | Facebook | Zalo | ", "© 2023 ",
                         "Chia sẻ | Facebook | Zalo | " * 4 + "x\n"],
    "dates.toml": ["1/", "12/3/", "1.1.", "ngày 1 ", "ngày 12 tháng 3 năm ", "từ ngày 1 đến ", "17:10 - ",
                   "Chiều ngày 27/9 ", "tháng 3/2023 "],
    "elections.toml": ["gồm 5 đồng chí ", "bầu 5 ", "Ban Chấp hành gồm ", "3 Phó Chủ tịch: ", "5 đồng chí dự khuyết "],
    "events.toml": ["Đại hội ", "Đại hội lần thứ X ", "Hội nghị tổng kết ", "tại Hội trường ", "Đại hội XIII "],
    "lexicon.toml": ["Nguyễn Văn ", "Chủ tịch ", "đồng chí ", "Phó Chủ tịch Liên đoàn Lao động tỉnh "],
    "metadata.toml": ["Lượt xem: 1 ", "21/12/2022 - 16:42 ", "Thứ Tư, ", "Anh Khoa ", "Phòng Nội chính "],
    "officials.toml": ["đồng chí ", "Nguyễn Văn ", "Chủ tịch ", "đồng chí Nguyễn Văn A - Chủ tịch ", "; ",
                       "được bầu giữ chức Chủ tịch ", "các đồng chí: "],
    "percentages.toml": ["100% ", "1,5% ", "trên 98% ", "30 - 40% ", "từ 1,0% trở lên "],
    "ratios.toml": ["1/1 ", "100/100 ", "193 triệu/180 triệu ", "10/10 chỉ tiêu "],
    "terms.toml": ["nhiệm kỳ 2023 - ", "nhiệm kỳ 2023 - 2028 ", "2023 - 2028 ", "lần thứ X (2023 - "],
    "votes.toml": ["100 phiếu ", "125/130 phiếu ", "100% đại biểu tán thành ", "2 phiếu không tán thành "],
}

_NOISE = regex.compile(
    r"\\[pPN]\{[^}]*\}|\(\?P<\w+>|\(\?P=\w+\)|\(\?[a-zA-Z]+[:)]|\{\{\w+\}\}|\\[a-zA-Z]|\{\d+(?:,\d*)?\}|\[[^\]]*\]"
)
_SPACE_TOKENS = regex.compile(r"\\s[+*?]?|\[ \]|\\ ")
_PHRASE = regex.compile(r"\p{L}[\p{L}\p{M}]*(?: +\p{L}[\p{L}\p{M}]*)*")


@lru_cache(maxsize=None)
def literal_words(name: str) -> tuple[str, ...]:
    """The literal words and phrases of a rule file: what its patterns (and word lists) look for."""
    data = tomllib.loads((default_dir() / name).read_text(encoding="utf-8"))
    sources: list[str] = []
    phrases: list[str] = []

    def collect(value):
        if isinstance(value, str):
            sources.append(value)
        elif isinstance(value, list):
            phrases.extend(v for v in value if isinstance(v, str))
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)

    for key, value in data.items():
        if key == "rule":
            for rule in value:
                collect({k: v for k, v in rule.items() if k == "pattern" or k.endswith("_pattern")})
        elif key != "family":
            collect(value)
    for source in sources:
        for m in _PHRASE.finditer(_NOISE.sub("|", _SPACE_TOKENS.sub(" ", source))):
            phrases.append(m.group())
    seen: dict[str, None] = {}
    for p in phrases:
        p = p.strip()
        if len(p) >= 2 and p.casefold() not in ("p", "i", "x"):
            seen.setdefault(p, None)
    return tuple(seen)


def units(name: str) -> list[str]:
    """Adversarial units for one rule file: hand-written ones, then its own words in several shapes."""
    words = list(literal_words(name))
    capitalised = [" ".join(w[:1].upper() + w[1:] for w in p.split()) for p in words]
    return MANUAL.get(name, []) + [
        " ".join(words) + " ",  # every word of the file, one after another
        " ".join(f"{w} 1" for w in words) + " ",  # each followed by a number
        " ".join(f"{w} 12/3/2023 - 2028" for w in words) + " ",  # with dates, slashes, dashes
        " ".join(f"{w} 100%" for w in words) + " ",
        " ".join(capitalised) + " ",  # as a run of capitalised syllables (names, headings)
        "\n".join(words) + "\n",  # one per line (line rules: boilerplate, metadata)
        "\n".join(f"• {w}: 1.234" for w in words) + "\n",
    ]


def adversarial(name: str, size: int = MB) -> str:
    """About `size` bytes: one segment per unit, each the unit repeated, each segment on its own line(s)."""
    parts = units(name)
    share = size // len(parts)
    segments = []
    for unit in parts:
        n = max(1, share // max(1, len(unit.encode("utf-8"))))
        segments.append((unit * n).strip(" "))
    return "\n".join(segments)


def repeated(unit: str, size: int = MB) -> str:
    return unit * (size // len(unit.encode("utf-8")) + 1)


# The examples the issue names, each repeated to 1 MB: (id, rule file, unit).
TRIGGERS = [
    ("officials-dong-chi", "officials.toml", "đồng chí "),
    ("dates-slashes", "dates.toml", "1/"),
    ("terms-nhiem-ky", "terms.toml", "nhiệm kỳ 2023 - "),
    ("events-dai-hoi", "events.toml", "Đại hội "),
    ("lexicon-names", "lexicon.toml", "Nguyễn Văn "),
    ("percentages-100", "percentages.toml", "100% "),
    ("boilerplate-dashes", "boilerplate.toml", "-" * 80 + "\n"),
    ("boilerplate-bullets", "boilerplate.toml", "• " * 40 + "\n"),
    ("boilerplate-share-line", "boilerplate.toml", "Chia sẻ | Facebook | Zalo | " * 4 + "x\n"),
]

def _child(data: bytes, conn) -> None:
    import faulthandler
    import resource
    import signal

    # Past the limit (in CPU seconds, so that other load on the machine does not make this test
    # flaky) the kernel sends SIGXCPU: faulthandler prints where the run is, then the signal's
    # default action ends the process.
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_CAP, hard))
    faulthandler.register(signal.SIGXCPU, all_threads=False, chain=True)
    started = time.process_time()
    record = extract(data, budget=None).to_dict()
    elapsed = time.process_time() - started
    resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))  # checking a big record takes a while
    problems = schema_errors(record) + span_errors(record)
    conn.send((elapsed, record["status"], record.get("error"), problems[:5]))
    conn.close()


def timed_extract(data: bytes) -> tuple[float, str, object, list[str]] | None:
    """The full extract in a forked process: (CPU seconds, status, error, problems), or None when it
    was killed (over the CPU limit, or still running after HARD_CAP seconds of wall-clock time)."""
    load_rules()  # compiled once, before the fork
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(data, send), daemon=True)
    proc.start()
    send.close()
    try:
        if receive.poll(HARD_CAP):
            return receive.recv()
        return None
    except EOFError:  # the child died (SIGXCPU, SIGKILL at the hard CPU limit)
        return None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()


def _assert_fast(label: str, data: bytes) -> None:
    result = timed_extract(data)
    assert result is not None, f"{label}: stopped after {CPU_CAP} CPU seconds (its stack is in stderr)"
    elapsed, status, error, problems = result
    assert not problems, problems
    assert status == "ok", error
    assert elapsed < LIMIT, f"{label}: took {elapsed:.2f} CPU seconds (limit {LIMIT:g} s)"


def _params(cases):
    return [pytest.param(*args, id=case_id) for case_id, args in cases]


@pytest.mark.parametrize("name", RULE_FILES)
def test_literal_words_found(name):
    """The generator reads real words from every rule file (else the test would prove nothing)."""
    words = literal_words(name)
    assert len(words) >= 3, words


@pytest.mark.parametrize("name", _params([(n.removesuffix(".toml"), (n,)) for n in RULE_FILES]))
def test_one_megabyte_of_a_rule_files_own_words_is_fast(name):
    data = adversarial(name).encode("utf-8")
    assert MB * 0.9 <= len(data) <= MB * 1.2
    _assert_fast(name, data)


@pytest.mark.parametrize("name,unit", _params([(case_id, (n, u)) for case_id, n, u in TRIGGERS]))
def test_one_megabyte_of_one_trigger_is_fast(name, unit):
    data = repeated(unit).encode("utf-8")
    _assert_fast(f"{name}: {unit.strip()[:30]!r} x {len(data) // len(unit.encode())}", data)


# Short lines that backtracked catastrophically (found by tests/test_properties.py): each must take
# well under a second, alone and repeated on 200 lines.
SHORT_LINES = [
    ("share-digits", "2028 - 1992 1996 - 2015 250/291 Chia sẻ, 57,96%"),
    ("share-items", "Chia sẻ | Facebook | Zalo | " * 4 + "x"),
]


@pytest.mark.parametrize("line", _params([(case_id, (line,)) for case_id, line in SHORT_LINES]))
def test_short_hostile_lines_are_fast(line):
    data = ("Đại hội Công đoàn cơ sở lần thứ X, nhiệm kỳ 2023 - 2028\n" + (line + "\n") * 200).encode("utf-8")
    _assert_fast(f"{line!r} x 200 lines", data)


def test_budget_turns_a_slow_document_into_a_timeout_record():
    data = ("Đại hội Công đoàn nhiệm kỳ 2023 - 2028 ngày 07/4/2023 đồng chí Nguyễn Văn An - Chủ tịch; 100% 10/10 "
            * 20_000).encode("utf-8")
    started = time.perf_counter()
    record = check_record(extract(data, budget=0.001).to_dict())
    elapsed = time.perf_counter() - started
    assert record["status"] == "error"
    assert record["error"]["type"] == "timeout"
    assert "0.001" in record["error"]["message"]
    assert record["source"]["bytes"] == len(data)
    assert elapsed < 5, f"a 0.001 s budget took {elapsed:.2f} s to stop"


def test_budget_error_record_keeps_the_source():
    data = ("nhiệm kỳ 2023 - 2028. " * 50_000).encode("utf-8")
    record = check_record(extract(data, path="big.txt", budget=0.001).to_dict())
    assert record["error"]["type"] == "timeout"
    assert record["source"]["path"] == "big.txt"
    assert len(record["source"]["sha256"]) == 64


def test_a_rule_stops_after_its_match_limit_and_the_record_says_so():
    from congress_extract.extract.context import MAX_MATCHES_PER_RULE

    record = extract(("đạt 100% " * (MAX_MATCHES_PER_RULE + 50)).encode("utf-8"), budget=None)
    assert record.status == "ok"
    assert len(record.facts.percentages) == MAX_MATCHES_PER_RULE
    assert any("percentages.number stopped after 10,000 matches" in w for w in record.source.warnings)


def test_an_article_is_far_below_the_match_limit():
    record = extract(("Trên 98% hộ đạt chuẩn; 61/61 Công đoàn cơ sở. " * 100).encode("utf-8"), budget=None)
    assert record.source.warnings == []
