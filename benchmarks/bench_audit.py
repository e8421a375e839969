"""Benchmark: audit_many against fair baselines, in one run.

Workloads: 100 KPIs x 520 weeks x 2,000 null draws/resamples, and 1,000 KPIs x
520 weeks. Compared with

(a) a per-KPI numpy loop, vectorised over the draws, computing the same
    quantities as the audit: changes, the lag scan -8..+8 with Bartlett's
    effective sample size, the max-|T| search null (2,000 correlated normal
    draws through a Cholesky factor), the Granger-style F test, the recent
    window test and the break search (all splits, with a cached null). This
    is what a competent analyst would write with numpy alone.
(b) ``arch.bootstrap.CircularBlockBootstrap`` per KPI: the bootstrap route an
    analyst would take with a well-kept library (block resamples of the pairs,
    the max-|r| lag-search null and a percentile interval, 2,000 resamples).
    Skipped with a message when ``arch`` is not installed (it is not an okrlab
    dependency: ``pip install arch``).

Footnote: the old straw man (scipy.stats.pearsonr per lag per resample, Python
loops) timed on one KPI with 200 resamples and scaled.

Printed: the first (cold) call's CPU time, then median, min and max wall time
over warm repeats, CPU time (process time, all threads), ratios of medians, and peak traced memory (tracemalloc, a
separate run). Baselines are timed on a subset of KPIs and scaled linearly
(their cost is linear in the number of KPIs).

    python benchmarks/bench_audit.py [--repeats 3] [--loop-kpis 10] [--arch-kpis 3]
"""

from __future__ import annotations

import argparse
import math
import time
import tracemalloc

import numpy as np
import pandas as pd

import okrlab

N_WEEKS, N_DRAWS, MAX_LAG = 520, 2000, 8


def make_data(n_kpi=100, seed=0):
    """Random-walk KPIs; 10 of them lead revenue by 0-4 weeks."""
    rng = np.random.default_rng(seed)
    driver = rng.standard_normal(N_WEEKS)
    cols = {}
    for j in range(n_kpi):
        w = 0.6 if j < 10 else 0.0
        step = np.roll(driver, -(j % 5)) * w + rng.standard_normal(N_WEEKS)
        cols[f"kpi_{j:04d}"] = 1000 + np.cumsum(step)
    cols["revenue"] = 5000 + np.cumsum(driver + rng.standard_normal(N_WEEKS))
    return pd.DataFrame(cols, index=pd.date_range("2015-01-05", periods=N_WEEKS, freq="W-MON"))


# -- (a) the analyst's numpy loop -------------------------------------------


def _acf(a, M):
    a = a - a.mean()
    d = a @ a
    return np.array([1.0] + [(a[j:] @ a[:-j]) / d for j in range(1, M + 1)])


_BREAK_NULL: dict = {}


