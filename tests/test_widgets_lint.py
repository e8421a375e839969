"""The lint-as-you-type app: its logic without a browser, and the widget wiring."""

import ipywidgets as widgets

from okrlab.lint import lint_to_html
from okrlab.widgets import lint_as_you_type

BAD = "Objective: Improve our marketing\nPeriod: 2026-Q1\n- Launch the pricing page\n"
GOOD = (
    "Objective: Make onboarding fast for new customers\nPeriod: 2026-Q1\n"
    "- Reduce time-to-first-value from 10 days to 5 days\n"
    "- Increase week-4 retention from 70% to 80%\n"
)


def test_logic_shows_findings_and_score():
    html = lint_to_html(BAD)
    assert "activity-not-outcome" in html and "vague-objective" in html
    assert "Score " in html and "checks passed" in html
    assert "No findings" in lint_to_html(GOOD) and "Score 100%" in lint_to_html(GOOD)


def test_logic_never_raises_on_half_typed_input():
    assert "Type or paste OKRs" in lint_to_html("   ")
    assert "Cannot lint this yet" in lint_to_html("objectives:\n  - title: [oops\n")
    assert "Cannot lint this yet" in lint_to_html("# okrlab: ignore=nope\nObjective: X\n")
    assert lint_to_html("<script>alert(1)</script>").count("<script>") == 0


def test_widget_is_a_textarea_and_html_output():
    app = lint_as_you_type(BAD)
    assert isinstance(app, widgets.VBox)
    box, out = app.children
    assert isinstance(box, widgets.Textarea) and isinstance(out, widgets.HTML)
    assert box.value == BAD and "activity-not-outcome" in out.value


def test_typing_relints():
    app = lint_as_you_type(BAD)
    box, out = app.children
    box.value = GOOD
    assert "No findings" in out.value and "Score 100%" in out.value
    box.value = GOOD + "- Send a newsletter\n"
    assert "activity-not-outcome" in out.value
    box.value = ""
    assert "Type or paste OKRs" in out.value


def test_without_a_kernel_it_shows_the_first_report():
    bundle = lint_as_you_type("Objective: Grow\n- Cut CPL from $100 to $80\n")._repr_mimebundle_()
    assert bundle["text/plain"].startswith("okrlab lint as you type")
    shown = bundle["text/html"].split("<pre>")[1].split("</pre>")[0]
    assert "<span>$</span>100" in shown  # a lone $ per element: never paired as maths


def test_bad_arguments_get_okrlab_errors():
    import pytest

    import okrlab

    with pytest.raises(okrlab.ParameterTypeError, match="text must be a string"):
        lint_as_you_type(5)
    with pytest.raises(okrlab.ParameterError, match="rows=-3 must be >= 1"):
        lint_as_you_type("", rows=-3)
    with pytest.raises(okrlab.DataError, match="nope.csv"):
        lint_as_you_type("", history="nope.csv")
