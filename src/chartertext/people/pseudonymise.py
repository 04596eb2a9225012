"""Person names replaced by stable pseudonyms, before any analysis sees the text.

Minutes are personal data, and ethics boards ask for pseudonyms. :func:`pseudonymise_corpus`
rewrites an ingested corpus right after ingestion (documents' text, titles and metadata;
segments' text, speaker and heading), so every later stage, and so every output (summary.json,
tables, figures, HTML), only ever sees pseudonyms.

How it works
------------
1. **Learn who is named.** Names are gathered from civilities ("Mme Dupont", "M. DUPONT",
   "Monsieur Jean Dupont", "Mmes X et Y"), attendance lists ("Présents : Helga, Marielle"),
   speakers found by the segmenter, "SURNAME First" lists, and spaCy PER entities, minus
   street and place names ("rue Victor Basch"), roles ("M. le Maire") and common words
   (:mod:`chartertext.people.sources`, :mod:`chartertext.people.names`).
2. **Resolve variants where it is safe.** "Mme Hélène Lambert", "Madame LAMBERT", "H. Lambert",
   "LAMBERT Hélène" and a bare "Lambert" are one person when the corpus knows a single Lambert
   whose civility does not contradict (a "M. Petit" is not "Mme Laurence Petit"). A surname
   shared by several people gets a pseudonym of its own, never one of theirs. A first name
   alone ("Helga") is never merged with a full name: too many people share one
   (:mod:`chartertext.people.book`).
3. **Replace every occurrence.** Pseudonyms are ``P01``, ``P02``… numbered in order of first
   appearance, documents taken in ``doc_id`` order, so the same corpus gives the same
   pseudonyms on every run. Civilities stay ("Mme P01"): they carry the gender, which the
   analysis may need and which does not identify anyone.

Why "P01" and not "Personne 01": the French word *personne* is core vocabulary of the charters
this tool studies ("la personne au cœur de l'action"); writing it fifty times into the minutes
would bend embeddings, topics and value counts. A code with digits is skipped by the topic
vocabulary and weighs little in an embedding. ``P01`` is also the usual participant code of
qualitative research.

Segments keep their boundaries: offsets are shifted, not recomputed, so a pseudonymised run
analyses exactly the same passages as a plain one (re-segmenting could change what is read as
a speaker turn, since "P07 présente…" no longer looks like a first name).

What is not rewritten: ``doc_id`` and file paths (they identify files, and outputs refer to
them); name the files without names. The correspondence table (:attr:`PseudonymisedCorpus.mapping`)
is returned, never written into a report; :func:`write_pseudonym_key` writes it elsewhere.
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..atomic import atomic_path, refuse_inside
from ..corpus import Corpus, segments_frame
from ..csvsafe import neutralise_row
from ..errors import ConfigError
from ..records import Document, Segment
from .book import Mention, NameBook, Person
from .sources import gather_names

__all__ = [
    "PseudonymisedCorpus",
    "Pseudonymiser",
    "check_key_location",
    "pseudonym_note",
    "pseudonymise_corpus",
    "write_pseudonym_key",
]


class Pseudonymiser:
    """Replaces the names of a :class:`~chartertext.people.book.NameBook` by stable pseudonyms in any text.

    Parameters
    ----------
    book : NameBook
    order : sequence of Person
        People in order of first appearance; ``order[0]`` becomes ``P01``. A person met later
        (in a text outside the corpus) gets the next free number.
    """

    def __init__(self, book: NameBook, order: Sequence[Person]) -> None:
        self.book = book
        self._width = max(2, len(str(len(order))))
        self._codes: dict[Person, str] = {}
        self._forms: dict[str, set[str]] = defaultdict(set)
        for person in order:
            self.code(person)

    def code(self, person: Person) -> str:
        """The pseudonym of ``person`` ("P07")."""
        if person not in self._codes:
            self._codes[person] = f"P{len(self._codes) + 1:0{self._width}d}"
        return self._codes[person]

    def replacements(self, text: str, boundaries: Sequence[int] = ()) -> list[tuple[int, int, str]]:
        """(start, end, pseudonym) for each name in ``text``, in order, not overlapping."""
        return self.replace_mentions(self.book.find(text, boundaries))

    def replace_mentions(self, mentions: Iterable[Mention]) -> list[tuple[int, int, str]]:
        """(start, end, pseudonym) for mentions already found, remembering each form for :attr:`mapping`."""
        out = []
        for mention in mentions:
            code = self.code(mention.person)
            self._forms[code].add(mention.form)
            out.append((mention.start, mention.end, code))
        return out

    def apply(self, text: str | None) -> str | None:
        """``text`` with every known name replaced (None stays None)."""
        if not text:
            return text
        return _rewrite(text, self.replacements(text))[0]

    @property
    def mapping(self) -> dict[str, tuple[str, ...]]:
        """Pseudonym → the names it replaced, as written (the key that re-identifies: keep it safe)."""
        return {code: tuple(sorted(self._forms[code])) for code in sorted(self._forms)}


def _rewrite(text: str, replacements: Sequence[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The new text, and (old end, cumulative shift) after each replacement, for moving offsets."""
    parts: list[str] = []
    shifts: list[tuple[int, int]] = []
    pos, shift = 0, 0
    for start, end, new in replacements:
        parts += [text[pos:start], new]
        shift += len(new) - (end - start)
        shifts.append((end, shift))
        pos = end
    parts.append(text[pos:])
    return "".join(parts), shifts


