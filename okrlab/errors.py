"""Exception types raised by okrlab: one hierarchy, used the same way everywhere.

Every error okrlab raises on purpose is an :class:`OkrlabError`, so a program
can catch them all in one place. Each also subclasses the built-in type that
fits, so generic ``except ValueError`` / ``except TypeError`` handlers keep
working::

    OkrlabError(Exception)
    ├── ParameterError(ValueError)      an argument has a bad *value*
    ├── ParameterTypeError(TypeError)   an argument has the wrong *type*
    ├── DataError(ValueError)           the data (DataFrame, CSV, columns, rows) is unusable
    └── DefinitionError(ValueError)     a KPI, objective or key-result definition is invalid

Which one to raise
------------------
- ``audit(data, kpi="cpl", direction="sideways")``: :class:`ParameterError`
  (a keyword argument's value is not one of the allowed choices).
- ``audit(data, kpi="cpl", seed="x")``: :class:`ParameterTypeError` (type is
  checked before value, see :mod:`okrlab._validate`).
- a column missing from ``data``, or with non-numeric cells: :class:`DataError`.
- a key result without a target, or a YAML file with an unknown key:
  :class:`DefinitionError` (with ``source``/``line``/``field`` when known).

Messages name what is wrong (file, line, objective, key result, column, row or
parameter) and say how to fix it, in the words of the interface used (keyword
arguments in Python, flags on the command line).

The input contract
------------------
Every entry point (command line, YAML files, Python functions) either succeeds
or raises one of these exceptions; on the command line that is exit status 2
with exactly one line on stderr (1 means ``lint`` found errors, 0 success).
Never a traceback, never a silently different meaning (duplicate YAML keys,
``010`` read as octal, hourly timestamps collapsed to days, ``1e308`` turning
into ``nan``), never a write outside the paths the user named (outputs are
compared with inputs by device and inode), never a raw control character on
the terminal, never a change to the caller's data. Resources are bounded with
clear errors: files are read only if regular (no pipes or devices) and below a
size bound, YAML aliases may repeat at most 10,000 values. The details, with
the CLI exit codes, are in the README section "Input contract".

Examples
--------
>>> from okrlab.errors import OkrlabError, ParameterError
>>> issubclass(ParameterError, ValueError) and issubclass(ParameterError, OkrlabError)
True
>>> try:
...     raise ParameterError("alpha=2 must be in (0, 1), e.g. alpha=0.05")
... except OkrlabError as exc:
...     print(exc)
alpha=2 must be in (0, 1), e.g. alpha=0.05
"""

from __future__ import annotations

__all__ = [
    "OkrlabError",
    "DefinitionError",
    "DataError",
    "ParameterError",
    "ParameterTypeError",
]


class OkrlabError(Exception):
    """Base class of every error okrlab raises on purpose.

    Examples
    --------
    >>> import okrlab
    >>> try:
    ...     okrlab.KPI("cpl", direction="sideways")
    ... except okrlab.OkrlabError as exc:
    ...     type(exc).__name__
    'DefinitionError'
    """


class DefinitionError(OkrlabError, ValueError):
    """A KPI, key result or objective definition is invalid.

    Raised when building the objects in Python and when loading them from
    YAML; in the latter case the message starts with the file and line.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it.
    source : str, optional
        The file the definition came from, if any.
    line : int, optional
        1-based line in that file, if known.
    field : str, optional
        The field that is missing or wrong.

    Attributes
    ----------
    source : str or None
        The file the definition came from, if any.
    line : int or None
        1-based line in that file, if known.
    field : str or None
        The field that is missing or wrong.

    Examples
    --------
    >>> err = DefinitionError("okrs.yaml:4: key result needs a 'target'", line=4, field="target")
    >>> err.line, err.field
    (4, 'target')
    """

    def __init__(self, message: str, *, source=None, line=None, field=None):
        super().__init__(message)
        self.source = source
        self.line = line
        self.field = field


class DataError(OkrlabError, ValueError):
    """User data (a DataFrame, CSV file, column or row) cannot be used as given.

    The message names the file, column and rows at fault and how to fix them.

    Examples
    --------
    >>> import pandas as pd
    >>> from okrlab._validate import check_column
    >>> try:
    ...     check_column(pd.DataFrame({"cpl": [1.0]}), "revenue", "outcome")
    ... except DataError as exc:
    ...     print(exc)
    outcome='revenue' is not a column of data; Columns: 'cpl'
    """


class ParameterError(OkrlabError, ValueError):
    """A function argument or CLI option has an invalid value; the message names it.

    Examples
    --------
    >>> from okrlab._validate import check_probability
    >>> try:
    ...     check_probability(1.5, "alpha")
    ... except ValueError as exc:  # also a ValueError
    ...     print(exc)
    alpha=1.5 must be between 0 and 1 (exclusive), e.g. alpha=0.05
    """


class ParameterTypeError(OkrlabError, TypeError):
    """A function argument has the wrong type; the message names it and the expected type.

    Examples
    --------
    >>> from okrlab._validate import check_seed
    >>> try:
    ...     check_seed("42")
    ... except TypeError as exc:  # also a TypeError
    ...     print(exc)
    seed must be an int >= 0, a numpy.random.Generator or None, got str '42', e.g. seed=0
    """
