"""Rules are data: TOML files under `patterns/`, one per fact family.

A rule file looks like::

    [vars]                     # optional named sub-patterns, used as {{NAME}}
    DAY = '(?:0?[1-9]|[12]\\d|3[01])'

    [defaults]                 # optional attributes every rule of the file shares
    role = "other"

    [[rule]]
    id = "dates.dmy_slash"
    description = "Day/month/year with slashes"
    pattern = '(?<!\\d)(?P<d>{{DAY}})/(?P<m>\\d{1,2})/(?P<y>\\d{4})'
    role = "event"             # any other key is passed to the family code as `rule.attrs`
    examples.match = [{ text = "Ngày 09/5/2024", value = "2024-05-09" }]
    examples.nomatch = ["12/12 chỉ tiêu"]

`patterns/lexicon.toml` holds word lists (surnames, position words, ...) that every
file may use as `{{NAME}}`: a list becomes an alternation of its escaped entries,
longest first. `{{NAME:anycase}}` is the list as writers case it (each word's first
letter in either case, the rest as listed or lowered, or all upper case), a prefix tree of
literals and first-letter classes: the `regex` module scans it many times faster than `(?i:...)`.
`{{NAME:icase}}` is the list in any case, as `(?i:...)` matches it, written as a prefix tree of
classes of each letter's cases: a word tree, which a start pattern runs on `re` (see WordStarts).
Any other macro (an unknown name or modifier, '{{NAME:upper}}') is refused when the rules load,
naming the rule and the macro.
Users add files with `--patterns DIR`; a rule there with an existing
id replaces the shipped one.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import regex
from regex import _regex  # get_all_cases: the characters regex's case-insensitive matching takes one for

from . import rulecache

# Anything between double braces is a macro: one the loader does not know is refused, not left in the pattern as
# literal text that matches nothing (52cc36d: '{{SURNAMES:upper}}', a modifier no longer expanded, silently lost
# every name in capitals a votes rule read).
_MACRO = regex.compile(r"\{\{([^{}]*)\}\}")
# What is left of a macro after expansion: an unescaped '{{' before a name's first character. Regex may write
# '{{' otherwise ('\{{2}', '\{{1,2}\d+\}}', a (?x) comment's '{{ ') and is no macro.
_UNCLOSED = regex.compile(r"(?<!\\)\{\{[A-Za-z_]")
_MACRO_PARTS = regex.compile(r"(?P<name>\w+)(?::(?P<modifier>\w+))?")
_MODIFIERS = ("anycase", "icase")
_RESERVED = {"id", "description", "pattern", "examples"}


# `regex`'s `concurrent` argument where the engine calls it: False keeps the GIL, which `regex` otherwise
# releases and retakes at each call (a third of what a short failed match costs). The engine passes its
# arguments in place (match(string, pos, endpos, concurrent, partial, timeout); finditer(string, pos, endpos,
# overlapped, concurrent, partial, timeout)): a keyword costs a dict and its parsing at each call.
CONCURRENT = False


class PatternError(ValueError):
    """A rule file that cannot be used: names the file and the rule."""


class _CompiledOnUse:
    """A pattern compiled on its first use; once compiled, its search methods sit on the instance,
    so calls cost what they cost on the compiled pattern."""

    _METHODS: tuple[str, ...] = ()

    def __init__(self, source: str, flags: int = 0):
        self.pattern = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.use(self._compile())
        return getattr(compiled, name)

    def _compile(self) -> Any:
        raise NotImplementedError

    def use(self, compiled: Any) -> Any:
        """Take this pattern compiled (here or elsewhere): its methods become the instance's."""
        self.__dict__["_compiled"] = compiled
        for method in self._METHODS:
            self.__dict__[method] = getattr(compiled, method)
        return compiled

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.pattern[:60]!r})"

    def __reduce__(self) -> tuple[type, tuple[str, int]]:
        """Pickled as its source (the rule set's cache, `rulecache.remembered`): never compiled for it,
        and read back without `__getattr__` being asked for pickle's hooks on an empty instance."""
        return type(self), (self.pattern, int(self._flags))


