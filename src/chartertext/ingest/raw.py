"""What a reader hands to the corpus builder: text by page, plus metadata found inside the file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawDocument:
    """The text of one document as read from its file, before normalisation.

    Attributes
    ----------
    pages : tuple of str
        One entry per PDF page (so running headers and footers can be found across pages);
        a single entry for every other format.
    format : str
        "pdf", "html", "md", "txt", "docx", "odt", "rtf", "doc", "eml", "msg", "iramuteq" or "scdl".
    fields : dict of str to str or tuple of str
        Metadata carried inside the file, as written there (a front-matter list as a tuple):
        Markdown YAML front matter, an HTML ``<title>``, Word/ODT core properties, an e-mail's
        subject and date, IRaMuTeQ star variables, SCDL columns.
        Recognised keys are ``doc_id``, ``date``, ``group``, ``kind``, ``title``; others are kept
        as metadata.
    field_source : str
        Where ``fields`` came from: "front_matter", "html", "properties", "email", "iramuteq"
        or "scdl".
    part : str or None
        For files holding several documents (IRaMuTeQ, SCDL CSV), this document's key within
        the file, used to derive a unique ``doc_id``; None for one-document files.
    warnings : tuple of str
        What was repaired or guessed while reading ("encoding guessed as cp1252", ...).
    """

    pages: tuple[str, ...]
    format: str
    fields: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    field_source: str = "front_matter"
    part: str | None = None
    warnings: tuple[str, ...] = ()
