"""One renderer for every okrlab result: tables + notes -> text, HTML and a JSON-safe dict.

Modelled on statsmodels' ``Summary`` (tables plus extra text, ``as_text()``,
``as_html()``). A result class builds a :class:`Summary` in one method,
``_summary()``, and inherits the rest of the result protocol from
:class:`ResultMixin`.

The result protocol
-------------------
Every okrlab result (an audit, an audit of many KPIs, a Goodhart check, a KR
link, a scorecard, a lint report, a KPI catalogue, a simulation) offers:

- ``repr(result)`` / ``str(result)``: deterministic plain text (no memory
  addresses, no timings), the same on every machine;
- ``result._repr_html_()``: an HTML table for notebooks, built only from the
  tags in :data:`ALLOWED_TAGS`, every value HTML-escaped and ``$`` written as
  ``&#36;`` so JupyterLab's MathJax does not typeset dollar amounts;
- ``result.to_frame()``: a new :class:`pandas.DataFrame` (a copy; changing it
  never changes the result);
- ``result.to_dict()``: JSON-safe (``json.dumps`` works: no NaN, numpy
  scalars or dates, see :func:`json_safe`);
- ``result.plot(ax=None)``: a picture (see the plot rule below).

A result is built once, complete, in its constructor or a factory function,
and never mutated afterwards (no ``result.explanation = ...`` patching).

The plot rule
-------------
``plot`` always takes the keyword ``ax`` (the same name everywhere):

- **single-panel** plots draw on ``ax`` (default: a new figure's Axes) and
  return that :class:`matplotlib.axes.Axes`;
- **multi-panel** plots take ``ax=None`` (a new figure of the right size) or
  a sequence of exactly as many Axes as they have panels (for example
  ``fig, axes = plt.subplots(3, 1); result.plot(ax=axes)``) and return the
  :class:`matplotlib.figure.Figure` holding the panels. Passing a single Axes
  to a multi-panel plot raises :class:`~okrlab.errors.ParameterError` saying
  how many panels it needs. :func:`okrlab.plotting.panels` implements this.

So ``isinstance(result.plot(), (Axes, Figure))`` is always true; a figure-level
plot (a seaborn ``FacetGrid``) returns its ``.figure``.

Using it in a result class
--------------------------
>>> class Demo(ResultMixin):
...     def __init__(self, rows):
...         self._rows = tuple(rows)
...     def _summary(self):
...         return Summary(
...             "Demo result",
...             [Table(["kpi", "r", "verdict"], self._rows, title="KPIs", status="verdict")],
...             notes=["Reduce cost per lead from $100 to $80."],
...         )
>>> d = Demo([("cpl", -0.41, "red"), ("ctr", 0.12, "green")])
>>> print(d)
Demo result
===========
KPIs
kpi        r  verdict
---  ------  -------
cpl  -0.410  red
ctr   0.120  green
<BLANKLINE>
Notes
- Reduce cost per lead from $100 to $80.
>>> "&#36;100" in d._repr_html_()
True
>>> d.to_dict()["tables"][0]["rows"][0]
['cpl', -0.41, 'red']
"""

from __future__ import annotations

import datetime as _dt
import html as _html
import math
import numbers
import textwrap
from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "PALETTE",
    "STATUS_COLOURS",
    "ALLOWED_TAGS",
    "Table",
    "Summary",
    "ResultMixin",
    "escape",
    "json_safe",
    "format_value",
]

#: The one okrlab palette (text, HTML and figures use the same colours).
PALETTE = {
    "green": "#2e7d32",
    "yellow": "#b28704",
    "red": "#c62828",
    "grey": "#757575",
    "blue": "#1f5f99",
    "orange": "#d9730d",
    "purple": "#6a3d9a",
    "light": "#f2f2f2",
    "ink": "#212121",
}

