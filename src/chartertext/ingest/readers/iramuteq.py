"""Read IRaMuTeQ (ALCESTE-style) text corpora: one raw document per text.

An IRaMuTeQ corpus is one plain-text file holding many texts. Each text starts with a *star
line*: four stars, then starred variables ``*variable_modalité`` separated by spaces::

    **** *commission_logement *date_2010-09
    Texte de la première réunion…
    -*thème_budget
    Suite du texte, sur le budget.

A line holding only ``-*variable_modalité`` marks a thematic section inside a text. IRaMuTeQ
splits a variable from its modality at the first "_".

Reading keeps every star variable as a field under its name, as written; the corpus builder
maps the usual names (``groupe``, ``commission``, ``instance``, ``date``, ``type``, ``id``)
to group, date, kind and doc_id. Thematic lines are taken out of the text (a paragraph break
stands in their place) and listed, in order, under the field ``themes``. Writing is
:mod:`chartertext.interop.iramuteq`.
"""

from __future__ import annotations

import re

from chartertext.errors import DocumentError
from chartertext.ingest.raw import RawDocument

__all__ = ["looks_like_iramuteq", "read_iramuteq"]

_STAR_LINE = re.compile(r"^\*{4}(?=\s|$)")
_VARIABLE = re.compile(r"^\*([^\s*_]+)(?:_([^\s*]+))?$")
_THEME = re.compile(r"^-\*(\S+)$")


def looks_like_iramuteq(text: str) -> bool:
    """Whether ``text`` is an IRaMuTeQ corpus: its first non-blank line starts with "****".

    Parameters
    ----------
    text : str
        The decoded content of a text file.

    Returns
    -------
    bool

    Examples
    --------
    >>> looks_like_iramuteq("\\n**** *groupe_logement\\nTexte")
    True
    >>> looks_like_iramuteq("Compte rendu\\n**** *a_b")
    False
    """
    for line in text.lstrip("\ufeff").splitlines():
        if line.strip():
            return line.lstrip().startswith("****")
    return False


def read_iramuteq(text: str, display_path: str) -> list[RawDocument]:
    """Split an IRaMuTeQ corpus into one raw document per text.

    Parameters
    ----------
    text : str
        The decoded content of the corpus file.
    display_path : str
        The file as the user knows it, for error messages.

    Returns
    -------
    list of RawDocument
        In file order; ``format="iramuteq"``, ``field_source="iramuteq"``, ``part`` "1", "2", …,
        ``fields`` the star variables ({"commission": "logement", "date": "2010-09"}) plus
        ``themes`` when the text has thematic lines. ``pages`` holds the text without its star
        line and thematic lines, blank lines at both ends dropped. An empty text is kept, with
        a warning.

    Raises
    ------
    DocumentError
        If no line starts with "****" before the first text line, a star line or thematic line
        is malformed, or a variable is given twice on one star line; the message gives the
        line number.
    """
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    documents: list[RawDocument] = []
    fields: dict[str, str] | None = None
    body: list[str] = []
    themes: list[str] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("****"):  # IRaMuTeQ itself starts a text at any such line
            if fields is not None:
                documents.append(_document(fields, body, themes, len(documents) + 1))
            fields, body, themes = _parse_star_line(stripped, number, display_path), [], []
        elif fields is None:
            if stripped:
                raise DocumentError(
                    display_path,
                    f"line {number} holds text before the first '****' line",
                    "Start the file with a star line such as '**** *groupe_logement'",
                )
        elif stripped.startswith("-*"):
            themes.append(_parse_theme(stripped, number, display_path))
            body.append("")  # a theme starts a new section: keep a paragraph break
        else:
            body.append(line)
    if fields is None:
        raise DocumentError(
            display_path,
            "no line starts with '****'",
            "An IRaMuTeQ corpus starts each text with '**** *variable_modalité'",
        )
    documents.append(_document(fields, body, themes, len(documents) + 1))
    return documents


def _parse_star_line(line: str, number: int, display_path: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    if not _STAR_LINE.match(line):
        raise DocumentError(
            display_path,
            f"line {number}: a star line must start with exactly four stars and a space, found {line[:20]!r}",
            "Write '**** *variable_modalité …'",
        )
    for token in line[4:].split():
        match = _VARIABLE.match(token)
        if match is None:
            raise DocumentError(
                display_path,
                f"line {number}: {token!r} is not a starred variable",
                "Write each variable as '*variable_modalité' with no space or '*' inside, e.g. '*groupe_logement'",
            )
        name, modality = match.group(1), match.group(2) or ""
        if name in fields:
            raise DocumentError(
                display_path,
                f"line {number}: variable {name!r} is given twice",
                "Give each variable once per star line",
            )
        fields[name] = modality
    return fields


def _parse_theme(line: str, number: int, display_path: str) -> str:
    match = _THEME.match(line)
    if match is None:
        raise DocumentError(
            display_path,
            f"line {number}: a thematic line must hold only '-*thème', found {line!r}",
            "Put the theme alone on its line, without spaces, e.g. '-*thème_budget'",
        )
    return match.group(1)


def _document(fields: dict[str, str], body: list[str], themes: list[str], index: int) -> RawDocument:
    text = "\n".join(body).strip("\n")
    if themes:
        key = "themes" if "themes" not in fields else "iramuteq_themes"
        fields = {**fields, key: " ".join(themes)}
    warnings = () if text.strip() else (f"text {index} is empty",)
    return RawDocument(
        pages=(text,), format="iramuteq", fields=fields, field_source="iramuteq", part=str(index), warnings=warnings
    )
