"""Figures for okrlab results, one module per concept, in the okrlab house style.

==========================  ==================================================
module                      functions
==========================  ==================================================
``plotting.okr``            :func:`plot_okr_progress`, :func:`plot_checkins`
``plotting.kpi``            :func:`plot_kpi_health`, :func:`plot_kpi_catalog`
``plotting.goodhart``       :func:`plot_goodhart_dashboard`, :func:`plot_budget_shares`,
                            :func:`plot_regressional`, :func:`plot_extremal`,
                            :func:`plot_causal`, :func:`plot_adversarial`
``plotting.audit``          :func:`plot_audit`, :func:`plot_audit_set`
``plotting.goodhart_check`` :func:`plot_goodhart_check`
``plotting.review``         :func:`plot_reliability`, :func:`plot_score_zones`
``plotting._theme``         the house style, :func:`panels`, axis helpers
==========================  ==================================================

The plot rule (see :mod:`okrlab._render`): single-panel functions take
``ax=None`` (default ``plt.gca()``) and return the Axes; multi-panel ones
take ``ax=None`` or a sequence of exactly as many Axes as panels and return
the Figure. Every function applies the house style (seaborn ``whitegrid``,
okrlab's palette) inside a context, so the user's global style is unchanged.
matplotlib and seaborn are imported inside the functions, and the core
modules never import this package, so ``import okrlab`` stays fast.
"""

from __future__ import annotations

from ._theme import house_style, panels
from .audit import plot_audit, plot_audit_set
from .goodhart import (
    plot_adversarial,
    plot_budget_shares,
    plot_causal,
    plot_extremal,
    plot_goodhart_dashboard,
    plot_regressional,
)
from .goodhart_check import plot_goodhart_check
from .kpi import plot_kpi_catalog, plot_kpi_health
from .okr import plot_checkins, plot_okr_progress
from .review import plot_reliability, plot_score_zones

__all__ = [
    "plot_okr_progress",
    "plot_checkins",
    "plot_kpi_health",
    "plot_kpi_catalog",
    "plot_goodhart_dashboard",
    "plot_budget_shares",
    "plot_regressional",
    "plot_extremal",
    "plot_causal",
    "plot_adversarial",
    "plot_audit",
    "plot_audit_set",
    "plot_goodhart_check",
    "plot_reliability",
    "plot_score_zones",
    "house_style",
    "panels",
]