def numpy_one(x_lev, y_lev, rng):
    """One KPI: the audit's quantities with plain numpy (vectorised over draws)."""
    from scipy import stats

    dx, dy = np.diff(x_lev), np.diff(y_lev)
    m = len(dy)
    lags = np.arange(-MAX_LAG, MAX_LAG + 1)
    r = np.empty(len(lags))
    n = np.empty(len(lags))
    for i, k in enumerate(lags):
        a, b = (dx[: m - k], dy[k:]) if k >= 0 else (dx[-k:], dy[: m + k])
        r[i] = np.corrcoef(a, b)[0, 1]
        n[i] = len(a)
    M = m // 4
    ax, ay = _acf(dx, M + 2 * MAX_LAG), _acf(dy, M + 2 * MAX_LAG)
    w = 1 - np.arange(M + 1) / (M + 1)
    g = np.array(
        [
            ax[0] * ay[h]
            + sum(w[j] * (ax[j] * ay[j + h] + ax[j] * ay[abs(j - h)]) for j in range(1, M + 1))
            for h in range(2 * MAX_LAG + 1)
        ]
    )
    neff = np.clip(n / max(g[0], 1e-12), 5, n)
    T = np.arctanh(np.clip(r, -0.999999, 0.999999)) * np.sqrt(neff - 3)
    C = g[np.abs(np.subtract.outer(np.arange(len(lags)), np.arange(len(lags))))] / g[0]
    L = np.linalg.cholesky(C + 1e-9 * np.eye(len(lags)))
    maxT = np.abs(rng.standard_normal((N_DRAWS, len(lags))) @ L.T).max(axis=1)
    best = int(np.argmax(np.abs(T)))
    p_search = (1 + np.sum(maxT >= abs(T[best]))) / (N_DRAWS + 1)
    crit = np.quantile(maxT, 0.95)
    ci = np.tanh(np.arctanh(r[best]) + np.array([-crit, crit]) / np.sqrt(neff[best] - 3))
    # Granger-style F test: outcome change on 4 own lags and KPI lags 1..MAX_LAG
    p_own = 4
    start = max(p_own, MAX_LAG)
    Y = dy[start:]
    own = np.column_stack([dy[start - j : m - j] for j in range(1, p_own + 1)])
    kl = np.column_stack([dx[start - j : m - j] for j in range(1, MAX_LAG + 1)])
    Z0 = np.column_stack([np.ones(len(Y)), own])
    Z1 = np.column_stack([Z0, kl])
    rss0 = np.sum((Y - Z0 @ np.linalg.lstsq(Z0, Y, rcond=None)[0]) ** 2)
    rss1 = np.sum((Y - Z1 @ np.linalg.lstsq(Z1, Y, rcond=None)[0]) ** 2)
    df2 = len(Y) - Z1.shape[1]
    p_inc = stats.f.sf(((rss0 - rss1) / MAX_LAG) / (rss1 / df2), MAX_LAG, df2)
    # stability at the best lag: recent 13/26 vs history, and a break search
    k = int(lags[best])
    a, b = (dx[: m - k], dy[k:]) if k >= 0 else (dx[-k:], dy[: m + k])
    q = len(b)
    f = max(1.0, 1 + 2 * np.sum((1 - np.arange(1, 11) / 11) * _acf(a, 10)[1:] * _acf(b, 10)[1:]))
    p_rec = []
    for win in (13, 26):
        h = q - win
        zh = np.arctanh(np.corrcoef(a[:h], b[:h])[0, 1])
        zr = np.arctanh(np.corrcoef(a[h:], b[h:])[0, 1])
        se = math.sqrt(1 / max(h / f - 3, 1) + 1 / max(win / f - 3, 1))
        p_rec.append(stats.norm.sf(np.sign(zh) * (zh - zr) / se))
    taus = np.arange(math.ceil(0.15 * q), math.floor(0.85 * q) + 1)
    d = np.array(
        [
            (
                np.arctanh(np.corrcoef(a[:t], b[:t])[0, 1])
                - np.arctanh(np.corrcoef(a[t:], b[t:])[0, 1])
            )
            / math.sqrt(f * (1 / (t - 3) + 1 / (q - t - 3)))
            for t in taus
        ]
    )
    if q not in _BREAK_NULL:  # the analyst caches the null of the sup statistic per length
        rn = np.random.default_rng(1)
        sims = []
        for _ in range(500):
            u, v = rn.standard_normal(q), rn.standard_normal(q)
            sims.append(
                max(
                    abs(
                        np.arctanh(np.corrcoef(u[:t], v[:t])[0, 1])
                        - np.arctanh(np.corrcoef(u[t:], v[t:])[0, 1])
                    )
                    / math.sqrt(1 / (t - 3) + 1 / (q - t - 3))
                    for t in taus
                )
            )
        _BREAK_NULL[q] = np.array(sims)
    p_break = (1 + np.sum(_BREAK_NULL[q] >= np.max(np.abs(d)))) / (len(_BREAK_NULL[q]) + 1)
    return p_search, ci, p_inc, min(p_rec), p_break


# -- (b) arch's circular block bootstrap --------------------------------------


def arch_one(x_lev, y_lev, seed):
    """One KPI with arch: block bootstrap null of max |r| over lags and a percentile CI."""
    from arch.bootstrap import CircularBlockBootstrap

    dx, dy = np.diff(x_lev), np.diff(y_lev)
    m = len(dy)
    block = math.ceil(m ** (1 / 3))

    def lagcorr(a, b):
        out = []
        for k in range(-MAX_LAG, MAX_LAG + 1):
            u, v = (a[: m - k], b[k:]) if k >= 0 else (a[-k:], b[: m + k])
            out.append(np.corrcoef(u, v)[0, 1])
        return np.array(out)

    r = lagcorr(dx, dy)
    best = int(np.argmax(np.abs(r)))
    # null: resample the outcome alone (breaks the link, keeps its autocorrelation)
    bs = CircularBlockBootstrap(block, dy, seed=seed)
    null = bs.apply(lambda b: np.array([np.max(np.abs(lagcorr(dx, b)))]), N_DRAWS)
    p = (1 + np.sum(null[:, 0] >= abs(r[best]))) / (N_DRAWS + 1)
    k = best - MAX_LAG
    u, v = (dx[: m - k], dy[k:]) if k >= 0 else (dx[-k:], dy[: m + k])
    bs2 = CircularBlockBootstrap(block, u, v, seed=seed + 1)
    rs = bs2.apply(lambda a, b: np.array([np.corrcoef(a, b)[0, 1]]), N_DRAWS)
    return p, np.percentile(rs[:, 0], [2.5, 97.5])


# -- footnote: the old scipy loop -------------------------------------------------


