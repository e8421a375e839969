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

__all__ = ["plot_kpi_health", "plot_kpi_catalog"]


def _check_health_args(values, kpi):
    import pandas as pd

    from ..errors import DataError, ParameterTypeError
    from ..kpi import KPI

    if not isinstance(values, pd.Series):
        raise ParameterTypeError(
            f"values must be a pandas Series of the KPI indexed by date, got "
            f"{type(values).__name__}; e.g. plot_kpi_health(df.set_index('week')['cpl'], kpi)"
        )
    if not isinstance(kpi, KPI):
        raise ParameterTypeError(f"kpi must be an okrlab.KPI, got {type(kpi).__name__}")
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise DataError(
            f"values of {kpi.name!r} must be numeric, found dtype {values.dtype}; "
            "convert them with pandas.to_numeric first"
        )


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

    Raises
    ------
    ParameterTypeError
        ``values`` is not a Series or ``kpi`` not a :class:`~okrlab.KPI`.
    DataError
        ``values`` is not numeric.

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

    _check_health_args(values, kpi)
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


def plot_kpi_catalog(data, *, catalog, date=None, ax=None, ncols=2):
    """Small multiples: every catalog KPI found in ``data``, each against its band.

    One :func:`plot_kpi_health` panel per KPI. Built with :func:`panels`
    rather than a seaborn ``FacetGrid`` because each panel has its own unit,
    y scale and shaded band (a FacetGrid's shared mapping would fight that).

    Parameters
    ----------
    data : pandas.DataFrame
        One column per KPI, named like the KPI (others are ignored; not modified).
    catalog : KPICatalog
        The KPI definitions.
    date : str, optional
        Column holding the dates; default the index.
    ax : sequence of matplotlib Axes, optional
        One per KPI drawn (the multi-panel plot rule); default a new figure.
    ncols : int, default 2
        Columns of a new figure's grid.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.axes[i]`` is the i-th catalog KPI present in ``data``.

    Raises
    ------
    DataError
        No catalog KPI is a column of ``data``, or ``date`` is not a column.

    Examples
    --------
    >>> import pandas as pd, okrlab
    >>> cat = okrlab.KPICatalog([okrlab.KPI("cpl", direction="lower", healthy_max=120),
    ...                          okrlab.KPI("ctr", healthy_min=0.02)])
    >>> df = pd.DataFrame({"week": pd.date_range("2025-01-06", periods=3, freq="W-MON"),
    ...                    "cpl": [100.0, 125.0, 90.0], "ctr": [0.03, 0.01, 0.02]})
    >>> fig = plot_kpi_catalog(df, catalog=cat, date="week")
    >>> [a.get_ylabel() for a in fig.axes if a.get_visible()]
    ['cpl', 'ctr']
    """
    from .._validate import check_column, check_integer
    from ..errors import DataError
    from ._theme import house_style, panels

    ncols = check_integer(ncols, "ncols", low=1, example=2)
    if date is not None:
        check_column(data, date, "date")
        data = data.set_index(date)
    names = [k.name for k in catalog if k.name in data.columns]
    if not names:
        raise DataError(
            f"none of the catalog's KPIs ({', '.join(catalog.names)}) is a column of data; "
            "name the columns like the KPIs"
        )
    nrows = -(-len(names) // ncols)
    with house_style():
        fig, axes = panels(ax, len(names), nrows=nrows, ncols=min(ncols, len(names)),
                           figsize=(5.5 * min(ncols, len(names)), 3.4 * nrows))  # fmt: skip
        for a, name in zip(axes, names, strict=True):
            plot_kpi_health(data[name], catalog[name], ax=a)
    return fig
