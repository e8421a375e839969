"""Resampling building blocks (private): block bootstrap, prewhitening, lag search, breaks.

Since audit v2 the audit's own inference lives in :mod:`okrlab.audit._inference`
(Fisher z with a Bartlett effective sample size, a max-|T| search null) and its
stability step in :mod:`okrlab.audit._decoupling`; the audit uses only
:func:`pearson` and :func:`rank` from here. The block
bootstrap, prewhitened lag search and break statistic below are kept, tested,
for the validation script's comparison with the former method
(``validation/audit_validation.py``: the percentile interval covered 80-95 %)
and for benchmarks.

Everything here works on plain numpy arrays, already cleaned and aligned by
:mod:`okrlab.audit`. Columns of a 2-D array ``X`` are KPIs; ``y`` is the
outcome. Functions are vectorised over KPIs and over resamples, and the
resamples are generated in chunks so memory stays bounded.

Choices (the audit's docstring repeats them for users)
------------------------------------------------------
Block bootstrap
    Circular block bootstrap (Politis & Romano 1992): blocks of ``block``
    consecutive periods with uniformly random starts, wrapping round the end
    of the series, are concatenated and cut to the original length. Default
    block length ``ceil(n ** (1/3))``, the rate-optimal order for variance
    estimation (Hall, Horowitz & Jing 1995).
Prewhitening
    Each change series is replaced by the residuals of its own autoregression
    of order ``p <= 4`` chosen by AIC ("double prewhitening", Haugh 1976).
    Under independence the residual cross-correlations are then nearly white,
    so the peak of the cross-correlation points at the real lead rather than
    being smeared by each series' own persistence.
Lag search p-value
    Statistic ``T = max_k |r_k|`` over lags ``0..max_lag`` of the prewhitened
    changes. Null distribution: the outcome's prewhitened changes are
    block-resampled (which destroys their alignment with the KPI but keeps
    their short-range dependence) and ``T`` is recomputed for all lags at
    once; ``p = (1 + #{T* >= T}) / (1 + B)``. Because the maximum over lags is
    part of the statistic, the p-value already pays for the search.
Break test
    For each candidate split (15 % trimmed at each end, on a grid of at most
    ``n_splits`` points) ``D = |z_before - z_after| / sqrt(1/(n_b-3) + 1/(n_a-3))``
    with Fisher's ``z = atanh(r)``; the statistic is ``sup D``. Its null
    distribution comes from the same circular block resamples of the pairs
    that give the confidence interval: reshuffling blocks in time keeps the
    pooled relation and the short-range dependence but removes any break.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "as_generator",
    "block_length",
    "circular_block_indices",
    "iter_block_indices",
    "pearson",
    "rank",
    "lag_correlations",
    "ar_prewhiten",
    "lag_search",
    "pair_bootstrap",
    "break_statistic",
    "percentile_interval",
]

#: Elements (resamples x periods x KPIs) processed per chunk: ~16 MB per float64 array.
CHUNK_ELEMENTS = 2_000_000


def as_generator(seed) -> np.random.Generator:
    """A numpy Generator from ``None``, an int >= 0 or a Generator (returned as is).

    Anything else raises an okrlab error naming ``seed``. Thin alias of
    :func:`okrlab._validate.as_generator` (kept so existing imports work).
    """
    from ._validate import as_generator as _as_generator

    return _as_generator(seed)


def block_length(n: int) -> int:
    """Default block length ``ceil(n ** (1/3))`` for a series of ``n`` periods.

    Examples
    --------
    >>> block_length(156), block_length(520), block_length(8)
    (6, 9, 2)
    """
    return max(1, math.ceil(n ** (1.0 / 3.0) - 1e-9))


def circular_block_indices(n: int, n_resamples: int, block: int, rng) -> np.ndarray:
    """Index arrays of a circular block bootstrap, shape ``(n_resamples, n)``.

    Each row concatenates blocks ``s, s+1, ..., s+block-1 (mod n)`` with
    uniformly drawn starts ``s`` and is cut to length ``n``. Every period is
    drawn with the same probability (no edge effect, unlike moving blocks).

    Examples
    --------
    >>> idx = circular_block_indices(10, 3, 4, np.random.default_rng(0))
    >>> idx.shape, int(idx.min()) >= 0, int(idx.max()) <= 9
    ((3, 10), True, True)
    >>> bool(np.all((np.diff(idx[:, :4], axis=1) % 10) == 1))
    True
    """
    rng = as_generator(rng)
    n_blocks = -(-n // block)
    starts = rng.integers(0, n, size=(n_resamples, n_blocks))
    idx = (starts[:, :, None] + np.arange(block)) % n
    return idx.reshape(n_resamples, n_blocks * block)[:, :n]


def iter_block_indices(n, n_resamples, block, rng, n_columns=1):
    """Yield circular-block index arrays in chunks bounded by :data:`CHUNK_ELEMENTS`.

    Drawing chunk after chunk from one Generator yields the same indices as one
    big draw, so results do not depend on the chunk size.
    """
    rng = as_generator(rng)
    size = max(1, CHUNK_ELEMENTS // max(1, n * n_columns))
    done = 0
    while done < n_resamples:
        b = min(size, n_resamples - done)
        yield circular_block_indices(n, b, block, rng)
        done += b


def pearson(x, y, axis=-1):
    """Pearson correlation along ``axis`` with broadcasting; NaN if a side is constant.

    Examples
    --------
    >>> # deviations (-1.5, -.5, .5, 1.5) and (-3, -1, 0, 4): 11 / sqrt(5 * 26)
    >>> round(float(pearson(np.array([1., 2, 3, 4]), np.array([2., 4, 5, 9]))), 4)
    0.9648
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    xm = x - x.mean(axis=axis, keepdims=True)
    ym = y - y.mean(axis=axis, keepdims=True)
    num = (xm * ym).sum(axis=axis)
    den = np.sqrt((xm * xm).sum(axis=axis) * (ym * ym).sum(axis=axis))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = num / den
    return np.where(den > 1e-300, np.clip(r, -1.0, 1.0), np.nan)


