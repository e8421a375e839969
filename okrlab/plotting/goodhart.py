"""Figures for the Goodhart simulations (:mod:`okrlab.goodhart`).

Seaborn where it is the right tool: ``lineplot`` with a median estimator and
a percentile band draws the Monte Carlo runs of the funnel dashboard, and
``scatterplot`` with ``hue`` the proxy/goal clouds of the variants. The
budget-share stack (seaborn has no stacked area) and the adversarial bars
(two means with printed values, no estimator needed) stay plain matplotlib.
"""

from __future__ import annotations

from ._theme import (
    PALETTE,
    date_axis,
    house_style,
    number_axis,
    panels,
    single_ax,
    themed,
)

__all__ = [
    "plot_goodhart_dashboard",
    "plot_budget_shares",
    "plot_regressional",
    "plot_extremal",
    "plot_causal",
    "plot_adversarial",
]

_GOODHART_PANELS = (
    ("cpl", "Cost per lead", "USD per lead"),
    ("lead_quality", "Lead quality (SQLs / leads)", "share of leads"),
    ("cost_per_qualified_lead", "Cost per qualified lead", "USD per SQL"),
    ("revenue", "Revenue booked (new customers)", "USD per week"),
)
_TARGET, _LINE, _ACCENT = PALETTE["red"], PALETTE["blue"], PALETTE["orange"]


def _target_date(data, target_week):
    """The date the CPL target starts: from ``target_week`` (index or date) or
    from the ``cpl_target_active`` column; ``None`` if there is none."""
    import numpy as np
    import pandas as pd

    from ..errors import ParameterError

    weeks = pd.Series(pd.to_datetime(data["week"]).unique()).sort_values().reset_index(drop=True)
    if target_week is None:
        if "cpl_target_active" in data and (data["cpl_target_active"] == 1).any():
            return pd.Timestamp(data.loc[data["cpl_target_active"] == 1, "week"].min())
        return None
    if isinstance(target_week, (int, np.integer)) and not isinstance(target_week, bool):
        if not 0 <= target_week < len(weeks):
            raise ParameterError(
                f"target_week={target_week} is outside the data's {len(weeks)} weeks "
                f"(0 to {len(weeks) - 1}), or pass a date"
            )
        return weeks[int(target_week)]
    return pd.Timestamp(target_week)


def _check_dashboard_args(data, panels_, band):
    from .._validate import check_probability
    from ..errors import DataError, ParameterError

    missing = [col for col, *_ in panels_ if col not in data.columns]
    missing += [] if "week" in data.columns else ["week"]
    if missing:
        raise DataError(
            f"data is missing column(s) {', '.join(map(repr, missing))}; pass the output of "
            "okrlab.simulate_funnel or a frame with 'week' and the metric columns"
        )
    try:
        lo, hi = band
    except (TypeError, ValueError):
        raise ParameterError(
            f"band must be two quantiles, e.g. band=(0.05, 0.95), got {band!r}"
        ) from None
    lo = check_probability(lo, "band[0]", inclusive=True, example=0.05)
    hi = check_probability(hi, "band[1]", inclusive=True, example=0.95)
    if not lo < hi:
        raise ParameterError(f"band={band!r} must have low < high, e.g. band=(0.05, 0.95)")
    return lo, hi


