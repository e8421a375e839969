"""Check-in tables: validate them and derive one row per key result."""

from __future__ import annotations

import numpy as np

from ..errors import DataError, ParameterTypeError

KEY = ("team", "quarter", "kr")


def _need(data, columns, what):
    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        raise ParameterTypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    for name, col in columns.items():
        if not isinstance(col, str):
            raise ParameterTypeError(f"{name} must be a column name (str), got {col!r}")
        if col not in data.columns:
            raise DataError(
                f"{what} needs a column {col!r} ({name}=); the data has "
                f"{', '.join(map(str, data.columns))}. Pass {name}='your column name'."
            )


def _show(value):
    """A cell as a reader wrote it: 30 not np.float64(30.0), '30%' quoted."""
    if isinstance(value, str):
        return repr(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return repr(value)
    return f"{number:g}"


def _numeric(data, col, name):
    import pandas as pd

    values = pd.to_numeric(data[col], errors="coerce")
    bad = values.isna() & data[col].notna()
    if bad.any():
        rows = list(data.index[bad][:3])
        raise DataError(
            f"column {col!r} ({name}=) has {int(bad.sum())} non-numeric values "
            f"(rows {', '.join(map(str, rows))}), e.g. {_show(data.loc[rows[0], col])}; "
            "write plain numbers (0.3, not '30%') or convert with pandas.to_numeric"
        )
    if np.isinf(values.to_numpy(dtype=float)).any():
        raise DataError(f"column {col!r} ({name}=) has infinite values")
    return values.astype(float)


def confidence_values(data, col):
    """The confidence column as floats in [0, 1] (missing allowed)."""
    conf = _numeric(data, col, "confidence")
    bad = conf.notna() & ((conf < 0) | (conf > 1))
    if bad.any():
        rows = list(data.index[bad][:3])
        raise DataError(
            f"column {col!r} (confidence=) must hold probabilities from 0 to 1; "
            f"{int(bad.sum())} values are outside (rows {', '.join(map(str, rows))}), "
            f"e.g. {_show(data.loc[rows[0], col])}. Percentages? Divide the column by 100."
        )
    return conf


def kr_table(data, *, team, quarter, kr, week, value, baseline, target, kind=None):
    """One row per key result: its final value, raw and capped score and whether it was met.

    The final value is the value at each key result's last week. The raw
    score is ``(final - baseline) / (target - baseline)`` (so it works for
    lower-is-better metrics too); ``score`` caps it to 0-1 and ``met`` is
    ``raw_score >= 1``.
    """
    cols = {"team": team, "quarter": quarter, "kr": kr, "week": week, "value": value}
    cols.update({"baseline": baseline, "target": target})
    if kind is not None:
        cols["kind"] = kind
    _need(data, cols, "the quarter review")
    df = data[list(dict.fromkeys(cols.values()))].copy()
    df.columns = [k for k in cols]
    for name in ("week", "value", "baseline", "target"):
        df[name] = _numeric(data, cols[name], name)
    keys = list(KEY)
    missing = df[keys + ["week", "value"]].isna().any(axis=1)
    if missing.all():
        raise DataError("no row has a team, quarter, key result, week and value")
    df = df[~missing]
    last = df.sort_values(keys + ["week"], kind="stable").groupby(keys, sort=True).tail(1)
    gap = last["target"] - last["baseline"]
    if (gap == 0).any():
        row = last.index[(gap == 0).to_numpy()][0]
        raise DataError(
            f"key result {tuple(last.loc[row, keys])} has target == baseline "
            f"({last.loc[row, 'target']}); a key result must ask for a change"
        )
    out = last[keys + (["kind"] if kind is not None else [])].copy()
    out["baseline"] = last["baseline"]
    out["target"] = last["target"]
    out["final"] = last["value"]
    out["raw_score"] = (last["value"] - last["baseline"]) / gap
    out["score"] = out["raw_score"].clip(0.0, 1.0)
    out["met"] = out["raw_score"] >= 1.0 - 1e-9
    return out.reset_index(drop=True)


def t_interval(values, level):
    """Mean and t interval of a 1-D array (nan bounds with fewer than 2 values)."""
    from scipy.stats import t as t_dist

    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    n = v.size
    if n == 0:
        return np.nan, np.nan, np.nan, 0
    mean = float(v.mean())
    if n < 2:
        return mean, np.nan, np.nan, n
    se = float(v.std(ddof=1)) / np.sqrt(n)
    q = float(t_dist.ppf(0.5 + level / 2.0, n - 1))
    return mean, mean - q * se, mean + q * se, n


def wilson(k, n, level=0.95):
    """Wilson score interval for k successes in n trials (arrays allowed)."""
    from scipy.stats import norm

    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    z = float(norm.ppf(0.5 + level / 2.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def checkins_from_okrs(okr_sets):
    """One row per check-in from loaded OKR sets (the shape :func:`calibration` reads).

    Each key result's team is its objective's ``owner`` (else the set's file
    name), its quarter the objective's ``period`` (else the start date's
    quarter), ``week_of_quarter`` the whole weeks from the key result's start
    (its own, else its objective's, else its first check-in), and its last
    check-in is taken as its final value: review finished quarters.

    Parameters
    ----------
    okr_sets : iterable of okrlab.OKRSet

    Returns
    -------
    pandas.DataFrame
        ``team``, ``quarter``, ``kr`` (the description), ``kind``,
        ``baseline``, ``target``, ``week_of_quarter``, ``value``,
        ``confidence`` (empty where a check-in has none).
    """
    import pathlib

    import pandas as pd

    rows = []
    for okrs in okr_sets:
        fallback = pathlib.Path(str(okrs.source)).stem if okrs.source else "team"
        for obj in okrs.objectives:
            for kr in obj.key_results:
                if kr.checkins is None or not len(kr.checkins):
                    continue
                start = kr.start or obj.start or kr.checkins.index[0].date()
                quarter = obj.period or f"{start.year}-Q{(start.month - 1) // 3 + 1}"
                conf = kr.confidence if kr.confidence is not None else pd.Series(dtype=float)
                for date, value in kr.checkins.items():
                    rows.append(
                        {
                            "team": obj.owner or fallback,
                            "quarter": quarter,
                            "kr": kr.description,
                            "kind": kr.kind,
                            "baseline": kr.baseline,
                            "target": kr.target,
                            "week_of_quarter": (date.date() - start).days // 7,
                            "value": float(value),
                            "confidence": float(conf.get(date, np.nan)),
                        }
                    )
    if not rows:
        raise DataError("no key result in these OKR files has check-ins to review")
    return pd.DataFrame(rows)
