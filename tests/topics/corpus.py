"""Small hand-written French corpora with planted themes, for the topic tests.

Each theme has its own subjects and predicates; sentences are their combinations, some
wrapped in the procedural phrasing of minutes ("M. le Président rappelle que …") so that a
vocabulary that failed to remove it would show "président" or "séance" in every topic.
"""

from __future__ import annotations

import itertools
import random

THEMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "logement": (
        (
            "la construction de logements sociaux",
            "la rénovation des immeubles vétustes",
            "la hausse des loyers",
            "l'accès au logement des étudiants",
            "la lutte contre l'habitat insalubre",
            "l'isolation thermique des appartements",
            "l'attribution des logements par le bailleur",
        ),
        (
            "préoccupe les locataires de la résidence",
            "exige un programme de réhabilitation des bâtiments",
            "mobilise l'office d'habitat et les copropriétés",
            "impose de nouveaux chantiers d'immeubles",
            "pèse sur les ménages locataires du parc social",
        ),
    ),
    "santé": (
        (
            "l'ouverture d'une maison de santé",
            "le manque de médecins généralistes",
            "la prévention des maladies chroniques",
            "l'accès aux soins des personnes âgées",
            "la fermeture des urgences de l'hôpital",
            "la vaccination dans les pharmacies",
            "la santé mentale des adolescents",
        ),
        (
            "inquiète les patients et les infirmiers",
            "appelle un plan de santé publique",
            "suppose de recruter des médecins et des soignants",
            "renforce le rôle de l'hôpital de proximité",
            "mobilise les professionnels de santé du territoire",
        ),
    ),
    "solidarité": (
        (
            "la solidarité entre les générations",
            "l'égalité entre les femmes et les hommes",
            "l'accueil des familles réfugiées",
            "l'épicerie solidaire",
            "l'entraide entre voisins",
            "la lutte contre la précarité",
            "l'égalité d'accès aux droits",
        ),
        (
            "repose sur la solidarité des bénévoles",
            "renforce l'égalité et l'accueil de tous",
            "soutient les familles en situation de précarité",
            "exprime la solidarité du quartier envers les plus démunis",
            "organise l'accueil et l'entraide des associations solidaires",
        ),
    ),
    "mobilité": (
        (
            "l'aménagement des pistes cyclables",
            "le prolongement de la ligne de tramway",
            "la limitation de la vitesse des voitures",
            "le stationnement des vélos",
            "la sécurité des piétons sur les trottoirs",
            "la fréquence des bus",
            "la circulation des camions de livraison",
        ),
        (
            "améliore les déplacements des cyclistes",
            "réduit la circulation automobile du carrefour",
            "demande de nouveaux arrêts de bus et de tramway",
            "sécurise la traversée des piétons",
            "transforme la voirie et les transports en commun",
        ),
    ),
}

PROCEDURAL = (
    "{s} {p}.",
    "M. le Président rappelle que {s} {p}.",
    "Mme Durand, secrétaire de séance, indique que {s} {p}.",
    "Le compte rendu de la réunion est approuvé à l'unanimité ; {s} {p}.",
    "À l'ordre du jour de la commission : {s} {p}.",
    "Le conseil vote pour, sans abstention : {s} {p}.",
)


def planted_corpus(
    per_theme: int = 30, themes: tuple[str, ...] | None = None, seed: int = 0
) -> tuple[list[str], list[str]]:
    """Return ``(texts, themes)``: ``per_theme`` sentences for each theme, shuffled together."""
    rng = random.Random(seed)
    rows: list[tuple[str, str]] = []
    for theme in themes or tuple(THEMES):
        subjects, predicates = THEMES[theme]
        pairs = list(itertools.product(subjects, predicates))
        rng.shuffle(pairs)
        for i, (s, p) in enumerate(pairs[:per_theme]):
            # One sentence in four carries procedural phrasing: more, and sentence embeddings
            # group sentences by their wrapper rather than by their theme.
            wrapper = PROCEDURAL[1 + (i // 4) % (len(PROCEDURAL) - 1)] if i % 4 == 3 else PROCEDURAL[0]
            text = wrapper.format(s=s, p=p)
            rows.append((text[0].upper() + text[1:], theme))
    rng.shuffle(rows)
    return [t for t, _ in rows], [th for _, th in rows]
