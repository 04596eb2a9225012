"""Resampling statistics: bootstrap weights, intervals, permutation p-values, trend and onset."""

from __future__ import annotations

import numpy as np
import pytest

from chartertext.errors import ConfigError
from chartertext.metrics.onset import accept_onset, change_point, onset_test
from chartertext.metrics.stats import (
    basic_interval,
    bootstrap_weights,
    ols_slope,
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


def test_stats_two_sided_p_value_is_right_when_the_null_is_not_centred_on_zero():
    # A design that pushes every permuted slope up (composition change): the observed slope is
    # five null SDs *below* the null's centre although it is positive. Comparing absolute values
    # gave p = 1; distances from the null's centre give the smallest p.
    null = np.random.default_rng(0).normal(1.0, 0.02, size=999)
    assert permutation_p_value(0.9, null, "two-sided") == pytest.approx(1 / 1000)
    assert permutation_p_value(0.9, null, "greater") == pytest.approx(1.0)


def _pairs(series):
    """Three pairs of groups following ``series`` at different levels (pair effects)."""
    y = np.asarray(series, dtype=float)
    return np.vstack([y, y + 0.2, y - 0.1])


def test_stats_trend_test_detects_a_rise_against_a_flat_null():
    rng = np.random.default_rng(2)
    null = rng.normal(0.5, 0.05, size=(199, 3, 6))
    months = np.arange(6.0)
    rising = trend_test(_pairs([0.3, 0.4, 0.5, 0.6, 0.7, 0.8]), null, months)
    assert rising.slope == pytest.approx(0.1) and rising.p_value == pytest.approx(1 / 200)
    assert rising.total_change == pytest.approx(0.5) and rising.standardised_slope > 5
    assert rising.n_pairs == 3 and rising.alternative == "greater"
    assert rising.net_total_change == pytest.approx(0.5 - rising.null_mean_slope * 5)
    flat = trend_test(null[0], null[1:], months)
    assert 0 < flat.p_value <= 1


def test_stats_trend_is_per_calendar_month_not_per_rank():
    # Periods 0, 1 and 7 months after the first: the same values give a smaller slope per month.
    null = np.zeros((9, 3, 3))
    by_rank = trend_test(_pairs([0.1, 0.2, 0.3]), null, [0.0, 1.0, 2.0])
    by_month = trend_test(_pairs([0.1, 0.2, 0.3]), null, [0.0, 1.0, 7.0])
    assert by_rank.slope == pytest.approx(0.1) and by_month.slope < by_rank.slope
    assert by_month.span == pytest.approx(7.0)


def test_stats_trend_test_needs_three_periods():
    result = trend_test(_pairs([0.2, 0.9]), np.zeros((10, 3, 2)), [0.0, 1.0])
    assert np.isnan(result.slope) and np.isnan(result.p_value)


def test_stats_change_point_finds_the_step_and_its_sign():
    position, stat = change_point([0.1, 0.1, 0.1, 0.1, 0.8, 0.8])
    assert position == 4 and stat > 0
    _, falling = change_point([0.8, 0.8, 0.1, 0.1])
    assert falling < 0


def test_stats_onset_accepted_only_for_a_significant_rise_of_the_minimum_size():
    rng = np.random.default_rng(3)
    null = rng.normal(0.5, 0.03, size=(199, 6))
    step = onset_test([0.4, 0.41, 0.39, 0.4, 0.7, 0.71], null, min_shift=0.05)
    assert step.exploratory and step.position is None  # set only once the p-value is adjusted
    assert accept_onset(step, step.p_value).position == 4 and step.mean_after > step.mean_before
    assert accept_onset(step, 0.2).position is None  # not significant after Holm
    tiny = onset_test([0.4, 0.4, 0.4, 0.4, 0.43, 0.43], np.random.default_rng(4).normal(0.4, 0.001, (199, 6)), min_shift=0.05)
    assert tiny.p_value < 0.05 and accept_onset(tiny, tiny.p_value).position is None  # significant but too small
    fall = onset_test([0.7, 0.71, 0.7, 0.4, 0.41, 0.39], null)
    assert accept_onset(fall, fall.p_value).position is None
    noise = onset_test(null[0], null[1:])
    assert noise.candidate >= 1  # a candidate is always reported, accepted or not


def test_stats_onset_date_interval_comes_from_the_bootstrap():
    boot = np.array([[0.4, 0.4, 0.4, 0.4, 0.7, 0.7]] * 60 + [[0.4, 0.4, 0.4, 0.7, 0.7, 0.7]] * 40)
    result = onset_test([0.4, 0.41, 0.39, 0.4, 0.7, 0.71], np.zeros((9, 6)), bootstrap=boot)
    assert (result.interval_low, result.interval_high) == (3, 4) and result.stability == pytest.approx(0.6)


def test_stats_trend_with_no_testable_period_is_nan_not_an_error():
    import math

    result = trend_test(np.zeros((0, 0)), np.zeros((0, 0, 0)), [])
    assert math.isnan(result.slope) and math.isnan(result.p_value) and result.n_periods == 0


def test_stats_onset_with_no_testable_period_is_none_not_an_error():
    from chartertext.metrics.onset import onset_test

    assert onset_test([], []).position is None


def test_fdr_bh_matches_the_definition_and_passes_nan_through():
    from chartertext.metrics.stats import fdr_bh

    rng = np.random.default_rng(3)
    p = rng.uniform(size=12) ** 2
    adjusted = fdr_bh(p)
    m = len(p)
    ranks = np.argsort(np.argsort(p)) + 1
    # Definition: min over every p at least as large of m p_(j) / j, capped at 1.
    expected = [min(1.0, min(m * p[j] / ranks[j] for j in range(m) if p[j] >= p[i])) for i in range(m)]
    np.testing.assert_allclose(adjusted, expected)
    with_nan = fdr_bh([0.2, float("nan"), 0.01, None])
    assert np.isnan(with_nan[1]) and np.isnan(with_nan[3])
    np.testing.assert_allclose(with_nan[[0, 2]], [0.2, 0.02])  # m = 2: NaN does not count
    assert fdr_bh([]).shape == (0,) and np.isnan(fdr_bh([float("nan")])).all()
