"""Saved HTML pages to lines of text, plus the metadata the page states itself.

Page furniture that HTML marks as such (scripts, menus, asides, form controls,
hidden elements, the page's own header and footer) is dropped here; the rest
becomes one line per block element and goes through the same cleaning as a text
dump. Entities are decoded by the parser, so the rendered text is normalised
again (`&nbsp;`, `&shy;`, `&#8203;` and decomposed `&#769;` accents behave like
their plain-text forms).

Two kinds of markup are furniture only in some places:

- `<header>` and `<footer>` are the page's banner and footer only outside
  `<article>`, `<main>`, `<section>`, `<aside>` and `<nav>` (the HTML landmark
  rule); an article's own header holds its headline and dateline. A page-level
  <header> around the page's only <h1> is kept too.
- `<form>` is dropped (search boxes, polls, comment forms) unless it wraps the
  page's content, as ASP.NET pages wrap the whole body in one form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta, timezone

import regex

from .load import normalise

_DROP = {"script", "style", "noscript", "template", "iframe", "svg", "canvas", "nav", "aside", "button",
         "select", "option", "input", "textarea", "object", "embed", "head", "datalist", "map", "dialog"}
# Furniture only when they belong to the page itself, not to a sectioning element.
_PAGE_LANDMARKS = {"header", "footer"}
_SECTIONING = {"article", "main", "section", "aside", "nav"}
# A form holding at least this share of the page's text is the page's wrapper, not a widget.
_CONTENT_FORM_SHARE = 0.5
_NODE_BUDGET = 200_000  # nodes visited, in all, to judge forms and widgets
_SPACE_RUN = regex.compile(r"\s+")
# Small widgets that pages mark by class or id: share buttons, tool bars, font-size switches, tag lists.
_WIDGET_NAME = regex.compile(
    r"(?:^|[-_\s])(?:share|sharing|social|tools|toolbar|font-?size|print|breadcrumbs?|tags|rating|back-to-top)(?:$|[-_\s])",
    regex.IGNORECASE,
)
_WIDGET_MAX_TEXT = 200  # a "tools" wrapper holding more text than this is not a widget
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "tbody", "thead", "h1", "h2", "h3", "h4", "h5",
          "h6", "article", "section", "main", "figure", "figcaption", "blockquote", "dd", "dt", "dl", "pre",
          "address", "hr", "center", "body", "td", "th", "header", "footer", "form", "fieldset", "legend",
          "caption", "details", "summary"}
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate",
                   "publishdate", "date", "dc.date.issued", "dc.date")


@dataclass
class Page:
    lines: list[str]
    title: str | None
    published: str | None


def parse_html(text: str) -> Page:
    """Render a page as text lines and read its title and publication stamp."""
    from bs4 import BeautifulSoup  # imported here: text inputs never pay for bs4

    soup = BeautifulSoup(text, "lxml")
    title = _meta(soup, ("og:title", "twitter:title"))
    h1 = soup.find("h1")
    if not title and h1 is not None:
        title = _squash(h1.get_text(" "))
    if not title and soup.title is not None:
        title = _squash(soup.title.get_text(" "))
    published = _published(soup)
    lines = _render(soup)
    if title and not any(lines):
        # A page with no body (or nothing visible in it): its headline is all it says.
        lines = [title]
    return Page(lines, title or None, published)


def _render(soup) -> list[str]:
    """Walk the tree iteratively (deep pages must not overflow the stack)."""
    from bs4 import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

    skip = (Comment, Declaration, Doctype, ProcessingInstruction)
    judge = _Judge(soup)
    parts: list[str] = []
    # (node, closing, inside a sectioning element)
    stack: list[tuple[object, bool, bool]] = [(soup, False, False)]
    while stack:
        node, closing, sectioned = stack.pop()
        if isinstance(node, Tag):
            name = (node.name or "").lower()
            if closing:
                if name in _BLOCK:
                    parts.append("\n")
                continue
            if name in _DROP or _hidden(node):
                continue
            if name in _PAGE_LANDMARKS and not sectioned and not judge.holds_the_headline(node):
                continue
            if name == "form" and judge.drop_form(node):
                continue
            if judge.drop_widget(node):
                continue
            if name in _BLOCK:
                parts.append("\n")
            inner = sectioned or name in _SECTIONING
            stack.append((node, True, sectioned))
            stack.extend((child, False, inner) for child in reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, skip):
            parts.append(_SPACE_RUN.sub(" ", str(node)))
    text = normalise("".join(parts))
    text = regex.sub(r"[^\S\n]+", " ", text)
    text = regex.sub(r" ?\n[ \n]*\n ?", "\n\n", text)
    return [line.strip() for line in text.strip().split("\n")]


class _Judge:
    """Decides the furniture that needs a look inside the element: forms and class-named widgets.

    Each decision walks part of the element's subtree; all of them together visit
    at most `_NODE_BUDGET` nodes, so a page of deeply nested widgets stays linear.
    Once the budget is spent, nothing more is dropped on these grounds.
    """

    def __init__(self, soup):
        self.soup = soup
        self._page: int | None = None
        self.budget = _NODE_BUDGET
        self._single_h1 = len(soup.find_all("h1", limit=2)) == 1

    def holds_the_headline(self, tag) -> bool:
        """A page-level <header> around the page's one <h1>: the article's own header, kept."""
        return self._single_h1 and tag.name == "header" and tag.find("h1") is not None

    def drop_form(self, form) -> bool:
        if self._page is None:
            page = self._measure(self.soup.body or self.soup)
            self._page = page[0] if page else 0
        measured = self._measure(form, limit=int(_CONTENT_FORM_SHARE * self._page) + 1, wrapper_tags=True)
        if measured is None:
            return False
        size, wraps_content = measured
        return not (wraps_content or (self._page > 0 and size >= _CONTENT_FORM_SHARE * self._page))

    def drop_widget(self, tag) -> bool:
        attrs = tag.attrs or {}
        classes = attrs.get("class") or []
        names = " ".join(classes if isinstance(classes, list) else [str(classes)]) + " " + str(attrs.get("id") or "")
        if not names.strip() or not _WIDGET_NAME.search(names):
            return False
        measured = self._measure(tag, limit=_WIDGET_MAX_TEXT)
        return measured is not None and measured[0] <= _WIDGET_MAX_TEXT

    def _measure(self, tag, limit: int | None = None, wrapper_tags: bool = False) -> tuple[int, bool] | None:
        """Characters of visible text under a tag (scripts, styles, controls not counted), counted up to
        past `limit`, and whether it holds an <article> or <main>; None when the node budget ran out.

        Walks `.contents` itself: bs4's `.descendants` first descends to the last leaf, which
        costs the page's depth on every call.
        """
        from bs4 import NavigableString, Tag

        size = 0
        stack = list(reversed(tag.contents))
        while stack:
            node = stack.pop()
            self.budget -= 1
            if self.budget < 0:
                return None
            if isinstance(node, Tag):
                name = node.name
                if wrapper_tags and name in ("article", "main"):
                    return size, True
                if name not in _DROP:
                    stack.extend(reversed(node.contents))
            elif type(node) is NavigableString:
                size += len(node.strip())
                if limit is not None and size > limit:
                    break
        return size, False is not None and size <= _WIDGET_MAX_TEXT

    def _size(self, tag, limit: int | None = None) -> int | None:
        """Characters of visible text under a tag (scripts, styles, controls not counted), counted up to
        past `limit`; None when the node budget ran out first."""
        from bs4 import NavigableString

        size = 0
        for node in tag.descendants:
            self.budget -= 1
            if self.budget < 0:
                return None
            if type(node) is NavigableString:
                parent = node.parent
                if parent is not None and parent.name not in _DROP:
                    size += len(node.strip())
                    if limit is not None and size > limit:
                        break
        return size


def _hidden(tag) -> bool:
    attrs = tag.attrs or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _meta(soup, names: tuple[str, ...]) -> str | None:
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        if key in names and tag.get("content"):
            return _squash(tag["content"])
    return None


def _published(soup) -> str | None:
    raw = _meta(soup, _PUBLISHED_META)
    if not raw:
        time_tag = soup.find("time", attrs={"datetime": True})
        raw = time_tag["datetime"] if time_tag is not None else None
    if not raw:
        return None
    return stamp_value(raw)


# Vietnamese portals publish in Indochina Time; a stamp given in UTC is shown as the page's local time.
VIETNAM = timezone(timedelta(hours=7))


def stamp_value(raw: str) -> str | None:
    """A machine-readable timestamp ("2023-05-15T02:30:00Z", "Mon, 15 May 2023 09:30:00 +0700")
    as the record's `published`: "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM" when it has a time."""
    from dateutil import parser

    raw = raw.strip()
    try:
        stamp = parser.isoparse(raw)
    except ValueError:
        try:
            stamp = parser.parse(raw, fuzzy=False)
        except (ValueError, OverflowError):
            return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(VIETNAM)
    has_time = bool(regex.search(r"\d{1,2}:\d{2}", raw))
    return stamp.strftime("%Y-%m-%dT%H:%M" if has_time else "%Y-%m-%d")


def _squash(text: str) -> str:
    return regex.sub(r"\s+", " ", normalise(text)).strip()
