"""The headline convergence index per period, its intervals, a panel trend test, an onset, and their power.

``measure_convergence`` takes the segments table (one row per segment with its ``group``,
``period`` and meeting — ``meeting`` or ``doc_id``) and the arrays aligned with it (embeddings,
topic ids, lemmas), and returns a :class:`ConvergenceResult`. The **meeting is the unit**:

* estimation (:mod:`.meetings`) — a group's spread is taken between segments of *different*
  meetings, so the index does not depend on how many meetings a period holds; each component is
  the groups' centroid distance as a ratio to their usual spread between meetings (a fixed scale
  per group), reported apart from the dispersion part (PERMANOVA vs PERMDISP);
* intervals — meetings resampled with replacement within each group × period cell;
* trend (:mod:`.panel`) — the within-pair slope of each pair of groups' convergence against
  calendar months, on the pairs observed (a group joining or leaving cannot create it), tested by
  permuting meetings' period labels within each group; one-sided by default (convergence);
* onset — the best upward shift of the composition-adjusted series, with a minimum size, a
  bootstrap interval for its date, labelled exploratory;
* multiplicity — Holm's adjustment over the index's trend, the components' trends and the onset;
* power (:mod:`.power`) — the smallest rise this design detects with 80% power;
* common shock — the trend again without the segments closest to the charter drafts.

Every random draw comes from ``numpy.random.SeedSequence(seed)``; the seed is in the result, and
the same inputs and seed give identical output on any executor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from threadpoolctl import threadpool_limits

from ..errors import ConfigError, CorpusError
from ..execution import LocalExecutor
from ..periods import PeriodTable
from .config import ConvergenceConfig
from .design import MEETING_COLUMNS, MeetingDesign, meeting_design
from .inputs import check_rows, period_labels, period_order
from .lexical import hellinger_profiles, term_matrix
from .meeting_resampling import ResamplingPlan, null_pairs, period_records, tested_pairs
from .meetings import pair_index
from .onset import accept_onset, onset_test
from .panel import adjusted_series, holm, period_months
from .power import trend_power
from .result import ConvergenceResult
from .semantic import AnisotropyCorrection
from .shock import shock_check, shock_rows
from .stats import trend_test
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
    shock_scores: ArrayLike | None = None,
) -> ConvergenceResult:
    """Measure how far the groups converge, period by period, with the meeting as the unit.

    Parameters
    ----------
    segments : pandas.DataFrame
        One row per segment (minutes only: leave charters out) with columns ``group``,
        ``period`` (labels from :func:`chartertext.periods.assign_periods`; if missing,
        ``periods.labels`` is used) and the meeting: ``meeting`` or ``doc_id`` (without either,
        each segment is its own meeting and a warning says so). Rows with no group or no
        period, and rows of joint sessions (``config.joint_groups``), are left out and counted.
    embeddings : array-like of shape (n, dim), optional
        Segment embeddings, row-aligned with ``segments``. Enables the semantic component; the
        anisotropy correction is fitted on all of them once.
    topics : array-like of int, shape (n,), optional
        Topic id of each segment (-1 = outlier). Enables the thematic component.
    tokens : sequence of sequence of str, length n, optional
        Lemmas of each segment. Enables the lexical component.
    n_topics : int, optional
        Topics of the topic model; default ``max(topics) + 1``.
    periods : PeriodTable or sequence of str, optional
        Chronological order of the periods; a PeriodTable also gives their dates, and the trend
        is then per calendar month (else per period).
    config : ConvergenceConfig, optional
    seed : int, default 0
    executor : Executor, optional
        Where the per-period bootstrap and the permutation chunks run; default this process.
    shock_scores : array-like of shape (n,), optional
        How close each segment is to the charter drafts (e.g. its highest cosine with a charter
        article). Enables the common-shock check (``config.shock_share``).

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
    # The matrices here are small (resamples × meetings of one period): BLAS threads cost more
    # in start-up and contention than they save, badly so on a shared machine.
    with threadpool_limits(limits=1, user_api="blas"):
        cfg, run_on = config or ConvergenceConfig(), executor or LocalExecutor()
        return _measure(segments, embeddings, topics, tokens, n_topics, periods, cfg, seed, run_on, shock_scores)


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
    shock_scores: ArrayLike | None,
) -> ConvergenceResult:
    table, order, warnings = _prepare_table(segments, periods)
    representations, corrected, explained = _representations(table, embeddings, topics, tokens, n_topics, cfg)
    computed = tuple(representations)
    in_index = tuple(c for c in computed if cfg.weights.get(c, 0) > 0)
    if not in_index:
        raise ConfigError(
            f"no component can enter the index: inputs were given for {', '.join(computed) or 'none'} "
            f"but weights are {cfg.weights}. Fix: pass embeddings, topics or tokens for a component with weight > 0."
        )
    months, unit = _months(periods, order)
    shock = shock_rows(table, shock_scores, cfg)
    design, notes = meeting_design(
        table, order, months, representations, cfg, leave_out=shock if cfg.exclude_shock else None
    )
    warnings += notes
    if cfg.include_flagged_in_trend:
        warnings.append(
            "include_flagged_in_trend has no effect since summary schema 2: every computable period enters the "
            "panel trend."
        )
    plan = ResamplingPlan(computed=computed, in_index=in_index, config=cfg)
    rng_boot, rng_perm, rng_shock = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3))

    records = period_records(design, plan, rng_boot, executor)
    series = _series_frame([r["record"] for r in records], computed, periods)
    if cfg.separability and corrected is not None:
        series["separability"] = _separability(design, corrected, seed)
    tested, observed = tested_pairs(records, ("index", *computed), len(pair_index(len(design.groups))))
    nulls = null_pairs(design, plan, tested, rng_perm, executor)
    trend = trend_test(observed["index"], nulls["index"], months[tested], cfg.alternative, time_unit=unit)
    component_trends = {
        c: trend_test(observed[c], nulls[c], months[tested], cfg.alternative, time_unit=unit) for c in computed
    }
    onset = _onset(observed["index"], nulls["index"], [records[t]["boot_pairs"] for t in tested], cfg)
    # The family: the index's trend, each component's (when there are several: a lone component
    # is the index), and the onset.
    family = {f"component:{c}": t.p_value for c, t in component_trends.items()} if len(in_index) > 1 else {}
    adjusted = holm({"index": trend.p_value, **family, "onset": onset.p_value})
    trend = _with_holm(trend, adjusted["index"])
    component_trends = {
        c: _with_holm(t, adjusted.get(f"component:{c}", adjusted["index"] if c in in_index else math.nan))
        for c, t in component_trends.items()
    }
    onset = accept_onset(onset, adjusted["onset"])
    check = shock_check(table, order, months, representations, cfg, shock, plan, rng_shock, executor, trend, unit)
    baseline = float(np.nanmean(series["index"].to_numpy(dtype=np.float64)[tested])) if len(tested) else math.nan
    power = trend_power(design, tested, baseline, cfg, seed)
    if len(tested) < 3:
        warnings.append(
            f"only {len(tested)} period(s) compare two groups (at least 3 needed for a trend): trend is NaN. "
            f"Fix: use freq='auto' (which counts meetings) or a coarser freq, or lower min_meetings / min_segments."
        )
    tested_labels = [order[t] for t in tested]
    # Joint sessions are not a group: a commission and its plenary are one group to compare.
    compared = table["group"].map(lambda g: None if g is None or cfg.is_joint(g) else g)
    status, reason = convergence_status(compared, len(tested), cfg.min_meetings)
    return ConvergenceResult(
        series=series,
        trend=trend,
        onset=None if onset.position is None else tested_labels[onset.position],
        onset_test=onset,
        component_trends=component_trends,
        seed=seed,
        config=cfg,
        components=computed,
        index_components=in_index,
        anisotropy_explained=explained,
        warnings=tuple(warnings),
        pair_series=_pair_frame(design, records, computed),
        icc=dict(design.icc),
        holm=adjusted,
        power=power,
        shock_check=check,
        tested_periods=tuple(tested_labels),
        n_joint_segments=design.n_joint,
        status=status,
        status_reason=reason,
    )


