"""Does a KPI lead, move with or follow the business outcome? The analyst's audit.

Public functions
----------------
:func:`audit`
    One KPI against one outcome: lags from ``-max_lag`` to ``+max_lag``, the
    direction of the lead, one coherent inference (r, interval and p-value on
    the same series and lag), an incremental (beyond-own-past) test, a break
    test, the direction check and a verdict with an explanation.
:func:`audit_many`
    Every KPI column against one outcome, with p-values adjusted across KPIs
    (Benjamini-Hochberg) and intervals at the matching level; returns an
    :class:`AuditSet` (ranked table + one result per KPI).

Layout: ``_prepare`` (intake, dates), ``_steps`` (pluggable transform and
stability steps), ``_inference`` (statistics), ``_verdict`` (rules and
explanations), ``_core`` (pipeline), ``result`` (result classes), ``many``; figures in
:mod:`okrlab.plotting.audit`.
"""

from ._audit import audit
from ._core import _resolve_direction
from ._prepare import (
    _DEFAULT_WINDOW,
    _UNITS,
    _check_columns,
    _clean_span,
    _numeric,
    _prepare,
    _row_word,
    _rows_text,
)
from .many import audit_many
from .result import AuditResult, AuditSet, _f

#: The possible verdicts of :func:`audit`.
VERDICTS = (
    "predictive",
    "coincident",
    "follows",
    "weak",
    "not_predictive",
    "decoupled",
    "misaligned",
    "spurious_trend",
    "insufficient_data",
)

__all__ = ["VERDICTS", "AuditResult", "AuditSet", "audit", "audit_many"]

# shared intake helpers used by okrlab.goodhart_check and okrlab.kr_link
_SHARED = (
    _DEFAULT_WINDOW,
    _UNITS,
    _check_columns,
    _clean_span,
    _f,
    _numeric,
    _prepare,
    _resolve_direction,
    _row_word,
    _rows_text,
)
