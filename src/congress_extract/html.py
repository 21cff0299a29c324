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


class _Node:
    """An element: lighter than a bs4 Tag or an lxml element, and with no depth limit."""

    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []


class _TreeBuilder:
    """lxml's parser target: builds `_Node`s and notes, on the way, what the page says about itself.

    libxml2 parses (fast, and lenient with broken markup); its own tree would stop at
    256 levels of nesting and drop the text below, a tree built from its events does not.
    """

    def __init__(self):
        self.root = _Node("#document", {})
        self._open = [self.root]
        self.metas: list[dict[str, str]] = []
        self.title: _Node | None = None
        self.h1: _Node | None = None
        self.h1_count = 0
        self.h1_ancestors: set[int] = set()  # ids of the elements around the first <h1>
        self.times: list[str] = []  # datetime attributes of <time> elements
        self.body: _Node | None = None

    def start(self, tag, attrib) -> None:
        node = _Node(tag if isinstance(tag, str) else "", dict(attrib))
        self._open[-1].children.append(node)
        self._open.append(node)
        if tag == "meta":
            self.metas.append(node.attrs)
        elif tag == "h1":
            self.h1_count += 1
            if self.h1 is None:
                self.h1 = node
                self.h1_ancestors = {id(n) for n in self._open}
        elif tag == "title" and self.title is None:
            self.title = node
        elif tag == "time" and node.attrs.get("datetime"):
            self.times.append(node.attrs["datetime"])
        elif tag == "body" and self.body is None:
            self.body = node

    def end(self, tag) -> None:
        if len(self._open) > 1:
            self._open.pop()

    def data(self, text: str) -> None:
        self._open[-1].children.append(text)

    def close(self) -> "_TreeBuilder":
        return self


def parse_html(text: str) -> Page:
    """Render a page as text lines and read its title and publication stamp."""
    from lxml import etree  # imported here: text inputs never pay for lxml

    tree = _TreeBuilder()
    parser = etree.HTMLParser(target=tree, recover=True, encoding="utf-8", remove_comments=True, remove_pis=True)
    parser.feed(text.encode("utf-8", "replace"))
    parser.close()
    title = _meta(tree.metas, ("og:title", "twitter:title"))
    if not title and tree.h1 is not None:
        title = _squash(_text_of(tree.h1))
    if not title and tree.title is not None:
        title = _squash(_text_of(tree.title))
    published = _published(tree)
    lines = _render(tree)
    if title and not any(lines):
        # A page with no body (or nothing visible in it): its headline is all it says.
        lines = [title]
    return Page(lines, title or None, published)


# Marks a block boundary while the text is assembled; NUL never survives loading.
_BREAK_MARK = "\x00"
_LINE_BREAKS = regex.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]")
_BLANKS = regex.compile(r"[^\S\n]+")
_BLANK_LINES = regex.compile(r" ?\n[ \n]*\n ?")


def _render(tree: _TreeBuilder) -> list[str]:
    """Walk the tree iteratively (deep pages must not overflow the stack)."""
    judge = _Judge(tree)
    parts: list[str] = []
    # (node, closing, inside a sectioning element)
    stack: list[tuple[_Node | str, bool, bool]] = [(tree.root, False, False)]
    while stack:
        node, closing, sectioned = stack.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        name = node.tag
        if closing:
            if name in _BLOCK:
                parts.append(_BREAK_MARK)
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
            parts.append(_BREAK_MARK)
        inner = sectioned or name in _SECTIONING
        stack.append((node, True, sectioned))
        stack.extend((child, False, inner) for child in reversed(node.children))
    # Line breaks inside the markup's text are spaces; only block elements break lines.
    text = _LINE_BREAKS.sub(" ", "".join(parts)).replace(_BREAK_MARK, "\n")
    text = normalise(text)
    text = _BLANKS.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return [line.strip() for line in text.strip().split("\n")]


class _Judge:
    """Decides the furniture that needs a look inside the element: forms and class-named widgets.

    Each decision walks part of the element's subtree; all of them together visit
    at most `_NODE_BUDGET` nodes, so a page of deeply nested widgets stays linear.
    Once the budget is spent, nothing more is dropped on these grounds.
    """

    def __init__(self, tree: _TreeBuilder):
        self.tree = tree
        self._page: int | None = None
        self.budget = _NODE_BUDGET

    def holds_the_headline(self, node: _Node) -> bool:
        """A page-level <header> around the page's one <h1>: the article's own header, kept."""
        return self.tree.h1_count == 1 and node.tag == "header" and id(node) in self.tree.h1_ancestors

    def drop_form(self, form: _Node) -> bool:
        if self._page is None:
            page = self._measure(self.tree.body or self.tree.root)
            self._page = page[0] if page else 0
        measured = self._measure(form, limit=int(_CONTENT_FORM_SHARE * self._page) + 1, wrapper_tags=True)
        if measured is None:
            return False
        size, wraps_content = measured
        return not (wraps_content or (self._page > 0 and size >= _CONTENT_FORM_SHARE * self._page))

    def drop_widget(self, node: _Node) -> bool:
        names = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')}"
        if not names.strip() or not _WIDGET_NAME.search(names):
            return False
        measured = self._measure(node, limit=_WIDGET_MAX_TEXT)
        return measured is not None and measured[0] <= _WIDGET_MAX_TEXT

    def _measure(self, node: _Node, limit: int | None = None, wrapper_tags: bool = False) -> tuple[int, bool] | None:
        """Characters of visible text under an element (scripts, styles, controls not counted), counted
        up to past `limit`, and whether it holds an <article> or <main>; None when the node budget ran out."""
        size = 0
        stack = list(reversed(node.children))
        while stack:
            child = stack.pop()
            self.budget -= 1
            if self.budget < 0:
                return None
            if isinstance(child, str):
                size += len(child.strip())
                if limit is not None and size > limit:
                    break
            elif wrapper_tags and child.tag in ("article", "main"):
                return size, True
            elif child.tag not in _DROP:
                stack.extend(reversed(child.children))
        return size, False


def _text_of(node: _Node) -> str:
    """Every piece of text under an element, joined by spaces."""
    out: list[str] = []
    stack: list[_Node | str] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        else:
            stack.extend(reversed(item.children))
    return " ".join(out)


def _hidden(node: _Node) -> bool:
    attrs = node.attrs
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _meta(metas: list[dict[str, str]], names: tuple[str, ...]) -> str | None:
    for attrs in metas:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in names and attrs.get("content"):
            return _squash(attrs["content"])
    return None


def _published(tree: _TreeBuilder) -> str | None:
    raw = _meta(tree.metas, _PUBLISHED_META) or (tree.times[0] if tree.times else None)
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
