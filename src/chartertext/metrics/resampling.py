"""Bootstrap and permutation resampling of the convergence index and of charter alignment, on an executor.

The driver functions here draw every random number, in the order the single-process code
always drew them, and hand each task only deterministic work; the task functions (top-level,
so that they pickle) do the arithmetic wherever the executor runs them
(:mod:`chartertext.execution`). Results therefore do not depend on the executor.

Tasks
-----
* :func:`period_records` — one task per period: point estimate, bootstrap replicates of every
  component, intervals, flags (and the separability classifier when asked). The bootstrap
  counts of period t are drawn after those of period t-1, from one generator.
* :func:`null_series` — one task per chunk of ``_CHUNK`` permutations of the period labels
  within each group: the index and component series recomputed under each.
* :func:`alignment_cells` — one task per group: its group × period cell means with bootstrap
  intervals, and its trend with the permutation p-value.

The per-row inputs (:class:`~.components.ComponentInputs`, the alignment scores) go in
``shared=``: a Dask cluster receives them once per call, not once per task. What each task
carries — bootstrap counts, shuffled labels — travels as the narrowest unsigned integers that
hold it (``uint8`` for fewer than 256 periods), and is turned back into the same float64
weights on the worker.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import ThreadpoolController

from ..execution import Executor
from .components import ComponentInputs, components, index
from .config import ConvergenceConfig
from .stats import basic_interval, bootstrap_weights, percentile_interval, permutation_p_value, shuffle_within

#: Permutations evaluated together, in one task; bounds a task's memory at chunk × rows floats.
_CHUNK = 100


@dataclass(frozen=True)
class ResamplingPlan:
    """What every convergence task needs besides its rows: small, shipped with the inputs.

    Attributes
    ----------
    computed : tuple of str
        Components whose inputs were given.
    in_index : tuple of str
        Components entering the index.
    config : ConvergenceConfig
    seed : int
        Seeds the separability classifier's folds.
    """

    computed: tuple[str, ...]
    in_index: tuple[str, ...]
    config: ConvergenceConfig
    seed: int


@dataclass(frozen=True)
class PeriodCounts:
    """A period and its flags from :func:`chartertext.periods.flag_periods`, with its compared rows."""

    period: str
    flagged: bool
    reason: str
    n_segments: int
    rows: NDArray[np.int64]


@dataclass(frozen=True)
class _PeriodTask:
    counts: PeriodCounts
    #: Bootstrap counts (n_bootstrap, len(rows)), compact; None without rows or without bootstrap.
    boot: NDArray[np.unsignedinteger[Any]] | None


def period_records(
    inputs: ComponentInputs,
    plan: ResamplingPlan,
    periods: Iterable[PeriodCounts],
    rng_boot: np.random.Generator,
    executor: Executor,
) -> list[dict[str, Any]]:
    """One record (a row of the convergence series) per period, in the order of ``periods``.

    Parameters
    ----------
    inputs : ComponentInputs
        The whole corpus's inputs (``shared``: sent once to each worker).
    plan : ResamplingPlan
    periods : iterable of PeriodCounts
        Chronological.
    rng_boot : numpy.random.Generator
        Draws each period's bootstrap counts, period after period.
    executor : Executor

    Returns
    -------
    list of dict
        Keys ``period``, ``index``, ``ci_low``, ``ci_high``, ``<component>``,
        ``<component>_ci_low``, ``<component>_ci_high``, ``index_bias``, ``separability`` (when
        asked), ``flagged``, ``reason``, ``n_segments``, ``n_groups``, ``in_trend``.
    """
    n_boot = plan.config.n_bootstrap

    def tasks() -> Iterator[_PeriodTask]:
        # A generator: each period's counts are drawn when its task is submitted, so the driver
        # never holds the counts of every period at once.
        for counts in periods:
            boot = None
            if len(counts.rows) and n_boot:
                boot = _compact(bootstrap_weights(inputs.groups[counts.rows], n_boot, rng_boot))
            yield _PeriodTask(counts, boot)

    return executor.map(_period_record, tasks(), shared={"inputs": inputs, "plan": plan})


def _period_record(task: _PeriodTask, *, inputs: ComponentInputs, plan: ResamplingPlan) -> dict[str, Any]:
    """Task: one row of the series — point estimates, bootstrap intervals, flags."""
    counts, cfg = task.counts, plan.config
    rows = counts.rows
    record: dict[str, Any] = {"period": counts.period}
    with _one_blas_thread():
        own = inputs.take(rows)
        point = components(own, np.ones((1, len(rows))), cfg) if len(rows) else {}
        boot = components(own, task.boot.astype(np.float64), cfg) if task.boot is not None else {}
        point["index"] = index(point, plan.in_index, cfg) if point else np.array([np.nan])
        if boot:
            boot["index"] = index(boot, plan.in_index, cfg)
        for name in ("index", *plan.computed):
            prefix = "" if name == "index" else f"{name}_"
            record[name] = float(point[name][0]) if name in point else float("nan")
            record[f"{prefix}ci_low"], record[f"{prefix}ci_high"] = _interval(
                record[name], boot.get(name, np.array([])), cfg
            )
        record["index_bias"] = float(np.nanmean(boot["index"]) - record["index"]) if boot else float("nan")
        if cfg.separability and own.embeddings is not None:
            # Imported here: scikit-learn takes seconds to load in each fresh worker, for an option off by default.
            from .separability import separability_convergence

            record["separability"] = (
                separability_convergence(own.embeddings, own.groups, seed=plan.seed) if len(rows) else float("nan")
            )
    computable = math.isfinite(record["index"])
    record.update(
        flagged=counts.flagged or not computable,
        reason=counts.reason or ("" if computable else "a component is undefined here"),
        n_segments=counts.n_segments,
        n_groups=int(len(np.unique(own.groups.astype(str)))) if len(rows) else 0,
    )
    record["in_trend"] = computable and (cfg.include_flagged_in_trend or not record["flagged"])
    return record


def _interval(estimate: float, replicates: NDArray[np.float64], cfg: ConvergenceConfig) -> tuple[float, float]:
    if cfg.calibration == "none":
        return basic_interval(estimate, replicates, cfg.ci_level)
    # The chance components' resamples centre on the estimate (copies are never paired), so
    # the percentile interval holds it; the basic interval would reflect the cap at 1.
    return percentile_interval(replicates, cfg.ci_level) if math.isfinite(estimate) else (math.nan, math.nan)


def null_series(
    inputs: ComponentInputs,
    plan: ResamplingPlan,
    tested_rows: list[NDArray[np.int64]],
    rng_perm: np.random.Generator,
    executor: Executor,
) -> dict[str, NDArray[np.float64]]:
    """Index and component series recomputed under ``n_permutations`` within-group shuffles of period labels.

    Parameters
    ----------
    inputs : ComponentInputs
    plan : ResamplingPlan
    tested_rows : list of ndarray of int
        Compared rows of each period in the trend test, chronological.
    rng_perm : numpy.random.Generator
        Draws the shuffled labels, chunk after chunk.
    executor : Executor

    Returns
    -------
    dict of str to ndarray of shape (n_permutations, len(tested_rows))
        ``index`` and each computed component; 0 rows with fewer than 2 periods or no permutation.
    """
    n_perm, n_tested = plan.config.n_permutations, len(tested_rows)
    names = ("index", *plan.computed)
    if n_tested < 2 or not n_perm:
        return {name: np.empty((0, n_tested)) for name in names}
    rows = np.concatenate(tested_rows)
    codes = np.concatenate([np.full(len(r), t) for t, r in enumerate(tested_rows)])
    blocks = inputs.groups[rows].astype(str)
    starts = range(0, n_perm, _CHUNK)

    def tasks() -> Iterator[NDArray[np.unsignedinteger[Any]]]:
        for start in starts:
            yield _compact(shuffle_within(codes, blocks, min(_CHUNK, n_perm - start), rng_perm))

    nulls = {name: np.empty((n_perm, n_tested)) for name in names}
    shared = {"inputs": inputs, "plan": plan, "rows": rows, "n_tested": n_tested}
    for start, chunk in zip(starts, executor.imap(_null_chunk, tasks(), shared=shared)):
        for name, null in nulls.items():
            null[start : start + len(chunk[name])] = chunk[name]
    return nulls


def _null_chunk(
    labels: NDArray[np.unsignedinteger[Any]],
    *,
    inputs: ComponentInputs,
    plan: ResamplingPlan,
    rows: NDArray[np.int64],
    n_tested: int,
) -> dict[str, NDArray[np.float64]]:
    """Task: the series under each row of ``labels`` (shape (chunk, len(rows)), period positions)."""
    out = {name: np.empty((len(labels), n_tested)) for name in ("index", *plan.computed)}
    with _one_blas_thread():
        # Sliced once per chunk, not once per period: one copy of the tested rows at a time.
        tested = inputs.take(rows)
        for t in range(n_tested):
            values = components(tested, (labels == t).astype(np.float64), plan.config)
            values["index"] = index(values, plan.in_index, plan.config)
            for name, null in out.items():
                null[:, t] = values[name]
    return out


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


def alignment_cells(
    scores: NDArray[np.float64],
    cells: Iterable[tuple[tuple[str, str], NDArray[np.int64]]],
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
    cells : iterable of ((group, period), rows)
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

