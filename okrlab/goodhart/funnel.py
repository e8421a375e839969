"""The Goodhart funnel: a B2B marketing team under a cost-per-lead target.

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

With ``pressure=0`` (or ``target_week=None``) none of this happens.

Counts are Poisson (split exactly into qualified, lost and won leads), weekly
lead yields carry log-normal noise, won deals close ``sales_cycle_weeks`` after
the lead and their values are Gamma distributed. Runs and segments are array
dimensions; the weekly budget update, which depends on last week, is a Python
loop over weeks, run for blocks of 2048 runs at a time
(:mod:`okrlab.goodhart._engine`), so time and memory grow linearly with runs
and the numbers do not depend on the machine.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._stats import as_generator
from ..errors import ParameterError, ParameterTypeError
from . import _engine
from ._checks import _integer, _nonneg, _number, _positive, _prob
from ._fixedmath import fexp, flog
from .result import FunnelSimulation

__all__ = [
    "DEFAULT_SEGMENTS",
    "FunnelSimulation",
    "FUNNEL_METRICS",
    "HALFWAY",
    "memory_needed",
    "simulate_funnel",
    "simulate_funnel_chunks",
    "goodhart_effects",
    "sandbox_simulation",
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
        if not np.isfinite(values).all():
            row = int(np.argmin(np.isfinite(values)))
            raise ParameterError(
                f"segments column {col!r} has missing, infinite or non-numeric values (first "
                f"in row {row}, {seg[col].iloc[row]!r}); give a finite number for every segment"
            )
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
    # quality_gap rescales the spread of sql_rate on the log scale around the
    # baseline lead-weighted geometric mean (0 = every segment equally good,
    # 1 = as given), then all rates are scaled by one factor so that the
    # baseline lead quality (the lead-weighted mean sql_rate) stays what the
    # segments give: changing quality_gap changes only how unequal the
    # segments are, not how good the average lead is (up to clipping at 1).
    q = np.clip(out["sql_rate"], 1e-9, 1.0)
    lead_w = out["base_share"] / out["cpl"]
    lead_w = lead_w / lead_w.sum()
    log_q = flog(q)
    centre = np.sum(lead_w * log_q)
    spread = fexp(quality_gap * (log_q - centre))
    baseline_quality = np.sum(lead_w * out["sql_rate"])
    out["sql_rate"] = np.clip(spread * (baseline_quality / np.sum(lead_w * spread)), 0.0, 1.0)
    return out


#: Default ``target_week``: the CPL target starts halfway through the horizon.
HALFWAY = "halfway"


def _check_settings(kw):
    """Validate simulate_funnel's keyword arguments; returns a dict of clean values."""
    n_weeks = _integer("n_weeks", kw["n_weeks"], 1)
    c = {
        "n_weeks": n_weeks,
        "n_runs": _integer("n_runs", kw["n_runs"], 1),
        "lag": _integer("sales_cycle_weeks", kw["sales_cycle_weeks"], 0),
        "budget": _nonneg("weekly_budget", kw["weekly_budget"]),
        "pressure": _prob("pressure", kw["pressure"]),
        "gaming": _prob("gaming", kw["gaming"]),
        "quality_gap": _nonneg("quality_gap", kw["quality_gap"]),
        "noise": _nonneg("noise", kw["noise"]),
        "elasticity": _nonneg("elasticity", kw["elasticity"]),
        "adapt_rate": _nonneg("adapt_rate", kw["adapt_rate"]),
        "anchor": _prob("anchor", kw["anchor"]),
        "opp_rate": _prob("opportunity_rate", kw["opportunity_rate"]),
        "deal_shape": _positive("deal_shape", kw["deal_shape"]),
        "demand_sd": _nonneg("demand_sd", kw["demand_sd"]),
        "demand_persistence": _number("demand_persistence", kw["demand_persistence"]),
        "seasonality": _nonneg("seasonality", kw["seasonality"]),
        "budget_growth": _number("budget_growth", kw["budget_growth"]),
    }
    if not -1 < c["demand_persistence"] < 1:
        raise ParameterError(
            "demand_persistence must lie strictly between -1 and 1, got "
            f"{c['demand_persistence']:g}"
        )
    if c["seasonality"] >= 1:
        raise ParameterError(f"seasonality must be below 1, got {c['seasonality']:g}")
    if c["budget_growth"] <= -1:
        raise ParameterError(f"budget_growth must be above -1, got {c['budget_growth']:g}")
    for name in ("elasticity", "adapt_rate"):
        if c[name] > 10:
            raise ParameterError(
                f"{name}={c[name]:g} is outside the model's range [0, 10] (the defaults are "
                "0.4 and 0.3); pass a value in that range"
            )
    if c["noise"] > 3 or c["demand_sd"] > 3:
        raise ParameterError(
            f"noise={c['noise']:g} and demand_sd={c['demand_sd']:g} are log-scale standard "
            "deviations; values above 3 (a factor of 20 a week) are not supported"
        )
    target_week = kw["target_week"]
    if isinstance(target_week, str) and target_week == HALFWAY:
        target_week = n_weeks // 2
    if target_week is not None:
        target_week = _integer("target_week", target_week, -(10**9))
        if not 0 <= target_week < n_weeks:
            raise ParameterError(
                f"target_week must lie in the horizon [0, {n_weeks - 1}] (week index), "
                f"got {target_week}; use None for no target"
            )
    c["target_week"] = target_week
    try:
        c["first"] = pd.Timestamp(kw["start"])
    except (ValueError, TypeError) as exc:
        raise ParameterError(
            f"start must be a date such as '2023-01-02', got {kw['start']!r}"
        ) from exc
    if pd.isna(c["first"]):
        raise ParameterError(f"start must be a date such as '2023-01-02', got {kw['start']!r}")
    try:  # every labelled week, and the cohorts a sales cycle earlier, must be dates
        first = c["first"] - pd.Timedelta(weeks=c["lag"] + 1)
        last = c["first"] + pd.Timedelta(weeks=n_weeks)
        if first.year < 1678 or last.year > 2261:
            raise OverflowError
    except (OverflowError, ValueError) as exc:
        raise ParameterError(
            f"start={kw['start']!r} with n_weeks={n_weeks} and sales_cycle_weeks={c['lag']} "
            "runs outside the dates pandas can hold (years 1678-2261); pick a start date "
            "such as '2023-01-02' or fewer weeks"
        ) from exc
    return c