def _move(offset: int, shifts: list[tuple[int, int]]) -> int:
    idx = bisect.bisect_right(shifts, (offset, float("inf"))) - 1
    return offset + (shifts[idx][1] if idx >= 0 else 0)


@dataclass(frozen=True)
class PseudonymisedCorpus:
    """A corpus whose person names are pseudonyms, and the key to them.

    Attributes
    ----------
    corpus : Corpus
        Same documents, segments (same boundaries, offsets moved) and errors; names replaced.
    mapping : dict of str to tuple of str
        Pseudonym → every form it replaced ("P01" → ("H. Lambert", "Hélène Lambert", "LAMBERT", ...)).
        It re-identifies people: never put it in a report.
    pseudonymiser : Pseudonymiser
        To pseudonymise further text the same way (actor names of the network, for instance).
    """

    corpus: Corpus
    mapping: dict[str, tuple[str, ...]]
    pseudonymiser: Pseudonymiser


def pseudonymise_corpus(corpus: Corpus, *, nlp: Any = None) -> PseudonymisedCorpus:
    """Replace the person names of an ingested corpus by stable pseudonyms ("Mme P01").

    Parameters
    ----------
    corpus : Corpus
        From :func:`chartertext.corpus.ingest_corpus`.
    nlp : spacy.language.Language, optional
        A French pipeline with an NER component; :func:`chartertext.nlp.load_french` when None.

    Returns
    -------
    PseudonymisedCorpus

    Examples
    --------
    >>> result = pseudonymise_corpus(ingest_corpus("corpora/demo"))  # doctest: +SKIP
    >>> "Lambert" in result.corpus.documents[0].text  # doctest: +SKIP
    False
    """
    if nlp is None:
        from ..nlp import load_french

        nlp = load_french()
    book = NameBook(gather_names(corpus, nlp))
    rows = _rows_by_document(corpus)
    documents = sorted(corpus.documents, key=lambda d: d.doc_id)
    # First pass: who appears, in doc_id order, so numbering is the same on every run.
    order: dict[Person, None] = {}
    found: dict[str, list[Mention]] = {}
    for doc in documents:
        found[doc.doc_id] = book.find(doc.text, _boundaries(rows[doc.doc_id]))
        values = [v for value in doc.metadata.values() for v in (value if isinstance(value, tuple) else (value,))]
        extras = [doc.title, *values, *(s.speaker or "" for s in rows[doc.doc_id])]
        extras += [s.heading or "" for s in rows[doc.doc_id]]
        for mention in found[doc.doc_id] + [m for text in extras for m in book.find(text)]:
            order.setdefault(mention.person)
    pseudo = Pseudonymiser(book, list(order))
    new_docs: dict[str, Document] = {}
    new_rows: dict[str, list[Segment]] = {}
    for doc in documents:
        text, shifts = _rewrite(doc.text, pseudo.replace_mentions(found[doc.doc_id]))
        new_docs[doc.doc_id] = dataclasses.replace(
            doc,
            text=text,
            title=pseudo.apply(doc.title) or doc.title,
            # A group set by --group-by may be a person (an author field); a body's name is left alone.
            group=_pseudo_value(pseudo, doc.group) if doc.group and doc.sources.get("group") == "group_by" else doc.group,
            metadata={k: _pseudo_value(pseudo, v) for k, v in doc.metadata.items()},
        )
        new_rows[doc.doc_id] = [_moved(seg, text, shifts, pseudo) for seg in rows[doc.doc_id]]
    ordered = [new_docs[d.doc_id] for d in corpus.documents]
    rewritten = dataclasses.replace(
        corpus,
        documents=tuple(ordered),
        segments=segments_frame([(d, new_rows[d.doc_id]) for d in ordered]),
    )
    return PseudonymisedCorpus(rewritten, pseudo.mapping, pseudo)


