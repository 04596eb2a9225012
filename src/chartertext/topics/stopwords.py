"""French stop words for topic vocabularies: spaCy's list plus the procedural words of minutes.

Minutes (procès-verbaux, comptes rendus) repeat the same procedural vocabulary in every
document: who chaired, that the previous minutes were approved, how many voted for or
against. Left in, these words dominate every topic's c-TF-IDF top words ("séance, approuver,
unanimité") and hide what was discussed. They are removed from topic vocabularies, and only
there: segmenting and quoting always use the full text.

The curated list, :data:`PROCEDURAL_STOPWORDS`, is grouped by kind below. Each entry is a
lowercase word with its accents; a token is dropped when its lowercase form *or* its spaCy
lemma is in the set, so both inflected forms and lemmas are listed where spaCy's lemma
differs ("approuvé" and "approuver"). Multiword expressions are in
:data:`PROCEDURAL_PHRASES`; they are matched on consecutive lowercase token forms before any
word is removed, so "ordre du jour" goes as a whole while "ordre public" stays.

Override it with :func:`french_stopwords` (``extra=`` adds words, ``keep=`` removes words,
``procedural=False`` keeps spaCy's list only), or through
:class:`chartertext.topics.TopicConfig` (``extra_stopwords``, ``keep_words``,
``procedural_stopwords``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from ..lang import fr

#: Meeting vocabulary: the event and its documents.
MEETING_WORDS: tuple[str, ...] = (
    "séance", "séances", "réunion", "réunions", "réunir",
    "procès-verbal", "procès-verbaux", "compte-rendu", "comptes-rendus",
    "délibération", "délibérations", "délibérer", "délibéré",
    "quorum", "ouverture", "clôture", "clore", "heure", "heures", "h",
    "plénière", "plénières", "assemblée",
    # "CR du conseil municipal": the abbreviation of compte rendu
    "cr",
    # the formal acts a council adopts, as "délibération": what they are about is the topic
    "vœu", "vœux", "voeu", "voeux", "motion", "motions",
)
#: Bodies and roles that chair, attend or take the minutes.
ROLE_WORDS: tuple[str, ...] = (
    "conseil", "conseils", "commission", "commissions", "comité",
    "conseiller", "conseillère", "conseillers", "conseillères", "maire", "adjoint", "adjointe",
    "adjoints",
    "membre", "membres", "président", "présidente", "présidents", "vice-président",
    "vice-présidente", "secrétaire", "secrétaires", "rapporteur", "rapporteure",
    "présent", "présente", "présents", "présentes", "absent", "absente", "absents",
    "excusé", "excusée", "excusés", "excuser", "procuration", "procurations",
    # "CQ": conseil de quartier, a body like "conseil"; "référent(e)": a role (lang.fr.ROLES)
    "cq", "référent", "référente", "référents", "référentes",
)
#: Voting and approval.
VOTE_WORDS: tuple[str, ...] = (
    "vote", "votes", "voter", "voté", "votée", "voix",
    "pour", "contre", "abstention", "abstentions", "abstenir",
    "unanimité", "unanime", "unanimement",
    "approuvé", "approuvée", "approuvés", "approuver", "approbation",
    "adopté", "adoptée", "adoptés", "adopter", "adoption",
    "point", "points",
)
#: Civilities and their abbreviations (spaCy lemmatises "M." as "m.").
CIVILITY_WORDS: tuple[str, ...] = tuple(
    sorted({form for written in fr.COURTESY_CIVILITIES for form in (written.lower(), written.lower().rstrip("."))})
)
#: Reporting verbs and fillers of minutes' prose ("M. X rappelle que…", "il faut aujourd'hui…").
SPEECH_WORDS: tuple[str, ...] = (
    "dire", "faire", "pouvoir", "devoir", "falloir", "vouloir", "aller",
    "remercier", "merci", "souhaiter", "rappeler", "indiquer", "préciser", "demander",
    "proposer", "expliquer", "présenter", "informer", "souligner", "ajouter", "répondre",
    "estimer", "penser", "noter", "évoquer", "intervenir", "intervention",
    # spaCy sometimes leaves these third-person forms unlemmatised
    "indique", "rappelle", "précise", "souhaite", "remercie", "explique", "souligne",
    "ajoute", "répond", "estime", "évoque", "intervient", "informe",
    "aujourd'hui", "actuellement", "bien", "ensuite", "vraiment", "beaucoup", "trop", "ici",
    "toutefois", "oui", "non", "peut-être", "c'est-à-dire", "est-à-dire", "chose", "question",
    # "sur ce sujet", "sur proposition du bureau": what minutes call any item, like "question", "point"
    "sujet", "sujets", "proposition", "propositions",
    # a light verb like "faire" ("mettre en place", "mettre à jour"); "RAS": rien à signaler
    "mettre", "ras",
)
#: Scheduling of the meetings themselves ("prochaine réunion le 12 mars, lieu à confirmer").
#: "salle" is not here: "salle des fêtes" is a topic, and "salle Elisabeth" is a name.
SCHEDULING_WORDS: tuple[str, ...] = (
    "date", "dates", "prochain", "prochaine", "prochains", "prochaines",
    "précédent", "précédente", "précédents", "précédentes",
    "confirmer", "confirmé", "confirmée", "confirmation",
    "convocation", "convocations", "convoquer",
)
#: Dates are metadata (``Document.date``), not topics: "la réunion du 14 juin".
CALENDAR_WORDS: tuple[str, ...] = fr.MONTH_NAMES + fr.WEEKDAYS
#: Structure of charters and agendas.
STRUCTURE_WORDS: tuple[str, ...] = ("article", "articles", "alinéa", "alinéas", "annexe")

#: Every procedural word removed by default (see the groups above).
PROCEDURAL_STOPWORDS: frozenset[str] = frozenset(
    MEETING_WORDS + ROLE_WORDS + VOTE_WORDS + CIVILITY_WORDS + SPEECH_WORDS + SCHEDULING_WORDS
    + CALENDAR_WORDS + STRUCTURE_WORDS
)

#: Multiword procedural expressions, removed as a whole (their words alone may be meaningful).
PROCEDURAL_PHRASES: tuple[str, ...] = (
    "ordre du jour",
    "compte rendu",
    "comptes rendus",
    "procès verbal",
    "procès verbaux",
    "questions diverses",
    "prise de parole",
    # the bodies themselves, named in every minute of theirs ("quartier" alone stays a word)
    "conseil de quartier",
    "conseils de quartier",
    "conseil d'arrondissement",
    "conseil municipal",
    "conseils municipaux",
    "conseil communautaire",
    "comité d'animation",
    "bureau élargi",
    # fixed expressions whose noun means nothing ("mise en place du budget" is not about a place)
    "en place",
    "sur place",
    "en cours",
    "dans le cadre",
    "au niveau",
    "au sein",
    "par rapport",
    "à partir",
    "à l'intérieur",
    "à l'extérieur",
    "du côté",
)


@functools.cache
def _spacy_french_stopwords() -> frozenset[str]:
    """spaCy's French stop words, with apostrophes normalised to ' (the analyzer does the same).

    Read on first use: importing spaCy's French data compiles its tokenizer exceptions
    (seconds), which a re-run that reads its topics from the cache never needs.
    """
    from spacy.lang.fr.stop_words import STOP_WORDS

    return frozenset(w.replace("’", "'") for w in STOP_WORDS)


def __getattr__(name: str) -> Any:
    if name == "SPACY_FRENCH_STOPWORDS":  # the public constant, computed on first access
        return _spacy_french_stopwords()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def french_stopwords(
    extra: Iterable[str] = (),
    keep: Iterable[str] = (),
    *,
    procedural: bool = True,
) -> frozenset[str]:
    """Build the stop-word set used by the topic vocabulary.

    Parameters
    ----------
    extra : iterable of str, default ()
        Words to remove as well (lowercased; accents kept).
    keep : iterable of str, default ()
        Words to keep even though a list contains them (e.g. ``("conseil",)`` when the
        councils themselves are the subject).
    procedural : bool, default True
        Include :data:`PROCEDURAL_STOPWORDS`; ``False`` keeps spaCy's list only.

    Returns
    -------
    frozenset of str
        Lowercase words, accents kept, apostrophes as '.

    Examples
    --------
    >>> stops = french_stopwords(extra=["quartier"], keep=["conseil"])
    >>> "séance" in stops, "quartier" in stops, "conseil" in stops, "le" in stops
    (True, True, False, True)
    """
    words = set(_spacy_french_stopwords())
    if procedural:
        words |= PROCEDURAL_STOPWORDS
    words |= {_normalise_word(w) for w in extra}
    words -= {_normalise_word(w) for w in keep}
    return frozenset(words)


def procedural_phrases(keep: Iterable[str] = (), *, procedural: bool = True) -> tuple[str, ...]:
    """The multiword expressions to remove, minus those listed in ``keep``.

    Parameters
    ----------
    keep : iterable of str, default ()
        Expressions to keep (compared lowercased).
    procedural : bool, default True
        ``False`` returns no phrase at all.
    """
    if not procedural:
        return ()
    kept = {_normalise_word(w) for w in keep}
    return tuple(p for p in PROCEDURAL_PHRASES if p not in kept)


def _normalise_word(word: str) -> str:
    return word.strip().lower().replace("’", "'")