def convergence_status(groups: pd.Series, n_tested: int, min_meetings: int) -> tuple[str, str]:
    """The status code (:data:`.result.CONVERGENCE_STATUSES`) and its sentence with this corpus's numbers.

    >>> convergence_status(pd.Series(["conseil", "conseil", None]), 0, 2)[0]
    'one_group'
    """
    names = sorted(set(groups.dropna()))
    if not names:
        return "no_group", "No analysed segment has a group, so there is nothing to compare."
    if len(names) == 1:
        return "one_group", (
            f"Only one group ({names[0]!r}) is in the minutes, so convergence between groups cannot be measured."
        )
    if n_tested < 3:
        return "too_few_periods", (
            f"Only {n_tested} period(s) compare two of the {len(names)} groups with at least {min_meetings} meetings "
            f"each (3 needed), so the trend cannot be tested."
        )
    return "ok", f"{len(names)} groups compared in {n_tested} periods."


def _prepare_table(
    segments: pd.DataFrame, periods: PeriodTable | Sequence[str] | None
) -> tuple[pd.DataFrame, list[str], list[str]]:
    if "group" not in segments.columns:
        raise CorpusError(
            f"the segments table has no 'group' column (columns: {', '.join(map(str, segments.columns))}). "
            f"Fix: pass the segments table with each segment's group."
        )
    table = pd.DataFrame({"group": segments["group"].astype(object)}, index=range(len(segments)))
    for column in MEETING_COLUMNS:
        if column in segments.columns:
            table[column] = segments[column].astype(object).to_numpy()
            break
    table["period"] = pd.Series(period_labels(segments, periods), index=table.index, dtype=object)
    for column in ("group", "period"):
        # Labels are compared as text (2021 and "2021" are one period); None, NaN, NA are missing.
        table[column] = pd.Series([_label(v) for v in table[column]], index=table.index, dtype=object)
    order = period_order([str(p) for p in table["period"] if p is not None], periods)
    dropped = int((table["group"].isna() | table["period"].isna()).sum())
    warnings = [f"{dropped} segment(s) without a group or a period are left out of the convergence measures."]
    return table, order, warnings if dropped else []


