"""Which series does the audit compare? Stationarity and shared seasonality (private).

The audit compares *changes* because two trending series correlate in levels
whatever their relation. Differencing everything has its own costs:

- **Stationary levels** (a KPI that moves around a stable mean) differenced
  anyway become over-differenced (a unit root in their moving-average part),
  which the AR prewhitening cannot undo; the null rejection rate rises. So the
  levels are tested first: ADF (null: unit root) and KPSS (null: trend-
  stationary), both with constant and trend (statistics computed here and
  checked against statsmodels; ADF p-values from statsmodels' MacKinnon
  response surfaces, KPSS from its published table). Only when every
  series is classified stationary (ADF rejects at 5% *and* KPSS does not) are
  the linearly detrended levels compared; otherwise first differences.
- **Shared seasonality** (both series peak every Q4) makes unrelated series
  move together. Each compared series is tested for a yearly pattern
  (weekly: 4 Fourier harmonics of a 52.18-week year; monthly: 11 month
  dummies; quarterly: 3 quarter dummies) with an F test; when the outcome and
  a KPI both have one (p < 0.05), every series is deseasonalised by removing
  the fitted pattern. ``seasonal=True`` / ``False`` forces the choice.
- **spurious_trend** needs stochastic trends *without* cointegration:
  :func:`engle_granger` gives the Engle–Granger p-value (as statsmodels'
  ``coint`` with a fixed lag) for the verdict.

The seasonal fit uses numpy/LAPACK least squares, so fitted seasonal patterns
agree across machines to rounding (about 1e-12), not bit for bit; the unit-root
statistics use elementwise sums and small solves only (no threaded BLAS).
"""

from __future__ import annotations

import math

import numpy as np

from ._steps import Transformed

#: Seasonal period (periods per year) and number of Fourier harmonics (None: dummies).
SEASONS = {"W": (365.25 / 7.0, 4), "M": (12, None), "Q": (4, None)}
#: Fewest periods for the unit-root tests and for a seasonal fit (two full years).
MIN_UNIT_ROOT = 24


#: KPSS (trend-stationarity) critical values at 10%, 5%, 2.5% and 1% (Kwiatkowski et al. 1992).
_KPSS_CT = (np.array([0.119, 0.146, 0.176, 0.216]), np.array([0.10, 0.05, 0.025, 0.01]))


def _gram(Z):
    """Z'Z by elementwise sums (no BLAS: no thread start-up, same result on every CPU)."""
    return np.einsum("ti,tj->ij", Z, Z)


def _ols_t(y, Z):
    """OLS of ``y`` on ``Z``: (coefficients, t statistic of the first coefficient)."""
    G = _gram(Z)
    beta = np.linalg.solve(G, np.einsum("ti,t->i", Z, y))
    resid = y - np.einsum("ti,i->t", Z, beta)
    dof = len(y) - Z.shape[1]
    s2 = float(np.sum(resid * resid)) / dof
    var0 = float(np.linalg.solve(G, np.eye(len(G))[:, 0])[0]) * s2
    return beta, float(beta[0] / math.sqrt(var0)) if var0 > 0 else float("nan")


def adf_stat(x, *, trend="ct", lags=None):
    """Augmented Dickey-Fuller t statistic with a fixed number of lagged differences.

    ``trend``: "ct" (constant and trend), "c" (constant) or "n" (none).
    ``lags`` defaults to ``ceil(n^(1/3))`` (Said and Dickey's rate).
    """
    x = np.asarray(x, dtype=float)
    n = len(x)
    p = math.ceil(n ** (1 / 3)) if lags is None else int(lags)
    dx = np.diff(x)
    yv = dx[p:]
    cols = [x[p : n - 1]] + [dx[p - j : n - 1 - j] for j in range(1, p + 1)]
    if trend in ("c", "ct"):
        cols.append(np.ones(len(yv)))
    if trend == "ct":
        cols.append(np.arange(len(yv), dtype=float))
    return _ols_t(yv, np.column_stack(cols))[1]


