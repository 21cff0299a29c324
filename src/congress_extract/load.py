"""Bytes to text: sniff the encoding and the format, normalise to NFC.

The output keeps the input's line numbering (every CRLF, CR or LF ends one line),
so that the clean stage can report removed lines by their number in the file.

Decoding, in order: a byte-order mark; UTF-16 without a mark (a NUL in every
other byte); known binary signatures and NUL bytes (an error); strict UTF-8; the
charset a page declares; UTF-8 with a few broken sequences (a truncated or
damaged download: decoded with U+FFFD and flagged in `warnings`); Windows-1258.
Bytes that are mostly control characters in every candidate are not text.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterator

import regex


class LoadError(ValueError):
    """The input is not usable text; `kind` becomes the error record's type."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass
class Loaded:
    text: str  # normalised for text; as decoded for HTML (its rendering is normalised)
    format: str  # "text" | "html"
    encoding: str
    warnings: list[str] = field(default_factory=list)
    utf8: bytes | None = None  # an HTML page's own bytes, when they are clean UTF-8


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
)

# Characters that carry no text: zero-width spaces and joiners, soft hyphens, word joiners.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# C0 control characters other than tab and line breaks (form feeds of PDF dumps, stray NULs) become spaces.
_INVISIBLE.update(dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F], " "))
# Plain character classes run on the standard library's `re`: it scans them 2-4x faster than `regex`.
# Control characters a text file does not hold (line breaks, tabs and form feeds aside), as Latin-1 bytes.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)])
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# An HTML character reference left in a text dump ("nhi&#7879;m k&#7923;", "2023&nbsp;-&nbsp;2028").
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
# Any character normalise() changes other than by NFC: line breaks, invisible characters, special spaces.
_SPECIAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u00a0\u00ad\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]")
_HTML_SNIFF = regex.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b"
    r"|<(?:p|div|br|span|a|li|td|h[1-6]|article|section)\b[^>]*>",
    regex.IGNORECASE | regex.DOTALL,
)
_HTML_TAG = regex.compile(r"</?(?:p|div|br|span|a|li|td|tr|h[1-6]|article|section|img|ul)\b[^>]*>", regex.IGNORECASE)

# Letters that only Windows-1258 bytes 0x80-0xFF produce in Vietnamese text.
_CP1258_HINT = regex.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]")


def load(data: str | bytes) -> Loaded:
    """Decode one document and tell text from HTML (text is normalised here, HTML when rendered);
    raise LoadError when it is not text."""
    if isinstance(data, str):
        text, encoding, warnings = data, "unicode", []
        if _SURROGATE.search(text):
            lone = len(_SURROGATE.findall(text))
            text = _SURROGATE.sub("\ufffd", text)
            warnings.append(f"invalid text: {lone} lone surrogate(s) replaced by U+FFFD")
    else:
        text, encoding, warnings = _decode(data)
    if is_html(text):
        # The page is normalised after rendering (its text, not its markup). Bytes that were
        # clean UTF-8 go to the parser as they are: no need to encode the text again.
        clean_utf8 = isinstance(data, bytes) and encoding == "utf-8" and not warnings
        return Loaded(text, "html", encoding, warnings, data if clean_utf8 else None)
    pieces = normalised_pieces(text)
    del text
    text = "".join(pieces)
    del pieces
    if not text or text.isspace():  # (strip() would copy a huge text to find out)
        raise LoadError("empty", "the document has no text (empty or only white space)")
    if "&" in text:
        text = unescape_entities(text)
    return Loaded(text, "text", encoding, warnings)


def normalise(text: str) -> str:
    """NFC, one kind of line break, plain spaces; invisible characters dropped."""
    return "".join(normalised_pieces(text))


def normalised_pieces(text: str) -> list[str]:
    """`normalise(text)` in pieces, cut after a line break or before a space (no character
    composes across such a cut). Each step copies one piece, not the whole text, so a time
    budget can stop the work between pieces; a caller that lets go of the text before
    joining the pieces holds two copies of a huge document at most, not four."""
    if len(text) <= _PIECE:
        return [_normalise(text)]
    return [_normalise(piece) for piece in _pieces(text)]


_PIECE = 1 << 20  # characters


def _pieces(text: str) -> Iterator[str]:
    start = 0
    while len(text) - start > _PIECE:
        limit = start + _PIECE
        cut = text.rfind("\n", start, limit) + 1 or text.rfind(" ", start, limit)
        if cut <= start:  # a megabyte without a line break or a space: no safe cut here
            cut = min((i for i in (text.find("\n", limit) + 1, text.find(" ", limit)) if i > 0), default=len(text))
        yield text[start:cut]
        start = cut
    if start < len(text):
        yield text[start:]


