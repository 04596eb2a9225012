"""Person names in French minutes: the shapes they take, and where a text shows one.

Minutes name people in a handful of ways, and the same person in several of them:

* with a civility: "Mme Dupont", "M. DUPONT", "Madame Dupont", "Monsieur Jean Dupont",
  "Dr Mercier", "Mmes Dupont et Martin";
* in attendance lists, by first name ("Présents : Helga, Marielle, Eric"), first name and
  surname ("Audrey Livé"), or surname in capitals first ("DURAND Guillaume, ABA Lynda");
* as speakers ("Carine Petit rappelle…", "Lynda indique…");
* as spaCy PER entities anywhere in the text.

This module reads those shapes into :class:`PersonName` records; it decides nothing about who
is who (that is :mod:`.book` for :mod:`.pseudonymise`).
Roles ("M. le Maire", "l'adjointe au maire") are not names. Street and place names built on a
person's name ("rue Victor Basch", "salle Jean-Moulin", "avenue du Général Leclerc") are not
people either: :func:`in_place_context` recognises them.

Matching folds case and accents (:func:`fold`) so that "CHERIF" meets "Chérif"; the text
itself is never stripped of its accents.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..lang import fr


def fold(text: str) -> str:
    """Matching key of a text: lower case, no accents, spaces collapsed ("CHÉRIF", "Chérif" → "cherif").

    The one fold of chartertext: names and French words are compared through it, never shown.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


#: Civilities by folded key ("mme", "mme.", "m.", "me") and the gender they tell (see :mod:`chartertext.lang.fr`).
CIVILITIES: dict[str, str | None] = {
    fold(written) + dot: gender
    for written, gender in fr.CIVILITIES.items()
    for dot in ("", ".")
    if not dot or written in fr.DOTTED_CIVILITIES
}
_PLURAL_KEYS = {fold(written).rstrip(".") for written in fr.PLURAL_CIVILITIES}
#: Civilities that introduce several people ("Mmes Dupont et Martin").
PLURAL_CIVILITIES = frozenset(key for key in CIVILITIES if key.rstrip(".") in _PLURAL_KEYS)
#: Abbreviations whose final dot belongs to the token ("M.", "Dr.").
_DOTTED = frozenset(key[:-1] for key in CIVILITIES if key.endswith("."))
#: A civility as written, for regular expressions ("Mme", "Dr.", "Me", "Monsieur"), longest first.
_CIVILITY_FORMS = (re.escape(w) + (r"\.?" if w in fr.DOTTED_CIVILITIES else "") for w in fr.CIVILITIES)
CIVILITY_PATTERN = "(?:" + "|".join(sorted(_CIVILITY_FORMS, key=len, reverse=True)) + ")"

PARTICLES = fr.PARTICLES
#: Words that make a civility or a capitalised run a role, not a person ("M. le Maire"; folded).
ROLE_WORDS = frozenset(fold(word) for word in fr.ROLES.keys() - fr.ADDRESS_ROLES)
TITLE_WORDS = fr.TITLE_WORDS
PLACE_WORDS = fr.PLACE_WORDS
NOT_NAMES = fr.NOT_NAMES

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_ELISION = re.compile(r"(?:[dlnjsc]|qu|jusqu|lorsqu|puisqu)['’](?=[A-ZÀ-ÖØ-Þ])", re.IGNORECASE)
#: Between two words of one name: spaces, at most one line break.
_NAME_GAP = re.compile(r"[^\S\n]*\n?[^\S\n]*")
_PLAIN_TITLE = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)*")


@dataclass(frozen=True)
class Token:
    """A word of the text, with its character offsets and its shape.

    shape : {"I", "U", "T", "P", "w"}
        Initial ("H."), upper case ("DUPONT"), capitalised ("Dupont", "Jean-Pierre"), particle
        ("de", "Le"), other word ("indique").
    """

    start: int
    end: int
    text: str
    shape: str

    @property
    def key(self) -> str:
        return fold(self.text)


def tokenize(text: str) -> list[Token]:
    """Every word of ``text`` with its offsets; initials and "M." keep their dot, elisions are split off."""
    tokens: list[Token] = []
    for match in _WORD.finditer(text):
        start, end, word = match.start(), match.end(), match.group()
        elided = _ELISION.match(word)
        if elided and elided.end() < len(word):
            start, word = start + elided.end(), word[elided.end() :]
        if end < len(text) and text[end] == "." and (len(word) == 1 or word.lower() in _DOTTED):
            end, word = end + 1, word + "."
        tokens.append(Token(start, end, word, _shape(word)))
    return tokens


def _shape(word: str) -> str:
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) == 1 and word.endswith(".") and word[0].isupper():
        return "I"
    if fold(word) in PARTICLES and len(letters) > 1:
        return "P"
    if not word[0].isupper():
        return "w"
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return "U"
    return "T"