def kpss_stat(x):
    """KPSS statistic for trend-stationarity (Bartlett long-run variance, ceil(12 (n/100)^(1/4)) lags)."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    t = np.arange(n, dtype=float) - (n - 1) / 2
    e = x - x.mean() - (float(np.sum(t * (x - x.mean()))) / float(np.sum(t * t))) * t
    lags = min(n - 1, math.ceil(12 * (n / 100) ** 0.25))
    lrv = float(np.sum(e * e)) / n
    for j in range(1, lags + 1):
        lrv += 2 * (1 - j / (lags + 1)) * float(np.sum(e[j:] * e[:-j])) / n
    S = np.cumsum(e)
    return float(np.sum(S * S)) / (n * n * lrv) if lrv > 0 else float("nan")


def unit_root(x):
    """ADF and KPSS on a series' levels (constant and trend).

    The test statistics are computed here (fixed lag orders, no BLAS); the ADF
    p-value comes from MacKinnon's response surfaces in statsmodels
    (``mackinnonp``) and the KPSS p-value from its published table
    (interpolated, bounded to [0.01, 0.1] like statsmodels').

    Parameters
    ----------
    x : array, shape (n,)

    Returns
    -------
    dict
        ``adf_p`` (null: unit root), ``kpss_p`` (null: trend-stationary) and
        ``kind``: ``"stationary"`` (ADF rejects and KPSS does not, at 5%),
        ``"unit_root"`` (KPSS rejects and ADF does not) or ``"unclear"``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> unit_root(rng.standard_normal(156))["kind"]
    'stationary'
    >>> unit_root(np.cumsum(rng.standard_normal(156)))["kind"]
    'unit_root'
    """
    from statsmodels.tsa.adfvalues import mackinnonp

    x = np.asarray(x, dtype=float)
    if len(x) < MIN_UNIT_ROOT or not np.std(x) > 0:
        return {"adf_p": float("nan"), "kpss_p": float("nan"), "kind": "unclear"}
    adf_p = float(mackinnonp(adf_stat(x, trend="ct"), regression="ct", N=1))
    crit, pv = _KPSS_CT
    kpss_p = float(np.interp(kpss_stat(x), crit, pv))
    if adf_p < 0.05 and kpss_p >= 0.05:
        kind = "stationary"
    elif adf_p >= 0.05 and kpss_p < 0.05:
        kind = "unit_root"
    else:
        kind = "unclear"
    return {"adf_p": adf_p, "kpss_p": kpss_p, "kind": kind}


def engle_granger(x, y):
    """Engle-Granger cointegration p-value of ``y`` on ``x``.

    OLS of ``y`` on a constant and ``x``; ADF (no deterministic terms,
    ``ceil(n^(1/3))`` lags) on the residuals; p-value from MacKinnon's
    response surface for two variables (statsmodels ``mackinnonp``), as
    statsmodels' ``coint`` does with a fixed lag. Small p: the levels share a
    stochastic trend (cointegrated), so their levels correlation is *not*
    spurious.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> trend = np.cumsum(rng.standard_normal(200))
    >>> bool(engle_granger(trend + rng.standard_normal(200), 2 * trend + rng.standard_normal(200)) < 0.05)
    True
    """
    from statsmodels.tsa.adfvalues import mackinnonp

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if len(y) < MIN_UNIT_ROOT or not (np.std(x) > 0 and np.std(y) > 0):
        return float("nan")
    xc = x - x.mean()
    resid = y - y.mean() - (float(np.sum(xc * (y - y.mean()))) / float(np.sum(xc * xc))) * xc
    return float(mackinnonp(adf_stat(resid, trend="n"), regression="c", N=2))


def _season_design(n, code, start=0):
    """Columns of the seasonal pattern (without the constant) for ``n`` periods."""
    period, harmonics = SEASONS[code]
    t = np.arange(start, start + n, dtype=float)
    if harmonics is None:
        pos = (np.arange(start, start + n) % period).astype(int)
        D = np.zeros((n, period - 1))
        for k in range(1, period):
            D[:, k - 1] = pos == k
        return D
    cols = []
    for k in range(1, harmonics + 1):
        ang = 2.0 * math.pi * k * t / period
        cols += [np.sin(ang), np.cos(ang)]
    return np.column_stack(cols)


def _fit(V, D):
    """Residuals and F-test p-values of each column of ``V`` on a constant plus ``D``.

    ``V`` is (n,) or (n, K); one least-squares solve serves every column.
    """
    from scipy import stats

    one = V.ndim == 1
    V = V[:, None] if one else V
    n, q = D.shape
    Z = np.column_stack([np.ones(n), D])
    beta, *_ = np.linalg.lstsq(Z, V, rcond=None)
    resid = V - Z @ beta
    rss1 = np.sum(resid**2, axis=0)
    rss0 = np.sum((V - V.mean(axis=0)) ** 2, axis=0)
    df2 = n - q - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        F = ((rss0 - rss1) / q) / (rss1 / df2)
    p = np.where((rss1 > 0) & (df2 > 0), stats.f.sf(F, q, max(df2, 1)), np.nan)
    return (resid[:, 0], float(p[0])) if one else (resid, p)


def _min_season_length(code):
    """Fewest values for a seasonal fit: 1.5 years (Fourier) or two of each dummy."""
    period, harmonics = SEASONS[code]
    return int(math.ceil(1.5 * period)) if harmonics else 2 * period - 1


def seasonal_p(v, code, start=0):
    """F-test p-value for a yearly pattern in ``v`` (NaN when it cannot be tested).

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> t = np.arange(156)
    >>> bool(seasonal_p(np.sin(2 * np.pi * t / 52.18) + rng.normal(0, .5, 156), "W") < 0.01)
    True
    """
    v = np.asarray(v, dtype=float)
    if code not in SEASONS or len(v) < _min_season_length(code):
        return float("nan")
    return _fit(v, _season_design(len(v), code, start))[1]


def deseasonalise(v, code, start=0):
    """``v`` minus its fitted yearly pattern (the mean is kept); ``v`` (n,) or (n, K)."""
    v = np.asarray(v, dtype=float)
    resid, _ = _fit(v, _season_design(len(v), code, start))
    return resid + v.mean(axis=0)


def _detrend(v):
    t = np.arange(len(v), dtype=float)
    tc = t - t.mean()
    b = float(np.sum(tc * (v - v.mean())) / np.sum(tc * tc))
    return v - v.mean() - b * tc


def _shared_season(dX, dy, code, seasonal, notes):
    """Decide on the *changes* (valid with or without unit roots) whether to deseasonalise."""
    if code not in SEASONS or seasonal is False:
        return False
    if seasonal == "auto":
        py = seasonal_p(dy, code, 1)
        if not (np.isfinite(py) and py < 0.05):  # no season in the outcome: nothing shared
            return False
        _, px = _fit(dX, _season_design(len(dy), code, 1))
        return bool(np.any(px < 0.05))
    if len(dy) < _min_season_length(code):
        notes.append("seasonal=True ignored: too few periods to fit a yearly pattern")
        return False
    return True


def transform(X, y, ctx) -> Transformed:
    """Choose levels or changes, and deseasonalise when a season is shared.

    Order: (1) a yearly pattern is looked for in the first differences of each
    series; when the outcome and a KPI both have one, it is removed from every
    series' differences and the levels are rebuilt from them (so a season
    cannot fool the unit-root tests); (2) ADF and KPSS on the (deseasonalised)
    levels; detrended levels are compared only when every series is
    stationary, otherwise changes.

    ``ctx`` keys used: ``code`` (frequency), optional ``seasonal`` ("auto",
    True, False) and ``stationarity`` (True to test levels; default True).
    Returns :class:`~okrlab.audit._steps.Transformed` with ``label`` saying what
    is compared and ``notes`` saying why. The choice is the same for every KPI
    (they share the outcome series).
    """
    code = ctx["code"]
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    K = X.shape[1]
    notes = []
    dX, dy = np.diff(X, axis=0), np.diff(y)
    seasonal = ctx.get("seasonal", "auto")
    shared = _shared_season(dX, dy, code, seasonal, notes)
    prefix = ""
    if shared:
        dy = deseasonalise(dy, code, 1)
        dX = deseasonalise(dX, code, 1)
        X = np.vstack([X[:1], X[:1] + np.cumsum(dX, axis=0)])
        y = np.r_[y[:1], y[:1] + np.cumsum(dy)]
        why = "seasonal=True" if seasonal is True else "found in both, F test at 5%"
        notes.append(
            f"a yearly pattern was removed ({why}); a shared season would otherwise "
            "look like prediction"
        )
        prefix = "deseasonalised "
    use_levels = False
    if ctx.get("stationarity", True) and len(y) >= MIN_UNIT_ROOT:
        # the outcome first: a trending outcome settles it without testing every KPI
        series = (y, *(X[:, j] for j in range(K)))
        use_levels = all(unit_root(v)["kind"] == "stationary" for v in series)
    if use_levels:
        notes.append(
            "levels are stationary (ADF rejects a unit root and KPSS does not, 5%), so "
            "detrended levels are compared, not changes"
        )
        dX = np.column_stack([_detrend(X[:, j]) for j in range(K)])
        return Transformed(
            dX, _detrend(y), offset=0, label=prefix + "detrended levels", notes=notes
        )
    return Transformed(dX, dy, offset=1, label=prefix + "changes", notes=notes)
