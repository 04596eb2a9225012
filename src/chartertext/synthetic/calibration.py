"""How often the convergence tests reject on planted corpora: their false-positive rate and their power.

:func:`rejection_rates` runs :func:`~chartertext.metrics.convergence.measure_convergence` on many planted corpora of
one scenario (:data:`.meetings.NULL_SCENARIOS`, or a planted rise) and counts how often the
trend test and the onset are reported at the 5% level. The test suite asserts the false-positive
rates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..metrics.config import ConvergenceConfig
from ..periods import assign_periods
from .meetings import planted_meetings

#: The settings of each simulated analysis: permutations only (99 make the 5% test exact).
CALIBRATION_CONFIG = ConvergenceConfig(n_bootstrap=0, n_permutations=99, power_simulations=0, min_segments=5)


@dataclass(frozen=True)
class Rates:
    """Shares of planted corpora where each test rejected at 5%.

    ``trend``: the trend test's p < 0.05; ``onset``: the onset test's own p < 0.05 (its level);
    ``onset_reported``: an onset reported (Holm-adjusted p < 0.05 and a rise ≥ ``onset_min_shift``);
    ``carried``: the common-shock check said a significant rise is carried by the shock.
    """

    trend: float
    onset: float
    onset_reported: float
    carried: float
    n_corpora: int
    tested: float

    def as_row(self) -> dict[str, Any]:
        return {"trend": self.trend, "onset": self.onset, "onset_reported": self.onset_reported,
                "carried_by_shock": self.carried, "corpora": self.n_corpora, "testable": self.tested}


def rejection_rates(
    scenario: Mapping[str, Any],
    n_corpora: int,
    *,
    seed: int = 0,
    config: ConvergenceConfig = CALIBRATION_CONFIG,
    exclude_shock: bool = True,
) -> Rates:
    """Run the tests on ``n_corpora`` planted corpora drawn with ``scenario`` (kwargs of planted_meetings).

    A scenario with a ``shock`` gives each segment its cosine with the common item as
    ``shock_scores``, and is analysed with the closest left out unless ``exclude_shock`` is
    False in ``scenario_config``.
    """
    trend = onset = reported = carried = tested = 0
    for k in range(n_corpora):
        planted = planted_meetings(seed + k, **scenario)
        seg = planted.segments
        periods = assign_periods(
            seg["date"], seg["group"], "month", min_segments=config.min_segments,
            meetings=seg["meeting"], min_meetings=config.min_meetings,
        )
        cfg, scores = config, None
        if "shock" in scenario:
            x = planted.vectors
            scores = x @ planted.shock_vector / (np.linalg.norm(x, axis=1) * np.linalg.norm(planted.shock_vector))
            cfg = replace(config, exclude_shock=exclude_shock)
        result = _measure(seg, planted.vectors, periods, cfg, seed + k, scores)
        p = result.trend.p_value
        tested += bool(np.isfinite(p))
        trend += bool(np.isfinite(p) and p < 0.05)
        onset += bool(result.onset_test.p_value < 0.05)
        reported += result.onset is not None
        carried += bool(result.shock_check is not None and result.shock_check.carried_by_shock)
    n = n_corpora
    return Rates(trend / n, onset / n, reported / n, carried / n, n, tested / n)


def _measure(seg: Any, vectors: Any, periods: Any, cfg: ConvergenceConfig, seed: int, scores: Any) -> Any:
    from ..metrics.convergence import measure_convergence

    return measure_convergence(seg, embeddings=vectors, periods=periods, config=cfg, seed=seed, shock_scores=scores)
