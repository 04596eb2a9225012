"""Text reuse: planted copies found with exact offsets, unrelated texts give nothing, a charter read out in minutes."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chartertext.compare.reuse import ReuseParameters, find_quotations, find_reuse
from chartertext.errors import ConfigError

from .conftest import ACCUEILLIE, ELU_LOCAL, MAJEURE

PARAGRAPH = (
    "Toute personne accueillie par le centre communal d'action sociale a droit à une information claire sur ses "
    "droits, à un accompagnement adapté à sa situation et au respect de sa vie privée, sans condition de "
    "ressources ni de nationalité"
)
LORIENT = (
    "Charte de la ville de Lorient. Préambule. Les élus de la commune s'engagent à rendre compte chaque année de "
    "leurs décisions devant les habitants réunis en assemblée. {}. Les associations du quartier participent au "
    "comité de suivi, qui se réunit deux fois par an à la mairie annexe."
)
QUIMPER = (
    "Charte de Quimper. Article 3. Le conseil municipal adopte la présente charte après consultation des conseils "
    "de quartier et des bailleurs sociaux. {}. Un bilan écrit est publié sur le site de la ville et affiché dans "
    "les mairies de quartier."
)
GYMNASE = (
    "Le gymnase municipal ouvrira le samedi matin pour les clubs de basket et de handball. La commission des sports "
    "propose de refaire le sol de la grande salle et de remplacer les paniers, pour un montant estimé à quarante "
    "mille euros, financé pour moitié par le département."
)
RIVIERE = (
    "Les berges de la rivière seront replantées d'aulnes et de saules au printemps. Le syndicat de bassin versant "
    "surveille la qualité de l'eau chaque mois et publiera ses relevés. Les riverains sont invités à ne plus "
    "tondre jusqu'au bord de l'eau afin de protéger les insectes pollinisateurs."
)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold().replace("œ", "oe"))


def test_reuse_finds_a_planted_paragraph_with_exact_offsets():
    a, b = LORIENT.format(PARAGRAPH), QUIMPER.format(PARAGRAPH)
    result = find_reuse({"lorient": a, "quimper": b})
    [passage] = result.pair("lorient", "quimper")
    assert (passage.a_start, passage.a_end) == (a.index(PARAGRAPH), a.index(PARAGRAPH) + len(PARAGRAPH))
    assert (passage.b_start, passage.b_end) == (b.index(PARAGRAPH), b.index(PARAGRAPH) + len(PARAGRAPH))
    assert passage.words == len(words(PARAGRAPH))
    assert passage.text == PARAGRAPH
    assert result.shares["lorient"] == pytest.approx(len(PARAGRAPH) / len(a))
    assert result.shares["quimper"] == pytest.approx(len(PARAGRAPH) / len(b))


#: Filler words none of which occurs in PARAGRAPH.
FILLER_WORDS = (
    "gymnase bibliothèque piscine parking tramway marché jardin école crèche théâtre musée stade "
    "lundi mardi mercredi budget travaux voirie éclairage trottoir festival concert quartier bailleur "
    "élus vote séance procès-verbal commission trimestre"
).split()
# The two texts draw their fillers from disjoint halves, so that nothing but the paragraph is shared
# (a word shared next to it would rightly extend the passage).
fillers_a = st.lists(st.sampled_from(FILLER_WORDS[::2]), max_size=60).map(" ".join)
fillers_b = st.lists(st.sampled_from(FILLER_WORDS[1::2]), max_size=60).map(" ".join)


@settings(max_examples=25, deadline=None)
@given(before_a=fillers_a, after_a=fillers_a, before_b=fillers_b, after_b=fillers_b)
def test_reuse_planted_paragraph_is_found_exactly_wherever_it_sits(before_a, after_a, before_b, after_b):
    a = f"{before_a}. {PARAGRAPH}. {after_a}"
    b = f"{before_b} : {PARAGRAPH} ; {after_b}"
    [passage] = find_reuse({"a": a, "b": b}).pair("a", "b")
    assert (passage.a_start, passage.a_end) == (a.index(PARAGRAPH), a.index(PARAGRAPH) + len(PARAGRAPH))
    assert (passage.b_start, passage.b_end) == (b.index(PARAGRAPH), b.index(PARAGRAPH) + len(PARAGRAPH))


def test_reuse_bridges_light_edits_case_and_the_oe_ligature():
    original = PARAGRAPH + ", dans la mise en œuvre de son projet personnalisé"
    edited = (
        original.replace("information claire", "information précise").replace("adapté", "individualisé")
        .replace("Toute personne", "toute personne").replace("œuvre", "oeuvre")
    )
    a, b = LORIENT.format(original), QUIMPER.format(edited)
    [passage] = find_reuse({"a": a, "b": b}).pair("a", "b")
    assert (passage.a_start, passage.a_end) == (a.index(original), a.index(original) + len(original))
    assert (passage.b_start, passage.b_end) == (b.index(edited), b.index(edited) + len(edited))
    assert passage.words == len(words(original)) - 2  # two words changed


def test_reuse_unrelated_texts_give_no_passage():
    result = find_reuse({"sport": GYMNASE, "eau": RIVIERE, "lorient": LORIENT.format("Rien de commun ici")})
    assert result.passages.empty
    assert set(result.shares.values()) == {0.0}


def test_reuse_below_min_words_is_not_reported():
    shared = "a droit à une information claire et adaptée"  # 8 words
    a, b = LORIENT.format(shared), QUIMPER.format(shared)
    assert find_reuse({"a": a, "b": b}).passages.empty
    [passage] = find_reuse({"a": a, "b": b}, parameters=ReuseParameters(min_words=8)).pair("a", "b")
    assert passage.text == shared


def test_reuse_pair_can_be_read_in_either_orientation():
    a, b = LORIENT.format(PARAGRAPH), QUIMPER.format(PARAGRAPH)
    result = find_reuse({"a": a, "b": b})
    [forward], [backward] = result.pair("a", "b"), result.pair("b", "a")
    assert (backward.a_start, backward.b_start) == (forward.b_start, forward.a_start)
    assert backward.text == b[backward.a_start : backward.a_end]
    assert result.pair_share("a", "b")[2] == pytest.approx(2 * len(PARAGRAPH) / (len(a) + len(b)))


@pytest.mark.parametrize(
    "kwargs", [{"min_words": 1}, {"window": 2, "shingle": 3}, {"step": 0}, {"lsh_threshold": 1.5}, {"max_gap": -1}]
)
def test_reuse_parameters_reject_bad_values(kwargs):
    with pytest.raises(ConfigError, match="Fix"):
        ReuseParameters(**kwargs)


READ_OUT = (
    "1. L'élu local exerce ses fonctions avec impartialité, diligence, dignité, probité et intégrité. "
    "2. Dans l'exercice de son mandat, l'élu local poursuit le seul intérêt général, à l'exclusion de tout "
    "intérêt qui lui soit personnel, directement ou indirectement, ou de tout autre intérêt particulier. "
    "3. L'élu local veille à prévenir ou à faire cesser immédiatement tout conflit d'intérêts. Lorsque ses "
    "intérêts personnels sont en cause dans les affaires soumises à l'organe délibérant dont il est membre, "
    "l'élu local s'engage à les faire connaître avant le débat et le vote"
)
INSTALLATION = (
    "Commune de Couthenans. Procès-verbal de la séance d'installation du conseil municipal du 28 mai 2020. "
    "Étaient présents : Mme Durand, M. Petit, Mme Roux. Après l'élection du maire, Mme la Maire donne lecture "
    "de la charte de l'élu local : {}. Elle remet à chaque conseiller une copie du chapitre du code consacré "
    "aux conditions d'exercice des mandats locaux. Point 2 : élection des adjoints. Le conseil fixe à trois "
    "le nombre des adjoints."
)


def test_find_quotations_finds_the_charte_de_l_elu_local_read_out_in_minutes(national_corpus):
    charter = national_corpus.document(ELU_LOCAL).text
    minutes = INSTALLATION.format(READ_OUT)
    quotes = find_quotations(charter, {"installation-2020": minutes, "budget-2021": GYMNASE + " " + RIVIERE})
    assert set(quotes["doc_id"]) == {"installation-2020"}
    first, last = quotes.iloc[0], quotes.iloc[-1]
    read_start = minutes.index(READ_OUT)
    # The quotation covers the whole read-out, and at most the words announcing it ("charte de l'élu local :").
    assert minutes.index("lecture") < first["start"] <= read_start + len("1. ")
    assert last["end"] == read_start + len(READ_OUT)
    for q in quotes.itertuples():
        assert q.text == minutes[q.start : q.end]
        quoted, source = words(q.text), words(charter[q.charter_start : q.charter_end])
        assert SequenceMatcher(None, quoted, source).ratio() > 0.95
    assert quotes["words"].sum() >= len(words(READ_OUT)) - 3


def test_find_quotations_refuses_a_document_named_like_its_charter_key():
    with pytest.raises(ConfigError, match="rename"):
        find_quotations("Charte.", {"__charter__": "Texte."})


@pytest.mark.slow
def test_reuse_national_2003_passages_reappear_in_2008_with_offsets(national_comparison):
    a, b = national_comparison.document(ACCUEILLIE), national_comparison.document(MAJEURE)
    passages = national_comparison.reuse.pair(ACCUEILLIE, MAJEURE)
    assert len(passages) >= 5
    for p in passages:
        assert p.words >= 10
        ratio = SequenceMatcher(None, words(a.text[p.a_start : p.a_end]), words(b.text[p.b_start : p.b_end])).ratio()
        assert ratio > 0.8, (a.text[p.a_start : p.a_end], b.text[p.b_start : p.b_end])
    # A clause both charters write word for word (article 3 of 2003, article 6 of 2008).
    clause = "a accès aux informations la concernant dans les conditions prévues par la loi"
    assert any(clause in a.text[p.a_start : p.a_end] and clause in b.text[p.b_start : p.b_end] for p in passages)
    # The élu local charter shares nothing longer than legal formulas with the others.
    assert national_comparison.reuse.shares[ELU_LOCAL] == 0.0