#: Status words (verdicts, grades, health, severities) and their palette colour.
STATUS_COLOURS = {
    **{w: PALETTE["green"] for w in ("green", "healthy", "on track", "predicts", "ok", "pass")},
    **{w: PALETTE["yellow"] for w in ("yellow", "watch", "at risk", "warning", "weak", "unclear")},
    **{
        w: PALETTE["red"]
        for w in ("red", "unhealthy", "off track", "error", "fail", "decoupled", "gamed")
    },
    **{w: PALETTE["grey"] for w in ("no data", "none", "info", "n/a")},
}

#: The only HTML tags the renderer emits (the protocol test checks this).
ALLOWED_TAGS = frozenset(
    {"div", "p", "strong", "table", "caption", "thead", "tbody", "tr", "th", "td", "span"}
    | {"ul", "li", "small", "br"}
)

_MISSING = "n/a"


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
        return _MISSING
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


class Table:
    """A titled table: column names and rows of cells (or a DataFrame).

    Parameters
    ----------
    columns : sequence of str
        Column names.
    rows : iterable of sequences
        The cells, one sequence per row, in column order.
    title : str, optional
        Shown above the table (HTML: the caption).
    status : str or sequence of str, optional
        Column(s) whose cells are status words (see :data:`STATUS_COLOURS`),
        coloured in HTML.
    levels : sequence of int, optional
        Per-row nesting level: level 0 rows are bold group rows when any row has
        level 1 (e.g. an objective above its indented key results).
    header : bool, default True
        Show the column names (``False`` for key/value tables).
    decimals : dict, optional
        Decimals per column name; other float columns get 0-3 decimals by magnitude.
    max_rows : int, default 40
        Text and HTML show at most this many rows and say how many were left
        out; :meth:`as_dict` keeps them all.

    Examples
    --------
    >>> t = Table.from_pairs([("KPI", "cpl"), ("lag", 2)], title="Setup")
    >>> print(t.as_text())
    Setup
    KPI  cpl
    lag  2
    """

    def __init__(
        self,
        columns: Sequence[str],
        rows: Iterable[Sequence],
        *,
        title: str | None = None,
        status: str | Sequence[str] | None = None,
        levels: Sequence[int] | None = None,
        header: bool = True,
        decimals: Mapping[str, int] | None = None,
        max_rows: int = 40,
    ):
        self.columns = tuple(str(c) for c in columns)
        self.rows = tuple(tuple(r) for r in rows)
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"row {i} has {len(row)} cells for {len(self.columns)} columns")
        self.title = title
        self.status = (status,) if isinstance(status, str) else tuple(status or ())
        self.levels = tuple(levels) if levels is not None else (0,) * len(self.rows)
        self.header = header
        self.max_rows = max_rows
        decimals = dict(decimals or {})
        self._decimals = tuple(
            decimals.get(c, _decimals(r[j] for r in self.rows)) for j, c in enumerate(self.columns)
        )

    @classmethod
    def from_frame(cls, frame, *, title=None, index: bool = False, **kwargs) -> Table:
        """A table from a DataFrame (``index=True`` keeps the index as the first column).

        Parameters
        ----------
        frame : pandas.DataFrame
            The data (not modified).
        title : str, optional
            Table title.
        index : bool, default False
            Keep the index as the first column.
        **kwargs
            Passed to :class:`Table` (``status``, ``decimals``, ``max_rows`` ...).

        Returns
        -------
        Table

        Examples
        --------
        >>> import pandas as pd
        >>> Table.from_frame(pd.DataFrame({"kpi": ["cpl"], "r": [0.5]})).rows
        (('cpl', 0.5),)
        """
        if index:
            frame = frame.reset_index()
        rows = [tuple(r) for r in frame.itertuples(index=False, name=None)]
        return cls([str(c) for c in frame.columns], rows, title=title, **kwargs)

    @classmethod
    def from_pairs(cls, pairs, *, title=None, **kwargs) -> Table:
        """A two-column key/value table without a header (like statsmodels' top table).

        Parameters
        ----------
        pairs : iterable of (str, object) or mapping
            Labels and values.
        title : str, optional
            Table title.
        **kwargs
            Passed to :class:`Table`.

        Returns
        -------
        Table

        Examples
        --------
        >>> Table.from_pairs({"n": 3}).rows
        (('n', 3),)
        """
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        return cls(("field", "value"), items, title=title, header=False, **kwargs)

    def _cells(self, limit=True):
        rows = self.rows[: self.max_rows] if limit else self.rows
        return [[format_value(v, self._decimals[j]) for j, v in enumerate(row)] for row in rows]

    def _numeric(self, j) -> bool:
        vals = [r[j] for r in self.rows if not _is_missing(r[j])]
        return bool(vals) and all(isinstance(v, numbers.Real) and not _is_bool(v) for v in vals)

    def _hidden(self) -> int:
        return max(0, len(self.rows) - self.max_rows)

    def as_text(self) -> str:
        """Aligned plain text (numbers right-aligned), title first.

        Returns
        -------
        str
        """
        cells = self._cells()
        nested = any(level > 0 for level in self.levels)
        for i, row in enumerate(cells):
            if nested and row:
                row[0] = "  " * self.levels[i] + row[0]
        head = [list(self.columns)] if self.header else []
        grid = head + cells
        widths = [max((len(r[j]) for r in grid), default=0) for j in range(len(self.columns))]
        numeric = [self._numeric(j) for j in range(len(self.columns))]

        def line(row):
            parts = [
                c.rjust(w) if num else c.ljust(w)
                for c, w, num in zip(row, widths, numeric, strict=True)
            ]
            return "  ".join(parts).rstrip()

        out = [self.title] if self.title else []
        if self.header:
            out.append(line(self.columns))
            out.append("  ".join("-" * w for w in widths))
        out.extend(line(r) for r in cells)
        if self._hidden():
            out.append(f"... {self._hidden()} more rows (to_frame() has them all)")
        return "\n".join(out)

    def as_html(self) -> str:
        """An HTML ``<table>`` (escaped, status cells coloured from the palette).

        Returns
        -------
        str
        """
        cells = self._cells()
        status_idx = {self.columns.index(c) for c in self.status if c in self.columns}
        nested = any(level > 0 for level in self.levels)
        numeric = [self._numeric(j) for j in range(len(self.columns))]
        out = ["<table style='border-collapse:collapse;margin:0.3em 0'>"]
        if self.title:
            out.append(f"<caption style='text-align:left'><strong>{escape(self.title)}</strong>")
            out.append("</caption>")
        if self.header:
            heads = "".join(
                f"<th style='text-align:{'right' if numeric[j] else 'left'};"
                f"border-bottom:1px solid {PALETTE['grey']};padding:2px 8px'>{escape(c)}</th>"
                for j, c in enumerate(self.columns)
            )
            out.append(f"<thead><tr>{heads}</tr></thead>")
        out.append("<tbody>")
        for i, row in enumerate(cells):
            group = nested and self.levels[i] == 0
            tds = []
            for j, text in enumerate(row):
                style = f"padding:2px 8px;text-align:{'right' if numeric[j] else 'left'}"
                if j == 0 and nested and self.levels[i] > 0:
                    style += f";padding-left:{8 + 16 * self.levels[i]}px"
                if group:
                    style += ";font-weight:bold"
                body = escape(text)
                colour = STATUS_COLOURS.get(str(self.rows[i][j]).lower())
                if j in status_idx and colour:
                    body = f"<span style='color:{colour};font-weight:bold'>{body}</span>"
                tds.append(f"<td style='{style}'>{body}</td>")
            out.append("<tr>" + "".join(tds) + "</tr>")
        out.append("</tbody></table>")
        if self._hidden():
            out.append(f"<p><small>... {self._hidden()} more rows (to_frame() has them all)")
            out.append("</small></p>")
        return "".join(out)

    def as_dict(self) -> dict:
        """``{"title", "columns", "rows"}`` with all rows, JSON-safe.

        Returns
        -------
        dict
        """
        return {
            "title": self.title,
            "columns": list(self.columns),
            "rows": [json_safe(list(r)) for r in self.rows],
        }

    def to_frame(self):
        """The table as a new DataFrame (all rows, raw values).

        Returns
        -------
        pandas.DataFrame
        """
        import pandas as pd

        return pd.DataFrame(list(self.rows), columns=list(self.columns))


