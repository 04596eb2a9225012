"""Cues at the start of a line of minutes: who speaks, who attends, where the agenda is.

* Speaker turns: "M. le Maire :", "Mme Dupont :", "M. DUPONT (adjoint) :", "Le Président :",
  and reported speech "Mme Dupont indique que…", "M. le Maire rappelle…", "Yves présente…",
  "Carine Petit rappelle…", "Hélène a évoqué…".
* Attendance: "Présents :", "Étaient présents :", "Absents excusés :", "Pouvoirs :", ...
* The agenda: "Ordre du jour", "ODJ", "Projet d'ordre du jour", "À l'ordre du jour :".

A colon turn needs a civility ("M.", "Mme", "Monsieur", ...) or a role ("Le Maire"): a bare
capitalised pair before a colon is as often a budget line ("Budget Assainissement :") as a
person. Reported speech also accepts a bare first name or first name + surname, because a
speech verb must follow it directly ("Marielle demande", "Audrey Livé présente").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang import fr
from ..people.names import CIVILITY_PATTERN, fold

_CIVILITY = CIVILITY_PATTERN


def _role_pattern(role: str) -> str:
    # As minutes type them: capital or not, accents sometimes left out ("Le President :").
    accents = {"é": "[ée]", "è": "[eè]"}
    head = role[0] if role.isupper() else f"[{role[0].upper()}{role[0]}]"
    return head + "".join(accents.get(ch, r"\s+" if ch == " " else re.escape(ch)) for ch in role[1:])


_ROLE_WORD = "(?:" + "|".join(_role_pattern(r) for r in sorted(fr.SPEAKING_ROLES, key=len, reverse=True)) + ")"
_ROLE = rf"(?:L[ea]\s+|L['’]\s?){_ROLE_WORD}"
_NAME_TOKEN = r"[A-ZÀ-ÖØ-Þ][\w’'.-]*"
_PARTICLE = "(?:" + "|".join(sorted(map(re.escape, fr.PARTICLES), key=len, reverse=True)) + ")"
_NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s*)?{_NAME_TOKEN}){{0,3}}"
_PERSON = rf"(?:{_CIVILITY}\s+(?:(?:l[ea]\s+|l['’]\s?){_ROLE_WORD}(?:\s+{_NAME})?|{_NAME})|{_ROLE}(?:\s+{_NAME})?)"
_QUALIFIER = r"(?:\s*\([^()\n]{1,60}\))?"
_PEOPLE = rf"{_PERSON}{_QUALIFIER}(?:\s*(?:,|et|&)\s*{_PERSON}{_QUALIFIER})*"

# A first name, or a first name and a surname, without civility ("Yves", "Jean-Pierre",
# "Carine Petit", "Audrey LIVÉ"): capitalised then lower case, so acronyms are excluded.
_BARE_NAME = (
    r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)?"  # first name, maybe hyphenated
    r"(?:\s+[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’-]+)?"  # surname
)
_BARE_PEOPLE = rf"{_BARE_NAME}(?:\s*(?:,|et|&)\s*{_BARE_NAME})*"

_SPEECH_VERBS_PRESENT = """indique rappelle précise propose informe explique souligne demande présente
annonce ajoute estime souhaite regrette note remarque signale confirme expose déclare interroge suggère
insiste constate considère pense rapporte évoque observe affirme réplique remercie approuve relève
déplore résume mentionne partage reconnaît conclut répond intervient dit lit soumet""".split()
_IRREGULAR = {
    "conclut": ("concluent", "conclu"),
    "répond": ("répondent", "répondu"),
    "intervient": ("interviennent", "intervenu"),
    "dit": ("disent", "dit"),
    "lit": ("lisent", "lu"),
    "soumet": ("soumettent", "soumis"),
    "reconnaît": ("reconnaissent", "reconnu"),
}


def _verb_forms() -> tuple[str, ...]:
    forms: list[str] = []
    for verb in _SPEECH_VERBS_PRESENT:
        plural, participle = _IRREGULAR.get(verb, (verb + "nt", verb[:-1] + "é"))
        forms += [verb, plural, rf"(?:a|ont)\s+{participle}", rf"(?:a|ont)\s+{participle}e?s?"]
    forms += [
        r"fait\s+(?:remarquer|observer|savoir|part|valoir)",
        r"font\s+(?:remarquer|observer|savoir|part|valoir)",
        r"prend\s+la\s+parole",
        r"donne\s+lecture",
        r"ouvre\s+la\s+séance",
        r"s['’]\s?(?:interroge|inquiète|étonne|oppose|félicite|exprime)",
        r"se\s+(?:félicite|demande|dit)",
        r"(?:est|sont)\s+intervenue?s?",
    ]
    return tuple(sorted(set(forms), key=len, reverse=True))


_VERB = r"(?:" + "|".join(_verb_forms()) + r")\b"

_COLON_TURN = re.compile(rf"^(?P<who>{_PEOPLE})\s*:")
_REPORTED_TURN = re.compile(rf"^(?P<who>{_PEOPLE})\s+(?:nous\s+|lui\s+|leur\s+)?{_VERB}")
_BARE_REPORTED_TURN = re.compile(rf"^(?P<who>{_BARE_PEOPLE})\s+(?:nous\s+|lui\s+|leur\s+)?{_VERB}")

_BULLET_PREFIX = r"(?:[-+•●*–]\s*)?"
_ATTENDANCE = re.compile(
    _BULLET_PREFIX
    + r"(?P<cue>(?:(?:étaient|etaient|sont|membres|élus|elus|conseillers?)\s+)?présent(?:\(e\)|e)?s?"
    r"(?:\s+(?:également|aussi))?"
    r"|absent(?:\(e\)|e)?s?(?:\s+(?:non\s+)?excus[ée](?:\(e\)|e)?s?)?"
    r"|(?:non\s+)?excus[ée](?:\(e\)|e)?s?"
    r"|(?:étaient\s+)?(?:absents|excusés|représenté(?:\(e\)|e)?s)"
    r"|pouvoirs?|procurations?|procuration\(s\)"
    r"|secrétaires?\s+de\s+séance"
    r"|invité(?:\(e\)|e)?s?|invité\(e\)s"
    r"|assistaient\s+(?:également|aussi)(?:\s+à\s+la\s+séance)?"
    r"|participants?|présences?)"
    r"\s*(?::|$)",
    re.IGNORECASE,
)
_AGENDA = re.compile(
    _BULLET_PREFIX
    + r"(?P<cue>(?:[àa]\s+l['’]\s?|projet\s+d['’]\s?)?(?:ordre\s+du\s+jour|odj)\b"
    r"(?:\s+(?:du|de|des|pour)\b[^.\n]{0,60}?)?)\s*[:!.]?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Turn:
    """A speaker cue at the start of a line.

    Attributes
    ----------
    speaker : str
        Who speaks, as written ("M. le Maire", "Mme Dupont et M. Martin", "M. DUPONT (adjoint)").
    colon : bool
        True for "X :" turns, False for reported speech ("X indique que…").
    """

    speaker: str
    colon: bool


def speaker_turn(text: str) -> Turn | None:
    """The speaker cue ``text`` starts with, if any (see the module docstring for the forms)."""
    match = _COLON_TURN.match(text)
    if match:
        return Turn(match["who"].strip(), True)
    match = _REPORTED_TURN.match(text)
    if match:
        return Turn(match["who"].strip(), False)
    match = _BARE_REPORTED_TURN.match(text)
    if match and fold(match["who"].split()[0].split("-")[0]) not in fr.NOT_NAMES:
        return Turn(match["who"].strip(), False)
    return None


def attendance_cue(text: str) -> str | None:
    """The attendance cue ``text`` starts with ("Présents", "Absents excusés", ...), or None.

    The cue must be followed by a colon, or be the whole line ("Absent" above a list of names).
    """
    match = _ATTENDANCE.match(text)
    return match["cue"].strip() if match else None


def agenda_cue(text: str) -> str | None:
    """The "Ordre du jour" cue if ``text`` is an agenda announcement line, else None."""
    if len(text) > 90:
        return None
    match = _AGENDA.match(text)
    return match["cue"].strip() if match else None
