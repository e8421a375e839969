"""The four variants of Goodhart's law (Manheim & Garrabrant 2018), each a small
simulation returning a tidy DataFrame (plots in :mod:`okrlab.plotting`).

Regressional (selecting on a noisy proxy), extremal (a relation pushed past the
range it was learned in), causal (moving a correlate, not a cause) and
adversarial (agents gaming the measure they are paid on).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._docs import share_docs
from .._stats import as_generator
from ..errors import ParameterError
from ._checks import _integer, _nonneg, _number, _positive, _prob

__all__ = [
    "fit_line",
    "regressional_goodhart",
    "regressional_closed_form",
    "extremal_goodhart",
    "causal_goodhart",
    "adversarial_goodhart",
]


def fit_line(x, y):
    """Least-squares line ``y = intercept + slope * x``: ``(slope, intercept)``.

    Written with centred sums (numpy's pairwise summation, whose order does
    not depend on the CPU) instead of ``np.polyfit``, which calls LAPACK and
    so can differ in the last bits between BLAS libraries and CPUs.

    Examples
    --------
    >>> fit_line(np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0]))
    (2.0, 1.0)
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    dx = x - x.mean()
    slope = float(np.sum(dx * (y - y.mean())) / np.sum(dx * dx))
    return slope, float(y.mean() - slope * x.mean())


def regressional_closed_form(*, mu=0.0, sd_goal=1.0, sd_noise=1.0, top_fraction=0.1):
    """Closed-form regressional Goodhart for a normal goal and normal noise.

    With goal ``V ~ N(mu, sd_goal**2)``, noise ``X ~ N(0, sd_noise**2)`` and
    proxy ``U = V + X``: ``E[V | U=u] = mu + k (u - mu)`` with shrinkage
    ``k = sd_goal**2 / (sd_goal**2 + sd_noise**2)``. Selecting the top
    ``top_fraction`` q on U gives ``E[U | top] = mu + sd_U phi(z) / q`` with
    ``z = Phi^-1(1 - q)`` (inverse Mills ratio), hence
    ``E[V | top] = mu + k sd_U phi(z) / q``.

    Parameters
    ----------
    mu : float
        Mean of the goal.
    sd_goal : float > 0
        Standard deviation of the goal ``V``.
    sd_noise : float >= 0
        Standard deviation of the measurement noise ``X``.
    top_fraction : float in (0, 1]
        Share of units selected by their proxy value.

    Returns
    -------
    dict
        ``shrinkage`` (k), ``sd_proxy`` (sd of U), ``threshold`` (the proxy
        cut-off), ``expected_proxy_top`` and ``expected_goal_top`` (means over
        the selected top slice), ``shortfall`` (their difference).

    Examples
    --------
    >>> cf = regressional_closed_form(sd_goal=1, sd_noise=1, top_fraction=0.5)
    >>> round(cf["shrinkage"], 3), round(cf["expected_goal_top"], 4)
    (0.5, 0.5642)
    """
    from statistics import NormalDist

    mu = _number("mu", mu)
    sd_goal = _positive("sd_goal", sd_goal)
    sd_noise = _nonneg("sd_noise", sd_noise)
    q = _prob("top_fraction", top_fraction)
    if q == 0:
        raise ParameterError("top_fraction must be greater than 0")
    k = sd_goal**2 / (sd_goal**2 + sd_noise**2)
    sd_u = math.sqrt(sd_goal**2 + sd_noise**2)
    nd = NormalDist()
    z = nd.inv_cdf(1 - q) if q < 1 else -math.inf
    mills = nd.pdf(z) / q if q < 1 else 0.0
    return {
        "shrinkage": k,
        "sd_proxy": sd_u,
        "threshold": mu + sd_u * z,
        "expected_proxy_top": mu + sd_u * mills,
        "expected_goal_top": mu + k * sd_u * mills,
        "shortfall": (1 - k) * sd_u * mills,
    }


