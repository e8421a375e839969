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

import numpy as np
import pandas as pd

from ..errors import ParameterError, ParameterTypeError
from . import _engine
from ._checks import _integer
from ._frames import _blocks, _columns, _share_frame, _weekly_frame
from ._setup import DEFAULT_SEGMENTS, HALFWAY, check_memory, memory_needed, prepare
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

#: Funnel metrics with the direction that is better (+1 higher, -1 lower).
FUNNEL_METRICS = {
    "cpl": -1,
    "leads": +1,
    "lead_quality": +1,
    "cost_per_qualified_lead": -1,
    "cac": -1,
    "revenue": +1,
}

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
    c, seg, rng, plan, weeks = prepare(kw, keep_shares)
    check_memory(c, len(seg["segment"]), bool(as_frame), keep_shares)
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
    with ``n_runs`` (measured on a busy 2-CPU machine, 156 weeks: 0.8 s CPU and
    210 MiB peak RSS for 10,000 runs, 10.6 s and 1.46 GiB for 100,000, most of
    it the result itself; ``benchmarks/bench_simulate.py``).
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
    c, seg, rng, plan, weeks = prepare(kw, with_shares)

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