def initials_line(text: str, tokens: Sequence[Token], index: int) -> bool:
    """Whether "M." at ``tokens[index]`` is an initial: its line lists people as "H. Lambert, D. Carpentier"."""
    line_start = text.rfind("\n", 0, tokens[index].start) + 1
    line_end = text.find("\n", tokens[index].end)
    line_end = len(text) if line_end == -1 else line_end
    first = bisect.bisect_left(tokens, line_start, key=lambda t: t.start)
    others = 0
    for j in range(first, len(tokens) - 1):
        tok = tokens[j]
        if tok.start >= line_end:
            break
        if j != index and tok.shape == "I" and tok.key != "m." and tokens[j + 1].shape in "TU":
            others += 1
    return others >= 2


def civility_gender(token: Token) -> tuple[bool, str | None]:
    """(is a civility, gender it tells) for ``token``."""
    key = token.key
    if key in CIVILITIES and (token.text[0].isupper() or len(key) > 3):
        return True, CIVILITIES[key]
    return False, None


def adjacent(text: str, left: Token, right: Token) -> bool:
    """Whether two tokens may belong to one name: only spaces (and one line break) between them."""
    return _NAME_GAP.fullmatch(text, left.end, right.start) is not None


def is_plain_title(word: str) -> bool:
    """"Helga", "Jean-Philippe": capitalised, then lower case (so not "CCAS", "CommUrba")."""
    return _PLAIN_TITLE.fullmatch(word) is not None


@dataclass(frozen=True)
class PersonName:
    """A name as written, read into its parts.

    Attributes
    ----------
    first : tuple of str
        Given name(s) or initial(s) as written; empty when only a surname is written.
    last : tuple of str
        Surname words as written (particles included); empty for a first name alone.
    gender : {"m", "f"} or None
        From the civility in front of it, when there was one.
    civility : bool
        Whether a civility introduced it (a lone word after a civility is a surname).
    """

    first: tuple[str, ...]
    last: tuple[str, ...]
    gender: str | None = None
    civility: bool = False

    @property
    def first_key(self) -> tuple[str, ...]:
        return tuple(fold(w) for w in self.first)

    @property
    def last_key(self) -> tuple[str, ...]:
        return tuple(fold(w) for w in self.last)

    @property
    def is_initial(self) -> bool:
        return bool(self.first) and all(w.endswith(".") for w in self.first)


def read_name(words: Sequence[Token], *, gender: str | None = None, civility: bool = False) -> PersonName | None:
    """Read one person's words ("Hélène LAMBERT", "LECAREUX Clarisse", "H. Lambert", "Le Goff").

    Returns None when the words cannot be a person (a role word, a title, nothing capitalised).
    """
    words = list(words)
    while words and words[-1].shape == "P":
        words.pop()
    if not words or len(words) > 5 or any(w.shape == "w" for w in words):
        return None
    keys = [w.key for w in words]
    if any(k in ROLE_WORDS for k in keys) or keys[0] in TITLE_WORDS:
        return None
    shapes = "".join(w.shape for w in words)
    text = [w.text for w in words]
    if shapes[0] == "P" or set(shapes) <= {"U", "P"}:
        if not civility and len(words) == 1:
            return None  # a lone "CCAS" or "APUR" is an acronym far more often than a surname
        return PersonName((), tuple(text), gender, civility)
    if shapes[0] == "I":
        n = len(shapes) - len(shapes.lstrip("I"))
        return PersonName(tuple(text[:n]), tuple(text[n:]), gender, civility) if n < len(words) else None
    if re.fullmatch(r"U[UP]*T+", shapes):  # "LECAREUX Clarisse", "BESROUR Mohamed Habib"
        n = shapes.index("T")
        return PersonName(tuple(text[n:]), tuple(text[:n]), gender, civility)
    if len(words) == 1:
        if civility:
            return PersonName((), tuple(text), gender, civility)
        return PersonName(tuple(text), (), gender, civility) if keys[0] not in NOT_NAMES else None
    if "I" in shapes or keys[0] in NOT_NAMES:
        return None
    return PersonName(tuple(text[:1]), tuple(text[1:]), gender, civility)


def split_people(words: Sequence[Token]) -> list[list[Token]]:
    """Cut a run of name words holding several people ("BALDE Rougui ACHAB Ourdia") into one run each.

    A new person starts where the case pattern starts again: an upper-case word after a
    capitalised one in "SURNAME First" lists, a capitalised word after an upper-case one in
    "First SURNAME" lists.
    """
    words = list(words)
    if not words:
        return []
    lead = next((w.shape for w in words if w.shape in "UT"), "T")
    people: list[list[Token]] = [[words[0]]]
    for prev, word in zip(words, words[1:]):
        restart = (lead == "U" and prev.shape == "T" and word.shape == "U") or (
            lead == "T" and prev.shape == "U" and word.shape == "T"
        )
        if restart:
            people.append([word])
        else:
            people[-1].append(word)
    return people


