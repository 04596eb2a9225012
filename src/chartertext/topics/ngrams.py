"""N-grams that are phrases of the text: noun phrases, never words that only became neighbours.

Building n-grams over the words left once stop words are removed glues words the text kept
apart: "la rue du Père Corentin à la rue de Châtillon" gave "corentin rue". Terminology
extraction reads French compounds off a few part-of-speech patterns instead (Daille 1996):
noun + adjective ("logement social"), adjective + noun ("petite ceinture"), noun + noun
("mairie annexe"), and noun + preposition + noun ("tirage au sort", "projet d'aménagement",
"accès aux soins"). So a link between two kept words is a phrase link when

* they are adjacent in the text and their kinds are noun–noun, noun–adjective or
  adjective–noun (a participle counts as an adjective: "jardins partagés", "bureau élargi");
* or they are two nouns joined only by one of :data:`GLUE`: de, d', du, des, de la, de l',
  à, au, aux, à la, à l'. The preposition is dropped ("conseil de quartier" gives
  "conseil quartier"): the bigram counts one concept however it is written, as the lemma
  counts one word however it is inflected.

Anything else between two kept words cuts the phrase: punctuation or a line break, a stop
word of another kind ("mise en place", "le projet pour le quartier"), a removed procedural word,
a name, a number. A verb is never part of an n-gram ("la mairie annonce" is a clause, not a
phrase). An n-gram longer than two words is a run of phrase links.

Reference: Daille, B. (1996). Study and implementation of combined techniques for automatic
extraction of terminology. In *The Balancing Act*, MIT Press, 49–66.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Word sequences that join two nouns into one phrase (lowercase forms, apostrophe ').
GLUE: frozenset[tuple[str, ...]] = frozenset(
    {("de",), ("d'",), ("du",), ("des",), ("de", "la"), ("de", "l'"),
     ("à",), ("au",), ("aux",), ("à", "la"), ("à", "l'")}
)  # fmt: skip
#: Every form that may stand in a glue sequence.
GLUE_FORMS: frozenset[str] = frozenset(form for sequence in GLUE for form in sequence)
#: Kinds of adjacent words that make a phrase link: N noun, A adjective or participle.
ADJACENT_LINKS: frozenset[tuple[str, str]] = frozenset({("N", "N"), ("N", "A"), ("A", "N")})

NOUN, ADJECTIVE, OTHER = "N", "A", "O"


def word_kind(pos: str, participle: bool) -> str:
    """The kind of a kept word for phrase links: noun, adjective (participles included) or other.

    Examples
    --------
    >>> word_kind("PROPN", False), word_kind("VERB", True), word_kind("VERB", False)
    ('N', 'A', 'O')
    """
    if pos in ("NOUN", "PROPN"):
        return NOUN
    if pos == "ADJ" or (pos == "VERB" and participle):
        return ADJECTIVE
    return OTHER


class PhraseRuns:
    """Collect a text's kept words, in order, into runs joined by phrase links.

    Feed it the text's units in order: :meth:`word` for a kept word, :meth:`glue` for a
    preposition or article that may join two nouns, :meth:`cut` for anything else.

    Examples
    --------
    >>> runs = PhraseRuns()
    >>> runs.word("tirage", "N"); runs.glue("au"); runs.word("sort", "N"); runs.cut(); runs.word("rue", "N")
    >>> runs.runs
    [['tirage', 'sort'], ['rue']]
    """

    def __init__(self) -> None:
        self.runs: list[list[str]] = []
        self._last_kind: str | None = None
        self._gap: list[str] | None = None  # glue forms since the last word; None once cut

    def word(self, lemma: str, kind: str) -> None:
        """A kept word of kind ``kind`` (:func:`word_kind`)."""
        if self.runs and self._links_to(kind):
            self.runs[-1].append(lemma)
        else:
            self.runs.append([lemma])
        self._last_kind, self._gap = kind, []

    def glue(self, form: str) -> None:
        """A word of :data:`GLUE_FORMS`, dropped but able to join two nouns."""
        if self._gap is not None:
            self._gap.append(form)

    def cut(self) -> None:
        """Anything that ends a phrase."""
        self._gap = None

    def _links_to(self, kind: str) -> bool:
        if self._gap is None or self._last_kind is None:
            return False
        if not self._gap:
            return (self._last_kind, kind) in ADJACENT_LINKS
        return tuple(self._gap) in GLUE and self._last_kind == kind == NOUN


def ngrams(runs: Sequence[Sequence[str]], low: int, high: int) -> list[str]:
    """The n-grams of every run for ``low <= n <= high``, each written with single spaces.

    Examples
    --------
    >>> ngrams([["aide", "logement", "social"], ["rue"]], 2, 3)
    ['aide logement', 'logement social', 'aide logement social']
    """
    out: list[str] = []
    for run in runs:
        for n in range(low, high + 1):
            out.extend(" ".join(run[i : i + n]) for i in range(len(run) - n + 1))
    return out
