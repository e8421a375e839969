"""Seaborn-style figures for okrlab results.

Every function draws on the ``ax=`` it is given (or ``plt.gca()``) and returns
the Axes, or returns a grid object for multi-panel figures. matplotlib and
seaborn are imported inside the functions, so ``import okrlab`` stays fast.
The core modules never import this one.
"""

from __future__ import annotations

__all__: list[str] = []


def _plt():
    import matplotlib.pyplot as plt

    return plt


# == OKR progress (foundation) ==============================================


def _date_axis(ax):
    """Readable date ticks (no overlapping full dates)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _no_mathtext(text):
    """Escape dollar signs so '$100 to $80' is not read as mathtext."""
    return str(text).replace("$", r"\$")


_GRADE_COLOURS = {"green": "#2e7d32", "yellow": "#e0a800", "red": "#c62828", "no data": "#9e9e9e"}


def plot_okr_progress(scorecard, *, at=None, ax=None, wrap=48):
    """Horizontal progress bars, one per key result, grouped by objective.

    Bars show the clipped score coloured by grade; a black tick marks the
    expected progress at the scorecard's date (pace) and a hollow circle the
    forecast score at the due date. Key results whose guardrail is unhealthy
    are flagged with a warning sign.

    Parameters
    ----------
    scorecard : Scorecard or OKRSet or Objective
    at : date, optional
        Used when ``scorecard`` is an OKRSet or Objective.
    ax : matplotlib Axes, optional
    wrap : int
        Wrap key-result labels at this many characters.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import textwrap

    import numpy as np

    plt = _plt()
    if not hasattr(scorecard, "to_frame") or not hasattr(scorecard, "objectives_frame"):
        scorecard = scorecard.scorecard(at)
    df = scorecard.to_frame()
    if ax is None:
        ax = plt.gca()
    y = np.arange(len(df))[::-1]
    colours = [_GRADE_COLOURS.get(g, "#9e9e9e") for g in df["grade"]]
    ax.barh(y, df["score"].fillna(0), color=colours, height=0.6, zorder=2)
    has_pace = df["expected"].notna()
    if has_pace.any():
        ax.scatter(
            df.loc[has_pace, "expected"],
            y[has_pace.to_numpy()],
            marker="|",
            s=400,
            color="black",
            zorder=3,
            label="expected by now (pace)",
        )
    has_fc = df["forecast_score"].notna()
    if has_fc.any():
        ax.scatter(
            df.loc[has_fc, "forecast_score"],
            y[has_fc.to_numpy()],
            marker="o",
            s=60,
            facecolors="none",
            edgecolors="black",
            zorder=3,
            label="forecast at due date",
        )
    labels = []
    for _, row in df.iterrows():
        text = textwrap.shorten(_no_mathtext(row["key_result"]), wrap * 2, placeholder="…")
        label = "\n".join(textwrap.wrap(text, wrap))
        if row["guardrail_status"] == "unhealthy":
            label = "⚠ " + label
        labels.append(label)
    ax.set_yticks(y, labels, fontsize=8)
    for edge in (0.4, 0.7):
        ax.axvline(edge, color="#bdbdbd", lw=0.8, ls="--", zorder=1)
    # objective separators and names
    first_rows = df.groupby("objective", sort=False).head(1).index
    for i in first_rows[1:]:
        ax.axhline(y[i] + 0.5, color="#616161", lw=0.8)
    for obj, grp in df.groupby("objective", sort=False):
        ax.text(
            1.02,
            y[grp.index].mean(),
            textwrap.fill(obj, 28),
            fontsize=8,
            va="center",
            ha="left",
            transform=ax.get_yaxis_transform(),
        )
    ax.set_xlim(0, 1.04)
    ax.set_xlabel("score (0 = baseline, 1 = target)")
    at_text = scorecard.at.isoformat() if scorecard.at else "latest values"
    ax.set_title(f"Key-result progress at {at_text}")
    if has_pace.any() or has_fc.any():
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8, frameon=False
        )
    return ax


