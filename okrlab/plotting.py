"""Seaborn-style figures for okrlab results.

Every function draws on the ``ax=`` it is given (or ``plt.gca()``) and returns
the Axes, or returns a grid object for multi-panel figures. matplotlib and
seaborn are imported inside the functions, so ``import okrlab`` stays fast.
The core modules never import this one.
"""

from __future__ import annotations

__all__: list[str] = []


def _plt():
    import matplotlib.pyplot as plt

    return plt


# == OKR progress (foundation) ==============================================

# == Goodhart (simulations) =================================================

# == audit ===================================================================

# == lint ====================================================================
