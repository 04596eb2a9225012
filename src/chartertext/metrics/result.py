"""What ``measure_convergence`` returns, and its ``summary.json`` form."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from ..jsonsafe import json_safe, json_value
from .config import COMPONENTS, ConvergenceConfig
from .onset import OnsetTest
from .power import TrendPower
from .stats import TrendTest

#: Why convergence was or was not measured: the ``status`` of a :class:`ConvergenceResult`.
CONVERGENCE_STATUSES: dict[str, str] = {
    "ok": "at least two groups are compared in at least three periods: the trend is tested",
    "no_group": "no analysed segment has a group: nothing to compare",
    "one_group": "every analysed segment belongs to one group: there is no second group to compare it with",
    "too_few_periods": "fewer than three periods compare two groups: the trend cannot be tested",
}


@dataclass(frozen=True)
class ShockCheck:
    """The trend test without the segments closest to the charter drafts: is a rise carried by them?

    Attributes
    ----------
    share : float
        Share of the compared segments left out (the closest to the charter drafts).
    n_segments : int
        Segments left out.
    excluded_in_primary : bool
        Whether the primary estimate already leaves them out (``exclude_shock``).
    slope_without, p_value_without, net_total_change_without : float
        The trend test without them.
    carried_by_shock : bool
        The trend is significant (5%) with them and not without: the rise is carried by an item
        that entered every group's meetings at once, not by groups moving toward each other.
    """

    share: float
    n_segments: int
    excluded_in_primary: bool
    slope_without: float
    p_value_without: float
    net_total_change_without: float
    carried_by_shock: bool

    def as_dict(self) -> dict[str, Any]:
        return {k: json_value(v) for k, v in asdict(self).items()}


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
    pair_series : pandas.DataFrame
        The panel: one row per pair of groups and period compared (``group_a``, ``group_b``,
        ``period``, ``month``, ``index`` and each component).
    icc : dict of str to float
        Intraclass correlation of meetings per component (diagnostic: 0 = meetings add nothing
        to the spread of a group's talk, 1 = a meeting's paragraphs are all alike).
    holm : dict of str to float
        Holm-adjusted p-values of the family: ``index``, ``component:<name>``, ``onset``.
    power : TrendPower or None
        Power of the trend test on this design (:mod:`.power`).
    shock_check : ShockCheck or None
        The trend without the segments closest to the charter drafts.
    tested_periods : tuple of str
        Periods in the trend and onset tests.
    n_joint_segments : int
        Segments of joint sessions left out of the comparison.
    status : str
        A key of :data:`CONVERGENCE_STATUSES`: "ok", or why nothing could be tested.
    status_reason : str
        The same in one sentence, with this corpus's numbers.
    group_options : dict or None
        When fewer than two groups are compared: what the corpus offers as groups
        (:func:`chartertext.groups.group_options`); None otherwise.
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
    pair_series: pd.DataFrame = field(default_factory=pd.DataFrame)
    icc: dict[str, float] = field(default_factory=dict)
    holm: dict[str, float] = field(default_factory=dict)
    power: TrendPower | None = None
    shock_check: ShockCheck | None = None
    tested_periods: tuple[str, ...] = ()
    n_joint_segments: int = 0
    status: str = "ok"
    status_reason: str = ""
    group_options: dict[str, Any] | None = None

    def to_summary(self) -> dict[str, Any]:
        """The ``convergence`` section of ``summary.json`` (NaN written as null).

        Keys: ``series`` (list of {period, index, ci_low, ci_high, flagged, reason, n_segments,
        and each component}), ``trend`` (TrendTest fields: slope, p_value, ...), ``onset``
        (period or null), ``onset_test``, ``component_trends`` ({component: TrendTest fields}),
        ``components``, ``index_components``, ``seed``, ``parameters``, ``warnings``, ``status``
        and ``status_reason`` (:data:`CONVERGENCE_STATUSES`), ``group_options``.
        """
        keep = ["period", "index", "ci_low", "ci_high", "flagged", "reason", "n_segments", "n_groups", "n_meetings"]
        keep += [c for c in (*COMPONENTS, "separability") if c in self.series]
        keep += [f"{c}_{part}" for c in COMPONENTS for part in ("distance", "dispersion") if f"{c}_{part}" in self.series]
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
            "unit": "meeting",
            "tested_periods": list(self.tested_periods),
            "icc": {k: json_value(v) for k, v in self.icc.items()},
            "holm": {k: json_value(v) for k, v in self.holm.items()},
            "power": None if self.power is None else json_safe(self.power.as_dict()),
            "shock_check": None if self.shock_check is None else self.shock_check.as_dict(),
            "joint_segments": self.n_joint_segments,
            "status": self.status,
            "status_reason": self.status_reason,
            "group_options": None if self.group_options is None else json_safe(self.group_options),
        }

