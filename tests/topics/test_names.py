from __future__ import annotations

import numpy as np

from chartertext.topics.names import most_frequent_names, topic_names


def test_names_count_texts_not_repeats_and_merge_spellings():
    names = [["rue Didot", "rue Didot", "rue Didot"], ["Porte d'Orléans"], ["Porte d'Orléans", "RUE DIDOT"], ["porte d'Orleans"]]
    # "Porte d'Orléans" is in 3 texts (accents and case folded), "rue Didot" in 2 however often repeated
    assert most_frequent_names(names, top=5) == ["Porte d'Orléans", "rue Didot"]
    assert most_frequent_names(names, top=1) == ["Porte d'Orléans"]


def test_names_per_topic_read_only_that_topics_texts():
    names = [["Alésia"], ["Alésia", "Jean Zay"], ["Jean Zay"], ["Jean Zay"], []]
    topics = np.array([0, 0, 1, 1, -1])
    assert topic_names(names, topics.tolist(), top=3) == {-1: (), 0: ("Alésia", "Jean Zay"), 1: ("Jean Zay",)}


def test_names_column_of_topic_info_shows_each_topics_names(tiny, nlp_fr):
    from chartertext.topics import fit_topics

    texts, embeddings = tiny
    texts = [f"{t[:-1]} rue Didot." if i < 4 else f"{t[:-1]} avenue du Maine." for i, t in enumerate(texts)]
    model = fit_topics(texts, embeddings, seed=1)
    info = model.topic_info().set_index("topic")
    assert list(model.topic_info().columns).index("names") == list(model.topic_info().columns).index("words") + 1
    for topic, row in info.iterrows():
        members = [texts[i] for i in np.flatnonzero(model.topics_ == topic)]
        streets = (("rue Didot", "Didot"), ("avenue du Maine", "Maine"))
        expected = {name for name, street in streets if any(street in m for m in members)}
        assert set(row["names"]) == expected
        assert not {"didot", "maine"} & set(row["words"])
