from __future__ import annotations

import pickle

import pytest

from chartertext.errors import ConfigError
from chartertext.topics.stopwords import french_stopwords
from chartertext.topics.vocabulary import FrenchLemmaAnalyzer, _chunks, make_vectorizer, normalise_apostrophes


@pytest.fixture(scope="module")
def analyzer(nlp_fr) -> FrenchLemmaAnalyzer:
    return FrenchLemmaAnalyzer(ngram_range=(1, 1))


def test_vocabulary_keeps_accents(analyzer):
    words = analyzer("La solidarité et l’égalité entre les générations.")
    assert "solidarité" in words and "égalité" in words and "génération" in words
    assert not any(w in ("solidarite", "egalite", "solidarit", "galit") for w in words)


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_vocabulary_splits_elisions_and_drops_the_particle(analyzer, apostrophe):
    a = apostrophe
    text = (
        f"L{a}accueil d{a}une famille qu{a}on aide jusqu{a}à l{a}hôpital, "
        f"lorsqu{a}il faut, puisqu{a}elle n{a}a pas d{a}abri, s{a}installe et c{a}est l{a}entraide."
    )
    words = analyzer(text)
    assert {"accueil", "famille", "hôpital", "abri", "entraide"} <= set(words)
    assert not any("'" in w or "’" in w for w in words)


def test_vocabulary_splits_elisions_spacy_left_glued(analyzer):
    # spaCy keeps some capitalised elisions in one token; the analyzer splits them itself.
    words = analyzer("L'ACCUEIL DES FAMILLES ET L’ÉGALITÉ")
    assert "accueil" in words
    assert not any(w.startswith(("l'", "l’")) for w in words)


def test_vocabulary_removes_procedural_words_of_minutes(analyzer):
    text = (
        "M. le Président ouvre la séance. Le compte rendu de la réunion précédente est approuvé "
        "à l'unanimité : 12 voix pour, 2 contre, 1 abstention. Mme la secrétaire lit l'ordre du jour : "
        "la rénovation du gymnase."
    )
    words = set(analyzer(text))
    assert {"rénovation", "gymnase"} <= words
    banned = {"président", "séance", "compte", "rendu", "rendre", "approuver", "unanimité", "voix", "abstention",
              "secrétaire", "ordre", "jour", "réunion", "12", "pour", "contre", "m.", "m", "mme"}
    assert not words & banned


def test_vocabulary_removes_phrases_as_a_whole(analyzer):
    words = analyzer("L'ordre du jour porte sur l'ordre public.")
    assert "ordre" in words and "public" in words
    assert words.count("ordre") == 1


def test_vocabulary_drops_speakers_names_after_civilities(analyzer):
    words = analyzer("Mme Anne Martin et M. Dupont défendent le budget de la ville.")
    assert "budget" in words and "ville" in words
    assert not {"anne", "martin", "dupont"} & set(words)


def test_vocabulary_drops_signs_and_list_markers_that_spacy_lemmatises(analyzer):
    words = analyzer("Point n° 3 : a/ la voirie b/ les écoles c/ le 2° étage.")
    assert {"voirie", "école", "étage"} <= set(words)
    assert not {"degré", "a/", "b/", "c/"} & set(words)


def test_vocabulary_joins_hyphenated_words(analyzer):
    assert "vivre-ensemble" in analyzer("Le vivre-ensemble du quartier.")


def test_vocabulary_bigrams_never_cross_punctuation(nlp_fr):
    words = FrenchLemmaAnalyzer(ngram_range=(1, 2))("Le logement social. La santé publique.")
    assert "logement social" in words and "santé public" in words
    assert "social santé" not in words


@pytest.fixture(scope="module")
def phrases(nlp_fr) -> FrenchLemmaAnalyzer:
    return FrenchLemmaAnalyzer(ngram_range=(1, 2))


def _bigrams(words: list[str]) -> set[str]:
    return {w for w in words if " " in w}


@pytest.mark.parametrize(
    ("text", "bigram"),
    [
        ("Le budget participatif finance des projets.", "budget participatif"),  # noun adjective
        ("La petite ceinture reste fermée.", "petit ceinture"),  # adjective noun
        ("Le tirage au sort des habitants.", "tirage sort"),  # noun au noun
        ("Le projet d'aménagement avance.", "projet aménagement"),  # noun d' noun
        ("Un meilleur accès aux soins.", "accès soin"),  # noun aux noun
        ("La rénovation de la piscine commence.", "rénovation piscine"),  # noun de la noun
        ("Les jardins partagés du quartier.", "jardin partager"),  # a participle qualifies like an adjective
    ],
)
def test_vocabulary_bigrams_are_noun_phrases_of_the_text(phrases, text, bigram):
    assert bigram in phrases(text)