class LazyPattern(_CompiledOnUse):
    """A shipped pattern, compiled on its first use, or taken compiled from the rule cache.

    Compiling every shipped rule takes about 0.6 s, most of a one-file run; the rule cache
    (`rulecache`) keeps them compiled between runs, and where it cannot be written a document
    compiles only the rules whose triggers it contains (none of the boilerplate rules'
    own patterns, which the clean stage runs as one combined pattern). Shipped rules
    compile in the test suite; rules a user adds are compiled when loaded, so that a
    bad one is reported before any input is read.
    """

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "splititer")

    def _compile(self) -> regex.Pattern:
        filed = self.__dict__.pop("_filed", None)
        compiled = filed() if filed is not None else None
        return compiled if compiled is not None else regex.compile(self.pattern, self._flags)

    def file(self, filed: Callable[[], regex.Pattern | None]) -> None:
        """Where the rule cache keeps this pattern compiled: read on first use (None: compile it)."""
        self.__dict__["_filed"] = filed

    @property
    def key(self) -> tuple[str, int]:
        return self.pattern, int(self._flags)


# A pattern of literals, groups, alternatives, optional groups and classes of literals: a word
# list's prefix tree (`{{BODY_WORDS:anycase}}`), which `re` and `regex` match alike.
_TREE_PIECE = r"[^\\()\[\]{}.^$*+?|]|\\[^\w\s]|\\ |\(\?:|\)\??|\||\[(?:[^\\\]^]|\\[^\w\s])+\]"
_WORD_TREE = re.compile(f"(?:{_TREE_PIECE})+")
# A start pattern's tree may also start or go on with a decimal digit, `\d` (the same characters, \p{Nd}, in both):
# '\d|{{COUNT_WORDS:icase}}' (see WordStarts).
_START_TREE = re.compile(rf"(?:{_TREE_PIECE}|\\d)+")


class WordTree(_CompiledOnUse):
    """A trigger that is a word list's prefix tree, searched with the standard library's `re`.

    `re` skips to the characters a branch of the tree starts with; `regex` tries the tree at
    every character: the body names of the elections rules, 442 occurrences in 579 articles,
    take 24 µs per article instead of 65. A tree of literals is tried at a character for at
    most its longest word, so a search needs no time-out: `finditer` takes `timeout` only to
    be called as `regex`'s is (the document's budget is checked before each search). Compiled
    on first use (about 1 ms)."""

    _METHODS = ("search",)

    def _compile(self) -> re.Pattern:
        return re.compile(self.pattern)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize, overlapped: bool = False,
                 concurrent: bool | None = None, partial: bool = False, timeout: float | None = None) -> Iterator[re.Match]:
        """As `regex`'s finditer, its arguments in the same places: with `overlapped`, a match at every
        place where one starts (`concurrent` and `partial` are `regex`'s; `re` holds the GIL and has no partial matches)."""
        search = self.search
        m = search(string, pos, endpos)
        while m:
            yield m
            m = search(string, m.start() + 1 if overlapped or m.end() == m.start() else m.end(), endpos)


