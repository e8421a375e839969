"""Exception types raised by okrlab.

Every error okrlab raises on purpose is an :class:`OkrlabError`, so a program
can catch them all in one place. Each also subclasses the built-in type that
fits (``ValueError`` or ``TypeError``), so generic handlers keep working.

Messages name what is wrong (file, line, objective, key result, column, row or
parameter) and say how to fix it.
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
    """Base class of every error okrlab raises on purpose."""


class DefinitionError(OkrlabError, ValueError):
    """A KPI, key result or objective definition is invalid.

    Raised when building the objects in Python and when loading them from
    YAML; in the latter case the message starts with the file and line.

    Attributes
    ----------
    source : str or None
        The file the definition came from, if any.
    line : int or None
        1-based line in that file, if known.
    field : str or None
        The field that is missing or wrong.
    """

    def __init__(self, message: str, *, source=None, line=None, field=None):
        super().__init__(message)
        self.source = source
        self.line = line
        self.field = field


class DataError(OkrlabError, ValueError):
    """User data (a DataFrame or CSV) cannot be used as given.

    The message names the column and rows at fault.
    """


class ParameterError(OkrlabError, ValueError):
    """A function argument has an invalid value; the message names it."""


class ParameterTypeError(OkrlabError, TypeError):
    """A function argument has the wrong type; the message names it."""
