"""The power of the trend test for this corpus's design: the smallest rise it could detect.

"No significant trend" means something only if the design could have detected a trend of a size
that matters. :func:`trend_power` answers this for the corpus at hand: it keeps its groups, its
periods (calendar positions), its meetings per group and period and their numbers of segments,
and draws planted corpora of that exact design (:mod:`chartertext.synthetic.meetings`'s model: meeting effects with
the corpus's own intraclass correlation, groups apart at the corpus's mean convergence). It
plants rises of increasing size, linear in calendar time and centred on the observed mean
index, and counts how often the trend statistic exceeds the critical value of the same design
under no rise (a parametric bootstrap of the null, Efron & Tibshirani 1993, ch. 16), then
interpolates the rise detected with the target power.

Only the point estimate is computed for each planted corpus, so the whole grid costs a few
seconds. The planted rise is in one component's scale: the index is a mean of components that
move together in this model; a rise carried by one component alone needs to be larger.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..memo import remembered
from .chance import chance_scale
from .config import ConvergenceConfig
from .design import MeetingDesign
from .meetings import MeetingSums, energy_parts, pair_index
from .panel import panel_slope

#: Rises (in index units, over the whole span) at which the power is simulated, as shares of the room available.
_GRID = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0)
_DIM = 16


@dataclass(frozen=True)
class TrendPower:
    """Power of the trend test on this design.

    Attributes
    ----------
    target : float
        The power asked for (0.8).
    alpha : float
    minimum_detectable_rise : float or None
        Smallest total rise of the index over the span detected with ``target`` power (index
        units, interpolated); None when even the largest rise tried is not.
    rises, power : tuple of float
        The rises simulated and the power at each.
    icc : float
        Intraclass correlation of meetings used (the corpus's, semantic representation).
    baseline : float
        The mean index around which rises are planted.
    n_simulations : int
        Planted corpora per rise (and under no rise).
    """

    target: float
    alpha: float
    minimum_detectable_rise: float | None
    rises: tuple[float, ...]
    power: tuple[float, ...]
    icc: float
    baseline: float
    n_simulations: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def trend_power(
    design: MeetingDesign,
    tested: NDArray[np.int64],
    baseline: float,
    cfg: ConvergenceConfig,
    seed: int,
    *,
    target: float = 0.8,
) -> TrendPower | None:
    """Simulate the power of the trend test on ``design`` (see the module docstring).

    Parameters
    ----------
    design : MeetingDesign
    tested : ndarray of int
        Period codes of the trend test.
    baseline : float
        Observed mean index over the tested periods.
    cfg : ConvergenceConfig
        ``power_simulations`` corpora per rise; ``alternative`` and ``onset_alpha`` give the level.
    seed : int

    Returns
    -------
    TrendPower or None
        None when the test cannot run (fewer than three periods) or no simulation is asked for.
    """
    # The simulations are most of what convergence costs: a re-run with the same design reuses them.
    stored = remembered(
        "convergence.trend_power",
        (design, tested, baseline, cfg, seed, target),
        lambda: _fields(_trend_power(design, tested, baseline, cfg, seed, target=target)),
    )
    return None if stored is None else TrendPower(*stored)


def _fields(power: TrendPower | None) -> tuple[Any, ...] | None:
    return None if power is None else tuple(getattr(power, f.name) for f in fields(power))


def _trend_power(
    design: MeetingDesign,
    tested: NDArray[np.int64],
    baseline: float,
    cfg: ConvergenceConfig,
    seed: int,
    *,
    target: float,
) -> TrendPower | None:
    n_sim = cfg.power_simulations
    if n_sim <= 0 or len(tested) < 3 or not np.isfinite(baseline):
        return None
    icc = design.icc.get("semantic", float("nan"))
    icc = float(np.clip(icc if np.isfinite(icc) else 0.2, 0.0, 0.95))
    level = min(max(baseline, 0.02), 0.98)
    room = min(level, 1.0 - level) * 2
    rises = tuple(round(room * share, 4) for share in _GRID)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1729]))
    months = design.months[tested]
    null = np.array([_slope(design, tested, months, level, 0.0, icc, cfg, rng) for _ in range(n_sim)])
    alpha = 0.05
    critical = np.quantile(null[np.isfinite(null)], 1 - alpha) if np.isfinite(null).any() else np.nan
    power = []
    for rise in rises:
        slopes = np.array([_slope(design, tested, months, level, rise, icc, cfg, rng) for _ in range(n_sim)])
        power.append(float(np.mean(slopes > critical)) if np.isfinite(critical) else float("nan"))
    return TrendPower(target, alpha, _crossing(rises, power, target), rises, tuple(power), icc, level, n_sim)


def _slope(
    design: MeetingDesign,
    tested: NDArray[np.int64],
    months: NDArray[np.float64],
    level: float,
    rise: float,
    icc: float,
    cfg: ConvergenceConfig,
    rng: np.random.Generator,
) -> float:
    """Panel slope of one planted corpus of the design, the index rising by ``rise`` around ``level``."""
    m, n_groups = cfg.reference_segments, len(design.groups)
    span = months.max() - months.min() or 1.0
    targets = np.clip(level + rise * ((months - months.min()) / span - 0.5), 1e-3, 1.0)
    # chance_scale inverted: index = 1 / (1 + m e), e = distance / spread (spread 1 here).
    distance = (1.0 / targets - 1.0) / m
    # Orthogonal centres at squared half-distance d: c_g = sqrt(d) e_g.
    basis = np.eye(_DIM)[:n_groups]
    sd_meeting, sd_segment = np.sqrt(icc / _DIM), np.sqrt((1 - icc) / _DIM)
    pairs = np.full((len(pair_index(n_groups)), len(tested)), np.nan)
    for j, t in enumerate(tested):
        members = design.cell_meetings(int(t))
        if not len(members):
            continue
        groups = design.meeting_group[members]
        sizes = design.meeting_segments[members]
        rows = np.repeat(np.arange(len(members)), sizes)
        centres = basis[groups] * np.sqrt(distance[j])
        x = (centres + rng.normal(scale=sd_meeting, size=(len(members), _DIM)))[rows]
        x += rng.normal(scale=sd_segment, size=x.shape)
        sums = MeetingSums.of(x, rows, len(members))
        parts = energy_parts(sums, groups, n_groups, np.ones((1, len(members))))
        # The spread between meetings is 1 by construction; the estimate replaces it as in the real index.
        spread = np.nanmean(parts.dispersion)
        pairs[:, j] = chance_scale(parts.distance[:, 0] / spread, m)
    return float(panel_slope(pairs[None], months)[0])


def _crossing(rises: tuple[float, ...], power: list[float], target: float) -> float | None:
    """The rise at which the power first reaches ``target``, interpolated linearly."""
    previous_rise, previous_power = 0.0, 0.05
    for rise, p in zip(rises, power):
        if np.isfinite(p) and p >= target:
            if p == previous_power:
                return rise
            return float(previous_rise + (target - previous_power) * (rise - previous_rise) / (p - previous_power))
        previous_rise, previous_power = rise, p
    return None
