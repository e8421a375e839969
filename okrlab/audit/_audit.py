"""okrlab.audit(): one KPI against one outcome (private module; public via okrlab.audit)."""

from __future__ import annotations

from ..errors import DataError, ParameterError, ParameterTypeError
from . import _core
from ._prepare import _UNITS, _clean_span, _prepare
from .result import AuditResult


def keyword_only(func, args, **required):
    """Positional arguments after ``data`` and missing required keywords: a clear error."""
    if args:
        raise ParameterTypeError(
            f"{func}() takes the data positionally and everything else by keyword, e.g. "
            f"{func}(df, kpi='cpl', outcome='revenue'); got {len(args)} more positional "
            f"argument(s) ({', '.join(repr(a) for a in args[:3])})"
            if func == "audit"
            else f"{func}() takes the data positionally and everything else by keyword, e.g. "
            f"{func}(df, outcome='revenue', kpis=['cpl']); got {len(args)} more positional "
            f"argument(s) ({', '.join(repr(a) for a in args[:3])})"
        )
    for name, value in required.items():
        if value is None:
            raise ParameterTypeError(
                f"{func}() needs {name}=, e.g. {name}='revenue'"
                if name == "outcome"
                else f"{func}() needs {name}=, e.g. {name}='cpl'"
            )


def run_params(**kw) -> dict:
    return {k: (int(v) if k in ("n_boot", "seed", "min_periods") else v) for k, v in kw.items()}


def check_span(P, code, name, outcome, max_lag, lag, min_periods):
    if P < 4:
        raise DataError(
            f"only {P} usable {_UNITS[code]} for {name!r} and {outcome!r}; an audit needs at "
            f"least {min_periods + 1}"
        )
    quarter = (P - 1) // 4
    if max_lag is not None and max_lag > quarter:
        raise ParameterError(
            f"max_lag={max_lag} is too large for {P} {_UNITS[code]}: use at most {quarter} "
            "(a quarter of the series)"
        )
    if lag is not None and abs(lag) > quarter:
        raise ParameterError(
            f"lag={lag} is too large for {P} {_UNITS[code]}: use a lag between -{quarter} and "
            f"{quarter} (a quarter of the series)"
        )


