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
  tags in :data:`ALLOWED_TAGS`, every value HTML-escaped, inside a block with
  the classes in :data:`HTML_CLASS` so JupyterLab's MathJax does not typeset
  dollar amounts ("$100 to $80"; ``$`` is also written as ``&#36;``);
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

import numbers
import textwrap
from collections.abc import Iterable, Mapping, Sequence

from ._format import _decimals, _is_bool, _is_missing, escape, format_value, json_safe

__all__ = [
    "PALETTE",
    "STATUS_COLOURS",
    "ALLOWED_TAGS",
    "HTML_CLASS",
    "Table",
    "Summary",
    "ResultMixin",
    "Immutable",
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

#: Classes of the block holding a result's HTML: JupyterLab's MathJax (v2 and v3) skips
#: elements with ``tex2jax_ignore`` / ``mathjax_ignore``, so "$100 to $80" stays text.
HTML_CLASS = "okrlab-result tex2jax_ignore mathjax_ignore"

#: The only HTML tags the renderer emits (the protocol test checks this).
ALLOWED_TAGS = frozenset(
    {"div", "p", "strong", "table", "caption", "thead", "tbody", "tr", "th", "td", "span"}
    | {"ul", "li", "small", "br"}
)


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
            # tex2jax_ignore / mathjax_ignore: JupyterLab's MathJax skips this block. The
            # &#36; entity alone does not stop it (it is decoded before MathJax scans).
            f"<div class='{HTML_CLASS}' style='color:{PALETTE['ink']}'>",
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


class Immutable:
    """Attributes are set once (in ``__init__``) and never changed or deleted afterwards.

    For result classes that are not frozen dataclasses: a result is built once,
    complete; code that wants different numbers builds a new result.

    Examples
    --------
    >>> class R(Immutable):
    ...     def __init__(self, n):
    ...         self.n = n
    >>> r = R(3)
    >>> r.n = 4
    Traceback (most recent call last):
    ...
    AttributeError: R is read-only (built once, complete): build a new one instead of changing 'n'
    """

    __slots__ = ()

    def __setattr__(self, name, value):
        if name in getattr(self, "__dict__", {}):
            raise AttributeError(
                f"{type(self).__name__} is read-only (built once, complete): build a new one "
                f"instead of changing {name!r}"
            )
        super().__setattr__(name, value)

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} is read-only: {name!r} cannot be deleted")


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
