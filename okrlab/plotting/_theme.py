"""The house look of okrlab figures and the helpers every plot module shares.

The theme is seaborn's ``whitegrid`` style with okrlab's palette
(:data:`okrlab._render.PALETTE`, the same colours the HTML tables use). It is
applied *inside* each plotting function with :func:`house_style` (a
``seaborn.axes_style`` plus ``matplotlib.rc_context`` block), so calling an
okrlab plot never changes the user's global matplotlib or seaborn settings.

Also here: the plot rule's :func:`panels` helper (multi-panel figures take
``ax=None`` or a sequence of Axes and return the Figure), readable date axes,
tick formatters with units (``800k``, ``1.2M`` instead of ``800000`` or a
``1e6`` offset) and axis labels that never double their parentheses.
"""

from __future__ import annotations

import contextlib
import functools
import re

from .._render import PALETTE, STATUS_COLOURS

__all__ = [
    "house_style",
    "themed",
    "panels",
    "single_ax",
    "axis_label",
    "date_axis",
    "number_axis",
    "no_mathtext",
    "PALETTE",
    "STATUS_COLOURS",
    "SERIES_COLOURS",
]

#: Colour cycle for series, in order (blue, orange, green, purple, red, grey).
SERIES_COLOURS = (
    PALETTE["blue"],
    PALETTE["orange"],
    PALETTE["green"],
    PALETTE["purple"],
    PALETTE["red"],
    PALETTE["grey"],
)

_RC = {
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 8,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "axes.formatter.useoffset": False,  # no "1e6" offset text above an axis
    "axes.formatter.limits": (-5, 7),
}


def _plt():
    import matplotlib.pyplot as plt

    return plt


@contextlib.contextmanager
def house_style():
    """Apply okrlab's figure style for the duration of a ``with`` block.

    Yields
    ------
    None

    Examples
    --------
    >>> import matplotlib as mpl
    >>> before = mpl.rcParams["axes.facecolor"], mpl.rcParams["axes.grid"]
    >>> with house_style():
    ...     inside = mpl.rcParams["axes.grid"]
    >>> inside, (mpl.rcParams["axes.facecolor"], mpl.rcParams["axes.grid"]) == before
    (True, True)
    """
    import matplotlib as mpl
    import seaborn as sns
    from cycler import cycler

    rc = {**_RC, "axes.prop_cycle": cycler(color=list(SERIES_COLOURS))}
    with sns.axes_style("whitegrid"), mpl.rc_context(rc):
        yield


