"""The resampling of the convergence index and of charter alignment gives the same result on any executor."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from chartertext.execution import LocalExecutor
from chartertext.metrics.alignment import charter_alignment
from chartertext.metrics.config import ConvergenceConfig
from chartertext.metrics.convergence import measure_convergence

from .synthetic import gaussian_corpus

pytest.importorskip("distributed")


class ShuffledPickledExecutor:
    """Like a remote executor, without a cluster: every task pickled, all drawn first, run last to first."""

    name = "test"
    n_workers = 1

    def imap(self, fn, items, *, shared=None):
        tasks = [pickle.dumps((fn, item, dict(shared or {}))) for item in items]
        results = [None] * len(tasks)
        for i in reversed(range(len(tasks))):
            fn_, item, extra = pickle.loads(tasks[i])
            results[i] = fn_(item, **extra)
        yield from results

    def map(self, fn, items, *, shared=None):
        return list(self.imap(fn, items, shared=shared))


def task_names(executor, run):
    """Run ``run()`` and return its result and the keys of the tasks the cluster executed (``<function>-<id>``)."""
    from distributed import get_task_stream

    with get_task_stream(executor.client) as stream:
        result = run()
    return result, " ".join(str(task["key"]) for task in stream.data)


def test_resampling_convergence_is_identical_on_dask_and_local(dask_executor):
    # Groups that converge: the share of segments drawn from a common distribution rises.
    seg, x, topics, tokens = gaussian_corpus(5, mixing=(0.0, 0.2, 0.4, 0.6, 0.8), n_periods=5, per_cell=12)
    # 150 permutations: two chunks, so the order of the chunks matters too.
    cfg = ConvergenceConfig(n_bootstrap=25, n_permutations=150, min_segments=5, power_simulations=20)

    def run(executor):
        return measure_convergence(
            seg, embeddings=x, topics=topics, tokens=tokens, config=cfg, seed=4, executor=executor
        )

    local = run(LocalExecutor())
    remote, ran = task_names(dask_executor, lambda: run(dask_executor))
    assert "_period_task-" in ran and "_null_chunk-" in ran  # the work did go to the workers
    assert local.trend.slope > 0 and local.series[["ci_low", "ci_high"]].notna().all().all()
    pd.testing.assert_frame_equal(local.series, remote.series, check_exact=True)
    assert remote.trend == local.trend and remote.onset_test == local.onset_test and remote.onset == local.onset
    assert remote.component_trends == local.component_trends
    assert remote.trend.n_permutations == 150


def test_resampling_results_do_not_depend_on_when_or_where_tasks_run():
    # Tasks that travel by pickle and run in reverse order give the local result: every random
    # number was drawn before any task ran, and no task keeps state between tasks.
    seg, x, topics, tokens = gaussian_corpus(7, mixing=(0.0, 0.3, 0.6, 0.9), n_periods=4, per_cell=10)
    cfg = ConvergenceConfig(n_bootstrap=15, n_permutations=210, min_segments=5)
    runs = [
        measure_convergence(seg, embeddings=x, topics=topics, tokens=tokens, config=cfg, seed=9, executor=executor)
        for executor in (LocalExecutor(), ShuffledPickledExecutor())
    ]
    pd.testing.assert_frame_equal(runs[0].series, runs[1].series, check_exact=True)
    assert runs[0].trend == runs[1].trend and runs[0].component_trends == runs[1].component_trends
    charter = np.eye(x.shape[1])[[0]]
    aligned = [
        charter_alignment(seg, x, charter, seed=9, n_bootstrap=15, n_permutations=49, min_segments=5, executor=e)
        for e in (LocalExecutor(), ShuffledPickledExecutor())
    ]
    pd.testing.assert_frame_equal(aligned[0].table, aligned[1].table, check_exact=True)
    pd.testing.assert_frame_equal(aligned[0].trends, aligned[1].trends, check_exact=True)


def test_resampling_convergence_default_executor_is_local():
    seg, x, _, _ = gaussian_corpus(6, mixing=(0.0, 0.3, 0.6), n_periods=3, per_cell=8)
    cfg = ConvergenceConfig(n_bootstrap=10, n_permutations=20, min_segments=5)
    default = measure_convergence(seg, embeddings=x, config=cfg, seed=1)
    local = measure_convergence(seg, embeddings=x, config=cfg, seed=1, executor=LocalExecutor())
    pd.testing.assert_frame_equal(default.series, local.series, check_exact=True)
    assert default.trend == local.trend


def test_resampling_alignment_is_identical_on_dask_and_local(dask_executor):
    # Group "a" moves toward the charter direction period after period, "b" stays away; "c" has a
    # thin cell (flagged, left out of its trend).
    rng = np.random.default_rng(0)
    dim, periods = 8, ["2024-01", "2024-02", "2024-03", "2024-04"]
    rows, vectors = [], []
    for group, pull in (("a", 0.6), ("b", 0.0), ("c", 0.2)):
        for t, period in enumerate(periods):
            n = 3 if (group, t) == ("c", 1) else 9
            v = rng.normal(size=(n, dim))
            v[:, 0] += pull * t * 2
            rows += [(group, period)] * n
            vectors.append(v)
    segments = pd.DataFrame(rows, columns=["group", "period"])
    x = np.vstack(vectors)
    charter = np.eye(dim)[[0, 1]]

    def run(executor):
        return charter_alignment(
            segments, x, charter, seed=2, n_bootstrap=30, n_permutations=99, min_segments=5, executor=executor
        )

    local = run(LocalExecutor())
    remote, ran = task_names(dask_executor, lambda: run(dask_executor))
    assert "_group_cells-" in ran
    trends = local.trends.set_index("group")
    assert trends.loc["a", "slope"] > 0 and local.table["flagged"].sum() == 1
    pd.testing.assert_frame_equal(local.table, remote.table, check_exact=True)
    pd.testing.assert_frame_equal(local.trends, remote.trends, check_exact=True)
    np.testing.assert_array_equal(local.scores, remote.scores)
