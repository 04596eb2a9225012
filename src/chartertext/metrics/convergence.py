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
and the same inputs and seed give identical output.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from threadpoolctl import threadpool_limits

from ..errors import ConfigError, CorpusError
from ..periods import PeriodTable, flag_periods
from .chance import chance_convergence
from .config import ConvergenceConfig
from .lexical import hellinger_profiles, lexical_convergence, term_matrix
from .result import ConvergenceResult
from .semantic import AnisotropyCorrection, semantic_convergence
from .separability import separability_convergence
from .stats import basic_interval, bootstrap_weights, onset_test, percentile_interval, shuffle_within, trend_test
from .thematic import thematic_convergence, topic_indicators

#: Permutations evaluated together; bounds memory at chunk × segments floats.
_CHUNK = 100


@dataclass(frozen=True)
class _Inputs:
    """Per-row inputs of the measures, prepared once for the whole corpus."""

    groups: NDArray[Any]
    embeddings: NDArray[np.float64] | None
    topics: NDArray[np.int64] | None
    n_topics: int
    terms: sparse.csr_matrix | None
    prior: NDArray[np.float64] | None
    explained: tuple[float, ...]
    #: With calibration "chance": topic indicators, lemma profiles, and the rows they describe.
    indicators: NDArray[np.float64] | None = None
    profiles: sparse.csr_matrix | None = None
    placed: NDArray[np.float64] | None = None
    spoken: NDArray[np.float64] | None = None


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
        return _measure(segments, embeddings, topics, tokens, n_topics, periods, config or ConvergenceConfig(), seed)


