"""What one written name is: a person (civility, first name, surname), a role, or an organisation.

Minutes name the same people in many ways ("Mme Hélène Lambert", "Madame LAMBERT", "H. Lambert",
"Hélène", "l'adjointe au maire") and name organisations beside them ("(CCAS)", "association La
Plume"). This module reads ONE such name; :mod:`.lists` cuts attendance lists into names and
:mod:`chartertext.network.aliases` decides which names are the same actor.

How a name is classified (the rules, strongest first):

* **role**: a role word with an article or after a civility, and no personal name: "M. le
  Maire", "l'adjointe au maire", "le directeur du CCAS". Its key is gender-neutral and
  accent-free ("adjoint au maire", "directeur du ccas") so that a role can be matched with the
  people whose qualifiers hold it ("Mme Lambert (adjointe au maire déléguée à …)").
* **organisation**: starts with an organisation word ("association", "collectif", "service",
  "centre", "mairie", "CCAS"…; see :data:`chartertext.lang.fr.ORGANISATION_WORDS`) or is an acronym of two to five
  capitals without civility ("CAF", "SIAO").
* **person**: a civility followed by a name ("Mme Dupont", "Dr Mercier"), or capitalised name
  tokens ("Hélène DUPONT", "ABI-AYAD Nacer", "Helga"). A capital followed by a lower-case word
  ("Chargé urbanisme", "Autres membres excusés") is a phrase, not a name.

Keys fold case and accents (:func:`.names.fold`) so that "CHERIF" matches "Chérif"; what is shown to the
user always keeps the accents as written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..lang import fr
from .names import CIVILITIES, CIVILITY_PATTERN, fold

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"

_CIVILITY = re.compile(rf"{CIVILITY_PATTERN}(?=\s)")

_ORG_START = re.compile(
    r"^(?:l['’]\s?|le\s+|la\s+|les\s+)?(?:"
    + "|".join(re.escape(w) for w in sorted(set(fr.ORGANISATION_WORDS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
# "CAF", "le CCAS", "CHRS Les Glycines"; not "LEVY Claude" (a surname in capitals, then a first name).
_ACRONYM = re.compile(
    rf"^(?:l['’]\s?|le\s+|la\s+|les\s+)?[{UPPER}]{{2,5}}(?:\s+\d+|\s+(?:Les|Le|La|L['’]|de|du|des)\b.*)?$"
)

# Scoped (?i:…) because the complement's capitalised words must stay capitalised ("du CCAS", not
# "au maire déléguée …").
_ROLE_WORD = r"(?i:" + "|".join(sorted(map(re.escape, fr.ROLES), key=len, reverse=True)) + r")"
_ROLE_ADJECTIVE = (
    r"(?:\s+(?i:municipale?|départementale?|générale?|régionale?|adjointe?|principale?|de\s+service"
    r"|de\s+mission|de\s+conférences))"
)
_ROLE_COMPLEMENT = (
    r"(?:\s+(?i:(?:au|aux|à\s+la|du|de\s+la|des|de)\s+|(?:à\s+l|de\s+l|d)['’]\s?)[\w'’-]+"
    rf"(?:\s+[{UPPER}][\w'’&-]*)*)"
)
#: A role phrase: "adjointe au maire", "directeur du CCAS", "conseiller municipal", "Maire".
ROLE_PHRASE = rf"(?:(?:(?i:premi(?:er|ère))\s+)?{_ROLE_WORD}(?![\w-]){_ROLE_ADJECTIVE}?{_ROLE_COMPLEMENT}?)"
_ROLE_START = re.compile(rf"^(?P<role>{ROLE_PHRASE})")
_ARTICLE_ROLE = re.compile(rf"^(?:[Ll][ea]\s+|[Ll]['’]\s?)(?P<role>{ROLE_PHRASE})")

_PREPOSITIONS = frozenset({"de", "du", "des", "d'", "la", "le", "les", "l'", "a", "au", "aux", "en", "pour", "sur"})
_CAP = re.compile(rf"^[{UPPER}][{LOWER}]+(?:[-'’][{UPPER}]?[{LOWER}]+)*$")
_CAPS = re.compile(rf"^[{UPPER}]{{2,}}(?:[-'’][{UPPER}]+)*$")
_INITIAL = re.compile(rf"^[{UPPER}]\.(?:-[{UPPER}]\.)?$")
_ELIDED = re.compile(rf"^(?:d|D)['’][{UPPER}]")
# Pseudonyms written by chartertext.people.pseudonymise ("Mme P01", "P12") stand for names.
_PSEUDONYM = re.compile(r"^P\d{2,4}$")

def civility_at(text: str) -> tuple[str, str | None] | None:
    """``(civility as written, gender)`` if ``text`` starts with a civility, else None."""
    match = _CIVILITY.match(text)
    if not match:
        return None
    written = match.group(0)
    return written, CIVILITIES.get(fold(written))


def is_name_token(token: str) -> bool:
    """Whether a word can be part of a personal name ("Hélène", "LAMBERT", "H.", "Jean-Pierre", "d'Arc", "P07")."""
    return bool(
        _CAP.match(token) or _CAPS.match(token) or _INITIAL.match(token) or _ELIDED.match(token) or _PSEUDONYM.match(token)
    )


def name_prefix(text: str, *, after_civility: bool = False) -> tuple[list[str], str]:
    """The personal-name tokens ``text`` starts with, and the rest of the text.

    A particle ("de", "Le", "d'") stays in the name only when exactly one name token follows it
    and ends the name ("Elliot de Faramond", "Yannick Le Goff", but "Yves Jouanique" in
    "Yves Jouanique de France Nature Environnement"). After a civility the name may open with a
    particle ("M. Le Goff", "M. de Villepin").
    """
    tokens = text.split()
    taken: list[str] = []
    i = 0
    while i < len(tokens):
        raw = tokens[i]
        token = raw if _INITIAL.match(raw) else raw.rstrip(".,;:")
        if token.lower() in fr.PARTICLES and (taken or after_civility) and i + 1 < len(tokens):
            nxt = tokens[i + 1].rstrip(".,;:")
            after = tokens[i + 2] if i + 2 < len(tokens) else ""
            if is_name_token(nxt) and not is_name_token(after.rstrip(".,;:")) and not after[:1].isupper():
                taken += [token, nxt]
                i += 2
                if tokens[i - 1] != nxt:  # punctuation closed the name
                    break
                continue
            if taken:
                break
        if not is_name_token(token) or (not taken and not after_civility and fold(token) in fr.NOT_NAMES):
            break
        taken.append(token)
        i += 1
        if raw != token:  # "Boitard." or "Dupont," closes the name
            break
    return taken, " ".join(tokens[i:])


def role_phrase(text: str) -> str | None:
    """The role ``text`` starts with, as written and without its article, or None.

    >>> role_phrase("adjointe au maire déléguée à l'action sociale"), role_phrase("Le directeur du CCAS")
    ('adjointe au maire', 'directeur du CCAS')
    """
    text = text.strip()
    match = _ARTICLE_ROLE.match(text) or _ROLE_START.match(text)
    return match["role"] if match else None


def role_key(text: str) -> str | None:
    """Gender-neutral, accent-free key of the role ``text`` starts with, or None.

    Keys match a role named alone ("l'adjointe au maire") with the people whose qualifier
    holds it ("Mme Lambert (adjoint au maire délégué …)").

    >>> role_key("adjointe au maire déléguée à l'action sociale"), role_key("Le directeur du CCAS")
    ('adjoint au maire', 'directeur du ccas')
    """
    phrase = role_phrase(text)
    if phrase is None:
        return None
    neutral = []
    for word in phrase.replace("’", "'").split():
        low = word.lower()
        neutral.append(fr.ROLES.get(low) or fr.ROLE_ADJECTIVES.get(low) or word)
    key = fold(" ".join(neutral))
    return re.sub(r"\b(?:a la|a l') ?maire\b", "au maire", key)


def role_at(text: str) -> str | None:
    """The role phrase ``text`` starts with, with its article ("le Maire", "L'adjointe au maire"), or None."""
    match = _ARTICLE_ROLE.match(text)
    return text[: match.end()] if match else None


def is_organisation(text: str) -> bool:
    """Whether a name designates an organisation (see the module docstring)."""
    text = text.strip()
    return bool(_ORG_START.match(text) or _ACRONYM.match(text))


def organisation_key(name: str) -> str:
    """Matching key of an organisation: its proper name, folded, without "association" or an article.

    A common-noun head before a proper name is dropped ("espace France services" → "france
    services", "chantier d'insertion Les Jardins" → "jardins"), but not before a preposition
    ("centre social des Rives" keeps its head: the Rives is a place, not the organisation).
    """
    words = name.split()
    for i in range(1, len(words)):
        if words[i][:1].isupper() and words[0][:1].islower() and fold(words[i - 1]) not in _PREPOSITIONS:
            if all(w[:1].islower() for w in words[:i]):
                name = " ".join(words[i:])
            break
    key = fold(name)
    key = re.sub(r"^(?:l'\s?|le |la |les )?(?:association|asso)\s+", "", key)
    return re.sub(r"^(?:l'\s?|le |la |les )", "", key).strip(" .")


def organisation_display(form: str) -> str:
    """An organisation as shown: without "association" or a lower-case article ("association La Plume" → "La Plume").

    A capitalised article belongs to the name ("La Plume", "Le Relais").
    """
    for prefix in ("l'association ", "l’association ", "association ", "asso "):
        if form.lower().startswith(prefix) and form[len(prefix) : len(prefix) + 1].isupper():
            return form[len(prefix) :]
    for prefix in ("le ", "la ", "les ", "l'", "l’"):
        if form.startswith(prefix) and form[len(prefix) : len(prefix) + 1].isupper():
            return form[len(prefix) :]
    return form


@dataclass(frozen=True)
class PersonName:
    """A person's name split into its parts.

    Attributes
    ----------
    gender : {"m", "f"} or None
        From the civility ("M." → "m", "Mme" → "f").
    first : str or None
        First name as written ("Hélène"), or its initial ("H.").
    surname : str or None
        As written ("LAMBERT", "Le Goff").
    single : str or None
        A lone name without civility ("Dupont", "Helga"): a surname or a first name, decided
        by :mod:`chartertext.network.aliases`.
    role : str or None
        Role key when the name is a role without a personal name ("maire").
    """

    gender: str | None = None
    first: str | None = None
    surname: str | None = None
    single: str | None = None
    role: str | None = None

    @property
    def initial(self) -> bool:
        """Whether ``first`` is only an initial ("H.")."""
        return self.first is not None and bool(_INITIAL.match(self.first))

    @property
    def surname_key(self) -> str | None:
        """Last word of the surname, folded ("Le Goff" → "goff"), or of ``single``."""
        name = self.surname or self.single
        return fold(name).split()[-1] if name else None

    @property
    def first_key(self) -> str | None:
        """First name folded, or its initial letter folded for initials."""
        if self.first is None:
            return None
        return fold(self.first)[0] if self.initial else fold(self.first)


def person_name(written: str) -> PersonName:
    """Split a person's written name into civility gender, first name, surname (or a lone name, or a role).

    Rules: a civility followed by one word is a surname ("Mme Dupont"); in several words, the
    word(s) in capitals are the surname ("Hélène DUPONT", "ABI-AYAD Nacer"), otherwise the first
    word is the first name and the rest the surname ("Yannick Le Goff"); one word without
    civility is a lone name ("Dupont", "Helga").

    Examples
    --------
    >>> person_name("Madame LAMBERT")
    PersonName(gender='f', first=None, surname='LAMBERT', single=None, role=None)
    >>> person_name("ABI-AYAD Nacer").surname, person_name("H. Lambert").initial
    ('ABI-AYAD', True)
    """
    text = " ".join(written.split())
    gender = None
    civ = civility_at(text)
    if civ is not None:
        gender = civ[1]
        text = text[len(civ[0]) :].strip()
    role: str | None = None
    written_role = role_at(text)
    if written_role is not None:
        role = role_key(written_role)
        rest = text[len(written_role) :].strip()
        if not name_prefix(rest, after_civility=True)[0]:
            return PersonName(gender=gender, role=role)
        text = rest  # "Le Président Dupont": the name follows the role
    tokens, _rest = name_prefix(text, after_civility=civ is not None or role is not None)
    if not tokens:
        return PersonName(gender=gender, single=text or None, role=role)
    if len(tokens) == 1:
        if civ is not None or role is not None:
            return PersonName(gender=gender, surname=tokens[0], role=role)
        return PersonName(gender=gender, single=tokens[0])
    caps = [i for i, t in enumerate(tokens) if _CAPS.match(t)]
    if caps and len(caps) < len(tokens):
        surname = " ".join(tokens[i] for i in caps)
        first = " ".join(t for i, t in enumerate(tokens) if i not in caps and t.lower() not in fr.PARTICLES)
        return PersonName(gender=gender, first=first or None, surname=surname, role=role)
    if tokens[0].lower() in fr.PARTICLES:  # "M. Le Goff": a surname with its particle
        return PersonName(gender=gender, surname=" ".join(tokens), role=role)
    return PersonName(gender=gender, first=tokens[0], surname=" ".join(tokens[1:]), role=role)


def display_person(name: PersonName) -> str:
    """How a person is shown: "Hélène Lambert" (a surname in capitals is softened: "Le Goff")."""
    surname = name.surname or name.single or ""
    if surname and _CAPS.match(surname.replace(" ", "")):
        surname = " ".join("-".join(part.capitalize() for part in word.split("-")) for word in surname.split())
    return " ".join(p for p in (name.first, surname) if p)


def display_variants(forms: Sequence[str], counts: Counter[str]) -> str:
    """How one person written in several ways is shown: the fullest, best-written of ``forms``.

    ``forms`` come in the order they were merged (the first founded the person); ``counts``
    says how often each was written. Civilities are dropped and capitals softened.
    """
    parsed = {f: person_name(f) for f in forms}
    full = [f for f in forms if parsed[f].first and not parsed[f].initial and parsed[f].surname]
    if full:
        # Mixed case, then accents ("Nadia Chérif" over "Nadia CHERIF"), then frequency, then
        # the form that founded the cluster ("Frédéric Leconte" over "Leconte Frédéric").
        rank = {f: i for i, f in enumerate(forms)}
        best = max(
            full,
            key=lambda f: (not parsed[f].surname.isupper(), fold(f) != f.casefold(), counts[f], len(f), -rank[f]),
        )
        return display_person(parsed[best])
    initials = [f for f in forms if parsed[f].initial and parsed[f].surname]
    if initials:
        return display_person(parsed[max(initials, key=lambda f: (counts[f], f))])
    # A name beats a role ("M. P02" over "Le directeur du CCAS" once names are pseudonymised).
    return max(forms, key=lambda f: (parsed[f].role is None, not f.isupper(), counts[f], len(f), f))
