"""Benchmark okrlab.simulate_funnel: 10,000 runs x 156 weeks x the default segments.

Prints
  * the time of the vectorised simulator, both as users call it (a DataFrame,
    1.56 million rows) and with ``as_frame=False`` (numpy arrays);
  * the time of a straightforward per-run, per-week Python loop of the same
    model, measured in this run on a subset of runs and scaled linearly to
    10,000 runs (the loop's cost is proportional to runs x weeks);
  * their ratio, and the peak memory of the vectorised call (tracemalloc, in a
    separate call so tracing does not slow the timed ones) and the process's
    maximum resident set size.

Goal (issue 3): under 1 s, at least 50x faster than the loop, peak memory under
1 GB. Run:  .venv/bin/python benchmarks/bench_simulate.py [--loop-runs 100]
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import sys
import time
import tracemalloc

import numpy as np

from okrlab.goodhart import DEFAULT_SEGMENTS, simulate_funnel

N_RUNS, N_WEEKS, TARGET = 10_000, 156, 100


def loop_funnel(n_runs, n_weeks=N_WEEKS, target_week=TARGET, seed=0, budget=80_000.0,
                pressure=0.6, noise=0.15, elasticity=0.4, adapt_rate=0.3, anchor=0.1,
                opp_rate=0.6, lag=8, deal_shape=4.0, demand_sd=0.08, demand_rho=0.5):  # fmt: skip
    """The same model written the obvious way: for each run, for each week.

    Same defaults as simulate_funnel (no gaming, seasonality or growth);
    random numbers are drawn in a different order, so results agree in
    distribution, not bit for bit. Returns weekly leads, qualified leads and
    revenue, shape (n_runs, n_weeks).
    """
    rng = np.random.default_rng(seed)
    cpl0 = DEFAULT_SEGMENTS["cpl"].to_numpy()
    q = DEFAULT_SEGMENTS["sql_rate"].to_numpy()
    win = DEFAULT_SEGMENTS["win_rate"].to_numpy()
    deal = DEFAULT_SEGMENTS["deal_value"].to_numpy()
    w0 = DEFAULT_SEGMENTS["base_share"].to_numpy()
    w0 = w0 / w0.sum()
    total = n_weeks + lag
    out = {k: np.zeros((n_runs, n_weeks)) for k in ("leads", "qualified_leads", "revenue")}
    for r in range(n_runs):
        w = w0.copy()
        z = rng.normal() * demand_sd
        won_by_cohort = np.zeros(total)
        value_by_cohort = np.zeros(total)
        for i in range(total):
            if i:
                z = demand_rho * z + demand_sd * math.sqrt(1 - demand_rho**2) * rng.normal()
            demand = math.exp(z - demand_sd**2 / 2)
            cpl = cpl0 * (w / w0) ** elasticity
            lead_yield = np.exp(noise * rng.normal(size=len(w)) - noise**2 / 2)
            lam = budget * w * lead_yield / cpl
            leads = rng.poisson(lam)
            sql = rng.binomial(leads, q)
            opps = rng.binomial(sql, opp_rate)
            won = rng.binomial(opps, np.minimum(win * demand, 1.0))
            won_by_cohort[i] = won.sum()
            value_by_cohort[i] = (won * deal).sum()
            if i >= lag:
                out["leads"][r, i - lag] = leads.sum()
                out["qualified_leads"][r, i - lag] = sql.sum()
            if i - lag >= target_week:
                observed = np.log(cpl / lead_yield)
                x = np.log(w / w0)
                x = (1 - anchor) * x - adapt_rate * pressure * (observed - (w * observed).sum())
                w = w0 * np.exp(x)
                w = w / w.sum()
        for t in range(n_weeks):
            n_won = int(won_by_cohort[t])
            mean_deal = value_by_cohort[t] / n_won if n_won else 0.0
            out["revenue"][r, t] = (
                rng.gamma(n_won * deal_shape, mean_deal / deal_shape) if n_won else 0.0
            )
    return out


def _time(fn, repeat, cpu=None):
    times = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        if cpu is not None:
            cpu.append(time.process_time() - c0)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loop-runs", type=int, default=100,
                        help="runs of the Python loop to time (scaled to 10,000)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=5, help="timed repeats (median reported)")
    args = parser.parse_args(argv)

    def frame():
        return simulate_funnel(n_runs=N_RUNS, n_weeks=N_WEEKS, target_week=TARGET, seed=1)

    def arrays():
        return simulate_funnel(
            n_runs=N_RUNS, n_weeks=N_WEEKS, target_week=TARGET, seed=1, as_frame=False
        )

    first = _time(frame, 1)[0]  # includes first-touch page faults
    cpu_frame = []
    t_frame = _time(frame, args.repeat, cpu_frame)
    t_arrays = _time(arrays, args.repeat)
    t_loop = _time(lambda: loop_funnel(args.loop_runs), 1)[0]
    loop_10k = t_loop * N_RUNS / args.loop_runs

    tracemalloc.start()
    df = frame()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    med_frame, med_arrays = statistics.median(t_frame), statistics.median(t_arrays)
    print(f"simulate_funnel: {N_RUNS:,} runs x {N_WEEKS} weeks x {len(DEFAULT_SEGMENTS)} segments")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  machine: {os.cpu_count()} CPUs, load average {load:.2f} (other work slows timings)")
    print(f"  DataFrame output ({len(df):,} rows): median {med_frame:.3f} s "
          f"(min {min(t_frame):.3f}, first call {first:.3f}) over {args.repeat} repeats")  # fmt: skip
    print(
        f"  CPU time of the DataFrame call (both threads): median {statistics.median(cpu_frame):.3f} s"
    )
    print(f"  as_frame=False (arrays):            median {med_arrays:.3f} s "
          f"(min {min(t_arrays):.3f})")  # fmt: skip
    print(f"Python loop, per run and week: {t_loop:.2f} s for {args.loop_runs} runs "
          f"-> {loop_10k:.0f} s for {N_RUNS:,} runs (scaled linearly)")  # fmt: skip
    print(f"speed-up vs loop: {loop_10k / med_frame:.0f}x (DataFrame), "
          f"{loop_10k / med_arrays:.0f}x (arrays)")  # fmt: skip
    print(f"peak memory of one DataFrame call (tracemalloc): {peak / 2**20:.0f} MiB; "
          f"process max RSS: {rss:.0f} MiB")  # fmt: skip

    # Same model? Compare means of the loop and the vectorised version.
    loop = loop_funnel(args.loop_runs, seed=2)
    for col in ("leads", "qualified_leads", "revenue"):
        vec = df[col].to_numpy().reshape(N_RUNS, N_WEEKS)
        print(f"  mean {col:16s} loop {loop[col][:, -26:].mean():12.1f}   "
              f"vectorised {vec[:, -26:].mean():12.1f}   (last 26 weeks)")  # fmt: skip
    ok = med_frame < 1.0 and loop_10k / med_frame >= 50 and peak < 2**30
    print("goal met" if ok else "goal NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
