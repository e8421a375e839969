"""Figure for a KPI: its values over time against the healthy band.

Plain matplotlib: the shaded band, watch zone and per-point status colours are
direct artists; seaborn's ``scatterplot`` with ``hue`` would need a palette
mapping for the same result and no estimator is involved.
"""

from __future__ import annotations

from ._theme import (
    PALETTE,
    STATUS_COLOURS,
    axis_label,
    date_axis,
    no_mathtext,
    number_axis,
    single_ax,
    themed,
)

__all__ = ["plot_kpi_health"]


@themed
def plot_kpi_health(values, kpi, *, ax=None):
    """A KPI over time against its healthy band, each point coloured by status.

    Parameters
    ----------
    values : pandas.Series
        The KPI's values indexed by date (or period).
    kpi : KPI
        Its definition; the healthy band is shaded green, the watch zone amber.
    ax : matplotlib.axes.Axes, optional
        Draw here (default ``plt.gca()``).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` holds the values; ``ax.collections[0]`` the status-coloured points.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, pandas as pd, okrlab
    >>> kpi = okrlab.KPI("cpl", direction="lower", unit="USD", healthy_max=120)
    >>> s = pd.Series([100.0, 130.0], index=pd.to_datetime(["2025-01-06", "2025-01-13"]))
    >>> fig, ax = plt.subplots()
    >>> ax = plot_kpi_health(s, kpi, ax=ax)
    >>> ax.lines[0].get_xydata()[:, 1].tolist(), ax.get_ylabel()
    ([100.0, 130.0], 'cpl (USD)')
    """
    import numpy as np

    ax = single_ax(ax)
    x, y = values.index, values.to_numpy(dtype=float)
    finite = y[np.isfinite(y)]
    spread = np.ptp(finite) if finite.size else 0.0
    pad = 0.15 * (spread if spread > 0 else max(1.0, abs(finite).max() if finite.size else 1.0))
    edges = [b for b in kpi.band if b is not None]
    lo_plot = min([*finite, *edges]) - pad
    hi_plot = max([*finite, *edges]) + pad
    lo = kpi.healthy_min if kpi.healthy_min is not None else lo_plot
    hi = kpi.healthy_max if kpi.healthy_max is not None else hi_plot
    ax.axhspan(lo, hi, color="#c8e6c9", alpha=0.6, lw=0, label="healthy band")
    m = kpi.warning_margin
    if m:
        if kpi.healthy_min is not None:
            ax.axhspan(lo - m, lo, color="#ffe082", alpha=0.6, lw=0, label="watch zone")
        if kpi.healthy_max is not None:
            label = None if kpi.healthy_min is not None else "watch zone"
            ax.axhspan(hi, hi + m, color="#ffe082", alpha=0.6, lw=0, label=label)
    ax.plot(x, y, color="#616161", lw=1, zorder=2)
    status = kpi.statuses(list(y))
    ax.scatter(x, y, c=[STATUS_COLOURS.get(s, PALETTE["grey"]) for s in status], zorder=3, s=28)
    ax.set_ylim(lo_plot, hi_plot)
    if hasattr(values.index, "to_pydatetime"):
        date_axis(ax)
    number_axis(ax)
    better = "higher is better" if kpi.direction == "higher" else "lower is better"
    ax.set_ylabel(axis_label(kpi.name, kpi.unit))
    ax.set_title(no_mathtext(f"{kpi.description or kpi.name}: {better}"), fontsize=10)
    ax.legend(loc="best")
    return ax
