"""Values × charters: shared values, a value only one charter holds is distinctive of it, distinctive lemmas."""

from __future__ import annotations

import pytest

from chartertext.compare.keyness import term_keyness, value_counts, value_keyness, values_table, word_counts
from chartertext.values import load_lexicon

FILLER = (
    "Le conseil se réunit une fois par trimestre à la mairie. Les comptes rendus sont publiés sur le site "
    "de la commune et affichés dans les écoles. "
)
CHARTERS = {
    "lorient": (
        "Charte de la laïcité de Lorient. La laïcité garantit à chacun la liberté de conscience. L'école publique "
        "est laïque. Les services municipaux respectent la laïcité. Les agents sont formés à la laïcité. "
        "Les associations laïques sont soutenues. La laïcité protège les croyants comme les non-croyants. "
        "Le principe de laïcité s'applique aux cantines. La commune défend la dignité de chacun et le respect "
        "des personnes. " + FILLER * 3
    ),
    "quimper": (
        "Charte de Quimper. Nous agissons avec respect et dans la dignité de chacun. Les familles sont associées "
        "aux décisions. " + FILLER * 3
    ),
    "brest": "Charte de Brest. Chaque habitant est traité avec dignité et respect. " + FILLER * 3,
}


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_value_counts_counts_each_values_forms_per_charter(lexicon):
    counts = value_counts(CHARTERS, lexicon)
    assert list(counts.columns) == ["lorient", "quimper", "brest"]
    assert counts.loc["laïcité"].tolist() == [8, 0, 0]  # "laïcité" ×6, "laïque", "laïques"
    assert counts.loc["dignité"].tolist() == [1, 1, 1]
    assert counts.loc["respect"].tolist() == [2, 1, 1]  # "respectent" is a form of respect
    assert list(counts.index) == list(lexicon.names)


def test_value_only_in_one_charter_is_distinctive_of_it(lexicon):
    # Lorient's charter is about laïcité; the others never mention it.
    counts = value_counts(CHARTERS, lexicon)
    keyness = value_keyness(counts, word_counts(CHARTERS))
    table = values_table(counts, keyness).set_index("value")
    assert table.loc["laïcité", "only_in"] == "lorient"
    assert table.loc["laïcité", "distinctive_of"] == ["lorient"]
    assert not table.loc["laïcité", "shared"]
    # Dignity is in every charter: shared, distinctive of none.
    assert table.loc["dignité", "shared"] and table.loc["dignité", "charters"] == 3
    assert table.loc["dignité", "distinctive_of"] == []
    z = keyness.set_index(["value", "doc_id"])["z"]
    assert z[("laïcité", "lorient")] > 1.96 > z[("laïcité", "quimper")]


def test_value_keyness_a_longer_charter_is_not_distinctive_for_the_same_rate():
    import pandas as pd

    # Same share of words mentioning solidarity (1 %) in a short and a three times longer charter.
    counts = pd.DataFrame({"court": [3], "long": [9]}, index=pd.Index(["solidarité"], name="value"))
    keyness = value_keyness(counts, {"court": 300, "long": 900})
    assert keyness["z"].abs().max() < 0.5
    assert not keyness["distinctive"].any()
    assert keyness["per_10k_words"].tolist() == pytest.approx([100.0, 100.0])


def test_term_keyness_ranks_each_charters_own_lemmas_first():
    tokens = [
        ["laïcité", "école", "laïcité", "conscience"],
        ["laïcité", "respect"],
        ["jardin", "arbre", "jardin"],
        ["jardin", "respect"],
    ]
    owners = ["lorient", "lorient", "quimper", "quimper"]
    terms = term_keyness(tokens, owners, top=2)
    top = terms.groupby("doc_id")["term"].first().to_dict()
    assert top == {"lorient": "laïcité", "quimper": "jardin"}
    assert (terms["z"] > 0).all()
