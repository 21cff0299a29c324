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

import functools
import re
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
# Small widgets that pages mark by class or id: share buttons, tool bars, font-size switches, tag lists.
_WIDGET_NAME = regex.compile(
    r"(?:^|[-_\s])(?:share|sharing|social|tools|toolbar|font-?size|print|breadcrumbs?|tags|rating|back-to-top)(?:$|[-_\s])",
    regex.IGNORECASE,
)
_WIDGET_MAX_TEXT = 200  # a "tools" wrapper holding more text than this is not a widget
# A list of at least this many items, each with at least this share of its printed characters
# in links (a date beside a headline is a third of it), is a menu or a box of teasers.
_LISTS = {"ul", "ol"}
_LINK_LIST_ITEMS = 3
_LINK_SHARE = 0.6
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


# A page nested deeper than libxml2 builds (256 levels) is rebuilt with the levels past this one flattened.
_MAX_DEPTH = 200


def parse_html(text: str, utf8: bytes | None = None) -> Page:
    """Render a page as text lines and read its title and publication stamp (`utf8`: the
    page's own bytes when they are the UTF-8 of `text`, which saves encoding it again)."""
    from lxml import etree  # imported here: text inputs never pay for lxml

    data = utf8 if utf8 is not None else text.encode("utf-8", "replace")
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is not None and any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops building past 256 levels and drops the text below: rebuild, flattened.
        capped = etree.HTMLParser(target=_CappedTree(etree.TreeBuilder()), encoding="utf-8")
        capped.feed(data)
        root = capped.close()
    if root is None:
        return Page([], None, None)
    page = _Facts(root)
    title = _meta(page.metas, ("og:title", "twitter:title"))
    if not title and page.h1 is not None:
        title = _squash(" ".join(page.h1.itertext()))
    if not title and page.title is not None:
        title = _squash(" ".join(page.title.itertext()))
    published = _published(page)
    lines = _render(root, page)
    if title and not any(lines):
        # A page with no body (or nothing visible in it): its headline is all it says.
        lines = [title]
    return Page(lines, title or None, published)


class _CappedTree:
    """A parser target building lxml elements, with elements nested deeper than _MAX_DEPTH
    left out (their text goes to the element at that depth): lxml links each new element
    to its ancestors, so a 100,000-level tree would take minutes to build."""

    def __init__(self, builder):
        self.builder = builder
        self.depth = 0

    def start(self, tag, attrib) -> None:
        self.depth += 1
        if self.depth <= _MAX_DEPTH:
            self.builder.start(tag, attrib)

    def end(self, tag) -> None:
        if self.depth <= _MAX_DEPTH:
            self.builder.end(tag)
        self.depth -= 1

    def data(self, text: str) -> None:
        self.builder.data(text)

    def close(self):
        return self.builder.close()


class _Facts:
    """What the page says about itself: its meta tags, <title>, first <h1>, <time> stamps, <body>."""

    def __init__(self, root):
        """One walk of the tree for all five tags (lxml filters by tag in C), not one per tag:
        67 -> 57 µs on a 42 KB bench page."""
        found: dict[str, list] = {"meta": [], "h1": [], "title": [], "time": [], "body": []}
        for el in root.iter(*found):
            found[el.tag].append(el)
        self.metas = [el.attrib for el in found["meta"]]
        h1s = found["h1"]
        self.h1 = h1s[0] if h1s else None
        self.single_h1 = len(h1s) == 1
        self.title = found["title"][0] if found["title"] else None
        self.times = [el.get("datetime") for el in found["time"] if el.get("datetime")]
        self.body = found["body"][0] if found["body"] else None


# Marks a block boundary while the text is assembled; NUL never survives loading.
_BREAK_MARK = "\x00"
# Several boundaries in a row (a literal: the standard library's `re` finds it fastest).
_BOUNDARIES = re.compile(_BREAK_MARK * 2 + "+")


def _render(root, page: _Facts) -> list[str]:
    """Walk the tree (lxml's iterwalk: no recursion, and dropped subtrees are never entered)."""
    from lxml import etree

    judge = _Judge(page)
    parts: list[str] = []
    # Per open element: whether it breaks a line, or None when it was dropped; and the sectioning depth.
    opened: list[bool | None] = []
    sectioned = 0
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, el in walk:
        name = el.tag
        if event == "end":
            block = opened.pop()
            if block is not None:
                if block:
                    parts.append(_BREAK_MARK)
                if name in _SECTIONING:
                    sectioned -= 1
            tail = el.tail  # lxml builds a new string on every access: read each once
            if tail:
                parts.append(tail)
            continue
        attrib = el.attrib
        if (not isinstance(name, str) or name in _DROP or (attrib and (_hidden(attrib) or judge.drop_widget(el, attrib)))
                or (name in _PAGE_LANDMARKS and not sectioned and not judge.holds_the_headline(el))
                or (name == "form" and judge.drop_form(el))
                or (name in _LISTS and _link_list(el))):
            walk.skip_subtree()
            opened.append(None)
            continue
        block = name in _BLOCK
        opened.append(block)
        if block:
            parts.append(_BREAK_MARK)
        if name in _SECTIONING:
            sectioned += 1
        text = el.text
        if text:
            parts.append(text)
    # White space inside the markup's text (line breaks included) is one space; only block
    # elements break lines: one boundary is a line break, several in a row a blank line.
    # (`str.split` splits at the characters `re`'s `\s` matches, 3x faster than `re.sub`;
    # the white space it drops at either end goes with the final `strip`.) The one space
    # left on either side of a boundary goes with it; then runs of boundaries are read
    # without a Python call per boundary (67 -> 34 µs a 42 KB page).
    text = " ".join("".join(parts).split())
    text = text.replace(" " + _BREAK_MARK, _BREAK_MARK).replace(_BREAK_MARK + " ", _BREAK_MARK)
    text = _BOUNDARIES.sub("\n\n", text).replace(_BREAK_MARK, "\n")
    return [line.strip() for line in normalise(text).strip().split("\n")]


