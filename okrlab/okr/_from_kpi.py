"""Turning a KPI and its history into a key result (:meth:`KeyResult.from_kpi`)."""

from __future__ import annotations

import datetime as _dt

from .._validate import check_integer
from .._yaml import Where, as_number
from ..errors import DataError, ParameterError, ParameterTypeError
from ..kpi import KPI
from .scoring import _to_date, ambition


def key_result_from_kpi(
    cls, kpi, history, *, target, lift, due, start, window, description, kind, guardrails
):
    """The body of :meth:`KeyResult.from_kpi` (see there); ``cls`` is the class built."""
    import pandas as pd

    if not isinstance(kpi, KPI):
        raise ParameterTypeError(f"kpi must be an okrlab.KPI, got {type(kpi).__name__}")
    if not isinstance(history, pd.Series):
        raise ParameterTypeError(
            f"history must be a pandas Series of {kpi.name!r} values indexed by date, "
            f"got {type(history).__name__}"
        )
    window = check_integer(window, "window", low=1, example=4)
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