class WordStarts(WordTree):
    """A `start_pattern` that is a word tree: only where its words start counts, not which of them
    matched, so it is searched as the same words branched first by their first character (`_openings`):
    `re` then skips along the text to the characters that open a branch. As written
    ("(?:{{POSITION_HEADS:anycase}}|nguyên|...)") it branches first into whole sub-trees, which `re`
    tries one after another at every character: OFFICE_START over whole articles takes 82 µs instead
    of 225 (and compiles in 14 ms instead of 7, once per process). The same words, so the same places.

    A tree led by WORD_START ("not after a letter or a mark", as the rule itself opens) checks it
    after each first character, against the letters and marks of LATIN_LETTERS (each a `\\p{L}` or a
    `\\p{M}`; after another script's letter a start is let through and the rule's own look-behind
    refuses it): "ông" in "không", "anh" in "thanh" are no honorific's start (13,607 -> 4,250 places
    the honorific rule is tried, at the same cost of search). A tree with the empty word, or a
    range in a class, is searched as written."""

    def _compile(self) -> re.Pattern | regex.Pattern:
        guarded = self.pattern.startswith(WORD_START)
        source = self.pattern[len(WORD_START):] if guarded else self.pattern
        branches: dict[str, list[str]] = {}
        for first, rest in (o for alt in _alternatives(source) for o in _openings(alt)):
            if first is None:
                return regex.compile(self.pattern) if guarded else re.compile(self.pattern)
            rests = branches.setdefault(first, [])
            if rest not in rests:
                rests.append(rest)
        token = (lambda ch: ch if ch == r"\d" else _escape(ch))
        guard = (lambda ch: f"(?<![{LATIN_LETTERS}]{token(ch)})") if guarded else (lambda ch: "")
        return re.compile("(?:" + "|".join(
            token(ch) + guard(ch) + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
            for ch, rests in sorted(branches.items())) + ")")


# Where a word starts: not after a letter or a mark (the look-behind the officials' rules open with).
WORD_START = r"(?<![\p{L}\p{M}])"
# Letters and marks of Latin scripts and Vietnamese, as a class `re` reads: each is a `\p{L}` or a `\p{M}`.
LATIN_LETTERS = r"a-zA-Z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0300-\u036F\u1EA0-\u1EF9"


def _openings(tree: str) -> list[tuple[str | None, str]]:
    """The first characters of what one alternative of a word tree (`_WORD_TREE`) spells, each with
    what may follow it there: a group first is opened ("(?:A|B)C" is "AC" or "BC"; "(?:A)?C" also
    "C"), a class is its characters. None first: the alternative spells the empty word, or a class
    holds a range."""
    items = _items(tree)
    if not items:
        return [(None, "")]
    first, rest = items[0], "".join(items[1:])
    if first.startswith("(?:"):
        optional = first.endswith(")?")
        body = first[3:-2] if optional else first[3:-1]
        return ([o for alt in _alternatives(body) for o in _openings(alt + rest)]
                + (_openings(rest) if optional else []))
    if first.startswith("["):
        chars = regex.findall(r"\\(.)|(.)", first[1:-1])
        if any(ch == "-" for _, ch in chars[1:-1]):
            return [(None, "")]  # a range
        return [(escaped or ch, rest) for escaped, ch in chars]
    return [(first if first == r"\d" else first[-1], rest)]


def _items(tree: str) -> list[str]:
    """The pieces of a word tree's sequence, in a row: a character (or its escape), a class, a
    group (with its "?")."""
    items, i = [], 0
    while i < len(tree):
        if tree.startswith("(?:", i):
            end = _closing(tree, i)
            end += tree.startswith("?", end)
        elif tree[i] == "[":
            end = _class_end(tree, i)
        else:
            end = i + (2 if tree[i] == "\\" else 1)
        items.append(tree[i:end])
        i = end
    return items


def _alternatives(tree: str) -> list[str]:
    """A word tree's sequences parted by its top-level "|"."""
    alternatives, start, i = [], 0, 0
    while i < len(tree):
        ch = tree[i]
        if ch == "[":
            i = _class_end(tree, i)
        elif ch == "(":
            i = _closing(tree, i)
        else:
            if ch == "|":
                alternatives.append(tree[start:i])
                start = i + 1
            i += 2 if ch == "\\" else 1
    return alternatives + [tree[start:]]


def _closing(tree: str, i: int) -> int:
    """Where the group opening at tree[i] ends (just after its ")")."""
    depth = 0
    while True:
        ch = tree[i]
        if ch == "[":
            i = _class_end(tree, i)
            continue
        depth += (ch == "(") - (ch == ")")
        i += 2 if ch == "\\" else 1
        if depth == 0:
            return i


