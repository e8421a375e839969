"""KPI definitions, health bands and KPI catalogs.

A KPI is a metric chosen because it reliably signals the health of something
that matters. okrlab asks for what a new hire would need to use it: a
description or formula, the unit, which direction is better, where the data
come from, how often it updates, who owns it, and the healthy band.

Status of a value
-----------------
``healthy``
    inside the healthy band ``[healthy_min, healthy_max]`` (ends included; an
    end left as ``None`` is open).
``watch``
    outside the band by no more than ``warning_margin`` (in the KPI's unit).
``unhealthy``
    outside the band by more than ``warning_margin``.

Examples
--------
>>> cpl = KPI("cpl", unit="USD", direction="lower", healthy_max=120, warning_margin=15)
>>> [cpl.status(v) for v in (95, 130, 150)]
['healthy', 'watch', 'unhealthy']
"""

from .catalog import KPICatalog, load_kpis, load_kpis_text
from .definition import DIRECTIONS, KPI, STATUSES, normalize_direction

__all__ = [
    "KPI",
    "KPICatalog",
    "load_kpis",
    "load_kpis_text",
    "normalize_direction",
    "STATUSES",
    "DIRECTIONS",
]
