"""Argument validators shared by every okrlab module.

Each validator checks the *type* first (raising
:class:`~okrlab.errors.ParameterTypeError`) and then the *value* (raising
:class:`~okrlab.errors.ParameterError`), returns the cleaned value (a plain
Python ``float``/``int``/``bool``), and writes a message that names the
parameter, shows what was given and says what to pass instead::

    >>> check_probability(1.5, "alpha")
    Traceback (most recent call last):
    ...
    okrlab.errors.ParameterError: alpha=1.5 must be between 0 and 1 (exclusive), e.g. alpha=0.05

Rules common to all validators:

- numpy scalars (``np.int64(3)``, ``np.float32(0.5)``) are accepted like
  Python numbers; ``bool`` is *not* a number here (``n_runs=True`` is a type
  error) and neither are ``pd.NA``, strings or ``None`` (unless ``allow_none``).
- ``name`` is the keyword the user typed; the CLI passes the flag
  (``name="--alpha"``) so messages use the words of the interface used.

This module imports only numpy, so any module may use it without slowing
``import okrlab``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np

from .errors import DataError, ParameterError, ParameterTypeError

__all__ = [
    "check_number",
    "check_integer",
    "check_probability",
    "check_choice",
    "check_bool",
    "check_seed",
    "as_generator",
    "check_columns",
    "check_column",
]


def _given(value) -> str:
    """How a rejected value is shown in a message: its type and a short repr."""
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _numeric_dtype(dtype) -> bool:
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    return is_numeric_dtype(dtype) and not is_bool_dtype(dtype)


def _fmt(x) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _range_text(low, high, low_inclusive, high_inclusive) -> str:
    if low is not None and high is not None:
        if low_inclusive and high_inclusive:
            return f"between {_fmt(low)} and {_fmt(high)}"
        if not low_inclusive and not high_inclusive:
            return f"between {_fmt(low)} and {_fmt(high)} (exclusive)"
        left = "[" if low_inclusive else "("
        right = "]" if high_inclusive else ")"
        return f"in {left}{_fmt(low)}, {_fmt(high)}{right}"
    if low is not None:
        return f"{'>=' if low_inclusive else '>'} {_fmt(low)}"
    return f"{'<=' if high_inclusive else '<'} {_fmt(high)}"


def _example(name, example) -> str:
    return "" if example is None else f", e.g. {name}={example!r}"


def check_number(
    value,
    name: str,
    *,
    low=None,
    high=None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    allow_none: bool = False,
    example=None,
):
    """Check a finite real number, optionally within a range.

    Parameters
    ----------
    value : object
        What the user passed.
    name : str
        The parameter's name as the user typed it (keyword or CLI flag).
    low, high : float, optional
        Bounds of the allowed range; ``None`` means unbounded on that side.
    low_inclusive, high_inclusive : bool, default True
        Whether each bound itself is allowed.
    allow_none : bool, default False
        Accept ``None`` and return it unchanged.
    example : object, optional
        A valid value quoted in the message as the fix.

    Returns
    -------
    float or None
        ``value`` as a Python float (``None`` only when allowed and given).

    Raises
    ------
    ParameterTypeError
        ``value`` is not a real number (bools, strings, ``pd.NA`` included).
    ParameterError
        ``value`` is NaN, infinite or outside the range.

    Examples
    --------
    >>> check_number(np.float32(0.25), "quality_gap", low=0)
    0.25
    >>> check_number(-1, "budget", low=0, example=1000)
    Traceback (most recent call last):
    ...
    okrlab.errors.ParameterError: budget=-1 must be >= 0, e.g. budget=1000
    """
    if value is None and allow_none:
        return None
    if not _is_real(value):
        raise ParameterTypeError(
            f"{name} must be a number, got {_given(value)}{_example(name, example)}"
        )
    x = float(value)
    if not math.isfinite(x):
        raise ParameterError(f"{name}={value!r} must be a finite number{_example(name, example)}")
    too_low = low is not None and (x < low if low_inclusive else x <= low)
    too_high = high is not None and (x > high if high_inclusive else x >= high)
    if too_low or too_high:
        where = _range_text(low, high, low_inclusive, high_inclusive)
        raise ParameterError(f"{name}={value!r} must be {where}{_example(name, example)}")
    return x


def check_integer(value, name: str, *, low=None, high=None, allow_none=False, example=None):
    """Check a whole number (``int`` or numpy integer, not bool), optionally within a range.

    Parameters
    ----------
    value : object
        What the user passed.
    name : str
        The parameter's name as the user typed it.
    low, high : int, optional
        Inclusive bounds; ``None`` means unbounded on that side.
    allow_none : bool, default False
        Accept ``None`` and return it unchanged.
    example : object, optional
        A valid value quoted in the message as the fix.

    Returns
    -------
    int or None
        ``value`` as a Python int.

    Raises
    ------
    ParameterTypeError
        ``value`` is not an integer (``3.0`` and ``True`` are rejected).
    ParameterError
        ``value`` is outside ``[low, high]``.

    Examples
    --------
    >>> check_integer(np.int64(200), "n_runs", low=1)
    200
    >>> check_integer(2.5, "n_runs", low=1, example=200)
    Traceback (most recent call last):
    ...
    okrlab.errors.ParameterTypeError: n_runs must be a whole number, got float 2.5, e.g. n_runs=200
    """
    if value is None and allow_none:
        return None
    if not _is_int(value):
        raise ParameterTypeError(
            f"{name} must be a whole number, got {_given(value)}{_example(name, example)}"
        )
    n = int(value)
    if (low is not None and n < low) or (high is not None and n > high):
        where = _range_text(low, high, True, True)
        raise ParameterError(f"{name}={n} must be {where}{_example(name, example)}")
    return n


def check_probability(value, name: str, *, inclusive: bool = False, example=0.05):
    """Check a probability or rate: a number between 0 and 1.

    Parameters
    ----------
    value : object
        What the user passed.
    name : str
        The parameter's name as the user typed it.
    inclusive : bool, default False
        Allow exactly 0 and 1 (a share); the default excludes them (a
        significance level or confidence level).
    example : object, default 0.05
        A valid value quoted in the message as the fix.

    Returns
    -------
    float
        ``value`` as a Python float.

    Raises
    ------
    ParameterTypeError
        ``value`` is not a real number.
    ParameterError
        ``value`` is outside the allowed interval or not finite.

    Examples
    --------
    >>> check_probability(0.1, "alpha")
    0.1
    >>> check_probability(1.0, "share", inclusive=True)
    1.0
    """
    return check_number(
        value,
        name,
        low=0.0,
        high=1.0,
        low_inclusive=inclusive,
        high_inclusive=inclusive,
        example=example,
    )


def check_choice(value, name: str, choices: Iterable):
    """Check that ``value`` is one of ``choices`` (compared with ``==``).

    Parameters
    ----------
    value : object
        What the user passed.
    name : str
        The parameter's name as the user typed it.
    choices : iterable
        The allowed values, listed in the message in this order.

    Returns
    -------
    object
        ``value`` unchanged.

    Raises
    ------
    ParameterTypeError
        ``value`` is not of the choices' type (e.g. a number where names are expected).
    ParameterError
        ``value`` is not among ``choices``.

    Examples
    --------
    >>> check_choice("lower", "direction", ("higher", "lower"))
    'lower'
    >>> check_choice("sideways", "direction", ("higher", "lower"))
    Traceback (most recent call last):
    ...
    okrlab.errors.ParameterError: direction='sideways' is not one of 'higher', 'lower'
    """
    choices = tuple(choices)
    listed = ", ".join(repr(c) for c in choices)
    types = {type(c) for c in choices}
    if types == {str} and not isinstance(value, str):
        raise ParameterTypeError(f"{name} must be one of {listed}, got {_given(value)}")
    try:
        ok = any(value == c for c in choices)
    except (TypeError, ValueError):  # e.g. an array compared element-wise
        ok = False
    if not ok:
        raise ParameterError(f"{name}={value!r} is not one of {listed}")
    return value


def check_bool(value, name: str):
    """Check a flag: ``True``/``False`` (numpy bools accepted; 0/1 and strings are not).

    Parameters
    ----------
    value : object
        What the user passed.
    name : str
        The parameter's name as the user typed it.

    Returns
    -------
    bool
        ``value`` as a Python bool.

    Raises
    ------
    ParameterTypeError
        ``value`` is not a bool.

    Examples
    --------
    >>> check_bool(np.True_, "adjust")
    True
    >>> check_bool("yes", "adjust")
    Traceback (most recent call last):
    ...
    okrlab.errors.ParameterTypeError: adjust must be True or False, got str 'yes'
    """
    if not isinstance(value, (bool, np.bool_)):
        raise ParameterTypeError(f"{name} must be True or False, got {_given(value)}")
    return bool(value)


def check_seed(seed, name: str = "seed"):
    """Check a seed: ``None``, an int >= 0 (numpy ints too) or a ``numpy.random.Generator``.

    Parameters
    ----------
    seed : object
        What the user passed.
    name : str, default "seed"
        The parameter's name as the user typed it.

    Returns
    -------
    None, int or numpy.random.Generator
        ``seed`` with numpy integers converted to ``int``; a Generator is
        returned as is (not copied).

    Raises
    ------
    ParameterTypeError
        ``seed`` is a bool, float, string, ``pd.NA`` or anything else.
    ParameterError
        ``seed`` is a negative integer.

    Examples
    --------
    >>> check_seed(np.int64(7))
    7
    >>> check_seed("x")
    Traceback (most recent call last):
    ...
    okrlab.errors.ParameterTypeError: seed must be an int >= 0, a numpy.random.Generator or None, got str 'x', e.g. seed=0
    """
    if seed is None or isinstance(seed, np.random.Generator):
        return seed
    if not _is_int(seed):
        raise ParameterTypeError(
            f"{name} must be an int >= 0, a numpy.random.Generator or None, "
            f"got {_given(seed)}, e.g. {name}=0"
        )
    if seed < 0:
        raise ParameterError(f"{name}={int(seed)} must be >= 0, e.g. {name}=0")
    return int(seed)


def as_generator(seed, name: str = "seed") -> np.random.Generator:
    """A ``numpy.random.Generator`` from a seed accepted by :func:`check_seed`.

    Parameters
    ----------
    seed : None, int or numpy.random.Generator
        ``None`` gives fresh OS entropy (not reproducible); an int gives
        ``np.random.default_rng(seed)``; a Generator is returned as is, so
        draws advance the caller's generator.
    name : str, default "seed"
        The parameter's name used in error messages.

    Returns
    -------
    numpy.random.Generator

    Examples
    --------
    >>> a = as_generator(3).integers(0, 100, 3)
    >>> b = as_generator(np.int32(3)).integers(0, 100, 3)
    >>> bool((a == b).all())
    True
    """
    seed = check_seed(seed, name)
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def check_column(data, column, name: str, *, numeric: bool = False):
    """Check that ``column`` names a column of the DataFrame ``data``.

    Parameters
    ----------
    data : pandas.DataFrame
        The user's data (not modified).
    column : str
        The column name the user gave.
    name : str
        The parameter that carried it (``"kpi"``, ``"outcome"``, ``"--kpi"``).
    numeric : bool, default False
        Also require a numeric dtype.

    Returns
    -------
    str
        ``column`` unchanged.

    Raises
    ------
    ParameterTypeError
        ``data`` is not a DataFrame-like object or ``column`` is not a string.
    DataError
        The column is missing (the message lists close names) or not numeric.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"cpl": [1.0, 2.0], "revenue": [3.0, 4.0]})
    >>> check_column(df, "cpl", "kpi", numeric=True)
    'cpl'
    >>> check_column(df, "CPL", "kpi")
    Traceback (most recent call last):
    ...
    okrlab.errors.DataError: kpi='CPL' is not a column of data; did you mean 'cpl'? Columns: 'cpl', 'revenue'
    """
    return check_columns(data, [column], name, numeric=numeric)[0]


def check_columns(data, columns, name: str, *, numeric: bool = False) -> list:
    """Check several column names at once (see :func:`check_column`).

    Parameters
    ----------
    data : pandas.DataFrame
        The user's data (not modified).
    columns : iterable of str
        Column names the user gave.
    name : str
        The parameter that carried them (``"kpis"``).
    numeric : bool, default False
        Also require numeric dtypes.

    Returns
    -------
    list of str
        The column names in the given order.

    Raises
    ------
    ParameterTypeError
        ``data`` has no columns or a name is not a string.
    DataError
        A column is missing or not numeric.

    Examples
    --------
    >>> import pandas as pd
    >>> check_columns(pd.DataFrame({"a": [1], "b": [2]}), ["b", "a"], "kpis")
    ['b', 'a']
    """
    import difflib

    if not hasattr(data, "columns") or not hasattr(data, "dtypes"):
        raise ParameterTypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if isinstance(columns, str):
        columns = [columns]
    columns = list(columns)
    present = [str(c) for c in data.columns]
    for col in columns:
        if not isinstance(col, str):
            raise ParameterTypeError(f"{name} must name columns as strings, got {_given(col)}")
        if col not in data.columns:
            close = difflib.get_close_matches(col, present, n=1, cutoff=0.6)
            close = close or [c for c in present if c.lower() == col.lower()]
            hint = f"; did you mean {close[0]!r}?" if close else ";"
            listed = ", ".join(repr(c) for c in present[:12])
            more = ", ..." if len(present) > 12 else ""
            raise DataError(f"{name}={col!r} is not a column of data{hint} Columns: {listed}{more}")
        if numeric and not _numeric_dtype(data[col].dtype):
            raise DataError(
                f"column {col!r} ({name}) must be numeric, found dtype {data[col].dtype}; "
                "convert it with pandas.to_numeric first"
            )
    return columns