def rank(a, axis=0):
    """Average ranks along ``axis`` (ties share their mean rank), as floats."""
    from scipy.stats import rankdata

    return rankdata(np.asarray(a, dtype=float), axis=axis)


def lag_correlations(X, y, max_lag: int, method: str = "pearson") -> np.ndarray:
    """Correlation of ``X[t]`` with ``y[t + k]`` for ``k = 0..max_lag``.

    Parameters
    ----------
    X : array, shape (n,) or (n, K)
    y : array, shape (n,)
    max_lag : int
    method : {"pearson", "spearman"}
        Spearman ranks each lagged pair of segments before correlating.

    Returns
    -------
    ndarray, shape (max_lag + 1, K) (or (max_lag + 1,) for 1-D ``X``)

    Examples
    --------
    >>> x = np.arange(10.0) % 3
    >>> y = np.r_[0.0, x[:-1]]            # y follows x one period later
    >>> np.round(lag_correlations(x, y, 2), 2)
    array([-0.3 ,  1.  , -0.38])
    """
    X = np.asarray(X, dtype=float)
    one = X.ndim == 1
    X2 = X[:, None] if one else X
    y = np.asarray(y, dtype=float)
    n = len(y)
    out = np.empty((max_lag + 1, X2.shape[1]))
    for k in range(max_lag + 1):
        xs, ys = X2[: n - k], y[k:, None]
        if method == "spearman":
            xs, ys = rank(xs, axis=0), rank(ys, axis=0)
        out[k] = pearson(xs, ys, axis=0)
    return out[:, 0] if one else out


def _ar_design(x, order, start):
    return np.column_stack(
        [np.ones(len(x) - start)] + [x[start - j : len(x) - j] for j in range(1, order + 1)]
    )


