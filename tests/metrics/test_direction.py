"""Direction (novelty, resonance, lead) against planted leader–follower corpora and hand-made cases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from chartertext.metrics.direction import meeting_direction
from chartertext.synthetic.lead import LEAD_SCENARIOS, naming_rates, planted_lead


def _tiny() -> tuple[pd.DataFrame, np.ndarray]:
    """A says X on day 10; B said Y on day 0 and says X on day 20 (B took A up); C says Z throughout."""
    x, y, z = np.eye(4)[:3]
    rows = [("B", "b0", dt.date(2024, 1, 1), y), ("A", "a0", dt.date(2024, 1, 11), x),
            ("B", "b1", dt.date(2024, 1, 21), x)]
    frame = pd.DataFrame([r[:3] for r in rows], columns=["group", "meeting", "date"])
    return frame, np.array([r[3] for r in rows]) + 0.01 * z


def test_direction_resonance_is_positive_for_the_meeting_taken_up() -> None:
    frame, vectors = _tiny()
    result = meeting_direction(frame, vectors, window_days=30, n_bootstrap=0, n_permutations=0)
    a0 = result.meetings.set_index("meeting").loc["a0"]
    assert a0["novelty"] > a0["transience"]
    assert a0["resonance"] > 0.5
    # b0 and b1 have another group's meeting on one side only: no resonance.
    assert result.meetings.set_index("meeting").loc[["b0", "b1"], "resonance"].isna().all()


def test_direction_lead_of_two_groups_is_antisymmetric() -> None:
    planted = planted_lead(3, lags=(0, 30))
    groups = meeting_direction(planted.segments, planted.vectors, n_bootstrap=0, n_permutations=0).groups
    assert groups["lead"].iloc[0] == pytest.approx(-groups["lead"].iloc[1])
    assert groups["on_others"].iloc[0] == pytest.approx(groups["from_others"].iloc[1])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"lags": (0, 30)},
        {"lags": (30, 0), "meetings": (40, 8), "segments_per_meeting": (12, 4)},
        {"lags": (0, 30, 30), "meetings": (10, 25, 50), "segments_per_meeting": (6, 12, 12)},
    ],
)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_direction_names_the_planted_leader(kwargs: dict, seed: int) -> None:
    planted = planted_lead(seed, **kwargs)
    result = meeting_direction(planted.segments, planted.vectors, n_bootstrap=30, n_permutations=99, seed=seed)
    assert result.leaders == planted.leaders
    leader = result.groups.set_index("group").loc[planted.leaders[0]]
    assert leader["lead_ci_low"] > 0


@pytest.mark.parametrize("scenario", ["symmetric, equal volume", "symmetric, volume 1:5:10"])
def test_direction_symmetric_control_rarely_names_a_leader(scenario: str) -> None:
    # 40 corpora, 99 permutations, alpha 5%: a calibrated test names someone in about 2 of them
    # (binomial 95% range 0–5); 6 or more would say the test is not calibrated.
    rates = naming_rates(scenario, range(40), n_permutations=99)
    assert rates["any"] <= 5 / 40


def test_direction_same_input_same_output() -> None:
    planted = planted_lead(5, lags=(0, 30))
    one = meeting_direction(planted.segments, planted.vectors, n_bootstrap=20, n_permutations=20, seed=7)
    two = meeting_direction(planted.segments, planted.vectors, n_bootstrap=20, n_permutations=20, seed=7)
    pd.testing.assert_frame_equal(one.groups, two.groups)
    pd.testing.assert_frame_equal(one.periods, two.periods)
    assert one.to_summary() == two.to_summary()


def test_direction_one_group_is_a_status_not_an_error() -> None:
    planted = planted_lead(0, lags=(0,), meetings=(10,), segments_per_meeting=(3,))
    result = meeting_direction(planted.segments, planted.vectors, n_bootstrap=5, n_permutations=5)
    assert result.status == "one_group"
    assert result.leaders == ()
    assert result.to_summary()["status"] == "one_group"


def test_direction_rows_without_date_are_left_out_and_counted() -> None:
    planted = planted_lead(0)
    segments = planted.segments.copy()
    segments.loc[:4, "date"] = None
    result = meeting_direction(segments, planted.vectors, n_bootstrap=0, n_permutations=0)
    assert any("5 segment(s) without a group or a date" in w for w in result.warnings)
    assert result.meetings["n_segments"].sum() == len(segments) - 5


def test_direction_given_window_is_used() -> None:
    planted = planted_lead(0)
    result = meeting_direction(planted.segments, planted.vectors, window_days=45, n_bootstrap=0, n_permutations=0)
    assert (result.window_days, result.window_rule) == (45, "given")


@pytest.mark.parametrize(("scenario", "leaver"), [("symmetric, volume 1:5:10", "groupe-2"),
                                                  ("small leader (1x) copied by 5x and 10x", "groupe-2")])
def test_direction_with_a_group_leaving_mid_year_names_no_wrong_group(scenario, leaver):
    # The permutation keeps each period's composition, so a group that stops meeting on 1 July
    # neither makes a leader of the symmetric control nor a wrong one of the planted corpus.
    named = []
    for seed in range(20):
        planted = planted_lead(seed, **LEAD_SCENARIOS[scenario])
        seg = planted.segments
        gone = (seg["group"] == leaver) & (seg["date"].map(lambda d: d > dt.date(2024, 7, 1)))
        result = meeting_direction(seg[~gone].reset_index(drop=True), planted.vectors[~gone.to_numpy()],
                                   n_bootstrap=0, n_permutations=99, seed=seed)
        named.append(set(result.leaders))
    assert all(found <= set(planted.leaders) for found in named)  # never a wrong group
    if planted.leaders:
        assert sum(bool(found) for found in named) >= 12  # measured 86 of 100
    else:
        assert sum(bool(found) for found in named) <= 2  # measured 3 of 100
