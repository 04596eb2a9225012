"""Names of people and places in a parsed text: kept out of the topic words, kept for the topic tables.

Minutes name the streets, squares and people a neighbourhood talks about in every other line;
counted as words, "rue", "père", "corentin" and "orléans" become the words of every topic and
say where, not what. A name is found by one of five rules (on the units of
:mod:`~chartertext.topics.units`):

1. after a civility, the capitalised words that follow ("Mme Anne Martin" → "Anne Martin");
2. a place word of :data:`chartertext.lang.fr.PLACE_WORDS` ("rue", "avenue", "porte",
   "place", "square", "stade", "salle"…) followed by a capitalised name, particles allowed
   inside: "rue du Père Corentin", "Porte d'Orléans", "place de Catalogne", "avenue Jean
   Moulin"; the place word belongs to the name, and alone ("la rue est sale") it is a word;
3. a capitalised title of :data:`chartertext.lang.fr.TITLE_WORDS` before a capitalised word
   ("Général Leclerc", "Père Corentin");
4. people written "SURNAME First" or "First SURNAME", as lists of members are ("CHERIFI Lamia
   ACHAB Ourdia"), read by the name grammar of :mod:`chartertext.people.names`
   (``split_people``, ``read_name``); only runs that mix an upper-case and a capitalised word,
   so that a heading ("BUDGET PARTICIPATIF") or an acronym ("APUR") is not a person;
5. words spaCy's NER tags as persons or places (PER, LOC) that are capitalised proper nouns
   and not words that are never names (:data:`chartertext.lang.fr.NOT_NAMES`): spaCy's French
   model also tags "Conseils", "la Mairie" or "Vœu" as places when they open a line, and a
   lowercase word is never a French proper name.

Organisations (spaCy's ORG: "RATP", "Paris Habitat") stay words: who does what is a topic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from ..lang import fr
from ..people.names import fold, is_place_word, read_name, split_people, tokenize
from .stopwords import CIVILITY_WORDS
from .units import Unit

#: Entity types whose proper nouns are names (persons and places).
NAME_ENTITIES = frozenset({"PER", "LOC"})
#: Lowercase words allowed inside a name before a capitalised word ("Porte d'Orléans", "place des Droits de l'Enfant").
NAME_PARTICLES = frozenset(fr.PARTICLES | {"l'"})
#: Longest name read after a civility, place word or title, in units.
MAX_NAME_UNITS = 8


def name_spans(units: Sequence[Unit], text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of units (end excluded) that are names, in order, not overlapping.

    ``text`` is the parsed text the units' offsets point into. A civility is not part of the
    name it introduces; a place word is.
    """
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        people = _listed_people(units, i, text)
        if people:
            spans.extend(people)
            i = people[-1][1]
            continue
        unit = units[i]
        if unit.form in CIVILITY_WORDS:
            end = _capitalised_tail(units, i + 1, particles=False)
            if end > i + 1:
                spans.append((i + 1, end))
            i = max(end, i + 1)
            continue
        key = fold(unit.form)
        if is_place_word(key) or (key in fr.TITLE_WORDS and _capitalised(unit)):
            end = _capitalised_tail(units, i + 1, particles=True)
            if end > i + 1:
                spans.append((i, end))
                i = end
                continue
        if _named_entity(unit):
            end = i + 1
            while end < len(units) and (
                _named_entity(units[end])
                or (units[end].form in NAME_PARTICLES and end + 1 < len(units) and _named_entity(units[end + 1]))
            ):
                end += 1
            spans.append((i, end))
            i = end
            continue
        i += 1
    return spans


def name_text(text: str, units: Sequence[Unit], span: tuple[int, int]) -> str:
    """The name of ``span`` as written in ``text``, white space folded ("Porte d'Orléans")."""
    start, end = span
    return " ".join(text[units[start].start : units[end - 1].end].split())


def most_frequent_names(names_per_text: Iterable[Iterable[str]], top: int) -> list[str]:
    """The ``top`` names found in the most texts, most first (ties: alphabetical by folded name).

    Spellings that differ only by case or accents count as one name, shown as most often written.

    Examples
    --------
    >>> most_frequent_names([["rue Didot", "Porte d'Orléans"], ["Rue Didot"], ["rue Didot"]], top=5)
    ['rue Didot', "Porte d'Orléans"]
    """
    texts_with: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for names in names_per_text:
        keys = set()
        for name in names:
            key = fold(name)
            spellings.setdefault(key, Counter())[name] += 1
            keys.add(key)
        texts_with.update(keys)
    ranked = sorted(texts_with, key=lambda k: (-texts_with[k], k))[:top]
    return [spellings[k].most_common(1)[0][0] for k in ranked]


def topic_names(names_per_text: Sequence[Sequence[str]], topics: Sequence[int], top: int) -> dict[int, tuple[str, ...]]:
    """The ``top`` most frequent names of each topic's texts (:func:`most_frequent_names`).

    Parameters
    ----------
    names_per_text : sequence of sequence of str
        The names of each text, e.g. from :meth:`FrenchLemmaAnalyzer.names_many`.
    topics : sequence of int
        The topic of each text (-1 for outliers).
    top : int
        Names kept per topic.

    Examples
    --------
    >>> topic_names([["rue Didot"], ["rue Didot", "Alésia"], ["Jean Zay"]], [0, 0, 1], top=2)
    {0: ('rue Didot', 'Alésia'), 1: ('Jean Zay',)}
    """
    by_topic: dict[int, list[Sequence[str]]] = {}
    for names, topic in zip(names_per_text, topics, strict=True):
        by_topic.setdefault(int(topic), []).append(names)
    return {t: tuple(most_frequent_names(by_topic[t], top)) for t in sorted(by_topic)}


def _capitalised(unit: Unit) -> bool:
    return unit.text[:1].isupper() and any(ch.isalpha() for ch in unit.text) and not unit.is_punct


def _capitalised_tail(units: Sequence[Unit], start: int, *, particles: bool) -> int:
    """End of the run of capitalised words from ``start`` (particles allowed before one); ``start`` if none."""
    end = j = start
    while j < len(units) and j - start < MAX_NAME_UNITS:
        unit = units[j]
        if _capitalised(unit):
            end = j = j + 1
        elif particles and unit.form in NAME_PARTICLES:
            j += 1
        else:
            break
    return end


def _listed_people(units: Sequence[Unit], i: int, text: str) -> list[tuple[int, int]]:
    """The people of the run of capitalised words starting at ``i`` written "SURNAME First" or "First SURNAME"."""
    end = i
    while end < len(units) and _capitalised(units[end]) and units[end].form not in CIVILITY_WORDS:
        end += 1
    if end - i < 2:
        return []
    offset = units[i].start
    tokens = tokenize(text[offset : units[end - 1].end])
    spans: list[tuple[int, int]] = []
    for person in split_people(tokens):
        shapes = {t.shape for t in person}
        if not {"U", "T"} <= shapes or read_name(person) is None:
            continue
        first = next(k for k in range(i, end) if units[k].end > offset + person[0].start)
        last = next(k for k in range(end - 1, i - 1, -1) if units[k].start < offset + person[-1].end)
        spans.append((first, last + 1))
    # people found after the first word end the search there: the words before stay words
    return spans if spans and spans[0][0] == i else []


def _named_entity(unit: Unit) -> bool:
    return (
        unit.entity in NAME_ENTITIES
        and unit.pos == "PROPN"
        and _capitalised(unit)
        and fold(unit.form) not in fr.NOT_NAMES
    )