def audit(
    data,
    *args,
    kpi=None,
    outcome=None,
    date=None,
    direction=None,
    lag=None,
    max_lag=None,
    method="pearson",
    freq=None,
    agg="mean",
    log=False,
    n_boot=2000,
    alpha=0.05,
    min_r=0.3,
    levels_r_min=0.5,
    min_periods=30,
    trim=0.15,
    max_gap=2,
    seasonal="auto",
    stationarity=True,
    seed=None,
) -> AuditResult:
    """Audit whether a KPI leads, moves with or follows a business outcome over time.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per period with a date column (or a ``DatetimeIndex`` /
        ``PeriodIndex``) and numeric columns. Never modified. The only
        positional argument: everything else is keyword-only (extra
        positional arguments raise :class:`~okrlab.errors.ParameterTypeError`).
    kpi : str or okrlab.KPI
        The KPI column (a KPI definition supplies its name and direction).
    outcome : str
        The outcome column (higher is assumed better, e.g. revenue).
    date : str, optional
        The date column: dates, ``YYYY-MM``, ``2002 Jan``, ``2024Q1``, Period
        values or whole-number years.
    direction : {"higher", "lower"}, optional
        Which way is better for the KPI; the expected sign of the relation is
        then + or -. Without it the sign is not checked and ``misaligned``
        cannot occur.
    lag : int, optional
        Fix the lag in advance (positive: the KPI leads by that many periods),
        e.g. ``lag=8`` for a known 8-week sales cycle. The p-value and interval
        are then those of that one lag (more power than a search).
    max_lag : int, optional
        Without ``lag``, lags ``-max_lag .. max_lag`` are searched. Default 8
        weeks, 3 months, 2 quarters, 1 year or 28 days, capped at an eighth of
        the series.
    method : {"pearson", "spearman"}
        Spearman correlates whole-series ranks of the changes.
    freq : {"W", "M", "Q", "Y"}, optional
        Resample to weeks, months, quarters or years first (see ``agg``).
    agg : "mean", "sum" or dict
        How ``freq`` combines values (mean by default; "sum" for totals).
    log : bool
        Use log-levels and log-differences (percentage changes).
    n_boot : int
        Draws from the null distribution of the largest ``|T|`` over the
        searched lags (Monte Carlo error of a p-value of 0.05 about 0.005 at
        the default 2000).
    alpha : float
        Significance level; the interval's confidence is ``1 - alpha``.
    min_r : float
        Smallest ``|r|`` of changes called ``predictive``, ``coincident`` or
        ``misaligned`` rather than ``weak`` (0.3: at least ~10 % of the
        outcome's period-to-period variation).
    levels_r_min : float
        ``|r|`` of levels at or above which the levels "correlate" (shared trend).
    min_periods : int
        Fewest change pairs at the largest lag for a verdict (default 30).
    trim : float
        Share of pairs excluded at each end of the break search (0.15). The
        recent-window test covers the ends: the last ~quarter and ~half-year
        (13 and 26 weeks, 6 and 12 months ...) against the history before.
    max_gap : int
        Longest run of missing periods filled by interpolation.
    seasonal : "auto", True or False
        Remove a yearly pattern from every series' changes: "auto" when the
        outcome and a KPI both have one (F test at 5 %, noted), True always,
        False never. A shared season otherwise looks like prediction.
    stationarity : bool
        Test the levels for a unit root (ADF and KPSS); when every series is
        stationary, detrended levels are compared instead of changes (noted).
    seed : int or numpy.random.Generator, optional
        The same int gives identical results.
    *args
        Not accepted: every argument after ``data`` is keyword-only (a positional one
        raises :class:`~okrlab.errors.ParameterTypeError` naming the keyword to use).

    Returns
    -------
    AuditResult

    Notes
    -----
    **One coherent inference.** The reported ``r``, its interval, p-value,
    sign and size all come from the correlation of changes at one lag
    ``best_lag`` (positive: the KPI leads; negative: the outcome leads).
    The pivot is Fisher's z with a Bartlett effective sample size for
    autocorrelated changes (t reference). With ``lag=`` the p-value and the
    ``1 - alpha`` interval are those of that lag. Otherwise the lag with the
    largest ``|T|`` is reported and both the p-value and the interval pay
    for the search (the null distribution of ``max |T|`` over all lags; the
    interval is simultaneous), so **the interval excludes 0 exactly when
    p < alpha**. The ``incremental`` test asks whether the KPI's past changes
    add to the outcome's own past changes (Granger F-test).

    **Verdicts**, in order:

    1. ``insufficient_data``: fewer than ``min_periods`` pairs, or a series
       that never changes.
    2. ``decoupled``: the stability step finds the link weaker now than
       before (the last ~quarter and ~half-year against the history, and a
       break search with a 95 % interval for the date; one combined p-value)
       and before it was at least ``min_r`` in size. The explanation says the
       link "no longer" holds only when it is now smaller than ``min_r``;
       a link still at least ``min_r`` "weakened" (or "reversed" if its sign
       flipped).
    3. No link (p >= alpha, the interval includes 0): ``spurious_trend`` if
       the levels correlate, else ``not_predictive``.
    4. Link, outcome first: ``follows`` (a lagging indicator).
    5. Link smaller than ``min_r``: ``weak``.
    6. Same period: ``coincident`` (a health signal, not a leading
       indicator). KPI first: ``predictive`` when the incremental p < alpha
       too, else ``weak``.
    7. ``misaligned`` replaces ``predictive`` or ``coincident`` when the
       sign is opposite to the KPI's direction (same evidence, opposite sign).

    So a verdict claiming a link (predictive, coincident, weak, misaligned)
    always has p < alpha and an interval excluding 0, and one claiming none
    (not_predictive, spurious_trend) always has p >= alpha and an interval
    including 0.

    Examples
    --------
    >>> import numpy as np, pandas as pd, okrlab
    >>> rng = np.random.default_rng(0)
    >>> leads = np.cumsum(rng.normal(1, 5, 120))
    >>> revenue = np.r_[np.zeros(2), leads[:-2]] * 3 + np.cumsum(rng.normal(0, 5, 120))
    >>> df = pd.DataFrame({"week": pd.date_range("2022-01-03", periods=120, freq="W-MON"),
    ...                    "leads": leads, "revenue": revenue})
    >>> res = okrlab.audit(df, kpi="leads", outcome="revenue", direction="higher",
    ...                    n_boot=499, seed=1)
    >>> res.verdict, res.lead, res.best_lag
    ('predictive', 'kpi_leads', 2)
    """
    keyword_only("audit", args, kpi=kpi, outcome=outcome)
    name, direction = _core._resolve_direction(kpi, direction)
    if not isinstance(outcome, str):
        raise ParameterTypeError(f"outcome must be a column name, got {type(outcome).__name__}")
    if name == outcome:
        raise ParameterError(f"kpi and outcome are the same column ({name!r})")
    _core.check_params(alpha, min_r, levels_r_min, n_boot, method, max_lag, lag, min_periods, trim)
    _core.check_series_options(max_gap, seasonal, stationarity, log)
    base = _core.seed_base(seed)
    grid, code, notes = _prepare(data, [name, outcome], date=date, freq=freq, agg=agg)
    clean, more = _clean_span(grid, [name, outcome], code, max_gap)
    P = len(clean)
    check_span(P, code, name, outcome, max_lag, lag, min_periods)
    params = run_params(
        alpha=alpha,
        min_r=min_r,
        levels_r_min=levels_r_min,
        min_periods=min_periods,
        lag=lag,
        method=method,
        log=bool(log),
        n_boot=n_boot,
        trim=trim,
        seed=base,
    )
    evs = _core.infer(
        clean.index.values,
        clean[[name]].to_numpy(),
        clean[outcome].to_numpy(),
        [name],
        code=code,
        log=log,
        max_lag=max_lag,
        lag=lag,
        method=method,
        n_boot=n_boot,
        min_periods=min_periods,
        base=base,
        steps={"seasonal": seasonal, "stationarity": stationarity},
    )
    ctx = {
        "code": code,
        "n_boot": n_boot,
        "trim": trim,
        "seed_base": base,
        "alpha": alpha,
    }
    (res,) = _core.finalize(
        evs,
        outcome=outcome,
        directions=[direction],
        notes=[notes + more],
        alpha=alpha,
        min_r=min_r,
        levels_r_min=levels_r_min,
        params=params,
        ctx=ctx,
        method=method,
    )
    return res
