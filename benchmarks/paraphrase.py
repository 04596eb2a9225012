"""Say a line of French minutes again in other words, deterministically, for copy ``j`` of a document.

The scaled corpora of the benchmark (:mod:`benchmarks.scaled_corpus`) hold ``k`` copies of
every demo document. Verbatim copies would be free for the content-addressed embedding cache
(an equal text is embedded once), so the benchmark would lie; each copy ``j >= 1`` therefore
rewrites every line it may rewrite, in three ways:

* **Synonyms**: about two thirds of :data:`SYNONYMS` (which ones depends on ``j``) replace
  their word outside the first words of the line, where speaker cues live ("Mme Roux indique").
  Pairs keep gender and number; words of the value lexicon and the formulas the demo's story
  relies on ("un dossier, pas une personne") are left alone.
* **Numbers**: counts and amounts of ten or more change with ``j`` (percentages stay in
  1–99); years, hours, dates and list numbers are kept.
* **A clause naming the neighbourhood antenna** where copy ``j`` met
  (:data:`ANTENNAS`, "…, d'après les remontées de l'antenne des Tilleuls."), inserted before
  the closing punctuation; titles and cue lines get "(antenne des Tilleuls)". The antenna
  is distinct for every ``j``, which is what guarantees that no rewritten line equals a line
  of another copy; the lead-in varies with the line, so the copies do not all end alike.

Every copy must segment like the original. Attendance lines ("Présents :", "Excusé :") are
kept as written: they name the people the network stage reads, and the same people attend
every copy (they are the only segments repeated between copies; the analysis does not embed
them). The agenda cue only gains the antenna ("Ordre du jour de l'antenne des Tilleuls :").
Line starts (numbers, bullets, Markdown ``#``, speaker and verb) are never touched, and lines
in capitals stay in capitals.
"""

from __future__ import annotations

import datetime as dt
import re

from chartertext.segment.markers import is_capitals
from chartertext.segment.speakers import agenda_cue, attendance_cue

#: Invented neighbourhoods of the fictional Villeneuve-sur-Loire; copy j meets at ANTENNAS[j - 1].
ANTENNAS: tuple[str, ...] = (
    "des Tilleuls", "de la Croix-Blanche", "du Port-Sec", "des Grands-Champs", "de la Gare",
    "du Vieux-Bourg", "des Aubiers", "de Bel-Air", "des Acacias", "du Moulin-Neuf",
    "de la Prairie", "des Chaumes", "du Clos-Fleuri", "de Beaulieu", "des Perrières",
    "de la Madeleine", "du Champ-de-Foire", "des Vignes", "de Saint-Lazare", "des Ormeaux",
    "de la Fontaine", "du Pressoir", "des Noues", "de Montplaisir",
)  # fmt: skip
#: Beyond len(ANTENNAS) copies, an antenna is split by compass point ("des Tilleuls nord").
_QUARTERS: tuple[str, ...] = ("", " nord", " sud", " est", " ouest")
#: The largest number of copies :func:`antenna` can name distinctly.
MAX_COPIES = len(ANTENNAS) * len(_QUARTERS)

#: Clauses appended to a sentence of copy j; ``{a}`` is the antenna ("des Tilleuls").
LEADS: tuple[str, ...] = (
    ", comme on l'a constaté à l'antenne {a}",
    ", d'après les remontées de l'antenne {a}",
    ", selon les équipes de l'antenne {a}",
    ", constat partagé par l'antenne {a}",
    ", ce que confirment les échanges à l'antenne {a}",
    ", y compris pour le public de l'antenne {a}",
    ", point également relevé à l'antenne {a}",
    ", ainsi que le note l'antenne {a}",
)

