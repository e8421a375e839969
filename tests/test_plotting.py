"""Plot tests read the drawn data back from the Axes (as seaborn's tests do), for every
plotting function, and check the house rules: style applied only inside the call,
units on axes, no doubled parentheses, no 1e6 offsets, the plot rule for panels."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import okrlab
from okrlab import plotting
from okrlab.plotting._theme import axis_label

WEEKS = pd.date_range("2025-01-06", periods=8, freq="W-MON")


def _fresh_ax():
    return plt.subplots()[1]


def _data_lines(ax):
    """Lines that carry data (seaborn adds empty legend proxies to ax.lines)."""
    return [ln for ln in ax.lines if len(ln.get_xydata())]


# -- OKRs and KPIs ------------------------------------------------------------------------


def _objective():
    krs = [
        okrlab.KeyResult(description="Cut CPL from $100 to $80", metric="cpl", unit="USD",
                         baseline=100, target=80, start="2026-01-01", due="2026-03-31",
                         checkins={"2026-01-20": 96.0, "2026-02-10": 90.0}),
        okrlab.KeyResult(description="Grow SQLs from 40 to 60", metric="sqls", baseline=40,
                         target=60, start="2026-01-01", due="2026-03-31",
                         checkins={"2026-01-20": 44.0, "2026-02-10": 56.0}),
    ]  # fmt: skip
    return okrlab.Objective("Cheaper, better leads", key_results=krs)


def test_okr_progress_bars_are_the_scores():
    card = _objective().scorecard(at="2026-02-15")
    ax = plotting.plot_okr_progress(card, ax=_fresh_ax())
    widths = [p.get_width() for p in ax.patches]
    # scores: (100-90)/(100-80) = 0.5 and (56-40)/(60-40) = 0.8, top bar first
    np.testing.assert_allclose(widths, [0.5, 0.8])
    assert [p.get_facecolor()[:3] for p in ax.patches] == [
        mpl.colors.to_rgb(okrlab._render.PALETTE["yellow"]),
        mpl.colors.to_rgb(okrlab._render.PALETTE["green"]),
    ]
    assert ax.get_xlim() == (0, 1.04)


def test_checkins_draw_the_path_and_the_values():
    kr = _objective().key_results[0]
    ax = plotting.plot_checkins(kr, ax=_fresh_ax())
    path, checkins = ax.lines[0], ax.lines[1]
    assert path.get_xydata()[:, 1].tolist() == [100.0, 80.0]
    assert checkins.get_xydata()[:, 1].tolist() == [96.0, 90.0]
    assert ax.get_ylabel() == "cpl (USD)"
    assert "\\$100" in ax.get_title()  # escaped: not typeset as maths


def test_kpi_health_points_coloured_by_status():
    kpi = okrlab.KPI("cpl", direction="lower", unit="(USD)", healthy_max=120, warning_margin=10)
    values = pd.Series([100.0, 125.0, 140.0], index=WEEKS[:3])
    ax = plotting.plot_kpi_health(values, kpi, ax=_fresh_ax())
    assert ax.lines[0].get_xydata()[:, 1].tolist() == [100.0, 125.0, 140.0]
    colours = [tuple(c[:3]) for c in ax.collections[0].get_facecolors()]
    expected = [mpl.colors.to_rgb(okrlab._render.STATUS_COLOURS[s])
                for s in ("healthy", "watch", "unhealthy")]  # fmt: skip
    assert colours == expected
    assert ax.get_ylabel() == "cpl (USD)"  # a unit given as "(USD)" is not wrapped twice
    assert "lower is better" in ax.get_title()


def test_okr_and_kpi_plots_refuse_bad_arguments_clearly():
    kpi = okrlab.KPI("cpl", direction="lower", healthy_max=120)
    with pytest.raises(okrlab.ParameterTypeError, match="values must be a pandas Series"):
        plotting.plot_kpi_health([1.0, 2.0], kpi, ax=_fresh_ax())
    with pytest.raises(okrlab.ParameterTypeError, match="kpi must be an okrlab.KPI"):
        plotting.plot_kpi_health(pd.Series([1.0]), "cpl", ax=_fresh_ax())
    with pytest.raises(okrlab.DataError, match="must be numeric"):
        plotting.plot_kpi_health(pd.Series(["a"]), kpi, ax=_fresh_ax())
    with pytest.raises(okrlab.ParameterTypeError, match="kr must be an okrlab.KeyResult"):
        plotting.plot_checkins("Cut CPL", ax=_fresh_ax())
    undated = okrlab.KeyResult(description="x", metric="m", baseline=1, target=2)
    with pytest.raises(okrlab.ParameterError, match="no start and due date"):
        plotting.plot_checkins(undated, ax=_fresh_ax())
    with pytest.raises(okrlab.ParameterTypeError, match="scorecard must be"):
        plotting.plot_okr_progress(pd.DataFrame(), ax=_fresh_ax())
    with pytest.raises(okrlab.ParameterError, match="wrap=2 must be >= 10"):
        plotting.plot_okr_progress(_objective().scorecard(), ax=_fresh_ax(), wrap=2)


def test_kpi_catalog_one_panel_per_kpi_present():
    cat = okrlab.KPICatalog([okrlab.KPI("cpl", direction="lower", healthy_max=120),
                             okrlab.KPI("absent"), okrlab.KPI("ctr", healthy_min=0.02)])  # fmt: skip
    df = pd.DataFrame({"week": WEEKS[:3], "cpl": [100.0, 125.0, 90.0], "ctr": [0.03, 0.01, 0.02]})
    fig = cat.plot(df, date="week")
    axes = [a for a in fig.axes if a.get_visible()]
    assert [a.get_ylabel() for a in axes] == ["cpl", "ctr"]
    assert axes[1].lines[0].get_xydata()[:, 1].tolist() == [0.03, 0.01, 0.02]
    with pytest.raises(okrlab.DataError, match="none of the catalog's KPIs"):
        plotting.plot_kpi_catalog(df[["week"]], catalog=cat, date="week")


# -- Goodhart -----------------------------------------------------------------------------


def test_dashboard_median_and_band_match_the_runs():
    sim = okrlab.simulate_funnel(n_weeks=20, n_runs=7, target_week=10, seed=3).weekly
    fig = plotting.plot_goodhart_dashboard(sim, band=(0.1, 0.9))
    cpl_ax = fig.axes[0]
    week = pd.to_datetime(sim["week"])
    q = sim["cpl"].groupby(week).quantile([0.1, 0.5, 0.9]).unstack()
    median = cpl_ax.lines[0].get_xydata()[:, 1]
    np.testing.assert_allclose(median, q[0.5].to_numpy())
    band = cpl_ax.collections[0].get_paths()[0].vertices[:, 1]
    assert band.min() == pytest.approx(q[0.1].min()) and band.max() == pytest.approx(q[0.9].max())
    target = [ln for ln in cpl_ax.lines if ln.get_label() == "CPL target starts"]
    assert len(target) == 1
    # USD ticks read like $80 or $1.2M: no raw 800000 and no 1e6 offset text
    revenue = fig.axes[3]
    fig.canvas.draw()
    assert revenue.yaxis.get_offset_text().get_text() == ""
    labels = [t.get_text() for t in revenue.get_yticklabels() if t.get_text()]
    # "\\$" is matplotlib's literal dollar (drawn as "$", never read as maths)
    assert labels and all(lab.startswith("\\$") for lab in labels)
    assert not any(lab[2:].replace(",", "").isdigit() and len(lab) > 7 for lab in labels)


def test_dashboard_single_run_draws_the_values_and_follows_the_plot_rule():
    result = okrlab.simulate_funnel(n_weeks=12, seed=0, target_week=None)
    sim = result.weekly
    fig = plotting.plot_goodhart_dashboard(result)  # the result object is accepted too
    np.testing.assert_allclose(fig.axes[1].lines[0].get_xydata()[:, 1], sim["lead_quality"])
    assert len(fig.axes[0].collections) == 0
    _f, axes = plt.subplots(2, 2)
    assert plotting.plot_goodhart_dashboard(sim, ax=axes) is axes[0, 0].figure
    with pytest.raises(okrlab.ParameterError, match="4 panels"):
        plotting.plot_goodhart_dashboard(sim, ax=_fresh_ax())
    with pytest.raises(okrlab.ParameterError, match="exactly 4"):
        plotting.plot_goodhart_dashboard(sim, ax=axes.ravel()[:3])
    with pytest.raises(okrlab.ParameterError, match="band"):
        plotting.plot_goodhart_dashboard(sim, band=(0.9, 0.1))


def test_budget_shares_stack_to_one():
    shares = okrlab.simulate_funnel(n_weeks=10, seed=0, target_week=5, return_shares=True).shares
    ax = plotting.plot_budget_shares(shares, ax=_fresh_ax(), target_week=5)
    tops = ax.collections[-1].get_paths()[0].vertices[:, 1]
    assert tops.max() == pytest.approx(1.0)
    assert ax.get_ylim() == (0.0, 1.0)


def test_regressional_line_is_the_least_squares_fit():
    d = okrlab.regressional_goodhart(n=400, seed=1)
    ax = plotting.plot_regressional(d, ax=_fresh_ax(), max_points=100)
    fit = next(ln for ln in ax.lines if ln.get_label().startswith("E[goal"))
    xy = fit.get_xydata()
    slope = (xy[-1, 1] - xy[0, 1]) / (xy[-1, 0] - xy[0, 0])
    assert slope == pytest.approx(np.polyfit(d["proxy"], d["goal"], 1)[0])
    assert len(ax.collections[0].get_offsets()) == 100  # the subset, seeded
    with pytest.raises(okrlab.ParameterTypeError, match="max_points"):
        plotting.plot_regressional(d, ax=_fresh_ax(), max_points=2.5)


def test_extremal_and_causal_draw_the_frames_columns():
    d = okrlab.extremal_goodhart(seed=0)
    ax = plotting.plot_extremal(d, ax=_fresh_ax())
    fitted = _data_lines(ax)[0]
    order = d.sort_values("proxy")
    np.testing.assert_allclose(fitted.get_xydata()[:, 1], order["predicted_goal"])
    assert len(ax.collections[0].get_offsets()) == len(d)
    c = okrlab.causal_goodhart(seed=0)
    ax = plotting.plot_causal(c, ax=_fresh_ax())
    means = [tuple(coll.get_offsets()[0]) for coll in ax.collections[1:]]
    obs = c[c["condition"] == "observed"]
    assert means[0] == pytest.approx((obs["proxy"].mean(), obs["goal"].mean()))


def test_adversarial_bars_are_the_means():
    d = okrlab.adversarial_goodhart(seed=0)
    ax = plotting.plot_adversarial(d, ax=_fresh_ax())
    means = d.groupby("phase")[["metric", "goal"]].mean()
    heights = [p.get_height() for p in ax.patches]
    expected = [means.loc["no incentive", "metric"], means.loc["incentive", "metric"],
                means.loc["no incentive", "goal"], means.loc["incentive", "goal"]]  # fmt: skip
    np.testing.assert_allclose(heights, expected)


# -- audit and Goodhart check ---------------------------------------------------------------


@pytest.fixture(scope="module")
def weekly():
    return okrlab.load_dataset("marketing_weekly")


def test_audit_figure_draws_the_lag_correlations(weekly):
    res = okrlab.audit(weekly, kpi="email_open_rate", outcome="revenue", date="week",
                       n_boot=99, seed=0)  # fmt: skip
    fig = plotting.plot_audit(res)
    assert isinstance(fig, Figure)
    bars = [p.get_height() for p in fig.axes[2].patches]
    np.testing.assert_allclose(bars, res.lags["r"].to_numpy())
    levels = fig.axes[0]
    np.testing.assert_allclose(levels.lines[0].get_xydata()[:, 1], res.series["kpi"])
    fig.canvas.draw()
    twin = fig.axes[4]
    assert twin.yaxis.get_offset_text().get_text() == ""  # revenue ticks carry k/M instead
    assert all(t.get_text()[-1:] in "kM0123456789" for t in twin.get_yticklabels())
    with pytest.raises(okrlab.ParameterError, match="4 panels"):
        plotting.plot_audit(res, ax=_fresh_ax())


def test_audit_set_intervals_per_kpi(weekly):
    many = okrlab.audit_many(weekly, outcome="revenue", kpis=["cpl", "email_open_rate"],
                             date="week", n_boot=99, seed=0)  # fmt: skip
    ax = plotting.plot_audit_set(many, ax=_fresh_ax())
    t = many.table
    # per row an interval line then a point, drawn bottom (last row) to top; then the 0 line
    first_interval, first_point = ax.lines[-3], ax.lines[-2]
    np.testing.assert_allclose(first_interval.get_xydata()[:, 0],
                               [t["ci_low"].iloc[0], t["ci_high"].iloc[0]])  # fmt: skip
    assert first_point.get_xydata()[0, 0] == pytest.approx(t["r_changes"].iloc[0])


def test_dollar_signs_in_column_names_stay_literal(weekly):
    # "cost/lead ($)" and "revenue $" in one title would be read as maths between the
    # two dollar signs (the signs vanish, the text goes italic); okrlab escapes them.
    data = weekly.rename(columns={"cpl": "cost/lead ($)", "revenue": "revenue $"})
    res = okrlab.audit(data, kpi="cost/lead ($)", outcome="revenue $", date="week",
                       direction="lower", n_boot=99, seed=0)  # fmt: skip
    fig = plotting.plot_audit(res)
    assert fig._suptitle.get_text().startswith("cost/lead (\\$) → revenue \\$")
    fig.canvas.draw()  # mathtext would fail or drop the signs; escaped text draws as is
    xcorr = fig.axes[2]
    assert all(float(t.get_text().replace("−", "-")).is_integer()
               for t in xcorr.get_xticklabels() if t.get_text())  # fmt: skip


def test_goodhart_check_curves_and_direction_label(weekly):
    chk = okrlab.goodhart_check(weekly, kpi="cpl", quality="lead_quality", date="week",
                                direction="lower")  # fmt: skip
    ax = plotting.plot_goodhart_check(chk, ax=_fresh_ax())
    np.testing.assert_allclose(ax.lines[0].get_xydata()[:, 1], chk.frame["kpi_z"], equal_nan=True)
    assert "lower is better" in ax.lines[0].get_label()
    assert "better ↑" not in ax.lines[0].get_label()


# -- house rules ------------------------------------------------------------------------------


def test_house_style_does_not_leak_into_the_users_settings():
    before = dict(mpl.rcParams)
    plotting.plot_adversarial(okrlab.adversarial_goodhart(seed=0), ax=_fresh_ax())
    after = dict(mpl.rcParams)
    changed = {k for k in before if before[k] != after[k] and k != "backend"}
    assert not changed


def test_axis_labels_never_double_parentheses():
    assert axis_label("cpl", "(USD)") == "cpl (USD)"
    assert axis_label("lead quality (share)", "%") == "lead quality (share, %)"
    assert axis_label("revenue", "") == "revenue"
    assert "((" not in axis_label("x (a)", "(b)") and "))" not in axis_label("x (a)", "(b)")


def test_single_panel_functions_reject_a_non_axes():
    _f, axes = plt.subplots(1, 2)
    with pytest.raises(okrlab.ParameterTypeError, match="ax must be one matplotlib Axes"):
        plotting.plot_adversarial(okrlab.adversarial_goodhart(seed=0), ax=axes)


def test_every_public_plot_function_is_tested_here():
    import pathlib

    source = pathlib.Path(__file__).read_text()
    public = [n for n in plotting.__all__ if n.startswith("plot_")]
    assert len(public) == 15
    assert [n for n in public if f"plotting.{n}(" not in source] == []


def test_review_plots_draw_the_review_tables():
    checkins = okrlab.load_dataset("okr_checkins")
    cal, rev = okrlab.calibration(checkins), okrlab.review(checkins)
    ax = plotting.plot_reliability(cal, ax=plt.figure().gca())
    points = ax.collections[-1].get_offsets()
    np.testing.assert_allclose(points[:, 1], cal.reliability["hit_rate"])
    ax = plotting.plot_score_zones(rev, ax=plt.figure().gca())
    widths = np.array([p.get_width() for p in ax.patches]).reshape(4, -1)
    np.testing.assert_allclose(widths[0], rev.zones["< 0.3"])
