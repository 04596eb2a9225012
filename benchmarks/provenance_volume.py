"""Regenerate the README's provenance table: attribution on planted charters, before and after the volume calibration.

Each planted charter (:func:`chartertext.synthetic.provenance.planted_charter`, vectors with a
known author per article, ``lexical_weight=0``) is read twice: by the raw softmax over groups
(before: no placebo) and calibrated on placebo articles (after). Prints a Markdown table of the
means over seeds, and the spread (min–max) of the largest group's share. The truth: each group
wrote ``authored_per_group`` articles whatever its volume; nobody's articles belong to no group.

    python benchmarks/provenance_volume.py --seeds 10
"""

from __future__ import annotations

import argparse

import numpy as np

from chartertext.metrics.provenance import charter_provenance
from chartertext.synthetic.provenance import attribution_scores, planted_charter

#: Scenario name → keyword arguments of planted_charter.
SCENARIOS: dict[str, dict[str, object]] = {
    "authors 4/group + 6 nobody's, volumes 1×,5×,10×": {"volumes": (1, 5, 10)},
    "authors 4/group + 6 nobody's, volumes 1×,1×,1×": {"volumes": (1, 1, 1)},
    "20 nobody's articles, volumes 1×,10×": {"volumes": (1, 10), "authored_per_group": 0, "unwritten": 20},
    "20 nobody's articles, volumes 1×,30×": {"volumes": (1, 30), "authored_per_group": 0, "unwritten": 20},
}


def measure(scenario: dict[str, object], seed: int, calibrated: bool, n_bootstrap: int = 200) -> dict[str, float]:
    """Attribution scores of one planted charter, before (raw softmax) or after (calibrated)."""
    planted = planted_charter(seed, **scenario)  # type: ignore[arg-type]
    extra = {"placebo": planted.placebo, "placebo_embeddings": planted.placebo_vectors} if calibrated else {}
    result = charter_provenance(
        planted.minutes, planted.minutes_vectors, planted.charter, planted.charter_vectors,
        lexical_weight=0.0, n_bootstrap=n_bootstrap, seed=seed, **extra,  # type: ignore[arg-type]
    )
    scores = attribution_scores(planted, result)
    shares = result.shares.set_index("group")["share"]
    smallest = planted.minutes["group"].value_counts().idxmin()
    scores["smallest_share"] = float(shares.get(smallest, 0.0))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()
    print("| scenario | method | accuracy (written) | written → unattributed | nobody's → unattributed "
          "| largest group's weight on nobody's | largest group's share (min–max) | smallest group's share "
          "| unattributed share |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, scenario in SCENARIOS.items():
        for calibrated in (False, True):
            runs = [measure(scenario, seed, calibrated) for seed in range(args.seeds)]
            m = {k: float(np.nanmean([r[k] for r in runs])) if any(np.isfinite(r[k]) for r in runs) else float("nan")
                 for k in runs[0]}
            lo, hi = min(r["largest_share"] for r in runs), max(r["largest_share"] for r in runs)
            cell = lambda v: "—" if not np.isfinite(v) else f"{v:.0%}"  # noqa: E731
            print(f"| {name} | {'after' if calibrated else 'before'} | {cell(m['accuracy'])} | {cell(m['missed'])} "
                  f"| {cell(m['unattributed_unwritten'])} | {cell(m['largest_on_unwritten'])} "
                  f"| {m['largest_share']:.0%} ({lo:.0%}–{hi:.0%}) | {m['smallest_share']:.0%} "
                  f"| {cell(m['unattributed_share'])} |")


if __name__ == "__main__":
    main()
