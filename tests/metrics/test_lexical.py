"""Weighted log-odds with informative Dirichlet prior (Monroe et al. 2008) and the lexical component."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chartertext.metrics.lexical import (
    distinctive_terms,
    hellinger_profiles,
    lexical_convergence,
    log_odds_z,
    term_matrix,
)


def test_lexical_term_matrix_counts_tokens_and_keeps_accents():
    matrix, vocab = term_matrix([["santé", "soin", "santé"], ["sante"]])
    assert vocab == ("sante", "santé", "soin")
    assert matrix.toarray().tolist() == [[0, 2, 1], [1, 0, 0]]


def test_lexical_z_matches_the_formula_of_monroe_et_al_by_hand():
    # Two terms; a uses "loyer" 8 times and "commun" 2 times, b 1 and 9; prior frequencies 0.5 each
    # with alpha_0 = 4, so alpha_w = 2 for each term.
    z = log_odds_z([8, 2], [1, 9], prior=[1, 1], prior_total=4.0)
    delta = math.log((8 + 2) / (10 + 4 - 8 - 2)) - math.log((1 + 2) / (10 + 4 - 1 - 2))
    sigma = math.sqrt(1 / (8 + 2) + 1 / (1 + 2))
    assert z[0] == pytest.approx(delta / sigma)
    assert z[0] > 0 > z[1]


def test_lexical_stronger_prior_shrinks_z():
    weak = log_odds_z([8, 2], [1, 9], prior=[1, 1], prior_total=1.0)
    strong = log_odds_z([8, 2], [1, 9], prior=[1, 1], prior_total=100.0)
    assert abs(strong[0]) < abs(weak[0])


def test_lexical_identical_groups_score_one():
    tokens = [["dignité", "respect", "écoute"], ["solidarité", "respect"]] * 2
    matrix, _ = term_matrix(tokens)
    assert lexical_convergence(matrix, ["a", "a", "b", "b"]) == pytest.approx(1.0)


def test_lexical_disjoint_vocabularies_score_near_zero():
    a = [["loyer", "bailleur", "locataire"] * 3] * 5
    b = [["médecin", "soin", "vaccination"] * 3] * 5
    matrix, _ = term_matrix(a + b)
    assert lexical_convergence(matrix, ["logement"] * 5 + ["santé"] * 5) < 0.05


def test_lexical_shared_vocabulary_raises_the_component():
    own_a, own_b, shared = ["loyer", "bailleur"] * 4, ["médecin", "soin"] * 4, ["dignité", "respect"] * 4
    values = []
    for k in (0, 2, 4):
        tokens = [own_a] * (5 - k) + [shared] * k + [own_b] * (5 - k) + [shared] * k
        matrix, _ = term_matrix(tokens)
        values.append(lexical_convergence(matrix, ["a"] * 5 + ["b"] * 5))
    assert values == sorted(values) and values[0] < values[-1]


def test_lexical_weight_batch_matches_single_weightings():
    rng = np.random.default_rng(0)
    words = ["loyer", "soin", "dignité", "respect", "bus"]
    tokens = [list(rng.choice(words, 6)) for _ in range(10)]
    matrix, _ = term_matrix(tokens)
    groups = ["a"] * 5 + ["b"] * 5
    w = rng.integers(1, 3, size=(3, 10)).astype(float)
    assert np.allclose(
        lexical_convergence(matrix, groups, weights=w), [lexical_convergence(matrix, groups, weights=r) for r in w]
    )


def test_lexical_distinctive_terms_puts_the_group_vocabulary_first():
    tokens = [["loyer", "bailleur", "dignité"]] * 6 + [["médecin", "soin", "dignité"]] * 6
    matrix, vocab = term_matrix(tokens)
    top = distinctive_terms(matrix, vocab, ["logement"] * 6 + ["santé"] * 6, top=2)
    assert set(top.loc[top["group"] == "logement", "term"]) == {"loyer", "bailleur"}
    assert set(top.loc[top["group"] == "santé", "term"]) == {"médecin", "soin"}


def test_lexical_hellinger_profiles_are_unit_norm_length_free_and_keep_empty_rows_empty():
    tokens = [["dignité", "écoute", "écoute"], ["dignité", "écoute", "écoute"] * 3, [], ["loyer"]]
    matrix, vocab = term_matrix(tokens)
    profiles = hellinger_profiles(matrix).toarray()
    assert np.allclose(np.linalg.norm(profiles[[0, 1, 3]], axis=1), 1.0)
    assert np.allclose(profiles[0], profiles[1])  # the same talk, three times as long
    assert not profiles[2].any()
    assert profiles[0, vocab.index("écoute")] == pytest.approx(math.sqrt(2 / 3))
