"""Strip portal furniture from an article's lines and find its headline, stamp, views and byline.

Portals print their furniture in blocks before the headline and after the byline;
a widget line inside the body is only removed when its rule says it is safe
anywhere (`where = "anywhere"`). Every removed non-blank line is reported with
its 1-based line number and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import regex

from .numbers import parse_count
from .patterns import Rule, RuleSet
from .record import Removed

# Portal furniture comes in short lines; a longer line is prose (or a dump with no line breaks).
MAX_WIDGET_LINE = 400
_WS = regex.compile(r"[ \t\f\v]+")
_SENTENCE_END = regex.compile(r"[.!?…;:]['\"”’)]*$")
_WORD = regex.compile(r"\w+")
_BULLETED = regex.compile(r"[•·●○◦▪▫■□►▶»›\-–*+]\s")


@dataclass
class Cleaned:
    text: str
    removed: list[Removed]
    title: str | None = None
    byline: str | None = None
    views: int | None = None
    stamp: str | None = None
    stamp_span: tuple[int, int] | None = None


@dataclass
class _Line:
    number: int
    raw: str
    text: str
    hit: Rule | None = None
    block: int | None = None  # line number of the block heading this line belongs to

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(text: str) -> list[str]:
    return text.split("\n")


def _squeeze(raw: str) -> str:
    """The line with runs of spaces and tabs as one space (most lines have none: skip the regex)."""
    return _WS.sub(" ", raw).strip() if "\t" in raw or "  " in raw or "\f" in raw or "\v" in raw else raw.strip()


@lru_cache(maxsize=4096)
def is_paragraph(text: str) -> bool:
    """Prose: long enough, or a sentence of some length; lists of links are neither.
    (Cached: the clean stage asks it of the same lines several times.)"""
    if len(text) > 300:
        return True
    words = len(_WORD.findall(text))
    return words >= 35 or (words >= 15 and bool(_SENTENCE_END.search(text)))


def clean(lines: list[str], rules: RuleSet, title_hint: str | None = None) -> Cleaned:
    """Classify every line, remove the furniture, and assemble the article text."""
    items = [_Line(i + 1, raw, _squeeze(raw)) for i, raw in enumerate(lines)]
    classify = classifier(rules)
    for item in items:
        if not item.blank:
            # Rules see the line's own spacing: runs of spaces separate the items of a menu.
            spaced = item.raw.replace("\t", "  ").strip()
            if len(spaced) <= MAX_WIDGET_LINE:
                item.hit = classify(spaced)
    _mark_blocks(items)

    content = [i for i, it in enumerate(items) if not it.blank and it.hit is None and it.block is None]
    views_rules = metadata_rules(rules, "views")
    # A list can swallow a page's short lines, but never its dateline: look past list membership.
    unhit = [it.text if it.hit is None else "" for it in items]
    stamp_idx = find_stamp(unhit, metadata_rules(rules, "stamp"), limit=40)
    head_idx = _find_headline(items, content, stamp_idx, title_hint, views_rules)
    byline_idx = _find_byline(items, content, head_idx, metadata_rules(rules, "byline"))
    views = _find_views(items, head_idx, stamp_idx, byline_idx, views_rules)
    end_idx = byline_idx if byline_idx is not None else (content[-1] if content else None)

    removed: list[Removed] = []
    kept: list[_Line] = []
    for idx, it in enumerate(items):
        if it.blank:
            kept.append(it)
            continue
        reason = _removal(it, idx, head_idx, end_idx, stamp_idx, views_rules)
        if reason is None:
            kept.append(it)
        else:
            removed.append(Removed(it.number, it.text, reason[0], reason[1]))

    text, starts = _assemble(kept)
    stamp = items[stamp_idx].text if stamp_idx is not None else None
    stamp_span = None
    if stamp_idx is not None and items[stamp_idx].number in starts:
        start = starts[items[stamp_idx].number]
        stamp_span = (start, start + len(stamp))
    title = items[head_idx].text if head_idx is not None else None
    byline = items[byline_idx].text if byline_idx is not None else None
    return Cleaned(text, removed, title, byline, views, stamp, stamp_span)


@lru_cache(maxsize=8)
def classifier(rules: RuleSet) -> Callable[[str], Rule | None]:
    """The first boilerplate rule a line matches, in one regex call per line for most lines.

    Widgets that are safe anywhere come first: a line that is one is removed even
    mid-body. Rules match the whole line, and become one alternation, each branch
    ending in an empty group named for its rule: the branch that matched is
    `lastgroup`. Rules with `match = "contains"` are searched in the line after that
    (searching is faster than matching a whole line as ".*X.*").
    """
    ordered = sorted(rules["boilerplate"], key=lambda r: r.attrs.get("where") != "anywhere")
    whole = [r for r in ordered if r.attrs.get("match") != "contains"]
    contains = [r for r in ordered if r.attrs.get("match") == "contains"]
    combined = regex.compile("|".join(f"(?:{r.pattern})(?P<_{i}>)" for i, r in enumerate(whole)), regex.VERSION0)

    def classify(line: str) -> Rule | None:
        m = combined.fullmatch(line)
        if m:
            return whole[int(m.lastgroup[1:])]
        return next((r for r in contains if r.regex.search(line)), None)

    return classify


def _mark_blocks(items: list[_Line]) -> None:
    """A block heading owns the short lines after it, until prose resumes or its end line."""
    owner: Rule | None = None
    owner_line = 0
    for it in items:
        if it.blank:
            continue
        if it.hit is not None and it.hit.attrs.get("scope") == "block":
            owner, owner_line = it.hit, it.number
            continue
        if owner is None:
            continue
        bulleted = bool(_BULLETED.match(it.text))
        if not bulleted and is_paragraph(it.text):
            owner = None
            continue
        it.block = owner_line
        end = owner.attrs.get("end_pattern")
        if end is not None and end.fullmatch(it.text):
            owner = None


def metadata_rules(rules: RuleSet, kind: str) -> list[Rule]:
    """The metadata rules of one kind: "stamp", "views" or "byline"."""
    return [r for r in rules["metadata"] if r.attrs.get("kind") == kind]


def find_stamp(lines: list[str], stamp_rules: list[Rule], limit: int = 8) -> int | None:
    """Index of the publication stamp: the last dateline among the first lines, before the prose starts."""
    found = None
    seen = 0
    for idx, line in enumerate(lines):
        if not line:
            continue
        if is_paragraph(line):
            break
        if any(r.regex.fullmatch(line) for r in stamp_rules):
            found = idx  # the last one wins: a today's-date widget tops many pages, the stamp sits by the headline
        seen += 1
        if seen >= limit:
            break
    return found


def _find_headline(items, content, stamp_idx, title_hint, views_rules) -> int | None:
    if title_hint:
        hint = _WS.sub(" ", title_hint).strip().casefold()
        for idx, it in enumerate(items):
            if it.text and (it.text.casefold() == hint or (len(it.text) > 20 and hint.startswith(it.text.casefold()))):
                return idx
    def fit(i: int) -> bool:
        return bool(items[i].text) and items[i].hit is None and not _only_views(items[i].text, views_rules)

    if stamp_idx is not None:
        # Portals print the headline next to the dateline: just above it, or (some) just below.
        before = [i for i in range(max(0, stamp_idx - 3), stamp_idx) if fit(i)]
        after = [i for i in range(stamp_idx + 1, min(len(items), stamp_idx + 4)) if fit(i)]
        if before and not _shouting(items[before[-1]].text):
            return before[-1]
        if after and not is_paragraph(items[after[0]].text):
            return after[0]
        if before:
            return before[-1]
    candidates = [i for i in content if i != stamp_idx and not _only_views(items[i].text, views_rules)]
    # A portal's or section's name in capitals often stands above the headline.
    lead = [i for i in candidates[:4] if not is_paragraph(items[i].text)]
    return next((i for i in lead if not _shouting(items[i].text)), candidates[0] if candidates else None)


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _find_byline(items, content, head_idx, byline_rules) -> int | None:
    """The last short signature line after which no prose follows."""
    if head_idx is None:
        return None
    body = [i for i in content if i > head_idx]
    for idx in reversed(body):
        text = items[idx].text
        if is_paragraph(text):
            return None
        if len(text) <= 100 and not regex.search(r"\d", text) and not text.endswith((".", ":", "!", "?")):
            if any(r.regex.fullmatch(text) for r in byline_rules):
                return idx
    return None


def _find_views(items, head_idx, stamp_idx, byline_idx, views_rules) -> int | None:
    """The article's own view counter: on the stamp line, near the headline, or just after the body."""
    zone = [i for i in range(len(items)) if head_idx is None or i <= head_idx + 4 or i == stamp_idx]
    prose = [i for i, it in enumerate(items) if it.text and it.hit is None and is_paragraph(it.text)]
    after = byline_idx if byline_idx is not None else (prose[-1] if prose else None)
    if after is not None:
        zone += list(range(after + 1, min(len(items), after + 8)))
    for idx in zone:
        it = items[idx]
        if it.blank or (idx != stamp_idx and (it.block is not None or it.hit is not None)):
            continue
        for rule in views_rules:
            m = rule.regex.search(it.text)
            if m:
                return parse_count(m.group("n"))
    return None


