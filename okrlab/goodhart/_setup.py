"""Checks and set-up of a funnel simulation: segments, settings, the plan, memory.

Everything here is deterministic (no random numbers): :func:`prepare` turns
:func:`okrlab.simulate_funnel`'s keyword arguments into clean settings, the
segments and an :class:`~okrlab.goodhart._engine.Plan`; :func:`check_memory`
refuses a request that cannot fit before anything is allocated.
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


def check_memory(c, n_seg, as_frame, return_shares):
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


def prepare(kw, keep_shares):
    c = _check_settings(kw)
    seg = _segments(kw["segments"], c["quality_gap"])
    rng = as_generator(kw["seed"])
    plan, weeks = _plan(c, seg, keep_shares)
    return c, seg, rng, plan, weeks
