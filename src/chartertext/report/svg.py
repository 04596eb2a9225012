"""Matplotlib figures as deterministic SVG, standalone (for papers) or inline (for index.html).

Same figure, same bytes: the SVG writer's random ids are seeded with a salt (``svg.hashsalt``)
and the creation date is left out, so two reports of the same inputs have identical figures.
Text stays text (``svg.fonttype = "none"``): accents are written as UTF-8 characters the reader's
fonts draw, labels can be searched and edited in a vector editor, and the files stay small.
Matplotlib escapes every label it writes, so a group named ``<script>`` stays text.
"""

from __future__ import annotations

import io
import re

import matplotlib
from markupsafe import Markup, escape
from matplotlib.figure import Figure

from .style import RC_PARAMS

_PROLOG = re.compile(r"\A\s*<\?xml[^>]*>\s*(?:<!DOCTYPE[^>]*>\s*)?", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")


def render_svg(fig: Figure, salt: str) -> str:
    """The figure as a standalone SVG document, identical bytes for identical figures.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Built inside :func:`chartertext.report.style.figure_style` (fonts are resolved here, at draw time).
    salt : str
        Seeds the ids of clip paths and markers; give each figure of a page its own.

    Returns
    -------
    str
        ``<?xml ...?>`` then ``<svg ...>``.
    """
    buffer = io.StringIO()
    with matplotlib.rc_context({**RC_PARAMS, "svg.hashsalt": salt}):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buffer.getvalue()


def inline_svg(svg: str, prefix: str, label: str) -> Markup:
    """An SVG document ready to sit inside an HTML page among other SVGs.

    The XML prolog is dropped, every ``id`` (and every reference to it) gets ``prefix`` so
    that the figures of one page never share an id (matplotlib names its groups ``figure_1``,
    ``axes_1``... in every file), and ``role="img"`` with ``label`` (escaped) describes the chart to screen readers.

    Parameters
    ----------
    svg : str
        From :func:`render_svg`.
    prefix : str
        Letters, digits, ``-`` or ``_``; unique within the page.
    label : str
        What the chart shows, in one sentence.

    Returns
    -------
    markupsafe.Markup
        Safe to insert in a Jinja2 template with autoescape on.
    """
    if not re.fullmatch(r"[A-Za-z][\w-]*", prefix):
        raise ValueError(f"SVG id prefix {prefix!r}: use a letter then letters, digits, '-' or '_'.")
    body = _PROLOG.sub("", svg, count=1)
    ids = set(_ID.findall(body))

    def rename(match: re.Match[str]) -> str:
        name = match.group(2)
        return f"{match.group(1)}{prefix}-{name}" if name in ids else match.group(0)

    # id="x", url(#x) and href="#x" are the only ways matplotlib names or refers to an element.
    body = re.sub(r'(\bid=")([^"]+)', rename, body)
    body = re.sub(r"(url\(#)([^)]+)", rename, body)
    body = re.sub(r'(href="#)([^"]+)', rename, body)

    def open_tag(match: re.Match[str]) -> str:
        return f'<svg{match.group(1)} role="img" aria-label="{escape(label)}" class="chart">'

    body = _SVG_OPEN.sub(open_tag, body, count=1)
    return Markup(body.strip())
