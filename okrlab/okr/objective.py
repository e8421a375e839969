"""Objectives: a qualitative goal scored by its weighted key results."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from .._docs import share_docs
from .._yaml import (
    Where,
    as_number,
    as_text,
)
from ..errors import DefinitionError, ParameterError
from .key_result import KeyResult, _short
from .scoring import _EPS, KINDS, _to_date, grade, parse_period


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

    @share_docs
    def score(self, at=None) -> float:
        """Weighted mean of the key results' clipped scores (NaN if one has no value).

        Parameters
        ----------
        {at_optional}

        Returns
        -------
        float
        """
        total = 0.0
        for kr, w in zip(self.key_results, self.weights, strict=True):
            value = kr.value_at(at) if at is not None else kr.current
            if value is None:
                return math.nan
            total += w * kr.score(value)
        return total / sum(self.weights)

    @share_docs
    def grade(self, at=None) -> str:
        """``'red'``, ``'yellow'`` or ``'green'`` of :meth:`score`.

        Parameters
        ----------
        {at_optional}

        Returns
        -------
        str
        """
        return grade(self.score(at))

    def guardrail_breaches(self) -> list[tuple[str, str]]:
        """(key result, KPI name) pairs whose guardrail KPI is unhealthy.

        Returns
        -------
        list of (str, str)
        """
        return [
            (kr.description, g.kpi.name)
            for kr in self.key_results
            for g in kr.guardrails
            if g.status() == "unhealthy"
        ]

    @share_docs
    def verdict(self, at=None) -> str:
        """``guardrail breached``, ``achieved``, ``not achieved`` or ``in progress``.

        Achieved: every committed key result at 1.0 and the objective score at
        least 0.7, with no unhealthy guardrail. A high score with an unhealthy
        guardrail is ``guardrail breached``, not a success.

        Parameters
        ----------
        {at_optional}

        Returns
        -------
        str
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

    def scorecard(self, at=None):
        """A :class:`~okrlab.okr.Scorecard` of this objective at date ``at``.

        Parameters
        ----------
        at : date, optional
            Scoring date; default the latest values.

        Returns
        -------
        Scorecard
        """
        from .scorecard import Scorecard  # scorecard imports this module

        return Scorecard([self], at=at)