def _class_end(tree: str, i: int) -> int:
    """Where the class opening at tree[i] ends (just after its "]")."""
    i += 1
    while tree[i] != "]":
        i += 2 if tree[i] == "\\" else 1
    return i + 1


@dataclass(frozen=True)
class Example:
    text: str
    expect: dict[str, Any]
    published: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    description: str
    pattern: str
    regex: regex.Pattern | LazyPattern
    attrs: dict[str, Any] = field(default_factory=dict)
    match: tuple[Example, ...] = ()
    nomatch: tuple[str, ...] = ()
    source: str = ""

    def __hash__(self) -> int:
        return hash(self.id)

    @cached_property
    def triggers(self) -> tuple[regex.Pattern | LazyPattern | WordTree, ...]:
        """The rule's `trigger_pattern`: one pattern, or a list of them, one of which every match
        contains (`regex` finds each literal of a list on its own many times faster than their
        alternation, which it tries at every character)."""
        trigger = self.attrs.get("trigger_pattern")
        if trigger is None:
            return ()
        return trigger if isinstance(trigger, tuple) else (trigger,)

    def may_match(self, text: str) -> bool:
        """False when none of the rule's triggers occurs in the text: then the rule cannot match there."""
        triggers = self.triggers
        return not triggers or any(t.search(text) is not None for t in triggers)


@dataclass(frozen=True)
class RuleSet:
    families: dict[str, tuple[Rule, ...]]
    lexicon: dict[str, tuple[str, ...]]
    # What a stage derives from these rules once (offices' Ends, with the clips they remember): held
    # by the set, it lives and goes with the set, where a module's cache keyed by it kept every set.
    derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __getitem__(self, family: str) -> tuple[Rule, ...]:
        return self.families.get(family, ())

    def compile(self) -> "RuleSet":
        """Compile every pattern now rather than on first use: before forking processes that
        share them, or to time extraction without compilation."""
        for rules in self.families.values():
            for rule in rules:
                for pattern in _patterns(rule):
                    if isinstance(pattern, _CompiledOnUse):
                        pattern.search("")
        return self

    def __hash__(self) -> int:
        return id(self)


def compile_cached(source: str) -> LazyPattern:
    """A pattern built from the rules at run time (the clean stage's one pattern for every
    boilerplate line), kept compiled in the rule cache as the shipped rules are."""
    pattern = LazyPattern(source, regex.VERSION0)
    rulecache.attach([pattern])
    return pattern


def default_dir() -> Path:
    """The shipped rules: inside the installed package, or `patterns/` of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "patterns", here.parents[1] / "patterns"):
        if (candidate / "lexicon.toml").is_file():
            return candidate
    raise PatternError(f"shipped patterns not found next to {here}")


def _alternation(words: Iterable[str]) -> str:
    """The words as a prefix tree ("Phó (?:Bí thư|Chủ tịch)..."): it matches what an alternation
    of them, longest first, would match, and `regex` runs it far faster (no word is tried whose
    first letters already failed)."""
    tree: dict = {}
    for word in set(words):
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _branches(tree) + ")" if tree else "(?!)"


@lru_cache(maxsize=None)
def _escape(ch: str) -> str:
    """`regex.escape` of one character, remembered: word lists escape tens of thousands (start-up)."""
    return regex.escape(ch)


def _branches(node: dict) -> str:
    alts = [_token(ch) + _branches(child) for ch, child in sorted(node.items(), key=_order) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


def _token(key) -> str:
    """A tree key as a pattern: a character, a word's first letter in either case, or a class of cases."""
    if isinstance(key, tuple):
        if key[0] == "cases":
            return "[" + "".join(map(_escape, key[1])) + "]"
        return "[" + _escape(key[1]) + _escape(key[1].upper()) + "]"
    return _escape(key)


