#!/usr/bin/env python3
"""How the scores hold when the same articles are written the way other portals write them.

The gold sets are real articles, but each portal has its habits: "đ/c" for "đồng chí", en
dashes, offices in sentence case ("Phó chủ tịch Liên đoàn lao động"), old-style tone marks
("khoá", "Thuý", "Uỷ ban"), dates as 12-3-2023 or "12 tháng 3 năm 2023", ordinals in Roman
or Arabic numerals, headlines in capitals. Each variant below rewrites every article of a
gold set in one such habit, which leaves its gold facts unchanged as the scorer compares
them (names and positions fold case and tone placement; dates, ordinals and terms are
values), then scores it again. A field that drops under a variant is a convention the
rules read in one spelling only: a miss waiting in an unseen article.

    python bench/variants.py                       # devgold/union, wider (odd half), seeds
    python bench/variants.py --sets union --only dc,en_dash --show
    python bench/variants.py --gold DIR --inputs DIR

Without --show it prints F1 per field for the articles as written and under each variant;
with --show, the errors a variant adds (those absent from the articles as written).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import regex

from congress_extract import extract, load_rules
from congress_extract.evaluate import COMPARED, FIELDS, Score, read_case, score_document
from congress_extract.load import load

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
SETS = {
    "union": (SHARED / "devgold" / "union", SHARED / "corpus" / "union", None),
    "wider_odd": (SHARED / "devgold" / "wider", SHARED / "corpus" / "wider", 1),
    "seeds": (SHARED / "gold", SHARED / "seeds", None),
}

Rewrite = Callable[[str, dict], str]
_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _arabic(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(numeral):
        v = values[ch]
        total += -v if i + 1 < len(numeral) and values[numeral[i + 1]] > v else v
    return total


def _sub(pattern: str, repl: str | Callable) -> Rewrite:
    compiled = regex.compile(pattern, regex.V1)
    return lambda text, gold: compiled.sub(repl, text)


# Modern tone placement -> the old style many portals keep ("hòa" -> "hoà", "Thúy" -> "Thuý").
_OLD_TONES = {"óa": "oá", "òa": "oà", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "óe": "oé", "òe": "oè",
              "úy": "uý", "ùy": "uỳ", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ", "Ủy": "Uỷ"}


def _old_tones(text: str, gold: dict) -> str:
    pattern = regex.compile(r"(?<![qQ])(" + "|".join(_OLD_TONES) + r")(?!\p{L})")
    return pattern.sub(lambda m: _OLD_TONES[m.group(1)], text)


def _upper_title(text: str, gold: dict) -> str:
    head, sep, rest = text.lstrip().partition("\n")
    return head.upper() + sep + rest


def _upper_names(text: str, gold: dict) -> str:
    for person in gold.get("officials", []):
        name = person.get("name", "")
        if len(name.split()) >= 2:
            text = text.replace(name, name.upper())
    return text


def _title_case_title(text: str, gold: dict) -> str:
    head, sep, rest = text.lstrip().partition("\n")
    return " ".join(w[:1].upper() + w[1:] for w in head.split(" ")) + sep + rest


def _lower_after(m: regex.Match) -> str:
    return m.group(1) + m.group(2).lower()


def _date_words(m: regex.Match) -> str:
    return f"{m.group(1)} tháng {m.group(2)} năm {m.group(3)}"


_DMY = r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b"
# A day and month without year after the words that announce them ("Sáng 14/8", "ngày 27/6").
# The second end of a span after it ("từ ngày 5/5 – 23/6") is written the same way: a portal keeps one habit.
_DM = (r"\b((?i:sáng|chiều|tối|trưa|ngày)\s+)((?:ngày\s+)?\d{1,2})/(\d{1,2})"
       r"(?:(\s*(?:[-–]|(?i:đến|tới|và))\s*(?:(?i:ngày)\s+)?\d{1,2})/(\d{1,2}))?\b(?![/\d])")


def _dm(sep: str) -> Callable[[regex.Match], str]:
    def write(m: regex.Match) -> str:
        second = f"{m.group(4)}{sep}{m.group(5)}" if m.group(4) else ""
        return f"{m.group(1)}{m.group(2)}{sep}{m.group(3)}{second}"
    return write


_DIGIT_WORDS = ["", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def _weekday_led(m: regex.Match) -> str:
    try:
        day = date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
    except ValueError:
        return m.group()
    weekday = _WEEKDAYS[day.weekday()]
    return (weekday if m.group(1) == "N" else weekday.lower()) + ", " + m.group(1).lower() + m.group()[1:]


def _date_pad(m: regex.Match) -> str:
    return f"{int(m.group(1)):02d}/{int(m.group(2)):02d}/{m.group(3)}"


_BODIES = {"Ban Chấp hành": "BCH", "Ban chấp hành": "BCH", "Ban Thường vụ": "BTV", "Ban thường vụ": "BTV",
           "Ủy ban Kiểm tra": "UBKT", "Ủy ban kiểm tra": "UBKT", "Uỷ ban Kiểm tra": "UBKT", "Uỷ ban kiểm tra": "UBKT"}


@dataclass(frozen=True)
class Variant:
    name: str
    habit: str
    rewrite: Rewrite


VARIANTS = [
    Variant("dc", "'đ/c' for 'đồng chí'", _sub(r"\b([đĐ])ồng chí\b", r"\1/c")),
    Variant("ong", "'ông' for 'đồng chí' before a name (a portal that writes honorifics)",
            _sub(r"\b([đĐ])ồng chí(?= \p{Lu})",
            lambda m: "ông" if m.group(1) == "đ" else "Ông")),
    Variant("degree", "a degree for 'đồng chí' before a name ('TS. Nguyễn Văn A, Chủ tịch ...')",
            _sub(r"(?<![Cc]ác )\b[đĐ]ồng chí(?= \p{Lu}\p{Ll})", "TS.")),
    Variant("degrees", "two degrees for 'đồng chí' before a name ('PGS.TS Nguyễn Văn A')",
            _sub(r"(?<![Cc]ác )\b[đĐ]ồng chí(?= \p{Lu}\p{Ll})", "PGS.TS")),
    Variant("rank", "a rank for 'đồng chí' before a name ('Thiếu tướng Nguyễn Văn A')",
            _sub(r"(?<![Cc]ác )\b([đĐ])ồng chí(?= \p{Lu}\p{Ll})",
                 lambda m: "thiếu tướng" if m.group(1) == "đ" else "Thiếu tướng")),
    Variant("en_dash", "en dash for a spaced hyphen", _sub(r" - ", " – ")),
    Variant("em_dash", "em dash for a spaced hyphen", _sub(r" - ", " — ")),
    Variant("tight_dash", "no spaces around a hyphen between figures (2023-2028)", _sub(r"(\d) - (\d)", r"\1-\2")),
    Variant("sentence_case", "offices in sentence case ('Phó chủ tịch', 'Ban chấp hành', 'Liên đoàn lao động')",
            _sub(r"\b(Phó |Ban |Liên đoàn |Ủy ban |Hội đồng |Ban Chấp hành |Ban Thường vụ )(\p{Lu}\p{Ll}*)\b",
                 _lower_after)),
    Variant("old_tones", "old-style tone placement ('khoá', 'hoà', 'Thuý', 'Uỷ ban')", _old_tones),
    Variant("upper_title", "the headline in capitals", _upper_title),
    Variant("upper_names", "officials' names in capitals", _upper_names),
    Variant("date_dash", "dates as 12-3-2023", _sub(_DMY, r"\1-\2-\3")),
    Variant("date_dot", "dates as 12.3.2023", _sub(_DMY, r"\1.\2.\3")),
    Variant("dm_dash", "a day and month without year as 14-8 ('Sáng 14-8')", _sub(_DM, _dm("-"))),
    Variant("dm_dot", "a day and month without year as 14.8 ('Sáng 14.8')", _sub(_DM, _dm("."))),
    Variant("i_for_y", "'i' for final 'y' in 'kì', 'tỉ', 'kỉ' ('nhiệm kì', 'tỉ lệ', 'kỉ niệm')",
            _sub(r"\b([kKtT])([ỳỷ])(?!\p{L})", lambda m: m.group(1) + {"ỳ": "ì", "ỷ": "ỉ"}[m.group(2)])),
    Variant("ratio_spaced", "spaces around the slash of a tally ('54 / 54')", _sub(r"\b(\d{1,4})/(\d{1,4})\b(?!/)", r"\1 / \2")),
    Variant("vote_words", "a ballot's share written as 'X% số phiếu bầu' ('91% phiếu bầu', 'số phiếu tín nhiệm 100%')",
            _sub(r"(\d+(?:,\d+)?)\s*%\s*(?:số\s+)?phiếu(?:\s+bầu)?|số\s+phiếu(?:\s+tín\s+nhiệm)?\s+(\d+(?:,\d+)?)\s*%",
                 lambda m: f"{m.group(1) or m.group(2)}% số phiếu bầu")),
    Variant("count_words", "a small body's size in words ('gồm chín đồng chí')",
            _sub(r"\b(gồm|có|bầu|bầu ra) ([1-9]) (đồng chí|người|ủy viên|uỷ viên|thành viên|Phó)\b",
                 lambda m: f"{m.group(1)} {_DIGIT_WORDS[int(m.group(2))]} {m.group(3)}")),
    Variant("date_words", "dates as '12 tháng 3 năm 2023'", _sub(_DMY, _date_words)),
    Variant("roman", "ordinals in Roman numerals ('lần thứ XV', 'khóa XV')",
            _sub(r"\b(lần thứ|khóa|khoá) ([1-9]\d?)\b", lambda m: f"{m.group(1)} {_roman(int(m.group(2)))}")),
    Variant("arabic", "ordinals in Arabic numerals ('lần thứ 15', 'khóa 15')",
            _sub(r"\b(lần thứ|khóa|khoá) ([IVX]+)\b", lambda m: f"{m.group(1)} {_arabic(m.group(2))}")),
    Variant("blank_lines", "a blank line between paragraphs", _sub(r"\n", "\n\n")),
    # The abbreviations below change no election, vote or main event as the scorer compares them (bodies by kind
    # and size), but do change positions ("Ủy viên BCH"): read them on those fields only.
    Variant("abbrev_dh", "'ĐH' for 'Đại hội'", _sub(r"\b[ĐđD]ại hội\b", "ĐH")),
    Variant("abbrev_bodies", "'BCH', 'BTV', 'UBKT' for 'Ban Chấp hành', 'Ban Thường vụ', 'Ủy ban Kiểm tra'",
            _sub(r"\b(?:" + "|".join(_BODIES) + r")\b", lambda m: _BODIES[m.group()])),
    Variant("term_brackets", "the term in brackets ('lần thứ XV (nhiệm kỳ 2023 - 2028)')",
            _sub(r",\s*nhiệm kỳ ((?:19|20)\d\d\s*-\s*(?:19|20)\d\d)", r" (nhiệm kỳ \1)")),
    Variant("term_bare", "the term in brackets without its word ('lần thứ XV (2023 - 2028)')",
            _sub(r",\s*nhiệm kỳ ((?:19|20)\d\d\s*-\s*(?:19|20)\d\d)", r" (\1)")),
    Variant("title_case", "the headline with every word capitalised ('Đại Hội Công Đoàn Tỉnh Lần Thứ XV')",
            _title_case_title),
    Variant("clock_led", "the clock before the part of the day ('8h30 sáng 12/5' for 'Sáng 12/5')",
            _sub(r"(?m)^([SC])(áng|hiều) (ngày )?(\d{1,2}/\d{1,2})", lambda m: f"8h30 {m.group(1).lower()}{m.group(2)} "
                 f"{m.group(3) or ''}{m.group(4)}")),
    Variant("weekday", "a full date led by its weekday ('Thứ Bảy, ngày 12/5/2023')",
            _sub(r"\b([Nn])gày (\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b", _weekday_led)),
    Variant("date_pad", "days and months padded to two digits ('05/03/2023')", _sub(_DMY, _date_pad)),
    Variant("percent_space", "a space before the per cent sign ('100 %')", _sub(r"(\d)%", r"\1 %")),
    Variant("decimal_point", "a decimal point in a percentage ('98.5%')", _sub(r"(\d),(\d{1,2})(?=\s*%)", r"\1.\2")),
    Variant("pad_counts", "a body's size padded to two digits ('gồm 05 đồng chí')",
            _sub(r"\b(gồm|có) ([1-9]) (đồng chí|người|ủy viên|uỷ viên|thành viên)\b", r"\1 0\2 \3")),
]


def _cases(gold_dir: Path, inputs_dir: Path, parity: int | None) -> list[tuple[dict, str]]:
    """Each gold file (of the odd or even numbers with `parity`) and its input, decoded as the tool decodes it."""
    cases = []
    for path in sorted(gold_dir.glob("*.json")):
        if parity is not None and int(regex.match(r"\D*(\d+)", path.stem).group(1)) % 2 != parity:
            continue
        gold, _, data = read_case(path, inputs_dir)
        cases.append((gold, load(data).text))
    return cases


def _score(cases: list[tuple[dict, str]], rewrite: Rewrite | None, rules) -> dict[str, Score]:
    scores = {name: Score() for name in FIELDS}
    for gold, text in cases:
        written = rewrite(text, gold) if rewrite else text
        score_document(gold, extract(written, path=gold["file"], rules=rules).to_dict(), scores, gold["file"])
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    parser.add_argument("--gold", type=Path, help="a gold directory (with --inputs) instead of --sets")
    parser.add_argument("--inputs", type=Path)
    parser.add_argument("--only", help="comma-separated variant names")
    parser.add_argument("--show", action="store_true", help="print the errors each variant adds")
    args = parser.parse_args(argv)

    chosen = [v for v in VARIANTS if not args.only or v.name in args.only.split(",")]
    sets = {"given": (args.gold, args.inputs, None)} if args.gold else {n: SETS[n] for n in args.sets.split(",")}
    rules = load_rules()
    for set_name, (gold_dir, inputs_dir, parity) in sets.items():
        cases = _cases(gold_dir, inputs_dir, parity)
        base = _score(cases, None, rules)
        fields = [f for f in COMPARED if not base[f].empty]
        print(f"\n{set_name} ({len(cases)} articles): F1 as written, then the change under each variant")
        print(f"{'variant':14}" + "".join(f"{f[:9]:>10}" for f in fields))
        print(f"{'as written':14}" + "".join(f"{base[f].f1:10.3f}" for f in fields))
        for variant in chosen:
            scores = _score(cases, variant.rewrite, rules)
            deltas = [scores[f].f1 - base[f].f1 for f in fields]
            print(f"{variant.name:14}" + "".join(f"{d:+10.3f}" if abs(d) >= 0.0005 else f"{'.':>10}" for d in deltas))
            if args.show:
                for f in fields:
                    for error in sorted(set(scores[f].errors) - set(base[f].errors)):
                        print(f"    {variant.name} {f}: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
