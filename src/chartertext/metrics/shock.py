"""The common-shock check: is a rise in convergence carried by the charter drafts alone?

An item can enter every group's meetings at once (a charter draft read in each commission):
the groups then sound alike for a while without having converged. :func:`shock_rows` marks the
``shock_share`` of compared segments closest to the charter drafts; :func:`shock_check` runs the
trend again without them (or, with ``exclude_shock``, with them put back) and says whether a
significant rise depends on them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .config import ConvergenceConfig
from .design import meeting_design
from .inputs import check_rows
from .meeting_resampling import ResamplingPlan, null_pairs, period_records, tested_pairs
from .meetings import pair_index
from .result import ShockCheck
from .stats import trend_test

if TYPE_CHECKING:
    from ..execution import Executor

__all__ = ["shock_check", "shock_rows"]


def shock_rows(table: pd.DataFrame, scores: ArrayLike | None, cfg: ConvergenceConfig) -> NDArray[np.bool_] | None:
    """The ``shock_share`` of compared rows closest to the charter drafts; None without scores."""
    if scores is None or cfg.shock_share <= 0:
        return None
    values = np.asarray(scores, dtype=np.float64).ravel()
    check_rows("shock_scores", len(values), len(table))
    usable = table["group"].notna().to_numpy() & table["period"].notna().to_numpy() & np.isfinite(values)
    if not usable.any():
        return None
    threshold = np.quantile(values[usable], 1.0 - cfg.shock_share)
    return usable & (values >= threshold)


def shock_check(
    table: pd.DataFrame,
    order: list[str],
    months: NDArray[np.float64],
    representations: dict[str, tuple[Any, NDArray[np.float64] | None]],
    cfg: ConvergenceConfig,
    shock: NDArray[np.bool_] | None,
    plan: ResamplingPlan,
    rng: np.random.Generator,
    executor: Executor,
    primary: Any,
    unit: str,
) -> ShockCheck | None:
    """The trend with the segments closest to the charter drafts left out (or put back, with exclude_shock)."""
    if shock is None:
        return None
    design, _ = meeting_design(table, order, months, representations, cfg, leave_out=None if cfg.exclude_shock else shock)
    quiet = ResamplingPlan(plan.computed, plan.in_index, replace(cfg, n_bootstrap=0))
    records = period_records(design, quiet, rng, executor)
    tested, observed = tested_pairs(records, ("index",), len(pair_index(len(design.groups))))
    nulls = null_pairs(design, quiet, tested, rng, executor)
    test = trend_test(observed["index"], nulls["index"], months[tested], cfg.alternative, time_unit=unit)
    significant = lambda t: bool(np.isfinite(t.p_value) and t.p_value < 0.05)  # noqa: E731
    without = test if not cfg.exclude_shock else primary
    with_all = primary if not cfg.exclude_shock else test
    return ShockCheck(
        share=cfg.shock_share,
        n_segments=int(shock.sum()),
        excluded_in_primary=cfg.exclude_shock,
        slope_without=without.slope,
        p_value_without=without.p_value,
        net_total_change_without=without.net_total_change,
        carried_by_shock=significant(with_all) and not significant(without),
    )


def charter_closeness(voices: np.ndarray, charter: np.ndarray) -> np.ndarray:
    """Each minutes segment's highest cosine with an article of the charter: how close it is to the drafts."""
    if not len(charter) or not len(voices):
        return np.zeros(len(voices))
    a = np.asarray(voices, dtype=np.float32)
    b = np.asarray(charter, dtype=np.float32)
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return (a @ b.T).max(axis=1).astype(np.float64)
