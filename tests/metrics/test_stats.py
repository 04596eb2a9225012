"""Resampling statistics: bootstrap weights, intervals, permutation p-values, trend and onset."""

from __future__ import annotations

import numpy as np
import pytest

from chartertext.errors import ConfigError
from chartertext.metrics.stats import (
    basic_interval,
    bootstrap_weights,
    change_point,
    ols_slope,
    onset_test,
    percentile_interval,
    permutation_p_value,
    shuffle_within,
    thirds_difference,
    trend_test,
)


def test_stats_bootstrap_weights_resample_within_each_cell():
    cells = np.array(["a|1"] * 3 + ["b|1"] * 5 + ["a|2"] * 2)
    w = bootstrap_weights(cells, 50, np.random.default_rng(0))
    assert w.shape == (50, 10)
    assert (w[:, :3].sum(axis=1) == 3).all() and (w[:, 3:8].sum(axis=1) == 5).all() and (w[:, 8:].sum(axis=1) == 2).all()
    assert np.array_equal(w, bootstrap_weights(cells, 50, np.random.default_rng(0)))


def test_stats_basic_interval_reflects_the_bootstrap_quantiles_around_the_estimate():
    samples = np.linspace(0.40, 0.50, 101)  # replicates all below the estimate 0.5
    low, high = basic_interval(0.5, samples, level=0.90, bounds=(-1, 2))
    assert low == pytest.approx(2 * 0.5 - np.percentile(samples, 95))
    assert high == pytest.approx(2 * 0.5 - np.percentile(samples, 5))
    assert low > 0.5  # the estimate understates: the interval sits above it


def test_stats_basic_interval_is_clipped_and_nan_safe():
    assert basic_interval(0.99, [0.5, 0.6, 0.7])[1] == 1.0
    assert np.isnan(basic_interval(0.5, [np.nan, np.nan])[0])
    assert np.isnan(basic_interval(np.nan, [0.5, 0.6])[0])


def test_stats_percentile_interval_is_the_replicates_quantiles_clipped_and_nan_safe():
    samples = np.linspace(0.40, 0.50, 101)
    low, high = percentile_interval(samples, level=0.90)
    assert (low, high) == pytest.approx(tuple(np.percentile(samples, [5, 95])))
    assert percentile_interval([0.9, 1.0, 1.2, 1.3])[1] == 1.0
    assert np.isnan(percentile_interval([np.nan, np.nan])[0])


def test_stats_shuffle_within_keeps_each_block_multiset():
    labels = np.array([0, 1, 2, 0, 1, 2, 0, 0])
    blocks = np.array(["a", "a", "a", "b", "b", "b", "b", "b"])
    out = shuffle_within(labels, blocks, 20, np.random.default_rng(1))
    for row in out:
        assert sorted(row[:3]) == [0, 1, 2] and sorted(row[3:]) == [0, 0, 0, 1, 2]
    assert len({tuple(r) for r in out}) > 1


def test_stats_ols_slope_and_thirds_of_a_known_line():
    y = 1.0 + 2.0 * np.arange(6)
    assert ols_slope(y) == pytest.approx(2.0)
    assert thirds_difference(y) == pytest.approx((9 + 11) / 2 - (1 + 3) / 2)
    assert np.allclose(ols_slope(np.vstack([y, -y])), [2.0, -2.0])


def test_stats_permutation_p_value_has_the_plus_one_correction():
    null = np.linspace(-1, 1, 99)
    assert permutation_p_value(5.0, null, "greater") == pytest.approx(1 / 100)
    assert permutation_p_value(-5.0, null, "two-sided") == pytest.approx(1 / 100)
    assert permutation_p_value(0.0, null, "two-sided") == pytest.approx((1 + 99) / 100)
    with pytest.raises(ConfigError, match="sideways"):
        permutation_p_value(0.0, null, "sideways")


def test_stats_trend_test_detects_a_rise_against_a_flat_null():
    rng = np.random.default_rng(2)
    null = rng.normal(0.5, 0.05, size=(199, 6))
    rising = trend_test([0.3, 0.4, 0.5, 0.6, 0.7, 0.8], null)
    assert rising.slope == pytest.approx(0.1) and rising.p_value == pytest.approx(1 / 200)
    assert rising.total_change == pytest.approx(0.5) and rising.standardised_slope > 5
    flat = trend_test(null[0], null[1:])
    assert 0 < flat.p_value <= 1


def test_stats_trend_test_needs_three_periods():
    result = trend_test([0.2, 0.9], np.zeros((10, 2)))
    assert np.isnan(result.slope) and np.isnan(result.p_value)


def test_stats_change_point_finds_the_step_and_its_sign():
    position, stat = change_point([0.1, 0.1, 0.1, 0.1, 0.8, 0.8])
    assert position == 4 and stat > 0
    _, falling = change_point([0.8, 0.8, 0.1, 0.1])
    assert falling < 0


def test_stats_onset_accepted_only_for_a_significant_rise():
    rng = np.random.default_rng(3)
    null = rng.normal(0.5, 0.03, size=(199, 6))
    step = onset_test([0.4, 0.41, 0.39, 0.4, 0.7, 0.71], null)
    assert step.position == 4 and step.p_value < 0.05 and step.mean_after > step.mean_before
    fall = onset_test([0.7, 0.71, 0.7, 0.4, 0.41, 0.39], null)
    assert fall.position is None
    noise = onset_test(null[0], null[1:])
    assert noise.candidate >= 1  # a candidate is always reported, accepted or not


def test_stats_trend_with_no_testable_period_is_nan_not_an_error():
    import math

    from chartertext.metrics.stats import trend_test

    result = trend_test([], [])
    assert math.isnan(result.slope) and math.isnan(result.p_value) and result.n_periods == 0


def test_stats_onset_with_no_testable_period_is_none_not_an_error():
    from chartertext.metrics.stats import onset_test

    assert onset_test([], []).position is None
