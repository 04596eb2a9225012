"""Semantic component and anisotropy correction on hand-built vectors with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from chartertext.metrics.semantic import AnisotropyCorrection, semantic_convergence


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_semantic_identical_groups_score_one():
    x = _unit(np.random.default_rng(0).normal(size=(10, 8)))
    both = np.vstack([x, x])
    assert semantic_convergence(both, ["logement"] * 10 + ["santé"] * 10) == 1.0


def test_semantic_groups_at_distinct_points_score_zero():
    x = np.eye(3)[[0, 0, 0, 1, 1, 1, 2, 2, 2]]
    assert semantic_convergence(x, list("aaabbbccc")) == pytest.approx(0.0)


def test_semantic_known_ratio_for_two_small_groups():
    # a = {e1, e2}, b = {e1, e3}: within distance 1 in each; between: d(e1,e1)=0, the other
    # three pairs 1 -> mean 3/4. Ratio 1 / (3/4) > 1 is clipped; b = {e3, e4} gives 1/1 = 1;
    # b = {e1, e1'} close to e1 gives a smaller between distance than within -> clipped too.
    e = np.eye(4)
    assert semantic_convergence(e[[0, 1, 2, 3]], ["a", "a", "b", "b"]) == pytest.approx(1.0)
    # a = {e1, e2}, b = {-e1, -e2}: within 1, between: d(e1,-e1)=2, d(e1,-e2)=1 -> mean 1.5
    x = np.vstack([e[0], e[1], -e[0], -e[1]])
    assert semantic_convergence(x, ["a", "a", "b", "b"]) == pytest.approx(1 / 1.5)


def test_semantic_decreases_as_groups_move_apart():
    rng = np.random.default_rng(1)
    noise = rng.normal(size=(40, 16))
    values = []
    for shift in (0.0, 1.0, 2.0, 4.0):
        x = noise.copy()
        x[20:, 0] += shift
        values.append(semantic_convergence(_unit(x), ["a"] * 20 + ["b"] * 20))
    assert values == sorted(values, reverse=True) and values[-1] < 0.8


def test_semantic_single_segment_group_is_undefined():
    x = np.eye(3)[[0, 1, 2]]
    assert np.isnan(semantic_convergence(x, ["a", "a", "b"]))


def test_semantic_weight_batch_matches_one_call_per_weighting():
    rng = np.random.default_rng(2)
    x = _unit(rng.normal(size=(12, 5)))
    groups = ["a"] * 6 + ["b"] * 6
    w = rng.integers(0, 3, size=(4, 12)).astype(float)
    w[:, [0, 1, 6, 7]] += 1  # at least two segments per group
    batch = semantic_convergence(x, groups, weights=w)
    assert batch.shape == (4,)
    assert np.allclose(batch, [semantic_convergence(x, groups, weights=row) for row in w])
    assert semantic_convergence(x, groups, weights=np.ones(12)) == pytest.approx(semantic_convergence(x, groups))


def test_semantic_bootstrap_copies_of_a_segment_are_not_a_pair():
    # Group a = {e1, e2} with e1 drawn twice: if the two copies counted as a pair at distance 0,
    # the within distance would drop below 1 and the ratio below 1/1.5.
    e = np.eye(4)
    x = np.vstack([e[0], e[1], -e[0], -e[1]])
    w = np.array([2.0, 2.0, 1.0, 1.0])
    assert semantic_convergence(x, ["a", "a", "b", "b"], weights=w) == pytest.approx(1 / 1.5)


def test_anisotropy_correction_removes_the_common_offset():
    rng = np.random.default_rng(3)
    x = _unit(rng.normal(size=(200, 32)) + 6.0)  # a shared direction: raw cosines near 1
    raw = x @ x.T
    corrected = AnisotropyCorrection.fit(x, n_remove=1).apply(x)
    cos = corrected @ corrected.T
    off = ~np.eye(200, dtype=bool)
    assert raw[off].mean() > 0.9
    assert abs(cos[off].mean()) < 0.05
    assert np.allclose(np.linalg.norm(corrected, axis=1), 1.0)


def test_anisotropy_correction_default_removes_dim_over_100_directions():
    x = np.random.default_rng(4).normal(size=(50, 384))
    assert AnisotropyCorrection.fit(x).components.shape == (4, 384)


def test_anisotropy_correction_spares_a_direction_that_separates_groups():
    # The strongest direction of variance is the group contrast itself: removing it would
    # make the groups look identical.
    rng = np.random.default_rng(5)
    x = rng.normal(size=(100, 10)) * 0.3
    groups = np.array(["a"] * 50 + ["b"] * 50)
    x[:50, 0] += 3.0
    x = _unit(x)
    blind = AnisotropyCorrection.fit(x, n_remove=1)
    guarded = AnisotropyCorrection.fit(x, n_remove=1, groups=groups)
    assert len(blind.components) == 1 and len(guarded.components) == 0
    assert guarded.candidates_eta[0] > 0.5
    assert semantic_convergence(blind.apply(x), groups) > 0.9
    assert semantic_convergence(guarded.apply(x), groups) < 0.5
