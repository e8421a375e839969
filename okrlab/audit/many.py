"""okrlab.audit_many(): every KPI against one outcome, adjusted across KPIs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataError, ParameterError, ParameterTypeError
from ..kpi import normalize_direction
from . import _core
from ._audit import audit, check_span, keyword_only, run_params
from ._prepare import _DATE_NAMES, _check_columns, _clean_span, _prepare
from .result import TABLE_COLUMNS, AuditSet, summary_row

_RANK = {
    v: i
    for i, v in enumerate(
        [
            "predictive",
            "coincident",
            "weak",
            "follows",
            "misaligned",
            "decoupled",
            "spurious_trend",
            "not_predictive",
            "insufficient_data",
        ]
    )
}


def _kpi_names(data, outcome, kpis, date):
    if kpis is None:
        skip = {outcome, date} | set(_DATE_NAMES if date is None else ())
        kpis = [
            c
            for c in data.columns
            if c not in skip
            and (
                pd.api.types.is_numeric_dtype(data[c].dtype)
                or pd.api.types.is_bool_dtype(data[c].dtype)
            )
        ]
        if not kpis:
            raise DataError(f"no numeric KPI columns besides {outcome!r}; pass kpis=[...]")
        return kpis, {}
    if isinstance(kpis, str):
        kpis = [kpis]
    if not isinstance(kpis, (list, tuple)):
        raise ParameterTypeError(f"kpis must be a list of column names, got {type(kpis).__name__}")
    names, given = [], {}
    for k in kpis:
        name, d = _core._resolve_direction(k, None)
        names.append(name)
        if d is not None:
            given[name] = d
    if outcome in names:
        raise ParameterError(f"kpis lists the outcome {outcome!r}; remove it from kpis")
    if len(set(names)) != len(names):
        raise ParameterError("kpis lists a column twice")
    return names, given


def _directions_for(names, directions, catalog, from_kpis):
    out = {n: from_kpis.get(n) for n in names}
    if catalog is not None:
        if not (hasattr(catalog, "names") and hasattr(catalog, "__getitem__")):
            raise ParameterTypeError(
                f"catalog must be an okrlab.KPICatalog (okrlab.load_kpis('kpis.yaml')), got "
                f"{type(catalog).__name__}"
            )
        for n in names:
            if n in catalog and out[n] is None:
                out[n] = catalog[n].direction
    if directions is None:
        return out
    if isinstance(directions, str):
        raise ParameterTypeError(
            f"directions={directions!r} would give every KPI the same direction; pass a dict "
            "such as directions={'cpl': 'lower', 'demo_requests': 'higher'} or catalog="
        )
    if not isinstance(directions, dict):
        raise ParameterTypeError(
            "directions must be a dict {column: 'higher'|'lower'}, got "
            f"{type(directions).__name__}"
        )
    unknown = [k for k in directions if k not in names]
    if unknown:
        raise ParameterError(
            f"directions names {', '.join(map(repr, unknown))}, which is not among the KPIs "
            f"audited ({', '.join(names)})"
        )
    for n, d in directions.items():
        out[n] = None if d is None else normalize_direction(d)
    return out


def audit_many(
    data,
    *args,
    outcome=None,
    kpis=None,
    date=None,
    directions=None,
    catalog=None,
    lag=None,
    max_lag=None,
    method="pearson",
    freq=None,
    agg="mean",
    log=False,
    n_boot=2000,
    alpha=0.05,
    min_r=0.3,
    levels_r_min=0.5,
    min_periods=30,
    trim=0.15,
    max_gap=2,
    seasonal="auto",
    stationarity=True,
    seed=None,
) -> AuditSet:
    """Audit many KPI columns against one outcome, adjusted across KPIs, and rank them.

    Every KPI gets the analysis of :func:`okrlab.audit` (same parameters),
    computed for all KPIs at once. The difference: the p-values (changes,
    incremental and break test) are adjusted across the KPIs audited
    together (Benjamini-Hochberg false-discovery control), and the intervals
    are at the matching level ``1 - alpha * R / m`` (``R`` discoveries among
    ``m`` KPIs, at least one), so each interval still excludes 0 exactly when
    its adjusted p < alpha. A KPI's verdict can therefore depend on which
    other KPIs are audited with it; the text and JSON say so.

    Parameters
    ----------
    data : pandas.DataFrame
        The only positional argument (others raise
        :class:`~okrlab.errors.ParameterTypeError`).
    outcome : str
    kpis : list of str or okrlab.KPI, optional
        Default: every numeric column except the outcome and the date.
    directions : dict, optional
        ``{column: "higher" | "lower"}``; KPIs left out have no direction
        (sign not checked). Overrides ``catalog``.
    catalog : okrlab.KPICatalog, optional
        Directions from a KPI catalog (``okrlab.load_kpis("kpis.yaml")``).
    {audit_parameters}
    *args
        Not accepted: every argument after ``data`` is keyword-only (a positional one
        raises :class:`~okrlab.errors.ParameterTypeError` naming the keyword to use).

    Returns
    -------
    AuditSet
        ``table`` (one row per KPI, best first: predictive, coincident, weak,
        follows, misaligned, decoupled, spurious_trend, not_predictive,
        insufficient_data, then by ``|r_changes|``) and ``results``
        (``{kpi: AuditResult}``).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> demo = np.cumsum(rng.normal(0, 1, 150))
    >>> df = pd.DataFrame({"demo": demo, "noise": np.cumsum(rng.normal(0, 1, 150)),
    ...                    "revenue": np.r_[0.0, demo[:-1]] + rng.normal(0, 0.5, 150)},
    ...                   index=pd.date_range("2021-01-04", periods=150, freq="W-MON"))
    >>> res = audit_many(df, outcome="revenue", n_boot=499, seed=2)
    >>> print(res.table[["kpi", "verdict", "lead", "best_lag"]].to_string(index=False))
      kpi        verdict      lead  best_lag
     demo     predictive kpi_leads         1
    noise spurious_trend      None        -2
    """
    keyword_only("audit_many", args, outcome=outcome)
    if not isinstance(data, pd.DataFrame):
        raise ParameterTypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if not isinstance(outcome, str):
        raise ParameterTypeError(f"outcome must be a column name, got {type(outcome).__name__}")
    _check_columns(data, [outcome])
    kpis, from_kpis = _kpi_names(data, outcome, kpis, date)
    dirs = _directions_for(kpis, directions, catalog, from_kpis)
    _core.check_params(alpha, min_r, levels_r_min, n_boot, method, max_lag, lag, min_periods, trim)
    _core.check_series_options(max_gap, seasonal, stationarity, log)
    base = _core.seed_base(seed)
    grid, code, notes = _prepare(data, kpis + [outcome], date=date, freq=freq, agg=agg)
    groups, cleaned = {}, {}
    values = grid.to_numpy()
    has_nan = np.isnan(values).any(axis=0)
    complete = dict(zip(grid.columns, ~has_nan, strict=True))
    for k in kpis:
        if complete[k] and complete[outcome]:  # nothing to trim or fill: the grid itself
            clean, more = grid, []
        else:
            clean, more = _clean_span(grid, [k, outcome], code, max_gap)
        cleaned[k] = (clean, notes + more)
        groups.setdefault((clean.index[0], clean.index[-1]), []).append(k)
    params = run_params(
        alpha=alpha,
        min_r=min_r,
        levels_r_min=levels_r_min,
        min_periods=min_periods,
        lag=lag,
        method=method,
        log=bool(log),
        n_boot=n_boot,
        trim=trim,
        seed=base,
    )
    evs = {}
    for names in groups.values():
        frame = cleaned[names[0]][0]
        check_span(len(frame), code, names[0], outcome, max_lag, lag, min_periods)
        if all(cleaned[k][0] is grid for k in names):
            X = grid[names].to_numpy(dtype=float)
        else:
            X = np.column_stack([cleaned[k][0][k].to_numpy() for k in names])
        out = _core.infer(
            frame.index.values,
            X,
            frame[outcome].to_numpy(),
            names,
            code=code,
            log=log,
            max_lag=max_lag,
            lag=lag,
            method=method,
            n_boot=n_boot,
            min_periods=min_periods,
            base=base,
            steps={"seasonal": seasonal, "stationarity": stationarity},
        )
        evs.update(zip(names, out, strict=True))
    ctx = {
        "code": code,
        "n_boot": n_boot,
        "trim": trim,
        "seed_base": base,
        "alpha": alpha,
    }
    results = _core.finalize(
        [evs[k] for k in kpis],
        outcome=outcome,
        directions=[dirs[k] for k in kpis],
        notes=[cleaned[k][1] for k in kpis],
        alpha=alpha,
        min_r=min_r,
        levels_r_min=levels_r_min,
        params=params,
        ctx=ctx,
        method=method,
    )
    rows = [summary_row(r) for r in results]
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    table["best_lag"] = table["best_lag"].astype("Int64")
    for col in ("direction", "lead"):  # None (not NaN) where unknown / no link
        table[col] = pd.Series([r[col] for r in rows], dtype=object)
    key = table["verdict"].map(_RANK) * 10 - table["r_changes"].abs().fillna(0)
    table = table.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)
    return AuditSet(outcome=outcome, table=table, results=dict(zip(kpis, results, strict=True)))


_SHARED = ("date", "lag", "max_lag", "method", "freq", "agg", "log", "n_boot", "alpha", "min_r",
           "levels_r_min", "min_periods", "trim", "max_gap", "seasonal", "stationarity", "seed")  # fmt: skip


def _audit_parameter_docs(names) -> str:
    """The entries for ``names`` from :func:`audit`'s Parameters section (one source)."""
    section = audit.__doc__.split("    Parameters\n    ----------\n", 1)[1].split("\n\n", 1)[0]
    entries, current = {}, None
    for line in section.splitlines():
        if line.startswith("    ") and not line.startswith("     "):
            current = line.strip().split(" :")[0]
            entries[current] = [line]
        elif current is not None:
            entries[current].append(line)
    return "\n".join(line for name in names for line in entries[name])


audit_many.__doc__ = audit_many.__doc__.replace(
    "    {audit_parameters}", _audit_parameter_docs(_SHARED)
)
