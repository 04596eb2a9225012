"""Bootstrap and permutation resampling of charter alignment on an executor, and the helpers every resampling task shares.

(The convergence index is resampled by meetings in :mod:`.meeting_resampling`.)

The driver functions draw every random number in a fixed order and hand each task only
deterministic work; the task functions (top-level, so that they pickle) run wherever the
executor runs them (:mod:`chartertext.execution`). Results therefore do not depend on it.

* :func:`alignment_cells` — one task per group: its group × period cell means with bootstrap
  intervals, and its trend with the permutation p-value.

What each task carries — bootstrap counts, shuffled labels — travels as the narrowest unsigned
integers that hold it (:func:`_compact`), and is turned back into float64 weights on the worker.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import ThreadpoolController

from ..execution import Executor
from ..memo import remembers
from .stats import basic_interval, bootstrap_weights, permutation_p_value


@dataclass(frozen=True)
class AlignmentPlan:
    """Settings of :func:`alignment_cells` (see :func:`~.alignment.charter_alignment`)."""

    n_bootstrap: int
    n_permutations: int
    min_segments: int
    ci_level: float
    alternative: str


@dataclass(frozen=True)
class _GroupTask:
    group: str
    #: (period, rows, compact bootstrap counts or None) of each cell, chronological.
    cells: tuple[tuple[str, NDArray[np.int64], NDArray[np.unsignedinteger[Any]] | None], ...]
    #: Position in the corpus's period order of each unflagged cell.
    steps: NDArray[np.float64]
    #: The group's rows in unflagged cells (ascending) and their cell's rank among those cells.
    trend_rows: NDArray[np.int64]
    trend_codes: NDArray[np.unsignedinteger[Any]]
    #: Shuffled ``trend_codes`` (n_permutations, len(trend_rows)); None when not tested.
    shuffled: NDArray[np.unsignedinteger[Any]] | None


@remembers("alignment.cells", rngs=("rng_boot", "rng_perm"))
def alignment_cells(
    scores: NDArray[np.float64],
    cells: list[tuple[tuple[str, str], NDArray[np.int64]]],
    position: dict[str, int],
    plan: AlignmentPlan,
    rng_boot: np.random.Generator,
    rng_perm: np.random.Generator,
    executor: Executor,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Cell means with bootstrap intervals and each group's trend test, one task per group.

    Parameters
    ----------
    scores : ndarray of shape (n,)
        Score of each segment (``shared``).
    cells : list of ((group, period), rows)
        Every non-empty cell, sorted by group then period position.
    position : dict of str to int
        Position of each period in the corpus's period order.
    plan : AlignmentPlan
    rng_boot, rng_perm : numpy.random.Generator
        Bootstrap counts, cell after cell; shuffled labels, group after group.
    executor : Executor

    Returns
    -------
    cell_records : list of dict
        Keys ``group``, ``period``, ``alignment``, ``ci_low``, ``ci_high``, ``n_segments``, ``flagged``.
    trend_records : list of dict
        Keys ``group``, ``n_periods``, ``slope``, ``p_value``, ``total_change``, ``first``, ``last``.
    """
    def tasks() -> Iterator[_GroupTask]:
        for group, members in groupby(cells, key=lambda cell: cell[0][0]):
            own = []
            for (_, period), rows in members:
                boot = None
                if plan.n_bootstrap:
                    boot = _compact(bootstrap_weights(np.zeros(len(rows)), plan.n_bootstrap, rng_boot))
                own.append((period, rows, boot))
            kept = [(period, rows) for period, rows, _ in own if len(rows) >= plan.min_segments]
            ranks = np.concatenate([np.full(len(rows), k) for k, (_, rows) in enumerate(kept)] or [np.zeros(0, int)])
            kept_rows = np.concatenate([rows for _, rows in kept] or [np.zeros(0, int)])
            order = np.argsort(kept_rows, kind="stable")  # the group's rows in corpus order
            trend_rows, trend_codes = kept_rows[order], ranks[order]
            shuffled = None
            if len(kept) >= 3 and plan.n_permutations:
                # Shuffling period labels among the group's segments keeps its cell sizes: under no
                # change over time any such relabelling is as likely as the observed one.
                broadcast = np.broadcast_to(trend_codes, (plan.n_permutations, len(trend_codes)))
                shuffled = _compact(rng_perm.permuted(broadcast, axis=1))
            steps = np.array([position[period] for period, _ in kept], dtype=np.float64)
            yield _GroupTask(group, tuple(own), steps, trend_rows, _compact(trend_codes), shuffled)

    results = executor.map(_group_cells, tasks(), shared={"scores": scores, "plan": plan})
    return [r for cells_, _ in results for r in cells_], [trend for _, trend in results]