def ar_prewhiten(x, max_order: int = 4):
    """Residuals of an AR(p) fit, p <= ``max_order`` chosen by AIC.

    All candidate orders are fitted by least squares on the same periods
    ``t >= max_order`` (so their AIC values are comparable) and the residuals
    of the chosen model are returned for those periods: the output is
    ``max_order`` periods shorter than the input whatever the chosen order.

    Returns
    -------
    residuals : ndarray, shape (n - max_order,)
    order : int

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> e = rng.standard_normal(400)
    >>> x = np.zeros(400)
    >>> for t in range(1, 400):
    ...     x[t] = 0.8 * x[t - 1] + e[t]
    >>> res, p = ar_prewhiten(x)
    >>> p >= 1, abs(float(pearson(res[1:], res[:-1]))) < 0.1
    (True, True)
    """
    x = np.asarray(x, dtype=float)
    m = len(x) - max_order
    target = x[max_order:]
    best = None
    for order in range(max_order + 1):
        A = _ar_design(x, order, max_order)
        coef, *_ = np.linalg.lstsq(A, target, rcond=None)
        resid = target - A @ coef
        sigma2 = float(resid @ resid) / m
        aic = m * math.log(max(sigma2, 1e-300)) + 2 * (order + 1)
        if best is None or aic < best[0] - 1e-9:
            best = (aic, order, resid)
    return best[2], best[1]


def _segment_norms(Ys, k):
    """Centred norms of ``Ys[:, k:]`` rows."""
    seg = Ys[:, k:]
    m = seg.shape[1]
    s1 = seg.sum(axis=1)
    s2 = np.einsum("ij,ij->i", seg, seg)
    return np.sqrt(np.maximum(s2 - s1 * s1 / m, 0.0))


def lag_search(Xw, yw, max_lag, *, n_resamples, block, rng):
    """Joint lag scan and lag-search-aware p-value on (prewhitened) changes.

    Parameters
    ----------
    Xw : array (m, K)
        KPI changes, one column per KPI.
    yw : array (m,)
        Outcome changes.
    max_lag, n_resamples, block, rng
        See the module docstring.

    Returns
    -------
    R : ndarray (max_lag + 1, K)
        Pearson correlation at each lag.
    best : ndarray (K,) of int
        Lag with the largest ``|r|``.
    p : ndarray (K,)
        ``P(max_k |r*_k| >= max_k |r_k|)`` under the block-resampling null.

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> x = rng.standard_normal(200)
    >>> y = np.r_[np.zeros(2), x[:-2]] + rng.standard_normal(200)
    >>> R, best, p = lag_search(x[:, None], y, 4, n_resamples=199, block=6, rng=1)
    >>> int(best[0]), float(p[0]) < 0.01
    (2, True)
    """
    Xw = np.asarray(Xw, dtype=float)
    yw = np.asarray(yw, dtype=float)
    m, K = Xw.shape
    R = lag_correlations(Xw, yw, max_lag)
    absR = np.abs(np.nan_to_num(R, nan=0.0))
    T = absR.max(axis=0)
    best = absR.argmax(axis=0)
    # Fixed, centred and scaled KPI segments: r*_k = (Ys[:, k:] @ Z_k) / ||Ys[:, k:] - mean||.
    Z = []
    for k in range(max_lag + 1):
        seg = Xw[: m - k]
        c = seg - seg.mean(axis=0)
        nrm = np.sqrt((c * c).sum(axis=0))
        Z.append(np.divide(c, nrm, out=np.zeros_like(c), where=nrm > 0))
    count = np.zeros(K)
    for idx in iter_block_indices(m, n_resamples, block, rng, n_columns=max_lag + 1):
        Ys = yw[idx]
        Tstar = np.zeros((len(idx), K))
        for k in range(max_lag + 1):
            num = Ys[:, k:] @ Z[k]
            den = _segment_norms(Ys, k)[:, None]
            with np.errstate(invalid="ignore", divide="ignore"):
                r = np.abs(num / den)
            np.maximum(Tstar, np.nan_to_num(r, nan=0.0), out=Tstar)
        count += (Tstar >= T - 1e-12).sum(axis=0)
    p = (1.0 + count) / (1.0 + n_resamples)
    return R, best, p