@pytest.mark.parametrize(
    ("text", "not_a_phrase"),
    [
        # the dropped words between were not prepositions joining two nouns
        ("La mise en place du budget participatif.", "place budget"),
        ("Le projet pour le quartier.", "projet quartier"),
        ("Les travaux sur la voirie.", "travail voirie"),
        # a verb and its subject are a clause, not a phrase
        ("La mairie annonce des travaux.", "mairie annoncer"),
        # a procedural word removed between two words does not bring them together
        ("Le budget voté pour la crèche.", "budget crèche"),
        # a preposition joins nouns only: an adjective before it is no compound
        ("Des pistes cyclables à contresens.", "cyclable contresens"),
        # fixed expressions: their noun is no topic ("à l'intérieur de", "du côté de")
        ("Toutes les rues à l'intérieur de cette délimitation.", "rue intérieur"),
        ("Une clarification du côté de la mairie.", "côté mairie"),
    ],
)
def test_vocabulary_bigrams_never_join_words_the_text_kept_apart(phrases, text, not_a_phrase):
    assert not_a_phrase not in phrases(text)


def test_vocabulary_bigrams_never_cross_a_street_name(phrases):
    words = phrases("Les travaux de la rue du Père Corentin à la rue de Châtillon bloquent la circulation.")
    assert not {"corentin rue", "rue père", "père corentin", "rue châtillon"} & _bigrams(words)
    assert "travail" in words and "circulation" in words


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Les travaux rue du Père Corentin.", "rue du Père Corentin"),
        ("Le réaménagement de la Porte d'Orléans.", "Porte d'Orléans"),
        ("Une fête place de Catalogne.", "place de Catalogne"),
        ("Les arbres de l'avenue Jean Moulin.", "avenue Jean Moulin"),
        ("Le square du Serment de Koufra.", "square du Serment de Koufra"),
        ("La statue du Général Leclerc.", "Général Leclerc"),
        ("Mme Anne Martin présente le projet.", "Anne Martin"),
    ],
)
def test_vocabulary_names_leave_the_words_and_are_kept_apart(phrases, text, name):
    assert phrases.names_many([text]) == [[name]]
    name_words = {w.lower() for w in name.replace("'", " ").split()} - {"du", "de", "d", "la"}
    assert not name_words & set(phrases(text))


def test_vocabulary_a_street_word_alone_stays_a_word(phrases):
    text = "La rue est sale et la place manque pour les vélos."
    assert {"rue", "place", "vélo"} <= set(phrases(text))
    assert phrases.names_many([text]) == [[]]


def test_vocabulary_capitalised_common_words_tagged_as_places_stay_words(phrases):
    # spaCy's French NER tags line-initial "Mairie" or "Ville" as places: they are no names
    assert phrases.names_many(["La Mairie et la Ville répondent."]) == [[]]


def test_vocabulary_names_can_stay_in_the_words_as_one_feature(nlp_fr):
    analyzer = FrenchLemmaAnalyzer(drop_names=False)
    words = analyzer("Les travaux de la rue du Père Corentin à la rue de Châtillon.")
    assert {"rue du père corentin", "rue de châtillon"} <= set(words)
    assert "corentin rue" not in words and "père" not in words


def test_vocabulary_stop_words_are_overridable(nlp_fr):
    keep_seance = FrenchLemmaAnalyzer(stop_words=french_stopwords(keep=["séance"]), ngram_range=(1, 1))
    assert "séance" in keep_seance("La séance plénière.")


def test_vocabulary_analyzer_pickles_without_its_pipeline(analyzer):
    clone = pickle.loads(pickle.dumps(analyzer))
    assert clone._nlp is None
    text = "L’accueil des familles réfugiées."
    assert clone(text) == analyzer(text)


def test_vocabulary_analyzer_pickled_before_names_keeps_its_person_setting(analyzer):
    state = {**analyzer.__getstate__(), "drop_persons": False}
    del state["drop_names"]
    clone = FrenchLemmaAnalyzer.__new__(FrenchLemmaAnalyzer)
    clone.__setstate__(state)
    assert clone.drop_names is False


def test_vocabulary_analyse_many_matches_single_calls(analyzer):
    texts = ["La solidarité du quartier.", "Le tramway et les vélos.", "La solidarité du quartier."]
    assert analyzer.analyse_many(texts) == [FrenchLemmaAnalyzer(ngram_range=(1, 1))(t) for t in texts]


def test_vocabulary_vectorizer_counts_accented_lemmas(nlp_fr):
    vectorizer = make_vectorizer(FrenchLemmaAnalyzer(ngram_range=(1, 1)))
    vectorizer.fit(["L'égalité des chances", "La présidente défend l’égalité"])
    assert set(vectorizer.get_feature_names_out()) >= {"égalité", "chance", "défendre"}
    assert vectorizer.strip_accents is None


def test_vocabulary_rejects_bad_ngram_range():
    with pytest.raises(ConfigError, match="ngram_range"):
        FrenchLemmaAnalyzer(ngram_range=(2, 1))


def test_vocabulary_chunks_split_long_text_at_spaces():
    text = " ".join(["solidarité"] * 50)
    pieces = _chunks(text, 100)
    assert all(len(p) <= 100 for p in pieces)
    assert "".join(pieces) == text
    assert all(word == "solidarité" for p in pieces for word in p.split())


def test_vocabulary_normalises_apostrophes_only():
    assert normalise_apostrophes("l’Été ʼ") == "l'Été '"