#: Word → synonym of the same gender and number, starting with the same kind of sound
#: (no "la hausse" → "la augmentation").
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("structures", "organisations"), ("demandes", "sollicitations"), ("réunion", "séance"),
    ("réunions", "séances"), ("chiffres", "indicateurs"), ("difficultés", "contraintes"),
    ("proposition", "suggestion"), ("propositions", "suggestions"), ("document", "support"),
    ("projet", "dispositif"), ("territoire", "secteur"), ("locaux", "bureaux"),
    ("problème", "souci"), ("problèmes", "soucis"), ("rencontrer", "voir"),
    ("travailleurs sociaux", "intervenants sociaux"), ("travailleur social", "intervenant social"),
    ("bilan", "état des lieux"), ("hausse", "progression"), ("important", "essentiel"),
    ("importante", "essentielle"), ("importants", "essentiels"), ("nombreuses", "multiples"),
    ("nombreux", "multiples"), ("notamment", "en particulier"), ("également", "aussi"),
    ("actuellement", "à présent"), ("aujourd'hui", "à ce jour"), ("souvent", "fréquemment"),
    ("rapidement", "sans tarder"), ("environ", "approximativement"),
)  # fmt: skip

MONTHS: tuple[str, ...] = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip

#: A line ending on a closing quote is a sentence (a quotation) from this length on, else a title.
_MIN_SENTENCE_CHARS = 80
#: Words at the start of a line left alone: the speaker cue and its verb ("Mme Girard (CAF) rappelle").
_HEAD_WORDS = 8
_WORD = r"(?<![\w'’-]){}(?![\w'’-])"
_NUMBER = re.compile(r"(?<![\w/.,-])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?![\w/-]|[.,]\d)")
_AFTER_NUMBER_KEEP = re.compile(
    r"\s*(?:h\b|heures?\b|er\b|°|" + "|".join(MONTHS) + r")", re.IGNORECASE
)
_ELIDING = frozenset({"de", "le", "la", "que", "ne", "se", "ce", "je", "me", "te", "jusque", "lorsque", "puisque"})
_PERCENT = re.compile(r"\s*%")
_CLOSING = re.compile(r"(?P<core>.*?)(?P<end>[\s.;:!?…»\"]*)$", re.DOTALL)


