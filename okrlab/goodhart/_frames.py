"""Weekly columns and tables of a simulated funnel, built from the engine's blocks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _engine
from ._fixedmath import fexp, flog


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
        frame[k] = np.reshape(v, -1)  # a view if contiguous, else one fresh copy
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
