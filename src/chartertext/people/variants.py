"""Which written forms are one person: the variant-merging core of the network and the pseudonymiser.

:func:`person_clusters` groups written names ("Mme Lambert", "Madame LAMBERT", "H. Lambert",
"Hélène Lambert") into people. Keys fold case and accents (:func:`.names.fold`):

1. A first name with a surname is a person of its own ("Hélène Lambert" = "Hélène LAMBERT" =
   "LAMBERT Hélène"; "Leconte Frédéric" = "Frédéric Leconte" when both are written).
2. An initial with a surname ("H. Lambert") joins the one person whose surname and first
   letter match; with several, it stays apart and the note says "ambiguous".
3. A surname with a civility ("Mme Lambert", "Madame LAMBERT", "Dr Mercier", "Me Durand")
   joins the one person of that surname whose civility does not contradict it ("M." never
   joins a "Mme"). With several, the one named in the same meetings wins; otherwise it stays
   apart, noted "ambiguous".
4. A lone word ("Dupont", "Eric") is a surname when a known person has it (then as 3);
   otherwise it is a first name. A first name joins a full name only when both are named in
   the same meeting ("Invitée : Laurence" … "Laurence Depond présente …"), the only evidence
   that they are one person; otherwise it stays a person of its own (the note suggests the
   likely match).
5. A role without a name ("l'adjointe au maire") joins the person who holds it in the
   qualifiers of the lists when at least two thirds of the mentions of that role name the same
   person; otherwise the role is a person-like entry of kind "role".

The pseudonymiser's book used to merge by exact (first, last) key on its own, and disagreed:
"Leconte Frédéric" beside "Frédéric Leconte" was one actor for the network and two pseudonyms
(plus a third for "Frédéric", read as that twin's surname). Both now use this core; a first
name alone stays a person of its own for the book (it has no meetings to give evidence).

Used by :mod:`chartertext.network.aliases` (which adds actor display names and the alias
table) and by :class:`chartertext.people.book.NameBook` (which adds where each form is found
in a text and who it means there).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .names import fold
from .written import PersonName, display_variants

__all__ = ["Cluster", "ROLE_MAJORITY", "person_clusters"]

#: Share of a role's mentions one person must hold for the role alone to name them.
ROLE_MAJORITY = 2 / 3


@dataclass
class Cluster:
    """Written forms of one person (or role, or organisation), most frequent first.

    Attributes
    ----------
    kind : {"person", "role", "organisation"}
    forms : list of str
        As written, spaces normalised.
    note : str
        Why the forms were (not) merged, for the user ("ambiguous: ...").
    """

    kind: str
    forms: list[str] = field(default_factory=list)
    note: str = ""


def person_clusters(
    parsed: dict[str, PersonName], counts: Counter[str], docs: dict[str, set[str]], roles: dict[str, Counter[str]]
) -> list[Cluster]:
    """Group written person names into people by the rules of the module docstring.

    Parameters
    ----------
    parsed : dict of str to PersonName
        Every written form and its reading (:func:`.written.person_name`).
    counts : Counter of str
        How often each form is written; frequent forms are read first.
    docs : dict of str to set of str
        The meetings (documents) naming each form; empty sets give no same-meeting evidence.
    roles : dict of str to Counter of str
        Role keys written in each form's qualifiers (:func:`.written.role_key`).

    Returns
    -------
    list of Cluster
        Kind "person" or "role", in the order they were founded.

    Examples
    --------
    >>> from chartertext.people.written import person_name
    >>> names = ["Hélène LAMBERT", "Mme Lambert", "H. Lambert", "M. Petit"]
    >>> [c.forms for c in person_clusters({n: person_name(n) for n in names}, Counter(), {}, {})]
    [['Hélène LAMBERT', 'H. Lambert', 'Mme Lambert'], ['M. Petit']]
    """
    clusters: list[Cluster] = []
    where: dict[str, int] = {}
    by_surname: dict[str, list[int]] = defaultdict(list)

    def new(form: str, kind: str = "person", note: str = "") -> int:
        clusters.append(Cluster(kind, [form], note))
        where[form] = len(clusters) - 1
        return where[form]

    def join(form: str, index: int) -> None:
        clusters[index].forms.append(form)
        where[form] = index

    def genders(index: int) -> set[str]:
        return {g for f in clusters[index].forms if (g := parsed[f].gender)}

    def meets(form: str, index: int) -> bool:
        return any(docs.get(form, set()) & docs.get(f, set()) for f in clusters[index].forms)

    ordered = sorted(parsed, key=lambda f: (-counts[f], f))
    full = {}
    for form in ordered:  # 1. first name + surname
        name = parsed[form]
        if name.first and not name.initial and name.surname:
            key = (name.first_key, name.surname_key)
            if key in full:
                join(form, full[key])
            else:
                full[key] = new(form)
                by_surname[name.surname_key].append(full[key])
    for (first, surname), index in list(full.items()):  # "Leconte Frédéric" is "Frédéric Leconte"
        swapped = full.get((surname, first))
        if swapped is not None and swapped < index and clusters[index].forms:
            for form in clusters[index].forms:
                join(form, swapped)
            clusters[index].forms = []
            by_surname[surname].remove(index)
            full[(first, surname)] = swapped
    for form in ordered:  # 2. initial + surname
        name = parsed[form]
        if name.initial and name.surname:
            found = [
                i for i in by_surname[name.surname_key] if _first_key(parsed, clusters[i]).startswith(name.first_key or "")
            ]
            if len(found) == 1:
                join(form, found[0])
            else:
                by_surname[name.surname_key].append(new(form, note=_ambiguous(found, clusters, parsed)))
    surname_only = [f for f in ordered if parsed[f].surname and not parsed[f].first]
    lone = [f for f in ordered if parsed[f].single and not parsed[f].surname]
    known_surnames = set(by_surname) | {parsed[f].surname_key for f in surname_only}
    known_firsts = {key[0] for key in full}
    # A lone word that is also someone's first name ("Frédéric" beside "Leconte Frédéric" and
    # "Frédéric Boitard") is not taken for a surname.
    lone_surnames = [
        f for f in lone if parsed[f].surname_key in known_surnames and parsed[f].surname_key not in known_firsts
    ]
    # 3. surname with civility (gendered first, so that "Dr Mercier" can find "Mme Mercier"), then lone surnames.
    for form in sorted(surname_only, key=lambda f: parsed[f].gender is None) + lone_surnames:
        name = parsed[form]
        found = [i for i in by_surname[name.surname_key] if name.gender is None or genders(i) <= {name.gender}]
        if not found and form.startswith("M. "):
            # "M. Roussel" among "H. Lambert, D. Carpentier …" is Martine Roussel's initial.
            found = [i for i in by_surname[name.surname_key] if _first_key(parsed, clusters[i]).startswith("m")]
        if len(found) > 1:
            found = [i for i in found if meets(form, i)] or found
        if len(found) == 1:
            join(form, found[0])
        else:
            by_surname[name.surname_key].append(new(form, note=_ambiguous(found, clusters, parsed)))
    first_names: dict[str, list[int]] = defaultdict(list)
    for key, index in full.items():
        first_names[key[0]].append(index)
    alone: dict[str, int] = {}
    for form in lone:  # 4. first names
        if form in where:
            continue
        key = fold(parsed[form].single or form)
        same_meeting = [i for i in first_names[key] if meets(form, i)]
        if len(same_meeting) == 1:
            join(form, same_meeting[0])
            clusters[same_meeting[0]].note = f"first name {form!r} named with the full name in the same meeting"
        elif key in alone:
            join(form, alone[key])  # "Zeliha" and "Zéliha"
        else:
            hint = first_names[key]
            note = f"first name only; perhaps {display_variants(clusters[hint[0]].forms, counts)!r}?" if len(hint) == 1 else ""
            alone[key] = new(form, note=note)
    holders = _role_holders(roles, where)
    roles_seen: dict[str, int] = {}
    for form in ordered:  # 5. roles alone
        name = parsed[form]
        if form in where or name.role is None:
            continue
        tally = Counter(
            {i: n for (key, i), n in holders.items() if key == name.role or key.startswith(name.role + " ")}
        )
        total = sum(tally.values())
        if total and tally.most_common(1)[0][1] >= ROLE_MAJORITY * total:
            index = tally.most_common(1)[0][0]
            join(form, index)
        elif name.role in roles_seen:
            join(form, roles_seen[name.role])
        else:
            roles_seen[name.role] = new(form, "role", _ambiguous(list(tally), clusters, parsed))
    for form in ordered:  # anything left (a phrase read as a name) stands alone
        if form not in where:
            new(form)
    return [c for c in clusters if c.forms]


def _first_key(parsed: dict[str, PersonName], cluster: Cluster) -> str:
    return next((parsed[f].first_key or "" for f in cluster.forms if parsed[f].first_key), "")


def _role_holders(roles: dict[str, Counter[str]], where: dict[str, int]) -> Counter[tuple[str, int]]:
    holders: Counter[tuple[str, int]] = Counter()
    for form, tally in roles.items():
        if form in where:
            for key, n in tally.items():
                holders[(key, where[form])] += n
    return holders


def _ambiguous(found: list[int], clusters: list[Cluster], parsed: dict[str, PersonName]) -> str:
    if len(found) < 2:
        return ""
    options = sorted({display_variants(clusters[i].forms, Counter()) for i in found})
    return "ambiguous: " + " or ".join(repr(o) for o in options)