def plot_checkins(kr, *, ax=None):
    """Check-ins of one key result against its linear path to target.

    Draws the check-ins, the straight line from baseline at the start to the
    target at the due date (the pace), and the least-squares forecast.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import pandas as pd

    plt = _plt()
    if ax is None:
        ax = plt.gca()
    start, due = pd.Timestamp(kr.start), pd.Timestamp(kr.due)
    ax.plot(
        [start, due],
        [kr.baseline, kr.target],
        color="#9e9e9e",
        ls="--",
        label="linear path to target",
    )
    if kr.checkins is not None and len(kr.checkins):
        ax.plot(
            kr.checkins.index, kr.checkins.values, marker="o", color="#1565c0", label="check-ins"
        )
        try:
            end = kr.forecast()
            last = kr.checkins.index[-1]
            ax.plot(
                [last, due],
                [kr.checkins.iloc[-1], end],
                color="#1565c0",
                ls=":",
                label=f"forecast: {end:.3g} at due date",
            )
        except Exception:  # noqa: BLE001 - a forecast is optional decoration
            pass
    ax.axhline(kr.target, color="#2e7d32", lw=0.8)
    ax.set_ylabel(f"{kr.metric} ({kr.unit})" if kr.unit else kr.metric)
    ax.set_title(_no_mathtext(kr.description), fontsize=10)
    ax.legend(fontsize=8)
    _date_axis(ax)
    return ax


__all__ += ["plot_okr_progress", "plot_checkins"]


def plot_kpi_health(values, kpi, *, ax=None):
    """A KPI over time against its healthy band, each point coloured by status.

    Parameters
    ----------
    values : pandas.Series
        The KPI's values indexed by date (or period).
    kpi : KPI
        Its definition; the band is shaded green, the watch zone amber.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import numpy as np

    plt = _plt()
    if ax is None:
        ax = plt.gca()
    x, y = values.index, values.to_numpy(dtype=float)
    finite = y[np.isfinite(y)]
    pad = 0.15 * (np.ptp(finite) if finite.size and np.ptp(finite) > 0 else 1.0)
    lo_plot = min([*finite, *(b for b in kpi.band if b is not None)]) - pad
    hi_plot = max([*finite, *(b for b in kpi.band if b is not None)]) + pad
    lo = kpi.healthy_min if kpi.healthy_min is not None else lo_plot
    hi = kpi.healthy_max if kpi.healthy_max is not None else hi_plot
    ax.axhspan(lo, hi, color="#c8e6c9", alpha=0.6, lw=0, label="healthy band")
    m = kpi.warning_margin
    if m:
        if kpi.healthy_min is not None:
            ax.axhspan(lo - m, lo, color="#ffe082", alpha=0.6, lw=0, label="watch zone")
        if kpi.healthy_max is not None:
            ax.axhspan(
                hi,
                hi + m,
                color="#ffe082",
                alpha=0.6,
                lw=0,
                label=None if kpi.healthy_min is not None else "watch zone",
            )
    ax.plot(x, y, color="#616161", lw=1, zorder=2)
    colours = {
        "healthy": "#2e7d32",
        "watch": "#e0a800",
        "unhealthy": "#c62828",
        "no data": "#9e9e9e",
    }
    status = kpi.statuses(list(y))
    ax.scatter(x, y, c=[colours[s] for s in status], zorder=3, s=28)
    ax.set_ylim(lo_plot, hi_plot)
    if hasattr(values.index, "to_pydatetime"):
        _date_axis(ax)
    arrow = "higher is better" if kpi.direction == "higher" else "lower is better"
    unit = f" ({kpi.unit})" if kpi.unit else ""
    ax.set_ylabel(f"{kpi.name}{unit}")
    ax.set_title(_no_mathtext(f"{kpi.description or kpi.name}: {arrow}"), fontsize=10)
    ax.legend(fontsize=8, loc="best")
    return ax


__all__ += ["plot_kpi_health"]

# == Goodhart (simulations) =================================================


_GOODHART_PANELS = (
    ("cpl", "Cost per lead", "USD per lead"),
    ("lead_quality", "Lead quality (SQLs / leads)", "share of leads"),
    ("cost_per_qualified_lead", "Cost per qualified lead", "USD per SQL"),
    ("revenue", "Revenue booked (new customers)", "USD per week"),
)
_TARGET_COLOUR, _LINE_COLOUR, _ACCENT = "#c62828", "#1f4e79", "#e07b00"


