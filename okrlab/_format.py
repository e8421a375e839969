"""Cell formatting and JSON conversion shared by the renderer (:mod:`okrlab._render`).

Re-exported from :mod:`okrlab._render`; import from there.
"""

from __future__ import annotations

import datetime as _dt
import html as _html
import math
import numbers
from collections.abc import Mapping

__all__ = ["escape", "json_safe", "format_value", "MISSING"]

#: How a missing value (None, NaN, pd.NA, NaT) is shown in text and HTML.
MISSING = "n/a"


def escape(text) -> str:
    """HTML-escape ``text`` (quotes included) and write ``$`` as ``&#36;``.

    JupyterLab typesets text between two ``$`` signs as maths, so
    "Reduce cost per lead from $100 to $80" would come out in italics with
    the dollar signs gone; the entity keeps them literal.

    Parameters
    ----------
    text : object
        Converted with ``str`` first.

    Returns
    -------
    str

    Examples
    --------
    >>> escape("cost < $100 & 'fast'")
    'cost &lt; &#36;100 &amp; &#x27;fast&#x27;'
    """
    return _html.escape(str(text), quote=True).replace("$", "&#36;")


def _is_bool(value) -> bool:
    """A Python or numpy bool (numpy 2 names its type ``bool``, numpy 1 ``bool_``)."""
    return isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", "") == "b"


def _is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    name = type(value).__name__
    return name in ("NAType", "NaTType") or (
        isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isnan(value)
    )


def json_safe(value):
    """``value`` converted to plain JSON types, recursively.

    numpy scalars become ``int``/``float``/``bool``; NaN, infinities, ``None``,
    ``pd.NA`` and ``NaT`` become ``None``; dates and timestamps ISO strings;
    tuples, sets and arrays lists; a DataFrame a list of row dicts; a Series
    a list; mapping keys strings.

    Parameters
    ----------
    value : object

    Returns
    -------
    object
        Something ``json.dumps`` accepts (with ``allow_nan=False``).

    Examples
    --------
    >>> import numpy as np
    >>> json_safe({"r": np.float64(0.5), "n": np.int64(3), "p": float("nan"), 1: (True,)})
    {'r': 0.5, 'n': 3, 'p': None, '1': [True]}
    """
    if value is None or isinstance(value, (str, bool)):
        return value
    if _is_bool(value):
        return bool(value)
    if _is_missing(value):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        x = float(value)
        return x if math.isfinite(x) else None
    if isinstance(value, (_dt.date, _dt.datetime)):  # pandas.Timestamp is a datetime
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    kind = type(value).__name__
    if kind == "DataFrame":
        return [json_safe(r) for r in value.to_dict("records")]
    if kind in ("Series", "Index", "ndarray"):
        return [json_safe(v) for v in value.tolist()]
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [json_safe(v) for v in items]
    if hasattr(value, "to_dict"):
        return json_safe(value.to_dict())
    return str(value)


def _decimals(values) -> int:
    """Decimals for a numeric column: fewer for large magnitudes (thousands shown whole)."""
    finite = [abs(float(v)) for v in values if _is_float(v) and math.isfinite(float(v))]
    if not finite:
        return 3
    top = max(finite)
    return 0 if top >= 1000 else 1 if top >= 100 else 2 if top >= 10 else 3


def _is_float(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral)


def format_value(value, decimals: int = 3) -> str:
    """One cell as text: floats to ``decimals`` places with thousands separators.

    Parameters
    ----------
    value : object
        A cell value.
    decimals : int, default 3
        Decimal places for floats.

    Returns
    -------
    str
        ``"n/a"`` for missing values, ``"yes"``/``"no"`` for bools, ISO dates.

    Examples
    --------
    >>> format_value(812345.6, 0), format_value(0.12345), format_value(None), format_value(True)
    ('812,346', '0.123', 'n/a', 'yes')
    """
    if _is_missing(value):
        return MISSING
    if _is_bool(value):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    if isinstance(value, numbers.Real):
        x = float(value)
        return f"{x:,.{decimals}f}" if math.isfinite(x) else str(x)
    if isinstance(value, _dt.datetime) and type(value).__name__ == "Timestamp":
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v, decimals) for v in value)
    return str(value)