def _order(item) -> tuple:
    key = item[0]
    return (1, key[1]) if isinstance(key, tuple) else (0, key)


def _cased_alternation(words: Iterable[str]) -> str:
    """The words as writers case them, as a prefix tree: each word's first letter in either case
    ("Phó Tổng giám đốc", "phó tổng Giám đốc": writers capitalise the words of an office as they
    please), the rest as listed or lowered, or the whole in upper case. A later word's first letter
    is a class ("Phó [cC]hủ"), so the tree stays the size of the list; the first word's is two
    branches ("P", "p"), whose subtrees merge with the upper-case words': `regex` tries the tree at
    a character only if some branch starts with it, and scans 20-25% faster than with a class there
    (position words 337 -> 261 µs per article), and a text's character enters one branch only."""
    tree: dict = {}
    for w in words:
        for variant in {w, w.lower()}:
            for first in {variant[0].lower(), variant[0].upper()}:
                node = tree.setdefault(first, {})
                for i, ch in enumerate(variant[1:], 1):
                    key = ("initial", ch.lower()) if variant[i - 1] == " " and ch.lower() != ch.upper() else ch
                    node = node.setdefault(key, {})
                node[""] = {}
        node = tree
        for ch in w.upper():
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _branches(tree) + ")" if tree else "(?!)"


