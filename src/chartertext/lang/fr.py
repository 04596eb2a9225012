"""French words every stage relies on: civilities, roles, name particles, "not a name" words, dates.

One table per kind of word, the way spaCy keeps ``spacy/lang/fr``: the segmenter, the name
grammar (:mod:`chartertext.people`), the actor network, the topic stop words and the date
reader all import them from here, so that two copies of the same words cannot drift apart.

Tables hold words as French writes them, accents kept. Tables meant for matching (``NOT_NAMES``,
``TITLE_WORDS``, ``PLACE_WORDS``) hold the folded form of :func:`chartertext.people.names.fold`
(lower case, no accents), which is how the name grammar compares words.

Choices made when the old copies disagreed:

* "Me" (Maître) is a civility everywhere, like "Dr" and "Pr"; it tells no gender.
* "Docteure" and "Professeure" tell the feminine.
* "Mlles" is a plural civility, like "Mmes".
* Particles are the union of every list ("de", "van", "ben", "el"…).
* A word that was "not a name" for one stage is not a name for all of them.
"""

from __future__ import annotations

#: Courtesy civilities as written and the gender they tell.
COURTESY_CIVILITIES: dict[str, str] = {
    "M.": "m", "MM.": "m", "Mr": "m", "Monsieur": "m", "Messieurs": "m",
    "Mme": "f", "Mmes": "f", "Mlle": "f", "Mlles": "f", "Madame": "f", "Mesdames": "f", "Mademoiselle": "f",
}  # fmt: skip
#: Titles used as civilities ("Me Durand", "Dr Mercier"), and the gender they tell (mostly none).
TITLE_CIVILITIES: dict[str, str | None] = {
    "Me": None, "Maître": None, "Dr": None, "Docteur": None, "Docteure": "f",
    "Pr": None, "Professeur": None, "Professeure": "f",
}  # fmt: skip
#: Every civility as written, and the gender it tells ("m", "f", or None).
CIVILITIES: dict[str, str | None] = {**COURTESY_CIVILITIES, **TITLE_CIVILITIES}
#: Abbreviated civilities also written with a final dot ("Mme.", "Dr.").
DOTTED_CIVILITIES = frozenset({"Mr", "Mme", "Mmes", "Dr", "Pr"})
#: Civilities of several people ("Mmes Dupont et Martin"), with the civility of each one.
PLURAL_CIVILITIES: dict[str, str] = {"MM.": "M.", "Messieurs": "M.", "Mmes": "Mme", "Mesdames": "Mme", "Mlles": "Mlle"}

#: Role words, masculine and feminine, with the gender-neutral form that keys a role.
ROLES: dict[str, str] = {
    "maire": "maire", "adjoint": "adjoint", "adjointe": "adjoint", "conseiller": "conseiller",
    "conseillère": "conseiller", "directeur": "directeur", "directrice": "directeur",
    "président": "président", "présidente": "président", "vice-président": "vice-président",
    "vice-présidente": "vice-président", "secrétaire": "secrétaire", "rapporteur": "rapporteur",
    "rapporteure": "rapporteur", "préfet": "préfet", "préfète": "préfet", "sous-préfet": "sous-préfet",
    "sous-préfète": "sous-préfet", "dgs": "dgs", "chargé": "chargé", "chargée": "chargé",
    "coordinateur": "coordinateur", "coordinatrice": "coordinateur", "animateur": "animateur",
    "animatrice": "animateur", "référent": "référent", "référente": "référent", "chef": "chef",
    "cheffe": "chef", "responsable": "responsable", "médecin": "médecin", "élu": "élu", "élue": "élu",
    "élus": "élu", "élues": "élu", "délégué": "délégué", "déléguée": "délégué", "trésorier": "trésorier",
    "trésorière": "trésorier", "maître": "maître", "maîtresse": "maître", "sociologue": "sociologue",
    "professeur": "professeur", "professeure": "professeur", "chercheur": "chercheur",
    "chercheuse": "chercheur", "premier": "premier", "première": "premier", "député": "député",
    "députée": "député", "sénateur": "sénateur", "sénatrice": "sénateur", "ministre": "ministre",
}  # fmt: skip
#: Role words that also address a person by title ("Maîtresse Elodie", "Professeur Martin"): in a
#: qualifier they are a role, before a name they do not stop it.
ADDRESS_ROLES = frozenset({"maître", "maîtresse", "professeur", "professeure"})
#: Roles that chair or speak for a meeting, and so open a speaker turn ("Le Président :").
SPEAKING_ROLES: tuple[str, ...] = (
    "maire", "président", "présidente", "vice-président", "vice-présidente", "rapporteur", "rapporteure",
    "secrétaire", "adjoint", "adjointe", "premier adjoint", "première adjointe", "premier adjointe", "première adjoint",
    "conseiller", "conseillère", "directeur", "directrice", "préfet", "préfète", "sous-préfet", "sous-préfète", "DGS",
)  # fmt: skip
#: Feminine adjectives of role phrases and their neutral form ("conseillère municipale").
ROLE_ADJECTIVES: dict[str, str] = {
    "municipale": "municipal", "départementale": "départemental", "générale": "général",
    "déléguée": "délégué", "adjointe": "adjoint", "régionale": "régional", "principale": "principal",
}  # fmt: skip

