"""Regenerate the README's adoption table: first mention (old) against adoption as rates (new) on planted corpora.

Groups of unequal volume and frequency (:data:`chartertext.synthetic.adoption_calibration.GROUPS`:
200 words monthly, 1,000 fortnightly, 2,000 weekly, and a 1,000-word group that adopts
nothing), a known adoption meeting per value × group, a background of 0.5 mentions per 1,000
words everywhere and 5 after adoption. Then the null: no adoption anywhere, volumes unequal.
Prints Markdown; about 2 seconds per corpus.

    python benchmarks/adoption_rates.py --corpora 40
"""

from __future__ import annotations

import argparse

import numpy as np

from chartertext.synthetic.adoption_calibration import GROUPS, adoption_study


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=int, default=40, help="planted corpora per scenario")
    args = parser.parse_args()
    planted = adoption_study(args.corpora, seed=1)
    pairs = planted.pairs
    print("Planted adoptions, per group (error = found date − true date, in days):\n")
    print("| group | words × meetings/year | n | old: dated | old: mean error | old: mean abs. error "
          "| new: dated | new: mean error | new: mean abs. error |")
    print("|---|---|---|---|---|---|---|---|---|")
    for group, spec in GROUPS.items():
        rows = pairs[(pairs["group"] == group) & pairs["adopted"]]
        if not len(rows):
            continue
        found = rows[rows["new_found"]]
        print(f"| {group} | {spec.words} × {365 // spec.every_days} | {len(rows)} | {rows['old_found'].mean():.0%} "
              f"| {rows['old_error'].mean():+.0f} | {rows['old_error'].abs().mean():.0f} | {rows['new_found'].mean():.0%} "
              f"| {found['new_error'].mean():+.0f} | {found['new_error'].abs().mean():.0f} |")
    head = planted.summary()
    print(f"\nNever-adopting value × groups (n = {head['n_never']}): dated by the old method "
          f"{head['old_false']:.1%}, adopted by the new {head['new_false']:.1%}, reported censored "
          f"{head['never_reported_censored']:.1%}.")
    first = planted.first
    print(f"First adopter of each value (n = {len(first)}): old right {np.mean(first['old_first'] == first['true_first']):.0%}, "
          f"new right {np.mean(first['new_first'] == first['true_first']):.0%}, "
          f"mean bootstrap probability of the true first {first['p_first_true'].mean():.2f}.")
    null_scores = adoption_study(args.corpora, adoption={}, seed=10_001)
    null = null_scores.summary()
    any_new = null_scores.pairs.groupby("corpus")["new_found"].any().mean()
    any_old = null_scores.pairs.groupby("corpus")["old_found"].any().mean()
    print(f"\nNull (no adoption anywhere, volumes unequal), n = {null['n_never']} value × groups in {args.corpora} "
          f"corpora: dated by the old method {null['old_false']:.1%}; adopted by the new {null['new_false']:.1%} "
          f"(raw permutation p ≤ 0.05: {null['new_raw_p05']:.1%}); corpora with at least one adoption: old "
          f"{any_old:.0%}, new {any_new:.0%}.")


if __name__ == "__main__":
    main()
