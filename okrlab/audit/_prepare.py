"""Audit intake: dates, numbers, regular grid, gaps (private).

* Dates come from ``date=`` (a column), else a ``DatetimeIndex`` or
  ``PeriodIndex``, else the single column named ``date``, ``week``, ``month``,
  ``quarter``, ``year``, ``period`` or ``day``. Accepted forms: datetimes,
  ISO dates, ``YYYY-MM``, ``2002 Jan``, ``2024Q1``, pandas Period values,
  whole-number years (``1907``) and ``DD/MM/YYYY`` or ``MM/DD/YYYY`` when a
  day above 12 shows which (else refused as ambiguous, as the CSV intake
  does). Excel serial numbers, other numbers,
  timestamps finer than a day and mixed time-zone offsets raise
  :class:`~okrlab.errors.DataError` naming the column and the fix.
* Rows are sorted by date; the caller's DataFrame is never modified.
* The frequency (daily, weekly, monthly, quarterly, yearly) is detected from
  the median spacing; ``freq=`` ("W", "M", "Q", "Y") resamples to a coarser
  one (mean by default, ``agg="sum"`` for totals). Asking for the frequency
  the data already have changes nothing and adds no note.
* Missing periods and values: trimmed at the ends, filled by linear
  interpolation inside when at most ``max_gap`` long, else an error.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import DataError, ParameterError, ParameterTypeError

_DATE_NAMES = ("date", "week", "month", "quarter", "year", "period", "day")
_UNITS = {"D": "days", "W": "weeks", "M": "months", "Q": "quarters", "Y": "years"}
_UNIT1 = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
_DEFAULT_LAG = {"D": 28, "W": 8, "M": 3, "Q": 2, "Y": 1}
_DEFAULT_WINDOW = {"D": 90, "W": 26, "M": 12, "Q": 8, "Y": 5}
_FREQ_ALIASES = {
    "w": "W",
    "week": "W",
    "weekly": "W",
    "m": "M",
    "ms": "M",
    "month": "M",
    "monthly": "M",
    "q": "Q",
    "qs": "Q",
    "quarter": "Q",
    "quarterly": "Q",
    "y": "Y",
    "a": "Y",
    "ys": "Y",
    "year": "Y",
    "yearly": "Y",
    "annual": "Y",
}
_ORDER = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4}
_RULE = {"W": "W-MON", "M": "MS", "Q": "QS", "Y": "YS"}
_FREQ_HINT = "freq='W', 'M', 'Q' or 'Y'"


# ---------------------------------------------------------------------------
# input handling
# ---------------------------------------------------------------------------


def _rows_text(labels, limit=5) -> str:
    labels = list(labels)
    text = ", ".join(str(x) for x in labels[:limit])
    if len(labels) > limit:
        text += f" and {len(labels) - limit} more"
    return text


def _row_word(data) -> str:
    return "lines" if data.index.name == "line" else "rows"


def _check_columns(data, columns):
    for col in columns:
        if not isinstance(col, str):
            raise ParameterTypeError(
                f"column names must be strings, got {type(col).__name__} {col!r}"
            )
        if col not in data.columns:
            raise DataError(
                f"no column {col!r} in the data; columns are: "
                f"{', '.join(map(str, data.columns))}. Check the spelling."
            )
        if int((data.columns == col).sum()) > 1:
            raise DataError(
                f"column {col!r} appears {int((data.columns == col).sum())} times in the data; "
                "rename or drop the duplicates"
            )


def _date_source(data, date):
    """The raw date values (a Series aligned with the rows) and their label."""
    if date is not None and not isinstance(date, str):
        raise ParameterTypeError(f"date must be a column name, got {type(date).__name__}")
    if date is not None:
        if date not in data.columns:
            raise DataError(
                f"no date column {date!r}; columns are: {', '.join(map(str, data.columns))}"
            )
        return data[date], date
    if isinstance(data.index, (pd.DatetimeIndex, pd.PeriodIndex)):
        return pd.Series(data.index, index=data.index), "index"
    found = [c for c in data.columns if str(c).lower() in _DATE_NAMES]
    if len(found) != 1:
        raise DataError(
            "cannot tell which column holds the dates: pass date='column name' "
            "or give the DataFrame a DatetimeIndex"
        )
    return data[found[0]], found[0]


def _numeric_dates(raw, label):
    """Whole-number years become dates; any other number is refused with the fix."""
    vals = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    ok = vals[np.isfinite(vals)]
    if len(ok) and np.all(ok == np.round(ok)) and ok.min() >= 1000 and ok.max() <= 2999:
        years = np.where(np.isfinite(vals), vals, 2000).astype(int)
        parsed = pd.Series(pd.to_datetime(years.astype(str), format="%Y"), index=raw.index)
        return parsed.where(raw.notna())
    if len(ok) and ok.min() >= 20000 and ok.max() <= 80000:
        raise DataError(
            f"date column {label!r} holds numbers like {ok[0]:g} that look like Excel serial "
            f"dates; convert them first, e.g. pd.to_datetime(df[{label!r}], unit='D', "
            "origin='1899-12-30'), or export the sheet with real dates"
        )
    raise DataError(
        f"date column {label!r} holds numbers (e.g. {ok[0] if len(ok) else 'n/a'}), not dates; "
        "name the real date column with date= (CLI: --date), or write dates as YYYY-MM-DD, "
        "YYYY-MM, 2024Q1 or a whole-number year"
    )


def _text_dates(raw, label):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = pd.to_datetime(raw, errors="coerce")
        except (ValueError, TypeError):
            parsed = None
    if parsed is None or parsed.dtype == object:
        raise DataError(
            f"date column {label!r} mixes time-zone offsets (e.g. {raw.dropna().iloc[0]!r}); "
            "write every date in one time zone, or as plain calendar dates YYYY-MM-DD"
        )
    return parsed


def _slash_dates(raw, label):
    """DD/MM/YYYY or MM/DD/YYYY, decided from the data (a day > 12) or refused as ambiguous."""
    from .._table import parse_date_column

    text = raw.astype(str).str.strip().where(raw.notna())
    parsed, _ = parse_date_column(text, column=str(label), name="data", interface="python")
    return parsed


def _parse_dates(data, date, *, times_ok=False):
    """Return (DatetimeIndex aligned with data rows, label of the date source).

    Times of day are refused unless ``times_ok`` (a ``freq=`` resampling follows).
    """
    raw, label = _date_source(data, date)
    if isinstance(raw.dtype, pd.PeriodDtype):
        parsed = raw.dt.to_timestamp()
    elif isinstance(raw.dtype, pd.DatetimeTZDtype):
        parsed = raw.dt.tz_localize(None)
    elif pd.api.types.is_datetime64_any_dtype(raw.dtype):
        parsed = raw
    elif pd.api.types.is_bool_dtype(raw.dtype):
        raise DataError(f"date column {label!r} holds True/False values, not dates")
    elif pd.api.types.is_numeric_dtype(raw.dtype):
        parsed = _numeric_dates(raw, label)
    else:
        text = raw.dropna().astype(str).str.strip()
        if len(text) and text.str.fullmatch(r"[12]\d{3}(\.0)?").all():
            parsed = _numeric_dates(raw.astype(str).str.strip().where(raw.notna()), label)
        elif len(text) and text.str.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{4}").all():
            parsed = _slash_dates(raw, label)
        else:
            parsed = _text_dates(raw, label)
        if isinstance(parsed.dtype, pd.DatetimeTZDtype):
            parsed = parsed.dt.tz_localize(None)
    missing = raw.isna().to_numpy()
    bad = parsed.isna().to_numpy() & ~missing
    rows = _row_word(data)
    if bad.any():
        example = raw[bad].iloc[0]
        raise DataError(
            f"date column {label!r} has {int(bad.sum())} value(s) that are not dates "
            f"({rows} {_rows_text(data.index[bad])}), e.g. {example!r}; write dates as "
            "YYYY-MM-DD (or YYYY-MM, 2024Q1, a whole-number year)"
        )
    if missing.any():
        raise DataError(
            f"date column {label!r} is empty in {int(missing.sum())} row(s) "
            f"({rows} {_rows_text(data.index[missing])}); fill in or drop those rows"
        )
    years = pd.DatetimeIndex(parsed).year
    if (years > 2261).any() or (years < 1678).any():
        raise DataError(
            f"date column {label!r} has dates outside 1678-2261 (e.g. {raw.iloc[0]!r}), which "
            "the audit cannot place on a calendar; check the column"
        )
    out = pd.DatetimeIndex(np.asarray(parsed, dtype="datetime64[ns]"))
    sub_daily = out != out.normalize()
    if sub_daily.any() and not times_ok:
        raise DataError(
            f"date column {label!r} has times of day ({rows} "
            f"{_rows_text(data.index[sub_daily])}, e.g. {out[sub_daily][0]}); the audit works "
            "on days or coarser periods: aggregate to days first (e.g. "
            "df.resample('D', on=...).sum()) or pass freq='W' (CLI: --freq W) to resample"
        )
    return out, label


#: Largest magnitude accepted: sums of squares of changes must stay finite.
_MAX_ABS = 1e100


def _numeric(data, col) -> np.ndarray:
    s = data[col]
    rows = _row_word(data)
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.to_numpy(dtype=float)
    kind = getattr(s.dtype, "kind", "O")
    if kind in "cmM" or isinstance(s.dtype, (pd.DatetimeTZDtype, pd.PeriodDtype)):
        raise DataError(
            f"column {col!r} holds {s.dtype} values, not plain numbers; convert it to a number "
            "per period first (e.g. hours as float)"
        )
    if pd.api.types.is_numeric_dtype(s.dtype):
        values = s.to_numpy(dtype=float, na_value=np.nan)
    else:
        s = s.where(~_dash_cells(s))  # a lone dash marks "no data", like #N/A
        conv = pd.to_numeric(s, errors="coerce")
        bad = (conv.isna() & s.notna()).to_numpy()
        if bad.any():
            example = s[bad].iloc[0]
            hint = (
                "remove currency symbols, units and thousands separators"
                if rows == "lines"
                else "remove currency symbols, units and thousands separators (for example "
                f"df[{col!r}].str.replace(r'[$,%]', '', regex=True))"
            )
            raise DataError(
                f"column {col!r} has {int(bad.sum())} non-numeric value(s) "
                f"({rows} {_rows_text(data.index[bad])}), e.g. {example!r}; leave a cell "
                f"empty for a missing period, and {hint}"
            )
        values = conv.to_numpy(dtype=float, na_value=np.nan)
    big = np.isfinite(values) & (np.abs(np.nan_to_num(values)) > _MAX_ABS)
    if big.any():
        raise DataError(
            f"column {col!r} has value(s) beyond ±1e100 ({rows} {_rows_text(data.index[big])}); "
            "rescale it (e.g. to thousands or millions)"
        )
    inf = np.isinf(values)
    if inf.any():
        raise DataError(
            f"column {col!r} has infinite value(s) ({rows} {_rows_text(data.index[inf])}); "
            "replace them with real numbers or leave them empty"
        )
    return values


_DASHES = ("-", "\u2013", "\u2014")


def _dash_cells(s) -> np.ndarray:
    """Cells holding only a dash (a spreadsheet's "no data"), for text columns."""
    if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        return np.zeros(len(s), dtype=bool)
    return s.map(lambda v: isinstance(v, str) and v.strip() in _DASHES).to_numpy(dtype=bool)


def _normalize_freq(freq):
    if freq is None:
        return None
    key = str(freq).strip().lower()
    if key not in _FREQ_ALIASES:
        raise ParameterError(
            f"freq={freq!r} is not supported; use 'W' (weekly), 'M' (monthly), 'Q' (quarterly) "
            "or 'Y' (yearly)"
        )
    return _FREQ_ALIASES[key]


def _positions(dates: pd.DatetimeIndex):
    """Detect the frequency and each date's integer position on the regular grid."""
    if len(dates) < 2:
        raise DataError("the data need at least two dates")
    days = np.median(np.diff(dates.values).astype("timedelta64[D]").astype(float))
    if days <= 1.5:
        code, step = "D", 1
    elif 6 <= days <= 8:
        code, step = "W", 7
    elif 27 <= days <= 32:
        code = "M"
    elif 88 <= days <= 93:
        code = "Q"
    elif 360 <= days <= 370:
        code = "Y"
    else:
        raise DataError(
            f"dates are irregularly spaced (median {days:g} days apart); pass {_FREQ_HINT} "
            "to resample them"
        )
    if code in ("D", "W"):
        offs = (dates - dates[0]).days.to_numpy()
        pos = offs / step
        off_grid = pos != np.round(pos)
        return code, np.round(pos).astype(int), off_grid
    per = dates.to_period(code)
    ords = np.asarray(per.asi8)
    return code, ords - ords[0], np.zeros(len(dates), dtype=bool)


def _already(index, freq) -> bool:
    """True when the dates are already distinct periods of ``freq`` (resampling is a no-op)."""
    uniq = index.unique()
    if len(uniq) != len(index) or len(uniq) < 2:
        return False
    try:
        native, _, off = _positions(uniq)
    except DataError:
        return False
    if native != freq or off.any():
        return False
    if freq in ("M", "Q", "Y"):
        return bool(len(np.unique(uniq.to_period(freq).asi8)) == len(uniq))
    return True


def _how(columns, agg):
    if isinstance(agg, str):
        how = dict.fromkeys(columns, agg)
    elif isinstance(agg, dict):
        how = {c: agg.get(c, "mean") for c in columns}
    else:
        raise ParameterTypeError("agg must be 'mean', 'sum' or a dict {column: 'mean'|'sum'}")
    for c, h in how.items():
        if h not in ("mean", "sum"):
            raise ParameterError(f"agg for column {c!r} is {h!r}; use 'mean' or 'sum'")
    return how


def _resample(frame, columns, freq, how):
    uniq = frame.index.unique()
    if len(uniq) >= 2:
        native, _, _ = _positions(uniq)
        if _ORDER[native] > _ORDER[freq]:
            raise ParameterError(
                f"freq={freq!r} would make the data finer than they are "
                f"({_UNITS[native]}); only coarser resampling is possible"
            )
    res = frame.resample(_RULE[freq], label="left", closed="left")
    parts = {}
    for c in columns:
        parts[c] = res[c].sum(min_count=1) if how[c] == "sum" else res[c].mean()
    # label="left", closed="left": each bin is [start, next start) and carries its start
    # (weeks: the Monday, months: the 1st), so no further shift is needed
    out = pd.DataFrame(parts)
    note = f"resampled to {_UNITS[freq]} (" + ", ".join(f"{how[c]} of {c}" for c in columns)
    return out, [note + ")"]


def _prepare(data, columns, *, date=None, freq=None, agg="mean"):
    """Clean data to a regular grid: (frame with NaN for missing, freq code, notes).

    ``frame`` has a DatetimeIndex with one row per period of the grid and one
    float column per requested column.
    """
    if not isinstance(data, pd.DataFrame):
        raise ParameterTypeError(
            f"data must be a pandas DataFrame, got {type(data).__name__}; load a CSV with "
            "pandas.read_csv(...)"
        )
    _check_columns(data, columns)
    dates, date_label = _parse_dates(data, date, times_ok=freq is not None)
    values = {c: _numeric(data, c) for c in columns}
    notes = []
    for c in columns:
        dash = _dash_cells(data[c])
        if dash.any():
            notes.append(
                f"{int(dash.sum())} cell(s) of {c} holding only '-' read as missing "
                f"({_row_word(data)} {_rows_text(data.index[dash])})"
            )
    frame = pd.DataFrame(values, index=dates)
    order = np.argsort(dates.values, kind="stable")
    frame = frame.iloc[order]
    labels = data.index[order]
    freq = _normalize_freq(freq)
    rows = _row_word(data)
    how = _how(columns, agg)
    if freq is not None and not _already(frame.index, freq):
        frame, more = _resample(frame, columns, freq, how)
        notes = more + notes
        code = freq
        pos = np.arange(len(frame))
    else:
        idx = frame.index
        dup = idx.duplicated(keep=False)
        if dup.any():
            first = idx[dup][0]
            which = labels[np.asarray(idx == first)]
            raise DataError(
                f"{int(idx.duplicated().sum())} duplicate date(s) in {date_label!r}, e.g. "
                f"{first.date()} ({rows} {_rows_text(which)}); keep one row per date, or pass "
                f"{_FREQ_HINT} to aggregate them"
            )
        code, pos, off_grid = _positions(idx)
        if off_grid.any():
            raise DataError(
                f"dates in {date_label!r} are not on a regular {_UNIT1[code]}ly grid "
                f"({rows} {_rows_text(labels[off_grid])}); pass {_FREQ_HINT} to resample"
            )
        if code == "M":
            # calendar months may fall on different days: dup months are duplicates
            if len(np.unique(pos)) != len(pos):
                raise DataError(
                    f"two rows fall in the same month in {date_label!r}; keep one row per "
                    "month or pass freq='M' to aggregate them"
                )
    full = np.arange(pos.max() + 1)
    grid = pd.DataFrame(index=full, columns=columns, dtype=float)
    grid.loc[pos, columns] = frame[columns].to_numpy()
    if code in ("D", "W"):
        step = 1 if code == "D" else 7
        index = frame.index[0] + pd.to_timedelta(full * step, unit="D")
    else:
        start = frame.index[0].to_period(code)
        index = pd.period_range(start, periods=len(full), freq=code).to_timestamp()
        known = pd.Series(frame.index, index=pos)
        index = pd.DatetimeIndex([known.get(p, index[p]) for p in full])
    grid.index = index
    grid.index.name = "date"
    n_gap = len(full) - len(pos)
    if n_gap:
        notes.append(f"{n_gap} {_UNITS[code]} missing from the dates (gaps)")
    return grid, code, notes


def _clean_span(grid, columns, code, max_gap):
    """Trim leading/trailing missing values and fill short inner gaps.

    Returns (frame without NaN, notes). Raises DataError for long inner gaps.
    """
    notes = []
    values = grid[columns].to_numpy()
    if not np.isnan(values).any():  # fast path: nothing to trim or fill
        return grid[columns], notes
    ok = ~np.isnan(values).any(axis=1)
    if not ok.any():
        raise DataError(f"no period has values for all of {', '.join(map(repr, columns))}")
    first, last = int(np.argmax(ok)), len(ok) - 1 - int(np.argmax(ok[::-1]))
    unit = _UNITS[code]
    if first > 0:
        cols = [c for c in columns if grid[c].iloc[:first].isna().any()]
        notes.append(f"dropped {first} {unit} at the start with missing {', '.join(cols)}")
    if last < len(ok) - 1:
        cols = [c for c in columns if grid[c].iloc[last + 1 :].isna().any()]
        notes.append(
            f"dropped {len(ok) - 1 - last} {unit} at the end with missing {', '.join(cols)}"
        )
    sub = grid.iloc[first : last + 1].copy()
    for c in columns:
        miss = sub[c].isna().to_numpy()
        if not miss.any():
            continue
        # runs of missing values
        edges = np.diff(np.r_[0, miss.astype(int), 0])
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        longest = int((ends - starts).max())
        if longest > max_gap:
            j = int(np.argmax(ends - starts))
            raise DataError(
                f"column {c!r} is missing for {longest} {unit} in a row "
                f"({sub.index[starts[j]].date()} to {sub.index[ends[j] - 1].date()}); at most "
                f"max_gap={max_gap} are filled in. Fill the gap, raise max_gap, or audit the "
                "periods before and after separately"
            )
        dates = ", ".join(str(d.date()) for d in sub.index[miss][:5])
        more = f" and {int(miss.sum()) - 5} more" if miss.sum() > 5 else ""
        notes.append(
            f"filled {int(miss.sum())} missing {unit} of {c} by linear interpolation "
            f"({dates}{more})"
        )
        sub[c] = sub[c].interpolate(method="linear")
    return sub, notes
