"""Benchmark okrlab.simulate_funnel against what a user would write by hand.

Three implementations of the same funnel model (default segments, CPL target at
week 100, pressure 0.6, 156 weeks), timed side by side:

* ``okrlab``: :func:`okrlab.simulate_funnel`, as users call it (a DataFrame)
  and with ``as_frame=False`` (numpy arrays);
* ``vectorised loop``: the competent alternative, a loop over weeks that is
  vectorised over runs in numpy (:func:`weekly_loop`). It uses the same
  shortcuts okrlab does (Poisson superposition over segments, one Gamma draw
  per week for the deal values) and numpy's own ``exp``, so it is not slowed
  down on purpose; it returns arrays, like ``as_frame=False``;
* ``per-run loop``: a Python loop over runs and weeks (:func:`per_run_loop`),
  timed on a few runs and scaled linearly (its cost is proportional to runs).

Prints median wall times over ``--repeat`` calls at 10,000 and 100,000 runs,
the ratios, the time exponent between 10k and 100k runs (1.0 = linear), and
peak memory: the peak of Python-visible allocations (tracemalloc, in separate
calls so tracing does not slow the timed ones) and each call's peak resident
set size measured in a fresh process.

Goals (issue 8): 10k runs <= 0.5 s median, >= 10x the vectorised loop, 100k
runs <= 6 s, peak memory < 1.5 GB at 100k. The machine's load average is
printed because other work on a shared machine slows every timing.

Run:  .venv/bin/python benchmarks/bench_simulate.py [--repeat 5] [--big-repeat 3]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import time
import tracemalloc

import numpy as np

from okrlab.goodhart import DEFAULT_SEGMENTS, simulate_funnel

N_WEEKS, TARGET = 156, 100
SMALL, BIG = 10_000, 100_000
PARAMS = dict(budget=80_000.0, pressure=0.6, noise=0.15, elasticity=0.4, adapt_rate=0.3,
              anchor=0.1, opp_rate=0.6, lag=8, deal_shape=4.0, demand_sd=0.08, demand_rho=0.5)  # fmt: skip


def _segments():
    seg = DEFAULT_SEGMENTS
    w0 = seg["base_share"].to_numpy() / seg["base_share"].sum()
    return (seg["cpl"].to_numpy(), seg["sql_rate"].to_numpy(), seg["win_rate"].to_numpy(),
            seg["deal_value"].to_numpy(), w0)  # fmt: skip


def weekly_loop(n_runs, n_weeks=N_WEEKS, target_week=TARGET, seed=0, p=PARAMS):
    """The model as a numpy user would write it: a loop over weeks, runs vectorised.

    Returns a dict of arrays of shape (n_runs, n_weeks): leads, qualified
    leads, opportunities, customers, revenue (same model as okrlab; random
    numbers drawn in another order, so it agrees in distribution).
    """
    rng = np.random.default_rng(seed)
    cpl0, q, win, deal, w0 = _segments()
    lag, total = p["lag"], n_weeks + p["lag"]
    won_rate = q * p["opp_rate"] * win
    innov = p["demand_sd"] * math.sqrt(1 - p["demand_rho"] ** 2)
    x = np.zeros((n_runs, len(w0)))  # log(share / base share)
    z = rng.standard_normal(n_runs) * p["demand_sd"]
    lam_won = np.empty((total, n_runs))
    lam_value = np.empty((total, n_runs))
    out = {k: np.zeros((n_runs, n_weeks), dtype=np.int64)
           for k in ("leads", "qualified_leads", "opportunities", "customers")}  # fmt: skip
    out["revenue"] = np.zeros((n_runs, n_weeks))
    for i in range(total):
        if i:
            z = p["demand_rho"] * z + innov * rng.standard_normal(n_runs)
        demand = np.exp(z - p["demand_sd"] ** 2 / 2)
        shock = p["noise"] * rng.standard_normal((n_runs, len(w0))) - p["noise"] ** 2 / 2
        w = w0 * np.exp(x)
        cpl = cpl0 * np.exp(p["elasticity"] * x)
        leads_s = p["budget"] * w / cpl * np.exp(shock)
        lam_leads, lam_sql = leads_s.sum(axis=1), leads_s @ q
        lam_won[i], lam_value[i] = leads_s @ won_rate, leads_s @ (won_rate * deal)
        if i >= lag:
            t = i - lag
            lam_opp = lam_sql * p["opp_rate"]
            lam_cust = np.minimum(lam_won[t] * demand, lam_opp)
            won = rng.poisson(lam_cust)
            lost = rng.poisson(lam_opp - lam_cust)
            sql = lost + won + rng.poisson(lam_sql - lam_opp)
            out["leads"][:, t] = sql + rng.poisson(lam_leads - lam_sql)
            out["qualified_leads"][:, t] = sql
            out["opportunities"][:, t] = lost + won
            out["customers"][:, t] = won
            mean_deal = np.divide(lam_value[t], lam_won[t], out=np.zeros(n_runs),
                                  where=lam_won[t] > 0)  # fmt: skip
            out["revenue"][:, t] = rng.gamma(won * p["deal_shape"]) * mean_deal / p["deal_shape"]
        if i - lag >= target_week:
            log_cpl = np.log(cpl) - shock
            x = (1 - p["anchor"]) * x - p["adapt_rate"] * p["pressure"] * (
                log_cpl - (w * log_cpl).sum(axis=1, keepdims=True)
            )
            x -= np.log((w0 * np.exp(x)).sum(axis=1, keepdims=True))
    return out


def per_run_loop(n_runs, n_weeks=N_WEEKS, target_week=TARGET, seed=0, p=PARAMS):
    """The model written the obvious way: for each run, for each week."""
    rng = np.random.default_rng(seed)
    cpl0, q, win, deal, w0 = _segments()
    lag, total = p["lag"], n_weeks + p["lag"]
    out = {k: np.zeros((n_runs, n_weeks)) for k in ("leads", "qualified_leads", "revenue")}
    for r in range(n_runs):
        w = w0.copy()
        z = rng.normal() * p["demand_sd"]
        won_by_cohort = np.zeros(total)
        value_by_cohort = np.zeros(total)
        for i in range(total):
            if i:
                z = p["demand_rho"] * z + p["demand_sd"] * math.sqrt(1 - p["demand_rho"] ** 2) * (
                    rng.normal()
                )
            demand = math.exp(z - p["demand_sd"] ** 2 / 2)
            cpl = cpl0 * (w / w0) ** p["elasticity"]
            lead_yield = np.exp(p["noise"] * rng.normal(size=len(w)) - p["noise"] ** 2 / 2)
            leads = rng.poisson(p["budget"] * w * lead_yield / cpl)
            sql = rng.binomial(leads, q)
            opps = rng.binomial(sql, p["opp_rate"])
            won = rng.binomial(opps, np.minimum(win * demand, 1.0))
            won_by_cohort[i] = won.sum()
            value_by_cohort[i] = (won * deal).sum()
            if i >= lag:
                out["leads"][r, i - lag] = leads.sum()
                out["qualified_leads"][r, i - lag] = sql.sum()
            if i - lag >= target_week:
                observed = np.log(cpl / lead_yield)
                x = np.log(w / w0)
                x = (1 - p["anchor"]) * x - p["adapt_rate"] * p["pressure"] * (
                    observed - (w * observed).sum()
                )
                w = w0 * np.exp(x)
                w = w / w.sum()
        for t in range(n_weeks):
            n_won = int(won_by_cohort[t])
            mean_deal = value_by_cohort[t] / n_won if n_won else 0.0
            out["revenue"][r, t] = (
                rng.gamma(n_won * p["deal_shape"], mean_deal / p["deal_shape"]) if n_won else 0.0
            )
    return out


def okrlab_frame(n_runs):
    return simulate_funnel(n_runs=n_runs, n_weeks=N_WEEKS, target_week=TARGET, seed=1)


def okrlab_arrays(n_runs):
    return simulate_funnel(
        n_runs=n_runs, n_weeks=N_WEEKS, target_week=TARGET, seed=1, as_frame=False
    )


CALLS = {"okrlab DataFrame": okrlab_frame, "okrlab arrays": okrlab_arrays,
         "vectorised loop": weekly_loop}  # fmt: skip


def _median_time(fn, n_runs, repeat):
    """Median wall time and median CPU time (process_time) of ``repeat`` calls.

    On a busy shared machine wall time mostly measures the other work; CPU
    time (this process only, single-threaded code) is the steadier figure.
    """
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn(n_runs)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        del result
    return statistics.median(wall), statistics.median(cpu)


def _peak_rss_mib(name, n_runs):
    """Peak resident memory (MiB) of a fresh process after imports and after one
    call: the kernel's high-water mark ``VmHWM`` (``ru_maxrss`` would be
    inherited from this process across fork/exec on Linux)."""
    code = (
        "import sys; sys.path.insert(0, 'benchmarks'); import bench_simulate as b; "
        "hwm = lambda: int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]"
        ".split()[1]) / 1024; before = hwm(); "
        f"r = b.CALLS[{name!r}]({n_runs}); print(before, hwm())"
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    if out.returncode:
        return float("nan"), float("nan")
    before, peak = map(float, out.stdout.split())
    return before, peak


def _traced_peak_mib(fn, n_runs):
    tracemalloc.start()
    result = fn(n_runs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak / 2**20


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed calls at 10k runs")
    parser.add_argument("--big-repeat", type=int, default=3, help="timed calls at 100k runs")
    parser.add_argument("--loop-runs", type=int, default=50, help="runs of the per-run loop")
    args = parser.parse_args(argv)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"funnel simulation, {N_WEEKS} weeks x {len(DEFAULT_SEGMENTS)} segments, CPL target "
          f"at week {TARGET}; {os.cpu_count()} CPUs, load average {load:.2f} "
          "(other work slows every timing)")  # fmt: skip
    okrlab_frame(1000)  # warm up (imports, first-touch)
    t, c = {}, {}
    for name, fn in CALLS.items():
        t[name, SMALL], c[name, SMALL] = _median_time(fn, SMALL, args.repeat)
        t[name, BIG], c[name, BIG] = _median_time(fn, BIG, args.big_repeat)
    t0, c0 = time.perf_counter(), time.process_time()
    per_run_loop(args.loop_runs)
    per_run = (time.perf_counter() - t0) / args.loop_runs
    per_run_cpu = (time.process_time() - c0) / args.loop_runs

    for label, tab, loop in (("wall", t, per_run), ("CPU", c, per_run_cpu)):
        print(f"\nmedian {label} time (s): {args.repeat} calls at {SMALL:,} runs, "
              f"{args.big_repeat} at {BIG:,}")  # fmt: skip
        print(f"  {'':18s} {SMALL:>10,} {BIG:>10,}   exponent (1 = linear)")
        for name in CALLS:
            a, b = tab[name, SMALL], tab[name, BIG]
            print(f"  {name:18s} {a:10.3f} {b:10.3f}   "
                  f"{math.log(b / a) / math.log(BIG / SMALL):.2f}")  # fmt: skip
        print(f"  {'per-run loop':18s} {loop * SMALL:10.1f} {loop * BIG:10.1f}   "
              f"(timed on {args.loop_runs} runs, scaled linearly)")  # fmt: skip
        print(f"  speed-up of okrlab (DataFrame / arrays), {label} time, over:")
        for other, scale in (("vectorised loop", None), ("per-run loop", loop)):
            for n in (SMALL, BIG):
                ref = tab[other, n] if scale is None else scale * n
                print(f"    {other:16s} at {n:>7,} runs: {ref / tab['okrlab DataFrame', n]:7.1f}x / "
                      f"{ref / tab['okrlab arrays', n]:7.1f}x")  # fmt: skip

    print("\npeak memory (MiB): Python allocations (tracemalloc) | process peak RSS "
          "(fresh process, VmHWM; after imports only)")  # fmt: skip
    peaks = {}
    for name, fn in CALLS.items():
        for n in (SMALL, BIG):
            traced = _traced_peak_mib(fn, n)
            before, rss = _peak_rss_mib(name, n)
            peaks[name, n] = rss
            print(f"  {name:18s} {n:>7,} runs: {traced:7.0f} | {rss:7.0f} ({before:.0f})")

    goals = {
        f"10k runs <= 0.5 s ({c['okrlab DataFrame', SMALL]:.2f} s)": (
            c["okrlab DataFrame", SMALL] <= 0.5
        ),
        f">= 10x the vectorised loop ({c['vectorised loop', SMALL] / c['okrlab DataFrame', SMALL]:.1f}x)": (
            c["vectorised loop", SMALL] / c["okrlab DataFrame", SMALL] >= 10
        ),
        f"100k runs <= 6 s ({c['okrlab DataFrame', BIG]:.1f} s)": c["okrlab DataFrame", BIG] <= 6,
        f"peak RSS < 1.5 GB at 100k ({peaks['okrlab DataFrame', BIG]:.0f} MiB)": (
            peaks["okrlab DataFrame", BIG] < 1536
        ),
    }
    print("\ngoals (issue 8), judged on CPU time (= wall time on an idle machine):")
    for text, ok in goals.items():
        print(f"  {'met    ' if ok else 'NOT met'} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
