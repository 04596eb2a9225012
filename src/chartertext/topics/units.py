"""The word units the topic vocabulary reads, and what it reads from them (:class:`ReadText`).

Units are spaCy tokens, with split hyphenated compounds joined again.

spaCy splits "vivre-ensemble" and "Denfert-Rochereau" at the hyphen; a unit is one token, or
such a word-hyphen-word sequence written without spaces. Each unit keeps what the vocabulary
decides on (lowercase form, lemma, part of speech, entity type, whether it is a participle)
and its character offsets, so that a name can be quoted as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Parts of speech that can carry a topic; a merged compound takes the first of its parts'.
CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})


@dataclass(frozen=True)
class Unit:
    """A token, or a hyphenated compound spaCy split ("vivre-ensemble").

    Attributes
    ----------
    text, form, lemma : str
        As written, lowercased, and spaCy's lemma lowercased (a compound's lemma is its form).
    pos : str
        Universal part of speech.
    is_punct : bool
        Punctuation or white space (a line break ends a phrase as a full stop does).
    like_num : bool
    entity : str
        spaCy's entity type ("PER", "LOC", "ORG", "MISC") or "".
    participle : bool
        A participle ("jardins partagés", "bureau élargi"): it qualifies a noun as an adjective does.
    start, end : int
        Character offsets in the parsed text.
    """

    text: str
    form: str
    lemma: str
    pos: str
    is_punct: bool
    like_num: bool
    entity: str = ""
    participle: bool = False
    start: int = 0
    end: int = 0


def units(doc: Doc) -> list[Unit]:
    """Tokens of ``doc``, with word-hyphen-word sequences written without spaces merged."""
    out: list[Unit] = []
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
        first, last = tokens[i], tokens[j]
        end = last.idx + len(last.text)
        if j == i:
            t = first
            participle = "Part" in t.morph.get("VerbForm")
            out.append(
                Unit(
                    t.text, t.lower_, t.lemma_.lower(), t.pos_, t.is_punct or t.is_space, t.like_num,
                    t.ent_type_, participle, t.idx, end,
                )  # fmt: skip
            )
        else:
            parts = tokens[i : j + 1 : 2]
            text = doc[i : j + 1].text
            pos = next((p.pos_ for p in parts if p.pos_ in CONTENT_POS), parts[0].pos_)
            entities = {p.ent_type_ for p in parts}
            entity = entities.pop() if len(entities) == 1 else ""
            out.append(Unit(text, text.lower(), text.lower(), pos, False, False, entity, False, first.idx, end))
        i = j + 1
    return out


@dataclass(frozen=True)
class ReadText:
    """What the analyzer read of one text.

    Attributes
    ----------
    lemmas : tuple of str
        Kept lemmas in order (with ``drop_names=False``, each name as one lowercase feature).
    ngrams : tuple of str
        Noun-phrase n-grams of two words or more, within the analyzer's ``ngram_range``.
    names : tuple of str
        Names of people and places as written, in order, repeats kept.
    """

    lemmas: tuple[str, ...]
    ngrams: tuple[str, ...]
    names: tuple[str, ...]