def _label(value: Any) -> str | None:
    missing = value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    return None if missing else str(value)


def _representations(
    table: pd.DataFrame,
    embeddings: ArrayLike | None,
    topics: ArrayLike | None,
    tokens: Sequence[Sequence[str]] | None,
    n_topics: int | None,
    cfg: ConvergenceConfig,
) -> tuple[dict[str, tuple[Any, NDArray[np.float64] | None]], NDArray[np.floating[Any]] | None, tuple[float, ...]]:
    """Row-aligned vectors of each component, with the rows that carry them."""
    n = len(table)
    out: dict[str, tuple[Any, NDArray[np.float64] | None]] = {}
    corrected = None
    explained: tuple[float, ...] = ()
    if embeddings is not None:
        x = np.asarray(embeddings)
        x = x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)
        check_rows("embeddings", x.shape[0] if x.ndim == 2 else -1, n)
        known = table["group"].notna().to_numpy()
        # Without two grouped rows (a corpus with no group at all) the correction is fitted on every row.
        known = known if known.sum() >= 2 else np.ones(len(x), dtype=bool)
        fitted_on = x if known.all() else x[known]
        correction = AnisotropyCorrection.fit(fitted_on, cfg.removed_directions(x.shape[1]), groups=table["group"][known])
        del fitted_on
        corrected = correction.apply(x, dtype=np.float32)
        explained = tuple(float(v) for v in correction.explained)
        out["semantic"] = (corrected, None)
    if topics is not None:
        topic_ids = np.asarray(topics, dtype=np.int64).ravel()
        check_rows("topics", len(topic_ids), n)
        k = int(n_topics) if n_topics is not None else int(topic_ids.max(initial=-1)) + 1
        indicators = topic_indicators(topic_ids, k, drop_outliers=cfg.drop_outlier_topics)
        # Segments without a topic (outliers) are no evidence either way.
        out["thematic"] = (indicators, indicators.any(axis=1).astype(np.float64))
    if tokens is not None:
        check_rows("tokens", len(tokens), n)
        terms, _ = term_matrix(tokens)
        out["lexical"] = (hellinger_profiles(terms), (np.diff(terms.indptr) > 0).astype(np.float64))
    return out, corrected, explained


