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
    that up is better; the baseline end is marked. Returns the Axes.
    """
    plt = _plt()
    ax = ax if ax is not None else plt.gca()
    f = check.frame
    ax.plot(f.index, f["kpi_z"], color="C0", label=f"{check.kpi} (better ↑)")
    ax.plot(f.index, f["quality_z"], color="C1", label=f"{check.quality} (better ↑)")
    for z in (check.params["kpi_z"], -check.params["quality_z"]):
        ax.axhline(z, color="0.6", ls=":", lw=1)
    ax.axvline(check.baseline_end, color="0.3", ls="--", lw=1, label="end of baseline")
    for row in check.episodes.itertuples():
        ax.axvspan(row.start, row.end, color="C3", alpha=0.15, lw=0)
    ax.set_ylabel("smoothed value vs baseline (sd)")
    ax.set_title(f"Goodhart check: {check.kpi} vs {check.quality} (shaded: flagged)")
    ax.legend(fontsize=8)
    return ax


__all__ += ["plot_audit", "plot_goodhart_check"]

# == lint ====================================================================