def _pseudo_value(pseudo: Pseudonymiser, value: str | tuple[str, ...]) -> str | tuple[str, ...]:
    if isinstance(value, tuple):  # a front-matter list: each item on its own
        return tuple(pseudo.apply(v) or v for v in value)
    return pseudo.apply(value) or value


def _rows_by_document(corpus: Corpus) -> dict[str, list[Segment]]:
    rows: dict[str, list[Segment]] = {d.doc_id: [] for d in corpus.documents}
    names = [f.name for f in dataclasses.fields(Segment)]
    for record in corpus.segments[names].itertuples(index=False):
        values = dict(zip(names, record))
        values = {k: (None if v is None or v is pd.NA else v) for k, v in values.items()}
        rows[values["doc_id"]].append(Segment(**{**values, "start": int(values["start"]), "end": int(values["end"])}))
    return rows


def _boundaries(segments: Sequence[Segment]) -> list[int]:
    return sorted({s.start for s in segments} | {s.end for s in segments})


def _moved(seg: Segment, text: str, shifts: list[tuple[int, int]], pseudo: Pseudonymiser) -> Segment:
    start, end = _move(seg.start, shifts), _move(seg.end, shifts)
    return dataclasses.replace(
        seg, start=start, end=end, text=text[start:end], speaker=pseudo.apply(seg.speaker), heading=pseudo.apply(seg.heading)
    )


def write_pseudonym_key(mapping: dict[str, tuple[str, ...]], target: str | Path) -> Path:
    """Write the pseudonym key as CSV (``pseudonym,names``, names joined by " | "), atomically.

    Keep this file apart from the report: with it, anyone can put the names back. It is
    written readable by its owner only (mode 0600), even when it replaces a laxer file.
    """
    target = Path(target)
    with atomic_path(target, private=True) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["pseudonym", "names"])
            for code, forms in mapping.items():
                writer.writerow(neutralise_row([code, " | ".join(forms)]))
    return target


def pseudonym_note(mapping: dict[str, tuple[str, ...]]) -> str:
    """The note a report carries when its names were pseudonymised (it names no one)."""
    if not mapping:
        return "person names pseudonymised (--pseudonymise): no person name was found"
    return f"person names replaced by pseudonyms (--pseudonymise): {len(mapping)} people, {min(mapping)} to {max(mapping)}"


def check_key_location(key: str | Path, report: str | Path, corpus_root: str | Path) -> None:
    """Refuse a pseudonym key inside the report (which is meant to be shared) or the corpus.

    Raises
    ------
    ConfigError, ChartertextError
    """
    refuse_inside(key, corpus_root)
    key, report = Path(key), Path(report)
    if key.resolve().is_relative_to(report.resolve()):
        raise ConfigError(
            f"{key}: the pseudonym key would be written inside the report folder {report}, which is meant to be "
            f"shared. Write it elsewhere (e.g. --pseudonym-key ~/private/{report.name}-key.csv)."
        )
