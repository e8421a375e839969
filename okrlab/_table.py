"""CSV intake for the command line and for CSV paths given to okrlab functions.

:func:`read_table` reads a regular file only (see :mod:`okrlab._io`), decodes
UTF-8/UTF-16, finds the delimiter (comma, semicolon or tab) and the header
(title lines above it are skipped with a note), refuses duplicate column
names, reads numbers written with thousands separators or decimal commas
(``1,234,567.8``, ``1.234.567,8``, ``413.101,00``) when the column shows
which convention it uses and refuses them with both readings when it does not,
names infinite and overflowing values, and, for the date column, sets time-zone
offsets aside (local calendar days), refuses several rows per day (hourly data),
ambiguous day/month order and dates beyond pandas' range.

Messages use the words of the interface: ``interface="cli"`` names flags
(``--date``), ``interface="python"`` keyword arguments (``date=``).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from ._io import MAX_TABLE_BYTES, printable, read_text
from .errors import DataError, ParameterError, ParameterTypeError

__all__ = ["read_table", "read_table_text", "parse_date_column", "MAX_ABS_VALUE", "DATE_NAMES"]

#: Larger magnitudes are refused: their squares overflow to infinity in statistics.
MAX_ABS_VALUE = 1e100
#: Column names taken as the date column when none is named.
DATE_NAMES = ("date", "week", "month", "day")

_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_OTHER_DELIMITERS = {"|": "vertical bar", ":": "colon", " ": "space"}
_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INT = re.compile(r"[+-]?\d+")
_US = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_EU = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[+-]?\d+,\d+")
_AMBIGUOUS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})|[+-]?\d{1,3}(?:\.\d{3})")
_INF = re.compile(r"[+-]?(?:inf|infinity)", re.I)
_ANY_NUMBER = re.compile(rf"{_PLAIN.pattern}|{_US.pattern}|{_EU.pattern}|{_INF.pattern}", re.I)
_DATA_CELL = re.compile(
    r"[+-]?[\d.,]*\d[\d.,]*(?:[eE][+-]?\d+)?|\d{4}-\d{2}-\d{2}.*|\d{1,2}/\d{1,2}/\d{4}"
)
_SLASH_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


def _words(interface: str) -> dict:
    if interface == "cli":
        return {"date": "--date COL"}
    return {"date": "date='column'"}


def read_table(
    path,
    *,
    interface: str = "python",
    param: str = "data",
    date=None,
    max_bytes: int = MAX_TABLE_BYTES,
    what: str = "CSV file",
):
    """Read a CSV file safely; returns ``(frame, notes)``.

    Parameters
    ----------
    path : str or os.PathLike
        A regular CSV file.
    interface : {'python', 'cli'}
        Whose words the messages use.
    param : str
        The name of this input in that interface (``'FILE.csv'``, ``'--history'``).
    date : str, optional
        The date column; by default the first column named one of
        :data:`DATE_NAMES` (any case), if there is one.
    max_bytes : int
        Larger files are refused.
    what : str
        What the file is, for messages (``'history file'``).

    Returns
    -------
    frame : pandas.DataFrame
        One column per CSV column: numbers as ``int64``/``float64``, the date
        column as ``datetime64[ns]``, anything else as text. The index holds
        the CSV line number of each row (``line``).
    notes : list of str
        What was done that a careful reader should know (title lines skipped,
        offsets set aside); the CLI prints them to stderr.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "eu.csv"
    >>> _ = p.write_text("Weekly report\\nweek;revenue\\n2026-01-05;413.101,00\\n"
    ...                  "2026-01-12;398.250,50\\n")
    >>> df, notes = read_table(p)
    >>> df["revenue"].tolist(), str(df["week"].dtype)
    ([413101.0, 398250.5], 'datetime64[ns]')
    >>> notes[0]
    "line 1 ('Weekly report') is not part of the table; the header is line 2"
    """

    if interface not in ("python", "cli"):
        raise ParameterError(f"interface must be 'python' or 'cli', got {interface!r}")
    text = read_text(path, max_bytes=max_bytes, param=param, what=what)
    return read_table_text(text, name=str(path), interface=interface, date=date)


def read_table_text(text: str, *, name: str = "<text>", interface: str = "python", date=None):
    """:func:`read_table` for CSV text already in memory (an upload, a text box).

    ``name`` stands for the file in messages. Returns ``(frame, notes)`` as
    :func:`read_table` does.

    Examples
    --------
    >>> frame, notes = read_table_text("week;cpl\\n2026-01-05;12,5\\n", name="upload.csv")
    >>> frame["cpl"].tolist()
    [12.5]
    """
    if interface not in ("python", "cli"):
        raise ParameterError(f"interface must be 'python' or 'cli', got {interface!r}")
    if not isinstance(text, str):
        raise ParameterTypeError(f"text must be a str, got {type(text).__name__}")
    if len(text) > MAX_TABLE_BYTES:
        raise DataError(
            f"{name}: the text has {len(text):,} characters, more than the "
            f"{MAX_TABLE_BYTES:,} okrlab reads; split it"
        )
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DataError(f"{name}: the file is empty; export the table with a header row")
    lines = text.split("\n")
    sep, header_at = _sniff(lines, name)
    notes = []
    titles = [i for i in range(header_at) if lines[i].strip()]
    if titles:
        shown = printable(lines[titles[0]].strip()[:40], keep_newlines=False)
        notes.append(
            f"line {titles[0] + 1} ({shown!r}) is not part of the table; "
            f"the header is line {header_at + 1}"
        )
    header = next(csv.reader([lines[header_at]], delimiter=sep))
    _check_header(header, name, header_at + 1)
    frame = _parse(lines, header_at, sep, len(header), name)
    frame.columns = [h.strip() for h in header]
    frame = frame.drop(columns=[c for c in frame.columns if c == "" and frame[c].isna().all()])
    if "" in frame.columns:
        raise DataError(
            f"{name}:{header_at + 1}: column {header.index('') + 1} has no name "
            "but holds values; give it a name in the header"
        )
    frame.index = _line_numbers(lines, header_at, len(frame))
    frame = frame.dropna(how="all")  # ',,' rows that spreadsheets leave at the end
    for column in frame.columns:
        frame[column] = _numbers(frame[column], name, column, sep)
    date_col = _date_column(frame, date, name, interface)
    if date_col is not None:
        frame[date_col], more = _dates(frame[date_col], name, date_col, interface)
        notes += more
    return frame, notes


def _parse(lines, header_at, sep, width, name):
    import warnings

    import pandas as pd

    body = "\n".join(lines[header_at:])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                io.StringIO(body),
                sep=sep,
                dtype=str,
                index_col=False,
                skipinitialspace=True,
                engine="c",
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
        found = re.search(r"line (\d+), saw (\d+)", str(exc))
        if found:
            line, saw = header_at + int(found[1]), found[2]
        else:
            rows = enumerate(csv.reader(lines[header_at:], delimiter=sep), header_at + 1)
            line, saw = next(((i, len(r)) for i, r in rows if len(r) > width), (None, "more"))
        if line is None:
            raise DataError(
                f"{name}: cannot be read as a {_DELIMITERS[sep]}-separated "
                f"table ({str(exc).splitlines()[0]})"
            ) from None
        raise DataError(
            f"{name}:{line}: this row has {saw} fields but the header has "
            f"{width}; remove the extra {_DELIMITERS[sep]}s or put quotes around "
            "values that contain one"
        ) from None


def _sniff(lines, name):
    """(delimiter, index of the header line)."""
    sample = [(i, ln) for i, ln in enumerate(lines[:300]) if ln.strip()]
    best = None
    for sep in _DELIMITERS:
        counts = [(i, len(next(csv.reader([ln], delimiter=sep)))) for i, ln in sample]
        tail = Counter(c for _, c in counts[len(counts) // 2 :])
        width = tail.most_common(1)[0][0]
        header = _header_index(sample, counts, width, sep)
        hits = sum(c == width for _, c in counts[header:])
        score = (width > 1, hits, width)
        if best is None or score > best[0]:
            best = (score, sep, counts[header][0], width)
    (ok, _, _), sep, header, width = best
    if not ok:
        first = printable(sample[0][1].strip()[:60], keep_newlines=False)
        seen = [n for s, n in _OTHER_DELIMITERS.items() if s in sample[0][1]]
        hint = f" it seems to use the {seen[0]} ({_key(seen[0])!r})," if seen else ""
        raise DataError(
            f"{name}:{sample[0][0] + 1}: found one column only ({first!r});"
            f"{hint} okrlab reads comma-, semicolon- or tab-separated files. "
            "Export the table as CSV with commas"
        )
    return sep, header


def _header_index(sample, counts, width, sep):
    """Index (into ``sample``) of the header: the first line of the table's width whose
    cells are names. Narrower lines above it are titles ('Weekly export, 2026-01-05');
    but when that first full-width line is data, or a wider line comes first, the first
    line of two or more fields is the header (and ragged rows are reported)."""
    first_full = next(k for k, (_, c) in enumerate(counts) if c == width)
    wider_before = any(c > width for _, c in counts[:first_full])
    cells = next(csv.reader([sample[first_full][1]], delimiter=sep))
    names = not any(_DATA_CELL.fullmatch(c.strip()) for c in cells if c.strip())
    if first_full == 0 or (names and not wider_before):
        return first_full
    return next(k for k, (_, c) in enumerate(counts) if c > 1)


def _key(label):
    return next(s for s, n in _OTHER_DELIMITERS.items() if n == label)


def _check_header(header, name, line):
    seen = {}
    for i, h in enumerate(header, 1):
        h = h.strip()
        if h and h in seen:
            raise DataError(
                f"{name}:{line}: columns {seen[h]} and {i} are both named "
                f"{printable(h)!r}; rename one so each column has its own name"
            )
        seen[h] = i


def _line_numbers(lines, header_at, n_rows):
    import pandas as pd

    data = [i + 1 for i in range(header_at + 1, len(lines)) if lines[i].strip()]
    if len(data) == n_rows:  # no quoted line breaks inside cells
        return pd.Index(data, name="line")
    return pd.RangeIndex(header_at + 2, header_at + 2 + n_rows, name="line")


def _numbers(col, name, column, sep=","):
    """The column as numbers when every filled cell is a number in one convention."""
    import numpy as np
    import pandas as pd

    filled = col.dropna()
    head = filled.iloc[:200].str.strip()
    head = head[head != ""]
    if head.empty or not head.str.fullmatch(_ANY_NUMBER.pattern, case=False).all():
        return col  # names, dates, currency signs, units: left for the caller to explain
    values = text = None
    for attempt in (filled, None):
        if attempt is None:  # second try: cells with spaces around them, blank cells
            filled = filled.str.strip()
            filled = filled[filled != ""]
        try:
            values = pd.to_numeric(filled)  # plain numbers at C speed (1e9, -0.5, inf)
            break
        except (ValueError, TypeError, OverflowError):
            values = None
    if values is not None and sep == ";" and filled.str.contains(".", regex=False).any():
        if filled.str.fullmatch(r"[+-]?\d{1,3}\.\d{3}").all():  # 1.234 in a ';' file: ask
            _separated(filled, filled.isna(), name, column)
    if values is None:
        plain = filled.str.fullmatch(_PLAIN.pattern)
        text = _separated(filled, plain, name, column)
        if text is None:
            return col
        values = text.astype(float)
    _check_range(values, filled, name, column)
    out = values.reindex(col.index)
    whole = pd.api.types.is_integer_dtype(values.dtype) or (
        text is not None and text.str.fullmatch(_INT.pattern).all()
    )
    if whole and out.notna().all() and (np.abs(values) < 2**53).all():
        return out.astype("int64")
    return out.astype("float64")


def _check_range(values, filled, name, column):
    import numpy as np

    as_float = values.astype("float64")
    bad = ~np.isfinite(as_float) | (as_float.abs() > MAX_ABS_VALUE)
    if not bad.any():
        return
    line = bad[bad].index[0]
    cell = filled[line]
    if _INF.fullmatch(cell):
        raise DataError(
            f"{name}: column {column!r} line {line}: {cell!r} is infinite; replace it with "
            "the real value or leave the cell empty"
        )
    raise DataError(
        f"{name}: column {column!r} line {line}: {_short(cell)} is too large to compute with "
        f"(over {MAX_ABS_VALUE:.0e} in size; squares overflow); rescale the column, e.g. to "
        "millions"
    )


def _short(cell):
    return repr(cell if len(cell) <= 24 else cell[:21] + "...")


def _separated(filled, plain, name, column):
    """Cells with thousands separators or decimal commas, as plain number text (or None)."""
    us, eu = filled.str.fullmatch(_US.pattern), filled.str.fullmatch(_EU.pattern)
    ints = filled.str.fullmatch(_INT.pattern)
    ambiguous = filled.str.fullmatch(_AMBIGUOUS.pattern)
    if not (plain | us | eu).all():
        return None  # text, currency signs, units: left for the caller to explain
    us_sure = (us & ~ambiguous).any() or (plain & ~ints & ~ambiguous).any()
    eu_sure = (eu & ~ambiguous).any()
    if us_sure and eu_sure:
        a = filled[us & ~ambiguous].index[0] if (us & ~ambiguous).any() else filled.index[0]
        b = filled[eu & ~ambiguous].index[0]
        raise DataError(
            f"{name}: column {column!r} mixes number styles: line {a} has "
            f"{filled[a]!r} (1,234.5 style) and line {b} has {filled[b]!r} "
            "(1.234,5 style); write all numbers one way, e.g. 1234.5"
        )
    if not us_sure and not eu_sure:
        cell = filled[ambiguous].iloc[0]
        line = filled[ambiguous].index[0]
        as_us = cell.replace(",", "")
        as_eu = cell.replace(".", "").replace(",", ".")
        if "." in cell:
            as_us, as_eu = cell, cell.replace(".", "")
        raise DataError(
            f"{name}: column {column!r} line {line}: {cell!r} could mean {as_us} "
            f"or {as_eu} (is the separator for thousands or decimals?); write the "
            f"numbers without thousands separators and with a decimal point, "
            f"e.g. {as_us} or {as_eu}"
        )
    if us_sure:
        return filled.str.replace(",", "", regex=False)
    return filled.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)


def _date_column(frame, date, name, interface):
    if date is not None:
        if date not in frame.columns:
            cols = ", ".join(map(repr, frame.columns))
            raise DataError(
                f"{name}: no column {date!r} for {_words(interface)['date']}; "
                f"the columns are {cols}"
            )
        return date
    for column in frame.columns:
        if str(column).strip().lower() in DATE_NAMES and not _is_number(frame[column]):
            return column
    return None


def parse_date_column(col, *, column, name="data", interface="python"):
    """Parse a column of date text as :func:`read_table` does; returns ``(series, notes)``.

    For callers that get a DataFrame rather than a file (the Python audit):
    ``DD/MM/YYYY`` vs ``MM/DD/YYYY`` decided from the data or refused as
    ambiguous, time-zone offsets set aside with a note, several rows per
    day and dates outside pandas' range refused; numeric columns pass through.
    ``name`` stands for the data in messages; the series index is used as the
    row label in them.

    Examples
    --------
    >>> import pandas as pd
    >>> s, notes = parse_date_column(pd.Series(["13/01/2026", "20/01/2026"]), column="week")
    >>> s.dt.strftime("%Y-%m-%d").tolist()
    ['2026-01-13', '2026-01-20']
    """
    return _dates(col, name, column, interface)


def _dates(col, name, column, interface):
    """Parse a date column; returns (datetime64 series, notes)."""
    import pandas as pd

    notes = []
    if _is_number(col):  # integer years, Excel serials: the audit's own intake judges them
        return col, notes
    try:  # fast path: plain YYYY-MM-DD dates
        days = pd.to_datetime(col, format="%Y-%m-%d").astype("datetime64[ns]")
        return days, notes
    except (ValueError, TypeError, OverflowError, pd.errors.OutOfBoundsDatetime):
        pass
    filled = col.dropna().str.strip()
    where = f"{name}: column {column!r}"
    slash = filled.str.fullmatch(_SLASH_DATE.pattern)
    if len(filled) and slash.all():
        return _slash_dates(col, filled, where), notes
    offsets = filled.str.contains(_OFFSET.pattern) & filled.str.contains(r"\d[T ]\d")
    try:
        if offsets.any():
            # Business days are local days: 23:00-05:00 is still that day in New York,
            # and +01:00/+02:00 midnights (daylight saving) are consecutive local days.
            pd.to_datetime(filled, utc=True, format="ISO8601")  # the offsets must be valid
            parsed = pd.to_datetime(
                filled.str.replace(_OFFSET.pattern, "", regex=True), format="ISO8601"
            )
            kinds = sorted(set(filled[offsets].str.extract(f"({_OFFSET.pattern})")[0]))
            notes.append(
                f"column {column!r}: time-zone offsets {', '.join(kinds)} set aside; each "
                "row counts on its local calendar day"
            )
        else:
            parsed = pd.to_datetime(filled, format="ISO8601")
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_localize(None)
        parsed = parsed.astype("datetime64[ns]")
    except (pd.errors.OutOfBoundsDatetime, OverflowError):
        bad = _first_out_of_range(filled)
        raise DataError(
            f"{where} line {bad}: {filled[bad]!r} is outside the dates pandas can "
            "hold (1677-09-22 to 2262-04-11); check the year"
        ) from None
    except (ValueError, TypeError):
        if not _any_parsable(filled):
            return col, notes  # periods such as 2015Q1: the audit's own intake judges them
        bad = _first_unparsable(filled)
        raise DataError(
            f"{where} line {bad}: {printable(filled[bad])!r} is not a date; write "
            f"dates as YYYY-MM-DD, or name the date column with "
            f"{_words(interface)['date']}"
        ) from None
    days = parsed.dt.normalize()
    dup = days[days.duplicated(keep=False)]
    if len(dup) and not (parsed[dup.index] == dup).all():
        a, b = dup.index[:2]
        raise DataError(
            f"{where}: lines {a} and {b} fall on the same day "
            f"({days[a]:%Y-%m-%d}, at {parsed[a]:%H:%M} and {parsed[b]:%H:%M}): the "
            "data has several rows per day (hourly?); okrlab audits daily, weekly "
            "or monthly values: add them up per day first"
        )
    if not (parsed == days).all():
        notes.append(f"column {column!r}: times of day dropped (one row per day)")
    return days.reindex(col.index), notes


def _slash_dates(col, filled, where):
    import pandas as pd

    parts = filled.str.extract(_SLASH_DATE.pattern).astype(int)
    first_big, second_big = (parts[0] > 12).any(), (parts[1] > 12).any()
    if first_big and second_big:
        raise DataError(
            f"{where}: some dates have the day first and some the month first; "
            "write all dates as YYYY-MM-DD"
        )
    if not first_big and not second_big:
        cell = filled.iloc[0]
        raise DataError(
            f"{where} line {filled.index[0]}: dates such as {cell!r} could be "
            "day/month/year or month/day/year; write them as YYYY-MM-DD"
        )
    day, month = (parts[0], parts[1]) if first_big else (parts[1], parts[0])
    try:
        frame = pd.DataFrame({"year": parts[2], "month": month, "day": day})
        parsed = pd.to_datetime(frame).astype("datetime64[ns]")
    except (ValueError, pd.errors.OutOfBoundsDatetime):
        raise DataError(
            f"{where}: a date is not a real calendar date; check the dates "
            "(write them as YYYY-MM-DD)"
        ) from None
    return parsed.reindex(col.index)


def _first_out_of_range(filled):
    import pandas as pd

    for line, cell in filled.items():
        try:
            pd.Timestamp(cell).as_unit("ns")
        except (pd.errors.OutOfBoundsDatetime, OverflowError):
            return line
        except ValueError:
            continue
    return filled.index[0]


def _any_parsable(filled) -> bool:
    import pandas as pd

    for cell in filled.iloc[:50]:
        try:
            pd.to_datetime(cell, format="ISO8601")
            return True
        except (ValueError, TypeError, OverflowError, pd.errors.OutOfBoundsDatetime):
            continue
    return False


def _first_unparsable(filled):
    import pandas as pd

    for line, cell in filled.items():
        try:
            pd.to_datetime(cell, format="ISO8601")
        except (ValueError, TypeError, OverflowError):
            return line
    return filled.index[0]


def _is_number(col) -> bool:
    import pandas as pd

    return pd.api.types.is_numeric_dtype(col.dtype)
