"""Figures for OKRs: key-result progress bars and one key result's check-ins.

Plain matplotlib here, on purpose: each bar is coloured by its own grade and
carries pace and forecast markers, and the check-in chart overlays a handful of
annotated lines; seaborn's estimators (which aggregate) would add nothing.
The house style still applies (:func:`~okrlab.plotting._theme.house_style`).
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

__all__ = ["plot_okr_progress", "plot_checkins"]


@themed
def plot_okr_progress(scorecard, *, at=None, ax=None, wrap=48):
    """Horizontal progress bars, one per key result, grouped by objective.

    Bars show the clipped score coloured by grade; a black tick marks the
    expected progress at the scorecard's date (pace) and a hollow circle the
    forecast score at the due date. Key results whose guardrail is unhealthy
    are flagged with a warning sign.

    Parameters
    ----------
    scorecard : Scorecard, OKRSet or Objective
        What to draw; an OKRSet or Objective is scored at ``at`` first.
    at : date, optional
        Scoring date when ``scorecard`` is an OKRSet or Objective.
    ax : matplotlib.axes.Axes, optional
        Draw here (default ``plt.gca()``).
    wrap : int, default 48
        Wrap key-result labels at this many characters.

    Returns
    -------
    matplotlib.axes.Axes
        Bars in ``ax.patches`` (width = score) from the top key result down.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, okrlab
    >>> kr = okrlab.KeyResult("Raise activation from 35% to 50%", metric="activation",
    ...                       baseline=35, target=50, current=44)
    >>> card = okrlab.Objective("Delight new users", key_results=[kr]).scorecard()
    >>> fig, ax = plt.subplots()
    >>> ax = plot_okr_progress(card, ax=ax)
    >>> round(float(ax.patches[0].get_width()), 2)
    0.6
    """
    import textwrap

    import numpy as np

    from .._validate import check_integer
    from ..errors import ParameterTypeError

    wrap = check_integer(wrap, "wrap", low=10, example=48)
    if not hasattr(scorecard, "objectives_frame") and not hasattr(scorecard, "scorecard"):
        raise ParameterTypeError(
            "scorecard must be an okrlab Scorecard, OKRSet or Objective, got "
            f"{type(scorecard).__name__}"
        )
    if not hasattr(scorecard, "to_frame") or not hasattr(scorecard, "objectives_frame"):
        scorecard = scorecard.scorecard(at)
    df = scorecard.to_frame()
    ax = single_ax(ax)
    y = np.arange(len(df))[::-1]
    colours = [STATUS_COLOURS.get(g, PALETTE["grey"]) for g in df["grade"]]
    ax.barh(y, df["score"].fillna(0), color=colours, height=0.6, zorder=2)
    has_pace = df["expected"].notna()
    if has_pace.any():
        ax.scatter(df.loc[has_pace, "expected"], y[has_pace.to_numpy()], marker="|", s=400,
                   color="black", zorder=3, label="expected by now (pace)")  # fmt: skip
    has_fc = df["forecast_score"].notna()
    if has_fc.any():
        ax.scatter(df.loc[has_fc, "forecast_score"], y[has_fc.to_numpy()], marker="o", s=60,
                   facecolors="none", edgecolors="black", zorder=3,
                   label="forecast at due date")  # fmt: skip
    labels = []
    for _, row in df.iterrows():
        text = textwrap.shorten(no_mathtext(row["key_result"]), wrap * 2, placeholder="…")
        label = "\n".join(textwrap.wrap(text, wrap))
        labels.append("⚠ " + label if row["guardrail_status"] == "unhealthy" else label)
    ax.set_yticks(y, labels, fontsize=8)
    ax.grid(axis="y", visible=False)
    for edge in (0.4, 0.7):  # grade band edges: red < 0.4 <= yellow < 0.7 <= green
        ax.axvline(edge, color="#bdbdbd", lw=0.8, ls="--", zorder=1)
    first_rows = df.groupby("objective", sort=False).head(1).index
    for i in first_rows[1:]:
        ax.axhline(y[i] + 0.5, color="#616161", lw=0.8)
    for obj, grp in df.groupby("objective", sort=False):
        ax.text(1.02, y[grp.index].mean(), textwrap.fill(no_mathtext(obj), 28), fontsize=8,
                va="center", ha="left", transform=ax.get_yaxis_transform())  # fmt: skip
    ax.set_xlim(0, 1.04)
    ax.set_xlabel("score (0 = baseline, 1 = target)")
    at_text = scorecard.at.isoformat() if scorecard.at else "latest values"
    ax.set_title(f"Key-result progress at {at_text}")
    if has_pace.any() or has_fc.any():
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)
    return ax


@themed
def plot_checkins(kr, *, ax=None):
    """Check-ins of one key result against its linear path to target.

    Draws the straight line from the baseline at the start to the target at
    the due date (the pace), the check-ins, and the least-squares forecast.

    Parameters
    ----------
    kr : KeyResult
        A key result with ``start``/``due`` dates (a period) and check-ins.
    ax : matplotlib.axes.Axes, optional
        Draw here (default ``plt.gca()``).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the path to target (two points), ``ax.lines[1]``
        the check-ins (dates, values) when there are any.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, okrlab
    >>> kr = okrlab.KeyResult("Cut cost per lead from $100 to $80", metric="cpl", unit="USD",
    ...                       baseline=100, target=80, start="2025-01-01", due="2025-03-31",
    ...                       checkins={"2025-01-20": 97.0, "2025-02-10": 92.0})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_checkins(kr, ax=ax)
    >>> ax.lines[1].get_xydata()[:, 1].tolist(), ax.get_ylabel()
    ([97.0, 92.0], 'cpl (USD)')
    """
    import pandas as pd

    from ..errors import ParameterError, ParameterTypeError
    from ..okr import KeyResult

    if not isinstance(kr, KeyResult):
        raise ParameterTypeError(f"kr must be an okrlab.KeyResult, got {type(kr).__name__}")
    if kr.start is None or kr.due is None:
        raise ParameterError(
            f"key result {kr.description!r} has no start and due date to draw its path; "
            "give it start= and due= (or a period through its objective)"
        )
    ax = single_ax(ax)
    start, due = pd.Timestamp(kr.start), pd.Timestamp(kr.due)
    ax.plot([start, due], [kr.baseline, kr.target], color=PALETTE["grey"], ls="--",
            label="linear path to target")  # fmt: skip
    if kr.checkins is not None and len(kr.checkins):
        ax.plot(kr.checkins.index, kr.checkins.values, marker="o", color=PALETTE["blue"],
                label="check-ins")  # fmt: skip
        try:
            end = kr.forecast()
        except Exception:  # noqa: BLE001 - a forecast is optional decoration
            end = float("nan")
        if end == end:  # not NaN
            last = kr.checkins.index[-1]
            ax.plot([last, due], [kr.checkins.iloc[-1], end], color=PALETTE["blue"], ls=":",
                    label=f"forecast: {end:.3g} at due date")  # fmt: skip
    ax.axhline(kr.target, color=PALETTE["green"], lw=0.8, label="target")
    ax.set_ylabel(axis_label(kr.metric, kr.unit))
    ax.set_title(no_mathtext(kr.description), fontsize=10)
    ax.legend()
    date_axis(ax)
    number_axis(ax)
    return ax
