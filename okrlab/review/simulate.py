"""Simulated teams with a known truth for the quarter review.

Each team writes 3-4 key results a quarter, checks in weekly with a value and
a confidence (the probability, 0-1, that the key result will reach its
target), and is one of three documented kinds:

``calibrated``
    Ambitious targets; confidence is the exact Bayesian probability of
    reaching the target given the check-ins so far (rounded to 0.05), so
    "0.8" key results are met about 80% of the time.
``overconfident``
    The same targets and information, but every confidence is pushed up on
    the log-odds scale by ``overconfidence`` (default 1.2: 0.5 is reported
    as 0.77, 0.7 as 0.89).
``sandbagging``
    Calibrated confidence, but targets set within the metric's normal
    variation: aspirational key results ask for 0.3-1.0 standard deviations
    of period-to-period change instead of 2-4, so they are nearly always met.

The model, per key result (all quantities in units of the metric's standard
deviation of period-to-period change ``sd``):

* progress ``y_t = mu * t + e_t`` for weeks ``t = 0 .. 13`` where
  ``e_t ~ N(0, s^2)``, ``s = sd / sqrt(2)`` (a level with i.i.d. weekly noise
  has period changes of sd ``sd``);
* the team's effort over the quarter ``mu * 13 = g * sd`` with
  ``g ~ N(1.9, 0.7)`` (the same for every kind of team);
* the target asks for ``a * sd`` with ``a ~ U(0.8, 1.6)`` (committed) or
  ``U(2, 4)`` (aspirational); sandbagging teams ``U(0.2, 0.6)`` and
  ``U(0.3, 1.0)``;
* a calibrated forecaster knows the prior of ``g`` and ``s`` and updates on
  the check-ins (conjugate normal regression through the origin), so its
  confidence is ``P(y_13 >= a sd | y_1 .. y_w)`` exactly;
* ``sd_change`` in the data is the estimate a team would get from 26 weeks of
  history before the quarter (``sd * sqrt(chi2_25 / 25)``), the quantity
  :func:`okrlab.okr.ambition` measures.

Everything is elementwise numpy (no BLAS; exp and log from
:mod:`okrlab.goodhart._fixedmath`; the normal CDF from the C library's scalar
``erf``), and confidences are rounded to 0.05, so a seed gives the same bytes
on every x86-64 and arm64 CPU.
"""

from __future__ import annotations

import math

import numpy as np

from .._stats import as_generator
from ..goodhart._fixedmath import fexp, flog

__all__ = ["CHECKIN_TEAMS", "TEAM_KINDS", "WEEKS", "make_okr_checkins", "simulate_checkins"]

#: Kinds of simulated team and what is built into each.
TEAM_KINDS = ("calibrated", "overconfident", "sandbagging")

#: Weeks in a quarter; check-ins at weeks 0 .. WEEKS, graded at WEEKS.
WEEKS = 13

_EFFORT_MEAN, _EFFORT_SD = 1.9, 0.7
_AMBITION = {
    ("honest", "committed"): (0.8, 1.6),
    ("honest", "aspirational"): (2.0, 4.0),
    ("sandbagging", "committed"): (0.2, 0.6),
    ("sandbagging", "aspirational"): (0.3, 1.0),
}
# name, unit, direction, baseline range, range of sd of period-to-period change
_METRICS = (
    ("lead-to-SQL rate", "%", "higher", (8.0, 20.0), (0.3, 1.0)),
    ("trial sign-ups", "per week", "higher", (150.0, 600.0), (8.0, 25.0)),
    ("cost per lead", "USD", "lower", (60.0, 140.0), (2.0, 6.0)),
    ("first response time", "hours", "lower", (4.0, 24.0), (0.3, 1.5)),
    ("win rate", "%", "higher", (15.0, 35.0), (0.5, 1.5)),
    ("activation rate", "%", "higher", (25.0, 55.0), (0.8, 2.0)),
    ("CSAT", "points", "higher", (70.0, 90.0), (0.5, 1.5)),
    ("churned accounts", "per week", "lower", (6.0, 20.0), (0.5, 1.5)),
)


