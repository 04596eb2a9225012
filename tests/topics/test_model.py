from __future__ import annotations

import numpy as np
import pytest

from chartertext.errors import ChartertextError
from chartertext.topics.model import ASSIGNMENT_COLUMNS, reassign_outliers


def test_model_reassign_outliers_goes_to_most_similar_centroid():
    centroids = np.array([[1.0, 0.0], [0.0, 1.0]])
    embeddings = np.array([[0.9, 0.1], [0.2, 0.98], [-1.0, 0.0], [1.0, 0.0]])
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    topics = np.array([-1, -1, -1, 5])
    out = reassign_outliers(topics, embeddings, np.array([3, 7]), centroids, threshold=0.0)
    # a text with no positive similarity stays an outlier; assigned texts are untouched
    assert out.tolist() == [3, 7, -1, 5]
    strict = reassign_outliers(topics, embeddings, np.array([3, 7]), centroids, threshold=0.999)
    assert strict.tolist() == [-1, -1, -1, 5]


NEW_TEXTS = [
    ("Les locataires de la résidence attendent la rénovation des logements sociaux.", "logement"),
    ("Le bailleur annonce la réhabilitation des immeubles et la baisse des loyers.", "logement"),
    ("Les médecins et les infirmiers de l'hôpital manquent pour les soins.", "santé"),
    ("La maison de santé organise la prévention et la vaccination des patients.", "santé"),
    ("Les bénévoles de l'épicerie solidaire renforcent l'entraide et la solidarité.", "solidarité"),
    ("L'accueil des familles en précarité repose sur la solidarité du quartier.", "solidarité"),
    ("La nouvelle piste cyclable sécurise les cyclistes et les piétons.", "mobilité"),
    ("Le tramway et les bus réduisent la circulation automobile.", "mobilité"),
]


@pytest.mark.slow
def test_model_transform_assigns_new_texts_to_their_theme(planted, planted_model):
    from .conftest import embed

    _, themes, _ = planted
    table = planted_model.transform([t for t, _ in NEW_TEXTS], embed([t for t, _ in NEW_TEXTS]))
    assert list(table.columns) == list(ASSIGNMENT_COLUMNS)
    assert table["index"].tolist() == list(range(len(NEW_TEXTS)))
    # the topics holding at least a quarter of each theme's fitted texts
    topics_of = {}
    for theme in set(themes):
        held = planted_model.topics_[[i for i, th in enumerate(themes) if th == theme]]
        topics_of[theme] = {t for t in set(held.tolist()) if (held == t).mean() >= 0.25}
    hits = [topic in topics_of[theme] for topic, (_, theme) in zip(table["topic"], NEW_TEXTS)]
    assert sum(hits) >= 7


@pytest.mark.slow
def test_model_transform_rejects_embeddings_of_another_model(planted, planted_model):
    texts = planted[0][:2]
    with pytest.raises(ChartertextError, match="shape"):
        planted_model.transform(texts, np.ones((2, 12), dtype=np.float32))


@pytest.mark.slow
def test_model_label_skips_words_already_covered(planted_model):
    for topic in planted_model.topic_ids_.tolist():
        parts = [set(w.split()) for w in planted_model.label(topic).split(", ")]
        for i, p in enumerate(parts):
            assert not p <= set().union(*parts[:i])
