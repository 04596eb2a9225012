"""Write IRaMuTeQ (ALCESTE-style) text corpora.

An IRaMuTeQ corpus is one plain-text file holding many texts. Each text starts with a *star
line*: four stars, then starred variables ``*variable_modalité`` separated by spaces::

    **** *commission_logement *date_2010-09
    Texte de la première réunion…

IRaMuTeQ splits a variable from its modality at the first "_", and reads a word framed by
underscores in the text ("_rire_") as a starred form too. Writing makes the file safe for
IRaMuTeQ; what changes is documented on :func:`write_iramuteq` and
:func:`to_iramuteq_modality`. Reading is :mod:`chartertext.ingest.readers.iramuteq`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from ..errors import ConfigError
from ..records import Document

__all__ = ["DOCUMENT_VARIABLES", "document_variables", "to_iramuteq_modality", "write_iramuteq"]

_UNSAFE_IN_MODALITY = re.compile(r"[^\w.-]|_")
_DASHES = re.compile(r"-{2,}")
#: In text, "*" would start a star line or a starred form and "_x_" is read as a starred form.
_UNSAFE_IN_TEXT = re.compile(r"[*_]")
#: Written for a missing or empty value, so every text carries every variable.
MISSING_MODALITY = "NA"
#: The star variables an exported corpus carries, in this order (see :func:`document_variables`).
DOCUMENT_VARIABLES = ("doc", "groupe", "date", "type")


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
