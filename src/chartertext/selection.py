"""Which documents a run reads, and which group each belongs to, from a field the user names.

A FIELD (``[groups] by``, ``--group-by``, the left side of ``--where``) is one of:

- a document attribute of :data:`STANDARD_FIELDS` (``kind``, ``group``, ``year``, ``format``);
- a metadata key: a manifest extra column or a front-matter key (``categories``, ``auteur``),
  matched case-insensitively;
- ``folder:N``: the N-th folder of the file's path under the corpus folder (1 = the top one);
- ``name:REGEX``: a regular expression searched in the file name; its first capture group, or
  the whole match when it has none, is the value.

A front-matter list (``categories: [Compte-rendu, Plénière]``) is kept as a tuple of its items,
so values holding commas are never re-split. A document gets ONE group by the pick rule:
``first`` (its first value) or a list of accepted values in priority order (the first of those
it has, spelled as in the list). Values are compared case-insensitively with accents kept:
"compte-rendu" finds "Compte-rendu", "Education" does not find "Éducation" (the message then
suggests the accented spelling). :func:`select_corpus` applies ``where`` then ``by`` to an
ingested corpus, in this one place, for ``ingest``, ``topics``, ``report`` and ``batch``.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import pandas as pd

from .errors import ConfigError

if TYPE_CHECKING:
    from .config import GroupsConfig
    from .corpus import Corpus
    from .records import Document

__all__ = [
    "STANDARD_FIELDS", "FieldSpec", "Selection", "field_values", "parse_field", "parse_where", "require_selected",
    "select_corpus",
]  # fmt: skip

#: Document attributes a FIELD can name (a metadata key of the same name is shadowed).
STANDARD_FIELDS: tuple[str, ...] = ("kind", "group", "year", "format")
#: What ``sources["group"]`` says for a group set by ``--group-by``.
GROUP_BY_SOURCE = "group_by"
_SYNTAX = (
    "a metadata key (manifest column, front-matter key), one of "
    + ", ".join(STANDARD_FIELDS)
    + ", folder:N (N-th folder, 1 = top) or name:REGEX (a pattern on the file name)"
)


@dataclass(frozen=True)
class FieldSpec:
    """A parsed FIELD: ``kind`` is "standard", "metadata", "folder" or "name"; ``text`` as written."""

    text: str
    kind: str
    key: str = ""
    level: int = 0
    pattern: re.Pattern[str] | None = None


def parse_field(text: str, where: str = "--group-by") -> FieldSpec:
    """Read a FIELD; a malformed ``folder:`` level or regular expression is a ConfigError.

    Examples
    --------
    >>> parse_field("folder:2").level
    2
    >>> parse_field("categories").kind
    'metadata'
    """
    text = text.strip()
    head, colon, rest = text.partition(":")
    if colon and head == "folder":
        if not rest.isdigit() or int(rest) < 1:
            raise ConfigError(f"{where} {text!r}: folder:N needs a level N ≥ 1 (folder:1 is the top folder under the corpus).")
        return FieldSpec(text, "folder", level=int(rest))
    if colon and head == "name":
        try:
            pattern = re.compile(rest)
        except re.error as exc:
            raise ConfigError(f"{where} {text!r}: not a valid regular expression ({exc}).") from exc
        if not rest:
            raise ConfigError(f"{where} {text!r}: name:REGEX needs a pattern, e.g. name:^([a-z]+)_ .")
        return FieldSpec(text, "name", pattern=pattern)
    if not text:
        raise ConfigError(f"{where}: empty field; expected {_SYNTAX}.")
    return FieldSpec(text, "standard" if text in STANDARD_FIELDS else "metadata", key=text)


def parse_where(text: str) -> tuple[FieldSpec, str]:
    """Read a ``FIELD=VALUE`` condition.

    >>> spec, value = parse_where("categories = Compte-rendu")
    >>> spec.key, value
    ('categories', 'Compte-rendu')
    """
    field, equals, value = text.partition("=")
    if not equals or not field.strip() or not value.strip():
        raise ConfigError(f"--where {text!r}: expected FIELD=VALUE, e.g. --where categories=Compte-rendu.")
    return parse_field(field, "--where"), value.strip()


def field_values(doc: Document, spec: FieldSpec) -> tuple[str, ...]:
    """The document's values for a FIELD, empty when it has none (a list gives all its items)."""
    if spec.kind == "standard":
        value = {
            "kind": doc.kind,
            "group": doc.group,
            "year": None if doc.date is None else str(doc.date.year),
            "format": doc.format,
        }[spec.key]
        return _clean([value])
    if spec.kind == "folder":
        folders = PurePosixPath(doc.path).parent.parts
        return _clean([folders[spec.level - 1]]) if len(folders) >= spec.level else ()
    if spec.kind == "name":
        assert spec.pattern is not None
        match = spec.pattern.search(PurePosixPath(doc.path).name)
        if match is None:
            return ()
        return _clean([match.group(1) if spec.pattern.groups else match.group(0)])
    value = doc.metadata.get(spec.key)
    if value is None:
        folded = spec.key.casefold()
        value = next((v for k, v in doc.metadata.items() if k.casefold() == folded), None)
    return _clean(value if isinstance(value, tuple) else [value])


