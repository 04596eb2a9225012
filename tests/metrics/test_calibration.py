"""The convergence tests hold their level on planted corpora with the features of real minutes, and find planted rises.

Each scenario of NULL_SCENARIOS plants no convergence but one feature that fooled the
segment-level statistics of chartertext 0.2 (clustered meetings, meetings growing in number,
the most distinct group dropping out, unequal volumes, strong clustering, a common shock).
300 corpora per scenario, 99 permutations each (an exact 5% test): the trend test must reject
in 5% ± 2.5 points. Seeds are fixed, so the rates are the same at every run.
"""

from __future__ import annotations

import numpy as np
import pytest

from chartertext.metrics.config import ConvergenceConfig
from chartertext.metrics.convergence import measure_convergence
from chartertext.periods import assign_periods
from chartertext.synthetic.calibration import rejection_rates
from chartertext.synthetic.meetings import NULL_SCENARIOS, planted_meetings

N_CORPORA = 300


@pytest.mark.parametrize("name", list(NULL_SCENARIOS))
def test_calibration_trend_and_onset_hold_their_level_under_the_null(name):
    rates = rejection_rates(NULL_SCENARIOS[name], N_CORPORA)
    assert rates.tested == 1.0
    assert 0.025 <= rates.trend <= 0.075, rates
    # The onset test's own level; fewer meetings per period later on makes it conservative
    # (1.7% in "meetings 1,1,1,2,2,3,3,3"): valid, never liberal.
    assert rates.onset <= 0.075, rates
    assert rates.onset_reported <= rates.onset


def test_calibration_a_common_shock_is_caught_by_the_check_when_kept():
    rates = rejection_rates(NULL_SCENARIOS["common shock, left out"], 100, exclude_shock=False)
    # Kept in, the shared item does raise similarity; the check says the rise is carried by it.
    assert rates.trend > 0.5 and rates.carried > 0.5


def test_calibration_a_planted_rise_is_found_with_the_power_the_tool_predicts():
    rise = {"meetings": (2,), "convergence": tuple(np.linspace(0.0, 0.5, 8))}
    rates = rejection_rates(rise, 100, seed=10_000)
    assert rates.trend >= 0.8


def test_calibration_meeting_bootstrap_intervals_cover_the_planted_value():
    # Truth: centroid distance 0.5 in units of the spread between meetings, 10 reference
    # segments: index 1 / (1 + 10 * 0.5). Segment bootstrap intervals covered 1-55%.
    cfg = ConvergenceConfig(n_bootstrap=200, n_permutations=0, power_simulations=0, min_segments=5)
    truth, hits, total = 1 / (1 + 10 * 0.5), 0, 0
    for seed in range(60):
        planted = planted_meetings(seed, n_periods=3, meetings=(3,), separation=0.5)
        seg = planted.segments
        table = assign_periods(seg["date"], seg["group"], "month", min_segments=5, meetings=seg["meeting"], min_meetings=2)
        s = measure_convergence(seg, embeddings=planted.vectors, periods=table, config=cfg, seed=seed).series
        hits += int(((s["ci_low"] <= truth) & (truth <= s["ci_high"])).sum())
        total += len(s)
    assert 0.9 <= hits / total <= 1.0


def test_calibration_power_tool_predicts_more_power_from_more_meetings():
    cfg = ConvergenceConfig(n_bootstrap=0, n_permutations=99, power_simulations=100, min_segments=5)
    detectable = []
    for meetings in (2, 6):
        planted = planted_meetings(3, meetings=(meetings,), segments_per_cell=8 * meetings)
        seg = planted.segments
        table = assign_periods(seg["date"], seg["group"], "month", min_segments=5, meetings=seg["meeting"], min_meetings=2)
        result = measure_convergence(seg, embeddings=planted.vectors, periods=table, config=cfg)
        assert result.power is not None and 0.1 < result.icc["semantic"] < 0.3  # planted ICC 0.2
        detectable.append(result.power.minimum_detectable_rise)
    assert detectable[1] < detectable[0]
