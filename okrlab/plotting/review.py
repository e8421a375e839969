"""Pictures for the quarter review: the reliability diagram and score zones.

Plain matplotlib: both are a handful of points, bars and a diagonal whose
exact positions carry the meaning, which seaborn would not draw more clearly.
"""

from __future__ import annotations

import numpy as np

from ._theme import single_ax, themed


@themed
def plot_reliability(result, *, ax=None):
    """Reliability diagram of a :class:`~okrlab.review.CalibrationResult`.

    Hit rate per confidence bin (with its Wilson interval) against the mean
    confidence of the bin; points on the diagonal are well calibrated, points
    below it over-confident. Marker area grows with the number of check-ins.

    Parameters
    ----------
    result : okrlab.review.CalibrationResult
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import okrlab
    >>> cal = okrlab.calibration(okrlab.load_dataset("okr_checkins"))
    >>> ax = plot_reliability(cal, ax=plt.figure().gca())
    >>> len(ax.collections[-1].get_offsets()) == len(cal.reliability)
    True
    """
    ax = single_ax(ax)
    t = result.reliability
    ax.plot([0, 1], [0, 1], color="0.6", lw=1, ls="--", label="perfectly calibrated")
    yerr = np.vstack([t["hit_rate"] - t["ci_low"], t["ci_high"] - t["hit_rate"]])
    ax.errorbar(t["confidence"], t["hit_rate"], yerr=yerr, fmt="none", ecolor="0.55", lw=1)
    size = 20 + 180 * t["n"] / max(int(t["n"].max()), 1)
    ax.scatter(t["confidence"], t["hit_rate"], s=size, color="#1f5fa8", zorder=3,
               label="hit rate per confidence bin")  # fmt: skip
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("confidence at check-in (forecast that the KR is met)")
    ax.set_ylabel("share of those key results met")
    ax.set_title("Reliability diagram")
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    return ax


@themed
def plot_score_zones(result, *, ax=None):
    """Stacked bars: the share of each team's key results in each score zone.

    Parameters
    ----------
    result : okrlab.review.ReviewResult
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import okrlab
    >>> rev = okrlab.review(okrlab.load_dataset("okr_checkins"))
    >>> ax = plot_score_zones(rev, ax=plt.figure().gca())
    >>> len(ax.patches) == 4 * len(rev.zones)
    True
    """
    from ..review.ambition import ZONES

    ax = single_ax(ax)
    z = result.zones
    labels = [f"{t} ({k[:4]}.)" for t, k in zip(z["team"], z["kind"], strict=True)]
    colours = ("#c0392b", "#e0a800", "#2e8b57", "#1f5fa8")
    left = np.zeros(len(z))
    y = np.arange(len(z))
    for (name, _, _), colour in zip(ZONES, colours, strict=True):
        ax.barh(y, z[name], left=left, color=colour, label=f"score {name}", height=0.7)
        left += z[name].to_numpy()
    ax.set_yticks(y, labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of key results")
    ax.set_title("Final scores by team and kind")
    ax.legend(ncol=4, fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.06), frameon=False)
    return ax
