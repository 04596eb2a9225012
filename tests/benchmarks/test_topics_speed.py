"""measure_topics_speed returns the seconds and the ratios the bench table shows beside the goals."""

from __future__ import annotations

import pytest

from benchmarks.topics_speed import GOALS, measure_topics_speed


@pytest.mark.slow
def test_topics_speed_ratios_are_the_measured_seconds_divided(planted_folder):
    result = measure_topics_speed(planted_folder)
    assert result["segments"] > 20  # UMAP + HDBSCAN, not the k-means fallback
    assert set(GOALS) <= set(result)
    for ratio, (num, den) in {
        "topics_over_cold_embedding": ("topics_s", "cold_embedding_s"),
        "topics_over_bare_bertopic": ("topics_s", "bare_bertopic_s"),
        "topics_cached_over_topics": ("topics_cached_s", "topics_s"),
    }.items():
        assert result[ratio] == pytest.approx(result[num] / result[den], rel=0.02, abs=2e-3)
