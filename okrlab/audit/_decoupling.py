"""Has the KPI stopped predicting? Recent-window test and break search (private).

Both tests work on aligned pairs (KPI changes, outcome changes at the lag being
judged) and compare Fisher-z correlations of two stretches of the series,
standardised for autocorrelation with a Bartlett effective sample size:

``n_eff = n / f``, ``f = 1 + 2 sum_k (1 - k/(L+1)) rho_x(k) rho_y(k)`` (``L =
round(2 m^(1/3))`` lags; ``f`` at least 1), so the standard error of
``z_before - z_after`` is ``sqrt(1/(n_eff_before - 3) + 1/(n_eff_after - 3))``
(floored at one effective pair per side). This is the HAC-type
standardisation of a Wald test: unlike a bootstrap with short blocks, it does
not call persistent but stable series "broken" (measured false-alarm rates in
validation/audit_v2_part2.py, AR phi up to 0.95).

- :func:`recent_stability` asks *does the KPI still predict?*: the last ``w``
  pairs (a quarter and a half-year for weekly data) against all pairs before,
  one-sided (the recent correlation is weaker in the direction of the
  history's sign), Bonferroni over the windows tested. A break search that
  trims 15% at each end cannot see a change in the last ~23 of 156 weeks.
- :func:`break_search` asks *when did the relation change?*: the split with the
  largest standardised difference (a sup-Wald statistic), its p-value from the
  same statistic on independent Gaussian pairs of the same length and trimming
  (simulated with a fixed seed, so deterministic), and an interval for the
  date by inverting the likelihood-ratio-like statistic (splits whose
  statistic is within 7.35 of the maximum; Hansen 2000, the 95% critical value
  of the limiting distribution).

Pure numpy on arrays; no matrix products (results do not depend on BLAS).
"""

from __future__ import annotations

import math

import numpy as np

#: Recent windows per frequency code: about a quarter and a half-year.
RECENT_WINDOWS = {"D": (28, 91), "W": (13, 26), "M": (6, 12), "Q": (4, 8), "Y": (3, 5)}
#: A recent window needs this many pairs and at least twice its length of history.
MIN_WINDOW = 6
HISTORY_FACTOR = 2
#: Hansen (2000): 95% critical value for inverting the LR statistic of a break date.
DATE_CRIT = 7.35
_Z_CLIP = 0.999999


def _acf(a, L):
    a = a - a.mean(axis=0)
    d = (a * a).sum(axis=0)
    out = np.empty((L,) + a.shape[1:])
    for k in range(1, L + 1):
        out[k - 1] = (a[k:] * a[:-k]).sum(axis=0) / d
    return out


def bartlett_factor(x, y, max_lag=None):
    """Variance inflation ``f`` of a correlation of two autocorrelated series.

    Parameters
    ----------
    x : array, shape (m,) or (m, K)
    y : array, shape (m,)
    max_lag : int, optional
        Default ``round(2 m^(1/3))``.

    Returns
    -------
    float or numpy.ndarray (K,)
        ``1 + 2 sum_k (1 - k/(L+1)) rho_x(k) rho_y(k)``, at least 1.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> bool(abs(bartlett_factor(rng.standard_normal(500), rng.standard_normal(500)) - 1) < 0.2)
    True
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    m = len(y)
    L = max(1, min(m // 4, int(round(2 * m ** (1 / 3))))) if max_lag is None else max_lag
    w = 1.0 - np.arange(1, L + 1) / (L + 1)
    ax = _acf(x, L)
    ay = _acf(y, L)
    if ax.ndim == 2:
        ay = ay[:, None]
        w = w[:, None]
    f = 1.0 + 2.0 * np.sum(w * ax * ay, axis=0)
    return np.maximum(f, 1.0)


def rolling_correlations(x, y, w):
    """Pearson correlation of every window of ``w`` consecutive pairs.

    Parameters
    ----------
    x : array, shape (m,) or (m, K)
    y : array, shape (m,)
    w : int

    Returns
    -------
    numpy.ndarray, shape (m - w + 1,) or (m - w + 1, K)
        Row ``j`` is the correlation over pairs ``j .. j + w - 1`` (NaN where a
        window does not vary).

    Examples
    --------
    >>> x = np.array([1.0, 2, 3, 4, 5]); y = np.array([2.0, 4, 5, 4, 5])
    >>> np.round(rolling_correlations(x, y, 3), 3)
    array([0.982, 0.   , 0.   ])
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    one = x.ndim == 1
    X = x[:, None] if one else x
    Y = y[:, None]
    # centre first: sums of products of centred values lose less precision
    X = X - X.mean(axis=0)
    Y = Y - Y.mean(axis=0)

    def wsum(a):
        c = np.concatenate([np.zeros((1, a.shape[1])), np.cumsum(a, axis=0)])
        return c[w:] - c[:-w]

    sx, sy = wsum(X), wsum(Y)
    sxx, syy, sxy = wsum(X * X), wsum(Y * Y), wsum(X * Y)
    vx = sxx - sx * sx / w
    vy = syy - sy * sy / w
    cov = sxy - sx * sy / w
    with np.errstate(invalid="ignore", divide="ignore"):
        r = cov / np.sqrt(vx * vy)
    tol = 1e-10 * np.maximum(sxx, 1e-300)
    r = np.where((vx > tol) & (vy > 1e-10 * np.maximum(syy, 1e-300)), np.clip(r, -1, 1), np.nan)
    return r[:, 0] if one else r


