"""Key results (baseline, target, check-ins, pace, forecast) and their guardrails."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .._docs import share_docs
from .._yaml import (
    Where,
    as_number,
    as_text,
)
from ..errors import DefinitionError, ParameterError
from ..kpi import KPI
from .checkins import _as_checkins, _as_confidence
from .guardrail import _STATUS_RANK, Guardrail
from .scoring import (
    _EPS,
    KINDS,
    _to_date,
    ambition_label,
    grade,
)


# ---------------------------------------------------------------------------
@dataclass
class KeyResult:
    """A measurable outcome with a baseline, a target, a unit and a date.

    Parameters
    ----------
    description : str
        The key result as people say it.
    metric : str
        The metric it moves (e.g. ``"cpl"``); required.
    baseline, target : float
        Where the metric starts and where it should get to; must differ.
        ``target < baseline`` means lower is better.
    unit : str
    current : float, optional
        The latest value. Defaults to the last check-in if there are any.
    checkins : pandas.Series, dict or list, optional
        Dated values: a Series with a DatetimeIndex, a ``{date: value}`` dict
        or a list of ``{"date": ..., "value": ...}`` records. A record may
        also carry ``"confidence"``: the team's probability (0-1) at that
        check-in that the target will be met.
    confidence : pandas.Series or dict, optional
        Confidence history (0-1) by check-in date; filled from the records'
        ``confidence`` when ``checkins`` is a list. Every date must be a
        check-in date. Scored by :func:`okrlab.calibration`.
    start, due : date, optional
        The period; needed for pace and forecast. An objective passes its own
        to key results that have none.
    kind : {"committed", "aspirational"}
    guardrails : sequence of Guardrail
    ambition : float, optional
        Set by :meth:`from_kpi`: standard deviations of normal change the
        target asks for.

    Examples
    --------
    >>> kr = KeyResult(description="Grow SQLs", metric="sqls", baseline=40, target=60,
    ...                start="2026-01-01", due="2026-03-31",
    ...                checkins={"2026-01-31": 44, "2026-02-28": 50})
    >>> kr.current, kr.score()
    (50.0, 0.5)
    >>> round(kr.expected_progress("2026-02-28"), 3), kr.pace_status("2026-02-28")
    (0.652, 'on track')
    """

    description: str
    metric: str | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str = ""
    current: float | None = None
    checkins: object = None
    start: _dt.date | None = None
    due: _dt.date | None = None
    kind: str = "committed"
    guardrails: Sequence[Guardrail] = ()
    ambition: float | None = field(default=None, compare=False)
    confidence: object = field(default=None, compare=False)

    def __post_init__(self):
        desc = self.description
        if not isinstance(desc, str) or not desc.strip():
            raise DefinitionError(
                "key result: field 'description' is missing or empty. Say what should "
                "change, e.g. 'Reduce cost per lead from $100 to $80'",
                field="description",
            )
        where = Where(path=f"key result {_short(desc)!r}")
        if self.metric is None or (isinstance(self.metric, str) and not self.metric.strip()):
            raise where.error(
                "metric",
                "is missing",
                "Add metric: <name of the measured metric>, e.g. metric: cpl. A key result "
                "without a metric cannot be measured or scored",
            )
        self.metric = as_text(self.metric, "metric", where)
        for name in ("baseline", "target"):
            value = getattr(self, name)
            if value is None:
                raise where.error(
                    name,
                    "is missing",
                    f"Add {name}: <number>. A key result needs a baseline and a target to "
                    "be scored",
                )
            setattr(self, name, as_number(value, name, where))
        if self.baseline == self.target:
            raise where.error(
                "target",
                f"equals the baseline ({self.baseline:g})",
                "A key result must ask for a change. To keep a metric where it is, track it "
                "as a KPI with a healthy band (or a guardrail) instead",
            )
        self.unit = as_text(self.unit or "", "unit", where)
        if self.kind not in KINDS:
            raise where.error("kind", f"is {self.kind!r}", "Use 'committed' or 'aspirational'")
        self.start = _to_date(self.start, "start", where)
        self.due = _to_date(self.due, "due", where)
        if self.start is not None and self.due is not None and self.due <= self.start:
            raise where.error(
                "due",
                f"({self.due}) is not after the start date ({self.start})",
                "Check the dates: the due date must come after the start",
            )
        self.confidence = _as_confidence(self.confidence, self.checkins, where)
        self.checkins = _as_checkins(self.checkins, where)
        if self.confidence is not None and (
            self.checkins is None or not self.confidence.index.isin(self.checkins.index).all()
        ):
            raise where.error(
                "confidence",
                "has a date with no check-in",
                "Record a confidence together with a check-in value on the same date",
            )
        if self.current is None and self.checkins is not None and len(self.checkins):
            self.current = float(self.checkins.iloc[-1])
        self.current = as_number(self.current, "current", where, allow_none=True)
        guardrails = tuple(self.guardrails or ())
        for g in guardrails:
            if not isinstance(g, Guardrail):
                raise where.error(
                    "guardrails",
                    f"must hold Guardrail objects, got {type(g).__name__}",
                    "Wrap each KPI as okrlab.okr.Guardrail(kpi, current=value)",
                )
        self.guardrails = guardrails

    # -- scoring -----------------------------------------------------------
    @property
    def direction(self) -> str:
        """``'lower'`` when the target is below the baseline, else ``'higher'``."""
        return "lower" if self.target < self.baseline else "higher"

    @property
    def bar(self) -> float:
        """The score that counts as success: 1.0 committed, 0.7 aspirational."""
        return KINDS[self.kind]

    def _value(self, value):
        if value is None:
            value = self.current
        if value is None:
            raise ParameterError(
                f"key result {_short(self.description)!r} has no current value; pass "
                "value=... or give it current or checkins"
            )
        return as_number(value, "value", Where(path=f"key result {_short(self.description)!r}"))

    @share_docs
    def raw_score(self, value=None) -> float:
        """Unclipped progress from baseline (0) to target (1).

        Parameters
        ----------
        {value}

        Returns
        -------
        float
            Below 0: worse than the baseline; above 1: beyond the target.
        """
        return (self._value(value) - self.baseline) / (self.target - self.baseline)

    @share_docs
    def score(self, value=None) -> float:
        """Progress clipped to [0, 1].

        Parameters
        ----------
        {value}

        Returns
        -------
        float
        """
        raw = self.raw_score(value)
        return float(min(1.0, max(0.0, round(raw, 12))))

    @share_docs
    def grade(self, value=None) -> str:
        """``'red'``, ``'yellow'`` or ``'green'`` of :meth:`score`.

        Parameters
        ----------
        {value}

        Returns
        -------
        str
        """
        return grade(self.score(value))

    @share_docs
    def value_at(self, at) -> float | None:
        """The value known at date ``at``: the last check-in on or before it.

        Without check-ins, ``current``. Before the first check-in, the baseline.

        Parameters
        ----------
        {at}

        Returns
        -------
        float or None
        """
        if self.checkins is None or not len(self.checkins):
            return self.current
        import pandas as pd

        known = self.checkins[self.checkins.index <= pd.Timestamp(_to_date(at, "at"))]
        return float(known.iloc[-1]) if len(known) else self.baseline

    # -- pace and forecast ------------------------------------------------
    def _period(self):
        if self.start is None or self.due is None:
            raise ParameterError(
                f"key result {_short(self.description)!r} has no start and due date; give "
                "it start= and due= (or put it in an objective with a period)"
            )
        return self.start, self.due

    @share_docs
    def expected_progress(self, at) -> float:
        """Score expected at ``at`` if progress were linear: ``bar * elapsed / length``.

        Parameters
        ----------
        {at}

        Returns
        -------
        float
            Between 0 and :attr:`bar`.
        """
        start, due = self._period()
        at = _to_date(at, "at")
        frac = (at - start).days / (due - start).days
        return self.bar * min(1.0, max(0.0, frac))

    @share_docs
    def pace_status(self, at, value=None, at_risk_gap=0.25, off_track_gap=0.5) -> str:
        """``'on track'``, ``'at risk'`` or ``'off track'`` at date ``at``.

        Behind the expected progress by more than ``at_risk_gap`` is at risk,
        by more than ``off_track_gap`` off track.

        Parameters
        ----------
        {at}
        value : float, optional
            The value to judge; default the value known at ``at``.
        at_risk_gap, off_track_gap : float, default 0.25 and 0.5
            Shortfalls (in score units) behind the linear pace.

        Returns
        -------
        str
        """
        if value is None:
            value = self.value_at(at)
        gap = self.expected_progress(at) - self.score(value)
        if gap > off_track_gap + _EPS:
            return "off track"
        if gap > at_risk_gap + _EPS:
            return "at risk"
        return "on track"

    def forecast(self, at=None) -> float:
        """Linear forecast of the value at the due date.

        Least-squares line through the check-ins dated up to ``at`` (all if
        ``None``), plus the baseline at the start date when no check-in is
        dated on or before the start. Without check-ins, the line through the
        baseline at the start and ``current`` at ``at``.

        Parameters
        ----------
        at : date, str or pandas.Timestamp, optional
            Use only check-ins dated up to this date; default all.

        Returns
        -------
        float
            The forecast value at the due date.

        Raises
        ------
        ParameterError
            Without a start and due date, or with fewer than two dated values.

        Examples
        --------
        >>> kr = KeyResult(description="CPL", metric="cpl", baseline=100, target=80,
        ...                start="2026-01-01", due="2026-03-31",
        ...                checkins={"2026-01-31": 95, "2026-03-02": 90})
        >>> round(kr.forecast(), 2)   # 5 USD per 30 days from 100: 100 - 89 / 6
        85.17
        """
        import numpy as np
        import pandas as pd

        start, due = self._period()
        points = []
        if self.checkins is not None and len(self.checkins):
            ck = self.checkins
            if at is not None:
                ck = ck[ck.index <= pd.Timestamp(_to_date(at, "at"))]
            points = [(ts.date(), float(v)) for ts, v in ck.items()]
        elif self.current is not None and at is not None:
            points = [(_to_date(at, "at"), self.current)]
        if not points or points[0][0] > start:
            points.insert(0, (start, self.baseline))
        if len({d for d, _ in points}) < 2:
            raise ParameterError(
                f"key result {_short(self.description)!r}: a forecast needs at least two "
                "dated values; add check-ins"
            )
        t = np.array([(d - start).days for d, _ in points], dtype=float)
        y = np.array([v for _, v in points], dtype=float)
        slope, intercept = np.polyfit(t, y, 1)
        return float(intercept + slope * (due - start).days)

    # -- guardrails -------------------------------------------------------
    def guardrail_status(self) -> str:
        """Worst status among the guardrails, or ``'none'`` without guardrails.

        Returns
        -------
        str
            ``'unhealthy'``, ``'watch'``, ``'no data'``, ``'healthy'`` or ``'none'``.
        """
        if not self.guardrails:
            return "none"
        return max((g.status() for g in self.guardrails), key=_STATUS_RANK.__getitem__)

    @share_docs
    def verdict(self, value=None, at=None) -> str:
        """Where the key result stands against its bar.

        ``met`` (score at least :attr:`bar`), ``met, guardrail breached`` (met,
        but a guardrail KPI is unhealthy: not a success), ``in progress``
        (not met yet and ``at`` is before the due date), ``not met``, or
        ``no data``; ``, guardrail breached`` is appended to the last two when
        a guardrail is unhealthy.

        Parameters
        ----------
        {value}
        at : date, str or pandas.Timestamp, optional
            The date to judge at; default the latest values.

        Returns
        -------
        str
        """
        if value is None and self.current is None:
            return "no data"
        met = self.score(value) >= self.bar - _EPS
        breached = ", guardrail breached" if self.guardrail_status() == "unhealthy" else ""
        if met:
            return "met" + breached
        running = at is not None and self.due is not None and _to_date(at, "at") < self.due
        return ("in progress" if running else "not met") + breached

    # -- construction from a KPI -------------------------------------------
    @classmethod
    def from_kpi(
        cls,
        kpi: KPI,
        history,
        *,
        target: float | None = None,
        lift: float | None = None,
        due=None,
        start=None,
        window: int = 4,
        description: str | None = None,
        kind: str = "committed",
        guardrails: Iterable[Guardrail] = (),
    ) -> KeyResult:
        """Turn a KPI and its history into a key result.

        Rules
        -----
        baseline
            The median of the last ``window`` non-missing values (default 4:
            about a month of weekly data). The median keeps one odd week from
            setting the baseline.
        target
            ``target=`` as given, or ``lift=`` as a relative improvement in
            the KPI's good direction: ``baseline * (1 + lift)`` for a
            higher-is-better KPI, ``baseline * (1 - lift)`` for a lower one.
            A target that is not an improvement is refused.
        start, due
            ``start`` defaults to the date of the last observation; ``due`` to
            13 weeks (a quarter) after the start.
        ambition
            :func:`ambition` of the target against the history, labelled by
            :func:`ambition_label`.

        Parameters
        ----------
        kpi : KPI
            The KPI the key result moves.
        history : pandas.Series
            Its past values indexed by date (not modified).
        target : float, optional
            The target value; give exactly one of ``target`` and ``lift``.
        lift : float, optional
            Relative improvement in the good direction (0.2 = 20% better).
        due, start : date, optional
            The period (defaults above).
        window : int, default 4
            Number of latest values whose median is the baseline.
        description : str, optional
            The key result's text; default "Increase/Reduce <what> from X to Y".
        kind : {"committed", "aspirational"}, default "committed"
            Whether 1.0 or 0.7 counts as success.
        guardrails : iterable of Guardrail, optional
            KPIs that must stay healthy meanwhile.

        Returns
        -------
        KeyResult
            With ``ambition`` set.

        Raises
        ------
        ParameterError
            Neither or both of ``target``/``lift``, or a target that is no improvement.
        DataError
            Fewer than ``max(window, 3)`` numeric values in ``history``.

        Examples
        --------
        >>> import pandas as pd
        >>> cpl = KPI("cpl", unit="USD", direction="lower")
        >>> hist = pd.Series([104.0, 98, 101, 99, 100, 102, 97, 100],
        ...                  index=pd.date_range("2026-01-05", periods=8, freq="W-MON"))
        >>> kr = KeyResult.from_kpi(cpl, hist, lift=0.2)
        >>> kr.baseline, kr.target, kr.due.isoformat(), round(kr.ambition, 1)
        (100.0, 80.0, '2026-05-25', 5.3)
        """
        from ._from_kpi import key_result_from_kpi

        return key_result_from_kpi(
            cls, kpi, history, target=target, lift=lift, due=due, start=start, window=window,
            description=description, kind=kind, guardrails=guardrails,
        )  # fmt: skip

    def with_checkins(self, checkins) -> KeyResult:
        """A copy with ``checkins`` added (same forms as the constructor accepts).

        New check-ins replace existing ones on the same date; ``current``
        becomes the latest check-in. The original key result is unchanged.

        Parameters
        ----------
        checkins : pandas.Series, dict or list
            Dated values (see the class's ``checkins``).

        Returns
        -------
        KeyResult

        Examples
        --------
        >>> kr = KeyResult(description="CPL", metric="cpl", baseline=100, target=80)
        >>> kr.with_checkins({"2026-01-12": 96, "2026-01-19": 92}).score()
        0.4
        """
        import pandas as pd

        where = Where(path=f"key result {_short(self.description)!r}")
        conf = _as_confidence(None, checkins, where)
        new = _as_checkins(checkins, where)
        added = new.index
        if self.checkins is not None and len(self.checkins):
            new = pd.concat([self.checkins[~self.checkins.index.isin(added)], new])
        if self.confidence is not None:
            kept = self.confidence[~self.confidence.index.isin(added)]
            conf = kept if conf is None else pd.concat([kept, conf])
        conf = None if conf is None else conf.sort_index()
        return dataclasses.replace(self, checkins=new.sort_index(), current=None, confidence=conf)

    @property
    def ambition_label(self) -> str | None:
        """Label of :attr:`ambition`, if known."""
        return None if self.ambition is None else ambition_label(self.ambition)

    def assess(self, at=None, weight=1.0) -> dict:
        """One tidy row describing the key result at date ``at``.

        Parameters
        ----------
        at : date, str or pandas.Timestamp, optional
            The scoring date; default the latest values (no pace or forecast).
        weight : float, default 1.0
            Its weight in the objective.

        Returns
        -------
        dict
            The columns of :meth:`okrlab.okr.Scorecard.to_frame` from
            ``key_result`` on.
        """
        nan = math.nan
        value = self.value_at(at) if at is not None else self.current
        row = {
            "key_result": self.description,
            "metric": self.metric,
            "unit": self.unit,
            "kind": self.kind,
            "weight": float(weight),
            "baseline": self.baseline,
            "target": self.target,
            "current": nan if value is None else value,
            "raw_score": nan,
            "score": nan,
            "grade": "no data",
            "expected": nan,
            "pace_gap": nan,
            "pace_status": "",
            "forecast": nan,
            "forecast_score": nan,
            "guardrails": ", ".join(g.kpi.name for g in self.guardrails),
            "guardrail_status": self.guardrail_status(),
            "verdict": self.verdict(value, at),
        }
        if value is not None:
            row["raw_score"] = self.raw_score(value)
            row["score"] = self.score(value)
            row["grade"] = grade(row["score"])
        if at is not None and self.start is not None and self.due is not None:
            row["expected"] = self.expected_progress(at)
            if value is not None:
                row["pace_gap"] = row["expected"] - row["score"]
                row["pace_status"] = self.pace_status(at, value)
            try:
                row["forecast"] = self.forecast(at)
                row["forecast_score"] = self.score(row["forecast"])
            except ParameterError:
                pass
        return row


def _short(text, n=48):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
