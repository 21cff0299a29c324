"""Strip portal furniture from an article's lines and find its headline, stamp, views and byline.

A line goes only when it looks like furniture: a boilerplate rule matches it and it stands
above the article or below its end (or the rule says it is safe anywhere), it belongs to
a list a rule's heading opens there, or it is a short label above the headline. Running
text (a paragraph, a sentence, a line of 8 or more words, a line with a term, ordinal or
percentage) stays wherever it stands, so a text that opens with its body loses nothing.
Every removed non-blank line is reported with its 1-based line number, reason and evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence
import re

import regex

from .numbers import parse_count
from .patterns import CONCURRENT, Rule, RuleSet, compile_cached
from .record import Removed

# Portal furniture comes in short lines; a longer line is prose (or a dump with no line breaks).
MAX_WIDGET_LINE = 400
# Runs of spaces and tabs to squeeze into one space; a lone space is left as it is (in a long line with runs between
# its items, up to 14,000 characters in the corpus, every space was a replacement); `re` runs this class faster than `regex`.
_WS = re.compile(r"(?: [ \t\f\v]|[\t\f\v])[ \t\f\v]*")
_SENTENCE_END = regex.compile(r"[.!?…;:]['\"”’)]*$")
_WORD = regex.compile(r"\w+")
_BULLETED = regex.compile(r"[•·●○◦▪▫■□►▶»›\-–*+]\s")
_FULL_STOP = regex.compile(r"(?<!\.)[.!?]['\"”’)]*$")  # a sentence's end; "..." ends a cut-off teaser
_PERIOD = regex.compile(r"(?<!\.)\.['\"”’)]*$")
_SENTENCE_CLOSE = regex.compile(r"[.:;]['\"”’)]*$")  # headlines end without these
# Photo captions and credits after a signature: how far back from the end it may stand.
_CAPTION_LINES = 12
# How far from a paragraph's end a run-in signature may start (a long name over its agency is ~60 characters).
_GLUED_TAIL = 120


@dataclass
class Cleaned:
    text: str
    removed: list[Removed]
    title: str | None = None
    byline: str | None = None
    views: int | None = None
    stamp: str | None = None
    stamp_span: tuple[int, int] | None = None


@dataclass(slots=True)
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
    views_rules, cues = metadata_rules(rules, "views"), metadata_rules(rules, "cue")
    # A list can swallow a page's short lines, but never its dateline: look past list membership.
    unhit = [it.text if it.hit is None else "" for it in items]
    stamp_idx = find_stamp(unhit, metadata_rules(rules, "stamp"), limit=40)
    stamp_len = None
    if stamp_idx is None:
        stamp_idx, stamp_len = _stamp_lead(unhit, metadata_rules(rules, "stamp_lead"))
    # A stamp inside the lead stands below the headline, not beside it: look for the headline as without one.
    head_idx = _find_headline(items, content, stamp_idx if stamp_len is None else None, title_hint, views_rules, cues)
    start_idx = head_idx if head_idx is not None else (content[0] if content else None)
    body = [i for i in content if start_idx is None or i > start_idx]
    byline = _find_byline(items, body, metadata_rules(rules, "byline"), metadata_rules(rules, "signature"),
                          metadata_rules(rules, "credit")) or _glued_byline(items, body, metadata_rules(rules, "glued_signature"))
    byline_idx = byline[0] if byline else None
    views = _find_views(items, start_idx, stamp_idx, byline_idx, views_rules)
    end_idx = byline_idx if byline_idx is not None else (content[-1] if content else None)

    edges = _Edges(head_idx, start_idx, end_idx, byline_idx)
    del content, body, unhit  # a dump's hundreds of thousands of line indexes: not held while its text is joined
    removed: list[Removed] = []
    kept: list[_Line] = []
    for idx, it in enumerate(items):
        if it.blank:
            kept.append(it)
            continue
        why = None if idx == stamp_idx else _removal(it, idx, edges, views_rules, cues, items)
        if why is None:
            kept.append(it)
        else:
            removed.append(Removed(it.number, it.text, *why))

    text, stamp_start = _assemble(kept, items[stamp_idx].number if stamp_idx is not None else None)
    stamp = stamp_span = None
    if stamp_idx is not None:
        line = items[stamp_idx].text
        stamp = line if stamp_len is None else line[:stamp_len]
        if stamp_start is not None:
            stamp_span = (stamp_start, stamp_start + len(stamp))
    title = items[head_idx].text if head_idx is not None else None
    return Cleaned(text, removed, title, byline[1] if byline else None, views, stamp, stamp_span)


@lru_cache(maxsize=8)
def classifier(rules: RuleSet) -> Callable[[str], Rule | None]:
    """The first boilerplate rule a line matches, in one regex call per line for most lines.

    Widgets that are safe anywhere come first: a line that is one is removed even
    mid-body. Rules match the whole line, and become one alternation, each branch
    ending in an empty group named for its rule: the branch that matched is
    `lastgroup`. Rules with `match = "contains"` are searched in the line after that
    (searching is faster than matching a whole line as ".*X.*"). Answers are remembered:
    pages saved from one portal repeat its menus, footers and boxes line for line.
    """
    ordered = sorted(rules["boilerplate"], key=lambda r: r.attrs.get("where") != "anywhere")
    whole = [r for r in ordered if r.attrs.get("match") != "contains"]
    contains = [r for r in ordered if r.attrs.get("match") == "contains"]
    combined = compile_cached("|".join(f"(?:{r.pattern})(?P<_{i}>)" for i, r in enumerate(whole)))

    @lru_cache(maxsize=4096)
    def classify(line: str) -> Rule | None:
        m = combined.fullmatch(line, 0, None, CONCURRENT)
        if m:
            return whole[int(m.lastgroup[1:])]
        return next((r for r in contains if r.regex.search(line, 0, None, CONCURRENT)), None)

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
        # A list holds names and headlines; a paragraph or a sentence (a photo caption) ends it.
        if not _BULLETED.match(it.text) and (is_paragraph(it.text) or _is_sentence(it.text)):
            owner = None
            continue
        it.block = owner_line
        end = owner.attrs.get("end_pattern")
        if end is not None and end.fullmatch(it.text):
            owner = None


def metadata_rules(rules: RuleSet, kind: str) -> tuple[Rule, ...]:
    """The metadata rules of one kind: "stamp", "stamp_lead", "views", "byline", "signature", "glued_signature", "credit" or "cue".
    Picked once per rule set (held by the set): a document asks nine times."""
    key = f"metadata.{kind}"
    picked = rules.derived.get(key)
    if picked is None:
        picked = rules.derived[key] = tuple(r for r in rules["metadata"] if r.attrs.get("kind") == kind)
    return picked


def find_stamp(lines: list[str], stamp_rules: Sequence[Rule], limit: int = 8) -> int | None:
    """Index of the publication stamp: the last dateline among the first lines, before the prose starts."""
    found = None
    seen = 0
    for idx, line in enumerate(lines):
        if not line:
            continue
        if is_paragraph(line):
            break
        if any(r.regex.fullmatch(line, 0, None, CONCURRENT) for r in stamp_rules):
            found = idx  # the last one wins: a today's-date widget tops many pages, the stamp sits by the headline
        seen += 1
        if seen >= limit:
            break
    return found


def _stamp_lead(lines: list[str], lead_rules: Sequence[Rule], limit: int = 40) -> tuple[int | None, int | None]:
    """A stamp printed at the start of a line of the lead (index, length of the stamp): the
    first lines up to the first paragraph are searched, as for a stamp on its own line."""
    seen = 0
    for idx, line in enumerate(lines):
        if not line:
            continue
        for rule in lead_rules:
            m = rule.regex.fullmatch(line, 0, None, CONCURRENT)
            if m:
                return idx, len(m.group("stamp"))
        seen += 1
        if is_paragraph(line) or seen >= limit:
            break
    return None, None


def _is_sentence(text: str) -> bool:
    """A statement closed by a full stop; list items (headlines, names) and cut-off teasers ("...") are not."""
    return len(text.split()) >= 3 and bool(_PERIOD.search(text))


def is_running_text(text: str, cues: Sequence[Rule]) -> bool:
    """Article text wherever it stands: a paragraph, a line of 8 or more words, a sentence,
    or a line holding a term, an ordinal or a percentage. Portal furniture is none of these."""
    if is_paragraph(text):
        return True
    words = len(text.split())
    if words >= 8:
        return True
    if words >= 3 and _FULL_STOP.search(text):
        return True
    return any(r.regex.search(text, 0, None, CONCURRENT) for r in cues)


def _find_headline(items, content, stamp_idx, title_hint, views_rules, cues) -> int | None:
    """The headline: the page's own title, the line by the dateline, or the first short line
    before the prose starts. A text that opens with prose has none."""
    if title_hint:
        hint = _WS.sub(" ", title_hint).strip().casefold()
        for idx, it in enumerate(items):
            if it.text and (it.text.casefold() == hint or (len(it.text) > 20 and hint.startswith(it.text.casefold()))):
                return idx

    def fit(i: int) -> bool:
        text = items[i].text
        return (bool(text) and items[i].hit is None and not _only_views(text, views_rules)
                and not is_paragraph(text) and not _SENTENCE_CLOSE.search(text))

    if stamp_idx is not None:
        # Portals print the headline next to the dateline: just above it, or (some) just below.
        before = [i for i in range(max(0, stamp_idx - 3), stamp_idx) if fit(i)]
        after = [i for i in range(stamp_idx + 1, min(len(items), stamp_idx + 4)) if fit(i)]
        if before and not _shouting(items[before[-1]].text):
            return before[-1]
        if after:
            return after[0]
        if before:
            return before[-1]
    lead: list[int] = []
    for i in content:
        if i == stamp_idx or _only_views(items[i].text, views_rules):
            continue
        if not fit(i) or len(lead) == 4:
            break
        lead.append(i)
    # A portal's or section's name in capitals often stands above the headline; a headline in
    # capitals names its congress or carries a figure (a date, a count), which a section's name never does.
    return next((i for i in lead if not _shouting(items[i].text) or any(c.isdigit() for c in items[i].text)
                 or any(r.regex.search(items[i].text) for r in cues)),
                lead[0] if lead else None)


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _find_byline(items, body, byline_rules, signature_rules, credit_rules) -> tuple[int, str] | None:
    """The closing signature (its line index and text), alone on its line near the end: a
    short line matching a byline rule with no paragraph after it, or a bare signature with
    photo captions and credits after it. A name among names is a list, not a signature;
    a source line ("Theo ...") under a signature leaves the signature as the byline; a photo
    credit ("Ảnh: ...") signs a picture, not the article."""
    tail = [i for i in body[-_CAPTION_LINES:] if not any(r.regex.fullmatch(items[i].text, 0, None, CONCURRENT) for r in credit_rules)]
    texts = [items[i].text for i in tail]

    def named(k: int) -> bool:
        return 0 <= k < len(texts) and _signature(texts[k], signature_rules) and not _source(texts[k])

    after_paragraph = False
    for pos in range(len(texts) - 1, -1, -1):
        text = texts[pos]
        if len(text) > 300:
            break
        if named(pos - 1) or named(pos + 1):
            if _source(text) and named(pos - 1) and not named(pos - 2):
                return tail[pos - 1], texts[pos - 1]
        elif _signature(text, signature_rules) or (not after_paragraph and _closing_line(text, byline_rules)):
            return tail[pos], text
        after_paragraph = after_paragraph or is_paragraph(text)
    return None


def _glued_byline(items, body, glued_rules) -> tuple[int, str] | None:
    """A signature run into the end of the last paragraph, as pages saved as one line have it
    ("... trong những năm tiếp theo. Phạm Diệp"). Only a name that reads as nothing but a
    signature there: a surname-led full name or a name over its agency; two given names
    ("Thu Hằng") are a pen name no surname marks off from the sentence before, and are left."""
    last = next((i for i in reversed(body) if items[i].text), None)
    if last is None or not is_paragraph(items[last].text):
        return None
    text = items[last].text
    tail = max(0, len(text) - _GLUED_TAIL)  # the signature ends the paragraph: only its tail is searched
    for rule in glued_rules:
        m = rule.regex.search(text, tail)
        if m:
            return last, m.group("sig")
    return None


def _closing_line(text: str, byline_rules: Sequence[Rule]) -> bool:
    """A short line that signs off: no figures, no sentence punctuation, a byline rule's shape."""
    return (len(text) <= 100 and not regex.search(r"\d", text) and not text.endswith((".", ":", "!", "?"))
            and any(r.regex.fullmatch(text, 0, None, CONCURRENT) for r in byline_rules))