def antenna(j: int) -> str:
    """The neighbourhood antenna where copy ``j`` (1-based) met, e.g. ``"des Tilleuls"``."""
    if not 1 <= j <= MAX_COPIES - 1:
        raise ValueError(f"copy number {j} is outside 1..{MAX_COPIES - 1}: at most {MAX_COPIES} copies are named")
    base = ANTENNAS[(j - 1) % len(ANTENNAS)]
    return base + _QUARTERS[(j - 1) // len(ANTENNAS)]


def date_in_words(date: dt.date) -> str:
    """``"1er octobre 2024"``, ``"17 septembre 2024"``: how the demo writes meeting dates."""
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {MONTHS[date.month - 1]} {date.year}"


def replace_date(text: str, old: dt.date, new: dt.date) -> str:
    """Every ``old`` date written in words in ``text`` becomes ``new``, in capitals where it was."""
    day = r"1(?:er)?" if old.day == 1 else str(old.day)
    pattern = re.compile(rf"(?<!\d){day}\s+{MONTHS[old.month - 1]}\s+{old.year}", re.IGNORECASE)

    def swap(match: re.Match[str]) -> str:
        words = date_in_words(new)
        return words.upper() if match.group(0).isupper() else words

    return pattern.sub(swap, text)


def rewrite_line(line: str, j: int, position: int) -> str:
    """Copy ``j``'s version of one line of minutes (``j = 0`` returns it unchanged).

    Parameters
    ----------
    line : str
        One line of text, without its newline, markup prefixes included ("### 1. Budget", "- item ;").
    j : int
        Copy number; 0 is the original.
    position : int
        Index of the line in its document: varies the clause between lines of one copy.

    Returns
    -------
    str
        The rewritten line, or ``line`` itself when it is blank or a cue kept as written.
    """
    text = line.strip()
    if j == 0 or not text or attendance_cue(text) is not None:
        return line
    indent = line[: len(line) - len(line.lstrip())]
    if agenda_cue(text) is not None:
        # "Ordre du jour de l'antenne des Tilleuls :" is still an agenda cue to the segmenter.
        core, end = _split_end(text)
        return f"{indent}{core} de l'antenne {antenna(j)}{end}"
    if is_capitals(text):
        return indent + _with_title_tail(text, f" – ANTENNE {antenna(j).upper()}")
    text = _swap_numbers(_swap_synonyms(text, j), j)
    core, end = _split_end(text)
    closed = end.strip()[:1] in tuple(".;!?…") or ("»" in end and len(text) >= _MIN_SENTENCE_CHARS)
    if closed and not text.startswith("#"):
        return indent + _with_clause(core, end, LEADS[(j + position) % len(LEADS)].format(a=antenna(j)))
    return indent + _with_title_tail(text, f" (antenne {antenna(j)})")


def _split_end(text: str) -> tuple[str, str]:
    match = _CLOSING.match(text)
    assert match is not None  # the pattern matches every string
    return match["core"], match["end"]


def _with_clause(core: str, end: str, clause: str) -> str:
    # A closing quote keeps the speaker's words intact: the clause goes after it, and the
    # sentence's full stop moves out of the quote ("… personne. »" → "… personne », selon … .").
    if "»" in end:
        return f"{core} »{clause}."
    return f"{core}{clause}{end}"


def _with_title_tail(text: str, tail: str) -> str:
    core, end = _split_end(text)
    if "»" in end:  # a name in quotes ends the title: « Santé et bien-être » (antenne …)
        return f"{text}{tail}"
    return f"{core}{tail}{end}"


def _swap_synonyms(text: str, j: int) -> str:
    words = text.split(" ")
    head, rest = " ".join(words[:_HEAD_WORDS]), " ".join(words[_HEAD_WORDS:])
    chosen = {old: new for s, (old, new) in enumerate(SYNONYMS) if (7 * s + j) % 3 != 0}
    if not rest or not chosen:
        return text
    pattern = re.compile("|".join(_WORD.format(re.escape(w)) for w in sorted(chosen, key=len, reverse=True)))

    def swap(match: re.Match[str]) -> str:
        old = match.group(0)
        new = chosen[old]
        before = rest[: match.start()].rsplit(" ", 2)[-2:]
        # "de structures" cannot become "de organisations": French elides before a vowel.
        if _starts_vowel(new) != _starts_vowel(old) and before and before[-1 if before[-1] else 0].lower() in _ELIDING:
            return old
        return new

    rest = pattern.sub(swap, rest)
    return f"{head} {rest}"


def _starts_vowel(word: str) -> bool:
    return word[:1].lower() in "aàâeéèêiîoôuûy"



def _swap_numbers(text: str, j: int) -> str:
    def swap(match: re.Match[str]) -> str:
        digits = match.group(1)
        value = int(re.sub(r"\D", "", digits))
        after = text[match.end() :]
        before = text[: match.start()]
        if (
            value < 10
            or 1900 <= value <= 2100
            or _AFTER_NUMBER_KEEP.match(after)
            or re.search(r"(?:\bh|n°|N°)\s*$", before)
            or not before.strip()  # a list or item number opens the line
        ):
            return digits
        if _PERCENT.match(after):
            if value >= 100:  # "100 % santé" is the name of a reform
                return digits
            new = min(99, max(1, value + (j * 3) % 11 - 5))
        else:
            new = round(value * (1 + 0.05 * ((j % 8) + 1)))
        return _format_like(new, digits)

    return _NUMBER.sub(swap, text)


def _format_like(value: int, original: str) -> str:
    """``value`` grouped by thousands with the separator ``original`` used, if it used one."""
    separator = next((c for c in original if not c.isdigit()), None)
    if separator is None:
        return str(value)
    return f"{value:,}".replace(",", separator)
