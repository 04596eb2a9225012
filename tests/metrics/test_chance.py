"""The chance-calibrated statistic behind every component, on hand-built vectors with known answers."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from chartertext.errors import ChartertextError
from chartertext.metrics.chance import chance_convergence, chance_scale, excess_distance
from chartertext.metrics.semantic import semantic_convergence


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _two_groups(rng: np.random.Generator, n: int, shift: float, dim: int = 8) -> tuple[np.ndarray, np.ndarray]:
    x = rng.normal(size=(2 * n, dim))
    x[n:, 0] += shift
    return _unit(x), np.array(["logement"] * n + ["santé"] * n)


def test_chance_groups_at_distinct_points_score_zero_and_shared_talk_scores_one():
    e = np.eye(4)
    assert chance_convergence(e[[0, 0, 1, 1]], ["a", "a", "b", "b"]) == 0.0
    assert chance_convergence(e[[0, 1, 0, 1]], ["a", "a", "b", "b"]) == 1.0


def test_chance_excess_by_hand_and_the_reference_size():
    # a = {e1, e2}, b = {-e1, -e2}: within distance |e1 - e2|²/2 = 1; between: 2, 1, 1, 2 -> 1.5.
    e = np.eye(4)
    x = np.vstack([e[0], e[1], -e[0], -e[1]])
    groups = ["a", "a", "b", "b"]
    assert excess_distance(x, groups) == pytest.approx(0.5)
    assert chance_convergence(x, groups, reference_segments=10) == pytest.approx(1 / (1 + 10 * 0.5))
    # With one segment per group as reference it is the raw within/between distance ratio.
    assert chance_convergence(x, groups, reference_segments=1) == pytest.approx(semantic_convergence(x, groups))


def test_chance_excess_is_unbiased_where_a_plug_in_centroid_distance_is_not():
    # Two groups drawn from one distribution: the excess averages 0 over many draws, while
    # the squared distance between the sample centroids is always positive.
    rng = np.random.default_rng(0)
    excess, plug_in = [], []
    for _ in range(300):
        x, groups = _two_groups(rng, 12, shift=0.0)
        excess.append(excess_distance(x, groups))
        plug_in.append(float(((x[:12].mean(axis=0) - x[12:].mean(axis=0)) ** 2).sum()))
    standard_error = np.std(excess) / np.sqrt(len(excess))
    assert abs(np.mean(excess)) < 3 * standard_error
    assert min(plug_in) > 0


def test_chance_more_text_does_not_make_the_same_groups_look_further_apart():
    # The same two populations compared with 8 or with 40 segments per group: the expected
    # excess is the same, so periods with more text are on the same footing.
    rng = np.random.default_rng(1)
    small = [excess_distance(*_two_groups(rng, 8, shift=1.0)) for _ in range(400)]
    large = [excess_distance(*_two_groups(rng, 40, shift=1.0)) for _ in range(400)]
    assert np.mean(large) > 0.05
    assert np.mean(small) == pytest.approx(np.mean(large), rel=0.15)


def test_chance_scale_maps_excess_to_the_unit_interval():
    scaled = chance_scale([-0.3, 0.0, 0.1, np.inf, np.nan], reference_segments=10)
    assert scaled[:4] == pytest.approx([1.0, 1.0, 0.5, 0.0])
    assert np.isnan(scaled[4])


def test_chance_sparse_and_dense_vectors_agree():
    rng = np.random.default_rng(2)
    x = rng.random((10, 6)) * (rng.random((10, 6)) < 0.4)
    groups = list("aaaabbbccc")
    assert chance_convergence(sparse.csr_matrix(x), groups) == pytest.approx(chance_convergence(x, groups))


def test_chance_weight_batch_matches_one_call_per_weighting_and_copies_are_not_pairs():
    rng = np.random.default_rng(3)
    x, groups = _two_groups(rng, 6, shift=1.5)
    w = rng.integers(0, 3, size=(4, 12)).astype(float)
    w[:, [0, 1, 6, 7]] += 1
    assert np.allclose(excess_distance(x, groups, weights=w), [excess_distance(x, groups, weights=r) for r in w])
    # Drawing every segment twice must not add pairs at distance 0 inside the groups.
    assert excess_distance(x, groups, weights=np.full(12, 2.0)) == pytest.approx(excess_distance(x, groups))


def test_chance_pairs_with_a_one_segment_group_are_left_out():
    e = np.eye(4)
    x = e[[0, 1, 0, 1, 2]]
    assert chance_convergence(x, ["a", "a", "b", "b", "c"]) == 1.0  # c (one segment) is left out
    assert np.isnan(chance_convergence(e[[0, 1, 2]], ["a", "a", "b"]))


def test_chance_reference_segments_must_be_positive():
    with pytest.raises(ChartertextError, match="reference_segments"):
        chance_convergence(np.eye(2), ["a", "b"], reference_segments=0)