def _source(text: str) -> bool:
    return text.casefold().startswith("theo ")


def _signature(text: str, signature_rules: Sequence[Rule]) -> bool:
    return len(text) <= 80 and any(r.regex.fullmatch(text, 0, None, CONCURRENT) for r in signature_rules)


def _find_views(items, start_idx, stamp_idx, byline_idx, views_rules) -> int | None:
    """The article's own view counter: on the stamp line, near the headline (or first line), or just after the body."""
    zone = [i for i in range(len(items)) if start_idx is None or i <= start_idx + 4 or i == stamp_idx]
    after = byline_idx if byline_idx is not None else next(
        (i for i in range(len(items) - 1, -1, -1) if items[i].text and items[i].hit is None and is_paragraph(items[i].text)),
        None)  # the last paragraph, looked for from the end
    if after is not None:
        zone += list(range(after + 1, min(len(items), after + 8)))
    for idx in zone:
        it = items[idx]
        if it.blank or (idx != stamp_idx and (it.block is not None or it.hit is not None)):
            continue
        for rule in views_rules:
            m = rule.regex.search(it.text, 0, None, CONCURRENT) if rule.may_match(it.text) else None  # (a sapo can be 2,000 characters)
            if m:
                return parse_count(m.group("n"))
    return None


def _only_views(text: str, views_rules: Sequence[Rule]) -> bool:
    return any(r.regex.fullmatch(text, 0, None, CONCURRENT) for r in views_rules)


