"""Text reuse: passages copied from one text into another, with exact character offsets.

Two steps, as in plagiarism and text-reuse detection (Broder 1997; Smith et al. 2013):

1. **Candidates.** Each text is cut into overlapping windows of ``window`` words (every
   ``step`` words; by default ``min_words`` and a quarter of it). A window is the set of its
   word ``shingle``-grams, summarised by a MinHash signature; a MinHash LSH index
   (``datasketch``) returns the pairs of windows, in different texts, whose estimated Jaccard
   similarity is likely above ``lsh_threshold``. This keeps the cost near linear in the amount
   of text: only windows that share wording are aligned.
2. **Local alignment.** Around each candidate pair, the two word sequences (the windows plus
   ``window`` words of context each side) are aligned with :class:`difflib.SequenceMatcher`;
   its matching blocks of at least two words are chained when the gap between them is at
   most ``max_gap`` words on both sides (a light edit: a word changed, added or dropped).
   Chains from overlapping candidates are merged, then each passage is aligned once more as
   a whole to count its matched words. Passages with at least ``min_words`` matched words are
   kept.

Words are runs of letters and digits (``[\\w]`` with combining accents); an apostrophe
separates words ("l'élu" is "l", "élu"). They are compared casefolded, with the ligatures
œ/æ read as oe/ae ("mise en oeuvre" = "mise en œuvre"), accents kept ("élu" ≠ "elu").
Offsets are always those of the original text: ``text[a_start:a_end]`` runs from the first
matched word's first character to the last matched word's last character.

References
----------
Broder, A. Z. (1997). On the resemblance and containment of documents. Compression and
Complexity of Sequences.
Smith, D. A., Cordell, R., & Maddock Dillon, E. (2013). Infectious texts: modeling text
reuse in nineteenth-century newspapers. IEEE Big Data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import pandas as pd

from ..errors import ConfigError
from ..records import Document
from .reuse_candidates import Tokens, candidates

#: Columns of :attr:`ReuseResult.passages`.
PASSAGE_COLUMNS: tuple[str, ...] = ("a", "b", "a_start", "a_end", "b_start", "b_end", "words", "text")
#: Columns of the table :func:`find_quotations` returns.
QUOTATION_COLUMNS: tuple[str, ...] = (
    "doc_id", "start", "end", "charter_start", "charter_end", "words", "text",
)

# Blocks of one word are coincidences ("la", "de"); inside a passage they are counted, never chained on.
_MIN_BLOCK = 2


@dataclass(frozen=True)
class ReuseParameters:
    """How reuse is searched; every field is reported in summary.json.

    Attributes
    ----------
    min_words : int, default 10
        Shortest passage reported, in matched words. Measured on the five national
        charters: at 6, the legal formulas every French charter shares ("dans les conditions
        prévues par la loi", 6–9 words) come out between all pairs (55 passages); at 8 and
        more, only the 2003 → 2008 reuse does (16 passages at 8, 11 at 10, 7 at 12). 10
        keeps copied clauses ("a droit à une information claire, compréhensible et adaptée")
        and leaves the formulas out.
    window : int or None, default None
        Words per MinHash window; None uses ``min_words``, so that a passage of the shortest
        reported length fills a window: two windows holding the same 10 words, each shifted by
        up to ``step`` - 1 words, still share more than half their shingles.
    step : int or None, default None
        Words between the starts of two windows; None uses ``max(1, window // 4)``.
    shingle : int, default 3
        Words per shingle.
    lsh_threshold : float, default 0.2
        Estimated Jaccard similarity of two windows' shingles above which they are aligned.
        Low, so that a window with an edited word (three shingles lost) is still a candidate;
        the alignment, not the LSH, decides what is reported.
    num_perm : int, default 128
        MinHash permutations.
    max_gap : int, default 4
        Longest run of unmatched words (on either side) inside a passage.
    seed : int, default 1
        MinHash seed (the result does not depend on it beyond LSH recall).
    """

    min_words: int = 10
    window: int | None = None
    step: int | None = None
    shingle: int = 3
    lsh_threshold: float = 0.2
    num_perm: int = 128
    max_gap: int = 4
    seed: int = 1

    def __post_init__(self) -> None:
        # Fill the derived defaults in, so that summary.json reports the values used.
        if self.window is None:
            object.__setattr__(self, "window", self.min_words)
        if self.step is None:
            object.__setattr__(self, "step", max(1, int(self.window) // 4))
        if self.min_words < 2 or self.window < self.shingle or self.step < 1 or self.shingle < 1:
            raise ConfigError(
                f"reuse parameters min_words={self.min_words}, window={self.window}, step={self.step}, "
                f"shingle={self.shingle}: need min_words ≥ 2, window ≥ shingle ≥ 1 and step ≥ 1. "
                f"Fix: e.g. min_words=10 (the --min-words option), window=10, step=2, shingle=3."
            )
        if not 0.0 < self.lsh_threshold < 1.0 or self.max_gap < 0 or self.num_perm < 16:
            raise ConfigError(
                f"reuse parameters lsh_threshold={self.lsh_threshold}, max_gap={self.max_gap}, "
                f"num_perm={self.num_perm}: need 0 < lsh_threshold < 1, max_gap ≥ 0, num_perm ≥ 16. "
                f"Fix: e.g. lsh_threshold=0.2, max_gap=4, num_perm=128."
            )


@dataclass(frozen=True)
class Passage:
    """One reused passage: where it is in text a and in text b.

    Attributes
    ----------
    a_start, a_end, b_start, b_end : int
        Character offsets into the two texts.
    words : int
        Words matched between the two spans (identical after casefolding).
    text : str
        ``text_a[a_start:a_end]``.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int
    text: str


@dataclass(frozen=True)
class ReuseResult:
    """Reused passages between every pair of texts, and how much of each text they cover.

    Attributes
    ----------
    passages : pandas.DataFrame
        One row per passage, columns ``PASSAGE_COLUMNS``: ``a``, ``b`` (text ids, ``a`` before
        ``b`` in the order the texts were given), offsets, ``words``, ``text`` (from ``a``).
        Sorted by ``a``, ``b``, ``a_start``.
    shares : dict of str to float
        Share of each text's characters inside a passage shared with any other text.
    lengths : dict of str to int
        Characters of each text.
    parameters : ReuseParameters
    texts : dict of str to str
        The texts compared (to quote either side of a passage).
    """

    passages: pd.DataFrame
    shares: dict[str, float]
    lengths: dict[str, int]
    parameters: ReuseParameters
    texts: dict[str, str] = field(default_factory=dict, repr=False)

    def pair(self, a: str, b: str) -> list[Passage]:
        """The passages between ``a`` and ``b``, offsets oriented as asked (a's first)."""
        rows = self.passages
        direct = rows[(rows["a"] == a) & (rows["b"] == b)]
        out = [Passage(r.a_start, r.a_end, r.b_start, r.b_end, r.words, r.text) for r in direct.itertuples(index=False)]
        if a != b:
            reverse = rows[(rows["a"] == b) & (rows["b"] == a)]
            text = self.texts.get(a, "")
            out += [
                Passage(r.b_start, r.b_end, r.a_start, r.a_end, r.words, text[r.b_start : r.b_end])
                for r in reverse.itertuples(index=False)
            ]
        return sorted(out, key=lambda p: (p.a_start, p.b_start))

    def pair_share(self, a: str, b: str) -> tuple[float, float, float]:
        """Shares of a's characters, of b's, and of both together, in passages between them."""
        passages = self.pair(a, b)
        covered_a = _covered([(p.a_start, p.a_end) for p in passages])
        covered_b = _covered([(p.b_start, p.b_end) for p in passages])
        len_a, len_b = self.lengths[a], self.lengths[b]
        return (
            covered_a / len_a if len_a else 0.0,
            covered_b / len_b if len_b else 0.0,
            (covered_a + covered_b) / (len_a + len_b) if len_a + len_b else 0.0,
        )


def find_reuse(
    texts: Mapping[str, str],
    *,
    parameters: ReuseParameters | None = None,
    pairs: Iterable[tuple[str, str]] | None = None,
) -> ReuseResult:
    """Find the passages each pair of texts shares.

    Parameters
    ----------
    texts : mapping of str to str
        Text id (e.g. doc_id) to text (normalised document text, whose offsets the passages use).
        The mapping's order orients pairs: ``a`` is the text given first.
    parameters : ReuseParameters, optional
        Defaults when None.
    pairs : iterable of (str, str), optional
        Only these pairs of ids are compared (in either order). Default: every pair.

    Returns
    -------
    ReuseResult

    Examples
    --------
    >>> shared = "la personne a droit à une information claire, compréhensible et adaptée sur ses droits"
    >>> result = find_reuse({"a": "Préambule. " + shared + ".", "b": "Article 6. " + shared + " et recours."})
    >>> passage = result.pair("a", "b")[0]
    >>> passage.words, passage.text == shared
    (14, True)
    """
    params = parameters or ReuseParameters()
    ids = list(texts)
    order = {doc_id: i for i, doc_id in enumerate(ids)}
    wanted = None
    if pairs is not None:
        wanted = set()
        for x, y in pairs:
            if x not in order or y not in order:
                missing = x if x not in order else y
                raise ConfigError(
                    f"reuse pair names {missing!r}, which is not one of the texts given. Fix: pass pairs of the texts' ids."
                )
            if x != y:  # a text is not compared with itself
                wanted.add((min(order[x], order[y]), max(order[x], order[y])))
    tokens = [Tokens.of(texts[doc_id]) for doc_id in ids]
    rows: list[dict[str, object]] = []
    spans: dict[str, list[tuple[int, int]]] = {doc_id: [] for doc_id in ids}
    for (i, j), seeds in sorted(candidates(tokens, params, wanted).items()):
        ta, tb = tokens[i], tokens[j]
        for a0, a1, b0, b1, words in _passages(ta, tb, seeds, params):
            a_span = (int(ta.starts[a0]), int(ta.ends[a1 - 1]))
            b_span = (int(tb.starts[b0]), int(tb.ends[b1 - 1]))
            spans[ids[i]].append(a_span)
            spans[ids[j]].append(b_span)
            rows.append(
                {
                    "a": ids[i],
                    "b": ids[j],
                    "a_start": a_span[0],
                    "a_end": a_span[1],
                    "b_start": b_span[0],
                    "b_end": b_span[1],
                    "words": words,
                    "text": texts[ids[i]][a_span[0] : a_span[1]],
                }
            )
    passages = pd.DataFrame(rows, columns=list(PASSAGE_COLUMNS))
    lengths = {doc_id: len(texts[doc_id]) for doc_id in ids}
    shares = {doc_id: (_covered(spans[doc_id]) / lengths[doc_id] if lengths[doc_id] else 0.0) for doc_id in ids}
    return ReuseResult(passages=passages, shares=shares, lengths=lengths, parameters=params, texts=dict(texts))


def find_quotations(
    known_charter_text: str,
    documents: Sequence[Document] | Mapping[str, str],
    *,
    parameters: ReuseParameters | None = None,
) -> pd.DataFrame:
    """Find a known charter quoted inside other documents (the Charte de l'élu local read aloud in minutes).

    Parameters
    ----------
    known_charter_text : str
        The charter's text, e.g. the ``text`` of its ingested :class:`~chartertext.records.Document`.
    documents : sequence of Document, or mapping of doc_id to text
        Where to look (minutes, usually). A document whose doc_id is ``"__charter__"`` is refused.
    parameters : ReuseParameters, optional
        ``min_words`` is the shortest quotation reported.

    Returns
    -------
    pandas.DataFrame
        Columns ``QUOTATION_COLUMNS``: ``doc_id``; ``start``, ``end``, offsets in that
        document's text; ``charter_start``, ``charter_end``, offsets in ``known_charter_text``;
        ``words`` matched; ``text``, the document's quoting words (``text[start:end]``).
        Sorted by ``doc_id`` and ``start``; empty when nothing is quoted.
    """
    corpus = {d.doc_id: d.text for d in documents} if not isinstance(documents, Mapping) else dict(documents)
    key = "__charter__"
    if key in corpus:
        raise ConfigError(f"a document is named {key!r}, which find_quotations uses for the charter. Fix: rename it.")
    result = find_reuse({key: known_charter_text, **corpus}, parameters=parameters, pairs=[(key, d) for d in corpus])
    p = result.passages
    frame = pd.DataFrame(
        {
            "doc_id": p["b"].astype(object),
            "start": p["b_start"],
            "end": p["b_end"],
            "charter_start": p["a_start"],
            "charter_end": p["a_end"],
            "words": p["words"],
            "text": [corpus[d][s:e] for d, s, e in zip(p["b"], p["b_start"], p["b_end"])],
        },
        columns=list(QUOTATION_COLUMNS),
    )
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def _passages(
    a: Tokens, b: Tokens, seeds: Sequence[tuple[tuple[int, int], tuple[int, int]]], params: ReuseParameters
) -> list[tuple[int, int, int, int, int]]:
    """Passages (a0, a1, b0, b1, matched words) in token positions, sorted by a0."""
    chains: set[tuple[int, int, int, int]] = set()
    margin = int(params.window or params.min_words)
    for (sa, ea), (sb, eb) in seeds:
        a0, a1 = max(0, sa - margin), min(len(a), ea + margin)
        b0, b1 = max(0, sb - margin), min(len(b), eb + margin)
        blocks = _blocks(a.keys[a0:a1], b.keys[b0:b1])
        for x0, x1, y0, y1 in _chain(blocks, params.max_gap):
            chains.add((x0 + a0, x1 + a0, y0 + b0, y1 + b0))
    out = []
    for x0, x1, y0, y1 in _merge(sorted(chains)):
        words = sum(size for *_, size in _matching(a.keys[x0:x1], b.keys[y0:y1]))
        if words >= params.min_words:
            out.append((x0, x1, y0, y1, words))
    return out


def _matching(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    # autojunk would drop frequent words ("de", "la") from long texts and cut passages at them.
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return [(m.a, m.b, m.size) for m in blocks if m.size]


def _blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    return [(i, j, n) for i, j, n in _matching(a, b) if n >= _MIN_BLOCK]


def _chain(blocks: Sequence[tuple[int, int, int]], max_gap: int) -> list[tuple[int, int, int, int]]:
    """Join consecutive matching blocks separated by at most ``max_gap`` words on both sides."""
    chains: list[list[int]] = []
    for i, j, n in blocks:  # SequenceMatcher's blocks increase in both sequences
        if chains and 0 <= i - chains[-1][1] <= max_gap and 0 <= j - chains[-1][3] <= max_gap:
            chains[-1][1], chains[-1][3] = i + n, j + n
        else:
            chains.append([i, i + n, j, j + n])
    return [(c[0], c[1], c[2], c[3]) for c in chains]


def _merge(spans: Sequence[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Union spans found from overlapping candidates: overlapping in a and in b (sorted input)."""
    merged: list[list[int]] = []
    for a0, a1, b0, b1 in spans:
        for m in merged:
            if a0 < m[1] and m[0] < a1 and b0 < m[3] and m[2] < b1:
                m[0], m[1], m[2], m[3] = min(m[0], a0), max(m[1], a1), min(m[2], b0), max(m[3], b1)
                break
        else:
            merged.append([a0, a1, b0, b1])
    # A union can make two earlier spans overlap: repeat until nothing changes.
    result = [(m[0], m[1], m[2], m[3]) for m in merged]
    return result if len(result) == len(spans) else _merge(sorted(result))


def _covered(spans: Iterable[tuple[int, int]]) -> int:
    """Characters inside the union of half-open spans."""
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total
