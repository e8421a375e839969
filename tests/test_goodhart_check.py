"""goodhart_check: periods where a KPI improved while a quality metric deteriorated."""

import json

import numpy as np
import pandas as pd
import pytest

import okrlab
from okrlab import KPI, DataError, ParameterError

WEEKS = pd.date_range("2021-01-04", periods=400, freq="W-MON")


def frame(**cols):
    n = len(next(iter(cols.values())))
    return pd.DataFrame({"week": WEEKS[:n], **cols})


@pytest.fixture
def df(rng):
    n = 80
    dx = rng.standard_normal(n)
    return frame(cpl=50 + np.cumsum(dx), revenue=500 + np.cumsum(0.8 * dx + rng.standard_normal(n)))


def test_goodhart_check_flags_only_after_the_target(rng):
    n = 156
    target = np.arange(n) >= 100
    cpl = 100 - 20 * target + rng.normal(0, 5, n)
    quality = 0.3 - 0.1 * target + rng.normal(0, 0.02, n)
    df = frame(cpl=cpl, lead_quality=quality)
    chk = okrlab.goodhart_check(
        df, kpi=KPI("cpl", direction="lower"), quality="lead_quality", baseline=100
    )
    flagged = chk.frame.index[chk.frame["flagged"]]
    assert flagged.min() >= WEEKS[100] and chk.n_flagged >= 50
    assert "Goodhart warning" in chk.summary() and "0x" not in repr(chk)
    json.dumps(chk.to_dict())
    ax = chk.plot()  # the drawn curves are the result's numbers
    np.testing.assert_allclose(ax.lines[0].get_ydata(), chk.frame["kpi_z"], equal_nan=True)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), chk.frame["quality_z"], equal_nan=True)
    # no pressure: quality does not fall -> nothing flagged
    calm = okrlab.goodhart_check(
        df.assign(lead_quality=0.3 + rng.normal(0, 0.02, n)),
        kpi="cpl",
        quality="lead_quality",
        direction="lower",
        baseline=100,
    )
    assert calm.n_flagged == 0 and "No Goodhart pattern" in calm.summary()
    # every protocol method works without a single episode (a printed calm check)
    assert "No Goodhart pattern" in str(calm) and "Episodes" not in repr(calm)
    assert "<table" in calm._repr_html_() and calm.to_dict()["episodes"] == []
    json.dumps(calm.to_dict())
    calm.plot()


def test_goodhart_check_errors(df):
    with pytest.raises(ParameterError, match="say which way is better for 'cpl'"):
        okrlab.goodhart_check(df, kpi="cpl", quality="revenue")
    with pytest.raises(ParameterError, match="the baseline has 2 weeks"):
        okrlab.goodhart_check(df, kpi="cpl", quality="revenue", direction="lower", baseline=2)
    with pytest.raises(ParameterError, match="neither a number of periods nor a date"):
        okrlab.goodhart_check(df, kpi="cpl", quality="revenue", direction="lower", baseline="soon")
    with pytest.raises(ParameterError, match="alpha"):
        okrlab.goodhart_check(df, kpi="cpl", quality="revenue", direction="lower", alpha=1.5)
    with pytest.raises(ParameterError, match="n_sim"):
        okrlab.goodhart_check(df, kpi="cpl", quality="revenue", direction="lower", n_sim=10)
    with pytest.raises(TypeError):  # kpi and quality are keyword-only
        okrlab.goodhart_check(df, "cpl", "revenue", direction="lower")
    flat = df.assign(revenue=1.0)
    with pytest.raises(DataError, match="'revenue' does not vary in the baseline"):
        okrlab.goodhart_check(flat, kpi="cpl", quality="revenue", direction="lower")


def _null_frame(rng, n, phi):
    """KPI that genuinely improves after week 52; quality AR(phi) with no change."""
    e = rng.standard_normal(n + 100)
    q = np.zeros(n + 100)
    for t in range(1, n + 100):
        q[t] = phi * q[t - 1] + e[t]
    cpl = 100 - 10 * (np.arange(n) >= 52) + rng.normal(0, 3, n)
    return frame(cpl=cpl, lead_quality=0.3 + 0.02 * q[100:])


@pytest.mark.parametrize("phi", [0.0, 0.8])
def test_false_alarm_rate_over_the_whole_series_is_at_most_alpha(phi):
    # 200 replicates of 156 weeks, baseline 26, quality AR(phi) with no change while
    # the KPI improves for real. Claim: P(any flagged week) <= 0.05. Binomial SE at
    # 0.05 is 0.015; fail above 0.05 + 2 SE = 0.08. (The validation script runs 1,000.)
    rng = np.random.default_rng(11 + int(10 * phi))
    hits = 0
    for r in range(200):
        chk = okrlab.goodhart_check(
            _null_frame(rng, 156, phi),
            kpi=KPI("cpl", direction="lower"),
            quality="lead_quality",
            baseline=26,
            n_sim=1000,
            seed=r,
        )
        hits += chk.n_flagged > 0
    assert hits / 200 <= 0.08


def test_detects_a_sustained_fall_and_dates_its_onset():
    # quality falls by 2 baseline sd at week 80 while CPL improves; 60 replicates.
    rng = np.random.default_rng(5)
    delays, onsets = [], []
    for r in range(60):
        d = _null_frame(rng, 156, 0.0)
        d.loc[80:, "lead_quality"] -= 0.04
        chk = okrlab.goodhart_check(
            d,
            kpi=KPI("cpl", direction="lower"),
            quality="lead_quality",
            baseline=26,
            n_sim=1000,
            seed=r,
        )
        if chk.first_flagged is not None:
            delays.append((chk.first_flagged - WEEKS[80]).days // 7)
            onsets.append((chk.episodes["onset"].iloc[0] - WEEKS[80]).days // 7)
    assert len(delays) >= 57  # detected in >= 95%
    assert 0 <= np.median(delays) <= 14  # measured 11.5 (validation: 1,000 replicates)
    assert abs(np.median(onsets)) <= 3


def test_same_seed_same_result_and_no_mutation(rng):
    d = _null_frame(rng, 156, 0.5)
    d.loc[100:, "lead_quality"] -= 0.04
    before = d.copy()
    a = okrlab.goodhart_check(d, kpi="cpl", quality="lead_quality", direction="lower", seed=3)
    b = okrlab.goodhart_check(d, kpi="cpl", quality="lead_quality", direction="lower", seed=3)
    pd.testing.assert_frame_equal(d, before)
    assert a.threshold == b.threshold and a.to_dict() == b.to_dict()
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())
    assert repr(a) == str(a) and "<table" in a._repr_html_()
    json.dumps(a.to_dict())


def test_cusum_matches_a_direct_loop(rng):
    from okrlab.goodhart_check import _lower_cusum

    q = rng.standard_normal(60)
    z = (q[20:] - q[:20].mean()) / q[:20].std(ddof=1)
    c, ref = 0.0, []
    for v in z:
        c = max(0.0, c - v - 0.5)
        ref.append(c)
    np.testing.assert_allclose(_lower_cusum(q, 20, 0.5), ref, rtol=0, atol=1e-12)