@dataclass
class _Edges:
    """Where the article stands among the lines: its headline, first and last line (indices)."""
    head: int | None
    start: int | None
    end: int | None
    byline: int | None

    def where(self, idx: int) -> str | None:
        """"above" the article, "below" it, or None within it."""
        if self.start is not None and idx < self.start:
            return "above"
        if self.end is not None and idx > self.end:
            return "below"
        return None

    def evidence(self, idx: int, items: list[_Line]) -> str:
        if self.where(idx) == "above":
            mark = self.head if self.head is not None else self.start
            return f"above the {'headline' if self.head is not None else 'first article line'} (line {items[mark].number})"
        last = "its byline" if self.end == self.byline else "its last line"
        return f"below the article's end (line {items[self.end].number}, {last})"


def _removal(it: _Line, idx: int, edges: _Edges, views_rules: Sequence[Rule], cues: Sequence[Rule],
             items: list[_Line]) -> tuple[str, str | None, str] | None:
    """Why this non-blank line goes (reason, rule, evidence), or None when it is article text."""
    where = edges.where(idx)
    if it.hit is not None and (where or it.hit.attrs.get("where") == "anywhere"):
        place = edges.evidence(idx, items) if where else "a widget no sentence looks like, removed anywhere"
        return (str(it.hit.attrs.get("kind", "boilerplate")), it.hit.id,
                f"matches {it.hit.id} ({it.hit.description}); {place}")
    if _only_views(it.text, views_rules):
        return "view counter (kept as article.views)", "metadata.views", "the whole line is the article's view count"
    if it.block is not None and where:
        return (f"in the list under line {it.block}", None,
                f"a short line of the list that line {it.block} opens; {edges.evidence(idx, items)}")
    if where == "above" and not is_running_text(it.text, cues):
        return ("before the headline: portal header", None,
                f"{edges.evidence(idx, items)}, and no article text: {len(it.text.split())} words, "
                "no sentence, no term, ordinal or percentage")
    return None


def _assemble(kept: list[_Line], stamp: int | None) -> tuple[str, int | None]:
    """Join kept lines; a run of blank lines becomes one blank line between paragraphs. Also
    where the line numbered `stamp` starts in the text, if kept (only its: a dump of
    hundreds of thousands of lines is not given a table of them all)."""
    parts: list[str] = []
    stamp_start = None
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
        if it.number == stamp:
            stamp_start = pos
        parts.append(it.text)
        pos += len(it.text)
        gap = False
    return "".join(parts), stamp_start