def _plan(c, seg, keep_shares):
    """The deterministic part of a simulation: weeks, budgets, funnel rates."""
    n_weeks, lag = c["n_weeks"], c["lag"]
    total = n_weeks + lag  # cohort i holds the leads of week i - lag
    monday = (c["first"] - pd.Timedelta(days=c["first"].day_of_week)).normalize()
    weeks = pd.date_range(monday, periods=n_weeks, freq="7D")
    all_weeks = pd.date_range(monday - pd.Timedelta(weeks=lag), periods=total, freq="7D")
    rel_week = np.arange(total) - lag
    # Budgets: scalar math per week (the C library, not numpy's CPU-dispatched
    # vector kernels), so they are the same on every CPU.
    day = all_weeks.day_of_year.to_numpy()
    growth = 1.0 + c["budget_growth"]
    budgets = np.array(
        [
            c["budget"]
            * (growth ** (max(int(r), 0) / 52.0) if c["budget_growth"] else 1.0)
            * (1.0 + c["seasonality"] * math.cos(2 * math.pi * (int(d) - 70) / 365.25))
            for r, d in zip(rel_week, day, strict=True)
        ]
    )
    target_week = c["target_week"]
    active = rel_week >= target_week if target_week is not None else np.zeros(total, bool)
    won = seg["sql_rate"] * c["opp_rate"] * seg["win_rate"]  # lead -> won deal
    leads_per_week = budgets.max() / seg["cpl"].min()
    if leads_per_week * (1 + c["gaming"]) > 5e7:
        raise ParameterError(
            f"weekly_budget / cpl gives about {leads_per_week:.3g} leads a week; the "
            "simulator counts leads in 32-bit integers and supports up to 50 million a "
            "week: lower weekly_budget or raise the segments' cpl"
        )
    plan = _engine.Plan(
        n_weeks=n_weeks,
        lag=lag,
        budgets=budgets,
        active=active,
        rel_week=rel_week,
        base_share=seg["base_share"],
        log_cpl0=flog(seg["cpl"]),
        log_lead_base=flog(seg["base_share"]) - flog(seg["cpl"]),
        funnel=np.stack([np.ones(len(won)), seg["sql_rate"], won, won * seg["deal_value"]]),
        elasticity=c["elasticity"],
        step=c["adapt_rate"] * c["pressure"],
        keep=1.0 - c["anchor"],
        noise=c["noise"],
        opp_rate=c["opp_rate"],
        deal_shape=c["deal_shape"],
        demand_sd=c["demand_sd"],
        demand_persistence=c["demand_persistence"],
        gaming_rate=c["gaming"] * c["pressure"] if target_week is not None else 0.0,
        target_week=target_week,
        keep_shares=keep_shares,
    )
    return plan, weeks