def _z(r):
    return np.arctanh(np.clip(r, -_Z_CLIP, _Z_CLIP))


def _se(n_a, n_b, f):
    return np.sqrt(1.0 / np.maximum(n_a / f - 3.0, 1.0) + 1.0 / np.maximum(n_b / f - 3.0, 1.0))


def _corr(x, y):
    x = x - x.mean(axis=0)
    y = y - y.mean()
    den = np.sqrt((x * x).sum(axis=0) * (y * y).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, (x * y[:, None]).sum(axis=0) / den, np.nan)


def _as_2d(xs, ys):
    X = np.asarray(xs, dtype=float)
    X = X[:, None] if X.ndim == 1 else X
    return X, np.asarray(ys, dtype=float)


def recent_stability(xs, ys, *, windows=(13, 26)):
    """Is the correlation in the last ``w`` pairs weaker than before? Per KPI.

    Parameters
    ----------
    xs : array, shape (m, K) or (m,)
        KPI changes aligned with ``ys`` at the lag being judged.
    ys : array, shape (m,)
        Outcome changes.
    windows : sequence of int
        Recent window lengths (weekly: 13 and 26; see :data:`RECENT_WINDOWS`).
        Windows under 6 pairs or without twice their length of history are
        skipped.

    Returns
    -------
    list of (dict or None), one per KPI
        ``None`` when no window fits. Otherwise ``window`` (the window with the
        smaller p-value), ``r_recent`` and ``r_history`` (correlation in that
        window and in all pairs before it), ``p`` (the smaller one-sided
        p-value times the number of windows, capped at 1), ``p_raw`` (before
        that), ``n_eff_factor`` (the Bartlett factor ``f``) and ``tested``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = rng.standard_normal(156)
    >>> y = 0.8 * x + 0.6 * rng.standard_normal(156)
    >>> y[-26:] = rng.standard_normal(26)            # the link stops 26 weeks before the end
    >>> res = recent_stability(x, y)[0]
    >>> res["window"], bool(res["p"] < 0.05), bool(res["r_history"] > 0.6)
    (26, True, True)
    """
    from scipy.stats import norm

    X, y = _as_2d(xs, ys)
    m, K = X.shape
    usable = [int(w) for w in windows if w >= MIN_WINDOW and m - w >= HISTORY_FACTOR * w]
    if not usable:
        return [None] * K
    rows = []
    for w in usable:
        h = m - w
        r_hist, r_rec = _corr(X[:h], y[:h]), _corr(X[h:], y[h:])
        f = np.atleast_1d(bartlett_factor(X[:h], y[:h]))
        sign = np.where(r_hist < 0, -1.0, 1.0)
        d = sign * (_z(r_hist) - _z(r_rec)) / _se(h, w, f)
        rows.append((r_rec, r_hist, norm.sf(d), f))
    out = []
    for i in range(K):
        ps = np.array([row[2][i] for row in rows])
        if not np.isfinite(ps).any():
            out.append(None)
            continue
        j = int(np.nanargmin(ps))
        r_rec, r_hist, _, f = rows[j]
        out.append(
            {
                "window": usable[j],
                "r_recent": float(r_rec[i]),
                "r_history": float(r_hist[i]),
                "p": float(min(1.0, len(usable) * ps[j])),
                "p_raw": float(ps[j]),
                "n_eff_factor": float(f[i]),
                "tested": tuple(usable),
            }
        )
    return out