def themed(func):
    """Decorator: run a plotting function inside :func:`house_style`."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with house_style():
            return func(*args, **kwargs)

    return wrapper


def single_ax(ax):
    """The Axes to draw on: ``ax`` itself, or ``plt.gca()`` (seaborn's rule).

    Raises :class:`~okrlab.errors.ParameterTypeError` when ``ax`` is not an Axes
    (for example the array returned by ``plt.subplots(2)``).
    """
    from matplotlib.axes import Axes

    from ..errors import ParameterTypeError

    if ax is None:
        return _plt().gca()
    if not isinstance(ax, Axes):
        raise ParameterTypeError(
            f"ax must be one matplotlib Axes or None, got {type(ax).__name__}; "
            "e.g. fig, ax = plt.subplots(); ...(ax=ax)"
        )
    return ax


def panels(ax, n: int, *, nrows: int, ncols: int, figsize, sharex=False):
    """Axes for a multi-panel plot, following the okrlab plot rule.

    Parameters
    ----------
    ax : None or sequence of matplotlib Axes
        ``None`` makes a new figure with an ``nrows`` x ``ncols`` grid;
        otherwise exactly ``n`` Axes (any shape, flattened in order) drawn into.
    n : int
        Number of panels the plot draws.
    nrows, ncols : int
        Grid of a new figure.
    figsize : (float, float)
        Size of a new figure in inches.
    sharex : bool, default False
        Share the x axis in a new figure.

    Returns
    -------
    figure : matplotlib.figure.Figure
        The figure the panels live in (what the plot returns).
    axes : list of matplotlib.axes.Axes
        ``n`` Axes (a new figure's extra cells are hidden).

    Raises
    ------
    ParameterError
        ``ax`` is a single Axes or holds the wrong number of Axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = panels(None, 3, nrows=2, ncols=2, figsize=(6, 4))
    >>> len(axes), len(fig.axes), sum(a.get_visible() for a in fig.axes)
    (3, 4, 3)
    >>> plt.close(fig)
    """
    import numpy as np
    from matplotlib.axes import Axes

    from ..errors import ParameterError

    if ax is None:
        fig, grid = _plt().subplots(
            nrows, ncols, figsize=figsize, layout="constrained", sharex=sharex, squeeze=False
        )
        flat = list(grid.ravel())
        for extra in flat[n:]:
            extra.set_visible(False)
        return fig, flat[:n]
    hint = f"e.g. fig, axes = plt.subplots({nrows}, {ncols}); result.plot(ax=axes)"
    if isinstance(ax, Axes):
        raise ParameterError(f"this plot has {n} panels: pass ax=None or {n} Axes, {hint}")
    flat = list(np.asarray(ax, dtype=object).ravel())
    if len(flat) != n or not all(isinstance(a, Axes) for a in flat):
        raise ParameterError(f"ax must hold exactly {n} matplotlib Axes, got {len(flat)}; {hint}")
    return flat[0].figure, flat


def no_mathtext(text) -> str:
    """Escape ``$`` so "from $100 to $80" is not typeset as maths by matplotlib.

    Examples
    --------
    >>> no_mathtext("from $100 to $80")
    'from \\\\$100 to \\\\$80'
    """
    return str(text).replace("$", r"\$")


def axis_label(name, unit=None) -> str:
    """``"name (unit)"`` without doubled parentheses.

    A unit already in parentheses is not wrapped again, and a name that
    already ends in a parenthesis gets the unit after a comma.

    Parameters
    ----------
    name : str
        What the axis shows.
    unit : str, optional
        Its unit.

    Returns
    -------
    str

    Examples
    --------
    >>> axis_label("cpl", "(USD)"), axis_label("lead quality (SQL share)", "%")
    ('cpl (USD)', 'lead quality (SQL share, %)')
    >>> axis_label("revenue")
    'revenue'
    """
    name = no_mathtext(name).strip()
    if not unit:
        return name
    unit = re.sub(r"^\((.*)\)$", r"\1", no_mathtext(unit).strip())
    if name.endswith(")"):
        return f"{name[:-1]}, {unit})"
    return f"{name} ({unit})"


def date_axis(ax, axis: str = "x"):
    """Readable date ticks: at most ~7, concise labels (no overlapping full dates)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator)
    target.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _short_number(v: float) -> str:
    a = abs(v)
    if a >= 1e9:
        return f"{v / 1e9:,.3g}B"
    if a >= 1e6:
        return f"{v / 1e6:,.3g}M"
    if a >= 1e4:
        return f"{v / 1e3:,.4g}k"
    if a >= 100 or v == int(v):
        return f"{v:,.0f}"
    return f"{v:.3g}"


def number_axis(ax, axis: str = "y", *, prefix: str = ""):
    """Tick labels like ``800k``/``1.2M`` (no raw ``800000``, no ``1e6`` offset).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    axis : {"x", "y"}
    prefix : str
        Put before every label, e.g. ``"$"`` (escaped for matplotlib).

    Examples
    --------
    >>> _short_number(800000), _short_number(1250000), _short_number(0.125), _short_number(42.0)
    ('800k', '1.25M', '0.125', '42')
    """
    from matplotlib.ticker import FuncFormatter

    pre = no_mathtext(prefix)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: pre + _short_number(v)))
