"""Interactive ipywidgets apps for the notebooks.

Built from explicit widgets (sliders, text boxes) wired with ``.observe``, not
``@interact`` (which hangs under Voila). The computation behind each app is a
plain function in the core modules, tested without a browser.
"""

from __future__ import annotations

__all__: list[str] = []

# == Goodhart sandbox ========================================================

# == lint as you type ========================================================


__all__ += ["lint_as_you_type"]


def lint_as_you_type(text: str = "", *, history=None, rows: int = 10):
    """A text box that lints OKRs on every keystroke and shows findings and score.

    Parameters
    ----------
    text : str
        OKRs to start with (plain text or YAML; see :func:`okrlab.lint_text`).
    history : pandas.DataFrame or path, optional
        Metric history, to turn on the ambition rules.
    rows : int
        Height of the text box in lines.

    Returns
    -------
    ipywidgets.VBox
        ``children[0]`` is the ``Textarea``, ``children[1]`` the ``HTML``
        report, re-rendered by :func:`okrlab.lint.lint_to_html` on every change.

    Examples
    --------
    >>> app = lint_as_you_type("Objective: Improve our marketing")
    >>> app.children[0].value = "Objective: Grow\\n- Launch the pricing page"
    >>> "activity-not-outcome" in app.children[1].value
    True
    """
    import ipywidgets as widgets

    from .lint import lint_to_html

    box = widgets.Textarea(
        value=text,
        rows=rows,
        continuous_update=True,
        placeholder="Objective: ...\n- Increase <metric> from X to Y",
        layout=widgets.Layout(width="100%"),
    )
    report = widgets.HTML(value=lint_to_html(text, history))

    def _relint(change):
        report.value = lint_to_html(change["new"], history)

    box.observe(_relint, names="value")
    return widgets.VBox([box, report])