def scipy_one(x_lev, y_lev, n_boot, seed):
    from scipy import stats

    rng = np.random.default_rng(seed)
    dx, dy = np.diff(x_lev), np.diff(y_lev)
    m = len(dy)
    block = math.ceil(m ** (1 / 3))
    obs = max(abs(stats.pearsonr(dx[: m - k], dy[k:])[0]) for k in range(MAX_LAG + 1))
    exceed = 0
    for _ in range(n_boot):
        starts = rng.integers(0, m, size=-(-m // block))
        idx = ((starts[:, None] + np.arange(block)) % m).ravel()[:m]
        ys = dy[idx]
        exceed += (
            max(abs(stats.pearsonr(dx[: m - k], ys[k:])[0]) for k in range(MAX_LAG + 1)) >= obs
        )
    return (1 + exceed) / (n_boot + 1)


# -- timing -----------------------------------------------------------------------


def timed(fn, repeats):
    walls, cpus = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return np.array(walls), np.array(cpus)


def peak_mb(fn):
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def fmt(w):
    return f"median {np.median(w):7.2f} s (min {w.min():.2f}, max {w.max():.2f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--loop-kpis", type=int, default=10)
    parser.add_argument("--arch-kpis", type=int, default=3)
    args = parser.parse_args()
    df = make_data(100)
    kw = dict(outcome="revenue", max_lag=MAX_LAG, n_boot=N_DRAWS, seed=1)
    c0 = time.process_time()
    okrlab.audit_many(df, **kw)  # cold: imports and the cached break-test null
    cold = time.process_time() - c0
    w_fast, c_fast = timed(lambda: okrlab.audit_many(df, **kw), args.repeats)
    mem = peak_mb(lambda: okrlab.audit_many(df, **kw))
    y = df["revenue"].to_numpy()
    cols = [df[c].to_numpy() for c in df.columns if c != "revenue"]
    rng = np.random.default_rng(0)
    for c in cols[: args.loop_kpis]:  # warm-up: the break nulls are cached, as an analyst would
        numpy_one(c, y, rng)
    w_np, c_np = timed(lambda: [numpy_one(c, y, rng) for c in cols[: args.loop_kpis]], args.repeats)
    scale = 100 / args.loop_kpis
    print(f"100 KPIs x {N_WEEKS} weeks x {N_DRAWS} draws ({args.repeats} repeats, warm)")
    print(f"  audit_many cold (first call in the process: imports, cached null) CPU {cold:.2f} s")
    print(
        f"  audit_many            wall {fmt(w_fast)}; CPU median {np.median(c_fast):.2f} s; "
        f"peak traced memory {mem:.0f} MB"
    )
    print(
        f"  (a) numpy loop        wall {fmt(w_np * scale)}; CPU median {np.median(c_np) * scale:.2f} s"
        f"  [timed on {args.loop_kpis} KPIs, scaled x{scale:g}]"
    )
    print(
        f"      ratio (a) / audit_many: wall {np.median(w_np) * scale / np.median(w_fast):.1f}x, "
        f"CPU {np.median(c_np) * scale / np.median(c_fast):.1f}x"
    )
    try:
        import arch  # noqa: F401
    except ImportError:
        print("  (b) arch              skipped: arch is not installed (pip install arch)")
    else:
        w_a, c_a = timed(
            lambda: [arch_one(c, y, j) for j, c in enumerate(cols[: args.arch_kpis])], 1
        )
        sa = 100 / args.arch_kpis
        print(
            f"  (b) arch CBB          wall {w_a[0] * sa:7.2f} s; CPU {c_a[0] * sa:.2f} s"
            f"  [one run on {args.arch_kpis} KPIs, scaled x{sa:g}]"
        )
        print(
            f"      ratio (b) / audit_many: wall {w_a[0] * sa / np.median(w_fast):.1f}x, "
            f"CPU {c_a[0] * sa / np.median(c_fast):.1f}x"
        )
    big = make_data(1000)
    w_big, c_big = timed(lambda: okrlab.audit_many(big, **kw), max(1, args.repeats - 1))
    mem_big = peak_mb(lambda: okrlab.audit_many(big, **kw))
    print(f"1000 KPIs x {N_WEEKS} weeks x {N_DRAWS} draws")
    print(
        f"  audit_many            wall {fmt(w_big)}; CPU median {np.median(c_big):.2f} s; "
        f"peak traced memory {mem_big:.0f} MB"
    )
    print(
        f"  (a) numpy loop        ~{np.median(w_np) * 1000 / args.loop_kpis:.1f} s wall (scaled)"
        f" -> {np.median(w_np) * 1000 / args.loop_kpis / np.median(w_big):.1f}x"
    )
    w_s, _ = timed(lambda: scipy_one(cols[0], y, 200, 0), 1)
    print(
        f"Footnote: the old scipy loop (pearsonr per lag per resample) takes "
        f"{w_s[0] * 10 * 100:.0f} s for 100 KPIs x 2,000 resamples (1 KPI x 200 timed, scaled)"
    )


if __name__ == "__main__":
    main()