def fold(value: str) -> str:
    """The comparison key of a value: NFC, case folded, whitespace collapsed; accents kept.

    >>> fold("  Compte-rendu ") == fold("compte-rendu"), fold("Éducation") == fold("Education")
    (True, False)
    """
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def pick_value(values: Sequence[str], pick: str | Sequence[str]) -> str | None:
    """ONE value by the pick rule: "first", or the first accepted value (in the list's order) present.

    >>> pick_value(("Compte-rendu", "Plénière", "Éducation"), ("Éducation", "Plénière"))
    'Éducation'
    >>> pick_value(("Compte-rendu",), "first"), pick_value(("Compte-rendu",), ("Culture",)) is None
    ('Compte-rendu', True)
    """
    if pick == "first":
        return values[0] if values else None
    present = {fold(v) for v in values}
    return next((accepted for accepted in pick if fold(accepted) in present), None)


@dataclass(frozen=True)
class Selection:
    """A corpus after ``where`` and ``by``, with what the terminal says about it.

    Attributes
    ----------
    corpus : Corpus
        The kept documents (group set by ``by`` when it names a field) and their segments.
    n_before, n_kept, n_without_group : int
        Documents ingested, kept by ``where``, and kept but with no value for ``by``.
    notes : list of str
        One line per condition and per grouping, with counts.
    """

    corpus: Corpus
    n_before: int
    n_kept: int
    n_without_group: int
    notes: list[str]


def select_corpus(corpus: Corpus, groups: GroupsConfig) -> Selection:
    """Keep the documents matching every ``groups.where`` condition, then group them by ``groups.by``.

    ``by = "group"`` and the speaker settings leave the documents' groups as ingested (speakers
    are regrouped per segment by :func:`chartertext.groups.regroup`). A ``where`` condition on a
    list field holds when the list contains the value; on ``group`` it reads the ingested group.

    Raises
    ------
    ConfigError
        A field no document has (the message lists the fields the corpus offers), or ``where``
        conditions that keep no document.
    """
    docs = list(corpus.documents)
    notes: list[str] = []
    for condition in groups.where:
        spec, value = parse_where(condition)
        _check_known(spec, corpus.documents, "--where")
        kept = [d for d in docs if fold(value) in {fold(v) for v in field_values(d, spec)}]
        if not kept:
            raise ConfigError(
                f"--where {condition}: no document{' left' if len(docs) < len(corpus.documents) else ''} has "
                f"{spec.text} = {value!r}{_near(value, docs, spec)}. Values of {spec.text}: {_listed(docs, spec)}."
            )
        notes.append(f"--where {spec.text}={value} kept {len(kept)} of {len(docs)} documents")
        docs = kept
    n_without = 0
    if groups.document_field is not None:
        spec = parse_field(groups.document_field)
        _check_known(spec, corpus.documents, "--group-by")
        chosen = {d.doc_id: pick_value(field_values(d, spec), groups.pick) for d in docs}
        n_without = sum(1 for g in chosen.values() if g is None)
        docs = [
            dataclasses.replace(d, group=chosen[d.doc_id], sources={**d.sources, "group": GROUP_BY_SOURCE})
            for d in docs
        ]
        counts = Counter(g for g in chosen.values() if g is not None)
        rule = "first value" if groups.pick == "first" else "first of " + ", ".join(groups.pick)
        notes.append(
            f"groups from {spec.text} ({rule}): {len(counts)} group(s) over {len(docs)} documents"
            + (f"; {n_without} document(s) have no value and no group (shown as \"(none)\")" if n_without else "")
        )
        if groups.pick != "first":
            missing = [p for p in groups.pick if not counts.get(p)]
            for value in missing:
                notes.append(f"--group-pick {value!r}: in no document{_near(value, docs, spec)}")
    if len(docs) == len(corpus.documents) and groups.document_field is None:
        return Selection(corpus, len(docs), len(docs), 0, notes)
    by_id = {d.doc_id: d.group for d in docs}
    segments = corpus.segments[corpus.segments["doc_id"].isin(by_id)].reset_index(drop=True)
    new_groups = pd.array([by_id[d] for d in segments["doc_id"]], dtype=segments["group"].dtype)
    segments = segments.assign(group=new_groups)
    selected = dataclasses.replace(corpus, documents=tuple(docs), segments=segments)
    return Selection(selected, len(corpus.documents), len(docs), n_without, notes)


