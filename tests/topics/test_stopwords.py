from __future__ import annotations

from chartertext.topics.stopwords import (
    PROCEDURAL_STOPWORDS,
    SPACY_FRENCH_STOPWORDS,
    french_stopwords,
    procedural_phrases,
)


def test_stopwords_default_holds_spacy_and_procedural_words():
    stops = french_stopwords()
    assert {"le", "de", "pour"} <= stops
    assert {"séance", "unanimité", "président", "voix", "abstention", "m.", "mme"} <= stops
    # topic words must survive
    assert not {"solidarité", "logement", "santé", "égalité"} & stops


def test_stopwords_extra_and_keep_override_the_lists():
    stops = french_stopwords(extra=["Quartier"], keep=["conseil", "Séance"])
    assert "quartier" in stops
    assert "conseil" not in stops and "séance" not in stops


def test_stopwords_procedural_false_keeps_spacy_list_only():
    assert french_stopwords(procedural=False) == SPACY_FRENCH_STOPWORDS
    assert "séance" in PROCEDURAL_STOPWORDS


def test_stopwords_keep_accents_and_normalise_apostrophes():
    assert all("’" not in w for w in french_stopwords())
    assert "l'" in french_stopwords()
    assert "délibération" in PROCEDURAL_STOPWORDS and "deliberation" not in PROCEDURAL_STOPWORDS


def test_stopwords_phrases_can_be_kept():
    assert "ordre du jour" in procedural_phrases()
    assert "ordre du jour" not in procedural_phrases(keep=["Ordre du jour"])
    assert procedural_phrases(procedural=False) == ()


def test_stopwords_meeting_logistics_are_procedural_but_topics_are_not():
    assert {"prochain", "prochaine", "date", "confirmer", "cq", "sujet", "vœu", "cr", "ras"} <= PROCEDURAL_STOPWORDS
    # "tirage au sort", "salle des fêtes", "budget annuel", "bureaux d'HSBC": topics, not logistics
    assert not {"sort", "salle", "budget", "bureau", "annuel", "quartier", "élargir"} & PROCEDURAL_STOPWORDS


def test_stopwords_bodies_are_phrases_so_their_words_alone_stay():
    phrases = procedural_phrases()
    assert {"conseil de quartier", "comité d'animation", "bureau élargi", "en place"} <= set(phrases)
    assert "quartier" not in french_stopwords() and "animation" not in french_stopwords()
