"""Check-ins and confidence histories: validated, dated series of a key result."""

from __future__ import annotations

from .._yaml import as_number, mapping_line

__all__: list[str] = []


def _as_confidence(confidence, checkins, where):
    """Confidence history (0-1) as a float Series by date, or None.

    Taken from ``confidence`` (a Series or ``{date: p}`` dict) or, when that is
    None, from the ``confidence`` keys of list-of-records ``checkins``.
    """
    import pandas as pd

    if confidence is None and isinstance(checkins, list | tuple):
        pairs = [
            (rec.get("date"), rec["confidence"], i, mapping_line(rec, "confidence"))
            for i, rec in enumerate(checkins, start=1)
            if isinstance(rec, dict) and rec.get("confidence") is not None
        ]
        if not pairs:
            return None
        for _, p, i, line in pairs:
            date = checkins[i - 1].get("date")
            _check_confidence(p, f"confidence of check-in {i} ({date})", where, line)
        confidence = {date: p for date, p, _, _ in pairs}
    if confidence is None:
        return None
    if isinstance(confidence, pd.Series):
        items = list(confidence.items())
    elif isinstance(confidence, dict):
        items = list(confidence.items())
    else:
        raise where.error(
            "confidence",
            f"has an unsupported type {type(confidence).__name__}",
            "Use a {date: probability} dict or a pandas Series indexed by date",
        )
    for i, (_, p) in enumerate(items, start=1):
        _check_confidence(p, f"confidence[{i}]", where)
    try:
        index = pd.DatetimeIndex([pd.Timestamp(str(d)) for d, _ in items])
    except (ValueError, TypeError):
        raise where.error(
            "confidence", "has a date that cannot be read", "Write dates as YYYY-MM-DD"
        ) from None
    values = [float(p) for _, p in items]
    return pd.Series(values, index=index, name="confidence", dtype=float).sort_index()


def _check_confidence(p, name, where, line=None):
    value = as_number(p, name, where, line=line)
    if not 0.0 <= value <= 1.0:
        raise where.error(
            name,
            f"is {value:g}, outside 0-1",
            "Write confidence as a probability from 0 to 1 (0.7, not 70)",
            line=line,
        )
    return value


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
            unknown = set(rec) - {"date", "value", "confidence"}
            if unknown:
                raise where.error(
                    "checkins",
                    f"entry {i} has unknown key(s) {', '.join(sorted(map(str, unknown)))}",
                    "A check-in has date, value and optionally confidence",
                    line=mapping_line(rec),
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