def plot_goodhart_dashboard(
    data,
    *,
    target_week=None,
    metrics=None,
    band=(0.05, 0.95),
    ax=None,
    figsize=(11, 6.5),
    title=None,
    fig=None,
):
    """Four panels of the Goodhart story over time, with the start of the CPL target.

    Cost per lead, lead quality, cost per qualified lead and revenue. With a
    ``run`` column holding more than one run, each panel shows the median
    over runs and a shaded band between the ``band`` quantiles (Monte Carlo
    bands, drawn with ``seaborn.lineplot``); with one run, the weekly values.

    Parameters
    ----------
    data : FunnelSimulation or pandas.DataFrame
        Output of :func:`okrlab.simulate_funnel` (or its ``.weekly``), or ``marketing_weekly``
        (columns ``week`` and the four metrics; not modified).
    target_week : int, date or None
        Week index or date where the target starts; by default the first week
        with ``cpl_target_active == 1`` (no marker if there is none).
    metrics : sequence of (column, title, unit), optional
        Override the four panels.
    band : (float, float), default (0.05, 0.95)
        Lower and upper quantiles of the band.
    ax : sequence of matplotlib Axes, optional
        As many Axes as panels to draw into (the plot rule); default a new figure.
    figsize : (float, float), default (11, 6.5)
        Size of a new figure.
    title : str, optional
        Figure title.
    fig : matplotlib Figure, optional
        Deprecated (use ``ax``): draw into this figure, which is cleared first.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; its first axes are the panels in order. In each panel
        ``lines[0]`` is the median (or the single run) by week.

    Raises
    ------
    DataError
        ``data`` lacks ``week`` or a metric column.
    ParameterError
        ``band`` is not two quantiles low < high, or ``target_week`` is out of range.

    Examples
    --------
    >>> import okrlab
    >>> sim = okrlab.simulate_funnel(n_weeks=30, n_runs=5, target_week=15, seed=1)
    >>> fig = plot_goodhart_dashboard(sim)
    >>> [a.get_title() for a in fig.axes[:2]]
    ['Cost per lead', 'Lead quality (SQLs / leads)']
    """
    import matplotlib.patches as mpatches
    import numpy as np
    import pandas as pd
    import seaborn as sns

    if not isinstance(data, pd.DataFrame) and hasattr(data, "to_frame"):
        data = data.to_frame()  # okrlab.simulate_funnel's FunnelSimulation
    panels_ = tuple(metrics) if metrics is not None else _GOODHART_PANELS
    lo, hi = _check_dashboard_args(data, panels_, band)
    start = _target_date(data, target_week)
    n_runs = data["run"].nunique() if "run" in data.columns else 1
    week = pd.to_datetime(data["week"])
    with house_style():
        if fig is not None:  # deprecated path: a figure to draw into
            fig.clear()
            ax = list(fig.subplots(2, 2, sharex=True).ravel())[: len(panels_)]
        fig, axes = panels(ax, len(panels_), nrows=2, ncols=2, figsize=figsize, sharex=True)
        for a, (col, name, unit) in zip(axes, panels_, strict=True):
            frame = pd.DataFrame({"week": week.to_numpy(), "value": data[col].to_numpy()})
            if n_runs > 1:
                sns.lineplot(
                    data=frame, x="week", y="value", ax=a, color=_LINE, lw=1.6,
                    estimator="median", label="median run",
                    errorbar=lambda v: (np.quantile(v, lo), np.quantile(v, hi)),
                )  # fmt: skip
            else:
                sns.lineplot(data=frame, x="week", y="value", ax=a, color=_LINE, lw=1.2,
                             errorbar=None)  # fmt: skip
            if start is not None:
                a.axvline(start, color=_TARGET, ls="--", lw=1.2, label="CPL target starts")
            a.set_title(name)
            a.set_xlabel("")
            a.set_ylabel(unit)
            number_axis(a, prefix="$" if unit.startswith("USD") else "")
            date_axis(a)
            if a.get_legend() is not None:
                a.get_legend().remove()
        handles, labels = axes[0].get_legend_handles_labels()
        if n_runs > 1:
            handles.append(mpatches.Patch(color=_LINE, alpha=0.2))
            labels.append(f"{lo:.0%}–{hi:.0%} of {n_runs} runs")
        if handles:
            axes[0].legend(handles, labels, loc="best")
        if title:
            fig.suptitle(title)
    return fig


@themed
def plot_budget_shares(shares, *, run=None, ax=None, target_week=None):
    """Stacked area of the budget share of each segment over time.

    Parameters
    ----------
    shares : pandas.DataFrame
        The budget-share table of a funnel simulation (columns ``week``,
        ``segment``, ``budget_share`` and optionally ``run``).
    run : int, optional
        Show this run; by default the mean over runs.
    ax : matplotlib.axes.Axes, optional
        Draw here (default ``plt.gca()``).
    target_week : int, date or None
        Marks the start of the target (week index or date).

    Returns
    -------
    matplotlib.axes.Axes
        One stacked area per segment in ``ax.collections``, in segment order.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> shares = pd.DataFrame({"week": pd.to_datetime(["2025-01-06"] * 2 + ["2025-01-13"] * 2),
    ...                        "segment": ["a", "b", "a", "b"],
    ...                        "budget_share": [0.6, 0.4, 0.5, 0.5]})
    >>> ax = plot_budget_shares(shares, ax=plt.figure().subplots())
    >>> len(ax.collections), [float(v) for v in ax.get_ylim()]
    (2, [0.0, 1.0])
    """
    ax = single_ax(ax)
    df = shares if run is None else shares[shares["run"] == run]
    wide = df.pivot_table(index="week", columns="segment", values="budget_share",
                          aggfunc="mean", observed=True)  # fmt: skip
    ax.stackplot(wide.index, wide.T.to_numpy(), labels=[str(c) for c in wide.columns],
                 alpha=0.85)  # fmt: skip
    if target_week is not None:
        start = _target_date(df.drop_duplicates("week"), target_week)
        ax.axvline(start, color=_TARGET, ls="--", lw=1.2, label="CPL target starts")
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of weekly budget")
    ax.set_title("Where the budget goes")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    date_axis(ax)
    return ax