def _ndtr(x):
    """Standard normal CDF, elementwise (math.erf keeps it BLAS-free and exact)."""
    erf = np.frompyfunc(math.erf, 1, 1)
    return 0.5 * (1.0 + erf(np.asarray(x, dtype=float) / math.sqrt(2.0)).astype(float))


def _confidence(y, a, sd):
    """Calibrated P(y_T >= a*sd) after each week 0..T-1; y has shape (k, T+1)."""
    T = WEEKS
    s2 = sd**2 / 2.0
    m0 = _EFFORT_MEAN * sd / T
    tau2 = (_EFFORT_SD * sd / T) ** 2
    t = np.arange(T + 1, dtype=float)
    # cumulative sums over weeks 1..w of t*y_t and t^2, in a fixed order
    ty = np.cumsum(t * y, axis=1)
    tt = np.cumsum(t * t)
    prec = 1.0 / tau2[:, None] + tt[None, :] / s2[:, None]
    mean = (m0[:, None] / tau2[:, None] + ty / s2[:, None]) / prec
    pred_sd = np.sqrt(T * T / prec + s2[:, None])
    z = (a[:, None] * sd[:, None] - mean * T) / pred_sd
    p = 1.0 - _ndtr(z)
    return p[:, :T]


def simulate_checkins(
    *,
    teams=None,
    quarters=("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"),
    overconfidence=1.2,
    seed=0,
):
    """Simulate weekly check-ins (value and confidence) for teams of known kinds.

    Parameters
    ----------
    teams : dict, optional
        Team name -> kind (one of :data:`TEAM_KINDS`). Default: four teams of
        each kind, ``"calibrated-1"`` ... ``"sandbagging-4"``.
    quarters : sequence of str
        Quarter labels, one block of key results each.
    overconfidence : float
        Log-odds shift added to an over-confident team's confidence.
    seed : int or numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        One row per key result and week: ``team``, ``quarter``, ``kr`` (a
        label unique within the team and quarter), ``metric``, ``unit``,
        ``direction`` (``higher``/``lower``), ``kind``
        (``committed``/``aspirational``), ``baseline``, ``target``,
        ``sd_change`` (sd of period-to-period change in the history before
        the quarter), ``week_of_quarter`` (0-13), ``value`` and ``confidence`` (0-1;
        empty in week 13, when the key result is graded).

    Examples
    --------
    >>> df = simulate_checkins(seed=1)
    >>> df.shape[1], sorted(df["kind"].unique())
    (13, ['aspirational', 'committed'])
    >>> int(df["week_of_quarter"].max()), bool(df.loc[df["week_of_quarter"] == 13, "confidence"].isna().all())
    (13, True)
    """
    import pandas as pd

    from ..errors import ParameterError

    rng = as_generator(seed)
    if teams is None:
        teams = {f"{kind}-{i}": kind for kind in TEAM_KINDS for i in range(1, 5)}
    if not isinstance(teams, dict) or not teams:
        raise ParameterError("teams must be a non-empty dict of team name -> kind")
    bad = {k: v for k, v in teams.items() if v not in TEAM_KINDS}
    if bad:
        raise ParameterError(f"teams has unknown kinds {bad}; use one of {', '.join(TEAM_KINDS)}")
    if isinstance(overconfidence, bool) or not isinstance(overconfidence, (int, float)):
        raise ParameterError(f"overconfidence must be a number, got {overconfidence!r}")
    frames = []
    for team, team_kind in teams.items():
        for quarter in quarters:
            frames.append(_one_quarter(rng, team, team_kind, quarter, float(overconfidence)))
    out = pd.concat(frames, ignore_index=True)
    return out


