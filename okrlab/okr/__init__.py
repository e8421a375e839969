"""Objectives, key results and their scoring.

The package has one module per part: :mod:`~okrlab.okr.scoring` (grades,
bars, ambition, periods), :mod:`~okrlab.okr.key_result` (key results and
guardrails), :mod:`~okrlab.okr.objective`, :mod:`~okrlab.okr.scorecard`
(the result objects :class:`Scorecard` and :class:`OKRSet`) and
:mod:`~okrlab.okr.loading` (the YAML reader). Import from ``okrlab.okr``.

Scoring rules (the domain brief's, made exact)
----------------------------------------------
score
    The fraction of the way from baseline to target:
    ``raw = (value - baseline) / (target - baseline)``. This works for
    lower-is-better metrics too (CPL 100 -> 80, now 90: raw = -10 / -20 = 0.5).
    ``score`` is ``raw`` clipped to [0, 1]; ``raw_score`` keeps the raw value
    (below 0: worse than the baseline; above 1: beyond the target).
grade
    ``red`` below 0.4, ``yellow`` from 0.4 to below 0.7, ``green`` from 0.7
    (the common 0.0-0.3 / 0.4-0.6 / 0.7-1.0 bands, with the gaps closed).
bar
    What counts as success: 1.0 for a ``committed`` key result, 0.7 for an
    ``aspirational`` one (a strong result on a stretch goal).
pace
    Expected progress at a date is linear over the period:
    ``expected = bar * elapsed / length``. The gap is ``expected - score``.
    A key result behind its pace by more than ``at_risk_gap`` (0.25) is
    ``at risk``; by more than ``off_track_gap`` (0.5), ``off track``;
    otherwise ``on track``.
forecast
    A straight line fitted by least squares through the check-ins (and the
    baseline at the start date, since a key result starts at its baseline),
    read at the due date.
objective score
    The weighted mean of its key results' clipped scores (equal weights by
    default).
guardrails
    KPIs that must stay healthy while the key result moves. A key result that
    meets its bar while a guardrail KPI is unhealthy is reported as
    ``met, guardrail breached`` and its objective as ``guardrail breached``,
    never as a success.

Examples
--------
>>> kr = KeyResult(description="Reduce cost per lead", metric="cpl",
...                baseline=100, target=80, current=90)
>>> kr.score(), kr.raw_score(), kr.grade()
(0.5, 0.5, 'yellow')
>>> kr.score(70), kr.raw_score(70)
(1.0, 1.5)
"""

from .key_result import Guardrail, KeyResult
from .loading import _KR_FIELDS, _OBJ_FIELDS, _TOP_FIELDS, load_okrs, load_okrs_text
from .objective import Objective
from .scorecard import OKRSet, Scorecard
from .scoring import (
    AMBITION_BANDS,
    GRADE_BANDS,
    KINDS,
    ambition,
    ambition_label,
    grade,
    parse_period,
)

__all__ = [
    "KeyResult",
    "Objective",
    "Guardrail",
    "OKRSet",
    "Scorecard",
    "load_okrs",
    "load_okrs_text",
    "ambition",
    "ambition_label",
    "grade",
    "parse_period",
    "AMBITION_BANDS",
    "GRADE_BANDS",
    "KINDS",
    # field sets of the YAML format, shared with the linter's reader
    "_KR_FIELDS",
    "_OBJ_FIELDS",
    "_TOP_FIELDS",
]
