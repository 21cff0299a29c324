"""Read what the officials family says about articles it was not written for.

    python tests/tools/check_officials.py [FOLDER ...]      # default: ../shared/corpus/general

Lists every official whose position holds a verb, a caption word or the next clause (an office
ends where the office ends), and every `elected`/`reelected` role whose mentions sit in no
sentence that holds a vote. Exits 1 if it found any. A reading aid and an acceptance check for
news that is not about congresses; it asserts nothing about speed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import regex

from congress_extract import extract, load_rules

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT.parent / "shared" / "corpus" / "general"
# A vote: the words that report one (not "bổ nhiệm", "điều động", "kỷ luật").
VOTE = regex.compile(r"(?i:bầu|trúng\s+cử|đắc\s+cử|tái\s+cử|phiếu|biểu\s+quyết)")
# Words that never belong to an office: verbs of reporting and doing, tense words, captions; "tại"
# but in a diplomat's or a representative's office, which names where they are posted ("Đại sứ Việt
# Nam tại Nga"). Kept apart from the rules' own stop words, so the check does not only repeat them.
RUNS_ON = regex.compile(r"(?<![\p{L}\p{M}])(?:Ảnh|ảnh|cho\s+biết|cho\s+rằng|phát\s+biểu|nói|chia\s+sẻ|"
                        r"nhấn\s+mạnh|khẳng\s+định|đề\s+nghị|yêu\s+cầu|trao|tặng|chụp|thăm|dự(?!\s+(?:án|thảo|toán|khuyết))|có|là|được|"
                        r"đã|sẽ|đang|vừa|thay|rút|xin|cam\s+kết|(?<!(?i:đại\s+sứ|lãnh\s+sự|đại\s+diện).*)tại|vào\s+(?:ngày|tháng|năm))(?![\p{L}\p{M}])")
_SENTENCE = regex.compile(r"[^.!?\n]*")


def problems(record: dict) -> list[str]:
    """What is wrong with one record's officials, one line each."""
    text = record["article"]["text"]
    out = []
    for person in record["officials"]:
        for position in person["positions"]:
            m = RUNS_ON.search(position, 1)
            if m:
                out.append(f"{person['name']}: position {position!r} runs on at {m.group().strip()!r}")
        if {"elected", "reelected"} & set(person["roles"]):
            sentences = [_sentence(text, start) for start, _ in person["spans"]]
            if not any(VOTE.search(s) for s in sentences):
                out.append(f"{person['name']}: role elected with no vote in {sentences[0]!r}")
    return out


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind(c, 0, pos) for c in ".!?\n") + 1
    return _SENTENCE.match(text, start).group()


def main(folders: list[str]) -> int:
    rules = load_rules()
    found = 0
    for folder in folders or [str(DEFAULT)]:
        for path in sorted(Path(folder).glob("*.txt")):
            record = extract(path.read_bytes(), path=str(path), rules=rules).to_dict()
            if record["status"] != "ok":
                continue
            for line in problems(record):
                print(f"{path.name}: {line}")
                found += 1
    print(f"{found} problem(s)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