def _one_quarter(rng, team, team_kind, quarter, overconfidence):
    import pandas as pd

    T = WEEKS
    k = int(rng.integers(3, 5))
    kind = np.where(rng.random(k) < 0.6, "aspirational", "committed")
    metric_idx = rng.permutation(len(_METRICS))[:k]
    spec = [_METRICS[i] for i in metric_idx]
    u_sd, u_base = rng.random(k), rng.random(k)
    sd = np.array([m[4][0] + (m[4][1] - m[4][0]) * u for m, u in zip(spec, u_sd, strict=True)])
    baseline = np.round(
        [m[3][0] + (m[3][1] - m[3][0]) * u for m, u in zip(spec, u_base, strict=True)], 1
    )
    honesty = "sandbagging" if team_kind == "sandbagging" else "honest"
    lo = np.array([_AMBITION[(honesty, kd)][0] for kd in kind])
    hi = np.array([_AMBITION[(honesty, kd)][1] for kd in kind])
    a = lo + (hi - lo) * rng.random(k)
    effort = rng.normal(_EFFORT_MEAN, _EFFORT_SD, k)
    noise = rng.normal(0.0, 1.0, (k, T + 1)) * (sd / math.sqrt(2.0))[:, None]
    t = np.arange(T + 1, dtype=float)
    y = (effort * sd / T)[:, None] * t[None, :] + noise
    conf = _confidence(y, a, sd)
    if team_kind == "overconfident":
        # fexp/flog give the same bits on every CPU (numpy's exp/log do not)
        c = np.clip(conf, 1e-12, 1.0 - 1e-12)
        logit = flog(c) - flog(1.0 - c)
        conf = 1.0 / (1.0 + fexp(-(logit + overconfidence)))
    conf = np.round(conf * 20.0) / 20.0
    sd_hat = sd * np.sqrt(rng.chisquare(25, k) / 25.0)
    rows = []
    for j in range(k):
        name, unit, direction = spec[j][:3]
        sign = 1.0 if direction == "higher" else -1.0
        target = baseline[j] + sign * a[j] * sd[j]
        values = baseline[j] + sign * y[j]
        for w in range(T + 1):
            rows.append(
                {
                    "team": team,
                    "quarter": quarter,
                    "kr": f"KR{j + 1}",
                    "metric": name,
                    "unit": unit,
                    "direction": direction,
                    "kind": str(kind[j]),
                    "baseline": float(baseline[j]),
                    "target": round(float(target), 2),
                    "sd_change": round(float(sd_hat[j]), 3),
                    "week_of_quarter": w,
                    "value": round(float(values[w]), 2),
                    "confidence": float(conf[j, w]) if w < T else np.nan,
                }
            )
    return pd.DataFrame(rows)


#: Teams of ``okr_checkins.csv`` and the kind built into each (the answer key).
CHECKIN_TEAMS = {
    "brand": "calibrated",
    "customer-success": "calibrated",
    "growth": "overconfident",
    "sales-development": "overconfident",
    "partnerships": "sandbagging",
    "support": "sandbagging",
}

_CHECKIN_SEED = 20240102


def make_okr_checkins(seed=_CHECKIN_SEED):
    """Simulate ``okr_checkins.csv``: 6 teams x 8 quarters of weekly check-ins.

    Two teams of each kind in :data:`CHECKIN_TEAMS` (calibrated,
    over-confident by a log-odds shift of 2.0 -- 0.5 reported as 0.88, 0.7 as
    0.95 -- and sandbagging), quarters
    2024-Q1 to 2025-Q4, 3-4 key results a quarter, weeks 0-13. See
    :func:`simulate_checkins` for the model and the columns.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`simulate_checkins`.

    Examples
    --------
    >>> df = make_okr_checkins()
    >>> sorted(df["team"].unique())[:2]
    ['brand', 'customer-success']
    """
    quarters = [f"{y}-Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
    return simulate_checkins(
        teams=dict(CHECKIN_TEAMS), quarters=quarters, overconfidence=2.0, seed=seed
    )
