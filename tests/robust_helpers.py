"""Helpers for the robustness tests (inputs, equivalence, properties, adversarial, output).

- `check_record`: a record validates against the shipped JSON Schema and every span
  slices `article.text` to its fact's text (officials: to the name).
- `variants`: the byte-level variants of a sample that must give the same facts.
- `comparable`: a record's facts and metadata without spans (spans differ between
  variants whose article text differs, e.g. the HTML wrapping).
"""

from __future__ import annotations

import codecs
import html
import itertools
import json
import unicodedata
from functools import lru_cache
from importlib.resources import files
from typing import Any, Callable

from congress_extract.record import FAMILIES

from .conftest import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
SAMPLE_IDS = [p.stem for p in SAMPLE_FILES]
META = ("title", "published", "views", "byline")


@lru_cache(maxsize=1)
def validator():
    import jsonschema

    schema = json.loads(files("congress_extract").joinpath("schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def schema_errors(record: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(record)]


def span_errors(record: dict[str, Any]) -> list[str]:
    """Every span is inside article.text and slices it to the fact's text (officials: the name)."""
    text = record["article"]["text"]
    errors = []
    for family in FAMILIES:
        for fact in record[family]:
            spans = fact["spans"] if family == "officials" else [fact["span"]]
            want = fact["name"] if family in ("officials", "events") else fact["text"]
            for start, end in spans:
                if not 0 <= start <= end <= len(text):
                    errors.append(f"{family} {fact.get('rule')}: span {[start, end]} outside the text ({len(text)})")
                elif text[start:end] != want:
                    errors.append(f"{family} {fact.get('rule')}: text[{start}:{end}] = {text[start:end]!r}, not {want!r}")
    return errors


def check_record(record: dict[str, Any]) -> dict[str, Any]:
    """Assert the record is valid and its spans hold; return it. JSON round trip included."""
    problems = schema_errors(record) + span_errors(record)
    assert not problems, "\n".join(problems[:20])
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record
    if record["status"] == "error":
        assert record["error"]["type"] and record["error"]["message"]
    return record


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """Facts (without spans) and the article's metadata: what variants of one document share."""
    out: dict[str, Any] = {"meta": {k: record["article"][k] for k in META}}
    for family in FAMILIES:
        out[family] = [{k: v for k, v in fact.items() if k not in ("span", "spans")} for fact in record[family]]
    return out


# ---------------------------------------------------------------------------------------------
# Encodings


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese writes it: precomposed where the code page has the letter,
    else the base letter (maybe with its circumflex/breve/horn) plus combining tone marks."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        for keep in _subsets(len(marks)):
            head = unicodedata.normalize("NFC", base + "".join(marks[i] for i in keep))
            rest = "".join(m for i, m in enumerate(marks) if i not in keep)
            try:
                out += head.encode("cp1258") + rest.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise UnicodeEncodeError("cp1258", ch, 0, 1, "not encodable even decomposed")
    return bytes(out)


def _subsets(n: int):
    """Index subsets of the marks to compose into the base letter, largest first."""
    for r in range(n, -1, -1):
        yield from itertools.combinations(range(n), r)


def html_page(text: str, title: str | None = None) -> str:
    """The text as a plain HTML page: one <p> per line, html-escaped."""
    head = f"<title>{html.escape(title)}</title>" if title else ""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">{head}</head>\n<body>\n{body}\n</body></html>\n'


def sprinkle_invisibles(text: str) -> str:
    """Zero-width spaces inside words, soft hyphens inside numbers and words, word joiners here and there."""
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch.isalpha() and nxt.isalpha() and i % 3 == 0:
            out.append("\u200b" if i % 2 else "\u00ad")
        elif ch.isdigit() and nxt.isdigit():
            out.append("\u00ad" if i % 2 else "\u200b")
        elif ch == " " and i % 7 == 0:
            out.append("\u2060")
    return "".join(out)


VARIANTS: dict[str, Callable[[str], bytes]] = {
    "cp1258": cp1258_bytes,
    "utf16le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf16be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf16le": lambda t: t.encode("utf-16-le"),
    "utf16be": lambda t: t.encode("utf-16-be"),
    "utf8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "nfd": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda t: t.replace("\n", "\r").encode("utf-8"),
    "invisibles": lambda t: sprinkle_invisibles(t).encode("utf-8"),
    "nbsp": lambda t: t.replace(" ", "\u00a0").encode("utf-8"),
    "html": lambda t: html_page(t).encode("utf-8"),
}
