"""Benchmark: audit_many over 100 KPIs x 520 weeks x 2,000 bootstrap resamples.

Compares with a straightforward per-KPI loop built from scipy/pandas/numpy
primitives doing the same work (AR prewhitening, lag scan, lag-search null,
block bootstrap interval, break-test null), timed in the same run on a
subset of KPIs and scaled linearly (the loop's cost is exactly linear in the
number of KPIs). Prints time, ratio and peak memory (tracemalloc: numpy
allocations are tracked).

    python benchmarks/bench_audit.py [--loop-kpis 1] [--repeats 3]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np
import pandas as pd
from scipy import stats

import okrlab
from okrlab import _stats

N_KPI, N_WEEKS, N_BOOT, MAX_LAG = 100, 520, 2000, 8


def make_data(seed=0):
    rng = np.random.default_rng(seed)
    driver = rng.standard_normal(N_WEEKS)
    cols = {}
    for j in range(N_KPI):
        w = 0.6 if j < 10 else 0.0  # 10 KPIs truly lead revenue by j % 5 weeks
        cols[f"kpi_{j:03d}"] = np.cumsum(
            np.roll(driver, -(j % 5)) * w + rng.standard_normal(N_WEEKS)
        )
    cols["revenue"] = np.cumsum(driver + rng.standard_normal(N_WEEKS))
    return pd.DataFrame(cols, index=pd.date_range("2015-01-05", periods=N_WEEKS, freq="W-MON"))


def loop_one(df, kpi, seed):
    """One KPI the plain way: per-resample Python loops over scipy/numpy calls."""
    rng = np.random.default_rng(seed)
    dx, dy = df[kpi].diff().dropna().to_numpy(), df["revenue"].diff().dropna().to_numpy()
    xw, _ = _stats.ar_prewhiten(dx)
    yw, _ = _stats.ar_prewhiten(dy)
    n = len(yw)
    rs = [stats.pearsonr(xw[: n - k], yw[k:])[0] for k in range(MAX_LAG + 1)]
    k = int(np.argmax(np.abs(rs)))
    t_obs = np.max(np.abs(rs))
    block = _stats.block_length(n)
    exceed = 0
    for _ in range(N_BOOT):  # lag-search null
        idx = _stats.circular_block_indices(n, 1, block, rng)[0]
        ys = yw[idx]
        t = max(abs(stats.pearsonr(xw[: n - j], ys[j:])[0]) for j in range(MAX_LAG + 1))
        exceed += t >= t_obs
    x, y = dx[: len(dx) - k], dy[k:]
    m = len(x)
    block = _stats.block_length(m)
    taus = _stats.split_grid(m, 0.15, step=block)
    rstar, dstar = [], []
    for _ in range(N_BOOT):  # interval and break-test null
        idx = _stats.circular_block_indices(m, 1, block, rng)[0]
        xs, ys = x[idx], y[idx]
        rstar.append(stats.pearsonr(xs, ys)[0])
        d = 0.0
        for tau in taus:
            zb = np.arctanh(np.corrcoef(xs[:tau], ys[:tau])[0, 1])
            za = np.arctanh(np.corrcoef(xs[tau:], ys[tau:])[0, 1])
            d = max(d, abs(zb - za) / np.sqrt(1 / (tau - 3) + 1 / (m - tau - 3)))
        dstar.append(d)
    return np.percentile(rstar, [2.5, 97.5]), (1 + exceed) / (N_BOOT + 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loop-kpis", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    df = make_data()
    okrlab.audit_many(df.iloc[:60, :3].assign(revenue=df["revenue"][:60]), "revenue", n_boot=99)
    times = []
    for _ in range(args.repeats):  # timed without tracemalloc, which slows allocation
        t0 = time.perf_counter()
        table = okrlab.audit_many(df, "revenue", max_lag=MAX_LAG, n_boot=N_BOOT, seed=1)
        times.append(time.perf_counter() - t0)
    fast = float(np.median(times))
    tracemalloc.start()
    okrlab.audit_many(df, "revenue", max_lag=MAX_LAG, n_boot=N_BOOT, seed=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    t0 = time.perf_counter()
    for j in range(args.loop_kpis):
        loop_one(df, f"kpi_{j:03d}", j)
    per_kpi = (time.perf_counter() - t0) / args.loop_kpis
    loop = per_kpi * N_KPI
    print(
        f"audit_many: {N_KPI} KPIs x {N_WEEKS} weeks x {N_BOOT} resamples: median {fast:.2f} s "
        f"over {args.repeats} runs (min {min(times):.2f}, max {max(times):.2f})"
    )
    print(
        f"per-KPI loop: {per_kpi:.1f} s per KPI (timed on {args.loop_kpis}) "
        f"-> {loop:.0f} s for {N_KPI} KPIs"
    )
    print(f"speed-up: {loop / fast:.0f}x")
    print(f"peak memory (tracemalloc) during audit_many: {peak / 2**20:.0f} MB")
    print(f"verdicts: {table['verdict'].value_counts().to_dict()}")


if __name__ == "__main__":
    main()
