"""Goodhart's law, simulated: a marketing funnel under a cost-per-lead target,
and the four variants of Manheim & Garrabrant (2018).

The funnel
----------
A B2B marketing team spends a weekly budget across audience *segments*
(channels). Segments differ in what a lead costs, how often a lead becomes a
sales-qualified lead (SQL), how often an opportunity is won and what a deal is
worth. In the default segments the cheap audiences are the low-intent ones, as
they usually are.

Each week the team reads the cost per lead (CPL) of every segment. Without a
target it keeps its balanced baseline mix. Once a CPL target is active, it moves
budget toward the segments whose CPL was lowest last week, at a speed set by
``pressure``; buying more of one audience makes its leads dearer (diminishing
returns), and a pull back toward the baseline mix keeps the allocation from
collapsing onto one segment. Nothing in the model says "quality falls" or
"revenue falls": those follow from where the money goes, because cheap leads
rarely qualify. This is the Goodhart signature the simulator reproduces:

* CPL falls and lead volume rises (the target is met);
* lead quality (SQLs per lead) falls, cost per qualified lead and CAC rise;
* revenue, booked one sales cycle later, stalls or falls.

With ``pressure=0`` (or no target) none of this happens.

Counts are Poisson (split exactly into qualified, lost and won leads), weekly
lead yields carry log-normal noise, won deals close ``sales_cycle_weeks`` after
the lead and their values are Gamma distributed. Runs and segments are array
dimensions: only the weekly budget update, which depends on last week, is a
Python loop.

The four variants
-----------------
:func:`regressional_goodhart`, :func:`extremal_goodhart`,
:func:`causal_goodhart`, :func:`adversarial_goodhart`, each a small simulation
returning a tidy DataFrame (plots in :mod:`okrlab.plotting`).
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from ._stats import as_generator
from .errors import ParameterError, ParameterTypeError

__all__ = [
    "DEFAULT_SEGMENTS",
    "FUNNEL_METRICS",
    "simulate_funnel",
    "goodhart_effects",
    "sandbox_simulation",
    "regressional_goodhart",
    "regressional_closed_form",
    "extremal_goodhart",
    "causal_goodhart",
    "adversarial_goodhart",
]

#: Default audience segments of a B2B marketing team (illustrative numbers).
#:
#: ``cpl`` USD per lead at the baseline spend; ``sql_rate`` share of leads that
#: become sales-qualified; ``win_rate`` share of opportunities won;
#: ``deal_value`` mean first-year revenue of a won deal (USD);
#: ``base_share`` share of the budget in the balanced baseline mix.
DEFAULT_SEGMENTS = pd.DataFrame(
    {
        "segment": ["search_intent", "review_sites", "linkedin", "syndication", "display"],
        "cpl": [190.0, 150.0, 105.0, 55.0, 30.0],
        "sql_rate": [0.34, 0.25, 0.15, 0.05, 0.02],
        "win_rate": [0.28, 0.25, 0.20, 0.14, 0.10],
        "deal_value": [30_000.0, 26_000.0, 24_000.0, 18_000.0, 15_000.0],
        "base_share": [0.30, 0.25, 0.25, 0.12, 0.08],
    }
)

#: Funnel metrics with the direction that is better (+1 higher, -1 lower).
FUNNEL_METRICS = {
    "cpl": -1,
    "leads": +1,
    "lead_quality": +1,
    "cost_per_qualified_lead": -1,
    "cac": -1,
    "revenue": +1,
}

_SEGMENT_COLUMNS = ("segment", "cpl", "sql_rate", "win_rate", "deal_value", "base_share")


# -- input checks --------------------------------------------------------------
def _number(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if math.isnan(value):
        raise ParameterError(f"{name} is NaN; pass a number")
    return value


def _nonneg(name, value):
    value = _number(name, value)
    if value < 0:
        raise ParameterError(f"{name} must be 0 or more, got {value:g}")
    return value


def _positive(name, value):
    value = _number(name, value)
    if value <= 0:
        raise ParameterError(f"{name} must be greater than 0, got {value:g}")
    return value


def _prob(name, value):
    value = _number(name, value)
    if not 0.0 <= value <= 1.0:
        raise ParameterError(
            f"{name} is a probability and must lie in [0, 1], got {value:g}"
            + (f" (if you meant {value:g}%, pass {value / 100:g})" if 1 < value <= 100 else "")
        )
    return value


def _integer(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, float) and value.is_integer():
            hint = f"; pass {int(value)}"
        else:
            hint = "; pass a whole number"
        raise ParameterTypeError(f"{name} must be an integer, got {value!r}{hint}")
    value = int(value)
    if value < minimum:
        raise ParameterError(f"{name} must be at least {minimum}, got {value}")
    return value


#: Simulations with at least this many run-weeks draw their random numbers in
#: two threads (numpy releases the GIL while it fills arrays).
_PARALLEL_MIN_CELLS = 2**17


def _in_two_threads(first, second):
    """Run two callables, in two threads when the machine has two CPUs."""
    import os

    try:
        n_cpu = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n_cpu = os.cpu_count() or 1
    if n_cpu < 2:
        first()
        second()
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(first), pool.submit(second)]
        for f in futures:
            f.result()


def _segments(segments, quality_gap):
    if segments is None:
        seg = DEFAULT_SEGMENTS.copy()
    elif isinstance(segments, pd.DataFrame):
        seg = segments.copy()
    else:
        try:
            seg = pd.DataFrame(list(segments))
        except Exception as exc:  # noqa: BLE001 - reported as a parameter error
            raise ParameterTypeError(
                "segments must be a DataFrame or a list of dicts with columns "
                f"{', '.join(_SEGMENT_COLUMNS)}"
            ) from exc
    if len(seg) == 0:
        raise ParameterError(
            "segments is empty (0 segments); give at least one segment, e.g. okrlab.goodhart."
            "DEFAULT_SEGMENTS"
        )
    missing = [c for c in _SEGMENT_COLUMNS if c not in seg.columns]
    if missing:
        raise ParameterError(
            f"segments is missing column(s) {', '.join(missing)}; needs "
            f"{', '.join(_SEGMENT_COLUMNS)}"
        )
    out = {"segment": [str(s) for s in seg["segment"]]}
    dupes = sorted({s for s in out["segment"] if out["segment"].count(s) > 1})
    if dupes:
        raise ParameterError(
            f"segments column 'segment' repeats {', '.join(map(repr, dupes))}; give each "
            "segment a unique name"
        )
    for col in _SEGMENT_COLUMNS[1:]:
        values = pd.to_numeric(seg[col], errors="coerce").to_numpy(dtype=float)
        if np.isnan(values).any():
            raise ParameterError(f"segments column {col!r} has missing or non-numeric values")
        out[col] = values
    for col in ("sql_rate", "win_rate"):
        bad = (out[col] < 0) | (out[col] > 1)
        if bad.any():
            raise ParameterError(
                f"segments column {col!r} is a probability and must lie in [0, 1]; "
                f"segment {out['segment'][int(np.argmax(bad))]!r} has "
                f"{out[col][bad][0]:g}"
            )
    if (out["cpl"] <= 0).any():
        raise ParameterError("segments column 'cpl' must be greater than 0 (USD per lead)")
    if (out["deal_value"] < 0).any():
        raise ParameterError("segments column 'deal_value' must be 0 or more (USD)")
    if (out["base_share"] < 0).any() or out["base_share"].sum() <= 0:
        raise ParameterError("segments column 'base_share' must be 0 or more with a positive total")
    out["base_share"] = out["base_share"] / out["base_share"].sum()
    if (out["base_share"] == 0).any():
        raise ParameterError(
            "segments column 'base_share' must be positive for every segment (drop a "
            "segment instead of giving it share 0)"
        )
    # quality_gap rescales the spread of sql_rate around the baseline
    # lead-weighted geometric mean: 0 = every segment equally good, 1 = as given.
    q = np.clip(out["sql_rate"], 1e-9, 1.0)
    lead_w = out["base_share"] / out["cpl"]
    centre = np.exp(np.sum(lead_w * np.log(q)) / lead_w.sum())
    out["sql_rate"] = np.clip(centre * (q / centre) ** quality_gap, 0.0, 1.0)
    return out


def simulate_funnel(
    *,
    n_weeks: int = 156,
    start="2023-01-02",
    weekly_budget: float = 80_000.0,
    segments=None,
    target_week: int | None = None,
    pressure: float = 0.6,
    gaming: float = 0.0,
    quality_gap: float = 1.0,
    noise: float = 0.15,
    elasticity: float = 0.4,
    adapt_rate: float = 0.3,
    anchor: float = 0.1,
    opportunity_rate: float = 0.6,
    sales_cycle_weeks: int = 8,
    deal_shape: float = 4.0,
    demand_sd: float = 0.08,
    demand_persistence: float = 0.5,
    seasonality: float = 0.0,
    budget_growth: float = 0.0,
    n_runs: int = 1,
    seed=None,
    as_frame: bool = True,
    return_shares: bool = False,
):
    """Simulate a B2B marketing funnel, optionally under a cost-per-lead target.

    Parameters
    ----------
    n_weeks : int
        Weeks to simulate (default 156, three years).
    start : str or date-like
        Date of the first week; weeks are labelled by their Monday.
    weekly_budget : float
        Paid media budget in USD per week at the start (all of it is spent).
    segments : DataFrame or list of dict, optional
        Audience segments with columns ``segment``, ``cpl`` (USD per lead at the
        baseline spend), ``sql_rate`` (probability a lead becomes a
        sales-qualified lead), ``win_rate`` (probability an opportunity is
        won), ``deal_value`` (mean USD per won deal) and ``base_share`` (share
        of budget in the baseline mix; rescaled to sum to 1). Default
        :data:`DEFAULT_SEGMENTS`.
    target_week : int or None
        Week index (0-based) from which the CPL target is active; ``None``
        means no target, the baseline mix all along.
    pressure : float in [0, 1]
        How hard the team chases the CPL target: the speed (per week) and the
        extent of budget moves toward last week's cheapest segments. 0 means the
        target is ignored.
    gaming : float in [0, 1]
        Lead-definition gaming once the target is active: low-intent form fills
        counted as leads, as a share of real leads (times ``pressure``,
        ramped in over 8 weeks). They cost nothing and never qualify.
    quality_gap : float >= 0
        Scales how much segments differ in ``sql_rate`` (log scale, around the
        baseline lead-weighted mean): 0 = all equally good, 1 = as given,
        2 = twice the spread.
    noise : float >= 0
        Standard deviation of the weekly log-normal shock to each segment's
        lead yield (0.15 is about +/-15% a week).
    elasticity : float >= 0
        Diminishing returns: a segment's CPL scales with
        ``(share / base_share) ** elasticity``.
    adapt_rate : float >= 0
        Per-week speed of budget moves at ``pressure=1``.
    anchor : float in [0, 1]
        Per-week pull of the budget mix back toward the baseline mix.
    opportunity_rate : float in [0, 1]
        Probability a sales-qualified lead becomes an opportunity.
    sales_cycle_weeks : int >= 0
        Weeks from lead to closed deal; revenue is booked then.
    deal_shape : float > 0
        Gamma shape of deal values (coefficient of variation ``1/sqrt(shape)``).
    demand_sd, demand_persistence : float
        Market demand index (mean about 1): log-AR(1) with stationary standard
        deviation ``demand_sd`` and autocorrelation ``demand_persistence``; it
        multiplies win rates in the week deals close.
    seasonality : float in [0, 1)
        Amplitude of the yearly budget cycle (budget peaks in March, dips in
        September).
    budget_growth : float > -1
        Yearly growth of the budget (0.1 = +10% a year).
    n_runs : int
        Independent replicates, simulated at once.
    seed : int, numpy.random.Generator or None
        Randomness; the same int gives the same result bit for bit.
    as_frame : bool
        ``True`` (default): return a DataFrame. ``False``: a dict of numpy
        arrays of shape ``(n_runs, n_weeks)`` (faster for very many runs) with
        the same keys as the columns, plus ``budget_share`` of shape
        ``(n_runs, n_weeks, n_segments)`` and ``segments``.
    return_shares : bool
        With ``as_frame=True``, also return the budget-share table.

    Returns
    -------
    weekly : DataFrame
        One row per run and week, sorted by run then week:

        ``week`` (datetime, Monday), ``run`` (int, 0-based),
        ``spend`` (USD), ``leads`` (count, incl. gamed form fills),
        ``cpl`` (USD per lead = spend / leads),
        ``qualified_leads`` (sales-qualified leads, count),
        ``lead_quality`` (qualified_leads / leads, share 0-1),
        ``cost_per_qualified_lead`` (USD = spend / qualified_leads),
        ``opportunities`` (count, created from this week's leads),
        ``cost_per_opportunity`` (USD = spend / opportunities),
        ``customers`` (deals closed this week, from leads of
        ``sales_cycle_weeks`` earlier), ``cac`` (USD = spend / customers),
        ``revenue`` (USD, value of the deals closed this week),
        ``cpl_target_active`` (0/1), ``market_demand`` (index, about 1).
        Ratios are NaN when the denominator is 0.
    shares : DataFrame, only with ``return_shares=True``
        ``week``, ``run``, ``segment``, ``budget_share`` (0-1, sums to 1 over
        segments), ``spend`` (USD), ``expected_cpl`` (USD per lead in that
        segment that week, before noise).

    Raises
    ------
    okrlab.errors.ParameterError, okrlab.errors.ParameterTypeError
        Naming the parameter, e.g. a negative budget, a probability outside
        [0, 1], zero segments, a target week outside the horizon or a
        non-integer ``n_runs``.

    Examples
    --------
    >>> df = simulate_funnel(n_weeks=52, target_week=20, pressure=0.8, seed=1)
    >>> df.shape
    (52, 15)
    >>> before = df[df.week < df.week[20]]
    >>> after = df.tail(12)
    >>> bool(after.cpl.mean() < before.cpl.mean())
    True
    >>> bool(after.lead_quality.mean() < before.lead_quality.mean())
    True
    """
    n_weeks = _integer("n_weeks", n_weeks, 1)
    n_runs = _integer("n_runs", n_runs, 1)
    lag = _integer("sales_cycle_weeks", sales_cycle_weeks, 0)
    budget = _nonneg("weekly_budget", weekly_budget)
    pressure = _prob("pressure", pressure)
    gaming = _prob("gaming", gaming)
    quality_gap = _nonneg("quality_gap", quality_gap)
    noise = _nonneg("noise", noise)
    elasticity = _nonneg("elasticity", elasticity)
    adapt_rate = _nonneg("adapt_rate", adapt_rate)
    anchor = _prob("anchor", anchor)
    opp_rate = _prob("opportunity_rate", opportunity_rate)
    deal_shape = _positive("deal_shape", deal_shape)
    demand_sd = _nonneg("demand_sd", demand_sd)
    demand_persistence = _number("demand_persistence", demand_persistence)
    if not -1 < demand_persistence < 1:
        raise ParameterError(
            f"demand_persistence must lie strictly between -1 and 1, got {demand_persistence:g}"
        )
    seasonality = _nonneg("seasonality", seasonality)
    if seasonality >= 1:
        raise ParameterError(f"seasonality must be below 1, got {seasonality:g}")
    budget_growth = _number("budget_growth", budget_growth)
    if budget_growth <= -1:
        raise ParameterError(f"budget_growth must be above -1, got {budget_growth:g}")
    if target_week is not None:
        target_week = _integer("target_week", target_week, -(10**9))
        if not 0 <= target_week < n_weeks:
            raise ParameterError(
                f"target_week must lie in the horizon [0, {n_weeks - 1}] (week index), "
                f"got {target_week}; use None for no target"
            )
    try:
        first = pd.Timestamp(start)
    except (ValueError, TypeError) as exc:
        raise ParameterError(f"start must be a date such as '2023-01-02', got {start!r}") from exc
    seg = _segments(segments, quality_gap)
    rng = as_generator(seed)

    n_seg = len(seg["segment"])
    total = n_weeks + lag  # cohort i holds the leads of week i - lag
    monday = (first - pd.Timedelta(days=first.day_of_week)).normalize()
    weeks = pd.date_range(monday, periods=n_weeks, freq="7D")
    all_weeks = pd.date_range(monday - pd.Timedelta(weeks=lag), periods=total, freq="7D")
    rel_week = np.arange(total) - lag
    season = 1.0 + seasonality * np.cos(
        2 * np.pi * (all_weeks.day_of_year.to_numpy() - 70) / 365.25
    )
    budgets = budget * (1.0 + budget_growth) ** (np.maximum(rel_week, 0) / 52.0) * season
    active = np.zeros(total, dtype=bool)
    if target_week is not None:
        active = rel_week >= target_week
    step = adapt_rate * pressure

    f32 = np.float32
    w0 = seg["base_share"].astype(f32)[:, None]
    log_cpl0 = np.log(seg["cpl"]).astype(f32)[:, None]
    log_lead_base = (np.log(seg["base_share"]) - np.log(seg["cpl"])).astype(f32)[:, None]
    log_budget = np.log(np.maximum(budgets, 1e-300)).astype(f32)
    won = seg["sql_rate"] * opp_rate * seg["win_rate"]  # lead -> won deal
    # Rows: leads, SQLs, won deals, won value (per unit of segment leads).
    funnel = np.stack([np.ones(n_seg), seg["sql_rate"], won, won * seg["deal_value"]]).astype(f32)

    # Exogenous randomness first, in a fixed order (bit-for-bit reproducible).
    # log_yield: weekly log-normal shock to each segment's leads per dollar.
    # Large simulations draw in two threads from two child generators spawned
    # from the seed, each with a fixed share of the work, so the result does
    # not depend on thread timing (small ones use one stream, below).
    children = rng.spawn(2) if n_runs * total >= _PARALLEL_MIN_CELLS else None
    if children is None:
        log_yield = rng.standard_normal((total, n_seg, n_runs), dtype=f32)
    else:
        log_yield = np.empty((total, n_seg, n_runs), dtype=f32)
        half = total // 2
        _in_two_threads(
            lambda: children[0].standard_normal(dtype=f32, out=log_yield[:half]),
            lambda: children[1].standard_normal(dtype=f32, out=log_yield[half:]),
        )
    log_yield *= f32(noise)
    log_yield -= f32(noise * noise / 2)  # mean yield 1
    demand_eps = rng.standard_normal((total, n_runs), dtype=f32)

    expected = np.empty((total, 4, n_runs), dtype=f32)
    keep_shares = return_shares or not as_frame
    shares = np.empty((n_weeks, n_seg, n_runs), dtype=f32) if keep_shares else None
    # x = log(share / base_share), normalised so that sum(base_share * exp(x)) = 1.
    # A segment's expected CPL is cpl * exp(elasticity * x) (diminishing returns),
    # so its leads are budget * base_share / cpl * exp((1 - elasticity) x + yield).
    x = np.zeros((n_seg, n_runs), dtype=f32)
    moved = False
    e = f32(elasticity)
    keep, step32 = f32(1.0 - anchor), f32(step)
    demand = np.empty((total, n_runs), dtype=f32)
    z = demand_eps[0] * f32(demand_sd)
    innov = f32(demand_sd * math.sqrt(1 - demand_persistence**2))
    rho = f32(demand_persistence)
    for i in range(total):
        if i:
            z = rho * z + innov * demand_eps[i]
        demand[i] = z
        base = log_lead_base + log_budget[i]
        if moved:
            leads_s = np.exp((1 - e) * x + log_yield[i] + base)
        else:
            leads_s = np.exp(log_yield[i] + base)
        expected[i] = funnel @ leads_s
        if keep_shares and i >= lag:
            shares[i - lag] = w0 * np.exp(x) if moved else w0
        if active[i] and step > 0:
            # The team reads each segment's CPL this week and moves budget
            # toward the cheaper ones; the anchor pulls back to the baseline.
            w = w0 * np.exp(x)
            log_cpl = log_cpl0 + e * x - log_yield[i]
            x = keep * x - step32 * (log_cpl - (w * log_cpl).sum(axis=0))
            x -= np.log((w0 * np.exp(x)).sum(axis=0))
            moved = True
    # From here on runs are rows: every array is (n_runs, weeks), so the
    # DataFrame columns below are views, not transposed copies.
    lam_leads, lam_sql, lam_won, lam_value = np.ascontiguousarray(expected.transpose(1, 2, 0))
    demand = np.exp(np.ascontiguousarray(demand.T) - f32(demand_sd**2 / 2))
    # Exact Poisson split of each cohort's leads: unqualified, SQL without an
    # opportunity, lost opportunity, won deal. Cohort i (leads of week i - lag)
    # closes in week i; its won deals are thinned by that week's market demand.
    lam_opp = lam_sql * f32(opp_rate)
    lam_cust = np.minimum(lam_won * demand, lam_opp)
    out = slice(lag, total)
    if children is None:
        unqualified = rng.poisson(lam_leads[:, out] - lam_sql[:, out])
        sql_no_opp = rng.poisson(lam_sql[:, out] - lam_opp[:, out])
        lost = rng.poisson(lam_opp[:, out] - lam_cust[:, out])
        won_cohort = rng.poisson(lam_cust)
    else:
        rates = (lam_leads - lam_sql, lam_sql - lam_opp, lam_opp - lam_cust, lam_cust)
        counts = np.empty((4, n_runs, total), dtype=np.int64)
        half = n_runs // 2

        def draw(gen, rows):
            for j, lam in enumerate(rates):
                counts[j, rows] = gen.poisson(lam[rows])

        _in_two_threads(
            lambda: draw(children[0], slice(0, half)),
            lambda: draw(children[1], slice(half, n_runs)),
        )
        unqualified, sql_no_opp, lost = (counts[j][:, out] for j in range(3))
        won_cohort = counts[3]
    if gaming > 0 and target_week is not None:
        ramp = np.clip((rel_week[out] - target_week + 1) / 8.0, 0.0, 1.0).astype(f32)
        fills = rng.poisson(lam_leads[:, out] * f32(gaming * pressure) * ramp)
    else:
        fills = 0
    opportunities = (lost + won_cohort[:, out]).astype(np.int32)
    qualified = opportunities + sql_no_opp.astype(np.int32)
    leads = qualified + (unqualified + fills).astype(np.int32)
    customers = won_cohort[:, :n_weeks].astype(np.int32)
    mean_deal = np.divide(
        lam_value[:, :n_weeks],
        lam_won[:, :n_weeks],
        out=np.zeros((n_runs, n_weeks), f32),
        where=lam_won[:, :n_weeks] > 0,
    )
    if children is None:
        revenue = rng.gamma(customers * deal_shape, 1.0)
    else:
        revenue = np.empty((n_runs, n_weeks))
        half = n_runs // 2

        def draw_gamma(gen, rows):
            revenue[rows] = gen.gamma(customers[rows] * deal_shape, 1.0)

        _in_two_threads(
            lambda: draw_gamma(children[0], slice(0, half)),
            lambda: draw_gamma(children[1], slice(half, n_runs)),
        )
    revenue *= mean_deal / deal_shape
    spend = np.broadcast_to(budgets[None, out], (n_runs, n_weeks))

    def ratio_of(num, den):
        num = np.asarray(num, dtype=float)
        return np.divide(num, den, out=np.full(num.shape, np.nan), where=den > 0)

    cols = {
        "spend": spend,
        "leads": leads,
        "cpl": ratio_of(spend, leads),
        "qualified_leads": qualified,
        "lead_quality": ratio_of(qualified, leads),
        "cost_per_qualified_lead": ratio_of(spend, qualified),
        "opportunities": opportunities,
        "cost_per_opportunity": ratio_of(spend, opportunities),
        "customers": customers,
        "cac": ratio_of(spend, customers),
        "revenue": revenue,
        "cpl_target_active": np.broadcast_to(active[None, out], (n_runs, n_weeks)).astype(np.int8),
        "market_demand": demand[:, :n_weeks],
    }
    if not as_frame:
        arrays = {k: np.ascontiguousarray(v) for k, v in cols.items()}
        arrays["week"] = weeks.to_numpy()
        arrays["budget_share"] = shares.transpose(2, 0, 1)
        arrays["segments"] = list(seg["segment"])
        return arrays

    frame = {
        "week": np.tile(weeks.to_numpy(), n_runs),
        "run": np.repeat(np.arange(n_runs, dtype=np.int32), n_weeks),
    }
    for k, v in cols.items():
        frame[k] = np.ravel(v)  # a view when v is contiguous
    frame["revenue"] = np.round(frame["revenue"], 2)
    weekly = pd.DataFrame(frame, copy=False)  # the arrays are fresh copies
    if not return_shares:
        return weekly
    share_tab = pd.DataFrame(
        {
            "week": np.tile(np.repeat(weeks.to_numpy(), n_seg), n_runs),
            "run": np.repeat(np.arange(n_runs, dtype=np.int32), n_weeks * n_seg),
            "segment": pd.Categorical(
                np.tile(seg["segment"], n_runs * n_weeks), categories=seg["segment"]
            ),
            "budget_share": shares.transpose(2, 0, 1).ravel().astype(float),
        }
    )
    share_tab["spend"] = share_tab["budget_share"] * np.tile(np.repeat(budgets[out], n_seg), n_runs)
    share_tab["expected_cpl"] = (
        np.tile(seg["cpl"], n_runs * n_weeks)
        * (share_tab["budget_share"].to_numpy() / np.tile(seg["base_share"], n_runs * n_weeks))
        ** elasticity
    )
    return weekly, share_tab


def goodhart_effects(data, *, target_week, window: int = 26, by_run: bool = False):
    """Compare the funnel before the CPL target with the end of the horizon.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`simulate_funnel` (columns ``week``, ``run`` optional,
        and the funnel metrics).
    target_week : int
        Week index (0-based within each run) at which the target started.
    window : int
        Weeks averaged on each side: the ``window`` weeks just before the
        target, and the last ``window`` weeks of the data (by then budget moves
        and the sales cycle have played out).
    by_run : bool
        ``True``: one row per run and metric; ``False`` (default): averaged
        over runs.

    Returns
    -------
    DataFrame
        ``metric``; ``before`` and ``after`` (means in the metric's unit);
        ``change`` (relative, ``after / before - 1``); ``better`` (bool: moved
        the good way for that metric); with ``by_run=True`` also ``run``. With
        ``by_run=False``, ``share_worse`` is the share of runs in which the
        metric moved the bad way.

    Examples
    --------
    >>> sim = simulate_funnel(n_weeks=80, target_week=40, pressure=1, n_runs=20, seed=3)
    >>> eff = goodhart_effects(sim, target_week=40, window=20).set_index("metric")
    >>> bool(eff.loc["cpl", "change"] < 0 < eff.loc["cost_per_qualified_lead", "change"])
    True
    """
    target_week = _integer("target_week", target_week, 0)
    window = _integer("window", window, 1)
    df = data if "run" in data.columns else data.assign(run=0)
    n_weeks = df.groupby("run").size().min()
    if target_week - window < 0 or target_week >= n_weeks - window:
        raise ParameterError(
            f"target_week={target_week} leaves fewer than window={window} weeks before "
            f"it or after it (data have {n_weeks} weeks per run); lower window"
        )
    idx = df.groupby("run").cumcount()
    metrics = [m for m in FUNNEL_METRICS if m in df.columns]
    before = df[(idx >= target_week - window) & (idx < target_week)].groupby("run")[metrics].mean()
    after = df[idx >= n_weeks - window].groupby("run")[metrics].mean()
    sign = pd.Series(FUNNEL_METRICS)[metrics]
    if by_run:
        rows = []
        for m in metrics:
            rows.append(
                pd.DataFrame(
                    {
                        "run": before.index,
                        "metric": m,
                        "before": before[m].to_numpy(),
                        "after": after[m].to_numpy(),
                    }
                )
            )
        out = pd.concat(rows, ignore_index=True)
        out["change"] = out["after"] / out["before"] - 1
        out["better"] = np.sign(out["change"]) == out["metric"].map(sign)
        return out
    change_runs = after / before - 1
    out = pd.DataFrame(
        {
            "metric": metrics,
            "before": before.mean().to_numpy(),
            "after": after.mean().to_numpy(),
        }
    )
    out["change"] = out["after"] / out["before"] - 1
    out["better"] = np.sign(out["change"]).to_numpy() == sign.to_numpy()
    out["share_worse"] = ((np.sign(change_runs) * sign) < 0).mean().to_numpy()
    return out


def sandbox_simulation(
    pressure: float = 0.6,
    quality_gap: float = 1.0,
    noise: float = 0.15,
    target_week: int = 52,
    *,
    n_weeks: int = 104,
    n_runs: int = 30,
    seed=0,
):
    """The computation behind :func:`okrlab.widgets.goodhart_sandbox`.

    Runs :func:`simulate_funnel` with the sandbox's four knobs and returns the
    weekly data and :func:`goodhart_effects` (window: up to 26 weeks).

    Returns
    -------
    weekly : DataFrame
        As :func:`simulate_funnel`, ``n_runs`` runs.
    effects : DataFrame
        As :func:`goodhart_effects`.

    Examples
    --------
    >>> weekly, effects = sandbox_simulation(pressure=0.0, n_runs=5)
    >>> weekly["run"].nunique(), list(effects.columns[:3])
    (5, ['metric', 'before', 'after'])
    """
    weekly = simulate_funnel(
        n_weeks=n_weeks,
        target_week=int(target_week),
        pressure=pressure,
        quality_gap=quality_gap,
        noise=noise,
        n_runs=n_runs,
        seed=seed,
    )
    window = max(1, min(26, int(target_week), n_weeks - int(target_week) - 1))
    return weekly, goodhart_effects(weekly, target_week=int(target_week), window=window)


# -- the four variants -----------------------------------------------------------
def regressional_closed_form(*, mu=0.0, sd_goal=1.0, sd_noise=1.0, top_fraction=0.1):
    """Closed-form regressional Goodhart for a normal goal and normal noise.

    With goal ``V ~ N(mu, sd_goal**2)``, noise ``X ~ N(0, sd_noise**2)`` and
    proxy ``U = V + X``: ``E[V | U=u] = mu + k (u - mu)`` with shrinkage
    ``k = sd_goal**2 / (sd_goal**2 + sd_noise**2)``. Selecting the top
    ``top_fraction`` q on U gives ``E[U | top] = mu + sd_U phi(z) / q`` with
    ``z = Phi^-1(1 - q)`` (inverse Mills ratio), hence
    ``E[V | top] = mu + k sd_U phi(z) / q``.

    Returns
    -------
    dict
        ``shrinkage`` (k), ``sd_proxy`` (sd of U), ``threshold`` (the proxy
        cut-off), ``expected_proxy_top`` and ``expected_goal_top`` (means over
        the selected top slice), ``shortfall`` (their difference).

    Examples
    --------
    >>> cf = regressional_closed_form(sd_goal=1, sd_noise=1, top_fraction=0.5)
    >>> round(cf["shrinkage"], 3), round(cf["expected_goal_top"], 4)
    (0.5, 0.5642)
    """
    from statistics import NormalDist

    mu = _number("mu", mu)
    sd_goal = _positive("sd_goal", sd_goal)
    sd_noise = _nonneg("sd_noise", sd_noise)
    q = _prob("top_fraction", top_fraction)
    if q == 0:
        raise ParameterError("top_fraction must be greater than 0")
    k = sd_goal**2 / (sd_goal**2 + sd_noise**2)
    sd_u = math.sqrt(sd_goal**2 + sd_noise**2)
    nd = NormalDist()
    z = nd.inv_cdf(1 - q) if q < 1 else -math.inf
    mills = nd.pdf(z) / q if q < 1 else 0.0
    return {
        "shrinkage": k,
        "sd_proxy": sd_u,
        "threshold": mu + sd_u * z,
        "expected_proxy_top": mu + sd_u * mills,
        "expected_goal_top": mu + k * sd_u * mills,
        "shortfall": (1 - k) * sd_u * mills,
    }


def regressional_goodhart(
    n: int = 2000, *, mu=0.0, sd_goal=1.0, sd_noise=1.0, top_fraction=0.1, seed=None
):
    """Regressional Goodhart: select on a noisy proxy, get less of the goal.

    Each unit (say a campaign) has a true goal value ``V ~ N(mu, sd_goal**2)``
    and a measured proxy ``U = V + X`` with ``X ~ N(0, sd_noise**2)``. The
    ``top_fraction`` with the highest proxy is selected. Their mean goal falls
    short of their mean proxy; see :func:`regressional_closed_form`.

    Returns
    -------
    DataFrame
        ``unit`` (int), ``goal`` (V), ``noise`` (X), ``proxy`` (U = V + X),
        ``selected`` (bool: in the top ``top_fraction`` by proxy).

    Examples
    --------
    >>> df = regressional_goodhart(20_000, top_fraction=0.1, seed=0)
    >>> top = df[df.selected]
    >>> bool(top.goal.mean() < top.proxy.mean())
    True
    """
    n = _integer("n", n, 2)
    mu = _number("mu", mu)
    sd_goal = _positive("sd_goal", sd_goal)
    sd_noise = _nonneg("sd_noise", sd_noise)
    q = _prob("top_fraction", top_fraction)
    n_top = int(round(q * n))
    if n_top < 1:
        raise ParameterError(f"top_fraction={q:g} of n={n} selects no unit; raise either")
    rng = as_generator(seed)
    goal = rng.normal(mu, sd_goal, n)
    noise = rng.normal(0.0, sd_noise, n)
    proxy = goal + noise
    selected = np.zeros(n, dtype=bool)
    selected[np.argsort(-proxy, kind="stable")[:n_top]] = True
    return pd.DataFrame(
        {"unit": np.arange(n), "goal": goal, "noise": noise, "proxy": proxy, "selected": selected}
    )


def extremal_goodhart(
    n: int = 400,
    *,
    normal_range=(0.0, 2.0),
    pushed_range=(2.0, 5.0),
    knee: float = 2.5,
    curvature: float = 0.8,
    noise: float = 0.3,
    seed=None,
):
    """Extremal Goodhart: a relation that holds in normal conditions breaks
    when the proxy is pushed far.

    Story: weekly lead volume (proxy, in hundreds of leads) and pipeline
    created (goal, in units of the typical week). Up to ``knee`` more leads
    bring more pipeline one for one; beyond it the audience is exhausted and
    sales time is swamped, so pipeline falls:
    ``goal = proxy - curvature * max(0, proxy - knee)**2 + noise``. A straight
    line fitted on the historical (normal-range) data predicts ever more
    pipeline; in the pushed range it is wrong.

    Returns
    -------
    DataFrame
        ``regime`` (``"historical"`` or ``"pushed"``), ``proxy``, ``goal``,
        ``predicted_goal`` (the line fitted on historical rows),
        ``true_mean_goal`` (the noise-free relation).

    Examples
    --------
    >>> df = extremal_goodhart(seed=0)
    >>> pushed = df[(df.regime == "pushed") & (df.proxy > 4)]
    >>> bool((pushed.goal < pushed.predicted_goal).mean() > 0.9)
    True
    """
    n = _integer("n", n, 4)
    knee = _number("knee", knee)
    curvature = _nonneg("curvature", curvature)
    noise = _nonneg("noise", noise)
    lo, hi = (_number("normal_range", v) for v in normal_range)
    plo, phi = (_number("pushed_range", v) for v in pushed_range)
    if not (lo < hi and plo < phi):
        raise ParameterError(
            "normal_range and pushed_range must each be (low, high) with low < high"
        )
    rng = as_generator(seed)
    n_hist = n // 2
    proxy = np.concatenate([rng.uniform(lo, hi, n_hist), rng.uniform(plo, phi, n - n_hist)])
    true_mean = proxy - curvature * np.maximum(0.0, proxy - knee) ** 2
    goal = true_mean + rng.normal(0.0, noise, n)
    regime = np.where(np.arange(n) < n_hist, "historical", "pushed")
    slope, intercept = np.polyfit(proxy[:n_hist], goal[:n_hist], 1)
    return pd.DataFrame(
        {
            "regime": regime,
            "proxy": proxy,
            "goal": goal,
            "predicted_goal": intercept + slope * proxy,
            "true_mean_goal": true_mean,
        }
    )


def causal_goodhart(
    n: int = 500,
    *,
    push: float = 1.0,
    proxy_effect: float = 1.0,
    goal_effect: float = 1.0,
    noise: float = 0.5,
    seed=None,
):
    """Causal Goodhart: the proxy and the goal share a cause; pushing the
    proxy directly does not move the goal.

    Story: buying intent (the shared cause) drives both time on site (proxy)
    and revenue (goal). Across accounts they correlate. A team told to raise
    time on site adds friction and autoplay videos: time on site rises by
    ``push`` (in proxy standard units) while intent, and so revenue, stay put.

    Returns
    -------
    DataFrame
        ``unit``, ``condition`` (``"observed"`` or ``"proxy pushed"``; the same
        units in both), ``cause``, ``proxy``, ``goal``,
        ``predicted_goal`` (what the observational regression of goal on proxy
        predicts).

    Examples
    --------
    >>> df = causal_goodhart(4000, push=1.0, seed=0)
    >>> m = df.groupby("condition")[["proxy", "goal", "predicted_goal"]].mean()
    >>> d = m.loc["proxy pushed"] - m.loc["observed"]
    >>> round(float(d.proxy), 2), abs(float(d.goal)) < 1e-12, bool(d.predicted_goal > 0.5)
    (1.0, True, True)
    """
    n = _integer("n", n, 3)
    push = _number("push", push)
    proxy_effect = _number("proxy_effect", proxy_effect)
    goal_effect = _number("goal_effect", goal_effect)
    noise = _nonneg("noise", noise)
    rng = as_generator(seed)
    cause = rng.standard_normal(n)
    proxy = proxy_effect * cause + rng.normal(0.0, noise, n)
    goal = goal_effect * cause + rng.normal(0.0, noise, n)
    slope, intercept = np.polyfit(proxy, goal, 1)
    pushed = proxy + push
    return pd.DataFrame(
        {
            "unit": np.tile(np.arange(n), 2),
            "condition": np.repeat(["observed", "proxy pushed"], n),
            "cause": np.tile(cause, 2),
            "proxy": np.concatenate([proxy, pushed]),
            "goal": np.tile(goal, 2),
            "predicted_goal": intercept + slope * np.concatenate([proxy, pushed]),
        }
    )


def adversarial_goodhart(
    n_agents: int = 300,
    *,
    incentive: float = 1.0,
    gaming_yield: float = 2.0,
    harm: float = 0.3,
    noise: float = 0.1,
    seed=None,
):
    """Adversarial Goodhart: agents paid on a measure game it when that is cheap.

    Story: sales development reps are rewarded on leads logged. Each has real
    productivity ``p`` (genuine leads per unit of effort, around 1) and a
    private cost of gaming ``c`` (form fills counted as leads, recycled
    contacts). A rep puts a share ``g`` of effort into gaming, choosing it to
    maximise ``incentive * metric - c * g**2 / 2``, where
    ``metric = p (1 - g) + gaming_yield * g``; so
    ``g = clip(incentive * (gaming_yield - p) / c, 0, 1)``. The goal (real
    pipeline) is ``p (1 - g) - harm * g``: gaming also wastes sales time.
    Before the incentive (``incentive=0`` phase) nobody games.

    Returns
    -------
    DataFrame
        ``agent``, ``phase`` (``"no incentive"``, ``"incentive"``),
        ``productivity``, ``gaming_cost``, ``gaming_share`` (0-1),
        ``metric`` (leads logged, with measurement noise), ``goal`` (real pipeline).

    Examples
    --------
    >>> df = adversarial_goodhart(seed=0)
    >>> m = df.groupby("phase")[["metric", "goal"]].mean()
    >>> bool(m.loc["incentive", "metric"] > m.loc["no incentive", "metric"])
    True
    >>> bool(m.loc["incentive", "goal"] < m.loc["no incentive", "goal"])
    True
    """
    n_agents = _integer("n_agents", n_agents, 1)
    incentive = _nonneg("incentive", incentive)
    gaming_yield = _nonneg("gaming_yield", gaming_yield)
    harm = _nonneg("harm", harm)
    noise = _nonneg("noise", noise)
    rng = as_generator(seed)
    productivity = rng.lognormal(0.0, 0.25, n_agents)
    cost = rng.lognormal(math.log(4.0), 0.8, n_agents)
    eps = rng.normal(0.0, noise, (2, n_agents))
    frames = []
    for j, (phase, inc) in enumerate((("no incentive", 0.0), ("incentive", incentive))):
        g = np.clip(inc * (gaming_yield - productivity) / cost, 0.0, 1.0)
        frames.append(
            pd.DataFrame(
                {
                    "agent": np.arange(n_agents),
                    "phase": phase,
                    "productivity": productivity,
                    "gaming_cost": cost,
                    "gaming_share": g,
                    "metric": productivity * (1 - g) + gaming_yield * g + eps[j],
                    "goal": productivity * (1 - g) - harm * g,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
