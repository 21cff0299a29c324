"""One document in, one record out: load -> clean -> extract. Pure: no file or network I/O."""

from __future__ import annotations

import hashlib
import time
from datetime import date

from .clean import Cleaned, clean, find_stamp, metadata_rules, split_lines
from .extract import dates, elections, events, officials, percentages, ratios, terms, votes
from .extract.context import BudgetExceeded, Context
from .limits import DEFAULT_BUDGET
from .load import LoadError, Loaded, load
from .patterns import RuleSet, load_rules
from .record import Article, Facts, Record, Source

# Order matters: each family may read the facts of those before it.
FAMILIES = (
    ("dates", dates.find),
    ("terms", terms.find),
    ("ratios", ratios.find),
    ("percentages", percentages.find),
    ("events", events.find),
    ("officials", officials.find),
    ("elections", elections.find),
    ("votes", votes.find),
)


def extract(data: str | bytes, *, path: str | None = None, rules: RuleSet | None = None,
            budget: float | None = DEFAULT_BUDGET) -> Record:
    """Extract the record of one document given as bytes (any encoding) or text.

    The budget counts from the call: reading and cleaning a huge document use it up too."""
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    elif not isinstance(data, (bytes, str)):
        raise TypeError(f"extract() takes the document as bytes (any supported encoding) or str, "
                        f"not {type(data).__name__}")
    deadline = time.monotonic() + budget if budget else None
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")  # lone surrogates hash too
    source = Source(path, hashlib.sha256(raw).hexdigest(), len(raw))
    try:
        loaded = load(data)
    except LoadError as exc:
        return failed(source, exc.kind, str(exc))
    except BudgetExceeded as exc:  # (the CLI's alarm can ring while a huge document is decoded)
        return failed(source, "timeout", f"extraction took longer than {budget:g} s: {exc}")
    del data, raw  # a caller that handed the bytes over does not hold a huge document twice
    source.format, source.encoding, source.warnings = loaded.format, loaded.encoding, loaded.warnings
    rules = rules or load_rules()
    try:
        return _extract(loaded, source, rules, deadline)
    except BudgetExceeded as exc:
        return failed(source, "timeout", f"extraction took longer than {budget:g} s: {exc}")
    except RecursionError:
        return failed(source, "too_complex", "the document nests too deeply to parse")


def failed(source: Source, kind: str, message: str) -> Record:
    return Record(source, status="error", error={"type": kind, "message": message})


def _extract(loaded: Loaded, source: Source, rules: RuleSet, deadline: float | None) -> Record:
    title_hint = published = None
    if loaded.format == "html":
        from .html import parse_html

        page = parse_html(loaded.text, loaded.utf8)
        lines, title_hint, published = page.lines, page.title, page.published
        del page
    else:
        lines = split_lines(loaded.text)
    loaded.text = loaded.utf8 = None  # the lines hold the text now: a huge document is not kept twice
    _check(deadline, "reading")
    cleaned = clean(lines, rules, title_hint)
    del lines  # nor kept line by line while its facts are found
    _check(deadline, "cleaning")
    if published is None and cleaned.stamp:
        published = _published(cleaned.stamp, rules)
    facts = extract_facts(cleaned.text, rules, published=published, stamp_span=cleaned.stamp_span,
                          exclude=_byline_spans(cleaned), deadline=deadline, warnings=source.warnings)
    article = Article(cleaned.title, published, cleaned.views, cleaned.byline, cleaned.text)
    return Record(source, article, cleaned.removed, facts)


def extract_facts(text: str, rules: RuleSet | None = None, *, published: str | None = None,
                  stamp_span: tuple[int, int] | None = None, exclude: list[tuple[int, int]] | None = None,
                  deadline: float | None = None, warnings: list[str] | None = None) -> Facts:
    """Every fact family over an already clean text (spans index into `text`); rules cut short
    on a text that is not an article are reported in `warnings`."""
    rules = rules or load_rules()
    if stamp_span is None:
        stamp_span = _stamp_in(text, rules)
        if stamp_span is not None and published is None:
            published = _published(text[stamp_span[0]:stamp_span[1]], rules)
    ctx = Context(text, rules, deadline=deadline, stamp_span=stamp_span, exclude=exclude or [])
    ctx.published = date.fromisoformat(published[:10]) if published else None
    for name, find in FAMILIES:
        setattr(ctx.facts, name, find(ctx))
    if warnings is not None:
        warnings.extend(ctx.warnings)
    return ctx.facts


def _check(deadline: float | None, stage: str) -> None:
    if deadline is not None and time.monotonic() >= deadline:
        raise BudgetExceeded(f"time budget used up by {stage}")


def _stamp_in(text: str, rules: RuleSet) -> tuple[int, int] | None:
    """The span of a dateline among the first lines of a text that went through no clean stage."""
    lines = text.split("\n")
    idx = find_stamp([line.strip() for line in lines], metadata_rules(rules, "stamp"))
    if idx is None:
        return None
    start = sum(len(line) + 1 for line in lines[:idx]) + (len(lines[idx]) - len(lines[idx].lstrip()))
    return start, start + len(lines[idx].strip())


def _published(stamp: str, rules: RuleSet) -> str | None:
    """The stamp line's date (and time) as the record's `published` value."""
    ctx = Context(stamp, rules)
    found = [d for d in dates.find(ctx) if len(d.value) == 10 and not d.value.startswith("--")]
    if not found:
        return None
    d = found[0]
    return d.value + (f"T{d.time}" if d.time else "")


def _byline_spans(cleaned: Cleaned) -> list[tuple[int, int]]:
    if not cleaned.byline:
        return []
    start = cleaned.text.rfind(cleaned.byline)
    return [(start, start + len(cleaned.byline))] if start >= 0 else []