@themed
def plot_regressional(data, *, ax=None, max_points=3000, seed=0):
    """Proxy against goal, the selected top slice highlighted.

    Shows the regression of goal on proxy (slope = shrinkage factor k), and
    the selected units' mean proxy and mean goal: the gap is the regressional
    Goodhart shortfall.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`okrlab.regressional_goodhart` (``proxy``, ``goal``, ``selected``).
    ax : matplotlib.axes.Axes, optional
        Draw here (default ``plt.gca()``).
    max_points : int, default 3000
        Plot at most this many points (a fixed random subset; the fit uses all).
    seed : int, default 0
        Seed of that subset.

    Returns
    -------
    matplotlib.axes.Axes
        The fitted line is the line labelled ``"E[goal | proxy], slope k = ..."``
        (seaborn's legend entries come first in ``ax.lines``, with no data).

    Examples
    --------
    >>> import matplotlib.pyplot as plt, numpy as np, okrlab
    >>> d = okrlab.regressional_goodhart(n=500, seed=0)
    >>> ax = plot_regressional(d, ax=plt.figure().subplots())
    >>> fit = next(ln for ln in ax.lines if ln.get_label().startswith("E[goal"))
    >>> xy = fit.get_xydata()
    >>> slope = (xy[-1, 1] - xy[0, 1]) / (xy[-1, 0] - xy[0, 0])
    >>> bool(np.isclose(slope, np.polyfit(d["proxy"], d["goal"], 1)[0]))
    True
    """
    import numpy as np
    import seaborn as sns

    from .._validate import check_integer

    check_integer(max_points, "max_points", low=1, example=3000)
    ax = single_ax(ax)
    shown = data if len(data) <= max_points else data.sample(max_points, random_state=seed)
    shown = shown.assign(group=np.where(shown["selected"], "selected (top by proxy)",
                                        "not selected"))  # fmt: skip
    sns.scatterplot(data=shown, x="proxy", y="goal", hue="group", ax=ax, s=8, alpha=0.5,
                    linewidth=0, hue_order=["not selected", "selected (top by proxy)"],
                    palette=[PALETTE["grey"], _ACCENT])  # fmt: skip
    slope, intercept = np.polyfit(data["proxy"], data["goal"], 1)
    xs = np.linspace(data["proxy"].min(), data["proxy"].max(), 50)
    ax.plot(xs, intercept + slope * xs, color=_LINE, lw=1.5,
            label=f"E[goal | proxy], slope k = {slope:.2f}")  # fmt: skip
    ax.plot(xs, xs, color="black", lw=0.8, ls=":", label="goal = proxy")
    sel = data[data["selected"]]
    ax.axhline(sel["goal"].mean(), color=_TARGET, ls="--", lw=1.2,
               label=f"selected: mean goal {sel['goal'].mean():.2f}")  # fmt: skip
    ax.axvline(sel["proxy"].mean(), color=_ACCENT, ls="--", lw=1.2,
               label=f"selected: mean proxy {sel['proxy'].mean():.2f}")  # fmt: skip
    ax.set_xlabel("proxy U = goal + noise (measured, standard units)")
    ax.set_ylabel("goal V (true value, standard units)")
    ax.set_title("Regressional: the top of the proxy disappoints")
    ax.legend(loc="upper left")
    return ax


def _cloud(ax, data, column, order, labels):
    """Scatter of proxy vs goal coloured by ``column`` (seaborn hue), fixed order/labels."""
    import seaborn as sns

    shown = data.assign(group=data[column].map(dict(zip(order, labels, strict=True))))
    sns.scatterplot(data=shown, x="proxy", y="goal", hue="group", hue_order=list(labels),
                    palette=[_LINE, _ACCENT], s=10, alpha=0.45, linewidth=0, ax=ax)  # fmt: skip


