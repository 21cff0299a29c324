"""Every record follows the contract: the JSON Schema holds and every span slices its text."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest

from congress_extract import extract
from congress_extract.record import FAMILIES

from .conftest import SAMPLES

SCHEMA = json.loads(files("congress_extract").joinpath("schema.json").read_text(encoding="utf-8"))
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="module", params=SAMPLE_FILES, ids=lambda p: p.stem)
def record(request):
    return extract(request.param.read_bytes(), path=str(request.param)).to_dict()


def test_sample_record_validates_against_the_schema(record):
    jsonschema.validate(record, SCHEMA)


def test_every_span_slices_the_article_text_to_the_fact(record):
    text = record["article"]["text"]
    for family in FAMILIES:
        for fact in record[family]:
            if family == "officials":
                assert all(text[s:e] == fact["name"] for s, e in fact["spans"]), fact
            else:
                start, end = fact["span"]
                assert text[start:end] == (fact["text"] if family != "events" else fact["name"]), fact


def test_every_fact_names_an_existing_rule(record):
    from congress_extract import load_rules

    rules = load_rules()
    ids = {r.id for family in rules.families.values() for r in family}
    for family in FAMILIES:
        for fact in record[family]:
            assert fact["rule"] in ids, fact["rule"]


def test_error_records_validate_and_say_why():
    for data, kind in ((b"", "empty"), (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"), (b"   \n\t ", "empty")):
        rec = extract(data, path="x.txt").to_dict()
        jsonschema.validate(rec, SCHEMA)
        assert rec["status"] == "error" and rec["error"]["type"] == kind and rec["error"]["message"]


def test_record_keys_follow_the_contract_order():
    rec = extract("Đại hội Công đoàn lần thứ X, nhiệm kỳ 2023 - 2028").to_dict()
    assert list(rec)[:5] == ["schema", "status", "source", "article", "boilerplate"]
    assert rec["schema"] == "congress-extract/1" and "error" not in rec


def test_a_record_dict_shares_no_list_or_dict_with_the_record():
    record = extract("Đồng chí Nguyễn Văn An - Chủ tịch LĐLĐ tỉnh dự Đại hội Công đoàn lần thứ X, nhiệm kỳ 2023 - 2028.")
    out = record.to_dict()
    out["officials"][0]["positions"].append("changed")
    out["events"][0]["term"]["start"] = 0
    out["source"]["warnings"].append("changed")
    assert record.facts.officials[0].positions == ["Chủ tịch LĐLĐ tỉnh"]
    assert record.facts.events[0].term == {"start": 2023, "end": 2028}
    assert record.source.warnings == []


def test_a_rule_set_without_an_elections_family_still_reads_a_list_of_the_elected():
    """A library user's rule set may leave a family out: the people it elects are still read, and no stage
    reaches for a rule that is not there."""
    from dataclasses import replace

    from congress_extract.patterns import load_rules

    rules = load_rules()
    no_elections = replace(rules, families={k: v for k, v in rules.families.items() if k != "elections"}, derived={})
    text = ("Sáng 12/3, Đảng bộ xã Tân An tổ chức Đại hội lần thứ XV, nhiệm kỳ 2025 - 2030. Ban Chấp hành đã bầu ra "
            "Ban Thường vụ Đảng ủy gồm các đồng chí: Nguyễn Văn An, Trần Thị Bình, Lê Văn Cường.")
    record = extract(text, rules=no_elections).to_dict()
    assert record["status"] == "ok"
    assert [e["body"] for e in record["elections"]] == ["other"]
