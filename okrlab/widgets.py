"""Interactive ipywidgets apps for the notebooks.

Built from explicit widgets (sliders, text boxes) wired with ``.observe``, not
``@interact`` (which hangs under Voila). The computation behind each app is a
plain function in the core modules, tested without a browser.
"""

from __future__ import annotations

__all__: list[str] = []

# == Goodhart sandbox ========================================================

# == lint as you type ========================================================