def _measure(
    segments: pd.DataFrame,
    embeddings: ArrayLike | None,
    topics: ArrayLike | None,
    tokens: Sequence[Sequence[str]] | None,
    n_topics: int | None,
    periods: PeriodTable | Sequence[str] | None,
    cfg: ConvergenceConfig,
    seed: int,
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

    records = [
        _period_record(p, flag, inputs, rows_by_period[p], computed, in_index, cfg, rng_boot, seed)
        for p, flag in zip(order, flags.itertuples(index=False))
    ]
    series = _series_frame(records, computed, periods)

    tested = [p for p, r in zip(order, records) if r["in_trend"]]
    observed = series.loc[series["in_trend"], "index"].to_numpy(dtype=np.float64)
    nulls = _null_series(inputs, rows_by_period, tested, cfg, computed, in_index, rng_perm)
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


def _period_record(
    period: str,
    flag: Any,
    inputs: _Inputs,
    rows: NDArray[np.int64],
    computed: tuple[str, ...],
    in_index: tuple[str, ...],
    cfg: ConvergenceConfig,
    rng_boot: np.random.Generator,
    seed: int,
) -> dict[str, Any]:
    """One row of the series: point estimates, bootstrap intervals, flags."""
    record: dict[str, Any] = {"period": period}
    point = _components(inputs, rows, np.ones((1, len(rows))), cfg) if len(rows) else {}
    boot = {}
    if len(rows) and cfg.n_bootstrap:
        boot = _components(inputs, rows, bootstrap_weights(inputs.groups[rows], cfg.n_bootstrap, rng_boot), cfg)
    point["index"] = _index(point, in_index, cfg) if point else np.array([np.nan])
    if boot:
        boot["index"] = _index(boot, in_index, cfg)
    for name in ("index", *computed):
        prefix = "" if name == "index" else f"{name}_"
        record[name] = float(point[name][0]) if name in point else float("nan")
        record[f"{prefix}ci_low"], record[f"{prefix}ci_high"] = _interval(
            record[name], boot.get(name, np.array([])), cfg
        )
    record["index_bias"] = float(np.nanmean(boot["index"]) - record["index"]) if boot else float("nan")
    if cfg.separability and inputs.embeddings is not None:
        record["separability"] = (
            separability_convergence(inputs.embeddings[rows], inputs.groups[rows], seed=seed)
            if len(rows)
            else float("nan")
        )
    computable = math.isfinite(record["index"])
    record.update(
        flagged=bool(flag.flagged) or not computable,
        reason=flag.reason or ("" if computable else "a component is undefined here"),
        n_segments=int(flag.n_segments),
        n_groups=int(len(np.unique(inputs.groups[rows].astype(str)))) if len(rows) else 0,
    )
    record["in_trend"] = computable and (cfg.include_flagged_in_trend or not record["flagged"])
    return record


def _interval(estimate: float, replicates: NDArray[np.float64], cfg: ConvergenceConfig) -> tuple[float, float]:
    if cfg.calibration == "none":
        return basic_interval(estimate, replicates, cfg.ci_level)
    # The chance components' resamples centre on the estimate (copies are never paired), so
    # the percentile interval holds it; the basic interval would reflect the cap at 1.
    return percentile_interval(replicates, cfg.ci_level) if math.isfinite(estimate) else (math.nan, math.nan)


def _components(
    inputs: _Inputs, rows: NDArray[np.int64], weights: NDArray[np.float64], cfg: ConvergenceConfig
) -> dict[str, NDArray[np.float64]]:
    if cfg.calibration == "chance":
        return _chance_components(inputs, rows, weights, cfg)
    groups = inputs.groups[rows]
    out: dict[str, NDArray[np.float64]] = {}
    if inputs.embeddings is not None:
        out["semantic"] = np.asarray(semantic_convergence(inputs.embeddings[rows], groups, weights=weights))
    if inputs.topics is not None:
        out["thematic"] = np.asarray(
            thematic_convergence(
                inputs.topics[rows],
                groups,
                n_topics=inputs.n_topics,
                alpha=cfg.topic_alpha,
                drop_outliers=cfg.drop_outlier_topics,
                weights=weights,
            )
        )
    if inputs.terms is not None:
        out["lexical"] = np.asarray(
            lexical_convergence(
                inputs.terms[rows],
                groups,
                prior=inputs.prior,
                prior_weight=cfg.lexical_prior_weight,
                z_threshold=cfg.lexical_z,
                weights=weights,
            )
        )
    return out


def _chance_components(
    inputs: _Inputs, rows: NDArray[np.int64], weights: NDArray[np.float64], cfg: ConvergenceConfig
) -> dict[str, NDArray[np.float64]]:
    groups = inputs.groups[rows]
    representations = {
        "semantic": (inputs.embeddings, None),
        "thematic": (inputs.indicators, inputs.placed),
        "lexical": (inputs.profiles, inputs.spoken),
    }
    out: dict[str, NDArray[np.float64]] = {}
    for name, (vectors, present) in representations.items():
        if vectors is not None:
            # Segments without a topic or a lemma are no evidence either way: weight 0.
            w = weights if present is None else weights * present[rows]
            out[name] = np.asarray(
                chance_convergence(vectors[rows], groups, reference_segments=cfg.reference_segments, weights=w)
            )
    return out


def _index(
    components: dict[str, NDArray[np.float64]], names: tuple[str, ...], cfg: ConvergenceConfig
) -> NDArray[np.float64]:
    total = sum(cfg.weights[n] for n in names)
    # NaN in any component makes the index NaN: a mean over a changing set of components
    # would not be comparable across periods.
    return sum(cfg.weights[n] * components[n] for n in names) / total


def _null_series(
    inputs: _Inputs,
    rows_by_period: dict[str, NDArray[np.int64]],
    tested: list[str],
    cfg: ConvergenceConfig,
    computed: tuple[str, ...],
    in_index: tuple[str, ...],
    rng: np.random.Generator,
) -> dict[str, NDArray[np.float64]]:
    """Index and component series recomputed under ``n_permutations`` within-group shuffles of period labels."""
    if len(tested) < 2 or not cfg.n_permutations:
        return {name: np.empty((0, len(tested))) for name in ("index", *computed)}
    rows = np.concatenate([rows_by_period[p] for p in tested])
    codes = np.concatenate([np.full(len(rows_by_period[p]), t) for t, p in enumerate(tested)])
    nulls = {name: np.empty((cfg.n_permutations, len(tested))) for name in ("index", *computed)}
    for start in range(0, cfg.n_permutations, _CHUNK):
        size = min(_CHUNK, cfg.n_permutations - start)
        shuffled = shuffle_within(codes, inputs.groups[rows].astype(str), size, rng)
        for t in range(len(tested)):
            mask = (shuffled == t).astype(np.float64)
            values = _components(inputs, rows, mask, cfg)
            values["index"] = _index(values, in_index, cfg)
            for name, null in nulls.items():
                null[start : start + size, t] = values[name]
    return nulls


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
) -> tuple[_Inputs, tuple[str, ...]]:
    n = len(table)
    computed: list[str] = []
    corrected = None
    explained: tuple[float, ...] = ()
    if embeddings is not None:
        x = np.asarray(embeddings, dtype=np.float64)
        _check_rows("embeddings", x.shape[0] if x.ndim == 2 else -1, n)
        known = table["group"].notna().to_numpy()
        n_remove = cfg.removed_directions(x.shape[1])
        correction = AnisotropyCorrection.fit(x[known], n_remove, groups=table["group"][known])
        corrected = correction.apply(x)
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
    inputs = _Inputs(
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