def require_selected(corpus: Corpus, groups: GroupsConfig) -> None:
    """Refuse a corpus whose documents were not grouped by ``groups.by`` (a silent "(none)" otherwise)."""
    if groups.document_field is not None and any(d.sources.get("group") != GROUP_BY_SOURCE for d in corpus.documents):
        raise ConfigError(
            f"groups.by = {groups.by!r} names a document field: pass the corpus through "
            "chartertext.selection.select_corpus(corpus, config.groups).corpus before analyse "
            "(report_corpus does it)."
        )


def field_counts(documents: Iterable[Document]) -> dict[str, Counter[str]]:
    """{metadata key: {value: documents}}, list items counted one by one (values as written)."""
    fields: dict[str, Counter[str]] = {}
    for doc in documents:
        for key, value in doc.metadata.items():
            items = value if isinstance(value, tuple) else (value,)
            fields.setdefault(key, Counter()).update(set(_clean(items)))
    return fields


def _clean(values: Iterable[object]) -> tuple[str, ...]:
    out = (unicodedata.normalize("NFC", str(v)).strip() for v in values if v is not None)
    return tuple(v for v in out if v)


def _check_known(spec: FieldSpec, documents: Sequence[Document], option: str) -> None:
    if spec.kind != "metadata":
        return
    keys = {k.casefold() for d in documents for k in d.metadata}
    if spec.key.casefold() in keys:
        return
    counts = field_counts(documents)
    fields = ", ".join(f"{k} ({sum(1 for d in documents if k in d.metadata)} documents)" for k in sorted(counts))
    depth = max((len(PurePosixPath(d.path).parent.parts) for d in documents), default=0)
    folders = "".join(f"folder:{n}, " for n in range(1, depth + 1))
    raise ConfigError(
        f"{option} {spec.text!r}: no document has this field. "
        + (f"Metadata fields in this corpus: {fields}. " if fields else "The documents have no metadata fields. ")
        + f"Also: {', '.join(STANDARD_FIELDS)}, {folders}name:REGEX."
    )


def _strip_accents(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", fold(value)) if not unicodedata.combining(c))


def _near(value: str, documents: Sequence[Document], spec: FieldSpec) -> str:
    """A hint naming the spellings that differ from ``value`` only by accents (they are compared)."""
    bare = _strip_accents(value)
    near = sorted({v for d in documents for v in field_values(d, spec) if _strip_accents(v) == bare and fold(v) != fold(value)})
    return f" (accents are compared: did you mean {' or '.join(map(repr, near))}?)" if near else ""


def _listed(documents: Sequence[Document], spec: FieldSpec, most: int = 12) -> str:
    counts = Counter(v for d in documents for v in set(field_values(d, spec)))
    if not counts:
        return "none"
    return ", ".join(f"{v} ({n})" for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:most])
