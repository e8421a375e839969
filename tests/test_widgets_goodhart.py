"""The Goodhart sandbox widget, tested in Python (no browser): it is built from
explicit sliders, and moving a slider re-runs the plain computation."""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from okrlab.goodhart import sandbox_simulation
from okrlab.widgets import goodhart_sandbox


def _change(app, metric):
    return float(app.effects.set_index("metric").loc[metric, "change"])


def test_construction_uses_explicit_sliders():
    app = goodhart_sandbox(n_runs=5, draw=False)
    assert isinstance(app, widgets.VBox)
    assert set(app.sliders) == {"pressure", "quality_gap", "noise", "target_week"}
    assert isinstance(app.sliders["pressure"], widgets.FloatSlider)
    assert isinstance(app.sliders["target_week"], widgets.IntSlider)
    assert all(not s.continuous_update for s in app.sliders.values())
    assert isinstance(app.output, widgets.Output) and isinstance(app.table, widgets.HTML)
    assert "<table>" in app.table.value and "lead_quality" in app.table.value
    # The first draw matches the plain function with the default slider values.
    weekly, effects = sandbox_simulation(0.6, 1.0, 0.15, 52, n_weeks=104, n_runs=5, seed=0)
    pd.testing.assert_frame_equal(app.effects, effects)


def test_moving_sliders_recomputes():
    app = goodhart_sandbox(n_runs=10, draw=False)
    app.sliders["pressure"].value = 0.0
    assert abs(_change(app, "cpl")) < 0.05 and abs(_change(app, "lead_quality")) < 0.05
    app.sliders["pressure"].value = 1.0
    assert _change(app, "cpl") < -0.1 and _change(app, "lead_quality") < -0.1
    table_before = app.table.value
    app.sliders["quality_gap"].value = 0.0  # all segments alike: quality holds
    assert abs(_change(app, "lead_quality")) < 0.05
    assert app.table.value != table_before
    app.sliders["target_week"].value = 30
    active = app.weekly.groupby("run")["cpl_target_active"].sum()
    assert (active == 104 - 30).all()
    app.sliders["noise"].value = 0.4
    _, expected = sandbox_simulation(1.0, 0.0, 0.4, 30, n_weeks=104, n_runs=10, seed=0)
    pd.testing.assert_frame_equal(app.effects, expected)


def test_drawing_closes_its_figures(capsys):
    app = goodhart_sandbox(n_runs=3, n_weeks=40)
    app.sliders["pressure"].value = 0.9
    # Outside a kernel the Output widget cannot capture; the figure is still
    # built and closed, so nothing accumulates.
    assert plt.get_fignums() == []
    capsys.readouterr()


def test_without_a_kernel_it_shows_a_picture_not_its_repr():
    app = goodhart_sandbox(n_runs=3, n_weeks=40)
    bundle = app._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # still a live widget
    assert bundle["text/plain"].startswith("okrlab Goodhart sandbox")
    assert "VBox(" not in bundle["text/plain"]
    html = bundle["text/html"]
    assert "run the notebook to use it" in html and "lead_quality" in html
    assert "data:image/png;base64," in html  # the first dashboard
    app.sliders["pressure"].value = 0.1  # the picture stays the first state
    assert app._repr_mimebundle_()["text/html"] == html


def test_quick_dashboard_for_the_app():
    app = goodhart_sandbox(n_runs=3, n_weeks=40, quick=True)
    html = app._repr_mimebundle_()["text/html"]
    assert "data:image/png;base64," in html and plt.get_fignums() == []
    app.sliders["pressure"].value = 0.9  # redraws without error, table updated
    assert "lead_quality" in app.table.value
