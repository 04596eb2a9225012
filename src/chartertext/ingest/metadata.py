"""Settle a document's metadata (doc_id, kind, date, group, title) from what the file tells.

Used when a corpus has no manifest, or for the fields a manifest leaves empty. For every field
the first source that gives a usable value wins, in this order: fields embedded in the file
(front matter, HTML ``<title>``, Word/ODT properties, IRaMuTeQ star variables, SCDL columns),
then the file name, then the folder, then the text, then a default. ``InferredFields.sources``
records which one won, so a user can see what was guessed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..records import DOC_KINDS
from .dates import date_from_filename, parse_french_date
from .raw import RawDocument
from .years import DayMatch, DayMonth, find_meeting_day, parse_day_month, settle_year

__all__ = ["InferredFields", "KIND_SYNONYMS", "canonical_kind", "infer_fields", "slug_from_path"]

#: Embedded field names, canonical name first; lookup is case-insensitive and treats
#: spaces, hyphens and underscores alike ("Date réunion" == "date_réunion").
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "doc_id": ("doc_id", "id", "identifiant"),
    "date": ("date", "date_reunion", "date_réunion", "date_seance", "date_séance"),
    "group": ("group", "groupe", "commission", "instance"),
    "kind": ("kind", "type"),
    "title": ("title", "titre"),
}

#: Accepted spellings of each document kind (lower case); the canonical names map to themselves.
KIND_SYNONYMS: dict[str, str] = {
    **{kind: kind for kind in DOC_KINDS},
    "compte-rendu": "minutes",
    "compte rendu": "minutes",
    "cr": "minutes",
    "pv": "minutes",
    "procès-verbal": "minutes",
    "proces-verbal": "minutes",
    "procès verbal": "minutes",
    "charte": "charter",
    "projet": "draft",
    "brouillon": "draft",
    "autre": "other",
}

#: Folders that hold documents without saying anything about them: never taken as a group.
CONTAINER_FOLDERS: frozenset[str] = frozenset(
    {"corpus", "docs", "doc", "documents", "document", "data", "donnees", "données", "files",
     "fichiers", "sources", "source", "raw", "input", "inputs", "textes", "texts", "pdf", "html",
     "txt", "md", "docx", "odt", "rtf", "csv", "posts", "content"}
)  # fmt: skip

TITLE_MAX_CHARS = 200

_CHARTER = re.compile(r"\bchartes?\b", re.IGNORECASE)
_DRAFT_CHARTER = re.compile(r"\bprojets?\s+de\s+chartes?\b|\bbrouillons?\b", re.IGNORECASE)
_YEARISH = re.compile(r"^\d+$")
#: "<group>_<id>": one underscore, a group with a letter, an id that is a short code with a
#: number ("cra1", "cr12", "pv3") or a date — not a free-text suffix ("CGCT-L1111-1-1", "annexe").
_GROUP_PREFIX = re.compile(r"^(?P<group>[^_]*[^\W\d_][^_]*)_(?P<id>[^_]+)$")
_SHORT_ID = re.compile(r"^[^\W\d_]{0,6}\d{1,4}[^\W\d_]{0,3}$")


@dataclass(frozen=True)
class InferredFields:
    """A document's metadata as inferred from its file, and where each value came from.

    Attributes
    ----------
    doc_id, kind, title : str
    date : datetime.date or None
    group : str or None
    sources : dict of str to str
        For "doc_id", "kind", "date", "group" and "title": ``RawDocument.field_source``
        ("front_matter", "html", "properties", "iramuteq", "scdl") when embedded in the file,
        else "filename", "folder", "text" or "default".
    metadata : dict of str to str or tuple of str
        The embedded fields not used above, under their key as written in the file (including
        values rejected with a warning, so nothing the file said is lost); a front-matter list
        is a tuple of its items.
    warnings : tuple of str
        Embedded values that were rejected, and why. ``RawDocument.warnings`` are not repeated.
    """

    doc_id: str
    kind: str
    date: dt.date | None
    group: str | None
    title: str
    sources: dict[str, str]
    metadata: dict[str, str | tuple[str, ...]]
    warnings: tuple[str, ...]


def canonical_kind(value: str) -> str | None:
    """The document kind a user's spelling names ("PV" → "minutes"), or None when unknown.

    Accepted spellings are ``KIND_SYNONYMS`` (case-insensitive; "_" reads as "-").
    """
    key = " ".join(value.strip().lower().replace("_", "-").split())
    return KIND_SYNONYMS.get(key)


def slug_from_path(rel_path: str, part: str | None = None) -> str:
    """A doc_id from a path relative to the corpus folder.

    The extension is dropped, runs of "/", "\\" and whitespace become one "-", accents and case
    are kept (NFC, so a macOS NFD file name gives the same id), and "-{part}" is appended for
    one document among several in a file.

    Examples
    --------
    >>> slug_from_path("docs/Réunion 3.pdf")
    'docs-Réunion-3'
    >>> slug_from_path("corpus.txt", part="2")
    'corpus-2'
    """
    path = unicodedata.normalize("NFC", rel_path).replace("\\", "/")
    posix = PurePosixPath(path)
    stem = str(posix.with_suffix("")) if posix.suffix else str(posix)
    slug = re.sub(r"[/\s]+", "-", stem.removeprefix("./")).strip("-")
    return f"{slug}-{part}" if part else slug


def _field_key(key: str) -> str:
    return re.sub(r"[\s_-]+", "_", key.strip().lower())


def _embedded(raw: RawDocument) -> tuple[dict[str, tuple[str, str]], dict[str, str], list[str]]:
    """Recognised embedded fields as {field: (key as written, value)}, the rest, and warnings."""
    by_key: dict[str, tuple[str, str]] = {}
    for key, value in raw.fields.items():
        text = ", ".join(value) if isinstance(value, tuple) else str(value)  # a list read as one field
        by_key.setdefault(_field_key(key), (key, text))
    found: dict[str, tuple[str, str]] = {}
    used: set[str] = set()
    warnings: list[str] = []
    for name, synonyms in FIELD_SYNONYMS.items():
        present = [by_key[_field_key(s)] for s in synonyms if _field_key(s) in by_key]
        present = [(k, v.strip()) for k, v in present if v.strip()]
        if not present:
            continue
        found[name] = present[0]
        used.add(present[0][0])
        for key, value in present[1:]:
            if value != present[0][1]:
                warnings.append(
                    f"{raw.field_source} fields {present[0][0]!r} and {key!r} disagree "
                    f"({present[0][1]!r} vs {value!r}); {present[0][0]!r} was used"
                )
    metadata: dict[str, str | tuple[str, ...]] = {
        k: v if isinstance(v, tuple) else str(v) for k, v in raw.fields.items() if k not in used
    }
    return found, metadata, warnings


def _folders(rel_path: str) -> list[str]:
    return list(PurePosixPath(unicodedata.normalize("NFC", rel_path).replace("\\", "/")).parent.parts)


def _group_from_folders(rel_path: str) -> str | None:
    for folder in _folders(rel_path):
        # A static site's collection folder "_cr/" names the collection "cr" (Jekyll's convention).
        name = folder.lstrip("_") or folder
        if folder in (".", "..") or name.lower() in CONTAINER_FOLDERS:
            continue
        if _YEARISH.match(name) or date_from_filename(name) is not None:
            continue  # "2021/" or "2021-03-12/" is a period, not a body
        return name
    return None


def _group_prefix(stem: str) -> str | None:
    match = _GROUP_PREFIX.match(unicodedata.normalize("NFC", stem))
    if match is None:
        return None
    ident = match.group("id")
    if _SHORT_ID.match(ident) or date_from_filename(ident) is not None:
        return match.group("group")
    return None


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        words = line.split()
        if words:
            title = " ".join(words)
            if len(title) > TITLE_MAX_CHARS:
                cut = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] or title[:TITLE_MAX_CHARS]
                title = cut.rstrip(" ,;:") + "…"
            return title
    return None


def _with_year(
    day: DayMonth,
    written: str,
    source: str,
    hints: tuple[str, str, Sequence[dt.date]],
    sources: dict[str, str],
    warnings: list[str],
) -> dt.date | None:
    """Settle the year of a day written without one (hints: path, text, neighbour dates); say where it came from."""
    path, text, neighbours = hints
    choice = settle_year(day, path, text, written, neighbours=neighbours)
    warnings.extend(choice.warnings)
    if choice.date is not None:
        sources["date"] = f"{source}+{choice.source}_year"
    return choice.date


def infer_fields(
    rel_path: str,
    raw: RawDocument,
    text: str,
    *,
    corpus_path: str | None = None,
    neighbour_dates: Sequence[dt.date] = (),
) -> InferredFields:
    """Infer doc_id, kind, date, group and title for one document.

    Parameters
    ----------
    rel_path : str
        Path of the file relative to the corpus folder (forward slashes; backslashes accepted).
    raw : RawDocument
        What the reader found; ``raw.fields`` are the embedded fields, ``raw.part`` the key of
        this document inside a multi-document file.
    text : str
        The normalised text.
    corpus_path : str or None, default None
        The path relative to the corpus folder itself, when ``rel_path`` is shorter (relative
        to the folder all files share): a day without a year takes its year from all its folders.
    neighbour_dates : sequence of datetime.date, default ()
        The dates in the names of the other files of its folder, sorted
        (:func:`~chartertext.ingest.years.sibling_file_dates`): a day's last hint of its year.

    Returns
    -------
    InferredFields

    Notes
    -----
    Embedded keys are matched case-insensitively, spaces/hyphens/underscores alike, with the
    French synonyms of ``FIELD_SYNONYMS`` (date/date_reunion, group/groupe/commission/instance,
    kind/type, title/titre, doc_id/id/identifiant). Empty embedded values count as absent.
    Each field, first rule that gives a value wins:

    - **date**: embedded, read with :func:`parse_french_date` (an impossible or unreadable
      embedded date is a warning and falls through) > :func:`date_from_filename` on the file
      name ("filename") > the first folder whose name is a date ("folder") >
      :func:`~chartertext.ingest.dates.find_meeting_date` on the text ("text"; for charters and drafts only dates after
      a meeting cue, since a charter's head cites dated laws) > None ("default").
      A day written without a year (embedded "26 janvier" or "26/01", or "Séance du 26 janvier"
      in the text, :func:`~chartertext.ingest.years.find_meeting_day`) takes its year from the
      folders, the file name or the text's other dates
      or the names of the files beside it (:func:`~chartertext.ingest.years.settle_year`); the
      source then says so ("text+folder_year", "front_matter+filename_year",
      "text+other_dates_year", "text+neighbours_year") and a warning
      names the year and where it came from. A day whose year stays unknown gives no date and a
      warning.
    - **group**: embedded > the first folder of ``rel_path`` that is not a container
      (``CONTAINER_FOLDERS``: docs, corpus, data, posts, content, ...) nor a year or a date
      ("folder"; "corpus/commission-logement/cr1.pdf" → "commission-logement"; a leading "_"
      is dropped: a Jekyll collection "_cr/" → "cr") > the prefix of a stem
      shaped "<group>_<id>" with one underscore and a short numbered id ("filename";
      "comite-animation_cra1.html" → "comite-animation") > None ("default").
    - **kind**: embedded, read with :func:`canonical_kind` ("compte-rendu", "pv",
      "procès-verbal" → minutes; "charte" → charter; "projet", "brouillon" → draft; an unknown
      kind is a warning and falls through) > "charte(s)" as a word in the file name
      ("filename") or the title (the title's source) → "charter", or "draft" when the same
      name or title says "projet de charte" or "brouillon" > "minutes" ("default").
    - **title**: embedded > the first non-empty line of the text, whitespace collapsed, cut at
      a word boundary to ``TITLE_MAX_CHARS`` characters with "…" ("text") > the file stem
      ("filename").
    - **doc_id**: embedded > :func:`slug_from_path` of ``rel_path`` plus "-{raw.part}" for a
      part of a multi-document file ("filename").
    """
    found, metadata, warnings = _embedded(raw)
    embedded_source = raw.field_source
    sources: dict[str, str] = {}
    name = PurePosixPath(rel_path.replace("\\", "/")).name
    stem = PurePosixPath(name).stem if PurePosixPath(name).suffix else name

    # title first: the kind rule reads it
    title: str
    if "title" in found:
        title, sources["title"] = found["title"][1], embedded_source
    elif (line := _first_line(text)) is not None:
        title, sources["title"] = line, "text"
    else:
        title, sources["title"] = unicodedata.normalize("NFC", stem), "filename"

    kind: str | None = None
    if "kind" in found:
        key, value = found["kind"]
        kind = canonical_kind(value)
        if kind is None:
            warnings.append(
                f"{embedded_source} field {key!r} = {value!r} is not a known kind; "
                f"use one of {', '.join(sorted(KIND_SYNONYMS))}"
            )
            metadata[key] = value
        else:
            sources["kind"] = embedded_source
    if kind is None:
        spaced_name = re.sub(r"[-_.]+", " ", stem)
        for where, source in ((spaced_name, "filename"), (title, sources["title"])):
            if _CHARTER.search(where):
                kind = "draft" if _DRAFT_CHARTER.search(where) else "charter"
                sources["kind"] = source
                break
    if kind is None:
        kind, sources["kind"] = "minutes", "default"

    date: dt.date | None = None
    hints = (corpus_path or rel_path, text, neighbour_dates)  # where a day without a year looks for it
    if "date" in found:
        key, value = found["date"]
        date = parse_french_date(value)
        if date is None and (day := parse_day_month(value)) is not None:
            date = _with_year(day, value, embedded_source, hints, sources, warnings)
            if date is None:
                metadata[key] = value
        elif date is None:
            warnings.append(
                f"{embedded_source} field {key!r} = {value!r} is not a valid date; "
                f"the date was looked for in the file name and the text instead"
            )
            metadata[key] = value
        else:
            sources["date"] = embedded_source
    if date is None and (date := date_from_filename(name)) is not None:
        sources["date"] = "filename"
    if date is None:
        for folder in _folders(rel_path):
            if (date := date_from_filename(folder)) is not None:
                sources["date"] = "folder"
                break
    if date is None:
        match = find_meeting_day(text, cued_only=kind in ("charter", "draft"))
        if isinstance(match, DayMatch):
            written = text[match.start : match.end]
            date = _with_year(match.day, written, "text", hints, sources, warnings)
        elif match is not None:
            date, sources["date"] = match.date, "text"
    if date is None:
        sources["date"] = "default"

    group: str | None = None
    if "group" in found:
        group, sources["group"] = found["group"][1], embedded_source
    elif (group := _group_from_folders(rel_path)) is not None:
        sources["group"] = "folder"
    elif (prefix := _group_prefix(stem)) is not None:
        group, sources["group"] = prefix, "filename"
    else:
        sources["group"] = "default"

    if "doc_id" in found:
        doc_id, sources["doc_id"] = found["doc_id"][1], embedded_source
    else:
        doc_id, sources["doc_id"] = slug_from_path(rel_path, raw.part), "filename"

    return InferredFields(
        doc_id=doc_id,
        kind=kind,
        date=date,
        group=group,
        title=title,
        sources={k: sources[k] for k in ("doc_id", "kind", "date", "group", "title")},
        metadata=metadata,
        warnings=tuple(dict.fromkeys(warnings)),  # a day settled twice (embedded, text) warns once
    )
