"""Saved HTML pages to lines of text, plus the metadata the page states itself.

Page furniture that HTML marks as such (scripts, menus, headers, footers, asides,
forms, hidden elements) is dropped here; the rest becomes one line per block
element and goes through the same cleaning as a text dump.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

_DROP = {"script", "style", "noscript", "template", "iframe", "svg", "canvas", "nav", "header", "footer",
         "aside", "form", "button", "select", "option", "input", "textarea", "object", "embed", "head"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "tbody", "thead", "h1", "h2", "h3", "h4", "h5",
          "h6", "article", "section", "main", "figure", "figcaption", "blockquote", "dd", "dt", "dl", "pre",
          "address", "hr", "center", "body", "td", "th"}
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
    return Page(lines, title or None, published)


def _render(soup) -> list[str]:
    """Walk the tree iteratively (deep pages must not overflow the stack)."""
    from bs4 import Comment, Doctype, NavigableString, ProcessingInstruction, Tag

    parts: list[str] = []
    stack = [(soup, False)]
    while stack:
        node, closing = stack.pop()
        if isinstance(node, Tag):
            name = (node.name or "").lower()
            if closing:
                if name in _BLOCK:
                    parts.append("\n")
                continue
            if name in _DROP or _hidden(node):
                continue
            if name in _BLOCK:
                parts.append("\n")
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, (Comment, Doctype, ProcessingInstruction)):
            parts.append(regex.sub(r"\s+", " ", str(node)))
    text = "".join(parts)
    return [line.strip() for line in regex.sub(r"\n\s*\n+", "\n\n", text).strip("\n").split("\n")]


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
    m = regex.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?", raw.strip())
    if not m:
        return None
    y, mo, d, hh, mm = m.groups()
    return f"{y}-{mo}-{d}" + (f"T{hh}:{mm}" if hh else "")


def _squash(text: str) -> str:
    return regex.sub(r"\s+", " ", text).strip()
