"""Figures for the KPI audit: one audit (four panels) and an audit of many KPIs.

Seaborn's ``regplot`` draws the change scatter with its least-squares line;
the levels (two series on twin axes), the cross-correlation bars with the
interval at the chosen lag, the rolling correlation and the per-KPI interval
chart are plain matplotlib: they draw precomputed numbers (no estimator).
"""

from __future__ import annotations

from ._theme import (
    PALETTE,
    SERIES_COLOURS,
    date_axis,
    house_style,
    no_mathtext,
    number_axis,
    panels,
    single_ax,
    themed,
)

__all__ = ["plot_audit", "plot_audit_set"]

_UNIT_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}

#: Verdict -> colour (the audit's verdict words on the one okrlab palette).
VERDICT_COLOURS = {
    "predictive": PALETTE["green"],
    "coincident": PALETTE["blue"],
    "follows": PALETTE["grey"],
    "weak": PALETTE["yellow"],
    "decoupled": PALETTE["red"],
    "misaligned": PALETTE["red"],
    "spurious_trend": PALETTE["red"],
}


def _names(result):
    """KPI and outcome names safe to draw: a '$' in a column name stays a '$'."""
    return no_mathtext(result.kpi), no_mathtext(result.outcome)


def _p_text(p) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _levels(ax, result):
    s = result.series
    kpi, outcome = _names(result)
    c0, c1 = SERIES_COLOURS[0], SERIES_COLOURS[1]
    ax.plot(s.index, s["kpi"], color=c0, label=kpi)
    ax.set_ylabel(kpi, color=c0)
    twin = ax.twinx()
    twin.plot(s.index, s["outcome"], color=c1, label=outcome)
    twin.set_ylabel(outcome, color=c1)
    twin.grid(False)
    number_axis(ax)
    number_axis(twin)
    date_axis(ax)
    ax.set_title(f"Levels (r = {result.levels_r:.2f})")


def _lagged_changes(result):
    """KPI changes and outcome changes ``best_lag`` periods later (negative: earlier)."""
    import numpy as np

    s, k = result.series, result.best_lag
    x = s["kpi_change"].to_numpy()[1:]
    y = s["outcome_change"].to_numpy()[1:]
    x, y = (x[: len(x) - k], y[k:]) if k >= 0 else (x[-k:], y[: len(y) + k])
    ok = np.isfinite(x) & np.isfinite(y)
    return x[ok], y[ok]


def _changes(ax, result, unit):
    import numpy as np
    import seaborn as sns

    k = result.best_lag
    if k is not None:
        x, y = _lagged_changes(result)
        sns.regplot(x=x, y=y, ax=ax, ci=None, fit_reg=bool(np.std(x) > 0),
                    color=SERIES_COLOURS[0], scatter_kws={"s": 12, "alpha": 0.6},
                    line_kws={"color": PALETTE["red"]})  # fmt: skip
        ax.set_title(f"Changes at lag {k:+d} (r = {result.changes_r:.2f})")
    number_axis(ax, "x")
    number_axis(ax, "y")
    kpi, outcome = _names(result)
    ax.set_xlabel(f"change in {kpi} per {unit}")
    ax.set_ylabel(f"change in {outcome}, lag {k or 0:+d} {unit}s")


def _cross_correlation(ax, result, unit):
    import numpy as np

    lags = result.lags
    colours = [PALETTE["red"] if k == result.best_lag else SERIES_COLOURS[0] for k in lags["lag"]]
    ax.bar(lags["lag"], lags["r"], color=colours)
    ax.axhline(0, color="0.3", lw=0.8)
    ax.axvline(0, color="0.6", lw=0.8, ls=":")
    ci_low, ci_high = getattr(result, "ci_low", np.nan), getattr(result, "ci_high", np.nan)
    if result.best_lag is not None and np.isfinite(ci_low) and np.isfinite(ci_high):
        level = (getattr(result, "changes", None) or {}).get("level")
        label = f"{100 * level:.4g}% interval" if level else "interval"
        r = result.changes_r
        ax.errorbar([result.best_lag], [r], yerr=[[r - ci_low], [ci_high - r]], color="k",
                    capsize=4, label=label)  # fmt: skip
        ax.legend()
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # lags are whole periods
    kpi, outcome = _names(result)
    ax.set_xlabel(f"lag in {unit}s (+: {kpi} leads, -: {outcome} leads)")
    ax.set_ylabel("correlation of changes")
    lead = getattr(result, "lead", None)
    ax.set_title(f"Cross-correlation ({_p_text(result.p)}, lead: {lead or 'none'})")