@share_docs
def regressional_goodhart(
    n: int = 2000, *, mu=0.0, sd_goal=1.0, sd_noise=1.0, top_fraction=0.1, seed=None
):
    """Regressional Goodhart: select on a noisy proxy, get less of the goal.

    Each unit (say a campaign) has a true goal value ``V ~ N(mu, sd_goal**2)``
    and a measured proxy ``U = V + X`` with ``X ~ N(0, sd_noise**2)``. The
    ``top_fraction`` with the highest proxy is selected. Their mean goal falls
    short of their mean proxy; see :func:`regressional_closed_form`.

    Parameters
    ----------
    n : int >= 2
        Number of units.
    mu : float
        Mean of the goal.
    sd_goal : float > 0
        Standard deviation of the goal ``V``.
    sd_noise : float >= 0
        Standard deviation of the measurement noise ``X``.
    top_fraction : float in (0, 1]
        Share of units selected by their proxy value.
    {seed}

    Returns
    -------
    DataFrame
        ``unit`` (int), ``goal`` (V), ``noise`` (X), ``proxy`` (U = V + X),
        ``selected`` (bool: in the top ``top_fraction`` by proxy).

    Examples
    --------
    >>> df = regressional_goodhart(20_000, top_fraction=0.1, seed=0)
    >>> top = df[df.selected]
    >>> bool(top.goal.mean() < top.proxy.mean())
    True
    """
    n = _integer("n", n, 2)
    mu = _number("mu", mu)
    sd_goal = _positive("sd_goal", sd_goal)
    sd_noise = _nonneg("sd_noise", sd_noise)
    q = _prob("top_fraction", top_fraction)
    n_top = int(round(q * n))
    if n_top < 1:
        raise ParameterError(f"top_fraction={q:g} of n={n} selects no unit; raise either")
    rng = as_generator(seed)
    goal = rng.normal(mu, sd_goal, n)
    noise = rng.normal(0.0, sd_noise, n)
    proxy = goal + noise
    selected = np.zeros(n, dtype=bool)
    selected[np.argsort(-proxy, kind="stable")[:n_top]] = True
    return pd.DataFrame(
        {"unit": np.arange(n), "goal": goal, "noise": noise, "proxy": proxy, "selected": selected}
    )


@share_docs
def extremal_goodhart(
    n: int = 400,
    *,
    normal_range=(0.0, 2.0),
    pushed_range=(2.0, 5.0),
    knee: float = 2.5,
    curvature: float = 0.8,
    noise: float = 0.3,
    seed=None,
):
    """Extremal Goodhart: a relation that holds in normal conditions breaks
    when the proxy is pushed far.

    Story: weekly lead volume (proxy, in hundreds of leads) and pipeline
    created (goal, in units of the typical week). Up to ``knee`` more leads
    bring more pipeline one for one; beyond it the audience is exhausted and
    sales time is swamped, so pipeline falls:
    ``goal = proxy - curvature * max(0, proxy - knee)**2 + noise``. A straight
    line fitted on the historical (normal-range) data predicts ever more
    pipeline; in the pushed range it is wrong.

    Parameters
    ----------
    n : int >= 4
        Number of weeks; half historical, half pushed.
    normal_range, pushed_range : (float, float)
        Range of the proxy in the historical weeks and in the pushed weeks.
    knee : float
        Proxy value beyond which more leads stop bringing pipeline.
    curvature : float >= 0
        How fast pipeline falls beyond the knee.
    noise : float >= 0
        Standard deviation of the goal's noise.
    {seed}

    Returns
    -------
    DataFrame
        ``regime`` (``"historical"`` or ``"pushed"``), ``proxy``, ``goal``,
        ``predicted_goal`` (the line fitted on historical rows),
        ``true_mean_goal`` (the noise-free relation).

    Examples
    --------
    >>> df = extremal_goodhart(seed=0)
    >>> pushed = df[(df.regime == "pushed") & (df.proxy > 4)]
    >>> bool((pushed.goal < pushed.predicted_goal).mean() > 0.9)
    True
    """
    n = _integer("n", n, 4)
    knee = _number("knee", knee)
    curvature = _nonneg("curvature", curvature)
    noise = _nonneg("noise", noise)
    lo, hi = (_number("normal_range", v) for v in normal_range)
    plo, phi = (_number("pushed_range", v) for v in pushed_range)
    if not (lo < hi and plo < phi):
        raise ParameterError(
            "normal_range and pushed_range must each be (low, high) with low < high"
        )
    rng = as_generator(seed)
    n_hist = n // 2
    proxy = np.concatenate([rng.uniform(lo, hi, n_hist), rng.uniform(plo, phi, n - n_hist)])
    true_mean = proxy - curvature * np.maximum(0.0, proxy - knee) ** 2
    goal = true_mean + rng.normal(0.0, noise, n)
    regime = np.where(np.arange(n) < n_hist, "historical", "pushed")
    slope, intercept = fit_line(proxy[:n_hist], goal[:n_hist])
    return pd.DataFrame(
        {
            "regime": regime,
            "proxy": proxy,
            "goal": goal,
            "predicted_goal": intercept + slope * proxy,
            "true_mean_goal": true_mean,
        }
    )


