"""Validation of the quarter review on simulated teams with a known truth.

Run: ``python validation/review_validation.py [--reps 300]``. Prints, for each
kind of simulated team (okrlab.review.simulate), how often calibration() and
review() flag it, with binomial standard errors, and checks the Brier
decomposition identity. Takes about a minute at the default size.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
import pandas as pd

from okrlab.review import calibration, review
from okrlab.review.calibration import brier_decomposition
from okrlab.review.simulate import TEAM_KINDS, simulate_checkins


def rates(reps, teams_per_kind, quarters, seed, overconfidence=1.2):
    teams = {f"{k}-{i}": k for k in TEAM_KINDS for i in range(teams_per_kind)}
    rows = []
    rng = np.random.default_rng(seed)
    for _ in range(reps):
        data = simulate_checkins(
            teams=teams, quarters=quarters, overconfidence=overconfidence, seed=rng
        )
        cal = calibration(data).teams.assign(kind=lambda t: t["team"].str.rsplit("-", n=1).str[0])
        rev = review(data).teams
        merged = cal.merge(
            rev[["team", "verdict", "scores_too_high", "targets_within_noise"]],
            on="team",
            suffixes=("_cal", "_rev"),
        )
        rows.append(merged)
    return pd.concat(rows, ignore_index=True)


def table(df):
    out = []
    for kind, g in df.groupby("kind", sort=False):
        n = len(g)
        for label, hit in (
            ("calibration: over-confident", g["verdict_cal"] == "over-confident"),
            ("calibration: under-confident", g["verdict_cal"] == "under-confident"),
            ("review: scores too high", g["scores_too_high"]),
            ("review: targets within noise", g["targets_within_noise"]),
            ("review: verdict sandbagging", g["verdict_rev"] == "sandbagging"),
        ):
            p = float(np.mean(hit))
            out.append(
                {
                    "team kind": kind,
                    "flag": label,
                    "teams": n,
                    "rate": p,
                    "se": math.sqrt(p * (1 - p) / n),
                }
            )
    return pd.DataFrame(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reps", type=int, default=100)
    ap.add_argument("--teams-per-kind", type=int, default=4)
    ap.add_argument("--quarters", type=int, default=4)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--overconfidence", type=float, default=1.2)
    a = ap.parse_args(argv)
    quarters = tuple(f"Q{i + 1}" for i in range(a.quarters))
    t0 = time.perf_counter()
    df = rates(a.reps, a.teams_per_kind, quarters, a.seed, a.overconfidence)
    print(
        f"{a.reps} replicate datasets x {3 * a.teams_per_kind} teams, "
        f"{a.quarters} quarters each, over-confidence shift {a.overconfidence} "
        f"({time.perf_counter() - t0:.0f} s)\n"
    )
    with pd.option_context("display.width", 120):
        print(table(df).round(3).to_string(index=False))
    # Brier decomposition identity on rounded forecasts
    rng = np.random.default_rng(1)
    f = np.round(rng.random(5000) * 20) / 20
    o = (rng.random(5000) < f).astype(float)
    d = brier_decomposition(f, o)
    print(
        f"\nBrier identity: brier={d['brier']:.6f}, rel-res+unc="
        f"{d['reliability'] - d['resolution'] + d['uncertainty']:.6f}, "
        f"within_bin={d['within_bin']:.2e}"
    )


if __name__ == "__main__":
    main()
