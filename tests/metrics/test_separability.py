"""Classifier separability, rescaled against chance."""

from __future__ import annotations

import numpy as np

from chartertext.metrics.separability import separability_convergence


def test_separability_separated_groups_score_zero_mixed_groups_near_one():
    rng = np.random.default_rng(0)
    noise = rng.normal(size=(60, 8))
    groups = np.repeat(["logement", "santé", "mobilité"], 20)
    apart = noise + np.repeat(np.eye(8)[:3] * 8.0, 20, axis=0)
    assert separability_convergence(apart, groups) == 0.0
    assert separability_convergence(noise, groups) > 0.6  # chance-level accuracy (1/3) maps to 1


def test_separability_needs_two_groups_with_two_segments():
    x = np.random.default_rng(1).normal(size=(3, 4))
    assert np.isnan(separability_convergence(x, ["a", "a", "b"]))