def split_grid(m: int, trim: float = 0.15, step: int = 1) -> np.ndarray:
    """Candidate split points ``tau`` (index of the first 'after' pair).

    Both segments keep at least ``max(ceil(trim * m), 5)`` pairs; with
    ``step > 1`` only multiples of ``step`` are kept (the block boundaries the
    bootstrap null uses).

    Examples
    --------
    >>> split_grid(40, 0.15)
    array([ 6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
           23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34])
    >>> split_grid(40, 0.15, step=6)
    array([ 6, 12, 18, 24, 30])
    """
    lo = max(math.ceil(trim * m), 5)
    hi = m - lo
    taus = np.arange(lo, hi + 1) if hi >= lo else np.array([], dtype=int)
    if step > 1:
        taus = taus[taus % step == 0]
    return taus


def _corr_from_sums(sx, sy, sxx, syy, sxy, n):
    """Pearson r from sums; NaN where a side has (numerically) no variance.

    Written with in-place operations: in the bootstrap these arrays hold
    millions of elements and temporaries dominate the run time.
    """
    inv = 1.0 / n
    vx = sx * sx
    vx *= inv
    np.subtract(sxx, vx, out=vx)
    vy = sy * sy
    vy *= inv
    np.subtract(syy, vy, out=vy)
    cov = sx * sy
    cov *= inv
    np.subtract(sxy, cov, out=cov)
    bad = (vx <= 1e-12 * np.abs(sxx) + 1e-300) | (vy <= 1e-12 * np.abs(syy) + 1e-300)
    vx *= vy  # negative only through rounding where a side has no variance (flagged bad)
    with np.errstate(invalid="ignore", divide="ignore"):
        np.sqrt(vx, out=vx)
        cov /= vx
    cov[bad] = np.nan
    return cov


def _fisher_D(rb, ra, nb, na):
    """``|atanh(rb) - atanh(ra)| / sqrt(1/(nb-3) + 1/(na-3))``, 0 where undefined."""
    zb = np.clip(rb, -0.999999, 0.999999)
    np.arctanh(zb, out=zb)
    za = np.clip(ra, -0.999999, 0.999999)
    np.arctanh(za, out=za)
    zb -= za
    np.abs(zb, out=zb)
    zb /= np.sqrt(1.0 / (nb - 3.0) + 1.0 / (na - 3.0))
    return np.nan_to_num(zb, nan=0.0, copy=False)