def _months(periods: PeriodTable | Sequence[str] | None, order: list[str]) -> tuple[NDArray[np.float64], str]:
    if isinstance(periods, PeriodTable):
        bounds = periods.periods.set_index("period")
        if {"start", "end"} <= set(bounds.columns) and set(order) <= set(bounds.index):
            months = period_months(list(bounds.loc[order, "start"]), list(bounds.loc[order, "end"]), len(order))
            if not np.array_equal(months, np.arange(len(order), dtype=np.float64)) or len(order) < 2:
                return months, "month"
    return np.arange(len(order), dtype=np.float64), "period"


def _onset(
    pairs: NDArray[np.float64], null: NDArray[np.float64], boot: list[NDArray[np.float64] | None], cfg: ConvergenceConfig
) -> Any:
    observed = adjusted_series(pairs[None])[0]
    keep = np.isfinite(observed)
    null_series = adjusted_series(null)[:, keep] if len(null) else np.empty((0, int(keep.sum())))
    replicates = None
    if boot and all(b is not None for b in boot):
        stacked = np.stack(boot, axis=-1)  # (P, B, T)
        replicates = adjusted_series(np.moveaxis(stacked, 1, 0))[:, keep]
    return onset_test(observed[keep], null_series, cfg.onset_alpha, min_shift=cfg.onset_min_shift,
                      bootstrap=replicates, level=cfg.ci_level)


def _with_holm(test: Any, p: float) -> Any:
    return replace(test, p_holm=p)


def _pair_frame(design: MeetingDesign, records: list[dict[str, Any]], computed: tuple[str, ...]) -> pd.DataFrame:
    """One row per pair of groups and period compared: the panel the trend is estimated on."""
    rows = []
    for (g, h), p in zip(pair_index(len(design.groups)), range(len(pair_index(len(design.groups))))):
        for t, record in enumerate(records):
            value = record["pairs"]["index"][p]
            if np.isfinite(value):
                row = {"group_a": design.groups[g], "group_b": design.groups[h], "period": design.periods[t],
                       "month": float(design.months[t]), "index": float(value)}
                row.update({c: float(record["pairs"][c][p]) for c in computed})
                rows.append(row)
    columns = ["group_a", "group_b", "period", "month", "index", *computed]
    return pd.DataFrame(rows, columns=columns)


def _separability(design: MeetingDesign, corrected: NDArray[np.floating[Any]], seed: int) -> list[float]:
    """Cross-validated classifier component per period, on the rows of eligible cells (reported only)."""
    from .separability import separability_convergence

    out = []
    groups = np.array(design.groups, dtype=object)
    for t in range(len(design.periods)):
        meetings = design.cell_meetings(t)
        rows = np.flatnonzero(np.isin(design.row_meeting, meetings))
        labels = groups[design.meeting_group[design.row_meeting[rows]]] if len(rows) else np.array([])
        value = separability_convergence(corrected[rows].astype(np.float64), labels, seed=seed) if len(rows) else math.nan
        out.append(float(value))
    return out


def _series_frame(
    records: list[dict[str, Any]],
    computed: tuple[str, ...],
    periods: PeriodTable | Sequence[str] | None,
) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records)
    columns = ["period", "index", "ci_low", "ci_high", "index_bias", "flagged", "reason", "in_trend"]
    columns += ["n_segments", "n_meetings", "n_groups"]
    for name in computed:
        columns += [name, f"{name}_ci_low", f"{name}_ci_high", f"{name}_distance", f"{name}_dispersion"]
    frame = frame[columns]
    if isinstance(periods, PeriodTable):
        bounds = periods.periods.set_index("period")[["start", "end"]]
        frame.insert(1, "start", [bounds["start"].get(p) for p in frame["period"]])
        frame.insert(2, "end", [bounds["end"].get(p) for p in frame["period"]])
    return frame
