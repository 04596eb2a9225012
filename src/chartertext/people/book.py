"""Who is who among the names of a corpus: every written form of a person, and whom it means.

A :class:`NameBook` is built from the names a corpus shows (:mod:`chartertext.people.sources`)
and then finds them in any text (:meth:`NameBook.find`). Variants are merged only where it is
safe: "Mme Hélène Lambert", "Madame LAMBERT", "H. Lambert", "LAMBERT Hélène" and a bare
"Lambert" are one person when the corpus knows a single Lambert whose civility does not
contradict ("M. Petit" is not "Mme Laurence Petit"); a form shared by several people is a
person of its own, never one of them; a first name alone ("Helga") is never merged with a
full name. Which forms are one person is decided by :func:`chartertext.people.variants.person_clusters`,
the core the actor network uses too (so "Leconte Frédéric" and "Frédéric Leconte" are one
person for both); the book adds who each form means at each mention. Used by
:mod:`chartertext.people.pseudonymise`.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .names import (
    PARTICLES,
    PersonName,
    Token,
    adjacent,
    civility_gender,
    in_place_context,
    initials_line,
    tokenize,
)
from .variants import person_clusters
from .written import person_name

__all__ = ["Mention", "NameBook", "Person"]


@dataclass(frozen=True)
class Person:
    """One person as the corpus lets us tell them apart.

    kind : {"full", "surname", "initial", "first", "other"}
        Known by first name and surname, by surname only, by initial and surname, by first name only.
    first, last : str
        Folded words (see :func:`chartertext.people.names.fold`), "" when unknown.
    gender : {"m", "f"} or None
    """

    kind: str
    first: str
    last: str
    gender: str | None = None


@dataclass(frozen=True)
class Mention:
    """Where a person is named: ``text[start:end]`` is the name (the civility stays outside)."""

    start: int
    end: int
    person: Person
    form: str


class NameBook:
    """Every written form of every person learnt from a corpus, and who each form means.

    Parameters
    ----------
    names : iterable of PersonName
        Names gathered from the corpus (:func:`chartertext.people.sources.gather_names`).
    """

    def __init__(self, names: Iterable[PersonName]) -> None:
        names = list(names)
        joined = _joined_to_full(names)
        fulls: dict[tuple[tuple[str, ...], tuple[str, ...]], Counter[str | None]] = defaultdict(Counter)
        surnames: dict[tuple[str, ...], set[str | None]] = defaultdict(set)
        initials: set[tuple[tuple[str, ...], tuple[str, ...], str | None]] = set()
        singles: set[tuple[str, ...]] = set()
        for name in names:
            if name.first and name.last:
                if name.is_initial:
                    if not joined.get(_written(name)):
                        initials.add((name.first_key, name.last_key, name.gender))
                else:
                    fulls[(name.first_key, name.last_key)][name.gender] += 1
            elif name.last:
                surnames[name.last_key].add(name.gender)
            elif name.first:
                singles.add(name.first_key)
        # Full names the core merged ("Leconte Frédéric" written beside "Frédéric Leconte") are
        # one person, with the key the core founded first.
        same: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        for name in names:
            if name.first and name.last and not name.is_initial:
                lead = joined.get(_written(name)) or name
                same[(name.first_key, name.last_key)] = (lead.first_key, lead.last_key)
        merged: dict[tuple[tuple[str, ...], tuple[str, ...]], Counter[str | None]] = defaultdict(Counter)
        for key, votes in fulls.items():
            merged[same[key]].update(votes)
        self.forms: dict[tuple[str, ...], list[Person]] = defaultdict(list)
        by_surname: dict[tuple[str, ...], list[Person]] = defaultdict(list)
        # The merged key's "last + first" form covers the other spelling. When both orders are
        # written, which word is the surname is a guess: a lone word that is someone's first
        # name ("Frédéric" beside "Leconte Frédéric" and "Frédéric Boitard") is not taken for it.
        swapped = {same[key] for key in fulls if same[key] != key}
        firsts = {first for first, _ in merged}
        for (first, last), votes in sorted(merged.items()):
            genders = {g for g in votes if g}
            person = Person("full", " ".join(first), " ".join(last), genders.pop() if len(genders) == 1 else None)
            forms = [first + last, last + first, (first[0][0] + ".",) + last]
            if (first, last) in swapped and last in firsts:
                singles.add(last)  # a first name alone: a person of its own, pseudonymised all the same
            else:
                forms.append(last)
                by_surname[last].append(person)
            for form in forms:
                self._add(form, person)
        known = set(by_surname) | set(surnames)
        for single in sorted(singles):
            if single in known:
                surnames[single].add(None)  # a lone "Hamon" where the corpus knows a Hamon
            else:
                self._add(single, Person("first", single[0], ""))
        for last, genders in sorted(surnames.items(), key=lambda kv: kv[0]):
            fulls_here = by_surname.get(last, [])
            gendered = sorted(g for g in genders if g)
            for gender in gendered or [None]:
                if not any(gender is None or p.gender in (None, gender) for p in fulls_here):
                    self._add(last, Person("surname", "", " ".join(last), gender))
        for initial, last, gender in sorted(initials, key=str):
            self._add(initial + last, Person("initial", " ".join(initial), " ".join(last), gender))
        self.forms = dict(self.forms)  # lookups must not add empty entries
        self.longest = max((len(f) for f in self.forms), default=0)

    def _add(self, form: tuple[str, ...], person: Person) -> None:
        if person not in self.forms[form]:
            self.forms[form].append(person)
        if len(form) > 1 and form[0] in PARTICLES:
            # "M. de Villepin": the lower-case particle cannot open a match, the rest can.
            self._add(form[1:], person)

    def resolve(self, form: tuple[str, ...], gender: str | None, civility: bool) -> Person:
        """Who ``form`` means, given the civility written before it (if any)."""
        candidates = self.forms[form]
        firsts = [p for p in candidates if p.kind == "first"]
        others = [p for p in candidates if p.kind != "first"]
        if firsts and not (civility and others):
            return firsts[0]
        fitting = [p for p in others if gender is None or p.gender in (None, gender)]
        if len(fitting) == 1:
            return fitting[0]
        # Several people share this form, or the civility contradicts the one we know: a
        # pseudonym of its own, so that no one is given someone else's words.
        return Person("surname" if len(form) == 1 else "other", "", " ".join(form), gender)

    def find(self, text: str, boundaries: Sequence[int] = ()) -> list[Mention]:
        """Every name of the book in ``text``, longest form first, never across a segment boundary."""
        tokens = tokenize(text)
        mentions: list[Mention] = []
        i = 0
        while i < len(tokens):
            found = self._longest(text, tokens, i, boundaries)
            if found is None:
                i += 1
                continue
            k, form = found
            if not in_place_context(text, tokens, i):
                civility, gender = False, None
                if i > 0 and adjacent(text, tokens[i - 1], tokens[i]):
                    civility, gender = civility_gender(tokens[i - 1])
                    if tokens[i - 1].key == "m." and initials_line(text, tokens, i - 1):
                        civility, gender = False, None
                start, end = tokens[i].start, tokens[i + k - 1].end
                mentions.append(Mention(start, end, self.resolve(form, gender, civility), text[start:end]))
            i += k
        return mentions

    def _longest(self, text: str, tokens: list[Token], i: int, boundaries: Sequence[int]) -> tuple[int, tuple[str, ...]] | None:
        first = tokens[i]
        if not first.text[0].isupper():
            return None
        if civility_gender(first)[0] and not (first.key == "m." and initials_line(text, tokens, i)):
            return None
        k_max = 1
        while k_max < self.longest and i + k_max < len(tokens):
            left, right = tokens[i + k_max - 1], tokens[i + k_max]
            if right.shape == "w" or not adjacent(text, left, right) or _crosses(boundaries, left.end, right.start):
                break
            k_max += 1
        for k in range(k_max, 0, -1):
            if tokens[i + k - 1].shape == "P":
                continue
            form = tuple(t.key for t in tokens[i : i + k])
            if form in self.forms:
                return k, form
        return None


def _crosses(boundaries: Sequence[int], left: int, right: int) -> bool:
    idx = bisect.bisect_left(boundaries, left)
    return idx < len(boundaries) and boundaries[idx] <= right


def _written(name: PersonName) -> str:
    """A name as :func:`.written.person_name` reads it ("Mme H. Lambert", "Me Durand")."""
    civility = {"f": "Mme", "m": "M."}.get(name.gender or "", "Me") if name.civility else ""
    return " ".join([civility, *name.first, *name.last]).strip()


def _joined_to_full(names: Sequence[PersonName]) -> dict[str, PersonName]:
    """Written form → the full name the variant core puts it with (absent when it stands alone).

    The core (:func:`.variants.person_clusters`) is the network's: the pseudonymiser merges a
    person's forms by the same rules, without same-meeting evidence (a first name alone is
    never merged) and with who-is-meant decided again at each mention (:meth:`NameBook.resolve`).
    """
    counts = Counter(_written(n) for n in names)
    by_form = {_written(n): n for n in names}
    parsed = {form: person_name(form) for form in counts}
    joined: dict[str, PersonName] = {}
    for cluster in person_clusters(parsed, counts, {}, {}):
        fulls = [f for f in cluster.forms if by_form[f].first and by_form[f].last and not by_form[f].is_initial]
        if fulls:
            for form in cluster.forms:
                joined[form] = by_form[fulls[0]]
    return joined