def break_statistic(X, y, *, block, trim=0.15):
    """Observed break test on aligned pairs ``(X[t, j], y[t])``.

    Returns
    -------
    dict of arrays (one value per column of ``X``) or None
        ``tau`` (split with the largest D over every admissible split),
        ``r_before``, ``r_after`` (at ``tau``), ``D_full`` (that largest D) and
        ``D_grid`` (largest D over the block-boundary grid: the statistic the
        p-value uses). ``None`` when the series is too short for a split.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    m, K = X.shape
    taus = split_grid(m, trim)
    grid = split_grid(m, trim, step=block)
    if len(taus) == 0 or len(grid) == 0:
        return None
    Y = np.broadcast_to(y[:, None], X.shape)
    parts = [X, Y, X * X, Y * Y, X * Y]
    C = [np.vstack([np.zeros((1, K)), np.cumsum(a, axis=0)]) for a in parts]

    def at(t):
        nb = t.astype(float)[:, None]
        before = [c[t] for c in C]
        after = [c[m][None, :] - c[t] for c in C]
        rb = _corr_from_sums(*before, nb)
        ra = _corr_from_sums(*after, m - nb)
        return _fisher_D(rb, ra, nb, m - nb), rb, ra

    D, rb, ra = at(taus)
    j = D.argmax(axis=0)
    cols = np.arange(K)
    Dg, _, _ = at(grid)
    return {
        "tau": taus[j],
        "r_before": rb[j, cols],
        "r_after": ra[j, cols],
        "D_full": D[j, cols],
        "D_grid": Dg.max(axis=0),
    }


def _block_sums(a, block, length):
    """Sums of ``a[s : s + length]`` (circular) for every start ``s``, along axis 0."""
    ext = np.concatenate([a, a[:length]], axis=0)
    cs = np.concatenate([np.zeros((1,) + a.shape[1:]), np.cumsum(ext, axis=0)], axis=0)
    n = a.shape[0]
    return cs[length : length + n] - cs[:n]


def pair_bootstrap(X, y, *, n_resamples, block, rng, trim=0.15, break_test=True):
    """Circular block bootstrap of aligned pairs ``(X[t], y[t])``, all KPIs at once.

    A resample is a concatenation of blocks, so every sum the correlation
    needs (of x, y, x², y², xy) is a sum of *block sums*, precomputed once
    for each of the ``m`` possible block starts. A resample then costs
    ``m / block`` look-ups instead of ``m``, and the running sums at block
    boundaries give the break statistic on the grid of block boundaries for
    free. The result equals correlating the gathered resample
    ``X[idx], y[idx]`` (tested), without materialising it.

    Returns
    -------
    rstar : ndarray (n_resamples, K)
        Bootstrap replicates of the Pearson correlation.
    Dstar : ndarray (n_resamples, K) or None
        Replicates of the grid break statistic (``None`` if not requested or
        the series is too short).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    m, K = X.shape
    # Centre and scale first: sums of squares then stay well conditioned.
    X = (X - X.mean(axis=0)) / np.where(X.std(axis=0) > 0, X.std(axis=0), 1.0)
    y = (y - y.mean()) / (y.std() if y.std() > 0 else 1.0)
    rng = as_generator(rng)
    n_blocks = -(-m // block)
    last = m - (n_blocks - 1) * block
    Y = y[:, None]
    per_kpi = np.stack([X, X * X, X * Y], axis=1)  # (m, 3, K)
    shared = np.stack([y, y * y], axis=1)  # (m, 2)
    full_k, last_k = _block_sums(per_kpi, block, block), _block_sums(per_kpi, block, last)
    full_s, last_s = _block_sums(shared, block, block), _block_sums(shared, block, last)
    grid = split_grid(m, trim, step=block) if break_test else np.array([], dtype=int)
    do_break = len(grid) > 0
    gb = grid // block  # number of whole blocks before each split
    rstar = np.empty((n_resamples, K))
    Dstar = np.empty((n_resamples, K)) if do_break else None
    size = max(1, CHUNK_ELEMENTS // max(1, n_blocks * 3 * K))
    pos = 0
    while pos < n_resamples:
        b = min(size, n_resamples - pos)
        starts = rng.integers(0, m, size=(b, n_blocks))
        # Block sums in resample order; the last block may be shorter.
        bk = full_k[starts[:, :-1]]  # (b, n_blocks-1, 3, K)
        bs = full_s[starts[:, :-1]]  # (b, n_blocks-1, 2)
        tot_k = bk.sum(axis=1) + last_k[starts[:, -1]]
        tot_s = bs.sum(axis=1) + last_s[starts[:, -1]]
        sx, sxx, sxy = tot_k[:, 0], tot_k[:, 1], tot_k[:, 2]
        sy, syy = tot_s[:, 0:1], tot_s[:, 1:2]
        rstar[pos : pos + b] = _corr_from_sums(sx, sy, sxx, syy, sxy, float(m))
        if do_break:
            ck = np.cumsum(bk, axis=1)[:, gb - 1]  # (b, G, 3, K) sums before each split
            cs = np.cumsum(bs, axis=1)[:, gb - 1]  # (b, G, 2)
            nb = grid.astype(float)[None, :, None]
            bx, bxx, bxy = ck[:, :, 0], ck[:, :, 1], ck[:, :, 2]
            by, byy = cs[:, :, 0:1], cs[:, :, 1:2]
            rb = _corr_from_sums(bx, by, bxx, byy, bxy, nb)
            ra = _corr_from_sums(
                sx[:, None] - bx,
                sy[:, None] - by,
                sxx[:, None] - bxx,
                syy[:, None] - byy,
                sxy[:, None] - bxy,
                m - nb,
            )
            Dstar[pos : pos + b] = _fisher_D(rb, ra, nb, m - nb).max(axis=1)
        pos += b
    return rstar, Dstar


def percentile_interval(rstar, level=0.95):
    """Percentile interval of bootstrap replicates along axis 0 (NaNs ignored)."""
    a = (1.0 - level) / 2.0
    lo, hi = np.nanquantile(rstar, [a, 1.0 - a], axis=0)
    return lo, hi
