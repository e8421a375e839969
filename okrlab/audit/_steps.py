"""The audit pipeline's pluggable steps (private).

The pipeline is: intake (:mod:`._prepare`) -> **transform** (levels to the
series the inference compares) -> inference (:mod:`._inference`) ->
**stability** (does the relation hold over time?) -> verdict (:mod:`._verdict`).

The two steps in bold live here with a small, fixed interface so that new
transforms (seasonal differences, no differencing for stationary levels) and
new stability checks (recent window vs history) can replace or extend them
without touching the rest:

``transform(X, y, ctx) -> Transformed``
    ``X`` (periods, K) KPI levels and ``y`` the outcome's levels, already
    cleaned (and logged when ``log=True``). Returns the aligned series to
    compare (``dX`` (m, K), ``dy`` (m,)), ``offset`` (how many leading
    periods the transform consumes, for dating), a ``label`` used in the
    explanations ("changes") and notes per KPI.
``stability(xs, ys, ctx) -> list of dict or None``
    ``xs`` (pairs, K), ``ys`` (pairs,) aligned at the reported lag. Returns per
    KPI ``None`` or a dict with ``tau`` (index of the first pair after the
    split), ``r_before``, ``r_after`` and a raw (unadjusted) ``p``.

``ctx`` is a dict with ``code`` (frequency), ``n_boot``, ``block``, ``trim``,
``seed_base`` and ``alpha``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import _stats


@dataclass(frozen=True)
class Transformed:
    dX: np.ndarray
    dy: np.ndarray
    offset: int
    label: str = "changes"
    notes: list = field(default_factory=list)


def transform(X, y, ctx) -> Transformed:
    """First differences of levels (log-differences when ``log=True`` upstream)."""
    return Transformed(np.diff(X, axis=0), np.diff(y), offset=1)


def stability(xs, ys, ctx):
    """Break test on the pairs at the reported lag (sup of Fisher-z differences).

    The split with the largest standardised difference of Fisher z between
    before and after (``trim`` excluded at each end); its p-value compares
    that maximum with the maximum in circular block resamples of the pairs
    (reshuffling blocks in time keeps the pooled relation and short-range
    dependence but removes a break).
    """
    block = ctx["block"] or _stats.block_length(len(ys))
    brk = _stats.break_statistic(xs, ys, block=block, trim=ctx["trim"])
    K = xs.shape[1]
    if brk is None:
        return [None] * K
    _, Dstar = _stats.pair_bootstrap(
        xs,
        ys,
        n_resamples=ctx["n_boot"],
        block=block,
        rng=np.random.default_rng([ctx["seed_base"], 1, ctx["lag_key"]]),
        trim=ctx["trim"],
    )
    if Dstar is None:
        return [None] * K
    out = []
    for i in range(K):
        p = (1 + np.sum(Dstar[:, i] >= brk["D_grid"][i] - 1e-12)) / (ctx["n_boot"] + 1)
        out.append(
            {
                "tau": int(brk["tau"][i]),
                "r_before": float(brk["r_before"][i]),
                "r_after": float(brk["r_after"][i]),
                "p": float(p),
                "block": int(block),
            }
        )
    return out
