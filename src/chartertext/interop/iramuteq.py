"""Read and write IRaMuTeQ (ALCESTE-style) text corpora.

An IRaMuTeQ corpus is one plain-text file holding many texts. Each text starts with a *star
line*: four stars, then starred variables ``*variable_modalité`` separated by spaces::

    **** *commission_logement *date_2010-09
    Texte de la première réunion…
    -*thème_budget
    Suite du texte, sur le budget.

A line holding only ``-*variable_modalité`` marks a thematic section inside a text. IRaMuTeQ
splits a variable from its modality at the first "_", and reads a word framed by underscores
in the text ("_rire_") as a starred form too.

Reading keeps every star variable as a field under its name, as written; the corpus builder
maps the usual names (``groupe``, ``commission``, ``instance``, ``date``, ``type``, ``id``)
to group, date, kind and doc_id. Thematic lines are taken out of the text (a paragraph break
stands in their place) and listed, in order, under the field ``themes``.

Writing makes the file safe for IRaMuTeQ; what changes is documented on
:func:`write_iramuteq` and :func:`to_iramuteq_modality`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from ..errors import ConfigError, DocumentError
from ..ingest.raw import RawDocument
from ..records import Document

__all__ = [
    "DOCUMENT_VARIABLES",
    "document_variables",
    "looks_like_iramuteq",
    "read_iramuteq",
    "to_iramuteq_modality",
    "write_iramuteq",
]

_STAR_LINE = re.compile(r"^\*{4}(?=\s|$)")
_VARIABLE = re.compile(r"^\*([^\s*_]+)(?:_([^\s*]+))?$")
_THEME = re.compile(r"^-\*(\S+)$")
_UNSAFE_IN_MODALITY = re.compile(r"[^\w.-]|_")
_DASHES = re.compile(r"-{2,}")
#: In text, "*" would start a star line or a starred form and "_x_" is read as a starred form.
_UNSAFE_IN_TEXT = re.compile(r"[*_]")
#: Written for a missing or empty value, so every text carries every variable.
MISSING_MODALITY = "NA"
#: The star variables an exported corpus carries, in this order (see :func:`document_variables`).
DOCUMENT_VARIABLES = ("doc", "groupe", "date", "type")


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


def to_iramuteq_modality(value: str) -> str:
    """Make a value usable as an IRaMuTeQ variable name or modality.

    Parameters
    ----------
    value : str
        Any text ("Commission Logement", "2021-03-12", "comite-animation_cra1").

    Returns
    -------
    str
        NFC, accents and case kept (IRaMuTeQ ≥ 0.7 reads UTF-8); every character other than a
        letter, digit, "-" or "." becomes "-" ("_" included, since IRaMuTeQ splits a variable
        from its modality at the first "_"; spaces, "*" and apostrophes too); runs of "-" become
        one and "-" at both ends are dropped. ``MISSING_MODALITY`` ("NA") when nothing is left.

    Examples
    --------
    >>> to_iramuteq_modality("Commission Logement")
    'Commission-Logement'
    >>> to_iramuteq_modality("l'été 2020_bilan")
    'l-été-2020-bilan'
    >>> to_iramuteq_modality("  ")
    'NA'
    """
    safe = _UNSAFE_IN_MODALITY.sub("-", unicodedata.normalize("NFC", value))
    return _DASHES.sub("-", safe).strip("-") or MISSING_MODALITY


def document_variables(documents: Iterable[Document]) -> list[tuple[str, dict[str, str]]]:
    """Each document's text with its star variables, ready for :func:`write_iramuteq`.

    Parameters
    ----------
    documents : iterable of Document
        Ingested documents (:attr:`chartertext.corpus.Corpus.documents`).

    Returns
    -------
    list of (str, dict of str to str)
        The variables of :data:`DOCUMENT_VARIABLES`: ``doc`` the document id, ``groupe`` its group
        ("aucun" without one), ``date`` its ISO date ("inconnue" when undated), ``type`` its kind,
        so that IRaMuTeQ can contrast groups, dates and kinds.
    """
    return [
        (
            doc.text,
            {
                "doc": doc.doc_id,
                "groupe": doc.group or "aucun",
                "date": doc.date.isoformat() if doc.date else "inconnue",
                "type": doc.kind,
            },
        )
        for doc in documents
    ]


def write_iramuteq(documents: Iterable[tuple[str, Mapping[str, str]]], out: TextIO, variables: Sequence[str]) -> int:
    """Write texts and their variables as an IRaMuTeQ corpus.

    Parameters
    ----------
    documents : iterable of (str, mapping of str to str)
        Each text with its variable values, e.g. ``("Texte…", {"groupe": "logement"})``.
    out : TextIO
        Where to write; open it with ``encoding="utf-8"``.
    variables : sequence of str
        The variables to write, in this order, on every star line. Keys of a mapping that are
        not listed are not written.

    Returns
    -------
    int
        The number of texts written.

    Raises
    ------
    ConfigError
        If a variable name is not IRaMuTeQ-safe (see :func:`to_iramuteq_modality`) or is
        listed twice.

    Notes
    -----
    What is changed so IRaMuTeQ reads the file as meant:

    - modalities go through :func:`to_iramuteq_modality`; a missing or empty value is written
      "NA";
    - in the text, every "*" and "_" becomes a space: a line starting with "****" or "-*"
      would start a text or a theme, and "_mot_" would be read as a starred form;
    - line endings become "\\n"; blank lines and whitespace at both ends of a text are
      dropped; texts that are empty after this are skipped (IRaMuTeQ rejects empty texts).

    Each text is followed by a blank line.
    """
    names = list(variables)
    for name in names:
        if to_iramuteq_modality(name) != name:
            raise ConfigError(
                f"IRaMuTeQ variable name {name!r} is not usable: it would be written "
                f"{to_iramuteq_modality(name)!r}. Use letters, digits, '-' or '.' only "
                f"(no '_', which separates a variable from its modality), e.g. {to_iramuteq_modality(name)!r}"
            )
    if len(set(names)) != len(names):
        raise ConfigError(f"IRaMuTeQ variables {names} list a variable twice; list each once")
    written = 0
    for text, values in documents:
        body = _UNSAFE_IN_TEXT.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
        if not body:
            continue
        stars = " ".join(f"*{name}_{to_iramuteq_modality(values.get(name) or '')}" for name in names)
        out.write(f"**** {stars}".rstrip() + "\n" + body + "\n\n")
        written += 1
    return written


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
