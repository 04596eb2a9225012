"""What ``measure_convergence`` returns, and its ``summary.json`` form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .config import COMPONENTS, ConvergenceConfig
from .stats import OnsetTest, TrendTest
from ..jsonsafe import json_value


@dataclass(frozen=True)
class ConvergenceResult:
    """Convergence index per period and its tests.

    Attributes
    ----------
    series : pandas.DataFrame
        One row per period, chronological: ``period``, ``start``, ``end`` (when a PeriodTable was
        given), ``index``, ``ci_low``, ``ci_high`` (bootstrap interval: percentile with
        ``calibration="chance"``, which contains the index; basic with ``"none"``, which can lie
        above it, see :func:`.stats.basic_interval`), ``index_bias`` (mean bootstrap index minus
        index), ``flagged``, ``reason``, ``in_trend`` (used by the trend and onset tests),
        ``n_segments``, ``n_groups`` (groups compared), then for each computed component
        ``<name>``, ``<name>_ci_low``, ``<name>_ci_high``, and ``separability`` when asked. The
        index is NaN where it cannot be computed.
    trend : TrendTest
    onset : str or None
        Label of the period where convergence starts, or None.
    onset_test : OnsetTest
    component_trends : dict of str to TrendTest
        The trend test of each computed component on the same permutations as the index's:
        which measure carries the trend (a component may move alone).
    seed : int
    config : ConvergenceConfig
    components : tuple of str
        Components computed (their inputs were given).
    index_components : tuple of str
        Components entering the index (computed and with positive weight).
    anisotropy_explained : tuple of float
        Variance share of each embedding direction removed by the anisotropy correction.
    warnings : tuple of str
    """

    series: pd.DataFrame
    trend: TrendTest
    onset: str | None
    onset_test: OnsetTest
    seed: int
    config: ConvergenceConfig
    components: tuple[str, ...]
    index_components: tuple[str, ...]
    anisotropy_explained: tuple[float, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    component_trends: dict[str, TrendTest] = field(default_factory=dict)

    def to_summary(self) -> dict[str, Any]:
        """The ``convergence`` section of ``summary.json`` (NaN written as null).

        Keys: ``series`` (list of {period, index, ci_low, ci_high, flagged, reason, n_segments,
        and each component}), ``trend`` (TrendTest fields: slope, p_value, ...), ``onset``
        (period or null), ``onset_test``, ``component_trends`` ({component: TrendTest fields}),
        ``components``, ``index_components``, ``seed``, ``parameters``, ``warnings``.
        """
        keep = ["period", "index", "ci_low", "ci_high", "flagged", "reason", "n_segments", "n_groups"]
        keep += [c for c in (*COMPONENTS, "separability") if c in self.series]
        rows = [{k: json_value(v) for k, v in row.items()} for row in self.series[keep].to_dict("records")]
        return {
            "series": rows,
            "trend": {k: json_value(v) for k, v in self.trend.as_dict().items()},
            "onset": self.onset,
            "onset_test": {k: json_value(v) for k, v in self.onset_test.as_dict().items()},
            "component_trends": {
                name: {k: json_value(v) for k, v in test.as_dict().items()}
                for name, test in self.component_trends.items()
            },
            "components": list(self.components),
            "index_components": list(self.index_components),
            "seed": self.seed,
            "parameters": self.config.as_dict(),
            "warnings": list(self.warnings),
        }