@lru_cache(maxsize=None)
def _case_class_tree(words: tuple[str, ...]) -> str:
    """The words in any case as `(?i:...)` matches them: a prefix tree in which each letter is the class of
    the characters `regex` takes it for in any case ('i' -> '[Iiİ]', 'k' -> '[KkK]', the Kelvin sign)."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            cases = "".join(sorted(chr(c) for c in _regex.get_all_cases(regex.IGNORECASE | regex.UNICODE, ord(ch))))
            node = node.setdefault(("cases", cases) if len(cases) > 1 else ch, {})
        node[""] = {}
    return "(?:" + _branches(tree) + ")" if tree else "(?!)"


@lru_cache(maxsize=None)
def _cased_tree(words: tuple[str, ...]) -> str:
    """`_cased_alternation` of a word list, built once: the rules expand the same lists dozens of times."""
    return _cased_alternation(words)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PatternError(f"{path}: {exc}") from exc


def _expand(source: str, variables: dict[str, str], where: str, depth: int = 0,
            words: dict[str, tuple[str, ...]] | None = None) -> str:
    if depth > 8:
        raise PatternError(f"{where}: {{{{...}}}} nests too deeply")

    def sub(m: regex.Match) -> str:
        parts = _MACRO_PARTS.fullmatch(m.group(1))
        if not parts:
            raise PatternError(f"{where}: malformed macro {m.group()} (write {{{{NAME}}}} or {{{{NAME:modifier}}}})")
        name, modifier = parts.group("name", "modifier")
        if modifier is not None:
            if modifier not in _MODIFIERS:
                raise PatternError(f"{where}: unknown modifier in {m.group()} (known: {', '.join(_MODIFIERS)})")
            if not words or name not in words:
                raise PatternError(f"{where}: {m.group()} needs a word list named {name}")
            return _cased_tree(words[name]) if modifier == "anycase" else _case_class_tree(words[name])
        if name not in variables:
            raise PatternError(f"{where}: unknown variable {m.group()}")
        return _expand(variables[name], variables, where, depth + 1, words)

    expanded = _MACRO.sub(sub, source)
    unclosed = _UNCLOSED.search(expanded)
    if unclosed:
        raise PatternError(f"{where}: unclosed macro at {expanded[unclosed.start():][:30]!r}")
    return expanded


def _examples(raw: Any, where: str) -> tuple[tuple[Example, ...], tuple[str, ...]]:
    raw = raw or {}
    match = []
    for item in raw.get("match", []):
        if not isinstance(item, dict) or "text" not in item:
            raise PatternError(f"{where}: each examples.match item needs a text")
        expect = {k: v for k, v in item.items() if k not in ("text", "published")}
        match.append(Example(item["text"], expect, item.get("published")))
    nomatch = raw.get("nomatch", [])
    if not all(isinstance(t, str) for t in nomatch):
        raise PatternError(f"{where}: examples.nomatch must be a list of strings")
    return tuple(match), tuple(nomatch)


def _lexicon(paths: list[Path]) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    words: dict[str, tuple[str, ...]] = {}
    variables: dict[str, str] = {}
    for path in paths:
        data = _read(path)
        for name, value in data.items():
            if isinstance(value, list):
                words[name] = tuple(value)
                variables[name] = _alternation(value)
            elif isinstance(value, str):
                variables[name] = value
            else:
                raise PatternError(f"{path}: lexicon entry {name} must be a list or a string")
    return words, variables


def _compile(source: str, flags: int, lazy: bool) -> regex.Pattern | LazyPattern:
    return _lazy(source, flags) if lazy else regex.compile(source, flags)


# Attributes scanned over a document for where a rule may match: a word tree there runs on `re`.
_SCANNED = ("trigger_pattern", "start_pattern", "trigger_start_pattern")
# Attributes that say where something starts (see WordStarts).
_STARTS = ("start_pattern", "trigger_start_pattern")


def _compile_trigger(source: str, lazy: bool, starts: bool = False) -> regex.Pattern | LazyPattern | WordTree:
    """A rule's trigger or (`starts`) start pattern: a word tree runs on `re` (see WordTree and
    WordStarts), anything else on `regex`."""
    words = source[len(WORD_START):] if starts and source.startswith(WORD_START) else source
    if "|" not in words or not (_START_TREE if starts else _WORD_TREE).fullmatch(words):
        return _compile(source, 0, lazy)
    tree = _word_starts(source) if starts else _word_tree(source)
    if not lazy:
        tree.search("")  # a user's rule is checked when loaded (re.error)
    return tree


@lru_cache(maxsize=None)
def _word_tree(source: str) -> WordTree:
    """One WordTree per source (see `_lazy`)."""
    return WordTree(source)


@lru_cache(maxsize=None)
def _word_starts(source: str) -> WordStarts:
    """One WordStarts per source (see `_lazy`)."""
    return WordStarts(source)


@lru_cache(maxsize=None)
def _lazy(source: str, flags: int) -> LazyPattern:
    """One LazyPattern per source: rules that share a pattern (a trigger, a cue) share the object,
    which keys the per-document caches by identity (`regex.compile` does the same for user rules)."""
    return LazyPattern(source, flags)


def _load_file(path: Path, variables: dict[str, str], words: dict[str, tuple[str, ...]],
               lazy: bool = False) -> list[Rule]:
    data = _read(path)
    family = data.get("family", path.stem)
    defaults = data.get("defaults", {})  # attributes every rule of the file shares
    local, local_words = dict(variables), dict(words)
    for name, value in data.get("vars", {}).items():
        if isinstance(value, list):
            local_words[name] = tuple(value)
        local[name] = _alternation(value) if isinstance(value, list) else str(value)
    rules = []
    for raw in data.get("rule", []):
        rid = raw.get("id")
        where = f"{path} rule {rid or '?'}"
        if not rid or "pattern" not in raw:
            raise PatternError(f"{where}: every rule needs an id and a pattern")
        if not rid.startswith(family + "."):
            rid = f"{family}.{rid}"
        expanded = _expand(raw["pattern"], local, where, words=local_words)
        try:
            compiled = _compile(expanded, regex.VERSION0, lazy)
        except regex.error as exc:
            raise PatternError(f"{where}: invalid pattern: {exc}") from exc
        match, nomatch = _examples(raw.get("examples"), where)
        attrs = {**defaults, **{k: v for k, v in raw.items() if k not in _RESERVED}}
        for key, value in list(attrs.items()):
            if key.endswith("_pattern") and isinstance(value, (str, list)):
                sources = [value] if isinstance(value, str) else value
                if not all(isinstance(v, str) for v in sources):
                    raise PatternError(f"{where}: {key} must be a pattern or a list of patterns")
                try:
                    expanded_all = [_expand(v, local, where, words=local_words) for v in sources]
                    compiled_all = tuple(_compile_trigger(v, lazy, key in _STARTS) if key in _SCANNED
                                         else _compile(v, 0, lazy)
                                         for v in expanded_all)
                except (regex.error, re.error) as exc:
                    raise PatternError(f"{where}: invalid {key}: {exc}") from exc
                attrs[key] = compiled_all[0] if isinstance(value, str) else compiled_all
            elif key.endswith("_words"):  # names of lexicon lists, read at run time: a misspelt one would match nothing
                unknown = [n for n in ([value] if isinstance(value, str) else value) if n not in words]
                if unknown:
                    raise PatternError(f"{where}: {key} names no lexicon list: {', '.join(map(str, unknown))}")
        rules.append(
            Rule(rid, family, raw.get("description", ""), expanded, compiled, attrs, match, nomatch, str(path))
        )
    return rules


def load_rules(extra_dirs: Iterable[str | Path] = ()) -> RuleSet:
    """Shipped rules plus any user rule directories (later ids replace earlier ones)."""
    return _load_rules(tuple(str(d) for d in extra_dirs))


@lru_cache(maxsize=8)
def _load_rules(extra_dirs: tuple[str, ...]) -> RuleSet:
    dirs = [default_dir(), *(Path(d) for d in extra_dirs)]
    for d in dirs[1:]:
        if not d.is_dir():
            raise PatternError(f"{d}: not a directory of rule files")
    if extra_dirs:
        rules, shipped = _build(dirs)
    else:  # the shipped rules alone, as the last run that read these files built them
        rules = rulecache.remembered("ruleset", _built_from(dirs[0]), lambda: _build(dirs)[0], _RULESET_CLASSES)
        shipped = [rule for family in rules.families.values() for rule in family]
    rulecache.attach([p for rule in shipped for p in _patterns(rule) if isinstance(p, LazyPattern)])
    return rules


# What a rule set is made of (rulecache.remembered reads back nothing else).
_RULESET_CLASSES = (RuleSet, Rule, Example, LazyPattern, WordTree, WordStarts)


def _built_from(shipped: Path) -> Iterator[bytes]:
    """What the shipped rule set depends on: the rule files (name and content) and this module, which reads them."""
    yield Path(__file__).read_bytes()
    for path in sorted(shipped.glob("*.toml")):
        yield path.name.encode() + b"\0" + path.read_bytes()


def _build(dirs: list[Path]) -> tuple[RuleSet, list[Rule]]:
    """The rule set read from the rule files, and the shipped rules among them (their patterns lazy)."""
    lexicon_files = [d / "lexicon.toml" for d in dirs if (d / "lexicon.toml").is_file()]
    words, variables = _lexicon(lexicon_files)
    families: dict[str, dict[str, Rule]] = {}
    shipped: list[Rule] = []
    for d in dirs:
        for path in sorted(d.glob("*.toml")):
            if path.name == "lexicon.toml":
                continue
            for rule in _load_file(path, variables, words, lazy=d is dirs[0]):
                families.setdefault(rule.family, {})[rule.id] = rule
                if d is dirs[0]:
                    shipped.append(rule)
    return RuleSet({f: tuple(rs.values()) for f, rs in families.items()}, words), shipped


def _patterns(rule: Rule) -> Iterator[regex.Pattern | LazyPattern | WordTree]:
    """The rule's pattern and those of its `*_pattern` attributes."""
    for value in (rule.regex, *rule.attrs.values()):
        for pattern in value if isinstance(value, tuple) else (value,):
            if isinstance(pattern, (regex.Pattern, LazyPattern, WordTree)):
                yield pattern
