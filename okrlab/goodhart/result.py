"""The result of :func:`okrlab.simulate_funnel`: one object, whatever the flags."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._render import Immutable, ResultMixin, Summary, Table

__all__ = ["FunnelSimulation"]

_METRIC_DECIMALS = {"cpl": 2, "leads": 1, "lead_quality": 3, "cost_per_qualified_lead": 2,
                    "cac": 0, "revenue": 0}  # fmt: skip


def _fmt(metric, value):
    """A metric's value as text at its own precision (metrics differ in scale)."""
    return f"{value:,.{_METRIC_DECIMALS.get(metric, 3)}f}"


class FunnelSimulation(Immutable, ResultMixin):
    """A simulated funnel: the weekly table, optional budget shares, the settings.

    Returned by :func:`okrlab.simulate_funnel`; built once, never changed.

    Attributes
    ----------
    weekly : DataFrame or None
        One row per run and week (columns in :func:`okrlab.simulate_funnel`);
        ``None`` with ``as_frame=False`` (then use :attr:`arrays` or
        :meth:`to_frame`).
    arrays : dict of numpy arrays
        The weekly columns as read-only arrays of shape ``(n_runs, n_weeks)``
        (views of :attr:`weekly` when it exists, so no extra memory), plus
        ``week`` (the Mondays), ``segments`` (names) and, with
        ``return_shares=True``, ``budget_share`` of shape
        ``(n_runs, n_weeks, n_segments)``.
    shares : DataFrame or None
        With ``return_shares=True`` and ``as_frame=True``: ``week``, ``run``,
        ``segment``, ``budget_share`` (0-1), ``spend`` (USD), ``expected_cpl``
        (USD per lead, before noise).
    settings : dict
        The arguments of the simulation (JSON-safe; ``target_week`` resolved to
        a week index or None; ``seed`` only when it was an int or None).
    n_runs, n_weeks, target_week : int, int, int or None

    Examples
    --------
    >>> from okrlab.goodhart import simulate_funnel
    >>> sim = simulate_funnel(n_weeks=60, n_runs=20, target_week=30, seed=1)
    >>> sim.weekly.shape, sim.arrays["leads"].shape
    ((1200, 15), (20, 60))
    >>> print(sim)  # doctest: +ELLIPSIS
    Funnel simulation: 20 runs x 60 weeks, CPL target from week 30 (pressure 0.6)
    ...
    """

    def __init__(self, *, weekly, arrays, shares, settings):
        self.weekly = weekly
        self.shares = shares
        self.settings = dict(settings)
        self.arrays = arrays
        for value in arrays.values():
            if isinstance(value, np.ndarray) and value.flags.writeable:
                value.flags.writeable = False
        self.n_runs, self.n_weeks = arrays["leads"].shape
        self.target_week = settings["target_week"]

    def effects(self, window: int = 26):
        """:func:`okrlab.goodhart_effects` of this simulation (its target week).

        ``window`` is capped so that it fits before and after the target.
        Raises :class:`~okrlab.errors.ParameterError` without a target.
        """
        from ..errors import ParameterError
        from .funnel import goodhart_effects

        if self.target_week is None:
            raise ParameterError(
                "this simulation has no CPL target (target_week=None); effects compare the "
                "weeks before and after one"
            )
        window = max(1, min(int(window), self.target_week, self.n_weeks - self.target_week - 1))
        return goodhart_effects(self.to_frame(), target_week=self.target_week, window=window)

    def to_frame(self):
        """The weekly table as a new DataFrame (a copy).

        Returns
        -------
        DataFrame
            The columns documented in :func:`okrlab.simulate_funnel`.
        """
        if self.weekly is not None:
            return self.weekly.copy()
        from ._frames import _weekly_frame

        skip = ("week", "segments", "budget_share")
        cols = {k: v for k, v in self.arrays.items() if k not in skip}
        return _weekly_frame(cols, pd.DatetimeIndex(self.arrays["week"]), 0).copy()

    def _summary(self):
        s = self.settings
        target = (
            f"CPL target from week {self.target_week} (pressure {s['pressure']:g})"
            if self.target_week is not None
            else "no CPL target"
        )
        title = f"Funnel simulation: {self.n_runs} runs x {self.n_weeks} weeks, {target}"
        notes = [
            f"Weekly budget {s['weekly_budget']:,.0f} USD, quality gap {s['quality_gap']:g}, "
            f"gaming {s['gaming']:g}, seed {s['seed']}. The full table: .weekly or .to_frame()."
        ]
        effects = None
        if self.target_week is not None and 1 <= self.target_week < self.n_weeks - 1:
            effects = self.effects()
        if effects is not None:
            rows = [
                (m, _fmt(m, b), _fmt(m, a), round(c, 3), "green" if ok else "red", round(w, 3))
                for m, b, a, c, ok, w in effects[
                    ["metric", "before", "after", "change", "better", "share_worse"]
                ].itertuples(index=False)
            ]  # fmt: skip
            table = Table(
                ["metric", "before", "after", "change", "moved", "share_worse"],
                rows,
                title="Before the target vs the last weeks (goodhart_effects; moved: the good "
                "way = green)",
                status="moved",
            )
        else:
            means = {m: float(np.nanmean(self.arrays[m])) for m in _METRIC_DECIMALS}
            rows = [(m, _fmt(m, v)) for m, v in means.items()]
            table = Table(["metric", "mean"], rows, title="Means over all runs and weeks")
        return Summary(title, [table], notes=notes)

    def to_dict(self) -> dict:
        """Settings, sizes and the summary table, JSON-safe (not the weekly rows).

        Returns
        -------
        dict
            ``settings``, ``n_runs``, ``n_weeks``, ``target_week`` and
            ``summary`` (the rendered summary's dict).
        """
        from .._render import json_safe

        return json_safe(
            {
                "settings": self.settings,
                "n_runs": self.n_runs,
                "n_weeks": self.n_weeks,
                "target_week": self.target_week,
                "summary": self._summary().as_dict(),
            }
        )

    def plot(self, ax=None, **kwargs):
        """The four-panel dashboard (:func:`okrlab.plotting.plot_goodhart_dashboard`).

        Returns
        -------
        matplotlib.figure.Figure
        """
        from ..plotting import plot_goodhart_dashboard

        data = self.weekly if self.weekly is not None else self.to_frame()
        return plot_goodhart_dashboard(data, ax=ax, **kwargs)
