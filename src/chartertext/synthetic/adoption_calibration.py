"""How well adoption is dated on planted corpora: first mention (old) against rates (new).

:func:`adoption_study` draws corpora of :func:`~.adoption.planted_adoption`, runs
:func:`chartertext.metrics.value_adoption` on each, and scores per value × group against the
truth: the dating error of true adoptions, the share of true adoptions found, and the share
of never-adopting value × groups dated anyway (false adoption). "Old" is the first mention
(``min_mentions=1``, each meeting its own period); "new" is adoption as rates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from ..metrics.adoption import value_adoption
from ..metrics.adoption_rates import RateSettings
from ..values import ValueLexicon, load_lexicon
from .adoption import PlantedGroup, planted_adoption

#: Unequal volume (1×, 5×, 10× words per meeting) and frequency (monthly, fortnightly, weekly);
#: "muet" has the volume of "moyen" and adopts nothing.
GROUPS: dict[str, PlantedGroup] = {
    "petit": PlantedGroup(words=200, every_days=28),
    "moyen": PlantedGroup(words=1000, every_days=14),
    "grand": PlantedGroup(words=2000, every_days=7),
    "muet": PlantedGroup(words=1000, every_days=14),
}
VALUES: tuple[str, ...] = ("dignité", "écoute", "solidarité", "confiance")
#: When each group adopts each value (fraction of the year); absent = never. "confiance" never.
ADOPTION: dict[tuple[str, str], float] = {
    ("dignité", "grand"): 0.3, ("dignité", "moyen"): 0.45, ("dignité", "petit"): 0.6,
    ("écoute", "petit"): 0.3, ("écoute", "moyen"): 0.5,
    ("solidarité", "moyen"): 0.4, ("solidarité", "grand"): 0.55,
}  # fmt: skip


@dataclass(frozen=True)
class AdoptionScores:
    """Scores over the value × groups of many planted corpora (per-pair records in ``pairs``)."""

    pairs: pd.DataFrame
    first: pd.DataFrame

    def summary(self) -> dict[str, Any]:
        """Headline numbers, each with the n it is a share or a mean of."""
        adopted = self.pairs[self.pairs["adopted"]]
        never = self.pairs[~self.pairs["adopted"]]
        found = adopted[adopted["new_found"]]
        return {
            "n_adopted": len(adopted),
            "n_never": len(never),
            "old_found": float(adopted["old_found"].mean()) if len(adopted) else np.nan,
            "new_found": float(adopted["new_found"].mean()) if len(adopted) else np.nan,
            "old_mae_days": float(adopted["old_error"].abs().mean()) if len(adopted) else np.nan,
            "old_bias_days": float(adopted["old_error"].mean()) if len(adopted) else np.nan,
            "n_new_dated": len(found),
            "new_mae_days": float(found["new_error"].abs().mean()) if len(found) else np.nan,
            "new_bias_days": float(found["new_error"].mean()) if len(found) else np.nan,
            "old_false": float(never["old_found"].mean()) if len(never) else np.nan,
            "new_false": float(never["new_found"].mean()) if len(never) else np.nan,
            "new_raw_p05": float((never["p_value"] <= 0.05).mean()) if len(never) else np.nan,
            "never_reported_censored": float(never["new_censored"].mean()) if len(never) else np.nan,
        }


def adoption_study(
    n_corpora: int,
    *,
    adoption: Mapping[tuple[str, str], float] | None = None,
    groups: Mapping[str, PlantedGroup] | None = None,
    settings: RateSettings | None = None,
    seed: int = 0,
    lexicon: ValueLexicon | None = None,
    **planted: Any,
) -> AdoptionScores:
    """Score old and new adoption dating on ``n_corpora`` planted corpora (seeds ``seed``, ``seed + 1``, ...).

    Parameters
    ----------
    n_corpora : int
    adoption : mapping, optional
        Default :data:`ADOPTION`; ``{}`` is the null (no adoption anywhere).
    groups : mapping, optional
        Default :data:`GROUPS`.
    settings : RateSettings, optional
        Its seed is replaced by each corpus's seed.
    seed : int
    lexicon : ValueLexicon, optional
    **planted
        Passed to :func:`~.adoption.planted_adoption` (``background``, ``adopted_rate``, ...).

    Returns
    -------
    AdoptionScores
    """
    lexicon = lexicon or load_lexicon()
    plan = ADOPTION if adoption is None else adoption
    groups = GROUPS if groups is None else groups
    settings = settings or RateSettings()
    pairs, firsts = [], []
    for k in range(n_corpora):
        corpus = planted_adoption(groups, plan, VALUES, seed=seed + k, lexicon=lexicon, **planted)
        result = value_adoption(corpus.segments, lexicon, rate_settings=replace(settings, seed=seed + k))
        assert result.rates is not None
        old = result.first_mentions.set_index(["value", "group"])["adopted_date"]
        new = result.rates.adoption.set_index(["value", "group"])
        for row in corpus.truth.itertuples(index=False):
            key = (row.value, row.group)
            old_date = old.get(key)
            new_row = new.loc[key]
            new_date = new_row["adopted_date"]
            pairs.append(
                {"corpus": k, "value": row.value, "group": row.group, "adopted": row.adopted,
                 "old_found": old_date is not None and not pd.isna(old_date),
                 "old_error": _days(old_date, row.date), "new_found": new_row["status"] == "adopted",
                 "new_error": _days(new_date, row.date), "new_censored": bool(new_row["censored"]),
                 "status": new_row["status"], "p_value": new_row["p_value"], "p_fdr": new_row["p_fdr"]}  # fmt: skip
            )
        firsts += _first_groups(k, corpus.truth, result)
    return AdoptionScores(pd.DataFrame(pairs), pd.DataFrame(firsts))


def _days(found: Any, truth: Any) -> float:
    if found is None or truth is None or pd.isna(found) or pd.isna(truth):
        return float("nan")
    return float((found - truth).days)


def _first_groups(k: int, truth: pd.DataFrame, result: Any) -> list[dict[str, Any]]:
    """Per value with an adopter: the true first group, the old and new first groups, and the new p_first."""
    out = []
    spread = result.spread.set_index("value")
    diffusion = result.rates.diffusion.set_index("value")
    for value, rows in truth[truth["adopted"]].groupby("value"):
        true_first = rows.sort_values("date")["group"].iloc[0]
        out.append(
            {"corpus": k, "value": value, "true_first": true_first, "old_first": spread.loc[value, "first_group"],
             "new_first": diffusion.loc[value, "first_group"],
             "p_first_true": diffusion.loc[value, "p_first"].get(true_first, 0.0)}  # fmt: skip
        )
    return out
