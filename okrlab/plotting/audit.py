"""Figure for a KPI audit (:class:`okrlab.audit.AuditResult`): four panels.

Seaborn's ``regplot`` draws the change scatter with its least-squares line;
the levels (two series on twin axes), the cross-correlation bars with the
no-correlation band and the rolling correlation are plain matplotlib because
they are direct drawings of precomputed numbers (no estimator involved).
"""

from __future__ import annotations

from ._theme import PALETTE, SERIES_COLOURS, date_axis, house_style, number_axis, panels

__all__ = ["plot_audit"]

_UNIT_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def _levels(ax, result, s):
    c0, c1 = SERIES_COLOURS[0], SERIES_COLOURS[1]
    ax.plot(s.index, s["kpi"], color=c0, label=result.kpi)
    ax.set_ylabel(result.kpi, color=c0)
    twin = ax.twinx()
    twin.plot(s.index, s["outcome"], color=c1, label=result.outcome)
    twin.set_ylabel(result.outcome, color=c1)
    twin.grid(False)
    number_axis(ax)
    number_axis(twin)
    date_axis(ax)
    ax.set_title(f"Levels (r = {result.levels_r:.2f})")


def _changes(ax, result, s, unit):
    import numpy as np
    import seaborn as sns

    k = result.best_lag
    if k is not None:
        x = s["kpi_change"].to_numpy()[1 : len(s) - k]
        y = s["outcome_change"].to_numpy()[1 + k :]
        ok = np.isfinite(x) & np.isfinite(y)
        fit = bool(np.std(x[ok]) > 0)
        sns.regplot(x=x[ok], y=y[ok], ax=ax, ci=None, fit_reg=fit, color=SERIES_COLOURS[0],
                    scatter_kws={"s": 12, "alpha": 0.6}, line_kws={"color": PALETTE["red"]})  # fmt: skip
        ax.set_title(f"Changes at lag {k} (r = {result.changes_r:.2f})")
    number_axis(ax, "x")
    number_axis(ax, "y")
    ax.set_xlabel(f"change in {result.kpi} per {unit}")
    later = f"{k} {unit}{'s' if k != 1 else ''} later" if k else "same " + unit
    ax.set_ylabel(f"change in {result.outcome}, {later}")


def _cross_correlation(ax, result, unit):
    import numpy as np

    lags = result.lags
    ax.bar(lags["lag"], lags["r"], color=SERIES_COLOURS[0], label="changes")
    ax.plot(lags["lag"], lags["r_prewhitened"], "o", color=PALETTE["red"], label="prewhitened")
    band = 1.96 / np.sqrt(max(result.n - 1, 1))
    ax.axhspan(-band, band, color="0.85", zorder=0, label="±1.96/√n")
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_xlabel(f"lag ({unit}s the KPI leads)")
    ax.set_ylabel("correlation")
    ax.set_title(f"Cross-correlation (p = {result.p:.3f}, lags searched)")
    ax.legend()


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

    Top left: both series over time (each on its own axis). Top right:
    changes of the KPI against changes of the outcome at the best lag, with a
    least-squares line (``seaborn.regplot``). Bottom left: correlation of
    changes by lag, with the approximate 95 % band ±1.96/√n for no
    correlation. Bottom right: rolling correlation of changes, with the break
    date (dashed) when significant.

    Parameters
    ----------
    result : AuditResult
        What :func:`okrlab.audit` returned.
    ax : sequence of 4 matplotlib Axes, optional
        Draw into these (the plot rule); default a new 2 x 2 figure.
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
    >>> res = okrlab.audit(df, kpi="email_open_rate", outcome="revenue", date="week",
    ...                    n_boot=99, seed=0)
    >>> fig = plot_audit(res)
    >>> len(fig.axes)
    5
    """
    s = result.series
    unit = _UNIT_NAMES.get(result.freq, "period")
    with house_style():
        if fig is not None:  # deprecated path
            ax = list(fig.subplots(2, 2).ravel())
        fig, axes = panels(ax, 4, nrows=2, ncols=2, figsize=(11, 7))
        _levels(axes[0], result, s)
        _changes(axes[1], result, s, unit)
        _cross_correlation(axes[2], result, unit)
        _stability(axes[3], result)
        fig.suptitle(f"{result.kpi} → {result.outcome}: {result.verdict}")
    return fig