class _Judge:
    """Decides the furniture that needs a look inside the element: forms and class-named widgets.

    Each decision walks part of the element's subtree; all of them together visit
    at most `_NODE_BUDGET` nodes, so a page of deeply nested widgets stays linear.
    Once the budget is spent, nothing more is dropped on these grounds.
    """

    def __init__(self, page: _Facts):
        self.page = page
        self.budget = _NODE_BUDGET
        self._widget_names: dict[str, bool] = {}

    def holds_the_headline(self, el) -> bool:
        """A page-level <header> around the page's one <h1>: the article's own header, kept."""
        return self.page.single_h1 and el.tag == "header" and next(el.iter("h1"), None) is not None

    def drop_form(self, form) -> bool:
        """A form is a widget unless it wraps the content: holds an <article> or <main>, or at
        least half the page's text. The page is counted only as far as that question needs."""
        measured = self._measure(form, wrapper_tags=True)
        if measured is None:
            return False
        size, wraps_content = measured
        if wraps_content:
            return False
        body = self.page.body
        page = self._measure(body if body is not None else form.getroottree().getroot(),
                             limit=int(size / _CONTENT_FORM_SHARE))
        if page is None:
            return False
        return not (page[0] > 0 and size >= _CONTENT_FORM_SHARE * page[0])

    def drop_widget(self, el, attrib) -> bool:
        names = f"{attrib.get('class') or ''} {attrib.get('id') or ''}"
        if names == " ":
            return False
        named = self._widget_names.get(names)
        if named is None:  # pages repeat their class names: judge each once
            named = self._widget_names[names] = _WIDGET_NAME.search(names) is not None
        if not named:
            return False
        measured = self._measure(el, limit=_WIDGET_MAX_TEXT)
        return measured is not None and measured[0] <= _WIDGET_MAX_TEXT

    def _measure(self, el, limit: int | None = None, wrapper_tags: bool = False) -> tuple[int, bool] | None:
        """Characters of visible text under an element (scripts, styles, controls not counted), counted
        up to past `limit`, and whether it holds an <article> or <main>; None when the node budget ran out."""
        from lxml import etree

        size = 0
        walk = etree.iterwalk(el, events=("start",))
        for _, node in walk:
            self.budget -= 1
            if self.budget < 0:
                return None
            if node is not el and node.tail:
                size += len(node.tail.strip())
            name = node.tag
            if not isinstance(name, str) or name in _DROP:
                walk.skip_subtree()
                continue
            if wrapper_tags and node is not el and name in ("article", "main"):
                return size, True
            if node.text:
                size += len(node.text.strip())
            if limit is not None and size > limit:
                break
        return size, False


def _link_list(el) -> bool:
    """A list of links (menus, "most read", related news with their dates): at least
    _LINK_LIST_ITEMS items, each mostly the text of its links. Article text is not written
    that way; a list of people whose names link to profiles keeps its positions unlinked.

    An element's text ("".join(el.itertext())) is serialised by libxml2 in one call, 2x faster
    than joining lxml's text iterator (lists: 400 -> 200 µs a 42 KB page); a link with no child
    element (nine in ten) is its own text. An item's links are picked from all its elements:
    lxml's iterator filtered by tag costs more to set up than a menu item has elements to walk."""
    from lxml.etree import tostring

    text_of = functools.partial(tostring, method="text", encoding=str, with_tail=False)
    items = 0
    for li in el:
        if li.tag != "li":
            continue
        text = _ink(text_of(li))
        links = sum(_ink(text_of(a) if len(a) else a.text or "") for a in li.iter() if a.tag == "a")
        if not text or links < _LINK_SHARE * text:
            return False
        items += 1
    return items >= _LINK_LIST_ITEMS


def _ink(text: str) -> int:
    """Printed characters: all but white space (a count, so a text's ink is the sum of its parts')."""
    return len("".join(text.split()))


def _hidden(attrs) -> bool:
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _meta(metas, names: tuple[str, ...]) -> str | None:
    for attrs in metas:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in names and attrs.get("content"):
            return _squash(attrs["content"])
    return None


def _published(page: _Facts) -> str | None:
    raw = _meta(page.metas, _PUBLISHED_META) or (page.times[0] if page.times else None)
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
