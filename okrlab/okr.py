"""Objectives, key results and their scoring.

Scoring rules (the domain brief's, made exact)
----------------------------------------------
score
    The fraction of the way from baseline to target:
    ``raw = (value - baseline) / (target - baseline)``. This works for
    lower-is-better metrics too (CPL 100 -> 80, now 90: raw = -10 / -20 = 0.5).
    ``score`` is ``raw`` clipped to [0, 1]; ``raw_score`` keeps the raw value
    (below 0: worse than the baseline; above 1: beyond the target).
grade
    ``red`` below 0.4, ``yellow`` from 0.4 to below 0.7, ``green`` from 0.7
    (the common 0.0-0.3 / 0.4-0.6 / 0.7-1.0 bands, with the gaps closed).
bar
    What counts as success: 1.0 for a ``committed`` key result, 0.7 for an
    ``aspirational`` one (a strong result on a stretch goal).
pace
    Expected progress at a date is linear over the period:
    ``expected = bar * elapsed / length``. The gap is ``expected - score``.
    A key result behind its pace by more than ``at_risk_gap`` (0.25) is
    ``at risk``; by more than ``off_track_gap`` (0.5), ``off track``;
    otherwise ``on track``.
forecast
    A straight line fitted by least squares through the check-ins (and the
    baseline at the start date, since a key result starts at its baseline),
    read at the due date.
objective score
    The weighted mean of its key results' clipped scores (equal weights by
    default).
guardrails
    KPIs that must stay healthy while the key result moves. A key result that
    meets its bar while a guardrail KPI is unhealthy is reported as
    ``met, guardrail breached`` and its objective as ``guardrail breached``,
    never as a success.

Examples
--------
>>> kr = KeyResult(description="Reduce cost per lead", metric="cpl",
...                baseline=100, target=80, current=90)
>>> kr.score(), kr.raw_score(), kr.grade()
(0.5, 0.5, 'yellow')
>>> kr.score(70), kr.raw_score(70)
(1.0, 1.5)
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ._render import ResultMixin, Summary, Table, json_safe
from ._yaml import (
    Where,
    as_date,
    as_number,
    as_text,
    load_yaml_file,
    load_yaml_text,
    mapping_line,
    require,
)
from .errors import DataError, DefinitionError, ParameterError
from .kpi import KPI, KPICatalog, load_kpis

__all__ = [
    "KeyResult",
    "Objective",
    "Guardrail",
    "OKRSet",
    "Scorecard",
    "load_okrs",
    "load_okrs_text",
    "ambition",
    "ambition_label",
    "grade",
    "parse_period",
    "AMBITION_BANDS",
    "GRADE_BANDS",
    "KINDS",
]

#: Lower edges of the grade bands, best first.
GRADE_BANDS = ((0.7, "green"), (0.4, "yellow"), (0.0, "red"))

#: Kinds of key result and the score that counts as success for each.
KINDS = {"committed": 1.0, "aspirational": 0.7}

#: Upper edges of the ambition bands, in standard deviations of normal
#: period-to-period change. One sd is what an ordinary period moves by
#: itself; a quarter of weekly noise alone drifts about sqrt(13) = 3.6 sd, so a
#: target up to 5 sd away is a stretch a real improvement can reach, and one
#: beyond that asks for far more than the metric has ever done on its own.
AMBITION_BANDS = ((1.0, "not a stretch"), (5.0, "stretch"), (math.inf, "moonshot"))

_EPS = 1e-9


def grade(score: float) -> str:
    """Colour band of a 0-1 score: ``'red'``, ``'yellow'`` or ``'green'``.

    >>> [grade(s) for s in (0.0, 0.39, 0.4, 0.69, 0.7, 1.0)]
    ['red', 'red', 'yellow', 'yellow', 'green', 'green']
    """
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return "no data"
    for edge, name in GRADE_BANDS:
        if score >= edge - _EPS:
            return name
    return "red"


def ambition(history, baseline: float, target: float) -> float:
    """How many standard deviations of normal period-to-period change a target asks for.

    ``|target - baseline| / sd(diff(history))`` with the sample standard
    deviation (ddof=1) of the first differences of ``history`` (missing values
    dropped first). Returns ``inf`` if the history never changes.

    Parameters
    ----------
    history : pandas.Series or sequence of float
        Past values of the metric, oldest first, one per period.
    baseline, target : float

    Examples
    --------
    >>> round(ambition([100, 104, 98, 102, 100], baseline=100, target=80), 2)
    4.08
    """
    import numpy as np

    values = np.asarray(getattr(history, "values", history), dtype=float)
    values = values[~np.isnan(values)]
    if values.size < 3:
        raise DataError(
            f"the history has {values.size} usable values; ambition needs at least 3 "
            "periods to measure normal variation"
        )
    sd = float(np.std(np.diff(values), ddof=1))
    gap = abs(float(target) - float(baseline))
    if sd == 0:
        return math.inf if gap > 0 else 0.0
    return gap / sd


def ambition_label(value: float) -> str:
    """``'not a stretch'``, ``'stretch'`` or ``'moonshot'`` (see AMBITION_BANDS).

    >>> ambition_label(0.5), ambition_label(2.5), ambition_label(8)
    ('not a stretch', 'stretch', 'moonshot')
    """
    for edge, name in AMBITION_BANDS:
        if value < edge:
            return name
    return AMBITION_BANDS[-1][1]


_PERIOD_RE = re.compile(r"^\s*(\d{4})(?:[-\s]?(Q[1-4]|H[12]|\d{2}))?\s*$", re.IGNORECASE)


def parse_period(period) -> tuple[_dt.date, _dt.date]:
    """Start and last day of a period written ``2026-Q1``, ``2026-H2``, ``2026-03`` or ``2026``.

    >>> parse_period("2026-Q1")
    (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    """
    m = _PERIOD_RE.match(str(period))
    if not m:
        raise ParameterError(
            f"period {period!r} is not understood; write it as 2026-Q1, 2026-H1, 2026-03 "
            "or 2026, or give start and due dates instead"
        )
    year, part = int(m.group(1)), (m.group(2) or "").upper()
    if not part:
        first, last = 1, 12
    elif part.startswith("Q"):
        q = int(part[1])
        first, last = 3 * q - 2, 3 * q
    elif part.startswith("H"):
        h = int(part[1])
        first, last = 6 * h - 5, 6 * h
    else:
        first = last = int(part)
        if not 1 <= first <= 12:
            raise ParameterError(f"period {period!r}: month must be 01-12")
    start = _dt.date(year, first, 1)
    end = (_dt.date(year + (last == 12), last % 12 + 1, 1)) - _dt.timedelta(days=1)
    return start, end


def _to_date(value, name, where: Where | None = None) -> _dt.date | None:
    """A date from a date, datetime, pandas Timestamp or ISO string (None stays None)."""
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()
    return as_date(value, name, where or Where())


# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Guardrail:
    """A KPI that must stay healthy while a key result moves.

    Parameters
    ----------
    kpi : KPI
        Its definition (the healthy band decides the status).
    current : float or None
        Its latest value; ``None`` gives status ``'no data'``.

    Examples
    --------
    >>> g = Guardrail(KPI("lead_quality", direction="higher", healthy_min=0.12), current=0.08)
    >>> g.status()
    'unhealthy'
    """

    kpi: KPI
    current: float | None = None

    def __post_init__(self):
        if not isinstance(self.kpi, KPI):
            raise DefinitionError(
                f"a guardrail needs a KPI definition, got {type(self.kpi).__name__}; build it "
                "with okrlab.KPI(...) or name a KPI from a catalog",
                field="kpi",
            )
        if self.current is not None:
            value = as_number(self.current, "current", Where(path=f"guardrail {self.kpi.name!r}"))
            object.__setattr__(self, "current", value)

    def status(self) -> str:
        """``healthy`` / ``watch`` / ``unhealthy``, or ``no data``."""
        return "no data" if self.current is None else self.kpi.status(self.current)


_STATUS_RANK = {"healthy": 0, "no data": 1, "watch": 2, "unhealthy": 3}


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
        or a list of ``{"date": ..., "value": ...}`` records.
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
        self.checkins = _as_checkins(self.checkins, where)
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

    def raw_score(self, value=None) -> float:
        """Unclipped progress from baseline (0) to target (1)."""
        return (self._value(value) - self.baseline) / (self.target - self.baseline)

    def score(self, value=None) -> float:
        """Progress clipped to [0, 1] (``value`` defaults to ``current``)."""
        raw = self.raw_score(value)
        return float(min(1.0, max(0.0, round(raw, 12))))

    def grade(self, value=None) -> str:
        """``'red'``, ``'yellow'`` or ``'green'`` of :meth:`score`."""
        return grade(self.score(value))

    def value_at(self, at) -> float | None:
        """The value known at date ``at``: the last check-in on or before it.

        Without check-ins, ``current``. Before the first check-in, the baseline.
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

    def expected_progress(self, at) -> float:
        """Score expected at ``at`` if progress were linear: ``bar * elapsed / length``."""
        start, due = self._period()
        at = _to_date(at, "at")
        frac = (at - start).days / (due - start).days
        return self.bar * min(1.0, max(0.0, frac))

    def pace_status(self, at, value=None, at_risk_gap=0.25, off_track_gap=0.5) -> str:
        """``'on track'``, ``'at risk'`` or ``'off track'`` at date ``at``.

        Behind the expected progress by more than ``at_risk_gap`` is at risk,
        by more than ``off_track_gap`` off track.
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
        """Worst status among the guardrails, or ``'none'`` without guardrails."""
        if not self.guardrails:
            return "none"
        return max((g.status() for g in self.guardrails), key=_STATUS_RANK.__getitem__)

    def verdict(self, value=None, at=None) -> str:
        """Where the key result stands against its bar.

        ``met`` (score at least :attr:`bar`), ``met, guardrail breached`` (met,
        but a guardrail KPI is unhealthy: not a success), ``in progress``
        (not met yet and ``at`` is before the due date), ``not met``, or
        ``no data``; ``, guardrail breached`` is appended to the last two when
        a guardrail is unhealthy.
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
        import pandas as pd

        if not isinstance(kpi, KPI):
            raise ParameterError(f"kpi must be an okrlab.KPI, got {type(kpi).__name__}")
        if not isinstance(history, pd.Series):
            raise ParameterError(
                f"history must be a pandas Series of {kpi.name!r} values indexed by date, "
                f"got {type(history).__name__}"
            )
        if not isinstance(window, int) or window < 1:
            raise ParameterError(f"window must be a positive whole number, got {window!r}")
        try:
            values = pd.to_numeric(history, errors="raise").astype(float)
        except (ValueError, TypeError):
            raise DataError(
                f"history of {kpi.name!r} has non-numeric values; convert it with "
                "pandas.to_numeric first"
            ) from None
        values = values.dropna()
        if len(values) < max(window, 3):
            raise DataError(
                f"history of {kpi.name!r} has {len(values)} usable values; from_kpi needs at "
                f"least {max(window, 3)}"
            )
        if (target is None) == (lift is None):
            raise ParameterError("give exactly one of target= or lift=")
        baseline = float(values.iloc[-window:].median())
        if lift is not None:
            lift = as_number(lift, "lift", Where())
            if lift <= 0:
                raise ParameterError(
                    f"lift must be a positive fraction (0.2 = 20% better), got {lift:g}"
                )
            target = baseline * (1 + kpi.sign * lift)
        target = float(as_number(target, "target", Where()))
        if kpi.sign * (target - baseline) <= 0:
            better = "above" if kpi.direction == "higher" else "below"
            raise ParameterError(
                f"target {target:g} is not an improvement on the baseline {baseline:g} for "
                f"{kpi.name!r} ({kpi.direction} is better); pick a target {better} the baseline"
            )
        target = round(target, 10)
        if start is None:
            last = values.index[-1]
            start = last.date() if hasattr(last, "date") else None
        start = _to_date(start, "start")
        if due is None and start is not None:
            due = start + _dt.timedelta(weeks=13)
        if description is None:
            verb = "Increase" if kpi.direction == "higher" else "Reduce"
            unit = f" {kpi.unit}" if kpi.unit else ""
            what = (kpi.description or kpi.name).split(",")[0].strip()
            what = what[:1].lower() + what[1:] if what[1:2].islower() else what
            description = f"{verb} {what} from {baseline:.4g}{unit} to {target:.4g}{unit}"
        return cls(
            description=description,
            metric=kpi.name,
            baseline=baseline,
            target=target,
            unit=kpi.unit,
            start=start,
            due=due,
            kind=kind,
            guardrails=tuple(guardrails),
            ambition=ambition(values, baseline, target),
        )

    def with_checkins(self, checkins) -> KeyResult:
        """A copy with ``checkins`` added (same forms as the constructor accepts).

        New check-ins replace existing ones on the same date; ``current``
        becomes the latest check-in. The original key result is unchanged.

        Examples
        --------
        >>> kr = KeyResult(description="CPL", metric="cpl", baseline=100, target=80)
        >>> kr.with_checkins({"2026-01-12": 96, "2026-01-19": 92}).score()
        0.4
        """
        import pandas as pd

        new = _as_checkins(checkins, Where(path=f"key result {_short(self.description)!r}"))
        if self.checkins is not None and len(self.checkins):
            new = pd.concat([self.checkins[~self.checkins.index.isin(new.index)], new])
        return dataclasses.replace(self, checkins=new.sort_index(), current=None)

    @property
    def ambition_label(self) -> str | None:
        """Label of :attr:`ambition`, if known."""
        return None if self.ambition is None else ambition_label(self.ambition)

    def assess(self, at=None, weight=1.0) -> dict:
        """One tidy row describing the key result at date ``at`` (see Scorecard)."""
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


def _as_checkins(checkins, where):
    """Check-ins as a float Series with a sorted, unique DatetimeIndex (a copy)."""
    if checkins is None:
        return None
    import pandas as pd

    if isinstance(checkins, pd.Series):
        series = checkins.copy()
    elif isinstance(checkins, dict):
        series = pd.Series(list(checkins.values()), index=list(checkins.keys()))
    elif isinstance(checkins, list | tuple):
        dates, values = [], []
        for i, rec in enumerate(checkins, start=1):
            if not isinstance(rec, dict) or "date" not in rec or "value" not in rec:
                raise where.error(
                    "checkins",
                    f"entry {i} must have a date and a value, got {rec!r}",
                    "Write each check-in as {date: 2026-01-31, value: 95}",
                    line=mapping_line(rec) if isinstance(rec, dict) else None,
                )
            dates.append(rec["date"])
            values.append(rec["value"])
        series = pd.Series(values, index=dates)
    else:
        raise where.error(
            "checkins",
            f"has an unsupported type {type(checkins).__name__}",
            "Use a pandas Series indexed by date, a {date: value} dict or a list of "
            "{date, value} records",
        )
    for i, v in enumerate(series.tolist(), start=1):
        as_number(v, f"checkins[{i}].value", where)
    try:
        index = pd.DatetimeIndex([pd.Timestamp(str(d)) for d in series.index])
    except (ValueError, TypeError):
        raise where.error(
            "checkins", "has a date that cannot be read", "Write dates as YYYY-MM-DD"
        ) from None
    if index.has_duplicates:
        dup = index[index.duplicated()][0].date()
        raise where.error("checkins", f"has two check-ins dated {dup}", "Keep one value per date")
    return pd.Series(series.to_numpy(dtype=float), index=index, name="value").sort_index()


# ---------------------------------------------------------------------------
@dataclass
class Objective:
    """A qualitative goal with two to five key results.

    Parameters
    ----------
    title : str
    owner : str
    period : str
        e.g. ``"2026-Q1"``; gives start and due dates unless those are set.
    key_results : sequence of KeyResult
    weights : sequence of float, optional
        One per key result; default equal. Need not sum to 1.
    start, due : date, optional
        Passed to key results that have none.

    Examples
    --------
    >>> o = Objective("Fill the pipeline with buyers who close", period="2026-Q1",
    ...     key_results=[KeyResult(description="CPL", metric="cpl", baseline=100, target=80,
    ...                            current=90),
    ...                  KeyResult(description="SQLs", metric="sqls", baseline=40, target=60,
    ...                            current=60)],
    ...     weights=[1, 3])
    >>> o.score(), o.grade()
    (0.875, 'green')
    """

    title: str
    owner: str = ""
    period: str = ""
    key_results: Sequence[KeyResult] = ()
    weights: Sequence[float] | None = None
    start: _dt.date | None = None
    due: _dt.date | None = None

    def __post_init__(self):
        if not isinstance(self.title, str) or not self.title.strip():
            raise DefinitionError(
                "objective: field 'title' is missing or empty. Write the objective as one "
                "memorable sentence",
                field="title",
            )
        where = Where(path=f"objective {_short(self.title)!r}")
        self.owner = as_text(self.owner or "", "owner", where)
        self.period = as_text(self.period or "", "period", where)
        self.start = _to_date(self.start, "start", where)
        self.due = _to_date(self.due, "due", where)
        if self.period and (self.start is None or self.due is None):
            try:
                p_start, p_due = parse_period(self.period)
            except ParameterError as exc:
                raise where.error(
                    "period",
                    str(exc).split("; ")[0].replace(f"period {self.period!r} ", "", 1),
                    "Write it as 2026-Q1, 2026-H1, 2026-03 or 2026, or give start and due dates",
                ) from None
            self.start = self.start or p_start
            self.due = self.due or p_due
        if self.start and self.due and self.due <= self.start:
            raise where.error(
                "due",
                f"({self.due}) is not after the start date ({self.start})",
                "The due date must come after the start",
            )
        krs = list(self.key_results or ())
        if not krs:
            raise where.error(
                "key_results", "is empty", "Give the objective 2 to 5 measurable key results"
            )
        for kr in krs:
            if not isinstance(kr, KeyResult):
                raise where.error(
                    "key_results",
                    f"must hold KeyResult objects, got {type(kr).__name__}",
                    "Build each with okrlab.KeyResult(...)",
                )
        self.key_results = tuple(
            dataclasses.replace(kr, start=kr.start or self.start, due=kr.due or self.due)
            if (kr.start is None or kr.due is None) and self.start and self.due
            else kr
            for kr in krs
        )
        if self.weights is None:
            self.weights = (1.0,) * len(krs)
        else:
            weights = [as_number(w, "weights", where) for w in self.weights]
            if len(weights) != len(krs):
                raise where.error(
                    "weights",
                    f"has {len(weights)} values for {len(krs)} key results",
                    "Give one weight per key result",
                )
            if any(w < 0 for w in weights) or sum(weights) <= 0:
                raise where.error(
                    "weights",
                    "must be non-negative and not all zero",
                    "Use positive numbers such as 1, 2, 1",
                )
            self.weights = tuple(weights)

    def score(self, at=None) -> float:
        """Weighted mean of the key results' clipped scores (NaN if one has no value)."""
        total = 0.0
        for kr, w in zip(self.key_results, self.weights, strict=True):
            value = kr.value_at(at) if at is not None else kr.current
            if value is None:
                return math.nan
            total += w * kr.score(value)
        return total / sum(self.weights)

    def grade(self, at=None) -> str:
        return grade(self.score(at))

    def guardrail_breaches(self) -> list[tuple[str, str]]:
        """(key result, KPI name) pairs whose guardrail KPI is unhealthy."""
        return [
            (kr.description, g.kpi.name)
            for kr in self.key_results
            for g in kr.guardrails
            if g.status() == "unhealthy"
        ]

    def verdict(self, at=None) -> str:
        """``guardrail breached``, ``achieved``, ``not achieved`` or ``in progress``.

        Achieved: every committed key result at 1.0 and the objective score at
        least 0.7, with no unhealthy guardrail. A high score with an unhealthy
        guardrail is ``guardrail breached``, not a success.
        """
        if self.guardrail_breaches():
            return "guardrail breached"
        score = self.score(at)
        if math.isnan(score):
            return "no data"
        committed_ok = all(
            kr.score(kr.value_at(at) if at is not None else kr.current) >= 1 - _EPS
            for kr in self.key_results
            if kr.kind == "committed"
        )
        if committed_ok and score >= KINDS["aspirational"] - _EPS:
            return "achieved"
        dues = [d for d in [self.due, *(kr.due for kr in self.key_results)] if d is not None]
        if at is not None and dues and _to_date(at, "at") < max(dues):
            return "in progress"
        return "not achieved"

    def scorecard(self, at=None) -> Scorecard:
        """A :class:`Scorecard` of this objective at date ``at``."""
        return Scorecard([self], at=at)


# ---------------------------------------------------------------------------
class Scorecard(ResultMixin):
    """Scores, pace, forecasts and guardrails of objectives at a date.

    Follows the okrlab result protocol (:mod:`okrlab._render`): a deterministic
    text ``repr``, an HTML table in notebooks, ``to_frame()`` / ``to_dict()``
    for programs and ``plot(ax=None)``. Built once; never changed afterwards.

    Parameters
    ----------
    objectives : sequence of Objective
        The objectives to score, in display order (titles need not be unique).
    at : date, optional
        Scoring date; ``None`` scores the latest values without pace.

    Examples
    --------
    >>> kr = KeyResult(description="Cut CPL from $100 to $80", metric="cpl",
    ...                baseline=100, target=80, current=90)
    >>> card = Scorecard([Objective("Cheaper leads", key_results=[kr])])
    >>> print(card)
    Scorecard at latest values
    ==========================
    Objectives and key results
    objective / key result      score  grade   expected  pace  forecast  guardrail  verdict
    --------------------------  -----  ------  --------  ----  --------  ---------  ------------
    Cheaper leads               0.500  yellow  n/a             n/a                  not achieved
      Cut CPL from $100 to $80  0.500  yellow  n/a             n/a       none       not met
    <BLANKLINE>
    Notes
    - Score = fraction of the way from baseline to target, clipped to [0, 1]; grade red <
      0.4 <= yellow < 0.7 <= green. Objective score = weighted mean of its key results'
      scores.
    >>> card.to_dict()["objectives"][0]["key_results"][0]["score"]
    0.5
    """

    def __init__(self, objectives: Sequence[Objective], at=None):
        self.objectives = tuple(objectives)
        self.at = _to_date(at, "at") if at is not None else None

    def _rows(self):
        """(objective index, objective, KR, weight, assessment) for every key result."""
        for i, o in enumerate(self.objectives):
            for kr, w in zip(o.key_results, o.weights, strict=True):
                yield i, o, kr, kr.assess(self.at, weight=w)

    def to_frame(self):
        """One row per key result.

        Returns
        -------
        pandas.DataFrame
            objective, owner, period : the objective it belongs to.
            key_result, metric, unit, kind, weight, baseline, target : as defined.
            current : value at ``at`` (last check-in on or before it) or current.
            raw_score : unclipped progress; score : clipped to [0, 1].
            grade : red / yellow / green.
            expected : expected score at ``at`` if progress were linear.
            pace_gap : expected - score (positive: behind).
            pace_status : on track / at risk / off track ('' without a date).
            forecast, forecast_score : linear forecast of the value at the due
            date and its score (NaN without enough dated values).
            guardrails : names of guardrail KPIs; guardrail_status : the worst.
            verdict : see :meth:`KeyResult.verdict`.
        """
        import pandas as pd

        rows = []
        for _i, o, _kr, r in self._rows():
            rows.append({"objective": o.title, "owner": o.owner, "period": o.period, **r})
        return pd.DataFrame(rows)

    def objectives_frame(self):
        """One row per objective.

        Returns
        -------
        pandas.DataFrame
            objective, owner, period, n_key_results, score, grade, verdict.
        """
        import pandas as pd

        return pd.DataFrame([self._objective_row(o) for o in self.objectives])

    def _objective_row(self, o) -> dict:
        return {
            "objective": o.title,
            "owner": o.owner,
            "period": o.period,
            "n_key_results": len(o.key_results),
            "score": o.score(self.at),
            "grade": o.grade(self.at),
            "verdict": o.verdict(self.at),
        }

    def to_dict(self) -> dict:
        """JSON-safe nested dict.

        Each objective carries exactly its own key results (matched by
        position, so two objectives with the same title stay apart).

        Returns
        -------
        dict
            ``at`` (ISO date or None) and ``objectives``: a list of the
            :meth:`objectives_frame` fields plus ``key_results`` (the
            :meth:`to_frame` fields without objective, owner and period).
        """
        out = []
        for o in self.objectives:
            row = self._objective_row(o)
            row["key_results"] = [
                kr.assess(self.at, weight=w) for kr, w in zip(o.key_results, o.weights, strict=True)
            ]
            out.append(row)
        return json_safe({"at": self.at, "objectives": out})

    def _summary(self) -> Summary:
        columns = ["objective / key result", "score", "grade", "expected", "pace", "forecast"]
        columns += ["guardrail", "verdict"]
        rows, levels = [], []
        for o in self.objectives:
            rows.append([o.title, o.score(self.at), o.grade(self.at), None, "", None, "",
                         o.verdict(self.at)])  # fmt: skip
            levels.append(0)
            for kr, w in zip(o.key_results, o.weights, strict=True):
                r = kr.assess(self.at, weight=w)
                rows.append([kr.description, r["score"], r["grade"], r["expected"],
                             r["pace_status"], r["forecast_score"], r["guardrail_status"],
                             r["verdict"]])  # fmt: skip
                levels.append(1)
        table = Table(columns, rows, title="Objectives and key results", levels=levels,
                      status=("grade", "pace", "guardrail"),
                      decimals={"score": 3, "expected": 3, "forecast": 3})  # fmt: skip
        notes = [
            "Score = fraction of the way from baseline to target, clipped to [0, 1]; grade "
            "red < 0.4 <= yellow < 0.7 <= green. Objective score = weighted mean of its key "
            "results' scores."
        ]
        if self.at is not None:
            notes.append(
                "Expected = linear pace at the scoring date; forecast = score of the "
                "least-squares forecast at the due date."
            )
        at_text = self.at.isoformat() if self.at else "latest values"
        return Summary(f"Scorecard at {at_text}", [table], notes=notes)

    def plot(self, ax=None, **kwargs):
        """Progress bars per key result (see :func:`okrlab.plotting.plot_okr_progress`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here (default ``plt.gca()``).
        **kwargs
            Passed to :func:`~okrlab.plotting.plot_okr_progress` (``wrap``).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from .plotting import plot_okr_progress

        return plot_okr_progress(self, ax=ax, **kwargs)


# ---------------------------------------------------------------------------
class OKRSet(ResultMixin):
    """Objectives loaded together (one team's or a company's OKRs for a period).

    ``as_of`` is the date used for pace and status when none is given. Shows
    (text, HTML, dict, plot) as its scorecard at ``as_of``.

    Parameters
    ----------
    objectives : iterable of Objective
        The objectives, in order.
    as_of : date, optional
        Default scoring date.
    source : str, optional
        Where they were loaded from.

    Examples
    --------
    >>> okrs = load_okrs_text('''
    ... objectives:
    ...   - title: Cheaper leads
    ...     key_results:
    ...       - {description: "Cut CPL from 100 to 80", metric: cpl, baseline: 100, target: 80,
    ...          current: 95}
    ... ''')
    >>> len(okrs), okrs.to_dict()["n_key_results"]
    (1, 1)
    """

    def __init__(self, objectives: Iterable[Objective], as_of=None, source=None):
        self.objectives = tuple(objectives)
        self.as_of = _to_date(as_of, "as_of") if as_of is not None else None
        self.source = source

    def __iter__(self):
        return iter(self.objectives)

    def __len__(self):
        return len(self.objectives)

    def __getitem__(self, i) -> Objective:
        return self.objectives[i]

    def scorecard(self, at=None) -> Scorecard:
        """:class:`Scorecard` at ``at`` (default ``as_of``).

        Parameters
        ----------
        at : date, optional
            Scoring date.

        Returns
        -------
        Scorecard
        """
        return Scorecard(self.objectives, at=at if at is not None else self.as_of)

    def to_frame(self, at=None):
        """Tidy DataFrame, one row per key result (columns: see :meth:`Scorecard.to_frame`).

        Parameters
        ----------
        at : date, optional
            Scoring date (default ``as_of``).

        Returns
        -------
        pandas.DataFrame
        """
        return self.scorecard(at).to_frame()

    def to_dict(self) -> dict:
        """The scorecard at ``as_of`` as a JSON-safe dict, plus ``source`` and counts.

        Returns
        -------
        dict
            ``source``, ``n_objectives``, ``n_key_results`` and the fields of
            :meth:`Scorecard.to_dict`.
        """
        n_kr = sum(len(o.key_results) for o in self.objectives)
        return {
            "source": None if self.source is None else str(self.source),
            "n_objectives": len(self.objectives),
            "n_key_results": n_kr,
            **self.scorecard().to_dict(),
        }

    def _summary(self) -> Summary:
        card = self.scorecard()._summary()
        n_kr = sum(len(o.key_results) for o in self.objectives)
        as_of = f", as of {self.as_of}" if self.as_of else ""
        title = f"OKRSet: {len(self)} objectives, {n_kr} key results{as_of}"
        return Summary(title, card.tables, notes=card.notes)

    def plot(self, ax=None, **kwargs):
        """Progress bars of the scorecard at ``as_of`` (see :meth:`Scorecard.plot`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here (default ``plt.gca()``).
        **kwargs
            Passed to :func:`~okrlab.plotting.plot_okr_progress`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        return self.scorecard().plot(ax=ax, **kwargs)


# -- YAML loading -----------------------------------------------------------
_KR_FIELDS = {
    "description",
    "metric",
    "unit",
    "baseline",
    "target",
    "current",
    "checkins",
    "start",
    "due",
    "kind",
    "weight",
    "guardrails",
    "lint",
    "notes",
}
_OBJ_FIELDS = {
    "title",
    "owner",
    "period",
    "start",
    "due",
    "key_results",
    "lint",
    "notes",
    "description",
}
_TOP_FIELDS = {"objectives", "as_of", "period", "kpis", "lint", "team", "notes"}


def _check_fields(mapping, known, where, what):
    for key in mapping:
        if key not in known:
            raise where.error(
                str(key),
                f"is not a known {what} field",
                f"Known fields: {', '.join(sorted(known))}. Check the spelling",
                line=mapping_line(mapping, key),
            )


def _guardrail_from(item, catalog, where, i):
    line = mapping_line(item)
    here = where.child(f"guardrail {i}", line)
    if not isinstance(item, dict):
        raise here.error(
            None,
            f"must be a mapping, got {item!r}",
            "Write it as {kpi: lead_quality, current: 0.11}",
        )
    item = dict(item)
    current = as_number(item.pop("current", None), "current", here, line, allow_none=True)
    if "kpi" in item:
        name = as_text(item.pop("kpi"), "kpi", here, line)
        if item:
            raise here.error(
                sorted(map(str, item))[0],
                "is not a guardrail field",
                "A guardrail that names a catalog KPI takes only kpi and current",
            )
        if catalog is None or name not in catalog:
            known = ", ".join(catalog.names) if catalog is not None else "none loaded"
            raise here.error(
                "kpi",
                f"names {name!r}, which is not in the KPI catalog ({known})",
                "Add 'kpis: <catalog.yaml>' at the top of the OKR file (or pass kpis= to "
                "load_okrs), or define the KPI inline with name, direction and healthy",
            )
        return Guardrail(catalog[name], current)
    return Guardrail(KPI.from_dict(item, here), current)


def _okrs_from_data(data, source, kpis=None, base_dir=None) -> OKRSet:
    top = Where(source=source, line=1)
    if not isinstance(data, dict):
        raise top.error(
            "objectives",
            "is missing: the file must be a mapping with an 'objectives' list",
            "Start the file with 'objectives:' followed by items such as '- title: ...'",
        )
    _check_fields(data, _TOP_FIELDS, top, "top-level")
    catalog = kpis
    if catalog is not None and not isinstance(catalog, KPICatalog):
        catalog = KPICatalog(catalog)
    if catalog is None and data.get("kpis") is not None:
        ref = as_text(data["kpis"], "kpis", top, mapping_line(data, "kpis"))
        path = Path(ref)
        if not path.is_absolute() and base_dir is not None:
            path = Path(base_dir) / path
        catalog = load_kpis(path)
    as_of = as_date(data.get("as_of"), "as_of", top, mapping_line(data, "as_of"), True)
    default_period = as_text(data.get("period"), "period", top, mapping_line(data, "period"), True)
    objs = require(
        data,
        "objectives",
        top,
        "Add 'objectives:' with a list of objectives, each with a title and key_results",
    )
    if not isinstance(objs, list) or not objs:
        raise top.error(
            "objectives",
            "must be a non-empty list",
            "Write each objective as an item starting with '- title: ...'",
            line=mapping_line(data, "objectives"),
        )
    objectives = []
    for i, o in enumerate(objs, start=1):
        oline = mapping_line(o) or mapping_line(data, "objectives")
        owhere = top.child(f"objective {i}", oline)
        if not isinstance(o, dict):
            raise owhere.error(
                None,
                f"must be a mapping, got {o!r}",
                "Give it at least 'title:' and 'key_results:'",
            )
        _check_fields(o, _OBJ_FIELDS, owhere, "objective")
        title = as_text(
            require(o, "title", owhere, "Add 'title: <the objective in one sentence>'"),
            "title",
            owhere,
            mapping_line(o, "title"),
        )
        owhere = top.child(f"objective {_short(title)!r}", oline)
        krs_data = require(
            o, "key_results", owhere, "Add 'key_results:' with 2 to 5 measurable key results"
        )
        if not isinstance(krs_data, list) or not krs_data:
            raise owhere.error(
                "key_results",
                "must be a non-empty list",
                "Write each key result as an item starting with '- description: ...'",
                line=mapping_line(o, "key_results"),
            )
        krs, weights = [], []
        for j, k in enumerate(krs_data, start=1):
            kline = mapping_line(k) or mapping_line(o, "key_results")
            kwhere = owhere.child(f"key result {j}", kline)
            if not isinstance(k, dict):
                raise kwhere.error(
                    None,
                    f"must be a mapping, got {k!r}",
                    "Give it description, metric, baseline and target",
                )
            _check_fields(k, _KR_FIELDS, kwhere, "key result")
            desc = as_text(
                require(k, "description", kwhere, "Add 'description: <what should change>'"),
                "description",
                kwhere,
                mapping_line(k, "description"),
            )
            kwhere = owhere.child(f"key result {j} ({_short(desc, 40)!r})", kline)
            for f, fix in (
                ("metric", "Add 'metric: <name of the measured metric>', e.g. metric: cpl"),
                ("baseline", "Add 'baseline: <number where the metric starts>'"),
                ("target", "Add 'target: <number it should reach>'"),
            ):
                require(k, f, kwhere, fix)
            kw = {"description": desc}
            kw["metric"] = as_text(k["metric"], "metric", kwhere, mapping_line(k, "metric"))
            for f in ("baseline", "target"):
                kw[f] = as_number(k[f], f, kwhere, mapping_line(k, f))
            kw["current"] = as_number(
                k.get("current"), "current", kwhere, mapping_line(k, "current"), allow_none=True
            )
            kw["unit"] = as_text(k.get("unit"), "unit", kwhere, mapping_line(k, "unit"), True)
            for f in ("start", "due"):
                kw[f] = as_date(k.get(f), f, kwhere, mapping_line(k, f), allow_none=True)
            if k.get("kind") is not None:
                kind = as_text(k["kind"], "kind", kwhere, mapping_line(k, "kind"))
                if kind not in KINDS:
                    raise kwhere.error(
                        "kind",
                        f"is {kind!r}",
                        "Use 'committed' or 'aspirational'",
                        line=mapping_line(k, "kind"),
                    )
                kw["kind"] = kind
            if k.get("checkins") is not None:
                ck = k["checkins"]
                if not isinstance(ck, list):
                    raise kwhere.error(
                        "checkins",
                        "must be a list",
                        "Write each check-in as '- {date: 2026-01-31, value: 95}'",
                        line=mapping_line(k, "checkins"),
                    )
                kw["checkins"] = ck
            guards = k.get("guardrails") or []
            if not isinstance(guards, list):
                raise kwhere.error(
                    "guardrails",
                    "must be a list",
                    "Write each guardrail as '- {kpi: lead_quality, current: 0.11}'",
                    line=mapping_line(k, "guardrails"),
                )
            kw["guardrails"] = tuple(
                _guardrail_from(g, catalog, kwhere, n) for n, g in enumerate(guards, 1)
            )
            weights.append(
                as_number(k.get("weight", 1), "weight", kwhere, mapping_line(k, "weight"))
            )
            try:
                krs.append(KeyResult(**kw))
            except DefinitionError as exc:
                line = mapping_line(k, exc.field) if exc.field else kline
                raise kwhere.relocate(exc, "key result", line) from None
        try:
            objectives.append(
                Objective(
                    title=title,
                    owner=as_text(o.get("owner"), "owner", owhere, mapping_line(o, "owner"), True),
                    period=as_text(
                        o.get("period", default_period),
                        "period",
                        owhere,
                        mapping_line(o, "period"),
                        True,
                    ),
                    start=as_date(o.get("start"), "start", owhere, mapping_line(o, "start"), True),
                    due=as_date(o.get("due"), "due", owhere, mapping_line(o, "due"), True),
                    key_results=krs,
                    weights=weights,
                )
            )
        except DefinitionError as exc:
            line = mapping_line(o, exc.field) if exc.field else oline
            raise owhere.relocate(exc, "objective", line) from None
    return OKRSet(objectives, as_of=as_of, source=source)


def load_okrs(path, kpis=None) -> OKRSet:
    """Load objectives and key results from a YAML file.

    Parameters
    ----------
    path : str or Path
    kpis : KPICatalog or list of KPI, optional
        KPIs that guardrails refer to by name. If omitted, the file's own
        top-level ``kpis: <catalog.yaml>`` (relative to the file) is used.

    Raises
    ------
    okrlab.errors.DefinitionError
        Naming the file, line, objective, key result and field, and the fix.

    Examples
    --------
    >>> from okrlab.datasets import dataset_path
    >>> okrs = load_okrs(dataset_path("okrs.yaml"))
    >>> okrs.to_frame().columns[:4].tolist()
    ['objective', 'owner', 'period', 'key_result']
    """
    data, source = load_yaml_file(path)
    return _okrs_from_data(data, source, kpis=kpis, base_dir=Path(path).parent)


def load_okrs_text(text: str, kpis=None, source: str = "<string>") -> OKRSet:
    """Like :func:`load_okrs` for YAML text (a ``kpis:`` path is relative to the cwd)."""
    return _okrs_from_data(load_yaml_text(text, source), source, kpis=kpis)