#: Surname particles: inside a name they do not break it ("Elliot de Faramond", "Le Goff", "d'Arc").
PARTICLES = frozenset(
    {"de", "du", "des", "d'", "d’", "le", "la", "van", "von", "der", "den", "di", "da", "del", "della", "ben", "el", "ter"}
)

#: Capitalised words that are never a person on their own: sentence openers, headings,
#: attendance cues, bodies (folded: lower case, no accents).
NOT_NAMES = frozenset(
    """il elle ils elles on nous vous je tu chacun chacune personne tout tous toute toutes certains
    certaines plusieurs ce cet cette ces cela ceci ca celui celle ceux celles qui que quoi le la les
    un une des du de son sa ses leur leurs notre nos votre vos mon ma mes aucun aucune ensuite puis
    alors enfin donc mais et ou si quand lorsque apres avant pour par sur dans avec sans chaque nul
    nulle aujourd hier demain ici seul seule quelqu quelques autre autres
    madame monsieur mademoiselle messieurs mesdames present presente presents presentes presence
    excuse excusee excuses excusees absent absente absents absentes invite invitee invites invitees
    pouvoir pouvoirs procuration participants participant membres conseillers secretaire seance
    commission conseil mairie ville commune bureau assemblee comite reunion ordre jour point points
    vote deliberation proposition objet article annexe decision decisions rappel question questions
    reponse nota lieu date budget synthese bilan association associations service services
    departement region etat republique collectif groupe projet projets oui non merci bonjour
    covid""".split()
)
#: Titles that put a name to a street or a historical figure ("Général Leclerc", "Père Corentin"; folded).
TITLE_WORDS = frozenset(
    """general gal marechal amiral commandant colonel capitaine lieutenant pere saint sainte st ste
    abbe douanier cardinal president""".split()
)
#: Words after which a name is a place: "rue Victor Basch", "salle Jean-Moulin" (folded).
PLACE_WORDS = frozenset(
    """rue avenue av bd boulevard place square villa impasse passage allee quai cours chemin route
    porte pont cite quartier cq residence ecole college lycee gymnase stade piscine metro station
    gare jardin jardins parc salle centre maison hopital clinique institut fondation prix espace
    foyer depot eglise musee theatre bibliotheque mediatheque hameau marche halle rond-point
    tram ligne lieu-dit groupe cafe restaurant bar hotel cinema carrefour angle""".split()
)
#: Words that open an organisation's name ("association La Plume", "le CCAS" aside).
ORGANISATION_WORDS: tuple[str, ...] = (
    "association", "asso", "collectif", "service", "services", "centre", "mairie", "ville", "commune",
    "département", "région", "conseil", "comité", "commission", "fédération", "fondation", "union",
    "syndicat", "maison", "direction", "régie", "chantier", "résidence", "espace", "équipe", "atelier",
    "cabinet", "université", "agence", "office", "caisse", "mission locale", "france travail",
    "pôle emploi", "bailleur", "entreprise", "société", "groupe", "groupement", "club", "coopérative",
    "réseau", "établissement", "institut", "école", "collège", "lycée", "hôpital", "préfecture",
    "sous-préfecture", "secours", "restos", "banque", "plateforme", "paris-habitat", "paris habitat",
)  # fmt: skip

#: The twelve months, as written in full.
MONTH_NAMES: tuple[str, ...] = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip
#: Month spellings, full and abbreviated, with and without accents (lower case), and their number.
MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "jan": 1,
    "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "fev": 2,
    "mars": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "août": 8, "aout": 8, "aoû": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}  # fmt: skip
#: Month names in full, with and without their accent ("février", "fevrier").
MONTH_SPELLINGS: tuple[str, ...] = MONTH_NAMES + ("fevrier", "aout", "decembre")
WEEKDAYS: tuple[str, ...] = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
