"""A topic's word counts are the sum of its segments' lemma counts, each segment parsed once.

BERTopic's c-TF-IDF joins the segments of each topic into one text and gives it to the
vectoriser: spaCy would parse every segment a second time, inside a text it never sees in the
corpus. Besides the cost (the largest part of the topics stage after the model load), the
joined text is an artifact: spaCy tags some tokens differently across a segment boundary
than inside the segment alone (15 of 5,963 feature counts on the demo corpus), and a lemma
bigram could span two segments. :class:`SegmentSumAnalyzer` recognises a joined text as the
segments it was made of and returns their features, already computed once per segment by
:meth:`~chartertext.topics.vocabulary.FrenchLemmaAnalyzer.analyse_many`: the count of a
topic is then exactly the sum of its segments' counts.

A text that is not such a join (BERTopic's ``topics_per_class`` joins segments of a period,
new texts) is analysed as before.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .vocabulary import make_vectorizer

if TYPE_CHECKING:
    from bertopic import BERTopic

#: Characters of a segment's start used to find the candidates at a position of a joined text.
_KEY_CHARS = 16


class SegmentSumAnalyzer:
    """The analyzer of a c-TF-IDF over ``docs``: a join of some of them counts as their sum.

    Parameters
    ----------
    analyzer : callable
        ``text -> list of features`` (the topic vocabulary's analyzer, which memoises each segment).
    docs : sequence of str
        The segments, in the order BERTopic received them (it joins a topic's segments in this
        order, with one space, after replacing newlines and tabs by spaces).

    Examples
    --------
    >>> words = SegmentSumAnalyzer(str.split, ["les jardins partagés", "la crèche"])
    >>> words("les jardins partagés la crèche")
    ['les', 'jardins', 'partagés', 'la', 'crèche']
    >>> words.split("la crèche les jardins partagés") is None  # not in corpus order: analysed as one text
    True
    """

    def __init__(self, analyzer: Callable[[str], list[str]], docs: Sequence[str]) -> None:
        self.analyzer = analyzer
        self.docs = list(docs)
        self._cleaned = [_as_joined(d) for d in self.docs]
        self._starts: dict[str, list[int]] = defaultdict(list)
        for i, text in enumerate(self._cleaned):
            self._starts[text[:_KEY_CHARS]].append(i)
        self._key_lengths = sorted({len(k) for k in self._starts}, reverse=True)

    def __call__(self, text: str) -> list[str]:
        parts = self.split(text)
        if parts is None:
            return self.analyzer(text)
        return [feature for i in parts for feature in self.analyzer(self.docs[i])]

    def split(self, text: str) -> list[int] | None:
        """Positions in ``docs`` of the segments whose join is ``text`` (increasing), or None."""
        end = len(text) + 1  # past the separator that would follow the last segment
        stack: list[tuple[int, int, tuple[int, ...]]] = [(0, -1, ())]
        failed: set[tuple[int, int]] = set()
        while stack:
            pos, last, taken = stack.pop()
            if pos == end and taken:
                return list(taken)
            if pos >= end or (pos, last) in failed:
                continue
            failed.add((pos, last))  # reached again only through another path: same outcome
            found = [i for i in self._candidates(text, pos) if i > last]
            for i in sorted(found, reverse=True):  # earliest segment explored first
                stack.append((pos + len(self._cleaned[i]) + 1, i, (*taken, i)))
        return None

    def _candidates(self, text: str, pos: int) -> list[int]:
        out = []
        for length in self._key_lengths:
            for i in self._starts.get(text[pos : pos + length], ()):
                segment = self._cleaned[i]
                stop = pos + len(segment)
                if text.startswith(segment, pos) and (stop == len(text) or text[stop] == " "):
                    out.append(i)
        return out


def _as_joined(text: str) -> str:
    # BERTopic's _preprocess_text, for a language other than English (see check_accents_survive).
    return text.replace("\n", " ").replace("\t", " ")


def count_words(model: BERTopic, docs: list[str], topics: list[int], analyzer: Any, top_n_words: int) -> None:
    """Compute the topics' c-TF-IDF words with the French vocabulary, for the final assignments."""
    bertopic_logger = logging.getLogger("BERTopic")
    level = bertopic_logger.level
    # update_topics warns that custom assignments must be the last step: here they are.
    bertopic_logger.setLevel(logging.ERROR)
    try:
        # Pass the vectoriser again: update_topics would otherwise fall back to an English one.
        model.update_topics(
            docs,
            topics=topics,
            top_n_words=top_n_words,
            vectorizer_model=make_vectorizer(SegmentSumAnalyzer(analyzer, docs)),
        )
    finally:
        bertopic_logger.setLevel(level)
    plain_vectorizer(model, analyzer)


def plain_vectorizer(model: BERTopic, analyzer: Any) -> None:
    """Keep the fitted vocabulary; texts given later (topics_per_class, transform) are parsed as they come."""
    model.vectorizer_model.analyzer = analyzer


class PlaceholderAnalyzer:
    """Two constant features per text (one gives a scalar idf), counted by fit_transform's c-TF-IDF.

    Its words are never read: with HDBSCAN and ``nr_topics`` unset, nothing in fit_transform
    uses them (topic vectors are embedding centroids, representative texts are ours), and
    :func:`count_words` replaces them with the French vocabulary's on the final topics, as
    fit_transform would have computed them. Saves the count of the whole corpus once.
    """

    def __call__(self, doc: str) -> list[str]:
        return ["\0a", "\0b"]