def _only_views(text: str, views_rules: list[Rule]) -> bool:
    return any(r.regex.fullmatch(text) for r in views_rules)


def _removal(it: _Line, idx: int, head_idx: int | None, end_idx: int | None, stamp_idx: int | None,
             views_rules: list[Rule]) -> tuple[str, str | None] | None:
    """Why this non-blank line goes, or None when it is article text."""
    if idx == stamp_idx:
        return None
    before = head_idx is not None and idx < head_idx
    after = end_idx is not None and idx > end_idx
    if it.hit is not None and (before or after or it.hit.attrs.get("where") == "anywhere"):
        return str(it.hit.attrs.get("kind", "boilerplate")), it.hit.id
    if _only_views(it.text, views_rules):
        return "view counter (kept as article.views)", "metadata.views"
    if it.block is not None and (before or after):
        return f"in the list under line {it.block}", None
    if before:
        return "before the headline: portal header", None
    if after:
        return "after the article's end: portal footer", None
    return None


def _assemble(kept: list[_Line]) -> tuple[str, dict[int, int]]:
    """Join kept lines; a run of blank lines becomes one blank line between paragraphs."""
    parts: list[str] = []
    starts: dict[int, int] = {}
    pos = 0
    gap = False
    for it in kept:
        if it.blank:
            gap = True
            continue
        if parts:
            sep = "\n\n" if gap else "\n"
            parts.append(sep)
            pos += len(sep)
        starts[it.number] = pos
        parts.append(it.text)
        pos += len(it.text)
        gap = False
    return "".join(parts), starts
