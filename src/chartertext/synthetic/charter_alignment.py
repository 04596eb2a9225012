"""Planted corpora for charter alignment: a common shock that is not convergence, and convergence that is.

:func:`planted_alignment` draws segment vectors of clustered meetings of groups of unequal
volume, a charter and a placebo charter, with a known truth about each group's pull toward the
charter's subjects. The model, for segment i of meeting M of group g in period t::

    x_i = h_g + pull_g(t) * v_k(i) + genre(t) * u + a_M + e_i       (talk)
    x_i = c_k + 0.2 e_i                                               (a recitation, late periods only)

with orthonormal directions: ``h_g`` the group's own theme, ``v_k`` the subject of charter article
k (drawn at random per segment), ``u`` the charter genre. Charter articles are
``c_k = 0.6 u + 0.8 v_k`` and placebo articles ``0.6 u + 0.8 w_j`` with ``w_j`` subjects nobody
talks about. Meeting effects ``a_M ~ N(0, icc / dim)``, noise ``e_i ~ N(0, (1 - icc) / dim)``,
scaled so that a segment's noise has norm about ``noise``.

Scenarios
---------
``"shock"``: every group keeps its own pull (different levels, constant in time), and in the last
third of the periods every group both speaks the charter's genre (``genre`` rises) and recites
the charter (``recite_share`` of the late segments). Raw alignment rises for all; the truth is no
convergence. ``"converge"``: pulls start apart and move linearly to a common value; no shock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import ConfigError

SCENARIOS = ("shock", "converge")


@dataclass(frozen=True)
class PlantedAlignment:
    """A planted alignment corpus.

    Attributes
    ----------
    segments : pandas.DataFrame
        ``group``, ``period`` ("2024-01", ...), ``meeting`` (unique id), ``recited`` (bool).
    vectors : ndarray of shape (n, dim)
    charter, placebo : ndarray of shape (k, dim)
    pulls : ndarray of shape (n_groups, n_periods)
        Each group's true pull toward the charter's subjects per period.
    """

    segments: pd.DataFrame
    vectors: NDArray[np.float64]
    charter: NDArray[np.float64]
    placebo: NDArray[np.float64]
    pulls: NDArray[np.float64]


def planted_alignment(
    seed: int,
    scenario: str,
    *,
    n_periods: int = 6,
    volumes: tuple[int, ...] = (1, 5, 10),
    segments_per_meeting: int = 6,
    icc: float = 0.3,
    noise: float = 1.0,
    start_pulls: tuple[float, ...] = (0.1, 0.4, 0.7),
    end_pull: float = 0.4,
    genre: float = 0.5,
    recite_share: float = 0.3,
    n_articles: int = 8,
    dim: int = 48,
    dropout: dict[int, int] | None = None,
) -> PlantedAlignment:
    """Draw a planted corpus (see the module docstring).

    Parameters
    ----------
    seed : int
    scenario : {"shock", "converge"}
    n_periods : int, default 6
    volumes : tuple of int, default (1, 5, 10)
        Meetings per period of each group (unequal volume); one group per entry.
    segments_per_meeting : int, default 6
        Mean segments per meeting (Poisson, at least 2).
    icc : float, default 0.3
        Share of the noise due to the meeting.
    noise : float, default 1.0
    start_pulls : tuple of float
        Each group's pull in the first period (kept throughout under "shock").
    end_pull : float, default 0.4
        Common pull every group reaches in the last period under "converge".
    genre, recite_share : float
        Under "shock": the charter-genre component and the share of recitations in the late third.
    n_articles : int, default 8
    dim : int, default 48
    dropout : dict of int to int, optional
        Group index → first period (0-based) from which that group holds no meeting (it leaves).

    Returns
    -------
    PlantedAlignment
    """
    if scenario not in SCENARIOS:
        raise ConfigError(f"scenario {scenario!r} is not one of {', '.join(SCENARIOS)}. Fix: use one of them.")
    n_groups = len(volumes)
    if len(start_pulls) != n_groups or dim < n_groups + 2 * n_articles + 1:
        raise ConfigError("start_pulls needs one value per group and dim ≥ groups + 2 × articles + 1.")
    rng = np.random.default_rng(seed)
    basis = np.linalg.qr(rng.normal(size=(dim, dim)))[0].T  # orthonormal rows
    u, themes = basis[0], basis[1 : 1 + n_groups]
    subjects = basis[1 + n_groups : 1 + n_groups + n_articles]
    unrelated = basis[1 + n_groups + n_articles : 1 + n_groups + 2 * n_articles]
    charter, placebo = 0.6 * u + 0.8 * subjects, 0.6 * u + 0.8 * unrelated
    step = np.linspace(0.0, 1.0, n_periods)
    starts = np.asarray(start_pulls, dtype=np.float64)[:, None]
    pulls = np.repeat(starts, n_periods, axis=1) if scenario == "shock" else starts + (end_pull - starts) * step
    late = np.arange(n_periods) >= n_periods - max(1, n_periods // 3)
    scale_meeting, scale_noise = noise * np.sqrt(icc / dim), noise * np.sqrt((1 - icc) / dim)
    rows, vectors, meeting = [], [], 0
    for g in range(n_groups):
        for t in range(n_periods):
            shocked = scenario == "shock" and late[t]
            if dropout and g in dropout and t >= dropout[g]:
                continue
            for _ in range(volumes[g]):
                meeting += 1
                size = max(2, int(rng.poisson(segments_per_meeting)))
                effect = rng.normal(0.0, scale_meeting, dim)
                for _ in range(size):
                    k = int(rng.integers(n_articles))
                    e = rng.normal(0.0, scale_noise, dim)
                    recite = shocked and rng.random() < recite_share
                    if recite:
                        x = charter[k] + 0.2 * e
                    else:
                        x = themes[g] + pulls[g, t] * subjects[k] + (genre if shocked else 0.0) * u + effect + e
                    vectors.append(x)
                    rows.append((f"g{g}", f"2024-{t + 1:02d}", f"m{meeting:04d}", recite))
    segments = pd.DataFrame(rows, columns=["group", "period", "meeting", "recited"])
    return PlantedAlignment(segments, np.asarray(vectors), charter, placebo, pulls)


#: What :func:`alignment_rejection_rates` measures the tests on: the raw score (no placebo, recitations kept),
#: the net score with recitations kept, and the net score as reported (recitations left out).
VARIANTS = ("raw", "net_with_recitations", "net")


def alignment_rejection_rates(
    scenario: str, n_corpora: int, *, seed: int = 0, variant: str = "net", n_permutations: int = 199, **options: Any
) -> dict[str, float]:
    """How often the spread and group trend tests reject at 5% on ``n_corpora`` planted corpora.

    Parameters
    ----------
    scenario : {"shock", "converge"}
    n_corpora : int
        Corpora drawn with seeds ``seed``, ``seed + 1``, ...
    variant : {"raw", "net_with_recitations", "net"}, default "net"
    n_permutations : int, default 199
    **options
        Passed to :func:`planted_alignment`.

    Returns
    -------
    dict
        ``spread_rejected`` (share of corpora with the spread trend's p < 0.05), ``group_rejected``
        (share of group trends with p < 0.05), ``any_group_bh`` (share of corpora with a group's
        BH-adjusted p < 0.05), ``spread_ratio`` (median over corpora of last / first spread),
        ``trend_ratio`` (the same for the spread the trend compares: groups present in every period),
        ``n_corpora``, ``n_group_tests``.
    """
    from ..metrics.alignment import charter_alignment
    from ..metrics.net_alignment import with_net

    if variant not in VARIANTS:
        raise ConfigError(f"variant {variant!r} is not one of {', '.join(VARIANTS)}. Fix: use one of them.")
    spread = any_bh = groups_rejected = n_tests = 0
    ratios, trend_ratios = [], []
    for k in range(n_corpora):
        corpus = planted_alignment(seed + k, scenario, **options)
        seg, placebo = corpus.segments, corpus.placebo if variant != "raw" else None
        recited = seg["recited"].to_numpy() if variant == "net" else None
        result = charter_alignment(
            seg, corpus.vectors, corpus.charter, seed=seed + k, n_bootstrap=0, n_permutations=n_permutations,
            min_segments=5, placebo_embeddings=placebo, recited=recited,
        )  # fmt: skip
        trends, found = result.trends, result.spread
        trend = result.spread_trend
        if variant == "raw":
            # The same spread and tests on the raw scores: a placebo of zero, every segment kept.
            order = sorted(seg["period"].unique())
            _, trends, extra = with_net(
                seg, result.scores, np.zeros(len(seg)), seg["group"].to_numpy(object), seg["period"].to_numpy(object),
                order, np.ones(len(seg), dtype=bool), None, plan_args=(0, n_permutations, 5, 0.95, "two-sided", ()),
                seed=seed + k, table=result.table, trends=result.trends, warnings=[],
            )  # fmt: skip
            found, trend = extra["spread"], extra["spread_trend"]
        spread += bool(trend["p_value"] < 0.05)
        any_bh += bool((trends["net_p_bh"] < 0.05).any())
        groups_rejected += int((trends["net_p_value"] < 0.05).sum())
        n_tests += int(trends["net_p_value"].notna().sum())
        values = found["spread"].dropna().to_numpy()
        ratios.append(values[-1] / values[0])
        trend_ratios.append(trend["last"] / trend["first"])
    return {
        "spread_rejected": spread / n_corpora,
        "group_rejected": groups_rejected / max(n_tests, 1),
        "any_group_bh": any_bh / n_corpora,
        "spread_ratio": float(np.median(ratios)),
        "trend_ratio": float(np.nanmedian(trend_ratios)),
        "n_corpora": n_corpora,
        "n_group_tests": n_tests,
    }


def alignment_interval_coverage(
    volumes: tuple[int, ...], n_corpora: int, *, seed: int = 0, n_bootstrap: int = 200
) -> dict[str, Any]:
    """How often the net alignment's cell and spread intervals hold the planted truth.

    Each corpus has one period with pulls ``(0.1, 0.4, 0.7)`` and ``volumes`` meetings per group,
    analysed without anisotropy correction so that the truth is defined: each group's expected
    net score, estimated on 400 meetings per group drawn with the same seed's directions, and the
    standard deviation of those across groups.

    Returns
    -------
    dict
        ``cells`` {group: share covered}, ``spread`` (share covered), ``n_corpora``.
    """
    from ..metrics.alignment import charter_alignment
    from ..metrics.semantic import AnisotropyCorrection

    def net(c: PlantedAlignment) -> NDArray[np.float64]:
        x = c.vectors / np.linalg.norm(c.vectors, axis=1, keepdims=True)
        best = lambda a: (x @ (a / np.linalg.norm(a, axis=1, keepdims=True)).T).max(axis=1)  # noqa: E731
        return best(c.charter) - best(c.placebo)

    options = {"scenario": "converge", "start_pulls": (0.1, 0.4, 0.7), "end_pull": 0.1}
    cells = {f"g{g}": 0 for g in range(len(volumes))}
    spread = 0
    for k in range(n_corpora):
        # Same seed, same directions: the first draw of planted_alignment is its basis.
        big = planted_alignment(seed + k, volumes=(400,) * len(volumes), n_periods=1, **options)  # type: ignore[arg-type]
        truth = pd.Series(net(big)).groupby(big.segments["group"].to_numpy()).mean()
        corpus = planted_alignment(seed + k, volumes=volumes, n_periods=2, **options)  # type: ignore[arg-type]
        dim = corpus.vectors.shape[1]
        identity = AnisotropyCorrection(mean=np.zeros(dim), components=np.zeros((0, dim)), explained=np.zeros(0))
        result = charter_alignment(
            corpus.segments, corpus.vectors, corpus.charter, correction=identity, placebo_embeddings=corpus.placebo,
            seed=seed + k, n_bootstrap=n_bootstrap, n_permutations=0, min_segments=1,
        )  # fmt: skip
        first = result.table[result.table["period"] == "2024-01"].set_index("group")
        for g in cells:
            cells[g] += bool(first.loc[g, "net_ci_low"] <= truth[g] <= first.loc[g, "net_ci_high"])
        row = result.spread.iloc[0]
        spread += bool(row["ci_low"] <= truth.std(ddof=1) <= row["ci_high"])
    return {"cells": {g: n / n_corpora for g, n in cells.items()}, "spread": spread / n_corpora, "n_corpora": n_corpora}