def _split_stats(X, y, taus):
    """Standardised Fisher-z differences for every split (rows) and KPI (columns)."""
    m = len(y)
    Xc = X - X.mean(axis=0)
    Y = y[:, None] if y.ndim == 1 else y  # (m,) shared by all columns, or (m, K) paired
    yc = Y - Y.mean(axis=0)
    cums = [np.cumsum(a, axis=0) for a in (Xc, yc, Xc * Xc, yc * yc, Xc * yc)]
    tot = [c[-1] for c in cums]
    out = []
    for part in ("before", "after"):
        if part == "before":
            n = taus[:, None].astype(float)
            s = [c[taus - 1] for c in cums]
        else:
            n = (m - taus)[:, None].astype(float)
            s = [t - c[taus - 1] for c, t in zip(cums, tot, strict=True)]
        sx, sy, sxx, syy, sxy = s
        vx, vy = sxx - sx * sx / n, syy - sy * sy / n
        with np.errstate(invalid="ignore", divide="ignore"):
            r = (sxy - sx * sy / n) / np.sqrt(vx * vy)
        out.append(np.where((vx > 0) & (vy > 0), r, np.nan))
    return out[0], out[1]


def _null_sup(m, taus, weaker_only, n_sim=2000):
    """sup over splits of the (signed or squared) standardised difference, Gaussian null."""
    rng = np.random.default_rng([20261124, m, int(taus[0]), int(taus[-1])])
    x = rng.standard_normal((m, n_sim))
    y = rng.standard_normal((m, n_sim))
    rb, ra = _split_stats(x, y, taus)  # column j pairs x[:, j] with y[:, j]
    d = (_z(rb) - _z(ra)) / _se(taus[:, None], (m - taus)[:, None], 1.0)
    if weaker_only:
        return np.nanmax(_sign_full(x, y) * d, axis=0)
    return np.nanmax(d * d, axis=0)


def _sign_full(X, y):
    """Sign (+1/-1) of the full-sample correlation per column (y paired or shared)."""
    Y = y[:, None] if y.ndim == 1 else y
    Xc, Yc = X - X.mean(axis=0), Y - Y.mean(axis=0)
    return np.where((Xc * Yc).sum(axis=0) < 0, -1.0, 1.0)


_NULL_CACHE: dict = {}


def _null_for(m, trim, weaker_only):
    """Sorted null draws of the sup statistic for about ``m`` pairs (cached).

    The statistic is standardised, so its null depends on ``m`` only through
    small-sample terms: it is simulated at ``m`` rounded to a grid of steps of
    about 4% (2^(1/16)), so the lags of one audit (whose pair counts differ by
    a few) share one simulation instead of paying one each.
    """
    m_sim = max(20, int(round(2 ** (round(16 * math.log2(m)) / 16))))
    key = (m_sim, round(trim, 6), weaker_only)
    if key not in _NULL_CACHE:
        lo = max(4, int(math.ceil(trim * m_sim)))
        hi = min(m_sim - 4, int(math.floor((1 - trim) * m_sim)))
        _NULL_CACHE[key] = np.sort(_null_sup(m_sim, np.arange(lo, hi + 1), weaker_only))
    return _NULL_CACHE[key]


