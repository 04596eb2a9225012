"""Leave-meeting-out energy statistics: unbiased whatever the number of meetings, defined under a meeting bootstrap."""

from __future__ import annotations

import numpy as np
import pytest

from chartertext.metrics.chance import excess_distance
from chartertext.metrics.meetings import MeetingSums, energy_parts
from chartertext.synthetic.meetings import planted_meetings


def _parts(planted, weights=None):
    seg = planted.segments
    codes, ids = seg["meeting"].factorize()
    groups = np.array([int(i.split("-")[0][1:]) for i in ids])
    sums = MeetingSums.of(planted.vectors, codes, len(ids))
    k = np.ones((1, len(ids))) if weights is None else weights
    return energy_parts(sums, groups, int(groups.max()) + 1, k), groups


@pytest.mark.parametrize("meetings", [2, 4])
def test_meetings_centroid_distance_does_not_depend_on_the_number_of_meetings(meetings):
    # Two identical groups with meeting effects (ICC 0.3): the segment-level spread of 0.2 read
    # them apart by 0.31 / 0.51 / 0.67 with 1 / 2 / 4 meetings; leave-meeting-out reads 0.
    ratios = []
    for seed in range(120):
        planted = planted_meetings(seed, n_groups=2, n_periods=1, meetings=(meetings,), separation=0.0, icc=0.3)
        parts, _ = _parts(planted)
        ratios.append(parts.distance[0, 0] / parts.dispersion[:, 0].mean())
    assert abs(np.mean(ratios)) < 3 * np.std(ratios) / np.sqrt(len(ratios))


def test_meetings_centroid_distance_is_the_planted_separation():
    values = []
    for seed in range(120):
        parts, _ = _parts(planted_meetings(seed, n_groups=2, n_periods=1, meetings=(3,), separation=0.4))
        values.append(parts.distance[0, 0] / parts.dispersion[:, 0].mean())
    assert np.mean(values) == pytest.approx(0.4, abs=0.03)


def test_meetings_one_meeting_per_group_has_no_spread_and_a_bootstrap_copy_is_a_draw():
    planted = planted_meetings(0, n_groups=2, n_periods=1, meetings=(2,))
    one, groups = _parts(planted, np.array([[1.0, 0.0, 1.0, 0.0]]))
    assert np.isnan(one.dispersion).all() and np.isnan(one.distance).all()
    # A resample that draws a group's first meeting twice still has a spread (copy vs copy).
    twice, _ = _parts(planted, np.array([[2.0, 0.0, 1.0, 1.0]]))
    assert np.isfinite(twice.dispersion).all() and np.isfinite(twice.distance).all()


def test_meetings_each_segment_its_own_meeting_is_the_segment_level_energy_distance():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(12, 5))
    groups = np.repeat([0, 1], 6)
    parts = energy_parts(MeetingSums.of(x, np.arange(12), 12), groups, 2, np.ones((1, 12)))
    expected = excess_distance(x, groups) * parts.dispersion[:, 0].mean()
    assert parts.distance[0, 0] == pytest.approx(expected)


def test_meetings_sparse_and_dense_vectors_agree():
    from scipy import sparse

    rng = np.random.default_rng(1)
    x = rng.random((20, 6)) * (rng.random((20, 6)) > 0.5)
    codes, groups = np.repeat(np.arange(5), 4), np.array([0, 0, 1, 1, 1])
    dense = energy_parts(MeetingSums.of(x, codes, 5), groups, 2, np.ones((1, 5)))
    sparse_ = energy_parts(MeetingSums.of(sparse.csr_matrix(x), codes, 5), groups, 2, np.ones((1, 5)))
    assert np.allclose(dense.distance, sparse_.distance) and np.allclose(dense.dispersion, sparse_.dispersion)
