"""The lint report's figure: how many findings each rule raised, by severity."""

from __future__ import annotations

from ._theme import single_ax, themed

__all__ = ["plot_lint_report"]


@themed
def plot_lint_report(report, *, ax=None):
    """Horizontal bars: findings per rule, coloured by severity (errors first).

    Parameters
    ----------
    report : okrlab.lint.LintReport
        The report to draw.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from okrlab import lint_text
    >>> ax = plot_lint_report(lint_text("Objective: Improve our marketing\\n- Launch a page"))
    >>> ax.get_xlabel()
    'findings'
    """
    from .._render import PALETTE

    ax = single_ax(ax)
    colours = {"error": PALETTE["red"], "warning": PALETTE["yellow"], "info": PALETTE["grey"]}
    counts: dict = {}
    for f in report:
        counts.setdefault((f.severity, f.rule), 0)
        counts[(f.severity, f.rule)] += 1
    order = {"error": 0, "warning": 1, "info": 2}
    items = sorted(counts.items(), key=lambda kv: (order[kv[0][0]], -kv[1], kv[0][1]))
    labels = [rule for (_sev, rule), _n in items][::-1]
    values = [n for _k, n in items][::-1]
    cols = [colours[sev] for (sev, _rule), _n in items][::-1]
    if items:
        ax.barh(labels, values, color=cols)
    else:
        ax.text(0.5, 0.5, "no findings", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("findings")
    ax.set_title(report._title().removeprefix("LintReport(").removesuffix(")"), loc="left")
    return ax
