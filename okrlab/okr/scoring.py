"""Scoring rules: grades, commitment bars, ambition, periods and dates (see :mod:`okrlab.okr`)."""

from __future__ import annotations

import datetime as _dt
import math
import re

from .._yaml import (
    Where,
    as_date,
)
from ..errors import DataError, ParameterError

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
