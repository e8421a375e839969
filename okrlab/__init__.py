"""okrlab: KPIs vs OKRs, key-result scoring, Goodhart simulations and KPI audits.

The public API is re-exported here; the code lives in one module per idea
(``okrlab.kpi``, ``okrlab.okr``, ``okrlab.goodhart``, ``okrlab.audit``,
``okrlab.lint``, ``okrlab.datasets``, ``okrlab.plotting``, ``okrlab.widgets``).
"""

from ._version import __version__
from .datasets import dataset_path, list_datasets
from .errors import DataError, DefinitionError, OkrlabError, ParameterError, ParameterTypeError
from .kpi import KPI, KPICatalog, load_kpis

# -- okr (foundation) --
from .okr import Guardrail, KeyResult, Objective, OKRSet, Scorecard, load_okrs

# -- goodhart (simulations and datasets) --
# isort: split
from .datasets import MARKETING_EVENTS, load_dataset
from .goodhart import (
    adversarial_goodhart,
    causal_goodhart,
    extremal_goodhart,
    goodhart_effects,
    regressional_closed_form,
    regressional_goodhart,
    simulate_funnel,
)

# -- audit --
# isort: split
from .audit import AuditResult, audit, audit_many
from .goodhart_check import GoodhartCheck, goodhart_check
from .kr_link import kr_outcome_link

# -- lint --
# isort: split
from .lint import Finding, LintReport, lint, lint_text, rule_table

__all__ = [
    "__version__",
    "KPI",
    "KPICatalog",
    "load_kpis",
    "dataset_path",
    "list_datasets",
    "OkrlabError",
    "DefinitionError",
    "DataError",
    "ParameterError",
    "ParameterTypeError",
    # -- okr names --
    "KeyResult",
    "Objective",
    "Guardrail",
    "OKRSet",
    "Scorecard",
    "load_okrs",
    # -- goodhart names --
    "simulate_funnel",
    "goodhart_effects",
    "regressional_goodhart",
    "regressional_closed_form",
    "extremal_goodhart",
    "causal_goodhart",
    "adversarial_goodhart",
    "load_dataset",
    "MARKETING_EVENTS",
    # -- audit names --
    "audit",
    "audit_many",
    "goodhart_check",
    "kr_outcome_link",
    "AuditResult",
    "GoodhartCheck",
    # -- lint names --
    "lint",
    "lint_text",
    "Finding",
    "LintReport",
    "rule_table",
]
