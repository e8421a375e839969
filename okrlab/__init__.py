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
# -- audit --
# -- lint --

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
    # -- audit names --
    # -- lint names --
]
