"""Parameter descriptions written once and shared by many docstrings (seaborn's ``_docs``).

A docstring line holding only ``{name}`` (indented like the other entries) is
replaced by the shared description of ``name``, re-indented to match::

    @share_docs
    def score(self, value=None):
        '''Progress clipped to [0, 1].

        Parameters
        ----------
        {value}
        '''

Only names in :data:`DOCS` are replaced, so braces elsewhere (dict literals in
examples) are left alone.
"""

from __future__ import annotations

import re

__all__ = ["DOCS", "share_docs"]

#: name -> numpydoc entry (first line "name : type", then the indented description).
DOCS = {
    "value": """value : float, optional
    The metric's value to judge; default the key result's ``current`` value.""",
    "at": """at : date, str or pandas.Timestamp
    The date to judge at (ISO text such as ``"2026-02-15"`` is accepted).""",
    "at_optional": """at : date, str or pandas.Timestamp, optional
    The date to judge at; default the latest values (no pace).""",
    "ax": """ax : matplotlib.axes.Axes, optional
    Draw here (default ``plt.gca()``).""",
    "ax_panels": """ax : sequence of matplotlib Axes, optional
    Exactly one Axes per panel (the plot rule); default a new figure.""",
    "seed": """seed : None, int or numpy.random.Generator
    Seed for reproducible draws; the same int gives the same result bit for bit.""",
    "data": """data : pandas.DataFrame
    The user's data (never modified).""",
    "date": """date : str, optional
    Column holding the dates; default the index.""",
}

_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)\{(?P<name>\w+)\}[ \t]*$", re.MULTILINE)


def _expand(match) -> str:
    name, indent = match.group("name"), match.group("indent")
    if name not in DOCS:
        return match.group(0)
    return "\n".join(indent + line for line in DOCS[name].splitlines())


def share_docs(obj):
    """Decorator: fill ``{name}`` lines of ``obj``'s docstring from :data:`DOCS`.

    Parameters
    ----------
    obj : function or class
        Its ``__doc__`` is rewritten in place.

    Returns
    -------
    function or class
        ``obj`` itself.

    Examples
    --------
    >>> @share_docs
    ... def f(seed=None):
    ...     '''Draw.
    ...
    ...     Parameters
    ...     ----------
    ...     {seed}
    ...     '''
    >>> print(f.__doc__.splitlines()[4].strip())
    seed : None, int or numpy.random.Generator
    """
    if obj.__doc__:
        obj.__doc__ = _PLACEHOLDER.sub(_expand, obj.__doc__)
    return obj