def _ratio(num, den):
    """num / den, NaN where den is 0 (den holds counts >= 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.divide(num, den, dtype=float)
    out[den == 0] = np.nan
    return out


def _columns(block, plan, rows):
    """The weekly columns of ``rows`` runs, as arrays of shape (rows, n_weeks)."""
    out = slice(plan.lag, plan.total)
    spend = np.broadcast_to(plan.budgets[None, out], (rows, plan.n_weeks))
    leads, qualified = block["leads"], block["qualified_leads"]
    opportunities, customers = block["opportunities"], block["customers"]
    return {
        "spend": spend,
        "leads": leads,
        "cpl": _ratio(spend, leads),
        "qualified_leads": qualified,
        "lead_quality": _ratio(qualified, leads),
        "cost_per_qualified_lead": _ratio(spend, qualified),
        "opportunities": opportunities,
        "cost_per_opportunity": _ratio(spend, opportunities),
        "customers": customers,
        "cac": _ratio(spend, customers),
        "revenue": block["revenue"],
        "cpl_target_active": np.broadcast_to(
            plan.active[None, out].astype(np.int8), (rows, plan.n_weeks)
        ),
        "market_demand": block["market_demand"],
    }


def _weekly_frame(cols, weeks, first_run):
    rows, n_weeks = cols["leads"].shape
    frame = {
        "week": np.tile(weeks.to_numpy(), rows),
        "run": np.repeat(np.arange(first_run, first_run + rows, dtype=np.int32), n_weeks),
    }
    for k, v in cols.items():
        frame[k] = np.ravel(v) if v.flags.c_contiguous else v.reshape(-1).copy()
    return pd.DataFrame(frame, copy=False)  # the arrays are fresh


def _share_frame(shares, plan, seg, weeks, first_run):
    rows, n_weeks, n_seg = shares.shape
    out = slice(plan.lag, plan.total)
    share = shares.reshape(-1)
    # expected CPL = cpl * (share / base_share) ** elasticity, in fixed math
    expected_cpl = share / np.tile(seg["base_share"], rows * n_weeks)
    expected_cpl = fexp(plan.elasticity * flog(np.maximum(expected_cpl, 1e-300)))
    expected_cpl *= np.tile(seg["cpl"], rows * n_weeks)
    codes = np.tile(np.arange(n_seg, dtype=np.int8 if n_seg < 128 else np.int32), rows * n_weeks)
    return pd.DataFrame(
        {
            "week": np.repeat(np.tile(weeks.to_numpy(), rows), n_seg),
            "run": np.repeat(
                np.arange(first_run, first_run + rows, dtype=np.int32), n_weeks * n_seg
            ),
            "segment": pd.Categorical.from_codes(codes, categories=seg["segment"]),
            "budget_share": share,
            "spend": share * np.tile(np.repeat(plan.budgets[out], n_seg), rows),
            "expected_cpl": expected_cpl,
        },
        copy=False,
    )


def _blocks(plan, rng, n_runs):
    """Simulate ``n_runs`` in fixed blocks, block j with the seed's j-th child generator."""
    first = 0
    for size in _engine.block_sizes(n_runs):
        (child,) = rng.spawn(1)
        yield first, _engine.simulate_block(plan, child, size)
        first += size


