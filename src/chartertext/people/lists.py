"""Attendance lists and speaker cues cut into names, each with its role and organisation.

Attendance lists come in many shapes; all of these give the same entries::

    Présents : Mme Dupont, M. Martin (CCAS), Association Le Relais
    Présents :
    Mme Dupont,
    M. Martin, CCAS
    Étaient présents : Hélène DUPONT et M. Martin (CCAS) ; Association Le Relais.

How a list is read:

* Lines are read one by one; a name broken across two lines ("DESHAYES" / "Nicoles,") is joined.
  A short label before a colon ("APUR : Paul Baroin", "Animation : M. Ferrand") is dropped; when
  it names an organisation, it becomes the affiliation of the line's people.
* A line is split at commas and semicolons outside parentheses, and at "et" / "&" when a name
  follows. Each piece is a person, a role, an organisation or a qualifier (see
  :mod:`.written`). A piece in lower case ("adjointe à la Maire", "collectif GFR …") qualifies
  the person before it on the same line; an organisation written with a capital ("Association
  Le Relais") is an entry of its own.
* Text in parentheses qualifies the name before it: its role ("adjointe au maire") and its
  organisation ("CCAS"). A qualifier after the last of "A et B (CCAS)" applies to both.
* People named inside a phrase are found by their civility ("dont Mme Lambert (…)", "les
  animateurs (Mme Marchand, M. Lefèvre)"), after a colon ("dont représentant la mairie :
  Guillaume Durand") or after "invité" ("un invité Yves Jouanique").
* In a list of one person per line ("M. Martin, CCAS" / "Mme Leroux"), what follows the
  person on its line qualifies it, organisations included.
* In a list where most people have a surname, a lone capitalised word after a person
  ("Caroline Billard, Paris-Habitat") is that person's organisation; in a list of first names
  ("Helga, Lynda, Eric") it is a person.
* Counts ("7 conseillers", "une cinquantaine de participants") and phrases are not names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..lang import fr
from .names import CIVILITY_PATTERN
from .written import UPPER, civility_at, is_organisation, name_prefix, role_at, role_phrase

_EMBEDDED_CIVILITY = re.compile(
    rf"(?<![\w.]){CIVILITY_PATTERN}\s+"
    rf"(?:[Ll][ea]\s+|[Ll]['’]\s?|d[eu]\s+)?[{UPPER}][^\s,;()]*(?:\s+[{UPPER}][^\s,;()]*){{0,3}}"
)
_INVITE_CUE = re.compile(r"\b(?:invité(?:e|\(e\))?s?|dont|avec|et\s+de)\s+", re.IGNORECASE)
_LABEL = re.compile(r"^(?P<label>[^:()]{1,40}?)\s*:\s*(?P<rest>.*)$")
_SPLIT_AND = re.compile(rf"\s+(?:et|&)\s+(?=[{UPPER}])")  # every civility starts with a capital
_ORG_STOP = re.compile(
    r"\s+(?:ayant|qui|dont|pour|chargée?s?|représentée?s?|en\s+charge|pour\s+le|pour\s+la)\b.*$", re.IGNORECASE
)
_AFFILIATION_LEAD = re.compile(
    r"^(?:membres?|représentante?s?|représentant\s+l[ea]|pour|du|de\s+la|de\s+l['’]|des|de|d['’])\s*", re.IGNORECASE
)


@dataclass(frozen=True)
class Entry:
    """One name read from a list or a speaker cue.

    Attributes
    ----------
    name : str
        As written, civility kept, spaces normalised ("Mme Hélène Lambert", "le directeur du
        CCAS", "Association Le Relais").
    kind : {"person", "role", "organisation"}
        "role": a role without a personal name.
    role : str or None
        Role from the name or its qualifier, as written without its article ("adjointe au
        maire", "directeur du CCAS"); :func:`.written.role_key` compares roles.
    affiliation : str or None
        Organisation named in the qualifier, as written ("CCAS", "association La Plume").
    """

    name: str
    kind: str
    role: str | None = None
    affiliation: str | None = None


@dataclass
class _Item:
    entry: Entry
    line: int
    group: int  # pieces joined by "et" share a group
    qualifier: bool  # a qualifier was written after the name
    single: bool  # a lone capitalised word without civility
    plural: bool = False  # the qualifier opens with a plural word ("élus", "salariés")


def parse_list(text: str) -> list[Entry]:
    """The names of an attendance list (without its "Présents :" cue), in reading order.

    Parameters
    ----------
    text : str
        The list, one line or several.

    Returns
    -------
    list of Entry

    Examples
    --------
    >>> [(e.name, e.kind, e.affiliation) for e in parse_list("Mme Dupont, M. Martin (CCAS), Association Le Relais")]
    [('Mme Dupont', 'person', None), ('M. Martin', 'person', 'CCAS'), ('Association Le Relais', 'organisation', None)]
    """
    return [item.entry for item in _items(text)]


def parse_lines(text: str) -> list[list[Entry]]:
    """The names of an attendance list, as :func:`parse_list` reads them, grouped by line.

    A name broken across two lines counts on the first; lines without a name are left out.

    Examples
    --------
    >>> [[e.name for e in line] for line in parse_lines("Helga, Lynda\\nCaroline Billard, Paris-Habitat")]
    [['Helga', 'Lynda'], ['Caroline Billard', 'Paris-Habitat']]
    """
    lines: dict[int, list[Entry]] = {}
    for item in _items(text):
        lines.setdefault(item.line, []).append(item.entry)
    return list(lines.values())


def _items(text: str) -> list[_Item]:
    items: list[_Item] = []
    group = 0
    lines = []
    for line in _lines(text):
        label_org: str | None = None
        match = _LABEL.match(line)
        # "APUR : Paul Baroin" has a label; "Didier Antonelli : didier.antonelli@paris.fr" does not.
        if (
            match
            and len(match["label"].split()) <= 4
            and civility_at(match["label"] + " ") is None
            and (name_prefix(match["rest"])[0] or civility_at(match["rest"]) is not None)
        ):
            label_org = match["label"] if is_organisation(match["label"]) else None
            line = match["rest"]
        lines.append((line, label_org))
    # One person per line ("M. Martin, CCAS"): what follows the person on its line qualifies it.
    singles = sum(people_in(line) == 1 for line, _ in lines)
    per_line = len(lines) >= 2 and singles * 3 >= 2 * len(lines)
    for number, (line, label_org) in enumerate(lines):
        for chunk in _split_top(line, ",;"):
            pieces = _split_and(chunk) if not is_organisation(chunk) else [chunk]
            group += 1
            carried: str | None = None
            for piece in pieces:
                piece = piece.strip().lstrip("-–•*·").strip().rstrip(".").strip()
                if carried and name_prefix(piece)[0] and civility_at(piece) is None:
                    piece = f"{carried} {piece}"  # "Mmes Ouali et Bensaïd"
                civ = civility_at(piece)
                carried = fr.PLURAL_CIVILITIES.get(civ[0]) if civ else carried
                _read_piece(piece, items, number, group, label_org, per_line)
    _demote_lone_words(items)
    _share_qualifiers(items)
    return items


def parse_people(text: str) -> list[Entry]:
    """The people of a speaker cue ("M. Le Goff et Mme Roussel", "M. Bertin (CPAM)")."""
    return [e for e in parse_list(" ".join(text.split())) if e.kind != "organisation"]


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined: list[str] = []
    for line in lines:
        # "DESHAYES" at the end of a line and "Nicoles," at the start of the next are one name
        # (a SURNAME First list wrapped by the PDF), and so are "Agnès" and "MICHELOT" (First
        # SURNAME); "Helga" above "Lynda" are two people, and so are "Helga" above "CCAS".
        if joined and not joined[-1].endswith((",", ";", ".", ":")):
            last = _split_top(joined[-1].rsplit(":", 1)[-1], ",;")[-1].split()  # "Présents : Agnès"
            first = _split_top(line, ",;")[0].split()
            if (
                len(last) == 1
                and len(first) == 1
                and last[0].isupper() != first[0].isupper()
                and name_prefix(last[0])[0]
                and name_prefix(first[0])[0]
                and not is_organisation(last[0] if last[0].isupper() else first[0].rstrip(",;."))
            ):
                joined[-1] = f"{joined[-1]} {line}"
                continue
        joined.append(line)
    return joined


def _split_top(text: str, separators: str) -> list[str]:
    """Split at separators that are not inside parentheses."""
    parts, depth, current = [], 0, []
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _split_and(text: str) -> list[str]:
    """Split at "et" / "&" followed by a name, outside parentheses ("(association Clic & Lien)" stays whole)."""
    parts, start = [], 0
    for match in _SPLIT_AND.finditer(text):
        before = text[: match.start()]
        if before.count("(") == before.count(")"):
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _outside_parentheses(piece: str) -> tuple[str, list[str]]:
    main, groups, depth, current = [], [], 0, []
    for ch in piece:
        if ch == "(":
            if depth:
                current.append(ch)
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth:
                current.append(ch)
            else:
                groups.append("".join(current).strip())
                current = []
        elif depth:
            current.append(ch)
        else:
            main.append(ch)
    return " ".join("".join(main).split()), [g for g in groups if g]


def people_in(line: str) -> int:
    """How many people and roles a line of a list names (organisations and phrases not counted)."""
    return sum(
        _name_entry(_outside_parentheses(piece)[0])[0] is not None
        for chunk in _split_top(line, ",;")
        for piece in _split_and(chunk)
    )


def _read_piece(
    piece: str, items: list[_Item], line: int, group: int, label_org: str | None, per_line: bool = False
) -> None:
    main, bracketed = _outside_parentheses(piece)
    if not main:
        return
    if main[0].isdigit():  # a count ("7 participants"), perhaps naming someone ("et un invité Yves Jouanique")
        for sub in _embedded(piece, main):
            _read_piece(sub, items, line, group, label_org)
        return
    previous = items[-1] if items and items[-1].line == line and items[-1].entry.kind != "organisation" else None
    entry, rest = _name_entry(main)
    if entry is None and is_organisation(main):
        org = _cut_organisation(main)
        if previous is not None and (main[0].islower() or per_line):
            _qualify(previous, org)  # "Martial Buisson, collectif GFR …", "M. Martin, CCAS" on its own line
        else:
            items.append(_Item(Entry(org, "organisation"), line, group, False, False))
        return
    if entry is None:
        found = _embedded(piece, main)
        if found:
            for sub in found:
                _read_piece(sub, items, line, group, label_org, per_line)
        elif previous is not None:
            _qualify(previous, piece)
        return
    qualifier = ", ".join([*bracketed, rest.strip(" -–,")] if rest.strip(" -–,") else bracketed)
    entry = replace(entry, affiliation=label_org)
    item = _Item(entry, line, group, bool(qualifier), single=_is_single(main, entry))
    items.append(item)
    if qualifier:
        _qualify(item, qualifier)


def _name_entry(main: str) -> tuple[Entry | None, str]:
    """The person or role ``main`` starts with, and the text after the name."""
    civ = civility_at(main)
    after = main[len(civ[0]) :].strip() if civ else main
    role = role_at(after)
    if role is not None:
        tokens, rest = name_prefix(after[len(role) :].strip(), after_civility=True)
        if not tokens:
            return Entry(main[: len(main) - len(after)] + role, "role", role=role_phrase(role)), after[len(role) :]
        name = (civ[0] + " " if civ else "") + role + " " + " ".join(tokens)
        return Entry(name, "person", role=role_phrase(role)), rest
    if civ is None and is_organisation(main):
        return None, main
    tokens, rest = name_prefix(after, after_civility=civ is not None)
    if not tokens:
        return None, main
    if civ is None and len(tokens) == 1 and rest[:1].islower():
        return None, main  # "Chargé urbanisme …": a phrase, not a name
    name = (civ[0] + " " if civ else "") + " ".join(tokens)
    return Entry(name, "person"), rest


def _is_single(main: str, entry: Entry) -> bool:
    return entry.kind == "person" and civility_at(entry.name) is None and len(entry.name.split()) == 1


def _embedded(piece: str, main: str) -> list[str]:
    """Names inside a phrase: after a civility, after a colon, after "invité" or "dont"."""
    if ":" in main:
        tail = main.rsplit(":", 1)[1]
        return _split_and(tail) if name_prefix(tail.strip())[0] else []
    found = []
    for match in _EMBEDDED_CIVILITY.finditer(piece):
        end = match.end()
        bracket = re.match(r"\s*\([^()]*\)", piece[end:])
        found.append(piece[match.start() : end + (bracket.end() if bracket else 0)])
    if found:
        return found
    cue = _INVITE_CUE.search(main)
    if cue:
        tokens, _ = name_prefix(main[cue.end() :])
        if len(tokens) >= 2:
            return [main[cue.end() :]]
    return []


def _qualify(item: _Item, qualifier: str) -> None:
    """Read the role and the organisation from a qualifier and give them to ``item``."""
    role, affiliation = item.entry.role, item.entry.affiliation
    for part in re.split(r"\s*[,;]\s*|\s+[-–]\s+", qualifier):
        part = part.strip(" .")
        if not part:
            continue
        phrase = role_phrase(part)
        if phrase is not None:
            role = role or phrase
            org = re.search(r"\b(?:du|de la|de l['’]|des|de)\s+(.+)$", part)
            # "directeur du CCAS" names the CCAS; "chef de service" names no organisation.
            if org and is_organisation(org.group(1)) and any(c.isupper() for c in org.group(1)) and affiliation is None:
                affiliation = _cut_organisation(org.group(1))
            continue
        if affiliation is None:
            lead = _AFFILIATION_LEAD.match(part)
            candidate = part[lead.end() :] if lead and lead.end() < len(part) else part
            if is_organisation(candidate) or candidate[:1].isupper():
                affiliation = _cut_organisation(candidate)
    item.entry = replace(item.entry, role=role, affiliation=affiliation)
    item.qualifier = True
    first = qualifier.split()[0] if qualifier.split() else ""
    item.plural = first.endswith(("s", "x")) and len(first) > 3


def _cut_organisation(text: str) -> str:
    """An organisation's name without what follows it ("collectif GFR association ayant …" → "collectif GFR")."""
    text = _ORG_STOP.sub("", text.strip(" .,;"))
    words = text.split()
    return " ".join(words[:8])


def _demote_lone_words(items: list[_Item]) -> None:
    # In a list of full names, a lone word after a person is its organisation ("Caroline
    # Billard, Paris-Habitat"); in a list of first names it is a person.
    people = [i for i in items if i.entry.kind == "person"]
    singles = sum(i.single for i in people)
    if singles * 2 >= len(people):
        return
    for k in range(len(items) - 1, 0, -1):
        item, before = items[k], items[k - 1]
        if item.single and before.line == item.line and before.entry.kind == "person" and before.group != item.group:
            if before.entry.affiliation is None:
                before.entry = replace(before.entry, affiliation=item.entry.name)
            del items[k]


def _share_qualifiers(items: list[_Item]) -> None:
    # "M. Durand et Mme Amrani (salariés en parcours)": the qualifier after the last name is everyone's.
    for k in range(len(items) - 1, -1, -1):
        last = items[k]
        if not last.qualifier:
            continue
        j = k - 1
        while j >= 0 and items[j].group == last.group and not items[j].qualifier and items[j].entry.kind == "person":
            # The organisation is shared; a role only when written in the plural ("(élus)"), since
            # "M. Ferrand et Mme Vasseur (maîtresse de conférences)" gives the role to one.
            plural = last.plural
            items[j].entry = replace(
                items[j].entry,
                role=items[j].entry.role or (last.entry.role if plural else None),
                affiliation=items[j].entry.affiliation or last.entry.affiliation,
            )
            j -= 1