def _group_cells(
    task: _GroupTask, *, scores: NDArray[np.float64], plan: AlignmentPlan
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Task: one group's cells (mean score, basic bootstrap interval) and its trend."""
    cells = []
    for period, rows, boot in task.cells:
        values = scores[rows]
        estimate = float(values.mean())
        low = high = float("nan")
        if boot is not None:
            replicates = boot.astype(np.float64) @ values / len(values)
            low, high = basic_interval(estimate, replicates, plan.ci_level, (-1.0, 1.0))
        cells.append(
            {
                "group": task.group,
                "period": period,
                "alignment": estimate,
                "ci_low": low,
                "ci_high": high,
                "n_segments": len(values),
                "flagged": len(values) < plan.min_segments,
            }
        )
    kept = [cell for cell in cells if not cell["flagged"]]
    nan = float("nan")
    trend: dict[str, Any] = {"group": task.group, "n_periods": len(kept)}
    trend.update(slope=nan, p_value=nan, total_change=nan, first=nan, last=nan)
    if len(kept) >= 3:
        values, steps = scores[task.trend_rows], task.steps
        slope = float(_slopes(steps, _cell_means(values, task.trend_codes[None, :], len(kept)))[0])
        trend.update(
            slope=slope,
            total_change=slope * (steps[-1] - steps[0]),
            first=kept[0]["alignment"],
            last=kept[-1]["alignment"],
        )
        if task.shuffled is not None:
            null = _slopes(steps, _cell_means(values, task.shuffled, len(kept)))
            trend["p_value"] = permutation_p_value(slope, null, plan.alternative)
    return cells, trend


def _cell_means(values: NDArray[np.float64], codes: NDArray[np.integer[Any]], k: int) -> NDArray[np.float64]:
    """Mean of ``values`` per code for each row of ``codes`` (shape (P, n)) → (P, k)."""
    p = codes.shape[0]
    flat = (codes.astype(np.int64) + k * np.arange(p)[:, None]).ravel()
    sums = np.bincount(flat, weights=np.tile(values, p), minlength=p * k).reshape(p, k)
    counts = np.bincount(flat, minlength=p * k).reshape(p, k)
    return sums / counts


def _slopes(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    """OLS slope of each row of ``y`` (shape (P, k)) against ``x`` (shape (k,))."""
    centred = x - x.mean()
    return (y - y.mean(axis=1, keepdims=True)) @ centred / float((centred**2).sum())


def _compact(counts: NDArray[Any]) -> NDArray[np.unsignedinteger[Any]]:
    """Non-negative integers (bootstrap counts, period positions) in the narrowest unsigned dtype, exactly."""
    return counts.astype(np.min_scalar_type(int(counts.max(initial=0))))


@functools.cache
def _blas_controller() -> ThreadpoolController:
    # Built once per process: inspecting the loaded BLAS libraries costs ~6 ms, a limit ~0.03 ms.
    return ThreadpoolController()


def _one_blas_thread() -> Any:
    """Context limiting BLAS to one thread, in whichever process runs the task.

    The matrices are small (resamples × one period's rows): threads cost more than they save,
    and a worker on a user's cluster may not have been started with one BLAS thread. The same
    thread count everywhere also keeps the floating-point results identical across executors.
    """
    return _blas_controller().limit(limits=1, user_api="blas")
