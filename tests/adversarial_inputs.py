"""Adversarial inputs built from the rule files' own words, and a CPU clock for extracting them.

Shared by tests/test_adversarial.py (which asserts that time grows linearly with size)
and bench/adversarial.py (which reports the CPU seconds per megabyte on this machine).

For every rule file in patterns/, an adversarial input is built from the file's own
literal words (read from its patterns automatically) and from the trigger words and
digits that file is about ("đồng chí " x N, "1/1/1/...", "nhiệm kỳ 2023 - " x N,
"100% " x N, lines of dashes and bullets, ...). The input is cut into segments, one
per adversarial unit, each segment one unit repeated; all but the line-shaped units
stay on one long line, so that "the sentence around a match" is as long as it can be.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
import tomllib
from dataclasses import dataclass
from functools import lru_cache

import regex

from congress_extract.patterns import default_dir, load_rules
from congress_extract.pipeline import extract

MB = 1_000_000
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
        # Repeated past its share, then cut to it: a unit a little over half the share (a file's word
        # list) would otherwise fill only that half, and the input fall short of `size`.
        n = -(-share // max(1, len(unit.encode("utf-8"))))
        segments.append(_cut((unit * n).strip(" "), share))
    return "\n".join(segments)


def _cut(text: str, size: int) -> str:
    """`text` up to its last white space within `size` bytes: a file's word list longer than a
    unit's share (every word of lexicon.toml) would otherwise make the input too large."""
    data = text.encode("utf-8")
    if len(data) <= size:
        return text
    head = data[:size].decode("utf-8", "ignore")
    cut = max(head.rfind(" "), head.rfind("\n"))
    return head[:cut] if cut > 0 else head


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


@dataclass(frozen=True)
class Timing:
    """One extraction in a child process: its CPU seconds, the record's status and error, and
    what is wrong with the record (schema or spans; empty when it is sound)."""

    cpu: float
    status: str
    error: object
    problems: list[str]


def _child(data: bytes, cpu_cap: int, check, conn) -> None:
    import faulthandler
    import gc
    import signal

    # The heap inherited from the parent (a whole test session's objects) is not the document's:
    # frozen, the garbage collector no longer walks it at every full collection, which made a
    # 1 MB input cost 2-3x its share on a big heap (1 MB / 100 KB = 17-33 instead of 6-9).
    gc.freeze()

    # Past the cap (in CPU seconds, which other load on the machine inflates far less than wall
    # time) the kernel sends SIGXCPU: faulthandler prints where the run is, then the process ends.
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_cap, hard))
    faulthandler.register(signal.SIGXCPU, all_threads=False, chain=True)
    started = time.process_time()
    record = extract(data, budget=None).to_dict()
    cpu = time.process_time() - started
    resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))  # checking a big record takes a while
    conn.send(Timing(cpu, record["status"], record.get("error"), check(record)[:5] if check else []))
    conn.close()


def timed_extract(data: bytes, cpu_cap: int, wall_cap: float, check=None) -> Timing | None:
    """The full extract (budget off) in a forked process, or None when it was stopped: over
    `cpu_cap` CPU seconds, or still running after `wall_cap` seconds (nothing may hang)."""
    load_rules().compile()  # compiled once, before the fork
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(data, cpu_cap, check, send), daemon=True)
    proc.start()
    send.close()
    try:
        return receive.recv() if receive.poll(wall_cap) else None
    except EOFError:  # the child died (SIGXCPU, SIGKILL at the hard CPU limit)
        return None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
