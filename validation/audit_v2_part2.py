"""Validation of audit v2 part 2 on simulated series with a known truth.

Run:  .venv/bin/python validation/audit_v2_part2.py [--reps 1000] [--quick]

Every rate is printed with its replicate count and binomial standard error
sqrt(p (1 - p) / reps). Series are generated here, independently of okrlab.

1. Recent decoupling (okrlab.audit._decoupling.decoupling on aligned pairs of
   changes, n = 156 weeks -> 155 pairs, r = 0.6): false "decoupled" on stable
   links at AR(phi) changes, phi in {0, .5, .8, .95}; detection when the link
   stops 13, 26 or 52 weeks before the end; break date error and coverage of
   its 95% interval.
2. Transform (okrlab.audit._transform.transform): the null rejection rate of
   a Bartlett-standardised Fisher-z correlation test on the transformed series
   for i.i.d. stationary levels (n in {52, 104, 156, 520}) and for independent
   series sharing a yearly season (weekly 104/156/520, monthly 36/60), with
   the raw-changes rate for comparison.
3. Full audit (okrlab.audit) verdicts on the shared-season null and on the
   recently decoupled scenario (when the installed pipeline reports `recent`).
4. goodhart_check: chance of any flagged week over 156 weeks (26-week
   baseline) when quality keeps its AR(phi) baseline behaviour while the KPI
   improves, phi in {0, .5, .8, .95}; detection rate and median delay for
   quality falls of 1.5 and 2.5 baseline sd.
5. kr_outcome_link: coverage of the 95% interval (Pearson, r = 0.4) and null
   rejection rate (r = 0), 8, 15 and 40 teams x 6 quarters, 30% of the
   variance shared within a team, normal and t3 data.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import okrlab  # noqa: E402
from okrlab.audit._decoupling import bartlett_factor, decoupling  # noqa: E402
from okrlab.audit._transform import transform  # noqa: E402
from okrlab.kr_link import _jackknife, _leave_one_out_pearson  # noqa: E402

WEEKS = pd.date_range("2015-01-05", periods=600, freq="W-MON")


def ar(rng, n, phi, burn=200):
    e = rng.standard_normal(n + burn)
    z = np.zeros(n + burn)
    for t in range(1, n + burn):
        z[t] = phi * z[t - 1] + e[t]
    return z[burn:]


def se(p, reps):
    return math.sqrt(max(p * (1 - p), 1e-12) / reps)


def row(label, hits, reps, extra=""):
    p = hits / reps
    print(f"  {label:<52} {p:6.3f}  (SE {se(p, reps):.3f}, {reps} reps){extra}")


def corr_p(a, b):
    from scipy import stats

    r = np.corrcoef(a, b)[0, 1]
    n_eff = len(a) / bartlett_factor(a, b)
    return 2 * stats.norm.sf(abs(np.arctanh(r)) * math.sqrt(max(n_eff - 3, 1)))


def season(n, code, amp):
    t = np.arange(n)
    if code == "W":
        return amp * (np.sin(2 * np.pi * t / 52.18) + 0.5 * np.cos(4 * np.pi * t / 52.18))
    return amp * np.sin(2 * np.pi * t / 12) + amp * (t % 12 == 11)


# -- 1 ------------------------------------------------------------------------------


def decoupling_table(reps, rng):
    print("\n1. Recent decoupling (pairs of changes, 155 pairs, r = 0.6)")
    m = 155
    for phi in (0.0, 0.5, 0.8, 0.95):
        hits = 0
        for _ in range(reps):
            x, u = ar(rng, m, phi), ar(rng, m, phi)
            hits += decoupling(x, 0.6 * x + 0.8 * u)[0]["p"] < 0.05
        row(f"stable link, AR phi={phi}: false decoupled", hits, reps, "  target <= 0.05")
    for stop in (13, 26, 52):
        hits, err, cov = 0, [], 0
        for _ in range(reps):
            x, u = ar(rng, m, 0.0), ar(rng, m, 0.0)
            y = 0.6 * x + 0.8 * u
            y[m - stop :] = u[m - stop :]
            res = decoupling(x, y)[0]
            hits += res["p"] < 0.05
            b = res["break"]
            err.append(abs(b["tau"] - (m - stop)))
            cov += b["tau_low"] <= m - stop <= b["tau_high"]
        target = {13: "", 26: "  target >= 0.80", 52: "  target >= 0.90"}[stop]
        row(f"link stopped {stop} weeks before the end: decoupled", hits, reps, target)
        if stop == 52:
            print(
                f"  {'   break date: median |error| (weeks)':<52} {np.median(err):6.1f}"
                f"  (90th pct {np.percentile(err, 90):.0f})  target <= 8"
            )
            row("   break date inside its 95% interval", cov, reps)


# -- 2 ------------------------------------------------------------------------------


def transform_table(reps, rng):
    print("\n2. Transform: null rejection of a Bartlett/Fisher-z test on the compared series")
    for n in (52, 104, 156, 520):
        hits = lv = 0
        for _ in range(reps):
            tr = transform(rng.standard_normal((n, 1)), rng.standard_normal(n), {"code": "W"})
            lv += tr.offset == 0
            hits += corr_p(tr.dX[:, 0], tr.dy) < 0.05
        row(f"i.i.d. stationary levels, n={n}: p < .05", hits, reps, "  target 0.04-0.06")
        row(f"   ... levels (not changes) compared, n={n}", lv, reps)
    for code, n in (("W", 104), ("W", 156), ("W", 520), ("M", 36), ("M", 60)):
        hits = raw = 0
        for _ in range(reps):
            s = season(n, code, 8.0)
            x = s + 0.5 * np.cumsum(rng.standard_normal(n)) + rng.standard_normal(n)
            y = s + 0.5 * np.cumsum(rng.standard_normal(n)) + rng.standard_normal(n)
            raw += corr_p(np.diff(x), np.diff(y)) < 0.05
            tr = transform(x[:, None], y, {"code": code})
            hits += corr_p(tr.dX[:, 0], tr.dy) < 0.05
        unit = "weeks" if code == "W" else "months"
        row(f"shared season, {n} {unit}: raw changes p < .05", raw, reps)
        row(
            f"shared season, {n} {unit}: transformed p < .05",
            hits,
            reps,
            "  target <= 0.05" if code == "W" else "",
        )


# -- 3 ------------------------------------------------------------------------------


def audit_table(reps, rng):
    print("\n3. Full audit verdicts (okrlab.audit, n_boot=999)")
    for n in (104, 156):
        pred = 0
        for r in range(reps):
            s = season(n, "W", 8.0)
            df = pd.DataFrame(
                {
                    "kpi": 100
                    + s
                    + 0.5 * np.cumsum(rng.standard_normal(n))
                    + rng.standard_normal(n),
                    "revenue": 500
                    + s
                    + 0.5 * np.cumsum(rng.standard_normal(n))
                    + rng.standard_normal(n),
                },
                index=WEEKS[:n],
            )
            res = okrlab.audit(df, kpi="kpi", outcome="revenue", n_boot=999, seed=r)
            pred += res.verdict in ("predictive", "coincident", "weak", "misaligned")
        row(f"shared-season null, n={n}: a link claimed", pred, reps, "  target <= 0.05")
    for n in (104, 156):
        pred = 0
        for r in range(reps):
            df = pd.DataFrame(
                {"kpi": 100 + rng.standard_normal(n), "revenue": 500 + rng.standard_normal(n)},
                index=WEEKS[:n],
            )
            res = okrlab.audit(df, kpi="kpi", outcome="revenue", n_boot=999, seed=r)
            pred += res.verdict in ("predictive", "coincident", "weak", "misaligned")
        row(f"i.i.d. stationary levels, n={n}: a link claimed", pred, reps, "  target <= 0.05")
    dec = 0
    has_recent = True
    for r in range(reps):
        x = np.cumsum(rng.standard_normal(156))
        dx = np.diff(x, prepend=0.0)
        dy = 0.6 * np.r_[0.0, dx[:-1]] + 0.8 * rng.standard_normal(156)
        dy[-26:] = 0.8 * rng.standard_normal(26) / 0.8
        df = pd.DataFrame({"kpi": 100 + x, "revenue": 500 + np.cumsum(dy)}, index=WEEKS[:156])
        res = okrlab.audit(df, kpi="kpi", outcome="revenue", n_boot=999, seed=r)
        has_recent = has_recent and "recent" in res.to_dict()
        dec += res.verdict == "decoupled"
    row(
        "KPI leads by 1, link stops 26 weeks before end: decoupled",
        dec,
        reps,
        "" if has_recent else "  (pipeline without `recent` yet)",
    )


# -- 4 ------------------------------------------------------------------------------


def goodhart_table(reps, rng):
    print("\n4. goodhart_check (156 weeks, 26-week baseline, CPL improves 10% after week 52)")
    from okrlab import KPI

    kpi = KPI("cpl", direction="lower")

    def frame(phi, fall_at=None, fall_sd=0.0):
        q = ar(rng, 156, phi)
        q = q / math.sqrt(1 / (1 - phi * phi))  # unit marginal sd
        if fall_at is not None:
            q[fall_at:] -= fall_sd
        cpl = 100 - 10 * (np.arange(156) >= 52) + rng.normal(0, 3, 156)
        return pd.DataFrame({"cpl": cpl, "quality": 0.3 + 0.02 * q}, index=WEEKS[:156])

    for phi in (0.0, 0.5, 0.8, 0.95):
        hits = sum(
            okrlab.goodhart_check(
                frame(phi), kpi=kpi, quality="quality", baseline=26, seed=r
            ).n_flagged
            > 0
            for r in range(reps)
        )
        row(f"no quality decline, AR phi={phi}: any flagged week", hits, reps, "  target <= 0.05")
    for fall in (1.5, 2.5):
        found, delays = 0, []
        for r in range(reps):
            chk = okrlab.goodhart_check(
                frame(0.0, 80, fall), kpi=kpi, quality="quality", baseline=26, seed=r
            )
            if chk.first_flagged is not None and chk.first_flagged >= WEEKS[80]:
                found += 1
                delays.append((chk.first_flagged - WEEKS[80]).days // 7)
        row(
            f"quality falls {fall} sd at week 80 (i.i.d.): detected",
            found,
            reps,
            f"  median delay {np.median(delays):.0f} weeks" if delays else "",
        )


# -- 5 ------------------------------------------------------------------------------


def clustered(rng, teams, quarters, rho, dist):
    L = np.linalg.cholesky(np.array([[1.0, rho], [rho, 1.0]]))

    def draw(k):
        z = (
            rng.standard_normal((k, 2))
            if dist == "normal"
            else rng.standard_t(3, (k, 2)) / math.sqrt(3)
        )
        return np.column_stack([L[0, 0] * z[:, 0], L[1, 0] * z[:, 0] + L[1, 1] * z[:, 1]])

    xy = np.repeat(draw(teams) * math.sqrt(0.3), quarters, axis=0) + draw(
        teams * quarters
    ) * math.sqrt(0.7)
    return xy[:, 0], xy[:, 1]


def kr_table(reps, rng):
    print("\n5. kr_outcome_link: cluster jackknife, Fisher z, t(G-1) (6 quarters per team)")
    for dist in ("normal", "t3"):
        for teams in (8, 15, 40):
            codes = np.repeat(np.arange(teams), 6)
            cov = rej = 0
            for _ in range(reps):
                x, y = clustered(rng, teams, 6, 0.4, dist)
                lo, hi, _ = _jackknife(*_leave_one_out_pearson(x, y, codes, teams), 0.95)
                cov += lo <= 0.4 <= hi
                x, y = clustered(rng, teams, 6, 0.0, dist)
                rej += _jackknife(*_leave_one_out_pearson(x, y, codes, teams), 0.95)[2] < 0.05
            row(
                f"{dist}, {teams} teams: 95% interval covers r = 0.4",
                cov,
                reps,
                "  target 0.93-0.97",
            )
            row(f"{dist}, {teams} teams: p < .05 when r = 0", rej, reps, "  target ~0.05")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--audit-reps", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="100 replicates everywhere")
    parser.add_argument("--only", type=int, nargs="*", help="table numbers to run, e.g. 3 4")
    args = parser.parse_args()
    reps = 100 if args.quick else args.reps
    audit_reps = 100 if args.quick else args.audit_reps
    rng = np.random.default_rng(args.seed)
    warnings.simplefilter("ignore")
    t0 = time.time()
    tables = {
        1: lambda: decoupling_table(reps, rng),
        2: lambda: transform_table(min(reps, 500), rng),
        4: lambda: goodhart_table(reps, rng),
        5: lambda: kr_table(2 * reps, rng),
        3: lambda: audit_table(audit_reps, rng),
    }
    for key, run in tables.items():
        if not args.only or key in args.only:
            run()
    print(f"\n(total {time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
