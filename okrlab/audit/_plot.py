"""Audit figures (matplotlib imported only when a plot is drawn)."""

from __future__ import annotations

import numpy as np

from ._prepare import _UNIT1


def _xcorr_panel(result, ax):
    lags = result.lags
    unit = _UNIT1[result.freq]
    colours = ["C3" if k == result.best_lag else "C0" for k in lags["lag"]]
    ax.bar(lags["lag"], lags["r"], color=colours)
    ax.axhline(0, color="0.3", lw=0.8)
    ax.axvline(0, color="0.6", lw=0.8, ls=":")
    if result.best_lag is not None and np.isfinite(result.ci_low):
        ax.errorbar(
            [result.best_lag],
            [result.changes_r],
            yerr=[[result.changes_r - result.ci_low], [result.ci_high - result.changes_r]],
            color="k",
            capsize=4,
            label=f"{100 * result.changes['level']:.4g}% interval",
        )
        ax.legend(fontsize=8)
    ax.set_xlabel(f"lag in {unit}s (+: {result.kpi} leads, -: {result.outcome} leads)")
    ax.set_ylabel("correlation of changes")
    ax.set_title(f"Cross-correlation (p = {result.p:.3f}, lead: {result.lead or 'none'})")


def plot_audit(result, *, ax=None):
    """Four panels for an AuditResult; with ``ax``, only the cross-correlation panel.

    Returns the matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    if ax is not None:
        _xcorr_panel(result, ax)
        return ax.figure
    fig = plt.figure(figsize=(11, 7), layout="constrained")
    axes = fig.subplots(2, 2)
    s = result.series
    unit = _UNIT1[result.freq]
    a = axes[0, 0]
    a.plot(s.index, s["kpi"], color="C0")
    a.set_ylabel(result.kpi, color="C0")
    a2 = a.twinx()
    a2.plot(s.index, s["outcome"], color="C1")
    a2.set_ylabel(result.outcome, color="C1")
    a.set_title(f"Levels (r = {result.levels_r:.2f})")
    a = axes[0, 1]
    k = result.best_lag
    if k is not None:
        x = s["kpi_change"].to_numpy()[1:]
        y = s["outcome_change"].to_numpy()[1:]
        x, y = (x[: len(x) - k], y[k:]) if k >= 0 else (x[-k:], y[: len(y) + k])
        a.scatter(x, y, s=12, alpha=0.6)
        if np.std(x) > 0:
            b, c = np.polyfit(x, y, 1)
            xs = np.linspace(x.min(), x.max(), 2)
            a.plot(xs, c + b * xs, color="C3")
        a.set_title(f"Changes at lag {k:+d} (r = {result.changes_r:.2f})")
    a.set_xlabel(f"change in {result.kpi} per {unit}")
    a.set_ylabel(f"change in {result.outcome}, lag {k or 0:+d} {unit}s")
    _xcorr_panel(result, axes[1, 0])
    a = axes[1, 1]
    if len(result.rolling):
        a.plot(result.rolling.index, result.rolling.to_numpy(), color="C2")
    a.axhline(0, color="0.3", lw=0.8)
    if result.break_ is not None and result.break_["significant"]:
        a.axvline(result.break_["date"], color="C3", ls="--", label="break")
        a.legend(fontsize=8)
    a.set_ylim(-1.05, 1.05)
    a.set_ylabel("rolling correlation of changes")
    a.set_title("Stability over time")
    fig.suptitle(f"{result.kpi} → {result.outcome}: {result.verdict}")
    for a in (axes[0, 0], axes[1, 1]):
        a.tick_params(axis="x", labelrotation=30)
    return fig


def plot_audit_set(audit_set, *, ax=None):
    """Each KPI's correlation of changes with its interval, coloured by verdict. Returns Axes."""
    import matplotlib.pyplot as plt

    from .result import _COLOUR

    ax = ax if ax is not None else plt.figure(figsize=(8, 0.5 + 0.4 * len(audit_set))).gca()
    t = audit_set.table.iloc[::-1]
    ypos = np.arange(len(t))
    for yv, row in zip(ypos, t.itertuples(), strict=True):
        colour = _COLOUR.get(row.verdict, "#57606a")
        ax.plot([row.ci_low, row.ci_high], [yv, yv], color=colour, lw=2)
        ax.plot([row.r_changes], [yv], "o", color=colour)
        ax.annotate(
            row.verdict,
            (1.02, yv),
            xycoords=("axes fraction", "data"),
            fontsize=8,
            va="center",
            color=colour,
        )
    ax.set_yticks(ypos, t["kpi"])
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel("correlation of changes at the reported lag (interval adjusted across KPIs)")
    ax.set_title(f"KPIs against {audit_set.outcome}")
    return ax
