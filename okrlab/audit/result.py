"""Result objects of the audit: one KPI (:class:`AuditResult`) and many (:class:`AuditSet`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._prepare import _UNITS


def _f(x, nd=3):
    """Round to a plain float, NaN -> None (JSON-safe)."""
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None
    return round(x, nd)


def _fmt(x, nd=2):
    return "n/a" if x is None or not math.isfinite(float(x)) else f"{float(x):.{nd}f}"


def _fmt_p(p):
    if p is None or not math.isfinite(float(p)):
        return "n/a"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _plain(v):
    if isinstance(v, (np.integer, np.floating, np.bool_)):
        return v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


@dataclass(frozen=True, repr=False)
class AuditResult:
    """The outcome of :func:`okrlab.audit`: numbers, verdict and explanation (never mutated).

    Built by :func:`okrlab.audit` (and :func:`okrlab.audit_many`), not by hand; every
    parameter is also a read-only attribute.

    Parameters
    ----------
    kpi, outcome : str
        Column names.
    verdict : str
        One of :data:`okrlab.audit.VERDICTS`.
    explanation : str
        One plain-English paragraph quoting the numbers, in the data's unit.
    n : int
        Periods used after cleaning (levels); changes are one fewer.
    freq : str
        ``"D"``, ``"W"``, ``"M"``, ``"Q"`` or ``"Y"``.
    start, end : pandas.Timestamp
        First and last period used.
    method : str
        ``"pearson"`` or ``"spearman"``.
    direction : str or None
        ``"higher"``/``"lower"`` (is better) for the KPI, or None if unknown.
    expected_sign : int
        +1, -1, or 0 when the direction is unknown.
    lead : str or None
        ``"kpi_leads"``, ``"coincident"`` or ``"outcome_leads"`` (where the
        reported link is); None when there is no significant link.
    best_lag : int or None
        The reported lag: positive when the KPI leads the outcome by that many
        periods, negative when the outcome leads.
    lag_mode : str
        ``"searched"`` (lags -max_lag..max_lag scanned, p and interval pay for
        it) or ``"fixed"`` (``lag=`` given).
    compared : str
        What was correlated: ``"changes"`` (first differences), ``"detrended
        levels"`` (when every series' levels are stationary), each possibly
        ``"deseasonalised"`` when a yearly pattern is shared; notes say why.
    changes : dict
        ``r, ci_low, ci_high, p`` and ``level`` (the interval's confidence).
    incremental : dict
        The Granger-style test that the KPI's past adds to the outcome's own
        past: ``p``, ``F``, ``kpi_lags``, ``own_lags``, ``nobs``.
    adjusted_for : dict
        ``lags`` (lags the p-value pays for, 1 for a fixed lag), ``kpis``
        (KPIs audited together) and ``method``.
    levels_r, durbin_watson : float
        Correlation of the levels (lag 0) and the Durbin-Watson statistic of
        the levels regression.
    shared_trend : bool
        Levels correlate (``|levels_r| >= levels_r_min``) but the changes show no link.
    lags : pandas.DataFrame
        Columns ``lag``, ``pairs``, ``r``, ``t`` (the pivot), ``p_lag``
        (that lag alone, unadjusted).
    rolling : pandas.Series
        Rolling correlation of changes at ``best_lag``, indexed by the outcome's date.
    break_ : dict or None
        The break search: ``date`` (first outcome period after the split),
        ``date_low``, ``date_high`` (95 % interval for the date), ``r_before``,
        ``r_after``, ``p`` (its own p-value) and ``significant`` (the
        stability verdict rests on this break); None when not tested.
    recent : dict or None
        The recent-window test: ``window`` (periods), ``r_recent``,
        ``r_history``, ``p``; None when the series is too short.
    stability : dict or None
        The combined stability test behind ``decoupled``: ``p`` (adjusted
        across KPIs), ``significant``, ``source`` ("recent" or "break"),
        ``r_then``, ``r_now``.
    notes : tuple of str
        What was done to the data and caveats.
    series : pandas.DataFrame
        Columns ``kpi``, ``outcome``, ``kpi_change``, ``outcome_change``.
    params : dict
        The settings used.

    Attributes
    ----------
    changes_r, ci_low, ci_high, p : float
        Correlation of changes at ``best_lag``, its interval and p-value: one
        coherent inference (the interval excludes 0 exactly when p < alpha).

    Examples
    --------
    >>> import okrlab
    >>> weekly = okrlab.load_dataset("marketing_weekly")
    >>> res = okrlab.audit(weekly, kpi="demo_requests", outcome="revenue", date="week", seed=0)
    >>> res.verdict, res.lead, res.best_lag
    ('predictive', 'kpi_leads', 5)
    """

    kpi: str
    outcome: str
    verdict: str
    explanation: str
    n: int
    freq: str
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    method: str
    direction: str | None
    expected_sign: int
    lead: str | None
    best_lag: int | None
    lag_mode: str
    compared: str
    changes: dict
    incremental: dict
    adjusted_for: dict
    levels_r: float
    durbin_watson: float
    shared_trend: bool
    lags: pd.DataFrame
    rolling: pd.Series
    break_: dict | None
    recent: dict | None
    stability: dict | None
    notes: tuple
    series: pd.DataFrame | None
    params: dict

    @property
    def changes_r(self) -> float:
        return self.changes["r"]

    @property
    def ci_low(self) -> float:
        return self.changes["ci_low"]

    @property
    def ci_high(self) -> float:
        return self.changes["ci_high"]

    @property
    def p(self) -> float:
        return self.changes["p"]

    def changes_r_text(self) -> str:
        return f"{_fmt(self.ci_low)} to {_fmt(self.ci_high)}"

    # -- conversion -------------------------------------------------------
    def to_dict(self) -> dict:
        """JSON-safe dict (floats rounded to 4 places, NaN -> None, ISO dates).

        Keys: ``kpi, outcome, n, freq, start, end, method, direction, verdict,
        explanation, lead, best_lag, lag_mode, changes {r, ci_low, ci_high, p,
        level}, incremental {p, F, kpi_lags, own_lags, nobs}, adjusted_for
        {lags, kpis, method}, levels {r, durbin_watson, shared_trend}, lags
        [{lag, r, p_lag}], break (null or {date, date_low, date_high, r_before,
        r_after, p, significant}), recent (null or {window, r_recent,
        r_history, p}), stability (null or {p, significant, source, r_then,
        r_now}), notes, params``.
        """
        brk = None
        if self.break_ is not None:
            b = self.break_
            brk = {
                "date": b["date"].date().isoformat(),
                "date_low": b["date_low"].date().isoformat(),
                "date_high": b["date_high"].date().isoformat(),
                "r_before": _f(b["r_before"], 4),
                "r_after": _f(b["r_after"], 4),
                "p": _f(b["p"], 4),
                "significant": bool(b["significant"]),
            }
        rec = None if self.recent is None else {k: _f(v, 4) for k, v in self.recent.items()}
        if rec is not None:
            rec["window"] = int(self.recent["window"])
        stab = None
        if self.stability is not None:
            stab = {
                "p": _f(self.stability["p"], 4),
                "significant": bool(self.stability["significant"]),
                "source": self.stability["source"],
                "r_then": _f(self.stability["r_then"], 4),
                "r_now": _f(self.stability["r_now"], 4),
            }
        return {
            "kpi": self.kpi,
            "outcome": self.outcome,
            "n": int(self.n),
            "freq": self.freq,
            "start": None if self.start is None else self.start.date().isoformat(),
            "end": None if self.end is None else self.end.date().isoformat(),
            "method": self.method,
            "direction": self.direction,
            "verdict": self.verdict,
            "explanation": self.explanation,
            "lead": self.lead,
            "best_lag": None if self.best_lag is None else int(self.best_lag),
            "lag_mode": self.lag_mode,
            "compared": self.compared,
            "changes": {k: _f(v, 4) for k, v in self.changes.items()},
            "incremental": {
                k: (_f(v, 4) if isinstance(v, float) else _plain(v))
                for k, v in self.incremental.items()
            },
            "adjusted_for": dict(self.adjusted_for),
            "levels": {
                "r": _f(self.levels_r, 4),
                "durbin_watson": _f(self.durbin_watson, 4),
                "shared_trend": bool(self.shared_trend),
            },
            "lags": [
                {"lag": int(row.lag), "r": _f(row.r, 4), "p_lag": _f(row.p_lag, 4)}
                for row in self.lags.itertuples()
            ],
            "break": brk,
            "recent": rec,
            "stability": stab,
            "notes": list(self.notes),
            "params": {k: _plain(v) for k, v in self.params.items()},
        }

    def to_frame(self) -> pd.DataFrame:
        """One-row summary with the columns of :attr:`AuditSet.table`."""
        return pd.DataFrame([summary_row(self)])

    # -- display ----------------------------------------------------------
    def _lines(self):
        st = self.stability
        if st is None:
            brk_text = "not tested (too few periods)"
        else:
            brk_text = (
                f"link then {_fmt(st['r_then'])}, now {_fmt(st['r_now'])}, p {_fmt_p(st['p'])}"
                + (" (weaker now)" if st["significant"] else " (within chance)")
            )
        unit = _UNITS[self.freq]
        lag = "n/a" if self.best_lag is None else f"{self.best_lag:+d} {unit}"
        lvl = self.changes["level"]
        adj = "fixed lag" if self.lag_mode == "fixed" else f"{self.adjusted_for['lags']} lags"
        if self.adjusted_for["kpis"] > 1:
            adj += f", {self.adjusted_for['kpis']} KPIs"
        return [
            f"KPI audit: {self.kpi} -> {self.outcome}",
            f"  verdict        {self.verdict}",
            f"  periods        {self.n} {unit}"
            + (f" ({self.start.date()} to {self.end.date()})" if self.start is not None else ""),
            f"  levels r       {_fmt(self.levels_r)}"
            + ("  (shared-trend trap)" if self.shared_trend else ""),
            f"  lead           {self.lead or 'none'} (lag {lag}; + means the KPI leads)",
            f"  changes r      {_fmt(self.changes_r)}  {100 * lvl:.4g}% CI "
            f"[{_fmt(self.ci_low)}, {_fmt(self.ci_high)}]  p {_fmt_p(self.p)} "
            f"(adjusted for {adj})",
            f"  beyond own past p {_fmt_p(self.incremental.get('p'))}",
            f"  stability      {brk_text}",
        ]

    def __repr__(self) -> str:
        return "\n".join(self._lines())

    def __str__(self) -> str:
        text = "\n".join(self._lines()) + "\n\n" + self.explanation
        if self.notes:
            text += "\n\nNotes:\n" + "\n".join(f"  - {n}" for n in self.notes)
        return text

    def _summary(self):
        from .._render import Summary, Table

        pairs = [(line[:17].strip(), line[17:].strip()) for line in self._lines()[1:]]
        return Summary(
            f"KPI audit: {self.kpi} -> {self.outcome}",
            [Table.from_pairs(pairs)],
            notes=[self.explanation, *self.notes],
        )

    def _repr_html_(self) -> str:
        """HTML through okrlab's one renderer (escaped; only its allowed tags)."""
        return self._summary().as_html()

    def plot(self, ax=None):
        """Four panels: levels, changes at the lag, cross-correlation, rolling r.

        Parameters
        ----------
        ax : sequence of 4 matplotlib Axes, optional
            Draw into these; default a new 2 x 2 figure.

        Returns
        -------
        matplotlib.figure.Figure
            See :func:`okrlab.plotting.plot_audit`.
        """
        from ..plotting.audit import plot_audit

        return plot_audit(self, ax=ax)


def summary_row(res: AuditResult) -> dict:
    b = res.break_ or {}
    st = res.stability or {}
    return {
        "kpi": res.kpi,
        "direction": res.direction,
        "verdict": res.verdict,
        "lead": res.lead,
        "best_lag": res.best_lag,
        "r_changes": res.changes_r,
        "ci_low": res.ci_low,
        "ci_high": res.ci_high,
        "p": res.p,
        "incremental_p": res.incremental.get("p", np.nan),
        "r_levels": res.levels_r,
        "shared_trend": res.shared_trend,
        "break_date": b.get("date"),
        "stability_p": st.get("p", np.nan),
        "n": res.n,
    }


TABLE_COLUMNS = [
    "kpi",
    "direction",
    "verdict",
    "lead",
    "best_lag",
    "r_changes",
    "ci_low",
    "ci_high",
    "p",
    "incremental_p",
    "r_levels",
    "shared_trend",
    "break_date",
    "stability_p",
    "n",
]


@dataclass(frozen=True, repr=False)
class AuditSet:
    """The outcome of :func:`okrlab.audit_many`: a ranked table and one result per KPI.

    Built by :func:`okrlab.audit_many`; every parameter is also a read-only attribute.

    Parameters
    ----------
    outcome : str
        The outcome column every KPI was audited against.
    table : pandas.DataFrame
        One row per KPI, best first; columns ``kpi, direction, verdict, lead,
        best_lag, r_changes, ci_low, ci_high, p, incremental_p, r_levels,
        shared_trend, break_date, stability_p, n``. ``p``, ``incremental_p`` and
        ``stability_p`` are adjusted across the KPIs (Benjamini-Hochberg) and the
        intervals are at the matching level.
    results : dict
        ``{kpi: AuditResult}``, in the order the KPIs were given.

    Examples
    --------
    >>> import okrlab
    >>> weekly = okrlab.load_dataset("marketing_weekly")
    >>> ranked = okrlab.audit_many(weekly, outcome="revenue", kpis=["demo_requests", "leads"],
    ...                            date="week", seed=0)
    >>> len(ranked), ranked["demo_requests"].verdict
    (2, 'predictive')
    """

    outcome: str
    table: pd.DataFrame
    results: dict

    def __getitem__(self, kpi) -> AuditResult:
        return self.results[kpi]

    def __len__(self) -> int:
        return len(self.results)

    def to_frame(self) -> pd.DataFrame:
        """The ranked table (a copy)."""
        return self.table.copy()

    def to_dict(self) -> dict:
        """``{"outcome", "adjusted_across_kpis", "results": [AuditResult.to_dict(), ...]}``."""
        return {
            "outcome": self.outcome,
            "adjusted_across_kpis": len(self.results),
            "results": [r.to_dict() for r in self.results.values()],
        }

    def _text_table(self) -> str:
        t = self.table[["kpi", "verdict", "lead", "best_lag", "r_changes", "ci_low", "ci_high"]]
        t = t.assign(p=self.table["p"])
        return t.round(3).to_string(index=False)

    def __repr__(self) -> str:
        n = len(self.results)
        return (
            f"KPI audit of {n} KPI(s) against {self.outcome} (p-values adjusted across the "
            f"{n} KPIs, Benjamini-Hochberg)\n" + self._text_table()
        )

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """HTML through okrlab's one renderer (escaped; only its allowed tags)."""
        from .._render import Summary, Table

        n = len(self.results)
        return Summary(
            f"KPI audit against {self.outcome}",
            [Table.from_frame(self.table, status="verdict")],
            notes=[f"p-values and intervals adjusted across the {n} KPIs (Benjamini-Hochberg)."],
        ).as_html()

    def plot(self, ax=None):
        """Correlation of changes with its interval for each KPI, coloured by verdict.

        Returns the matplotlib Axes.
        """
        from ..plotting.audit import plot_audit_set

        return plot_audit_set(self, ax=ax)