@themed
def plot_extremal(data, *, ax=None):
    """Historical and pushed observations with the line fitted on history.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`okrlab.extremal_goodhart` (``regime``, ``proxy``,
        ``goal``, ``predicted_goal``, ``true_mean_goal``).
    ax : matplotlib.axes.Axes, optional
        Draw here (default ``plt.gca()``).

    Returns
    -------
    matplotlib.axes.Axes
        Lines labelled ``"line fitted on history"`` and ``"true relation"``
        (after seaborn's empty legend entries).

    Examples
    --------
    >>> import matplotlib.pyplot as plt, okrlab
    >>> d = okrlab.extremal_goodhart(seed=0)
    >>> ax = plot_extremal(d, ax=plt.figure().subplots())
    >>> [ln.get_label() for ln in ax.lines if len(ln.get_xydata())]
    ['line fitted on history', 'true relation']
    """
    ax = single_ax(ax)
    _cloud(ax, data, "regime", ["historical", "pushed"],
           ["historical (normal range)", "after pushing the proxy"])  # fmt: skip
    order = data.sort_values("proxy")
    ax.plot(order["proxy"], order["predicted_goal"], color="black", ls="--", lw=1.2,
            label="line fitted on history")  # fmt: skip
    ax.plot(order["proxy"], order["true_mean_goal"], color=_TARGET, lw=1.5,
            label="true relation")  # fmt: skip
    ax.set_xlabel("proxy: leads per week (hundreds)")
    ax.set_ylabel("goal: pipeline created (typical weeks)")
    ax.set_title("Extremal: the relation breaks far out")
    # upper left is empty: history sits low on the left, the pushed points to the right
    ax.legend(loc="upper left")
    return ax


@themed
def plot_causal(data, *, ax=None):
    """Observed proxy-goal cloud and the same units after pushing the proxy.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`okrlab.causal_goodhart` (``condition``, ``proxy``,
        ``goal``, ``predicted_goal``).
    ax : matplotlib.axes.Axes, optional
        Draw here (default ``plt.gca()``).

    Returns
    -------
    matplotlib.axes.Axes
        The line labelled ``"what the correlation promises"`` (after seaborn's
        empty legend entries).

    Examples
    --------
    >>> import matplotlib.pyplot as plt, okrlab
    >>> ax = plot_causal(okrlab.causal_goodhart(seed=0), ax=plt.figure().subplots())
    >>> ax.get_title()
    'Causal: pushing the proxy leaves the goal'
    """
    ax = single_ax(ax)
    _cloud(ax, data, "condition", ["observed", "proxy pushed"],
           ["observed", "proxy pushed (same accounts)"])  # fmt: skip
    order = data.sort_values("proxy")
    ax.plot(order["proxy"], order["predicted_goal"], color="black", ls="--", lw=1.2,
            label="what the correlation promises")  # fmt: skip
    for cond, colour in (("observed", _LINE), ("proxy pushed", _ACCENT)):
        frame = data[data["condition"] == cond]
        ax.scatter([frame["proxy"].mean()], [frame["goal"].mean()], s=120, marker="X",
                   color=colour, edgecolor="black", zorder=3)  # fmt: skip
    ax.set_xlabel("proxy: time on site (standard units)")
    ax.set_ylabel("goal: revenue per account (standard units)")
    ax.set_title("Causal: pushing the proxy leaves the goal")
    ax.legend(loc="upper left")
    return ax


@themed
def plot_adversarial(data, *, ax=None):
    """Mean measured metric and mean real goal, without and with the incentive.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`okrlab.adversarial_goodhart` (``phase``, ``metric``, ``goal``).
    ax : matplotlib.axes.Axes, optional
        Draw here (default ``plt.gca()``).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.patches``: metric bars (before, after) then goal bars (before, after),
        heights = the means.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, numpy as np, okrlab
    >>> d = okrlab.adversarial_goodhart(seed=0)
    >>> ax = plot_adversarial(d, ax=plt.figure().subplots())
    >>> heights = [p.get_height() for p in ax.patches]
    >>> bool(np.isclose(heights[0], d.loc[d["phase"] == "no incentive", "metric"].mean()))
    True
    """
    import numpy as np

    ax = single_ax(ax)
    phases = ["no incentive", "incentive"]
    means = data.groupby("phase")[["metric", "goal"]].mean().reindex(phases)
    x = np.arange(2)
    ax.bar(x - 0.2, means["metric"], width=0.4, color=_ACCENT, label="metric: leads logged")
    ax.bar(x + 0.2, means["goal"], width=0.4, color=_LINE, label="goal: real pipeline")
    for i, phase in enumerate(phases):
        for dx, col in ((-0.2, "metric"), (0.2, "goal")):
            v = means.loc[phase, col]
            ax.text(x[i] + dx, v, f"{v:.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, ["before: no reward on leads", "after: reps rewarded on leads"])
    # two short lines: the label must fit beside the axis in a small figure
    ax.set_ylabel("per rep and week\n(typical rep's real output = 1)")
    ax.set_title("Adversarial: the measure is gamed")
    ax.legend(loc="upper left")
    return ax