def _target_date(data, target_week):
    """The date the CPL target starts: from ``target_week`` (index or date) or
    from the ``cpl_target_active`` column; ``None`` if there is none."""
    import numpy as np
    import pandas as pd

    from .errors import ParameterError

    weeks = pd.Series(pd.to_datetime(data["week"]).unique()).sort_values().reset_index(drop=True)
    if target_week is None:
        if "cpl_target_active" in data and (data["cpl_target_active"] == 1).any():
            return pd.Timestamp(data.loc[data["cpl_target_active"] == 1, "week"].min())
        return None
    if isinstance(target_week, (int, np.integer)) and not isinstance(target_week, bool):
        if not 0 <= target_week < len(weeks):
            raise ParameterError(
                f"target_week={target_week} is outside the data's {len(weeks)} weeks"
            )
        return weeks[int(target_week)]
    return pd.Timestamp(target_week)


def _usd(ax, axis="y"):
    from matplotlib.ticker import FuncFormatter

    def fmt(v, _pos):
        if abs(v) >= 1e6:
            return f"{v / 1e6:,.1f}M"
        if abs(v) >= 1e4:
            return f"{v / 1e3:,.0f}k"
        return f"{v:,.0f}"

    getattr(ax, f"{axis}axis").set_major_formatter(FuncFormatter(fmt))


