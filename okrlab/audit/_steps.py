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
    KPI ``None`` or a dict with the raw (unadjusted) ``p``, ``r_then`` and
    ``r_now`` (the link before and after), and the ``break`` (``tau``,
    ``tau_low``, ``tau_high``, ``r_before``, ``r_after``, ``p``) and
    ``recent`` (``window``, ``r_recent``, ``r_history``, ``p``) details, each
    possibly None.

``ctx`` is a dict with ``code`` (frequency), ``n_boot``, ``trim``,
``seed_base`` and ``alpha``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Transformed:
    dX: np.ndarray
    dy: np.ndarray
    offset: int
    label: str = "changes"
    notes: list = field(default_factory=list)


def transform(X, y, ctx) -> Transformed:
    """Levels or changes, deseasonalised when a season is shared (see :mod:`._transform`).

    ``ctx`` keys: ``code``; optional ``seasonal`` ("auto" | True | False) and
    ``stationarity`` (bool, default True; False: always first differences).
    """
    from ._transform import transform as _choose

    return _choose(X, y, ctx)


def stability(xs, ys, ctx):
    """Does the relation still hold? Recent window vs history, and a break search.

    :func:`okrlab.audit._decoupling.decoupling`: the last ~quarter and
    ~half-year of pairs against the history before them, and a one-sided
    break search with a 95 % interval for the date, both on Fisher-z
    differences standardised with a Bartlett effective sample size; one
    combined p-value (Bonferroni over the two questions).
    """
    from ._decoupling import RECENT_WINDOWS, decoupling

    out = []
    for d in decoupling(xs, ys, windows=RECENT_WINDOWS[ctx["code"]], trim=ctx["trim"]):
        b, r = d["break"], d["recent"]
        if b is None and r is None:
            out.append(None)
            continue
        # the question with the smaller p-value says what "then" and "now" are
        use_recent = r is not None and (b is None or r["p"] <= b["p"])
        then, now = (r["r_history"], r["r_recent"]) if use_recent else (b["r_before"], b["r_after"])
        out.append(
            {
                "p": float(d["p"]),
                "source": "recent" if use_recent else "break",
                "r_then": float(then),
                "r_now": float(now),
                "break": b,
                "recent": r,
            }
        )
    return out
