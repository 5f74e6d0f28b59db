"""Intake: the bytes someone sends, to the plain text the pipeline reads.

Plain text (UTF-8, or UTF-16 with a byte-order mark, or the charset the
media type names), HTML (the main text, through selectolax's lexbor parser:
scripts, styles, navigation, headers, footers and forms dropped; nothing is
loaded or fetched; what remains is text, never markup) and PDF (the text
layer, through pypdf: the page count is checked before any page is read and
the whole extraction runs against a clock). Every refusal is a Problem
(problem+json) and nothing is stored.
"""

from __future__ import annotations

import codecs
import io
import re
import time
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphsvc.errors import Problem

if TYPE_CHECKING:
    from pypdf import PdfReader

PLAIN = "text/plain"
HTML = "text/html"
PDF = "application/pdf"
MEDIA_TYPES = {PLAIN: PLAIN, "text/markdown": PLAIN, HTML: HTML, "application/xhtml+xml": HTML, PDF: PDF}
SUFFIXES = {".txt": PLAIN, ".text": PLAIN, ".md": PLAIN, ".html": HTML, ".htm": HTML, ".xhtml": HTML, ".pdf": PDF}
# Below this many letters a text states nothing the pipeline could find.
MIN_LETTERS = 20
# Control characters other than tab, newline and carriage return mark binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_DROPPED_HTML = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "nav",
                 "header", "footer", "aside", "form", "button", "select", "textarea", "head")
_BLOCKS = ("p", "div", "section", "article", "main", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "pre", "td", "th", "dd", "dt", "figcaption", "br", "tr")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pdf_pages: int
    max_seconds: float


@dataclass(frozen=True)
class Intake:
    text: str
    media_type: str
    title: str | None = None  # the HTML <title> or the PDF's title, when it has one


def problem(status: int, title: str, detail: str, type_: str) -> Problem:
    return Problem(status, title, detail, type_=type_)


def media_type_of(content_type: str | None, filename: str | None = None) -> tuple[str, str | None]:
    """(media type, charset) from a Content-Type header, or from a file's suffix."""
    if content_type:
        main, _, params = content_type.partition(";")
        main = main.strip().lower()
        charset = None
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset":
                charset = value.strip().strip('"').lower() or None
        if main in MEDIA_TYPES:
            return MEDIA_TYPES[main], charset
        raise problem(415, "Unsupported media type",
                      f"'{main[:100]}' is not a type ingestion reads; send text/plain, text/html or application/pdf.",
                      "unsupported-media-type")
    if filename:
        suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if suffix in SUFFIXES:
            return SUFFIXES[suffix], None
        raise problem(415, "Unsupported media type",
                      f"'{filename[-100:]}' is not a .txt, .md, .html or .pdf file.", "unsupported-media-type")
    return PLAIN, None


def read(data: bytes, media_type: str, charset: str | None, limits: Limits) -> Intake:
    if len(data) > limits.max_bytes:
        raise problem(413, "Request too large",
                      f"The text is {len(data)} bytes; ingestion takes at most {limits.max_bytes} "
                      "(GRAPHSVC_INGEST_MAX_BYTES).", "body-too-large")
    if not data.strip():
        raise problem(422, "Empty text", "The text is empty: there is nothing to ingest.", "empty-text")
    if media_type == PDF:
        return _pdf(data, limits)
    text = decode(data, charset)
    if media_type == HTML:
        title, text = html_main_text(text)
        return Intake(_clean(text), HTML, title)
    return Intake(_clean(text), PLAIN)


def decode(data: bytes, charset: str | None) -> str:
    """UTF-8 (a BOM allowed), UTF-16 with a BOM, or the charset named; else 422."""
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            raise problem(422, "Unknown encoding", f"'{charset[:60]}' is not an encoding this service knows.",
                          "unknown-encoding") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        charset = "utf-16"
    try:
        text = data.decode(charset or "utf-8-sig")
    except (UnicodeDecodeError, LookupError):
        raise problem(422, "Unknown encoding",
                      f"The text is not valid {charset or 'UTF-8'}; send UTF-8, or name the encoding in the "
                      "Content-Type (text/plain; charset=windows-1254).", "unknown-encoding") from None
    if len(_CONTROL.findall(text[:65536])) > 8:
        raise problem(422, "Not a text", "The data holds control characters: it looks binary, not like a text.",
                      "binary-data")
    return text


def _clean(text: str) -> str:
    """NFC (offsets are taken on this form), one kind of line break, no control characters."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text).replace("\u00a0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if sum(1 for ch in text if ch.isalpha()) < MIN_LETTERS:
        raise problem(422, "Empty text", "The text has fewer than 20 letters: there is nothing to ingest.",
                      "empty-text")
    return text


def html_main_text(markup: str) -> tuple[str | None, str]:
    """(title, main text): <main> or <article> when the page has one, else <body>; one
    paragraph per block element. Attributes (event handlers, javascript: links) never
    reach the text: only text nodes are read."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else None
    tree.strip_tags(list(_DROPPED_HTML))
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    if root is None:
        return title, ""
    for block in root.css(",".join(_BLOCKS)):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    text = root.text(separator="", strip=False)
    text = re.sub(r"[ \t\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return (title or None), text


def _declared_pages(reader: PdfReader) -> int | None:
    """The page count the PDF's page tree declares (/Root /Pages /Count), if it declares one."""
    try:
        return int(reader.trailer["/Root"]["/Pages"]["/Count"])
    except Exception:  # a missing or broken tree: the pages are counted one by one instead
        return None


def _pdf(data: bytes, limits: Limits) -> Intake:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    started = time.monotonic()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        # The page tree's declared count first: counting the pages one by one loads every
        # page object, which is slow on a file of thousands of pages.
        pages = _declared_pages(reader)
        if pages is None or pages <= limits.max_pdf_pages:
            pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise problem(422, "Unreadable PDF", f"The PDF cannot be read: {str(exc)[:200]}", "unreadable-pdf") from None
    if pages > limits.max_pdf_pages:
        raise problem(413, "PDF too long", f"The PDF has {pages} pages; ingestion reads at most "
                      f"{limits.max_pdf_pages} (GRAPHSVC_INGEST_MAX_PDF_PAGES).", "pdf-too-long")
    parts: list[str] = []
    size = 0
    for number, page in enumerate(reader.pages, start=1):
        if time.monotonic() - started > limits.max_seconds:
            raise problem(422, "PDF takes too long", f"Reading the PDF's text passed {limits.max_seconds} s at page "
                          f"{number} of {pages}; it is refused.", "pdf-too-slow")
        try:
            # pypdf's own cap on a decompressed stream guards against decompression bombs
            page_text = page.extract_text() or ""
        except Exception as exc:  # pypdf raises many kinds on broken or hostile files
            raise problem(422, "Unreadable PDF", f"Page {number} cannot be read: {str(exc)[:200]}",
                          "unreadable-pdf") from None
        size += len(page_text)
        if size > limits.max_bytes * 4:
            raise problem(413, "PDF text too large", "The PDF's text layer is larger than ingestion takes.",
                          "body-too-large")
        parts.append(page_text)
    text = "\n\n".join(parts)
    if sum(1 for ch in text if ch.isalpha()) < MIN_LETTERS:
        raise problem(422, "PDF without a text layer", "The PDF has no text layer (a scan?); ingestion reads "
                      "text, it does no OCR.", "pdf-without-text")
    title = None
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # a broken info dictionary is not worth refusing the text for
        title = None
    text = re.sub(r"(?<=\S)\n(?=\S)", " ", text)  # lines of a page join into paragraphs
    return Intake(_clean(text), PDF, title or None)