# Bytes per run-week of each output (see _check_memory).
_ARRAY_BYTES = 4 * 4 + 8 + 8 + 5 * 8  # counts, revenue, market_demand, five ratios
_FRAME_BYTES = _ARRAY_BYTES + 8 + 4 + 8 + 1 + 8  # + week, run, spend, active, rounding copy
# per segment: the share array, and for the long table its columns plus the
# temporaries of computing expected_cpl (measured peak, 10,000 runs)
_SHARE_BYTES = {False: 8, True: 90}


def _available_memory():
    """Bytes of memory available to this process, or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import os

        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def memory_needed(n_runs, n_weeks, n_segments=5, *, as_frame=True, return_shares=False):
    """Estimated peak memory (bytes) of :func:`simulate_funnel` with these sizes.

    Counts the outputs (see Returns of :func:`simulate_funnel`) plus the
    working memory of one block of :data:`~okrlab.goodhart._engine.BLOCK_RUNS`
    runs; measured peaks (``benchmarks/bench_simulate.py``) are within ~10% of it.

    Examples
    --------
    >>> round(memory_needed(10_000, 156) / 2**20)
    196
    """
    per_cell = _FRAME_BYTES if as_frame else _ARRAY_BYTES
    if return_shares:
        per_cell += n_segments * _SHARE_BYTES[bool(as_frame)]
    block = min(n_runs, _engine.BLOCK_RUNS) * (n_weeks + 8) * (16 * n_segments + 64)
    return n_runs * n_weeks * per_cell + block


def _check_memory(c, n_seg, as_frame, return_shares):
    need = memory_needed(
        c["n_runs"], c["n_weeks"], n_seg, as_frame=as_frame, return_shares=return_shares
    )
    avail = _available_memory()
    if avail is None or need <= 0.9 * avail:
        return
    gb = 2**30
    fits = max(1, int(c["n_runs"] * 0.9 * avail / need))
    lean = memory_needed(c["n_runs"], c["n_weeks"], n_seg, as_frame=False)
    raise ParameterError(
        f"n_runs={c['n_runs']} x n_weeks={c['n_weeks']} needs about {need / gb:.1f} GB of "
        f"memory, but only {avail / gb:.1f} GB is available. Use fewer runs (about "
        f"n_runs={fits} fits), as_frame=False without return_shares (about "
        f"{lean / gb:.1f} GB), or simulate_funnel_chunks(...) to process or write "
        f"{_engine.BLOCK_RUNS} runs at a time (okrlab simulate streams its CSV that way)"
    )


def _prepare(kw, keep_shares):
    c = _check_settings(kw)
    seg = _segments(kw["segments"], c["quality_gap"])
    rng = as_generator(kw["seed"])
    plan, weeks = _plan(c, seg, keep_shares)
    return c, seg, rng, plan, weeks


_PARAMETERS_DOC = """
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
    target_week : int, None or "halfway"
        Week index (0-based) from which the CPL target is active. The default,
        ``"halfway"``, is ``n_weeks // 2`` (week 78 of 156): with default
        arguments the simulation tells the Goodhart story. ``None`` means no
        target: the baseline mix all along, whatever ``pressure`` is.
    pressure : float in [0, 1]
        How hard the team chases the CPL target: the speed (per week) and the
        extent of budget moves toward last week's cheapest segments. 0 means the
        target is ignored (the control).
    gaming : float in [0, 1]
        Lead-definition gaming once the target is active: low-intent form fills
        counted as leads, as a share of real leads (times ``pressure``,
        ramped in over 8 weeks). They cost nothing and never qualify.
    quality_gap : float >= 0
        How unequal the segments are in lead quality: their ``sql_rate`` spread
        on the log scale is multiplied by ``quality_gap`` (0 = all equally
        good, 1 = as given, 2 = twice the spread) and the rates are then scaled
        so that the baseline lead quality (lead-weighted mean ``sql_rate``)
        stays the same (up to clipping at 1).
    noise : float in [0, 3]
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
        Independent replicates.
    seed : int, numpy.random.Generator or None
        Randomness; the same int gives the same result bit for bit (see
        "Reproducibility" below)."""

_COLUMNS_DOC = """``week`` (datetime, Monday), ``run`` (int, 0-based),
        ``spend`` (USD), ``leads`` (count, incl. gamed form fills),
        ``cpl`` (USD per lead = spend / leads),
        ``qualified_leads`` (sales-qualified leads, count),
        ``lead_quality`` (qualified_leads / leads, share 0-1),
        ``cost_per_qualified_lead`` (USD = spend / qualified_leads),
        ``opportunities`` (count, created from this week's leads),
        ``cost_per_opportunity`` (USD = spend / opportunities),
        ``customers`` (deals closed this week, from leads of
        ``sales_cycle_weeks`` earlier), ``cac`` (USD = spend / customers),
        ``revenue`` (USD, value of the deals closed this week, rounded to
        cents), ``cpl_target_active`` (0/1), ``market_demand`` (index, about 1).
        Ratios are NaN when the denominator is 0."""

_REPRO_DOC = """
    Reproducibility
    ---------------
    With the same seed and the same numpy and pandas versions, every output is
    the same bit for bit on any x86-64 or arm64 CPU, with any BLAS library, any
    number of threads or CPUs, and whether the runs are simulated at once or in
    chunks: there is no matrix product, sums over segments run in a fixed order,
    ``exp``/``log`` are computed from exactly rounded IEEE operations
    (:mod:`okrlab.goodhart._fixedmath`, not numpy's CPU-dispatched kernels) and
    runs are simulated in fixed blocks of 2048, block ``j`` drawing from the
    ``j``-th child generator spawned from the seed. ``make test`` checks this
    under emulated CPU variants (``make test-cpu-variants``). Only numpy's
    random generators still call the C math library (``log``/``exp`` inside the
    Poisson and Gamma samplers); they agreed on every variant tested. Other
    numpy or pandas versions may change the random streams: results then agree
    in distribution, not in value. Derived summaries you compute (means,
    correlations) inherit the guarantee only if they avoid BLAS; compare those
    to a tolerance."""


def simulate_funnel(
    *,
    n_weeks: int = 156,
    start="2023-01-02",
    weekly_budget: float = 80_000.0,
    segments=None,
    target_week: int | str | None = HALFWAY,
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
    kw = dict(locals())
    for name, flag in (("as_frame", as_frame), ("return_shares", return_shares)):
        if not isinstance(flag, (bool, np.bool_)):
            raise ParameterTypeError(f"{name} must be True or False, got {flag!r}")
    keep_shares = bool(return_shares)
    c, seg, rng, plan, weeks = _prepare(kw, keep_shares)
    _check_memory(c, len(seg["segment"]), bool(as_frame), keep_shares)
    n_runs, n_weeks = c["n_runs"], c["n_weeks"]
    keys = (*_engine.COUNT_KEYS, "revenue", "market_demand")
    acc = {
        k: np.empty((n_runs, n_weeks), np.int32 if k in _engine.COUNT_KEYS else float) for k in keys
    }
    shares = np.empty((n_runs, n_weeks, len(seg["segment"]))) if keep_shares else None
    for first, block in _blocks(plan, rng, n_runs):
        rows = slice(first, first + len(block["leads"]))
        for k in keys:
            acc[k][rows] = block[k]
        if shares is not None:
            shares[rows] = block["budget_share"]
        del block
    cols = _columns(acc, plan, n_runs)
    del acc
    weekly = _weekly_frame(cols, weeks, 0) if as_frame else None
    cols["week"] = weeks.to_numpy()
    cols["segments"] = list(seg["segment"])
    share_tab = None
    if shares is not None:
        cols["budget_share"] = shares
        if as_frame:
            share_tab = _share_frame(shares, plan, seg, weeks, 0)
    settings = {k: kw[k] for k in _SETTINGS}
    settings.update(n_runs=n_runs, n_weeks=n_weeks, target_week=c["target_week"])
    settings["seed"] = (
        kw["seed"] if kw["seed"] is None or isinstance(kw["seed"], int) else "Generator"
    )
    settings["start"] = str(weeks[0].date())
    settings["segments"] = "default" if kw["segments"] is None else list(seg["segment"])
    return FunnelSimulation(weekly=weekly, arrays=cols, shares=share_tab, settings=settings)


_SETTINGS = ("weekly_budget", "pressure", "gaming", "quality_gap", "noise", "elasticity",
             "adapt_rate", "anchor", "opportunity_rate", "sales_cycle_weeks", "deal_shape",
             "demand_sd", "demand_persistence", "seasonality", "budget_growth")  # fmt: skip


simulate_funnel.__doc__ = f"""Simulate a B2B marketing funnel under a cost-per-lead target.

    Parameters
    ----------{_PARAMETERS_DOC}
    as_frame : bool
        ``True`` (default): the result holds the weekly DataFrame
        (``.weekly``). ``False``: only numpy arrays (``.arrays``; ``.weekly``
        is None), about 72 bytes per run-week instead of 93: the choice for
        very many runs.
    return_shares : bool
        Also keep the budget share per segment (``.shares`` and
        ``.arrays["budget_share"]``).

    Returns
    -------
    FunnelSimulation
        Always this type, whatever the flags (:class:`okrlab.goodhart.result.FunnelSimulation`):

        ``.weekly`` : DataFrame (None with ``as_frame=False``)
            One row per run and week, sorted by run then week:
            {_COLUMNS_DOC}
        ``.arrays`` : dict
            The same columns as read-only arrays of shape ``(n_runs, n_weeks)``
            (views of ``.weekly``; ``spend`` and ``cpl_target_active`` are
            broadcast views), plus ``week``, ``segments`` and, with
            ``return_shares=True``, ``budget_share`` ``(n_runs, n_weeks, n_segments)``.
        ``.shares`` : DataFrame or None
            With ``return_shares=True`` (and ``as_frame=True``): ``week``,
            ``run``, ``segment``, ``budget_share`` (0-1, sums to 1 over
            segments), ``spend`` (USD), ``expected_cpl`` (USD per lead in that
            segment that week, before noise).
        ``.settings`` : dict
            The arguments, JSON-safe. Also ``to_frame()`` (a copy of the weekly
            table), ``to_dict()``, ``effects()`` (:func:`goodhart_effects`) and
            ``plot()`` (the four-panel dashboard).

    Raises
    ------
    okrlab.errors.ParameterError, okrlab.errors.ParameterTypeError
        Naming the parameter, e.g. a negative budget, a probability outside
        [0, 1], zero segments, a target week outside the horizon, a
        non-integer ``n_runs``, or a request that needs more memory than is
        available (the message gives the memory needed and how to reduce it:
        fewer runs, ``as_frame=False`` or :func:`simulate_funnel_chunks`).

    Notes
    -----
    Runs are simulated in blocks of 2048, so time and working memory grow
    linearly with ``n_runs`` (about 0.4 s and 200 MB per 10,000 runs of 156
    weeks; see ``benchmarks/bench_simulate.py``).
{_REPRO_DOC}

    Examples
    --------
    >>> df = simulate_funnel(n_weeks=52, target_week=20, pressure=0.8, seed=1).weekly
    >>> df.shape
    (52, 15)
    >>> before = df[df.week < df.week[20]]
    >>> after = df.tail(12)
    >>> bool(after.cpl.mean() < before.cpl.mean())
    True
    >>> bool(after.lead_quality.mean() < before.lead_quality.mean())
    True

    With default arguments the target starts halfway (week 78 of 156):

    >>> int(simulate_funnel(seed=0).weekly["cpl_target_active"].idxmax())
    78
    """


def simulate_funnel_chunks(**kwargs):
    """Simulate like :func:`simulate_funnel`, yielding one DataFrame per block of runs.

    For simulations too large to hold at once: each chunk holds up to 2048
    consecutive runs (``run`` numbered globally), and the chunks concatenated
    equal ``simulate_funnel(**kwargs)`` exactly, bit for bit. ``as_frame``
    and ``return_shares`` are not accepted (each chunk is a weekly DataFrame).

    Parameters
    ----------
    **kwargs
        Any keyword argument of :func:`simulate_funnel` except ``as_frame``
        and ``return_shares``.

    Yields
    ------
    DataFrame
        The columns of :func:`simulate_funnel`'s weekly table for a block of runs.

    Examples
    --------
    >>> chunks = simulate_funnel_chunks(n_weeks=10, n_runs=3, seed=2)
    >>> whole = simulate_funnel(n_weeks=10, n_runs=3, seed=2).weekly
    >>> bool(pd.concat(list(chunks), ignore_index=True).equals(whole))
    True
    """
    for bad in ("as_frame", "return_shares"):
        if bad in kwargs:
            raise ParameterError(
                f"simulate_funnel_chunks does not take {bad}=; it yields weekly DataFrames"
            )
    import inspect

    params = inspect.signature(simulate_funnel).parameters
    unknown = sorted(set(kwargs) - set(params))
    if unknown:
        raise ParameterTypeError(
            f"simulate_funnel_chunks got unknown keyword argument(s) {', '.join(unknown)}"
        )
    kw = {name: p.default for name, p in params.items()}
    kw.update(kwargs)
    return (weekly for weekly, _ in stream_chunks(kw, with_shares=False))


def stream_chunks(kw, *, with_shares):
    """Validate ``kw`` (simulate_funnel's arguments) now; return a generator of
    ``(weekly, shares or None)`` DataFrames, one pair per block of runs."""
    c, seg, rng, plan, weeks = _prepare(kw, with_shares)

    def generate():
        for first, block in _blocks(plan, rng, c["n_runs"]):
            rows = len(block["leads"])
            weekly = _weekly_frame(_columns(block, plan, rows), weeks, first)
            shares = None
            if with_shares:
                shares = _share_frame(block["budget_share"], plan, seg, weeks, first)
            yield weekly, shares

    return generate()


def goodhart_effects(data, *, target_week, window: int = 26, by_run: bool = False):
    """Compare the funnel before the CPL target with the end of the horizon.

    Parameters
    ----------
    data : FunnelSimulation or DataFrame
        Output of :func:`simulate_funnel`, or a frame with its columns
        (``week``, ``run`` optional, and the funnel metrics).
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
    if isinstance(data, FunnelSimulation):
        data = data.weekly if data.weekly is not None else data.to_frame()
    if not isinstance(data, pd.DataFrame):
        raise ParameterTypeError(
            "data must be the result of simulate_funnel or a DataFrame with its columns, got "
            f"{type(data).__name__}"
        )
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
    ).weekly
    window = max(1, min(26, int(target_week), n_weeks - int(target_week) - 1))
    return weekly, goodhart_effects(weekly, target_week=int(target_week), window=window)
