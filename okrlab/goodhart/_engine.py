"""The funnel simulation's arithmetic, one block of runs at a time.

:func:`simulate_block` simulates ``b`` runs (at most :data:`BLOCK_RUNS`) of a
:class:`Plan` with its own random generator. Callers split ``n_runs`` into
consecutive blocks of :data:`BLOCK_RUNS` runs and give block ``j`` the ``j``-th
child generator spawned from the seed, so the numbers depend on the seed and
the run index only: not on how many blocks are processed at once, on threads,
on the CPU or on the BLAS library (there is no matrix product; every sum over
segments is written out in a fixed order, and ``exp``/``log`` come from
:mod:`okrlab.goodhart._fixedmath`).

Everything is float64, decided by measurement: a block's working arrays are
~35 MB at 2048 runs x 164 weeks, so float32 would save ~15 MB per block and
nothing in the outputs (revenue needs cents on 10**5-10**6 USD, so the weekly
columns are float64 either way; peak memory is the output, see
``benchmarks/bench_simulate.py``); and numpy's float32 ``exp`` itself gives
different bits on a CPU without AVX2 (measured with
``NPY_DISABLE_CPU_FEATURES``), so float32 would need its own fixed-math
functions too. The normals for the weekly yield shocks are drawn in float32
(faster to draw) and used in float64.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._fixedmath import fexp, flog

#: Runs per block: every block of runs gets its own child generator.
BLOCK_RUNS = 2048

#: Keys of a block's output (arrays of shape ``(b, n_weeks)``).
COUNT_KEYS = ("leads", "qualified_leads", "opportunities", "customers")


@dataclass(frozen=True)
class Plan:
    """Everything fixed before any random number is drawn (see simulate_funnel)."""

    n_weeks: int
    lag: int
    budgets: np.ndarray  # (total,) USD, cohort weeks (lag weeks before the first output week)
    active: np.ndarray  # (total,) bool, CPL target active
    rel_week: np.ndarray  # (total,) week index relative to the first output week
    base_share: np.ndarray  # (n_seg,)
    log_cpl0: np.ndarray  # (n_seg,)
    log_lead_base: np.ndarray  # (n_seg,) log(base_share / cpl)
    funnel: np.ndarray  # (4, n_seg): leads, SQLs, won deals, won value per lead
    elasticity: float
    step: float  # adapt_rate * pressure
    keep: float  # 1 - anchor
    noise: float
    opp_rate: float
    deal_shape: float
    demand_sd: float
    demand_persistence: float
    gaming_rate: float  # gaming * pressure, 0 without a target
    target_week: int | None
    keep_shares: bool

    @property
    def total(self) -> int:
        return self.n_weeks + self.lag


def _sum_segments(rows, weights=None):
    """Sum over the first axis in a fixed order (segment 0, 1, 2, ...)."""
    if weights is None:
        acc = rows[0].copy()
        for s in range(1, len(rows)):
            acc += rows[s]
        return acc
    acc = rows[0] * weights[0]
    for s in range(1, len(rows)):
        acc += rows[s] * weights[s]
    return acc


def _weekly_expectations(plan: Plan, rng: np.random.Generator, b: int):
    """The week loop: budget moves and expected funnel counts per cohort week.

    Returns ``lam`` (4, total, b) expected leads, SQLs, won deals and won value
    per cohort week, ``z`` (total, b) the log demand index and ``shares``
    (n_weeks, n_seg, b) or None.
    """
    n_seg, total, lag = len(plan.base_share), plan.total, plan.lag
    # float32 normals (faster to draw; 24 bits are plenty for a +/-15% shock),
    # computed on in float64.
    log_yield = rng.standard_normal((total, n_seg, b), dtype=np.float32).astype(np.float64)
    log_yield *= plan.noise
    log_yield -= plan.noise * plan.noise / 2.0  # mean yield 1
    demand_eps = rng.standard_normal((total, b))

    lam = np.empty((4, total, b))
    z_all = np.empty((total, b))
    shares = np.empty((plan.n_weeks, n_seg, b)) if plan.keep_shares else None
    w0 = plan.base_share[:, None]
    funnel = plan.funnel[:, :, None]
    log_budget = flog(np.maximum(plan.budgets, 1e-300))
    innov = plan.demand_sd * math.sqrt(1.0 - plan.demand_persistence**2)
    e = plan.elasticity
    # x = log(share / base_share), normalised so that sum(base_share * exp(x)) = 1.
    # A segment's expected CPL is cpl * exp(e * x) (diminishing returns), so its
    # leads are budget * base_share / cpl * exp((1 - e) x + yield).
    x = None  # None: the baseline mix (x = 0)
    z = demand_eps[0] * plan.demand_sd
    for i in range(total):
        if i:
            z *= plan.demand_persistence
            z += innov * demand_eps[i]
        z_all[i] = z
        arg = log_yield[i] + (plan.log_lead_base + log_budget[i])[:, None]
        w = w0
        if x is not None:
            ex = fexp(x)
            norm = _sum_segments(ex, plan.base_share)
            x -= flog(norm)
            ex /= norm
            w = w0 * ex
            arg += (1.0 - e) * x
        per_segment = funnel * fexp(arg)[None]  # (4, n_seg, b)
        lam[:, i] = _sum_segments(per_segment.transpose(1, 0, 2))
        if shares is not None and i >= lag:
            shares[i - lag] = w
        if plan.active[i] and plan.step > 0:
            # The team reads each segment's CPL this week and moves budget
            # toward the cheaper ones; the anchor pulls back to the baseline.
            log_cpl = plan.log_cpl0[:, None] - log_yield[i]
            if x is not None:
                log_cpl += e * x
            mean = _sum_segments(log_cpl, w if x is not None else plan.base_share)
            x_new = log_cpl - mean
            x_new *= -plan.step
            if x is not None:
                x_new += plan.keep * x
            # Shares stay within e**+-30 of the baseline (a guard for extreme
            # settings; ordinary runs never come near it).
            x = np.clip(x_new, -30.0, 30.0, out=x_new)
    return lam, z_all, shares


def simulate_block(plan: Plan, rng: np.random.Generator, b: int) -> dict:
    """Simulate ``b`` runs; arrays of shape ``(b, n_weeks)`` (shares: (b, n_weeks, n_seg))."""
    lam, z, shares = _weekly_expectations(plan, rng, b)
    # Runs become rows from here on.
    lam_leads, lam_sql, lam_won, lam_value = (np.ascontiguousarray(a.T) for a in lam)
    if not np.all(lam_leads < 1e9):  # also catches NaN
        from ..errors import ParameterError

        raise ParameterError(
            "the simulated funnel left its range (more than a billion expected leads a week); "
            "lower weekly_budget, elasticity, adapt_rate or noise"
        )
    demand = fexp(np.ascontiguousarray(z.T) - plan.demand_sd**2 / 2.0)
    # Exact Poisson split of each cohort's leads: unqualified, SQL without an
    # opportunity, lost opportunity, won deal. Cohort i (leads of week i - lag)
    # closes in week i; its won deals are thinned by that week's market demand.
    lam_opp = lam_sql * plan.opp_rate
    lam_cust = np.minimum(lam_won * demand, lam_opp)
    out = slice(plan.lag, plan.total)
    unqualified = rng.poisson(lam_leads[:, out] - lam_sql[:, out])
    sql_no_opp = rng.poisson(lam_sql[:, out] - lam_opp[:, out])
    lost = rng.poisson(lam_opp[:, out] - lam_cust[:, out])
    won_cohort = rng.poisson(lam_cust)
    if plan.gaming_rate > 0:
        ramp = np.clip((plan.rel_week[out] - plan.target_week + 1) / 8.0, 0.0, 1.0)
        unqualified += rng.poisson(lam_leads[:, out] * (plan.gaming_rate * ramp))
    opportunities = lost + won_cohort[:, out]
    qualified = opportunities + sql_no_opp
    n = plan.n_weeks
    customers = won_cohort[:, :n]
    mean_deal = np.divide(
        lam_value[:, :n], lam_won[:, :n], out=np.zeros((b, n)), where=lam_won[:, :n] > 0
    )
    revenue = rng.gamma(customers * plan.deal_shape, 1.0)
    revenue *= mean_deal
    revenue /= plan.deal_shape
    revenue = np.round(revenue, 2)  # USD to the cent
    block = {
        "leads": (qualified + unqualified).astype(np.int32),
        "qualified_leads": qualified.astype(np.int32),
        "opportunities": opportunities.astype(np.int32),
        "customers": customers.astype(np.int32),
        "revenue": revenue,
        "market_demand": demand[:, :n],
    }
    if shares is not None:
        block["budget_share"] = shares.transpose(2, 0, 1)
    return block


def block_sizes(n_runs: int):
    """Sizes of the consecutive blocks ``n_runs`` is split into."""
    full, rest = divmod(n_runs, BLOCK_RUNS)
    return [BLOCK_RUNS] * full + ([rest] if rest else [])