def plot_goodhart_dashboard(
    data,
    *,
    target_week=None,
    metrics=None,
    band=(0.05, 0.95),
    fig=None,
    figsize=(11, 6.5),
    title=None,
):
    """Four panels of the Goodhart story: CPL, lead quality, cost per
    qualified lead and revenue over time, with the start of the CPL target.

    With a ``run`` column holding more than one run, each panel shows the
    median over runs and a shaded band between the ``band`` quantiles (Monte
    Carlo bands); with one run, the weekly values.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`okrlab.simulate_funnel`, or ``marketing_weekly``
        (columns ``week`` and the four metrics).
    target_week : int, date or None
        Week index or date where the target starts; by default the first week
        with ``cpl_target_active == 1`` (no marker if there is none).
    metrics : sequence of (column, title, unit), optional
        Override the four panels.
    band : (float, float)
        Lower and upper quantiles of the band.
    fig : matplotlib Figure, optional
        Draw into this figure (it is cleared).
    figsize : (float, float)
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The figure; ``fig.axes`` are the four panels.
    """
    import pandas as pd

    from .errors import ParameterError

    plt = _plt()
    panels = tuple(metrics) if metrics is not None else _GOODHART_PANELS
    missing = [col for col, *_ in panels if col not in data.columns] + (
        [] if "week" in data.columns else ["week"]
    )
    if missing:
        raise ParameterError(f"data is missing column(s) {', '.join(missing)}")
    lo, hi = band
    if not 0 <= lo < hi <= 1:
        raise ParameterError(f"band must be two quantiles 0 <= low < high <= 1, got {band!r}")
    start = _target_date(data, target_week)
    if fig is None:
        fig = plt.figure(figsize=figsize, layout="constrained")
    else:
        fig.clear()
    axes = fig.subplots(2, 2, sharex=True).ravel()
    n_runs = data["run"].nunique() if "run" in data.columns else 1
    week = pd.to_datetime(data["week"])
    for ax, (col, name, unit) in zip(axes, panels, strict=False):
        if n_runs > 1:
            grouped = data[col].groupby(week)
            q = grouped.quantile([lo, 0.5, hi]).unstack()
            ax.fill_between(q.index, q[lo], q[hi], color=_LINE_COLOUR, alpha=0.2, lw=0,
                            label=f"{lo:.0%}–{hi:.0%} of {n_runs} runs")  # fmt: skip
            ax.plot(q.index, q[0.5], color=_LINE_COLOUR, lw=1.6, label="median run")
        else:
            ax.plot(week, data[col], color=_LINE_COLOUR, lw=1.2)
        if start is not None:
            ax.axvline(start, color=_TARGET_COLOUR, ls="--", lw=1.2, label="CPL target starts")
        ax.set_title(name, fontsize=11)
        ax.set_ylabel(unit)
        if unit.startswith("USD"):
            _usd(ax)
        _date_axis(ax)
        ax.grid(alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        axes[0].legend(handles, labels, fontsize=8, loc="best")
    for ax in axes[len(panels) :]:
        ax.set_visible(False)
    if title:
        fig.suptitle(title)
    return fig


def plot_budget_shares(shares, *, run=None, ax=None, target_week=None):
    """Stacked area of the budget share of each segment over time.

    Parameters
    ----------
    shares : DataFrame
        The second table of ``simulate_funnel(..., return_shares=True)``.
    run : int, optional
        Show this run; by default the mean over runs.
    ax : matplotlib Axes, optional
    target_week : int, date or None
        Marks the start of the target (week index or date).

    Returns
    -------
    matplotlib.axes.Axes
    """
    plt = _plt()
    if ax is None:
        ax = plt.gca()
    df = shares if run is None else shares[shares["run"] == run]
    wide = df.pivot_table(index="week", columns="segment", values="budget_share",
                          aggfunc="mean", observed=True)  # fmt: skip
    ax.stackplot(wide.index, wide.T.to_numpy(), labels=[str(c) for c in wide.columns],
                 alpha=0.85)  # fmt: skip
    if target_week is not None:
        start = _target_date(df.drop_duplicates("week"), target_week)
        ax.axvline(start, color=_TARGET_COLOUR, ls="--", lw=1.2, label="CPL target starts")
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of weekly budget")
    ax.set_title("Where the budget goes")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    _date_axis(ax)
    return ax


def plot_regressional(data, *, ax=None, max_points=3000, seed=0):
    """Proxy against goal, the selected top slice highlighted.

    Shows the regression of goal on proxy (slope = shrinkage factor k), and
    the selected units' mean proxy and mean goal: the gap is the regressional
    Goodhart shortfall.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`okrlab.regressional_goodhart`.
    ax : matplotlib Axes, optional
    max_points : int
        Plot at most this many points (a fixed random subset).
    seed : int
        Seed of that subset.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import numpy as np

    plt = _plt()
    if ax is None:
        ax = plt.gca()
    shown = data if len(data) <= max_points else data.sample(max_points, random_state=seed)
    rest, top = shown[~shown["selected"]], shown[shown["selected"]]
    ax.scatter(rest["proxy"], rest["goal"], s=6, alpha=0.35, color="#9e9e9e", label="not selected")
    ax.scatter(
        top["proxy"], top["goal"], s=8, alpha=0.7, color=_ACCENT, label="selected (top by proxy)"
    )
    slope, intercept = np.polyfit(data["proxy"], data["goal"], 1)
    xs = np.linspace(data["proxy"].min(), data["proxy"].max(), 50)
    ax.plot(xs, intercept + slope * xs, color=_LINE_COLOUR, lw=1.5,
            label=f"E[goal | proxy], slope k = {slope:.2f}")  # fmt: skip
    ax.plot(xs, xs, color="black", lw=0.8, ls=":", label="goal = proxy")
    sel = data[data["selected"]]
    ax.axhline(sel["goal"].mean(), color=_TARGET_COLOUR, ls="--", lw=1.2,
               label=f"selected: mean goal {sel['goal'].mean():.2f}")  # fmt: skip
    ax.axvline(sel["proxy"].mean(), color=_ACCENT, ls="--", lw=1.2,
               label=f"selected: mean proxy {sel['proxy'].mean():.2f}")  # fmt: skip
    ax.set_xlabel("proxy U = goal + noise (measured, standard units)")
    ax.set_ylabel("goal V (true value, standard units)")
    ax.set_title("Regressional: the top of the proxy disappoints")
    ax.legend(fontsize=8, loc="upper left")
    return ax


def plot_extremal(data, *, ax=None):
    """Historical and pushed observations with the line fitted on history.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`okrlab.extremal_goodhart`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    plt = _plt()
    if ax is None:
        ax = plt.gca()
    hist, pushed = data[data["regime"] == "historical"], data[data["regime"] == "pushed"]
    ax.scatter(hist["proxy"], hist["goal"], s=10, alpha=0.5, color=_LINE_COLOUR,
               label="historical (normal range)")  # fmt: skip
    ax.scatter(pushed["proxy"], pushed["goal"], s=10, alpha=0.5, color=_ACCENT,
               label="after pushing the proxy")  # fmt: skip
    order = data.sort_values("proxy")
    ax.plot(order["proxy"], order["predicted_goal"], color="black", ls="--", lw=1.2,
            label="line fitted on history")  # fmt: skip
    ax.plot(order["proxy"], order["true_mean_goal"], color=_TARGET_COLOUR, lw=1.5,
            label="true relation")  # fmt: skip
    ax.set_xlabel("proxy: leads per week (hundreds)")
    ax.set_ylabel("goal: pipeline created (typical weeks)")
    ax.set_title("Extremal: the relation breaks far out")
    ax.legend(fontsize=8, loc="lower left")
    return ax


def plot_causal(data, *, ax=None):
    """Observed proxy-goal cloud and the same units after pushing the proxy.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`okrlab.causal_goodhart`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    plt = _plt()
    if ax is None:
        ax = plt.gca()
    obs = data[data["condition"] == "observed"]
    pushed = data[data["condition"] == "proxy pushed"]
    ax.scatter(obs["proxy"], obs["goal"], s=8, alpha=0.4, color=_LINE_COLOUR, label="observed")
    ax.scatter(pushed["proxy"], pushed["goal"], s=8, alpha=0.4, color=_ACCENT,
               label="proxy pushed (same accounts)")  # fmt: skip
    order = data.sort_values("proxy")
    ax.plot(order["proxy"], order["predicted_goal"], color="black", ls="--", lw=1.2,
            label="what the correlation promises")  # fmt: skip
    for frame, colour in ((obs, _LINE_COLOUR), (pushed, _ACCENT)):
        ax.scatter([frame["proxy"].mean()], [frame["goal"].mean()], s=120, marker="X",
                   color=colour, edgecolor="black", zorder=3)  # fmt: skip
    ax.set_xlabel("proxy: time on site (standard units)")
    ax.set_ylabel("goal: revenue per account (standard units)")
    ax.set_title("Causal: pushing the proxy leaves the goal")
    ax.legend(fontsize=8, loc="upper left")
    return ax


def plot_adversarial(data, *, ax=None):
    """Mean measured metric and mean real goal, without and with the incentive.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`okrlab.adversarial_goodhart`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import numpy as np

    plt = _plt()
    if ax is None:
        ax = plt.gca()
    phases = ["no incentive", "incentive"]
    means = data.groupby("phase")[["metric", "goal"]].mean().reindex(phases)
    x = np.arange(2)
    ax.bar(x - 0.2, means["metric"], width=0.4, color=_ACCENT, label="metric: leads logged")
    ax.bar(x + 0.2, means["goal"], width=0.4, color=_LINE_COLOUR, label="goal: real pipeline")
    for i, phase in enumerate(phases):
        ax.text(x[i] - 0.2, means.loc[phase, "metric"], f"{means.loc[phase, 'metric']:.2f}",
                ha="center", va="bottom", fontsize=8)  # fmt: skip
        ax.text(x[i] + 0.2, means.loc[phase, "goal"], f"{means.loc[phase, 'goal']:.2f}",
                ha="center", va="bottom", fontsize=8)  # fmt: skip
    ax.set_xticks(x, ["before: no reward on leads", "after: reps rewarded on leads"])
    ax.set_ylabel("per rep per week (units of a typical rep's real output)")
    ax.set_title("Adversarial: the measure is gamed")
    ax.legend(fontsize=8, loc="upper left")
    return ax


__all__ += [
    "plot_goodhart_dashboard",
    "plot_budget_shares",
    "plot_regressional",
    "plot_extremal",
    "plot_causal",
    "plot_adversarial",
]


# == audit ===================================================================


def plot_audit(result, *, fig=None):
    """Four panels for an :class:`~okrlab.audit.AuditResult`.

    Top left: both series over time (each scaled to its own axis). Top right:
    changes of the KPI against changes of the outcome at the best lag, with a
    least-squares line. Bottom left: correlation of changes by lag, with the
    approximate 95 % band ±1.96/√n for no correlation. Bottom right: rolling
    correlation of changes, with the break date (dashed) when significant.

    Returns the matplotlib Figure.
    """
    import numpy as np

    plt = _plt()
    if fig is None:
        fig = plt.figure(figsize=(11, 7), layout="constrained")
    axes = fig.subplots(2, 2)
    s = result.series
    unit = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}[result.freq]
    ax = axes[0, 0]
    ax.plot(s.index, s["kpi"], color="C0", label=result.kpi)
    ax.set_ylabel(result.kpi, color="C0")
    ax2 = ax.twinx()
    ax2.plot(s.index, s["outcome"], color="C1", label=result.outcome)
    ax2.set_ylabel(result.outcome, color="C1")
    ax.set_title(f"Levels (r = {result.levels_r:.2f})")
    ax = axes[0, 1]
    k = result.best_lag
    if k is not None:
        x = s["kpi_change"].to_numpy()[1 : len(s) - k]
        y = s["outcome_change"].to_numpy()[1 + k :]
        ax.scatter(x, y, s=12, alpha=0.6)
        if np.std(x) > 0:
            b, a = np.polyfit(x, y, 1)
            xs = np.linspace(x.min(), x.max(), 2)
            ax.plot(xs, a + b * xs, color="C3")
        ax.set_title(f"Changes at lag {k} (r = {result.changes_r:.2f})")
    ax.set_xlabel(f"change in {result.kpi} per {unit}")
    ax.set_ylabel(f"change in {result.outcome} {k or 0} {unit}(s) later")
    ax = axes[1, 0]
    lags = result.lags
    ax.bar(lags["lag"], lags["r"], color="C0", label="changes")
    ax.plot(lags["lag"], lags["r_prewhitened"], "o", color="C3", label="prewhitened")
    band = 1.96 / np.sqrt(max(result.n - 1, 1))
    ax.axhspan(-band, band, color="0.85", zorder=0, label="±1.96/√n")
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_xlabel(f"lag ({unit}s the KPI leads)")
    ax.set_ylabel("correlation")
    ax.set_title(f"Cross-correlation (p = {result.p:.3f}, lags searched)")
    ax.legend(fontsize=8)
    ax = axes[1, 1]
    if len(result.rolling):
        ax.plot(result.rolling.index, result.rolling.to_numpy(), color="C2")
    ax.axhline(0, color="0.3", lw=0.8)
    if result.break_ is not None and result.break_["significant"]:
        ax.axvline(result.break_["date"], color="C3", ls="--", label="break")
        ax.legend(fontsize=8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("rolling correlation of changes")
    ax.set_title("Stability over time")
    fig.suptitle(f"{result.kpi} → {result.outcome}: {result.verdict}")
    for a in (axes[0, 0], axes[1, 1]):
        a.tick_params(axis="x", labelrotation=30)
    return fig


def plot_goodhart_check(check, *, ax=None):
    """KPI and quality z-scores over time, Goodhart periods shaded.

    Both curves are smoothed values in baseline standard deviations, signed so
    that up is better; the KPI's ``kpi_z`` line, the baseline end and each
    episode's estimated onset (dotted) are marked. Returns the Axes.
    """
    plt = _plt()
    ax = ax if ax is not None else plt.gca()
    f = check.frame
    ax.plot(f.index, f["kpi_z"], color="C0", label=f"{check.kpi} (better ↑)")
    ax.plot(f.index, f["quality_z"], color="C1", label=f"{check.quality} (better ↑)")
    ax.axhline(check.params["kpi_z"], color="0.6", ls=":", lw=1)
    ax.axvline(check.baseline_end, color="0.3", ls="--", lw=1, label="end of baseline")
    for i, row in enumerate(check.episodes.itertuples()):
        ax.axvspan(row.start, row.end, color="C3", alpha=0.15, lw=0)
        ax.axvline(row.onset, color="C3", ls=":", lw=1, label="decline began" if i == 0 else None)
    ax.set_ylabel("smoothed value vs baseline (sd)")
    ax.set_title(f"Goodhart check: {check.kpi} vs {check.quality} (shaded: flagged)")
    ax.legend(fontsize=8)
    return ax


__all__ += ["plot_audit", "plot_goodhart_check"]

# == lint ====================================================================
