"""Goodhart's law, simulated.

- :mod:`okrlab.goodhart.funnel`: a B2B marketing funnel under a cost-per-lead
  target (:func:`simulate_funnel`, :func:`simulate_funnel_chunks`,
  :func:`goodhart_effects`, :func:`sandbox_simulation`);
- :mod:`okrlab.goodhart.variants`: the four variants of Manheim & Garrabrant
  (2018), each a small simulation returning a tidy DataFrame.

Everything is importable from here: ``from okrlab.goodhart import simulate_funnel``.
"""

from .funnel import (
    DEFAULT_SEGMENTS,
    FUNNEL_METRICS,
    HALFWAY,
    FunnelSimulation,
    goodhart_effects,
    memory_needed,
    sandbox_simulation,
    simulate_funnel,
    simulate_funnel_chunks,
)
from .variants import (
    adversarial_goodhart,
    causal_goodhart,
    extremal_goodhart,
    regressional_closed_form,
    regressional_goodhart,
)

__all__ = [
    "DEFAULT_SEGMENTS",
    "FUNNEL_METRICS",
    "FunnelSimulation",
    "HALFWAY",
    "memory_needed",
    "simulate_funnel",
    "simulate_funnel_chunks",
    "goodhart_effects",
    "sandbox_simulation",
    "regressional_goodhart",
    "regressional_closed_form",
    "extremal_goodhart",
    "causal_goodhart",
    "adversarial_goodhart",
]