def _stability(ax, result):
    if len(result.rolling):
        ax.plot(result.rolling.index, result.rolling.to_numpy(), color=SERIES_COLOURS[2])
        date_axis(ax)
    ax.axhline(0, color="0.3", lw=0.8)
    if result.break_ is not None and result.break_["significant"]:
        ax.axvline(result.break_["date"], color=PALETTE["red"], ls="--", label="break")
        ax.legend()
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("rolling correlation of changes")
    ax.set_title("Stability over time")


def plot_audit(result, *, ax=None, fig=None):
    """Four panels for an :class:`~okrlab.audit.AuditResult`.

    Top left: both series over time (each on its own axis, ticks like
    ``800k``). Top right: changes of the KPI against changes of the outcome
    at the chosen lag, with a least-squares line (``seaborn.regplot``).
    Bottom left: correlation of changes by lag (the chosen lag in red, with
    its interval). Bottom right: rolling correlation of changes, with the
    break date (dashed) when significant.

    Parameters
    ----------
    result : AuditResult
        What :func:`okrlab.audit` returned.
    ax : sequence of 4 matplotlib Axes, optional
        Draw into these (the plot rule); default a new 2 x 2 figure. A
        single Axes raises :class:`~okrlab.errors.ParameterError`.
    fig : matplotlib Figure, optional
        Deprecated (use ``ax``): draw into this figure.

    Returns
    -------
    matplotlib.figure.Figure
        Panels in order are ``fig.axes[:4]`` (the levels' twin axis comes after).

    Examples
    --------
    >>> import okrlab
    >>> df = okrlab.load_dataset("marketing_weekly")
    >>> res = okrlab.audit(df, kpi="email_open_rate", outcome="revenue", date="week", seed=0)
    >>> fig = plot_audit(res)
    >>> len(fig.axes)
    5
    """
    unit = _UNIT_NAMES.get(result.freq, "period")
    with house_style():
        if fig is not None:  # deprecated path
            ax = list(fig.subplots(2, 2).ravel())
        fig, axes = panels(ax, 4, nrows=2, ncols=2, figsize=(11, 7))
        _levels(axes[0], result)
        _changes(axes[1], result, unit)
        _cross_correlation(axes[2], result, unit)
        _stability(axes[3], result)
        kpi, outcome = _names(result)
        fig.suptitle(f"{kpi} → {outcome}: {result.verdict}")
    return fig


@themed
def plot_audit_set(audit_set, *, ax=None):
    """Each KPI's correlation of changes with its interval, coloured by verdict.

    Parameters
    ----------
    audit_set : AuditSet
        What :func:`okrlab.audit_many` returned (its ``table`` has ``kpi``,
        ``r_changes``, ``ci_low``, ``ci_high``, ``verdict``).
    ax : matplotlib.axes.Axes, optional
        Draw here (default ``plt.gca()``).

    Returns
    -------
    matplotlib.axes.Axes
        Per KPI (bottom to top = last to first row): an interval line then a
        point at ``r_changes``, in ``ax.lines``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, okrlab
    >>> df = okrlab.load_dataset("marketing_weekly")
    >>> many = okrlab.audit_many(df, outcome="revenue", kpis=["cpl", "email_open_rate"],
    ...                          date="week", seed=0)
    >>> ax = plot_audit_set(many, ax=plt.figure().subplots())
    >>> sorted(t.get_text() for t in ax.get_yticklabels())
    ['cpl', 'email_open_rate']
    """
    import numpy as np

    ax = single_ax(ax)
    t = audit_set.table.iloc[::-1]
    ypos = np.arange(len(t))
    for yv, row in zip(ypos, t.itertuples(), strict=True):
        colour = VERDICT_COLOURS.get(row.verdict, PALETTE["grey"])
        ax.plot([row.ci_low, row.ci_high], [yv, yv], color=colour, lw=2)
        ax.plot([row.r_changes], [yv], "o", color=colour)
        ax.annotate(row.verdict, (1.02, yv), xycoords=("axes fraction", "data"), fontsize=8,
                    va="center", color=colour)  # fmt: skip
    ax.set_yticks(ypos, [no_mathtext(k) for k in t["kpi"]])
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel("correlation of changes at the reported lag (interval adjusted across KPIs)")
    ax.set_title(f"KPIs against {no_mathtext(audit_set.outcome)}")
    return ax
