"""Where a corpus names people: civilities, attendance lists, speakers, "SURNAME First" lists, spaCy.

:func:`gather_names` reads every source and returns the :class:`~chartertext.people.names.PersonName`
records found; deciding who is who is left to the caller (:mod:`chartertext.people.pseudonymise`, and
the actor network). Each source is filtered for what it gets wrong on real minutes:

* **attendance lists** ("Présents : Helga, Kadidatiou, Eric"): a lone capitalised word is a
  first name only on a line where nobody is written with two words; on "Caroline Billard,
  Paris-Habitat," the lone word is an affiliation;
* **"SURNAME First" pairs** ("DURAND Guillaume, ABA Lynda"), from PDF tables: the capitals must
  not be an acronym (one the corpus writes after an article, "la CAF", "du CCAS"), and the
  first name must not be a common word ("CRPP Fonctionnement");
* **spaCy PER entities**: cut at the first line break, stripped of civilities and headings
  ("Excusé", "Invitée"), dropped in a place context ("rue Victor Basch"), and a lone word is kept
  only if the corpus never writes it in lower case and spaCy calls it a person at least as
  often as anything else ("Logement", "Climat", "Villeneuve" are not people).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from ..corpus import Corpus
from .lists import Entry, parse_lines, parse_people
from .names import (
    NOT_NAMES,
    PersonName,
    Token,
    civility_gender,
    civility_mentions,
    fold,
    in_place_context,
    is_plain_title,
    name_runs,
    read_name,
    split_people,
    tokenize,
)

__all__ = ["gather_names", "attendance_names", "speaker_names", "upper_first_names", "entity_names"]

_AFTER_ARTICLE = re.compile(r"(?:\b(?:le|la|les|du|des|au|aux|un|une|ce|cette|son|sa|leur|notre|votre)\s+|\b[lLdD]['’])$")
_ROMAN = re.compile(r"[IVXLCDM]+")
_SIMPLE_SHAPES = re.compile(r"I*[TP]*[UP]*|U[UP]*T+")


def gather_names(corpus: Corpus, nlp: Any | None) -> list[PersonName]:
    """Every person name the corpus shows, from all sources (duplicates kept; order is stable).

    Parameters
    ----------
    corpus : Corpus
    nlp : spacy.language.Language or None
        French pipeline with "ner"; None skips the spaCy source.
    """
    texts = [d.text for d in corpus.documents]
    tokens = [tokenize(t) for t in texts]
    names: list[PersonName] = []
    for text, toks in zip(texts, tokens):
        names += [name for _, name in civility_mentions(text, toks)]
    segments = corpus.segments
    for text in segments.loc[segments["kind"] == "attendance", "text"]:
        names += attendance_names(str(text))
    for speaker in sorted(set(segments["speaker"].dropna())):
        names += speaker_names(str(speaker))
    # The weaker sources below accept a common word as a first name only when the corpus
    # already uses it as one ("GUIGNARD Claire" once "Présents : Claire, Annie" was read).
    vocab = lowercase_words(tokens)
    common = CommonWords(vocab, nlp)
    known_first = {n.first_key[0] for n in names if n.first and not n.is_initial}
    acronyms = written_as_acronyms(texts, tokens)
    for text, toks in zip(texts, tokens):
        names += upper_first_names(text, toks, common=common, known_first=known_first, acronyms=acronyms)
    if nlp is not None:
        names += entity_names(texts, tokens, nlp, vocab=vocab, common=common, known_first=known_first)
    return names


class CommonWords:
    """French common words: the corpus's lower-case words and the lemmatizer's tables.

    The tables include first names that are also nouns ("guillaume", "olivier", "pierre"):
    callers accept those when the corpus itself uses them as first names.
    """

    def __init__(self, vocab: set[str], nlp: Any | None) -> None:
        self.vocab = vocab
        self.tables: list[Any] = []
        self.index: set[str] = set()
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None) if nlp and "lemmatizer" in nlp.pipe_names else None
        if lookups is not None and lookups.has_table("lemma_lookup"):
            self.tables.append(lookups.get_table("lemma_lookup"))
        if lookups is not None and lookups.has_table("lemma_index"):
            self.index = {fold(w) for pos_words in lookups.get_table("lemma_index").values() for w in pos_words}

    def __contains__(self, word: str) -> bool:
        key = fold(word)
        return key in self.vocab or key in self.index or any(word.lower() in table for table in self.tables)


def lowercase_words(tokens: Iterable[Sequence[Token]]) -> set[str]:
    """Folded words the corpus writes in lower case somewhere ("claire", "petit", "logement")."""
    return {t.key for toks in tokens for t in toks if t.shape == "w"}


def written_as_acronyms(texts: Sequence[str], tokens: Sequence[Sequence[Token]]) -> set[str]:
    """Folded upper-case words the corpus writes after an article: "la CAF", "du CCAS", "l'APUR"."""
    found = set()
    for text, toks in zip(texts, tokens):
        for t in toks:
            if t.shape == "U" and _AFTER_ARTICLE.search(text, max(0, t.start - 10), t.start):
                found.add(t.key)
    return found


def _leading_name(tokens: Sequence[Token]) -> tuple[list[Token], bool, str | None]:
    """The name words an item starts with, after its civility: (words, civility?, gender)."""
    civility, gender = False, None
    i = 0
    while i < len(tokens) and civility_gender(tokens[i])[0]:
        civility, gender = True, civility_gender(tokens[i])[1]
        i += 1
    words: list[Token] = []
    while i < len(tokens):
        tok = tokens[i]
        if tok.shape in "IUT" and not civility_gender(tok)[0]:
            words.append(tok)
        elif tok.shape == "P" and (words or civility) and i + 1 < len(tokens) and tokens[i + 1].shape in "UT":
            words.append(tok)
        else:
            break
        i += 1
    return words, civility, gender


def attendance_names(text: str) -> list[PersonName]:
    """Names in an attendance segment ("Présents : Mme Dupont (CCAS), Helga, DURAND Guillaume").

    The list is cut by :func:`.lists.parse_lines`, the splitter the actor network uses, so both
    see the same people; each person entry is then read into its parts. A lone word is kept as
    a first name only when it is a plain capitalised word and no person of its line is written
    with two words ("Caroline Billard, Paris-Habitat": the lone word is an affiliation).

    This source used to cut lists itself (at every comma, colon, "et", dash), and disagreed with
    the network: "Agnès" / "MICHELOT" on two lines was two entries for the network (a first
    name, misread as the affiliation of the person before, and a bare surname) and a colon
    inside a line cut a name off its label differently. One splitter now serves both, and it
    reads a first name above a SURNAME as one person, as PDF-wrapped French minutes write it.
    """
    first_line, _, rest = text.partition("\n")
    _, colon, tail = first_line.partition(":")
    return [name for line in parse_lines((tail if colon else "") + "\n" + rest) for name in _entry_names(line)]


def speaker_names(speaker: str) -> list[PersonName]:
    """Names in a speaker cue as the segmenter wrote it ("Fréderic Boitard et Sidonie Parisot", "Lynda")."""
    return _entry_names(parse_people(speaker))


def _entry_names(entries: Sequence[Entry]) -> list[PersonName]:
    parsed: list[tuple[list[Token], bool, str | None]] = []
    for entry in entries:
        if entry.kind != "person":
            continue
        words, civility, gender = _leading_name(tokenize(entry.name))
        parsed += [(part, civility, gender) for part in split_people(words)]
    several_words = any(len(part) > 1 for part, _, _ in parsed)
    names: list[PersonName] = []
    for part, civility, gender in parsed:
        if len(part) == 1 and not civility and (several_words or not is_plain_title(part[0].text)):
            continue
        name = read_name(part, gender=gender, civility=civility)
        if name is not None:
            names.append(name)
    return names


def upper_first_names(
    text: str, tokens: Sequence[Token], *, common: CommonWords, known_first: set[str], acronyms: set[str]
) -> list[PersonName]:
    """"SURNAME First" pairs anywhere ("QUERRE André DURAND Guillaume", "LECAREUX Clarisse")."""
    names = []
    for run in name_runs(text, tokens):
        for part in split_people(run):
            shapes = "".join(t.shape for t in part)
            if not re.fullmatch(r"U[UP]*T+", shapes):
                continue
            upper = [t for t in part if t.shape == "U"]
            firsts = [t for t in part if t.shape == "T"]
            if any(len(t.text) < 3 or _ROMAN.fullmatch(t.text) or t.key in acronyms for t in upper):
                continue
            if any(not is_plain_title(t.text) or not _first_name(t, common, known_first) for t in firsts):
                continue
            index = bisect.bisect_left(tokens, part[0].start, key=lambda t: t.start)
            if in_place_context(text, tokens, index):
                continue
            name = read_name(part)
            if name is not None:
                names.append(name)
    return names


def entity_names(
    texts: Sequence[str],
    tokens: Sequence[Sequence[Token]],
    nlp: Any,
    *,
    vocab: set[str],
    common: CommonWords,
    known_first: set[str],
) -> list[PersonName]:
    """spaCy PER entities that survive the filters of the module docstring."""
    enabled = [p for p in ("tok2vec", "morphologizer", "parser", "ner") if p in nlp.pipe_names]
    if "ner" not in enabled:
        return []
    votes: dict[str, Counter[bool]] = defaultdict(Counter)
    word_votes: dict[str, Counter[bool]] = defaultdict(Counter)
    spans: list[tuple[int, int, int]] = []
    proper: set[tuple[int, int]] = set()  # (document, offset) of words tagged PROPN
    # The parser's sentence boundaries keep entities from running across headings.
    with nlp.select_pipes(enable=enabled):
        for i, doc in enumerate(nlp.pipe(texts, batch_size=4)):
            for ent in doc.ents:
                is_person = ent.label_ == "PER"
                votes[ent.text.strip().casefold()][is_person] += 1
                for word in re.split(r"[\s-]+", ent.text.strip()):
                    word_votes[word.casefold()][is_person] += 1
                if is_person:
                    spans.append((i, ent.start_char, ent.end_char))
                    proper.update((i, t.idx) for t in ent if t.pos_ == "PROPN")
    starts = [[t.start for t in toks] for toks in tokens]
    names = []
    for i, start, end in spans:
        text, toks = texts[i], tokens[i]
        cut = text.find("\n", start, end)
        end = cut if cut != -1 else end
        idx = bisect.bisect_left(starts[i], start)
        words = [t for t in toks[idx:] if t.end <= end][:8]
        civility, gender = False, None
        while words and civility_gender(words[0])[0]:
            civility, gender = True, civility_gender(words[0])[1]
            words, idx = words[1:], idx + 1
        while words and words[0].key in NOT_NAMES:
            words, idx = words[1:], idx + 1
        while words and words[-1].key in NOT_NAMES:
            words = words[:-1]
        while len(words) >= 2 and words[-1].key in vocab:
            words = words[:-1]  # "Lynda Aba Communication"
        while len(words) >= 3 and words[0].key in vocab:
            words, idx = words[1:], idx + 1  # "Interview Patrick Bernard"
        shapes = "".join(w.shape for w in words)
        if not words or not _SIMPLE_SHAPES.fullmatch(shapes) or in_place_context(text, toks, idx):
            continue
        if not civility and any(_mostly_place(word_votes[w.text.casefold()]) for w in words):
            continue  # "Villeneuve Entreprendre": Villeneuve is mostly a place in this corpus
        if len(words) == 1 and not civility:
            word = words[0]
            if not is_plain_title(word.text) or len(word.text) < 3 or not _first_name(word, common, known_first):
                continue
            if _AFTER_ARTICLE.search(text, max(0, word.start - 10), word.start):
                continue  # "La Bellevilloise", "au café « Le Daudet »", "l'Oasis": places and firms
            if word.key not in known_first and (i, word.start) not in proper and "morphologizer" in enabled:
                continue  # "Distribution", "Galette": spaCy itself reads a common noun
            tally = votes[word.text.casefold()]
            if tally[False] > tally[True]:
                continue
        name = read_name(words, gender=gender, civility=civility)
        if name is not None:
            names.append(name)
    return names


def _mostly_place(tally: Counter[bool]) -> bool:
    return tally[False] >= 2 and tally[False] > tally[True]


def _first_name(word: Token, common: CommonWords, known_first: set[str]) -> bool:
    """A capitalised word read as a first name: one the corpus uses as such, or no common word."""
    if word.key in NOT_NAMES:
        return False
    return word.key in known_first or word.text not in common