@share_docs
def causal_goodhart(
    n: int = 500,
    *,
    push: float = 1.0,
    proxy_effect: float = 1.0,
    goal_effect: float = 1.0,
    noise: float = 0.5,
    seed=None,
):
    """Causal Goodhart: the proxy and the goal share a cause; pushing the
    proxy directly does not move the goal.

    Story: buying intent (the shared cause) drives both time on site (proxy)
    and revenue (goal). Across accounts they correlate. A team told to raise
    time on site adds friction and autoplay videos: time on site rises by
    ``push`` (in proxy standard units) while intent, and so revenue, stay put.

    Parameters
    ----------
    n : int >= 3
        Number of units (accounts).
    push : float
        How far the proxy is pushed, in proxy units, with the cause unchanged.
    proxy_effect, goal_effect : float
        Effect of the shared cause on the proxy and on the goal.
    noise : float >= 0
        Standard deviation of the independent noise in proxy and goal.
    {seed}

    Returns
    -------
    DataFrame
        ``unit``, ``condition`` (``"observed"`` or ``"proxy pushed"``; the same
        units in both), ``cause``, ``proxy``, ``goal``,
        ``predicted_goal`` (what the observational regression of goal on proxy
        predicts).

    Examples
    --------
    >>> df = causal_goodhart(4000, push=1.0, seed=0)
    >>> m = df.groupby("condition")[["proxy", "goal", "predicted_goal"]].mean()
    >>> d = m.loc["proxy pushed"] - m.loc["observed"]
    >>> round(float(d.proxy), 2), abs(float(d.goal)) < 1e-12, bool(d.predicted_goal > 0.5)
    (1.0, True, True)
    """
    n = _integer("n", n, 3)
    push = _number("push", push)
    proxy_effect = _number("proxy_effect", proxy_effect)
    goal_effect = _number("goal_effect", goal_effect)
    noise = _nonneg("noise", noise)
    rng = as_generator(seed)
    cause = rng.standard_normal(n)
    proxy = proxy_effect * cause + rng.normal(0.0, noise, n)
    goal = goal_effect * cause + rng.normal(0.0, noise, n)
    slope, intercept = fit_line(proxy, goal)
    pushed = proxy + push
    return pd.DataFrame(
        {
            "unit": np.tile(np.arange(n), 2),
            "condition": np.repeat(["observed", "proxy pushed"], n),
            "cause": np.tile(cause, 2),
            "proxy": np.concatenate([proxy, pushed]),
            "goal": np.tile(goal, 2),
            "predicted_goal": intercept + slope * np.concatenate([proxy, pushed]),
        }
    )


@share_docs
def adversarial_goodhart(
    n_agents: int = 300,
    *,
    incentive: float = 1.0,
    gaming_yield: float = 2.0,
    harm: float = 0.3,
    noise: float = 0.1,
    seed=None,
):
    """Adversarial Goodhart: agents paid on a measure game it when that is cheap.

    Story: sales development reps are rewarded on leads logged. Each has real
    productivity ``p`` (genuine leads per unit of effort, around 1) and a
    private cost of gaming ``c`` (form fills counted as leads, recycled
    contacts). A rep puts a share ``g`` of effort into gaming, choosing it to
    maximise ``incentive * metric - c * g**2 / 2``, where
    ``metric = p (1 - g) + gaming_yield * g``; so
    ``g = clip(incentive * (gaming_yield - p) / c, 0, 1)``. The goal (real
    pipeline) is ``p (1 - g) - harm * g``: gaming also wastes sales time.
    Before the incentive (``incentive=0`` phase) nobody games.

    Parameters
    ----------
    n_agents : int >= 1
        Number of reps.
    incentive : float >= 0
        Reward per unit of the measure in the incentive phase.
    gaming_yield : float >= 0
        Leads logged per unit of effort spent gaming.
    harm : float >= 0
        Pipeline lost per unit of gaming (wasted sales time).
    noise : float >= 0
        Standard deviation of the measurement noise on the metric.
    {seed}

    Returns
    -------
    DataFrame
        ``agent``, ``phase`` (``"no incentive"``, ``"incentive"``),
        ``productivity``, ``gaming_cost``, ``gaming_share`` (0-1),
        ``metric`` (leads logged, with measurement noise), ``goal`` (real pipeline).

    Examples
    --------
    >>> df = adversarial_goodhart(seed=0)
    >>> m = df.groupby("phase")[["metric", "goal"]].mean()
    >>> bool(m.loc["incentive", "metric"] > m.loc["no incentive", "metric"])
    True
    >>> bool(m.loc["incentive", "goal"] < m.loc["no incentive", "goal"])
    True
    """
    n_agents = _integer("n_agents", n_agents, 1)
    incentive = _nonneg("incentive", incentive)
    gaming_yield = _nonneg("gaming_yield", gaming_yield)
    harm = _nonneg("harm", harm)
    noise = _nonneg("noise", noise)
    rng = as_generator(seed)
    productivity = rng.lognormal(0.0, 0.25, n_agents)
    cost = rng.lognormal(math.log(4.0), 0.8, n_agents)
    eps = rng.normal(0.0, noise, (2, n_agents))
    frames = []
    for j, (phase, inc) in enumerate((("no incentive", 0.0), ("incentive", incentive))):
        g = np.clip(inc * (gaming_yield - productivity) / cost, 0.0, 1.0)
        frames.append(
            pd.DataFrame(
                {
                    "agent": np.arange(n_agents),
                    "phase": phase,
                    "productivity": productivity,
                    "gaming_cost": cost,
                    "gaming_share": g,
                    "metric": productivity * (1 - g) + gaming_yield * g + eps[j],
                    "goal": productivity * (1 - g) - harm * g,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