def name_runs(text: str, tokens: Sequence[Token] | None = None) -> Iterator[list[Token]]:
    """Maximal runs of adjacent capitalised words (particles allowed inside) on one line."""
    tokens = tokenize(text) if tokens is None else tokens
    run: list[Token] = []
    for tok in tokens:
        namey = tok.shape in "IUT" and not civility_gender(tok)[0]
        joins = run and "\n" not in text[run[-1].end : tok.start] and adjacent(text, run[-1], tok)
        if (namey or (tok.shape == "P" and run)) and (not run or joins):
            run.append(tok)
            continue
        if run:
            yield run
        run = [tok] if namey else []
    if run:
        yield run


def civility_mentions(text: str, tokens: Sequence[Token] | None = None) -> Iterator[tuple[int, PersonName]]:
    """(offset, name) for every name a civility introduces, "Mmes X et Y" giving two."""
    tokens = tokenize(text) if tokens is None else tokens
    i = 0
    while i < len(tokens):
        is_civ, gender = civility_gender(tokens[i])
        if not is_civ:
            i += 1
            continue
        if tokens[i].key == "m." and initials_line(text, tokens, i):
            # "H. Lambert, D. Carpentier, M. Roussel": here M. is Martine, not Monsieur
            words = _run_from(text, tokens, i + 1, tokens[i])
            name = read_name([tokens[i], *words]) if words else None
            if name is not None:
                yield tokens[i].start, name
            i += 1 + len(words)
            continue
        plural = tokens[i].key in PLURAL_CIVILITIES
        j = i + 1
        while True:
            words = _run_from(text, tokens, j, tokens[j - 1])
            name = read_name(words, gender=gender, civility=True) if words else None
            roles = [k for k, w in enumerate(words) if w.key in ROLE_WORDS]
            if name is None and roles and roles[-1] + 1 < len(words):
                named = words[roles[-1] + 1 :]  # "M. le Maire Jean Dupont": the name after the role
                name = read_name(named, gender=gender, civility=True)
                if name is not None:
                    yield named[0].start, name
            elif name is not None:
                yield words[0].start, name
            j += len(words)
            # "Mmes Dupont et Martin", "MM. Roux, Diallo et Hamon": the civility covers the list
            if not (plural and words and j < len(tokens) and _list_glue(text, tokens[j - 1], tokens[j])):
                break
            j += 1 if tokens[j].key == "et" else 0
        i = max(j, i + 1)


def _run_from(text: str, tokens: Sequence[Token], j: int, prev: Token) -> list[Token]:
    words: list[Token] = []
    while j < len(tokens) and len(words) < 5:
        tok = tokens[j]
        if "\n" in text[prev.end : tok.start] or not adjacent(text, prev, tok):
            break
        if tok.shape in "IUT" and not civility_gender(tok)[0]:
            words.append(tok)
        elif tok.shape == "P" and j + 1 < len(tokens) and tokens[j + 1].shape in "UT":
            words.append(tok)  # "M. de Villepin", "M. Le Goff"; "M. le Maire" is refused by read_name
        else:
            break
        prev, j = tok, j + 1
    return words


def _list_glue(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end : right.start].strip()
    if right.key == "et":
        return gap in {"", ","}
    return gap in {",", "&"} and right.shape in "UT"


def in_place_context(text: str, tokens: Sequence[Token], index: int) -> bool:
    """Whether ``tokens[index]`` is part of a place or historical name.

    "rue Victor Basch", "les rues Lacaze et Prisse d'Avennes", "place Hélène et Victor Basch",
    "avenue du Docteur Lannelongue", "Général Leclerc", "gare routière Ernest Reyer".
    """
    j = index - 1
    # Walk back over the rest of the name: particles, civilities, other capitalised words, "et".
    while j >= 0 and index - j <= 5 and adjacent(text, tokens[j], tokens[j + 1]):
        tok = tokens[j]
        if is_place_word(tok.key) or tok.key in TITLE_WORDS:
            return True
        if not (tok.shape in "PITU" or tok.key == "et" or civility_gender(tok)[0]):
            break
        j -= 1
    if j < 0 or not adjacent(text, tokens[j], tokens[j + 1]):
        return False
    # one adjective between: "gare routière Ernest Reyer"
    return tokens[j].shape == "w" and j > 0 and is_place_word(tokens[j - 1].key)


def is_place_word(key: str) -> bool:
    """Whether a folded word names a kind of place ("rue", "avenues", "porte"; :data:`PLACE_WORDS`), plural or not."""
    return key in PLACE_WORDS or (key[-1:] in ("s", "x") and key[:-1] in PLACE_WORDS)
