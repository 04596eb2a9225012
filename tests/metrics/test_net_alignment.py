"""Net charter alignment (charter minus placebo), its spread across groups, and BH across groups, on planted truths."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from chartertext.metrics.alignment import charter_alignment
from chartertext.metrics.placebo import placebo_articles
from chartertext.metrics.recitation import recited_rows
from chartertext.metrics.semantic import AnisotropyCorrection
from chartertext.metrics.stats import fdr_bh
from chartertext.synthetic.charter_alignment import planted_alignment

DIM = 4
IDENTITY = AnisotropyCorrection(mean=np.zeros(DIM), components=np.zeros((0, DIM)), explained=np.zeros(0))


def run(corpus, seed, **options):
    return charter_alignment(
        corpus.segments,
        corpus.vectors,
        corpus.charter,
        placebo_embeddings=corpus.placebo,
        recited=corpus.segments["recited"].to_numpy(),
        seed=seed,
        n_bootstrap=options.pop("n_bootstrap", 30),
        n_permutations=options.pop("n_permutations", 99),
        min_segments=5,
        **options,
    )


def test_fdr_bh_matches_the_benjamini_hochberg_values():
    # R: p.adjust(c(0.005, 0.011, 0.02, 0.04, 0.13), "BH") = 0.025 0.0275 0.0333 0.05 0.13
    adjusted = fdr_bh([0.04, 0.005, np.nan, 0.13, 0.011, 0.02])
    assert adjusted[[1, 4, 5, 0, 3]] == pytest.approx([0.025, 0.0275, 0.02 * 5 / 3, 0.05, 0.13])
    assert np.isnan(adjusted[2])
    assert fdr_bh([]).shape == (0,)


def test_net_alignment_is_the_charter_score_minus_the_placebo_score_per_cell():
    # e0 is the charter's subject, e1 the placebo's, e2 the genre both share.
    charter, placebo = np.array([[0.6, 0.0, 0.8, 0.0]]), np.array([[0.0, 0.6, 0.8, 0.0]])
    x = np.array([[0.6, 0.0, 0.8, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0], [0.0, 0.6, 0.8, 0.0]])
    segments = pd.DataFrame({"group": ["a", "a", "b", "b"], "period": ["P1"] * 4, "meeting": ["m1", "m1", "m2", "m3"]})
    result = charter_alignment(
        segments, x, charter, correction=IDENTITY, placebo_embeddings=placebo,
        n_bootstrap=0, n_permutations=0, min_segments=1,
    )  # fmt: skip
    table = result.table.set_index("group")
    # a: charter scores 1, 0.8; placebo 0.64, 0.8 → net (0.36 + 0) / 2. b: 0 - 0, 0.64 - 1.
    assert table.loc["a", "net_alignment"] == pytest.approx(0.18)
    assert table.loc["b", "net_alignment"] == pytest.approx(-0.18)
    assert table.loc["a", "alignment"] == pytest.approx(0.9)  # the raw alignment is unchanged
    assert table["n_meetings"].tolist() == [1, 2]
    assert result.spread.loc[0, "spread"] == pytest.approx(np.std([0.18, -0.18], ddof=1))


def test_net_alignment_leaves_recitations_out_and_keeps_them_in_the_raw_alignment():
    corpus = planted_alignment(0, "shock")
    with_placebo = run(corpus, 1, n_bootstrap=0, n_permutations=0)
    without = charter_alignment(
        corpus.segments, corpus.vectors, corpus.charter, seed=1, n_bootstrap=0, n_permutations=0, min_segments=5
    )
    pd.testing.assert_frame_equal(with_placebo.table[without.table.columns], without.table)
    recited = corpus.segments.groupby(["group", "period"])["recited"].sum().to_numpy()
    assert (with_placebo.table["n_segments"] - with_placebo.table["n_net_segments"]).tolist() == recited.tolist()
    assert with_placebo.n_recited == int(corpus.segments["recited"].sum()) > 0


def test_net_alignment_intervals_resample_meetings_not_segments():
    # Group g0 holds one meeting per period: resampling meetings can say nothing about its uncertainty.
    corpus = planted_alignment(2, "converge", volumes=(1, 4), start_pulls=(0.1, 0.7))
    result = run(corpus, 3)
    one = result.table[result.table["group"] == "g0"]
    assert one["net_ci_low"].isna().all() and one["net_ci_high"].isna().all()  # not a zero-width interval
    many = result.table[result.table["group"] == "g1"]
    assert (many["net_ci_high"] > many["net_ci_low"]).all()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_common_shock_raises_raw_alignment_but_not_net_alignment_or_convergence(seed):
    # Truth: every group keeps its pull; late meetings of all groups speak the charter's genre and recite it.
    result = run(planted_alignment(seed, "shock"), seed)
    trends = result.trends
    assert (trends["total_change"] > 0.25).all() and (trends["p_value"] < 0.05).all()  # raw: everyone "rises"
    assert (trends["net_total_change"].abs() < 0.1).all()
    spread = result.spread["spread"].to_numpy()
    assert 0.6 < spread[-1] / spread[0] < 1.5


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_true_convergence_shrinks_the_spread_and_is_detected(seed):
    # Truth: pulls 0.1, 0.4, 0.7 move linearly to 0.4 for all; groups of 1, 5 and 10 meetings per period.
    result = run(planted_alignment(seed, "converge"), seed)
    trend = result.spread_trend
    assert trend["p_value"] < 0.05 and trend["slope"] < 0 and trend["last"] < trend["first"] / 2
    nets = result.trends.set_index("group")
    assert nets.loc["g2", "net_total_change"] < 0 and nets.loc["g2", "net_p_bh"] < 0.05  # the far-ahead group came down
    assert nets["net_p_bh"].ge(nets["net_p_value"]).all()


def test_a_group_leaving_does_not_shrink_the_spread_the_trend_compares():
    # Under the common shock nothing converges; the most distant group (pull 0.7) leaves after
    # period 4. The per-period spread falls by composition alone; the trend keeps the same groups.
    from chartertext.synthetic.charter_alignment import alignment_rejection_rates

    rates = alignment_rejection_rates("shock", 12, seed=100, n_permutations=99, dropout={2: 4})
    assert rates["spread_ratio"] < 0.75  # what a changing composition shows
    assert rates["trend_ratio"] > 0.85 and rates["spread_rejected"] <= 1 / 12
    corpus = planted_alignment(100, "shock", dropout={2: 4})
    result = charter_alignment(
        corpus.segments, corpus.vectors, corpus.charter, seed=0, n_bootstrap=0, n_permutations=99,
        min_segments=5, placebo_embeddings=corpus.placebo, recited=corpus.segments["recited"].to_numpy(),
    )  # fmt: skip
    assert result.spread_trend["n_groups"] <= 2  # the group that left is not in the trend


def test_net_alignment_summary_keys_are_added_and_json_safe():
    corpus = planted_alignment(4, "converge")
    summary = json.loads(json.dumps(run(corpus, 5, n_bootstrap=10, n_permutations=19).to_summary(), allow_nan=False))
    assert {"series", "trends", "score", "seed", "parameters", "warnings"} <= summary.keys()
    assert summary["placebo"]["n_articles"] == len(corpus.placebo) and summary["net_score"]
    assert {"net_alignment", "net_ci_low", "placebo_alignment", "n_meetings"} <= summary["series"][0].keys()
    assert {"net_slope", "net_p_value", "net_p_bh"} <= summary["trends"][0].keys()
    assert {"period", "spread", "ci_low", "ci_high", "n_groups"} == summary["spread"][0].keys()
    assert summary["spread_trend"]["alternative"] == "less"
    plain = charter_alignment(
        corpus.segments, corpus.vectors, corpus.charter, n_bootstrap=0, n_permutations=0, min_segments=5
    ).to_summary()
    assert plain["spread"] == [] and plain["spread_trend"] is None and plain["placebo"] is None


def test_net_alignment_leaves_a_plenary_out_of_the_spread_but_keeps_its_trend():
    corpus = planted_alignment(8, "converge")
    corpus.segments["group"] = corpus.segments["group"].replace({"g0": "Plénière"})
    result = run(corpus, 8, n_bootstrap=10, n_permutations=19)
    assert (result.spread["n_groups"] == 2).all()
    assert result.trends.set_index("group").loc["Plénière", "net_slope"] > 0  # its pull rose from 0.1 to 0.4
    both = run(corpus, 8, n_bootstrap=10, n_permutations=19, joint_groups=())
    assert both.spread["n_groups"].max() == 3  # the plenary counts again where its cell is not thin


def test_net_alignment_is_seeded():
    corpus = planted_alignment(6, "converge")
    a, b = run(corpus, 7), run(corpus, 7)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.spread, b.spread)
    assert a.spread_trend == b.spread_trend


def test_recited_rows_finds_a_charter_read_aloud_and_not_talk_about_it():
    charter = [
        "Article 3. Les membres de la commission s'engagent à respecter la dignité de chaque personne accueillie.",
    ]
    texts = [
        "Lecture : les membres de la commission s'engagent à respecter la dignité de chaque personne accueillie.",
        "M. Roux estime que la dignité des personnes accueillies doit guider le projet de foyer.",
        "Dignité",
    ]
    assert recited_rows(texts, charter).tolist() == [True, False, False]


def test_placebo_articles_are_french_charter_articles():
    articles = placebo_articles()
    assert 30 <= len(articles) <= 60
    assert all(len(text.split()) >= 12 for text in articles)
    assert any("é" in text for text in articles)  # accents kept
