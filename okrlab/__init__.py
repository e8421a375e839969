"""okrlab: KPIs vs OKRs, key-result scoring, Goodhart simulations and KPI audits.

The public API is re-exported here; the code lives in one module per idea
(``okrlab.kpi``, ``okrlab.okr``, ``okrlab.goodhart``, ``okrlab.audit``,
``okrlab.lint``, ``okrlab.datasets``, ``okrlab.plotting``, ``okrlab.widgets``).

Names are loaded lazily (PEP 562): ``import okrlab`` imports neither pandas
nor matplotlib, and ``okrlab.audit`` imports the audit module on first use,
so the command line and ``import okrlab`` start fast. To add a public name,
add one line to ``_LAZY`` below (name -> module) and one to the
``TYPE_CHECKING`` block (for editors and type checkers).
"""

import importlib
import sys
import types
from typing import TYPE_CHECKING

from ._version import __version__
from .errors import DataError, DefinitionError, OkrlabError, ParameterError, ParameterTypeError

#: public name -> submodule defining it (imported on first access).
_LAZY = {
    # -- kpi and okr --
    "KPI": "kpi",
    "KPICatalog": "kpi",
    "load_kpis": "kpi",
    "KeyResult": "okr",
    "Objective": "okr",
    "Guardrail": "okr",
    "OKRSet": "okr",
    "Scorecard": "okr",
    "load_okrs": "okr",
    # -- goodhart (simulations) and datasets --
    "simulate_funnel": "goodhart",
    "goodhart_effects": "goodhart",
    "regressional_goodhart": "goodhart",
    "regressional_closed_form": "goodhart",
    "extremal_goodhart": "goodhart",
    "causal_goodhart": "goodhart",
    "adversarial_goodhart": "goodhart",
    "load_dataset": "datasets",
    "list_datasets": "datasets",
    "dataset_path": "datasets",
    "MARKETING_EVENTS": "datasets",
    # -- audit --
    "audit": "audit",
    "audit_many": "audit",
    "AuditResult": "audit",
    "AuditSet": "audit",
    "goodhart_check": "goodhart_check",
    "GoodhartCheck": "goodhart_check",
    "kr_outcome_link": "kr_link",
    "KRLink": "kr_link",
    # -- lint --
    "lint": "lint",
    "lint_text": "lint",
    "Finding": "lint",
    "LintReport": "lint",
    "rule_table": "lint",
    # -- quarter review --
    "calibration": "review",
    "review": "review",
    "CalibrationResult": "review",
    "ReviewResult": "review",
}

__all__ = [
    "__version__",
    "OkrlabError",
    "DefinitionError",
    "DataError",
    "ParameterError",
    "ParameterTypeError",
    *_LAZY,
]


def __getattr__(name):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'okrlab' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # cache: later look-ups are plain attribute reads
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """The okrlab module object: a public function wins over a same-named submodule.

    Importing ``okrlab.audit`` (the module) would otherwise make ``okrlab.audit``
    the module instead of the function :func:`okrlab.audit`; the same for
    ``lint`` and ``goodhart_check``.
    """

    def __setattr__(self, name, value):
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == name:
            return  # keep resolving the public function through __getattr__
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

if TYPE_CHECKING:  # explicit names for editors and type checkers; never run
    from .audit import AuditResult, AuditSet, audit, audit_many  # noqa: F401
    from .datasets import MARKETING_EVENTS, dataset_path, list_datasets, load_dataset  # noqa: F401
    from .goodhart import (  # noqa: F401
        adversarial_goodhart,
        causal_goodhart,
        extremal_goodhart,
        goodhart_effects,
        regressional_closed_form,
        regressional_goodhart,
        simulate_funnel,
    )
    from .goodhart_check import GoodhartCheck, goodhart_check  # noqa: F401
    from .kpi import KPI, KPICatalog, load_kpis  # noqa: F401
    from .kr_link import KRLink, kr_outcome_link  # noqa: F401
    from .lint import Finding, LintReport, lint, lint_text, rule_table  # noqa: F401
    from .okr import Guardrail, KeyResult, Objective, OKRSet, Scorecard, load_okrs  # noqa: F401
    from .review import CalibrationResult, ReviewResult, calibration, review  # noqa: F401
