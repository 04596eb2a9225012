"""The headline convergence index per period, with bootstrap intervals, a trend test and an onset.

``measure_convergence`` takes the segments table (one row per segment with its ``group`` and
``period``) and the arrays aligned with it (embeddings, topic ids, lemmas), and returns a
:class:`ConvergenceResult`. For each period it computes the components available from the
inputs given — semantic (:mod:`.semantic`), thematic (:mod:`.thematic`), lexical
(:mod:`.lexical`) — each in [0, 1] with 1 = the groups are indistinguishable, and the index,
their weighted mean (:class:`~.config.ConvergenceConfig` ``weights``).

By default (``calibration="chance"``) each component is a ratio to chance (:mod:`.chance`):
1 = the groups are as alike as random halves of the period's talk, 0.5 = twice as far apart
as that, on corrected embeddings, topic indicators and lemma profiles respectively.
``calibration="none"`` gives the raw measures of chartertext 0.1.

Uncertainty (:mod:`.stats`):

* confidence intervals — segments resampled with replacement within each group × period cell;
  percentile intervals (:func:`.stats.percentile_interval`) for the chance-calibrated
  components, whose resamples centre on the estimate, basic intervals
  (:func:`.stats.basic_interval`) for the raw ones;
* trend — OLS slope of the index over period order, tested by recomputing the whole series
  after shuffling period labels within each group (each group keeps its segments per period);
* onset — best single upward shift of the index, tested on the same permuted series.

Every random draw comes from ``numpy.random.SeedSequence(seed)``; the seed is in the result,
and the same inputs and seed give identical output. The draws are made here and the arithmetic
runs in :mod:`.resampling` (one task per period, one per chunk of permutations) on the
executor given, so the output is also the same on any executor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from threadpoolctl import threadpool_limits

from ..errors import ConfigError, CorpusError
from ..execution import LocalExecutor
from ..periods import PeriodTable, flag_periods
from .components import ComponentInputs
from .config import ConvergenceConfig
from .lexical import hellinger_profiles, term_matrix
from .resampling import PeriodCounts, ResamplingPlan, null_series, period_records
from .result import ConvergenceResult
from .semantic import AnisotropyCorrection
from .stats import onset_test, trend_test
from .thematic import topic_indicators

if TYPE_CHECKING:
    from ..execution import Executor


def measure_convergence(
    segments: pd.DataFrame,
    *,
    embeddings: ArrayLike | None = None,
    topics: ArrayLike | None = None,
    tokens: Sequence[Sequence[str]] | None = None,
    n_topics: int | None = None,
    periods: PeriodTable | Sequence[str] | None = None,
    config: ConvergenceConfig | None = None,
    seed: int = 0,
    executor: Executor | None = None,
) -> ConvergenceResult:
    """Measure how far the groups converge, period by period, with honest uncertainty.

    Parameters
    ----------
    segments : pandas.DataFrame
        One row per segment (minutes only: leave charters out) with columns ``group`` and
        ``period`` (labels from :func:`chartertext.periods.assign_periods`; if ``period`` is
        missing, ``periods.labels`` is used). Rows with no group or no period are left out and
        counted in a warning.
    embeddings : array-like of shape (n, dim), optional
        L2-normalised segment embeddings, row-aligned with ``segments``. Enables the semantic
        component; the anisotropy correction is fitted on all of them once.
    topics : array-like of int, shape (n,), optional
        Topic id of each segment (-1 = outlier). Enables the thematic component.
    tokens : sequence of sequence of str, length n, optional
        Lemmas of each segment. Enables the lexical component; the log-odds prior is the term
        frequencies of all rows.
    n_topics : int, optional
        Topics of the topic model; default ``max(topics) + 1``.
    periods : PeriodTable or sequence of str, optional
        Chronological order of the periods (and their start/end for a PeriodTable). Default:
        labels sorted as strings, which is chronological for :mod:`chartertext.periods` labels.
    config : ConvergenceConfig, optional
    seed : int, default 0
    executor : Executor, optional
        Where the per-period bootstrap and the permutation chunks run
        (:mod:`chartertext.execution`); default :class:`~chartertext.execution.LocalExecutor`,
        this process. Every random number is drawn here, so the result is the same on any executor.

    Returns
    -------
    ConvergenceResult

    Raises
    ------
    CorpusError
        Missing columns or arrays not aligned with ``segments``.
    ConfigError
        No input for any component with a positive weight.
    """
    # The matrices here are small (resamples × segments of one period): BLAS threads cost more
    # in start-up and contention than they save, badly so on a shared machine (measured: 14 s
    # with the default threads vs 2 s single-threaded for 360 segments under load).
    with threadpool_limits(limits=1, user_api="blas"):
        cfg, run_on = config or ConvergenceConfig(), executor or LocalExecutor()
        return _measure(segments, embeddings, topics, tokens, n_topics, periods, cfg, seed, run_on)


def _measure(
    segments: pd.DataFrame,
    embeddings: ArrayLike | None,
    topics: ArrayLike | None,
    tokens: Sequence[Sequence[str]] | None,
    n_topics: int | None,
    periods: PeriodTable | Sequence[str] | None,
    cfg: ConvergenceConfig,
    seed: int,
    executor: Executor,
) -> ConvergenceResult:
    table, order, warnings = _prepare_table(segments, periods)
    inputs, computed = _prepare_inputs(table, embeddings, topics, tokens, n_topics, cfg)
    in_index = tuple(c for c in computed if cfg.weights.get(c, 0) > 0)
    if not in_index:
        raise ConfigError(
            f"no component can enter the index: inputs were given for {', '.join(computed) or 'none'} "
            f"but weights are {cfg.weights}. Fix: pass embeddings, topics or tokens for a component with weight > 0."
        )
    usable = table["group"].notna().to_numpy() & table["period"].notna().to_numpy()
    labels = table["period"].to_numpy(dtype=object)
    group_names = table["group"].to_numpy(dtype=object)

    counts = pd.crosstab(table.loc[usable, "period"], table.loc[usable, "group"]).reindex(order).fillna(0).astype(int)
    flags = flag_periods(counts, cfg.min_segments)
    # A row is compared when its group has enough segments in a computable period.
    enough = {
        (p, g)
        for p, ok in zip(flags["period"], flags["computable"])
        if ok
        for g in counts.columns
        if counts.loc[p, g] >= cfg.min_segments
    }
    compared = np.array([u and (labels[i], group_names[i]) in enough for i, u in enumerate(usable)])

    seeds = np.random.SeedSequence(seed).spawn(2)
    rng_boot, rng_perm = np.random.default_rng(seeds[0]), np.random.default_rng(seeds[1])
    rows_by_period = {p: np.flatnonzero(compared & (labels == p)) for p in order}

    plan = ResamplingPlan(computed=computed, in_index=in_index, config=cfg, seed=seed)
    counts_by_period = (
        PeriodCounts(p, bool(flag.flagged), str(flag.reason), int(flag.n_segments), rows_by_period[p])
        for p, flag in zip(order, flags.itertuples(index=False))
    )
    records = period_records(inputs, plan, counts_by_period, rng_boot, executor)
    series = _series_frame(records, computed, periods)

    tested = [p for p, r in zip(order, records) if r["in_trend"]]
    observed = series.loc[series["in_trend"], "index"].to_numpy(dtype=np.float64)
    nulls = null_series(inputs, plan, [rows_by_period[p] for p in tested], rng_perm, executor)
    trend = trend_test(observed, nulls["index"], cfg.alternative)
    onset = onset_test(observed, nulls["index"], cfg.onset_alpha)
    # The same permutations, read component by component: which measure carries the trend.
    in_trend = series["in_trend"].to_numpy(dtype=bool)
    component_trends = {
        c: trend_test(series.loc[in_trend, c].to_numpy(dtype=np.float64), nulls[c], cfg.alternative) for c in computed
    }
    if len(tested) < 3:
        warnings.append(
            f"only {len(tested)} period(s) can be tested for a trend (at least 3 needed): trend is NaN. "
            f"Fix: use a coarser freq or freq='auto', or lower min_segments."
        )
    return ConvergenceResult(
        series=series,
        trend=trend,
        onset=None if onset.position is None else tested[onset.position],
        onset_test=onset,
        component_trends=component_trends,
        seed=seed,
        config=cfg,
        components=computed,
        index_components=in_index,
        anisotropy_explained=inputs.explained,
        warnings=tuple(warnings),
    )


def _prepare_table(
    segments: pd.DataFrame, periods: PeriodTable | Sequence[str] | None
) -> tuple[pd.DataFrame, list[str], list[str]]:
    if "group" not in segments.columns:
        raise CorpusError(
            f"the segments table has no 'group' column (columns: {', '.join(map(str, segments.columns))}). "
            f"Fix: pass the segments table with each segment's group."
        )
    table = pd.DataFrame({"group": segments["group"].astype(object)}, index=range(len(segments)))
    if "period" in segments.columns:
        table["period"] = segments["period"].astype(object).to_numpy()
    elif isinstance(periods, PeriodTable) and len(periods.labels) == len(segments):
        table["period"] = list(periods.labels)
    else:
        raise CorpusError(
            "the segments table has no 'period' column. "
            "Fix: add one with chartertext.periods.assign_periods(...).labels, or pass that PeriodTable as periods=."
        )
    for column in ("group", "period"):
        # Labels are compared as text (2021 and "2021" are one period); None, NaN, NA are missing.
        table[column] = pd.Series([_label(v) for v in table[column]], index=table.index, dtype=object)
    present = sorted({str(p) for p in table["period"] if p is not None})
    if periods is None:
        order = present
    else:
        order = list(periods.order if isinstance(periods, PeriodTable) else periods)
        missing = sorted(set(present) - set(order))
        if missing:
            raise CorpusError(
                f"period label(s) {', '.join(missing[:5])} are not in the given period order. "
                f"Fix: pass the PeriodTable that produced the labels."
            )
    dropped = int((table["group"].isna() | table["period"].isna()).sum())
    warnings = [f"{dropped} segment(s) without a group or a period are left out of the convergence measures."]
    return table, order, warnings if dropped else []


def _label(value: Any) -> str | None:
    missing = value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    return None if missing else str(value)


def _prepare_inputs(
    table: pd.DataFrame,
    embeddings: ArrayLike | None,
    topics: ArrayLike | None,
    tokens: Sequence[Sequence[str]] | None,
    n_topics: int | None,
    cfg: ConvergenceConfig,
) -> tuple[ComponentInputs, tuple[str, ...]]:
    n = len(table)
    computed: list[str] = []
    corrected = None
    explained: tuple[float, ...] = ()
    if embeddings is not None:
        # No float64 copy of the embeddings here: the correction reads them in their own dtype.
        x = np.asarray(embeddings)
        x = x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)
        _check_rows("embeddings", x.shape[0] if x.ndim == 2 else -1, n)
        known = table["group"].notna().to_numpy()
        n_remove = cfg.removed_directions(x.shape[1])
        fitted_on = x if known.all() else x[known]
        correction = AnisotropyCorrection.fit(fitted_on, n_remove, groups=table["group"][known])
        del fitted_on
        # Kept (and shipped to workers) as float32: half the memory, and on the planted corpora
        # every index, interval and p-value agreed with float64 storage to 2e-9.
        corrected = correction.apply(x, dtype=np.float32)
        explained = tuple(float(v) for v in correction.explained)
        computed.append("semantic")
    topic_ids = None
    k = 0
    if topics is not None:
        topic_ids = np.asarray(topics, dtype=np.int64).ravel()
        _check_rows("topics", len(topic_ids), n)
        k = int(n_topics) if n_topics is not None else int(topic_ids.max(initial=-1)) + 1
        computed.append("thematic")
    terms = prior = None
    if tokens is not None:
        _check_rows("tokens", len(tokens), n)
        terms, _ = term_matrix(tokens)
        prior = np.asarray(terms.sum(axis=0)).ravel()
        computed.append("lexical")
    chance: dict[str, Any] = {}
    if cfg.calibration == "chance" and topic_ids is not None:
        chance["indicators"] = topic_indicators(topic_ids, k, drop_outliers=cfg.drop_outlier_topics)
        chance["placed"] = chance["indicators"].any(axis=1).astype(np.float64)
    if cfg.calibration == "chance" and terms is not None:
        chance["profiles"] = hellinger_profiles(terms)
        chance["spoken"] = (np.diff(terms.indptr) > 0).astype(np.float64)
    inputs = ComponentInputs(
        groups=table["group"].astype(str).to_numpy(dtype=object),
        embeddings=corrected,
        topics=topic_ids,
        n_topics=k,
        terms=terms,
        prior=prior,
        explained=explained,
        **chance,
    )
    return inputs, tuple(computed)


def _check_rows(name: str, found: int, expected: int) -> None:
    if found != expected:
        raise CorpusError(
            f"{name} has {found} rows but the segments table has {expected}. "
            f"Fix: pass {name} row-aligned with the segments table (same order, same length)."
        )


def _series_frame(
    records: list[dict[str, Any]],
    computed: tuple[str, ...],
    periods: PeriodTable | Sequence[str] | None,
) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records)
    columns = ["period", "index", "ci_low", "ci_high", "index_bias", "flagged", "reason", "in_trend"]
    columns += ["n_segments", "n_groups"]
    for name in computed:
        columns += [name, f"{name}_ci_low", f"{name}_ci_high"]
    if "separability" in frame:
        columns.append("separability")
    frame = frame[columns]
    if isinstance(periods, PeriodTable):
        bounds = periods.periods.set_index("period")[["start", "end"]]
        frame.insert(1, "start", [bounds["start"].get(p) for p in frame["period"]])
        frame.insert(2, "end", [bounds["end"].get(p) for p in frame["period"]])
    return frame
