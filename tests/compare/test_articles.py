"""Article alignment: a permuted, lightly edited copy of a charter aligns article i ↔ π(i)."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest

from chartertext.compare.articles import align_articles, article_similarity, article_texts, charter_articles
from chartertext.compare.similarity import lemma_tfidf
from chartertext.segment import segment_document

from .conftest import ACCUEILLIE, MAJEURE

ARTICLES = [
    ("Objet", "La présente charte fixe les règles de la participation des habitants aux décisions de la commune."),
    (
        "Conseils de quartier",
        "Chaque quartier élit un conseil de quinze membres tirés au sort parmi les habitants volontaires, "
        "renouvelé par moitié tous les trois ans.",
    ),
    (
        "Budget participatif",
        "Une enveloppe annuelle d'investissement est réservée aux projets proposés par les habitants et "
        "retenus par un vote ouvert à tous dès seize ans.",
    ),
    (
        "Accessibilité des réunions",
        "Les réunions publiques se tiennent dans des salles accessibles aux fauteuils roulants et sont "
        "traduites en langue des signes à la demande.",
    ),
    (
        "Nature en ville",
        "La commune associe les habitants à la plantation des arbres, à l'entretien des jardins partagés et "
        "à la protection des haies.",
    ),
    (
        "Évaluation",
        "Un rapport annuel dresse le bilan de la participation et il est débattu chaque automne en conseil "
        "municipal.",
    ),
]
#: Article k of the copy is article PERMUTATION[k] of the original.
PERMUTATION = [3, 5, 0, 4, 1, 2]
EDITS = [("commune", "ville"), ("habitants", "citoyens"), ("annuel", "chaque année"), ("quinze", "vingt")]


def charter_text(title: str, articles: list[tuple[str, str]]) -> str:
    body = "\n\n".join(f"Article {k} – {heading}\n\n{text}" for k, (heading, text) in enumerate(articles, start=1))
    return f"{title}\n\n{body}\n"


def segments_of(doc_id: str, text: str) -> pd.DataFrame:
    return pd.DataFrame([dataclasses.asdict(s) for s in segment_document(doc_id, text, "charter")])


def lightly_edited(text: str) -> str:
    for old, new in EDITS:
        text = text.replace(old, new, 1)
    return text


@pytest.fixture(scope="module")
def two_charters():
    original = charter_text("Charte de la participation citoyenne de Lorient", ARTICLES)
    copy = charter_text(
        "Charte de la démocratie locale de Quimper",
        [(ARTICLES[k][0], lightly_edited(ARTICLES[k][1])) for k in PERMUTATION],
    )
    segments = pd.concat([segments_of("lorient", original), segments_of("quimper", copy)], ignore_index=True)
    return {"lorient": original, "quimper": copy}, charter_articles(segments)


def test_charter_articles_groups_paragraphs_under_their_heading_with_offsets():
    text = (
        "CHARTE DES VALEURS DU RÉSEAU\n\n"
        "Les signataires adoptent la présente charte.\n\n"
        "Article 1 – Dignité\n\n"
        "Toute personne est accueillie avec respect.\n\n"
        "Elle garde la maîtrise de son parcours.\n\n"
        "Article 2 – Écoute\n\n"
        "Les équipes prennent le temps d'écouter.\n"
    )
    articles = charter_articles(segments_of("reseau", text))
    assert articles["article"].tolist() == [1, 2, 3, 4]
    assert articles["heading"].tolist() == [None, None, "Article 1 – Dignité", "Article 2 – Écoute"]
    # The title line is numbered but not aligned; the preamble sentence is aligned.
    assert articles["aligned"].tolist() == [False, True, True, True]
    dignity = articles.iloc[2]
    assert text[dignity["start"] : dignity["end"]] == (
        "Toute personne est accueillie avec respect.\n\nElle garde la maîtrise de son parcours."
    )
    assert len(dignity["segment_ids"]) == 2
    assert article_texts(articles)[2].startswith("Article 1 – Dignité\n\nToute personne")


def test_align_articles_is_one_to_one_and_maximises_the_total():
    # Row 1 prefers column 1 too, but giving it column 2 raises the total (0.9 + 0.7 > 0.8 + 0.6).
    al = align_articles([[0.9, 0.6], [0.8, 0.7]], threshold=0.5)
    assert sorted(zip(al.matches["a_article"], al.matches["b_article"])) == [(1, 1), (2, 2)]


def test_align_articles_leaves_pairs_below_the_threshold_unmatched():
    al = align_articles([[0.9, 0.1, 0.0], [0.2, 0.4, 0.3]], threshold=0.5, a_articles=[3, 4], b_articles=[7, 8, 9])
    assert al.matches[["a_article", "b_article"]].values.tolist() == [[3, 7]]
    assert al.unmatched_a == (4,)
    assert al.unmatched_b == (8, 9)


@pytest.mark.slow
def test_align_articles_recovers_the_permutation_of_a_lightly_edited_copy(two_charters, embed_texts_once, nlp_fr):
    from chartertext.topics import FrenchLemmaAnalyzer

    _, articles = two_charters
    aligned = articles[articles["aligned"]].reset_index(drop=True)
    texts = article_texts(aligned)
    vectors = np.asarray(embed_texts_once(texts), dtype=np.float64)
    tfidf, _ = lemma_tfidf(FrenchLemmaAnalyzer().lemmas_many(texts))
    a = np.flatnonzero(aligned["doc_id"] == "lorient")
    b = np.flatnonzero(aligned["doc_id"] == "quimper")
    sim, emb, tf = article_similarity(vectors[a], vectors[b], tfidf[a], tfidf[b])
    al = align_articles(
        sim,
        a_articles=aligned["article"].iloc[a].tolist(),
        b_articles=aligned["article"].iloc[b].tolist(),
        components={"embedding": emb, "tfidf": tf},
    )
    # Article 1 of each charter is its title line; article k + 2 of the copy is article PERMUTATION[k] + 2.
    expected = {(original + 2, k + 2) for k, original in enumerate(PERMUTATION)}
    assert set(zip(al.matches["a_article"], al.matches["b_article"])) == expected
    assert al.unmatched_a == () and al.unmatched_b == ()
    assert (al.matches["similarity"] == (al.matches["embedding"] + al.matches["tfidf"]) / 2).all()


#: 2003 article number → 2008 article number, from the two charters' headings and wording
#: (non-discrimination, information, consent and participation, family ties, autonomy, dignity,
#: civic rights, prevention and support of consequences, protection and confidentiality).
CORRESPONDING = {1: 2, 3: 6, 4: 9, 6: 5, 8: 7, 12: 3, 10: 1, 9: 10, 7: 13}


@pytest.mark.slow
def test_align_articles_national_2003_and_2008_match_corresponding_articles(national_comparison):
    articles = national_comparison.articles.set_index(["doc_id", "article"])["heading"]

    def number(doc_id: str, article: int) -> int | None:
        match = re.match(r"Article (\d+)", articles[(doc_id, article)] or "")
        return int(match.group(1)) if match else None

    al = national_comparison.alignment(ACCUEILLIE, MAJEURE)
    found = {(number(ACCUEILLIE, a), number(MAJEURE, b)) for a, b in zip(al.matches["a_article"], al.matches["b_article"])}
    assert found <= set(CORRESPONDING.items())
    assert len(found) >= 7
