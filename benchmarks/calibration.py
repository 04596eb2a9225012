"""Regenerate the README's calibration table: how often the convergence tests reject on planted corpora.

For each scenario of :data:`chartertext.synthetic.meetings.NULL_SCENARIOS` (nothing converges,
one feature of real minutes each), the share of corpora where the trend test and the onset test
reject at 5%, and for a planted rise the power. Prints a Markdown table; about 1 minute for 300
corpora per scenario on 2 cores. The test suite asserts the same rates
(tests/metrics/test_calibration.py); this script is for reading them.

    python benchmarks/calibration.py --corpora 300
"""

from __future__ import annotations

import argparse

import numpy as np

from chartertext.synthetic.calibration import rejection_rates
from chartertext.synthetic.meetings import NULL_SCENARIOS

RISES = {"rise 0 → 0.3 over 8 months": 0.3, "rise 0 → 0.5 over 8 months": 0.5}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=int, default=300, help="planted corpora per scenario")
    args = parser.parse_args()
    print("| scenario | trend rejects | onset test rejects | onset reported | carried by shock |")
    print("|---|---|---|---|---|")
    rows = [(name, scenario, {}) for name, scenario in NULL_SCENARIOS.items()]
    rows.append(("common shock, kept in", NULL_SCENARIOS["common shock, left out"], {"exclude_shock": False}))
    rows += [(name, {"meetings": (2,), "convergence": tuple(np.linspace(0.0, rise, 8))}, {"seed": 10_000})
             for name, rise in RISES.items()]
    for name, scenario, options in rows:
        rates = rejection_rates(scenario, args.corpora, **options)
        print(f"| {name} | {rates.trend:.1%} | {rates.onset:.1%} | {rates.onset_reported:.1%} | {rates.carried:.1%} |")


if __name__ == "__main__":
    main()
