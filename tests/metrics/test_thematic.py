"""Jensen–Shannon divergence and the thematic component against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from chartertext.errors import ChartertextError
from chartertext.metrics.thematic import js_divergence, thematic_convergence, topic_indicators


def test_thematic_jsd_identical_is_zero_disjoint_is_one():
    assert js_divergence([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]) == pytest.approx(0.0)
    assert js_divergence([0.5, 0.5, 0, 0], [0, 0, 0.3, 0.7]) == pytest.approx(1.0)


def test_thematic_jsd_hand_computed_value_in_bits():
    # P = (1, 0), Q = (1/2, 1/2), M = (3/4, 1/4):
    # KL(P||M) = log2(4/3); KL(Q||M) = 1/2 log2(2/3) + 1/2 log2(2)
    expected = 0.5 * np.log2(4 / 3) + 0.5 * (0.5 * np.log2(2 / 3) + 0.5)
    assert js_divergence([1, 0], [0.5, 0.5]) == pytest.approx(expected)
    assert js_divergence([0.5, 0.5], [1, 0]) == pytest.approx(expected)


def test_thematic_jsd_normalises_counts():
    assert js_divergence([2, 6], [1, 3]) == pytest.approx(0.0)


def test_thematic_same_distribution_scores_one_disjoint_scores_zero():
    groups = ["a"] * 4 + ["b"] * 4
    assert thematic_convergence([0, 1, 2, 2, 2, 1, 0, 2], groups, alpha=0) == pytest.approx(1.0)
    assert thematic_convergence([0, 0, 1, 1, 2, 2, 3, 3], groups, alpha=0) == pytest.approx(0.0)


def test_thematic_smoothing_pulls_disjoint_groups_toward_each_other():
    groups = ["a"] * 4 + ["b"] * 4
    topics = [0, 0, 1, 1, 2, 2, 3, 3]
    raw = thematic_convergence(topics, groups, alpha=0)
    smoothed = thematic_convergence(topics, groups, alpha=0.5)
    assert raw < smoothed < 1


def test_thematic_three_groups_is_mean_over_pairs():
    # a and b identical, c disjoint from both: pairs (a,b)=0, (a,c)=1, (b,c)=1 -> 1 - 2/3.
    topics = [0, 1, 0, 1, 2, 2]
    assert thematic_convergence(topics, list("aabbcc"), alpha=0) == pytest.approx(1 / 3)


def test_thematic_outliers_dropped_or_kept_as_a_topic():
    groups = ["a"] * 4 + ["b"] * 4
    topics = [0, 1, -1, -1, 0, 1, 0, 1]
    assert thematic_convergence(topics, groups, alpha=0) == pytest.approx(1.0)
    assert thematic_convergence(topics, groups, alpha=0, drop_outliers=False) < 1.0


def test_thematic_group_with_only_outliers_is_undefined():
    assert np.isnan(thematic_convergence([-1, -1, 0, 1], ["a", "a", "b", "b"]))


def test_thematic_topic_id_outside_the_model_is_an_error():
    with pytest.raises(ChartertextError, match="n_topics=3"):
        thematic_convergence([0, 5], ["a", "b"], n_topics=3)


def test_thematic_weights_act_as_repeated_segments():
    groups = ["a", "a", "b", "b"]
    weighted = thematic_convergence([0, 1, 0, 1], groups, alpha=0, weights=[3, 1, 1, 1])
    repeated = thematic_convergence([0, 0, 0, 1, 0, 1], ["a"] * 4 + ["b"] * 2, alpha=0)
    assert weighted == pytest.approx(repeated)


def test_thematic_topic_indicators_one_hot_with_outliers_dropped_or_kept():
    dropped = topic_indicators([2, -1, 0], 3)
    assert dropped.tolist() == [[0, 0, 1], [0, 0, 0], [1, 0, 0]]
    kept = topic_indicators([2, -1, 0], 3, drop_outliers=False)
    assert kept.tolist() == [[0, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0]]
    with pytest.raises(ChartertextError, match="n_topics=3"):
        topic_indicators([0, 3], 3)