def _normalise(text: str) -> str:
    if _SPECIAL.search(text) is None:  # most texts: one scan instead of three
        return unicodedata.normalize("NFC", text)
    text = _NEWLINES.sub("\n", text)
    text = text.translate(_INVISIBLE)
    text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def unescape_entities(text: str) -> str:
    """Decode the HTML character references a text dump kept; line breaks and unknown names stay as written."""

    def sub(m: regex.Match) -> str:
        ref = m.group()
        char = html.unescape(ref)
        if char == ref or any(c in "\n\r\x85\u2028\u2029" for c in char):
            return ref
        return char

    decoded = _ENTITY.sub(sub, text)
    return normalise(decoded) if decoded != text else text


def is_html(text: str) -> bool:
    head = text[:8192]
    # Every tag opens with "<": a text without one (most articles) skips the regex (half of load's time).
    if "<" not in head or not _HTML_SNIFF.search(head):
        return False
    if regex.match(r"\s*<", head):
        return True
    return len(_HTML_TAG.findall(head)) >= 3


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    if not data or data.isspace():
        raise LoadError("empty", "the file is empty" if not data else "the file holds only white space")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _textual(*_decode_with(data[len(bom):], codec.replace("-sig", ""), bom=True))
    utf16 = _sniff_utf16(data)
    if utf16:
        return _textual(*_decode_with(data, utf16, bom=False))
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise LoadError("binary", f"the file is {what}, not text")
    warnings: list[str] = []
    body = data.rstrip(b"\x00")
    if len(body) < len(data):
        if not body.strip():
            raise LoadError("binary", f"the file holds only NUL bytes ({len(data)}): not text")
        # A download written into a preallocated file stops short of a tail of NUL bytes.
        warnings.append(f"{len(data) - len(body)} trailing NUL byte(s) dropped: the file may be incomplete")
        data = body
    sample = data[:65536]
    nuls = sample.count(0)
    if nuls > max(2, len(sample) // 200):
        raise LoadError("binary", f"the file holds {nuls} NUL bytes in its first 64 KiB: binary, not text")
    if nuls:
        warnings.append(f"{data.count(0)} stray NUL byte(s) dropped")
        data = data.replace(b"\x00", b"")
    try:
        return _textual(data.decode("utf-8"), "utf-8", warnings)
    except UnicodeDecodeError as exc:
        first_error = exc.start
    declared = _declared_charset(data)
    if declared and declared not in ("utf-8", "utf8"):
        try:
            return _textual(data.decode(declared), declared, warnings)
        except (LookupError, UnicodeDecodeError):
            pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    multibyte = sum(1 for ch in lenient if ord(ch) > 0x7F) - bad
    truncated = first_error >= len(data) - 3 and _complete_utf8(data[:first_error])
    if truncated or multibyte >= bad:
        # Valid UTF-8 with a few broken sequences: a truncated download or a damaged page.
        # (Windows-1258 text almost never forms a valid multi-byte UTF-8 sequence.)
        what = "cut off in the middle of a character" if truncated else f"{bad} byte sequence(s) replaced by U+FFFD"
        return _textual(lenient, "utf-8", warnings + [f"invalid UTF-8: {what}"], count_replaced=False)
    text = data.decode("cp1258", errors="replace")
    if not _CP1258_HINT.search(text):
        warnings.append("no encoding matched cleanly; decoded as Windows-1258")
    return _textual(text, "windows-1258", warnings)


def _complete_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _textual(text: str, encoding: str, warnings: list[str], count_replaced: bool = True) -> tuple[str, str, list[str]]:
    """The decoded text, unless it is mostly control characters: then the bytes were not text."""
    if _control_ratio(text, count_replaced) > 0.1:
        raise LoadError("binary", f"the bytes are not text: mostly control characters when decoded as {encoding}")
    return text, encoding, warnings


def _decode_with(data: bytes, codec: str, bom: bool) -> tuple[str, str, list[str]]:
    try:
        text = data.decode(codec)
        warnings = []
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        warnings = [f"invalid {codec.upper()}: {text.count(chr(0xFFFD))} sequence(s) replaced by U+FFFD"]
    return text, codec + ("-sig" if bom and codec == "utf-8" else ""), warnings


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    """The encoding a page declares: <meta charset>, <meta http-equiv> or an XML declaration.

    Read by bs4's EncodingDetector (imported only here: most pages are UTF-8 and never ask).
    """
    from bs4.dammit import EncodingDetector

    name = EncodingDetector.find_declared_encoding(data[:4096], is_html=True)
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _control_ratio(text: str, count_replaced: bool = True) -> float:
    """The share of control characters (and, unless told otherwise, U+FFFD) in the first 64 Ki characters.

    Counted in C without a regex: every control character is a Latin-1 one, so the sample encoded to
    Latin-1 (the other characters left out) holds each as one byte, and deleting those bytes counts
    them (a 42 KB page: 118 -> 73 µs, where `re` tests each character against the class)."""
    sample = text[:65536]
    if not sample:
        return 0.0
    latin1 = sample.encode("latin-1", "ignore")
    controls = len(latin1) - len(latin1.translate(None, _CONTROL_BYTES))
    if count_replaced:
        controls += sample.count("\ufffd")
    return controls / len(sample)
