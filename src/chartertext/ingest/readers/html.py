"""HTML: the text a browser shows, in the shared layout, with the page title as a field.

Whitespace collapses as a browser shows it (a line break in the source of a ``<p>`` is a
space); scripts, navigation and the site's own header and footer are dropped. The
encoding a page declares is honoured when its bytes agree with it.
"""

from __future__ import annotations

import re
from typing import Any

from chartertext.ingest.encoding import decode_declared, decode_text
from chartertext.ingest.raw import RawDocument
from chartertext.ingest.readers.layout import Layout

__all__ = ["read_html"]

_HTML_SKIP = frozenset({"script", "style", "nav", "noscript", "template", "head", "svg",
                        "iframe", "object", "select", "button"})  # fmt: skip
_HTML_BLOCKS = {name: 2 for name in ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section",
                "article", "main", "aside", "blockquote", "pre", "table", "ul", "ol", "dl",
                "figure", "figcaption", "caption", "form", "fieldset", "address", "hr", "tr",
                "header", "footer", "details", "summary", "body")}  # fmt: skip
_HTML_BLOCKS.update({name: 1 for name in ("li", "td", "th", "dt", "dd", "option")})
_HTML_TIGHT = frozenset({"li", "td", "th", "dd", "dt"})
_SECTIONING = ("article", "main", "section")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # not \s: a no-break space is content in French
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


def read_html(data: bytes, shown: str) -> RawDocument:
    """Read an HTML page: its visible text as one page, ``<title>`` (or first ``<h1>``) as title."""
    from bs4 import BeautifulSoup

    text, warnings = _decode_html(data, shown)
    soup = BeautifulSoup(text, "lxml")
    title = _HTML_SPACE.sub(" ", soup.title.get_text()).strip() if soup.title else ""
    if not title and (h1 := soup.find("h1")) is not None:
        title = _HTML_SPACE.sub(" ", h1.get_text()).strip()
    out = Layout()
    _html_walk(soup, out, tight=False, pre=False)
    return RawDocument(pages=(out.result(),), format="html",
                       fields={"title": title} if title else {}, field_source="html",
                       warnings=tuple(warnings))


def _decode_html(data: bytes, shown: str) -> tuple[str, list[str]]:
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(data, shown)
    declared = _META_CHARSET.search(data[:4096])
    if declared is None:
        return decode_text(data, shown)
    label = (declared.group(1) or declared.group(2)).decode("ascii")
    decoded = decode_declared(data, label, shown)
    if decoded is not None:
        return decoded
    text, warnings = decode_text(data, shown)
    return text, [f"the page declares charset {label!r} but its bytes are not in it"] + warnings


def _html_walk(node: Any, out: Layout, *, tight: bool, pre: bool) -> None:
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, PreformattedString):  # comments, CDATA, doctype
                out.text(str(child) if pre else _HTML_SPACE.sub(" ", str(child)))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in _HTML_SKIP or child.get("hidden") is not None:
            continue
        if name in ("header", "footer") and child.find_parent(_SECTIONING) is None:
            continue  # the site's banner and footer; an article's own header is its title
        if name == "br":
            out.line_break()
            continue
        sep = _HTML_BLOCKS.get(name, 0)
        if sep and tight:
            sep = 1
        out.brk(sep)
        _html_walk(child, out, tight=tight or name in _HTML_TIGHT, pre=pre or name == "pre")
        out.brk(sep)