def break_search(xs, ys, *, trim=0.15, weaker_only=False):
    """Where did the correlation change, and is the change larger than chance? Per KPI.

    Parameters
    ----------
    xs : array, shape (m, K) or (m,)
    ys : array, shape (m,)
    trim : float
        Share of pairs excluded at each end from the candidate split points.
    weaker_only : bool
        ``False``: any change (sup of the squared statistic). ``True``: only a
        weakening in the direction of the full-sample sign (one-sided sup of the
        signed statistic; the test for "decoupled", with more power at the
        same size).

    Returns
    -------
    list of (dict or None), one per KPI
        ``tau`` (index of the first pair after the split), ``tau_low``,
        ``tau_high`` (95% interval for ``tau``), ``r_before``, ``r_after``,
        ``stat`` (the sup statistic), ``p`` and ``n_eff_factor``. The date and its
        interval come from the squared statistic in both cases.

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> x = rng.standard_normal(156)
    >>> y = 0.8 * x + 0.6 * rng.standard_normal(156)
    >>> y[104:] = rng.standard_normal(52)            # the link stops at pair 104
    >>> b = break_search(x, y)[0]
    >>> bool(b["p"] < 0.01), bool(b["tau_low"] <= 104 <= b["tau_high"])
    (True, True)
    """
    X, y = _as_2d(xs, ys)
    m, K = X.shape
    lo, hi = max(4, int(math.ceil(trim * m))), min(m - 4, int(math.floor((1 - trim) * m)))
    if hi <= lo:
        return [None] * K
    taus = np.arange(lo, hi + 1)
    rb, ra = _split_stats(X, y, taus)
    f = np.atleast_1d(bartlett_factor(X, y))
    d = (_z(rb) - _z(ra)) / _se(taus[:, None], (m - taus)[:, None], f[None, :])
    d2 = d * d
    signed = _sign_full(X, y)[None, :] * d
    null = _null_for(m, trim, weaker_only)
    out = []
    for i in range(K):
        col = d2[:, i]
        if not np.isfinite(col).any():
            out.append(None)
            continue
        j = int(np.nanargmax(signed[:, i])) if weaker_only else int(np.nanargmax(col))
        inside = taus[np.nan_to_num(col, nan=-np.inf) >= col[j] - DATE_CRIT]
        stat = float(signed[j, i]) if weaker_only else float(col[j])
        n_ge = len(null) - np.searchsorted(null, stat - 1e-12, side="left")
        out.append(
            {
                "tau": int(taus[j]),
                "tau_low": int(inside.min()),
                "tau_high": int(inside.max()),
                "r_before": float(rb[j, i]),
                "r_after": float(ra[j, i]),
                "stat": stat,
                "p": float((1 + n_ge) / (1 + len(null))),
                "n_eff_factor": float(f[i]),
            }
        )
    return out


def decoupling(xs, ys, *, windows=(13, 26), trim=0.15):
    """Recent-window test and one-sided break search combined, per KPI.

    A KPI is *decoupled* at level ``alpha`` when ``p < alpha``, with ``p =
    min(1, 2 min(p_recent, p_break))`` (Bonferroni over the two questions;
    ``p_break`` from :func:`break_search` with ``weaker_only=True``). Measured
    (validation/audit_v2_part2.py, 500 replicates per row; 155 pairs of weekly
    changes, r = 0.6): a link that stops 26 weeks before the end is caught in
    86% of replicates, 52 weeks in 94% (median break-date error 4.5 weeks,
    the date inside its 95% interval in 97%), 13 weeks in 55%; stable links
    are called decoupled in 2.4-4.0% at AR phi 0, 0.5, 0.8 and 0.95.

    Parameters
    ----------
    xs : array, shape (m, K) or (m,)
    ys : array, shape (m,)
    windows : sequence of int
        Recent windows (see :data:`RECENT_WINDOWS`).
    trim : float
        Break-search trimming.

    Returns
    -------
    list of dict, one per KPI
        ``p`` (combined, None-safe: NaN when neither test applies), ``recent``
        (dict from :func:`recent_stability` or None) and ``break`` (dict from
        :func:`break_search` or None).

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> x = rng.standard_normal(156)
    >>> y = 0.8 * x + 0.6 * rng.standard_normal(156)
    >>> y[-26:] = rng.standard_normal(26)
    >>> bool(decoupling(x, y)[0]["p"] < 0.05)
    True
    """
    rec = recent_stability(xs, ys, windows=windows)
    brk = break_search(xs, ys, trim=trim, weaker_only=True)
    out = []
    for r, b in zip(rec, brk, strict=True):
        ps = [d["p"] for d in (r, b) if d is not None]
        p = float(min(1.0, len(ps) * min(ps))) if ps else float("nan")
        out.append({"p": p, "recent": r, "break": b})
    return out