class Summary:
    """A result's title, tables and notes, renderable as text, HTML or a dict.

    Parameters
    ----------
    title : str
        First line of the text, heading of the HTML.
    tables : sequence of Table
        In display order.
    notes : sequence of str, optional
        Extra text (explanations, warnings, caveats), one paragraph each,
        shown after the tables.
    width : int, default 88
        Text width notes are wrapped to.

    Examples
    --------
    >>> s = Summary("Audit of cpl", [Table.from_pairs({"verdict": "predicts"})], notes=["ok"])
    >>> s.as_dict()["notes"]
    ['ok']
    """

    def __init__(self, title: str, tables: Sequence[Table] = (), *, notes=(), width: int = 88):
        self.title = str(title)
        self.tables = tuple(tables)
        self.notes = tuple(str(n) for n in notes if n)
        self.width = width

    def as_text(self) -> str:
        """Plain text: the title underlined, each table, then the notes.

        Returns
        -------
        str
        """
        out = [self.title, "=" * min(len(self.title), self.width)]
        out.extend(t.as_text() + "\n" for t in self.tables)
        if self.notes:
            out.append("Notes")
            for note in self.notes:
                out.append(
                    textwrap.fill(note, self.width, initial_indent="- ", subsequent_indent="  ")
                )
        return "\n".join(out).rstrip()

    def as_html(self) -> str:
        """HTML made only of :data:`ALLOWED_TAGS`, every value escaped.

        Returns
        -------
        str
        """
        out = [
            f"<div class='okrlab-result' style='color:{PALETTE['ink']}'>",
            f"<p><strong>{escape(self.title)}</strong></p>",
        ]
        out.extend(t.as_html() for t in self.tables)
        if self.notes:
            out.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in self.notes) + "</ul>")
        out.append("</div>")
        return "".join(out)

    def as_dict(self) -> dict:
        """``{"title", "tables": [...], "notes": [...]}``, JSON-safe.

        Returns
        -------
        dict
        """
        return {
            "title": self.title,
            "tables": [t.as_dict() for t in self.tables],
            "notes": list(self.notes),
        }


class ResultMixin:
    """The result protocol from one method: subclasses implement ``_summary()``.

    Provides ``__repr__``/``__str__`` (the summary's text), ``_repr_html_``,
    ``to_dict`` (the summary's dict; override it for a richer structure but
    pass the output through :func:`json_safe`) and ``to_frame`` (the first
    table; override it to return the result's main frame). Subclasses add
    ``plot(ax=None)`` following the plot rule in this module's docstring.
    """

    def _summary(self) -> Summary:  # pragma: no cover - the one method to implement
        raise NotImplementedError(f"{type(self).__name__} must implement _summary()")

    def __repr__(self) -> str:
        return self._summary().as_text()

    def __str__(self) -> str:
        return self.__repr__()

    def _repr_html_(self) -> str:
        return self._summary().as_html()

    def to_dict(self) -> dict:
        """The result as JSON-safe nested dicts and lists.

        Returns
        -------
        dict
        """
        return self._summary().as_dict()

    def to_frame(self):
        """The result's main table as a new DataFrame.

        Returns
        -------
        pandas.DataFrame
        """
        tables = self._summary().tables
        if not tables:
            import pandas as pd

            return pd.DataFrame()
        return tables[0].to_frame()
