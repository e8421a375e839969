"""Figure for a Goodhart check (:class:`okrlab.goodhart_check.GoodhartCheck`).

Plain matplotlib: two precomputed z-score curves with shaded flagged spans and
threshold lines; no estimator, so seaborn's functions would add nothing.
"""

from __future__ import annotations

from ._theme import PALETTE, SERIES_COLOURS, date_axis, no_mathtext, single_ax, themed

__all__ = ["plot_goodhart_check"]


def _signed_label(name, direction):
    """Legend label of a z-score curve drawn so that up is better ('$' kept literal)."""
    name = no_mathtext(name)
    if direction == "lower":
        return f"{name} (lower is better; drawn flipped, up = better)"
    if direction == "higher":
        return f"{name} (higher is better)"
    return f"{name} (signed: up = better)"


@themed
def plot_goodhart_check(check, *, ax=None):
    """KPI and quality z-scores over time, Goodhart periods shaded.

    Both curves are smoothed values in baseline standard deviations, signed so
    that up is better (a lower-is-better metric is drawn flipped, and its
    legend says so); the KPI's ``kpi_z`` line, the end of the baseline and
    each episode's estimated onset (dotted) are marked.

    Parameters
    ----------
    check : GoodhartCheck
        What :func:`okrlab.goodhart_check` returned.
    ax : matplotlib.axes.Axes, optional
        Draw here (default ``plt.gca()``).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the KPI's z-score and ``ax.lines[1]`` the quality's.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, okrlab
    >>> df = okrlab.load_dataset("marketing_weekly")
    >>> chk = okrlab.goodhart_check(df, kpi="cpl", quality="lead_quality", date="week",
    ...                             direction="lower")
    >>> ax = plot_goodhart_check(chk, ax=plt.figure().subplots())
    >>> ax.lines[0].get_label()
    'cpl (lower is better; drawn flipped, up = better)'
    """
    ax = single_ax(ax)
    f = check.frame
    params = getattr(check, "params", {}) or {}
    ax.plot(f.index, f["kpi_z"], color=SERIES_COLOURS[0],
            label=_signed_label(check.kpi, params.get("direction")))  # fmt: skip
    ax.plot(f.index, f["quality_z"], color=SERIES_COLOURS[1],
            label=_signed_label(check.quality, params.get("quality_direction")))  # fmt: skip
    if "kpi_z" in params:  # the KPI must be at least this much better for a flag
        ax.axhline(params["kpi_z"], color="0.6", ls=":", lw=1)
    ax.axvline(check.baseline_end, color="0.3", ls="--", lw=1, label="end of baseline")
    for i, row in enumerate(check.episodes.itertuples()):
        ax.axvspan(row.start, row.end, color=PALETTE["red"], alpha=0.15, lw=0)
        onset = getattr(row, "onset", None)
        if onset is not None:
            ax.axvline(onset, color=PALETTE["red"], ls=":", lw=1,
                       label="decline began" if i == 0 else None)  # fmt: skip
    ax.set_ylabel("smoothed value vs baseline (sd)")
    kpi, quality = no_mathtext(check.kpi), no_mathtext(check.quality)
    ax.set_title(f"Goodhart check: {kpi} vs {quality} (shaded: flagged)")
    ax.legend()
    date_axis(ax)
    return ax
