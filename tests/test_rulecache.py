"""The rule cache: shipped patterns compiled once per machine, read back without compiling."""

import os
import pickle

import pytest
import regex

from congress_extract import patterns, rulecache
from congress_extract.patterns import LazyPattern, compile_cached

SOURCES = [r"(?i:đại\s+hội)\s+(?P<n>\d+)", r"(?P<d>\d{1,2})/(?P<m>\d{1,2})"]


def lazy() -> list[LazyPattern]:
    return [LazyPattern(s, regex.VERSION0) for s in SOURCES]


def cache_files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_a_miss_compiles_the_patterns_and_files_them(tmp_path):
    patterns = lazy()
    rulecache.attach(patterns, tmp_path)
    assert all("_compiled" in vars(p) for p in patterns)
    assert len(cache_files(tmp_path)) == 1 and cache_files(tmp_path)[0].endswith(".pickle")


def test_a_hit_reads_the_patterns_without_compiling_them(tmp_path, monkeypatch):
    rulecache.attach(lazy(), tmp_path)
    monkeypatch.setattr(rulecache.regex, "compile", lambda *a: pytest.fail("compiled on a cache hit"))
    patterns = lazy()
    rulecache.attach(patterns, tmp_path)
    assert patterns[0].search("Đại hội 12").group("n") == "12"
    assert patterns[1].search("ngày 9/5").span() == (5, 8)


def test_an_edited_rule_names_a_new_file(tmp_path):
    rulecache.attach(lazy(), tmp_path)
    edited = [LazyPattern(SOURCES[0] + "(?!\\d)", regex.VERSION0), LazyPattern(SOURCES[1], regex.VERSION0)]
    rulecache.attach(edited, tmp_path)
    assert len(cache_files(tmp_path)) == 2
    assert edited[0].search("Đại hội 12").group("n") == "12"


def test_only_the_newest_files_are_kept(tmp_path):
    for n in range(rulecache.KEEP + 3):
        rulecache.attach([LazyPattern(f"v{n}", regex.VERSION0)], tmp_path)
    assert len(cache_files(tmp_path)) == rulecache.KEEP


def test_a_damaged_cache_is_compiled_anew(tmp_path):
    rulecache.attach(lazy(), tmp_path)
    (path,) = tmp_path.iterdir()
    path.write_bytes(path.read_bytes()[:100])
    patterns = lazy()
    rulecache.attach(patterns, tmp_path)
    assert patterns[0].search("đại hội 3").group("n") == "3"
    assert {pickle.loads(p).pattern for p in pickle.loads(path.read_bytes())} == set(SOURCES)  # and filed again, whole


def test_a_planted_file_runs_nothing(tmp_path):
    rulecache.attach(lazy(), tmp_path)
    (path,) = tmp_path.iterdir()
    marker = tmp_path / "ran"

    class Planted:
        def __reduce__(self):
            return os.mkdir, (str(marker),)

    path.write_bytes(pickle.dumps([Planted(), Planted()]))
    patterns = lazy()
    rulecache.attach(patterns, tmp_path)
    assert not marker.exists()
    assert patterns[1].search("9/5") is not None


def test_a_pattern_filed_under_another_source_is_not_used(tmp_path):
    rulecache.attach(lazy(), tmp_path)
    (path,) = tmp_path.iterdir()
    path.write_bytes(pickle.dumps([regex.compile("x"), regex.compile("y")]))
    patterns = lazy()
    rulecache.attach(patterns, tmp_path)
    assert patterns[0].pattern == SOURCES[0] and patterns[0].search("Đại hội 12") is not None


def test_a_pattern_filed_on_its_own_under_another_source_is_not_used(tmp_path):
    rulecache.attach(lazy(), tmp_path)
    (path,) = tmp_path.iterdir()
    path.write_bytes(pickle.dumps([pickle.dumps(regex.compile("x")), pickle.dumps(regex.compile("y"))]))
    patterns = lazy()
    rulecache.attach(patterns, tmp_path)
    assert patterns[0].search("Đại hội 12").group("n") == "12" and patterns[1].search("x") is None


def test_a_filed_pattern_is_read_only_when_first_used(tmp_path, monkeypatch):
    rulecache.attach(lazy(), tmp_path)
    patterns = lazy()
    rulecache.attach(patterns, tmp_path)
    assert all("_compiled" not in vars(p) for p in patterns)
    assert patterns[1].search("ngày 9/5").span() == (5, 8)
    assert "_compiled" in vars(patterns[1]) and "_compiled" not in vars(patterns[0])


def test_without_a_writable_cache_the_patterns_stay_lazy(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    patterns = lazy()
    rulecache.attach(patterns, blocker / "cache")
    assert all("_compiled" not in vars(p) for p in patterns)
    assert patterns[0].search("Đại hội 12").group("n") == "12"


def test_a_pattern_built_at_run_time_is_kept_too(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = compile_cached(SOURCES[0])
    assert "_compiled" in vars(built) and built.search("Đại hội 5").group("n") == "5"
    assert len(cache_files(tmp_path / "congress-extract")) == 1


def test_a_remembered_value_is_built_once_per_sources(tmp_path):
    built = []

    def build() -> dict:
        built.append(1)
        return {"n": len(built)}

    assert rulecache.remembered("thing", [b"a"], build, [dict], tmp_path) == {"n": 1}
    assert rulecache.remembered("thing", [b"a"], build, [dict], tmp_path) == {"n": 1}  # read back
    assert rulecache.remembered("thing", [b"a", b"b"], build, [dict], tmp_path) == {"n": 2}  # edited sources
    assert len(built) == 2 and len(cache_files(tmp_path)) == 2


def test_a_planted_remembered_file_runs_nothing(tmp_path):
    rulecache.remembered("thing", [b"a"], dict, [dict], tmp_path)
    (path,) = tmp_path.iterdir()
    marker = tmp_path / "ran"

    class Planted:
        def __reduce__(self):
            return os.mkdir, (str(marker),)

    path.write_bytes(pickle.dumps({"x": Planted()}))
    assert rulecache.remembered("thing", [b"a"], lambda: {"rebuilt": True}, [dict], tmp_path) == {"rebuilt": True}
    assert not marker.exists()


def test_the_shipped_rule_set_read_back_is_the_one_built(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    patterns._load_rules.cache_clear()
    try:
        first = patterns.load_rules()
        patterns._load_rules.cache_clear()
        monkeypatch.setattr(patterns, "_build", lambda dirs: pytest.fail("built again on a cache hit"))
        again = patterns.load_rules()
    finally:
        patterns._load_rules.cache_clear()
    assert again is not first and list(again.families) == list(first.families) and again.lexicon == first.lexicon
    for family, rules in first.families.items():
        for a, b in zip(rules, again[family], strict=True):
            assert (a.id, a.pattern, a.match, a.nomatch, a.source) == (b.id, b.pattern, b.match, b.nomatch, b.source)
            assert [(type(p), p.pattern) for p in patterns._patterns(a)] == [(type(p), p.pattern) for p in patterns._patterns(b)]
    rule = again["dates"][0]
    assert rule.regex.search(rule.match[0].text) is not None  # compiled from the pattern cache
