"""The audit's transform: levels or changes (ADF/KPSS), shared seasonality, and
Engle-Granger, on simulated series with a known truth."""

import numpy as np
import pytest

from okrlab.audit._transform import (
    deseasonalise,
    engle_granger,
    seasonal_p,
    transform,
    unit_root,
)


def season(n, code, amp):
    t = np.arange(n)
    if code == "W":
        return amp * (np.sin(2 * np.pi * t / 52.18) + 0.5 * np.cos(4 * np.pi * t / 52.18))
    return amp * np.sin(2 * np.pi * t / 12) + amp * (t % 12 == 11)


def corr_p(a, b):
    """Fisher-z test of a correlation with a Bartlett effective sample size."""
    from scipy import stats

    from okrlab.audit._decoupling import bartlett_factor

    r = np.corrcoef(a, b)[0, 1]
    n_eff = len(a) / bartlett_factor(a, b)
    return 2 * stats.norm.sf(abs(np.arctanh(r)) * np.sqrt(max(n_eff - 3, 1)))


def test_unit_root_classifies_white_noise_and_random_walks():
    rng = np.random.default_rng(1)
    reps = 60
    wn = sum(unit_root(rng.standard_normal(156))["kind"] == "stationary" for _ in range(reps))
    rw = sum(
        unit_root(np.cumsum(rng.standard_normal(156)))["kind"] == "stationary" for _ in range(reps)
    )
    assert wn / reps >= 0.8 and rw / reps <= 0.1


def test_stationary_levels_are_not_differenced():
    rng = np.random.default_rng(2)
    x, y = rng.standard_normal((156, 1)), rng.standard_normal(156)
    tr = transform(x, y, {"code": "W"})
    assert tr.offset == 0 and tr.label == "detrended levels" and len(tr.dy) == 156
    assert any("stationary" in n for n in tr.notes)
    trended = transform(np.cumsum(x, axis=0), np.cumsum(y), {"code": "W"})
    assert trended.offset == 1 and trended.label == "changes" and len(trended.dy) == 155
    off = transform(x, y, {"code": "W", "stationarity": False})
    assert off.offset == 1


def test_null_rate_on_stationary_levels_is_nominal():
    # i.i.d. levels, 200 replicates at n = 156: the compared series are (nearly) i.i.d.,
    # so a plain correlation test rejects at about 5%. Binomial SE 0.015; accept <= 0.085.
    rng = np.random.default_rng(3)
    reps = 200
    hits = 0
    for _ in range(reps):
        tr = transform(rng.standard_normal((156, 1)), rng.standard_normal(156), {"code": "W"})
        hits += corr_p(tr.dX[:, 0], tr.dy) < 0.05
    assert 0.015 <= hits / reps <= 0.085


def test_shared_season_is_detected_and_removed():
    rng = np.random.default_rng(4)
    n = 156
    s = season(n, "W", 8.0)
    x = s + np.cumsum(rng.standard_normal(n)) * 0.5 + rng.standard_normal(n)
    y = s + np.cumsum(rng.standard_normal(n)) * 0.5 + rng.standard_normal(n)
    assert seasonal_p(np.diff(x), "W") < 0.01
    tr = transform(x[:, None], y, {"code": "W"})
    assert tr.label.startswith("deseasonalised") and any("yearly" in n for n in tr.notes)
    assert seasonal_p(tr.dy, "W", 1) > 0.5  # nothing seasonal left
    forced_off = transform(x[:, None], y, {"code": "W", "seasonal": False})
    assert "deseasonalised" not in forced_off.label


@pytest.mark.parametrize("n", [104, 156])
def test_shared_season_null_is_not_called_a_link(n):
    # independent series sharing a strong 52-week season: raw changes correlate (~80-95%
    # rejections), the transformed series do not. 150 replicates; accept <= 0.05 + 2.5 SE.
    rng = np.random.default_rng(n)
    reps, hits, raw = 150, 0, 0
    for _ in range(reps):
        s = season(n, "W", 8.0)
        x = s + np.cumsum(rng.standard_normal(n)) * 0.5 + rng.standard_normal(n)
        y = s + np.cumsum(rng.standard_normal(n)) * 0.5 + rng.standard_normal(n)
        raw += corr_p(np.diff(x), np.diff(y)) < 0.05
        tr = transform(x[:, None], y, {"code": "W"})
        hits += corr_p(tr.dX[:, 0], tr.dy) < 0.05
    assert raw / reps > 0.5
    assert hits / reps <= 0.05 + 2.5 * np.sqrt(0.05 * 0.95 / reps)


def test_deseasonalise_keeps_the_mean_and_monthly_dummies_work():
    rng = np.random.default_rng(5)
    v = season(60, "M", 3.0) + rng.standard_normal(60)
    out = deseasonalise(v, "M")
    assert out.mean() == pytest.approx(v.mean())
    assert seasonal_p(v, "M") < 0.01 and seasonal_p(out, "M") > 0.99
    assert np.isnan(seasonal_p(v[:12], "M"))  # too short to fit


def test_engle_granger_separates_cointegrated_from_independent_trends():
    rng = np.random.default_rng(6)
    reps, coint_found, spurious_found = 40, 0, 0
    for _ in range(reps):
        common = np.cumsum(rng.standard_normal(156))
        coint_found += engle_granger(common + rng.standard_normal(156), common) < 0.05
        spurious_found += (
            engle_granger(np.cumsum(rng.standard_normal(156)), np.cumsum(rng.standard_normal(156)))
            < 0.05
        )
    assert coint_found / reps >= 0.9 and spurious_found / reps <= 0.15


def test_full_audit_removes_a_shared_season_and_says_so():
    # end to end through okrlab.audit: 20 independent pairs sharing a 52-week season.
    # seasonal=False falls into the trap; the default removes the season. With a true
    # false-link rate of 0.05, P(>= 5 of 20) = 0.016.
    import pandas as pd

    import okrlab

    rng = np.random.default_rng(9)
    n, trapped, claimed = 156, 0, 0
    index = pd.date_range("2022-01-03", periods=n, freq="W-MON")
    links = ("predictive", "coincident", "follows", "weak", "misaligned")
    for r in range(20):
        s = season(n, "W", 8.0)
        df = pd.DataFrame(
            {
                "kpi": 100 + s + 0.5 * np.cumsum(rng.standard_normal(n)) + rng.standard_normal(n),
                "revenue": 500
                + s
                + 0.5 * np.cumsum(rng.standard_normal(n))
                + rng.standard_normal(n),
            },
            index=index,
        )
        res = okrlab.audit(df, kpi="kpi", outcome="revenue", n_boot=199, seed=r)
        claimed += res.verdict in links
        assert any("yearly pattern was removed" in note for note in res.notes)
        off = okrlab.audit(df, kpi="kpi", outcome="revenue", n_boot=199, seed=r, seasonal=False)
        trapped += off.verdict in links
    assert claimed <= 4 and trapped >= 15


def test_statistics_match_statsmodels():
    # reference: statsmodels' adfuller (fixed lags), kpss ("legacy" lags) and coint
    import warnings

    from statsmodels.tsa.stattools import adfuller, coint, kpss

    from okrlab.audit._transform import adf_stat, kpss_stat

    rng = np.random.default_rng(10)
    x, w = rng.standard_normal(156), np.cumsum(rng.standard_normal(156))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for v in (x, w):
            ref = adfuller(v, regression="ct", maxlag=6, autolag=None)[0]
            assert adf_stat(v, trend="ct") == pytest.approx(ref, abs=1e-9)
            assert kpss_stat(v) == pytest.approx(
                kpss(v, regression="ct", nlags="legacy")[0], abs=1e-9
            )
        a, b = np.cumsum(rng.standard_normal(156)), np.cumsum(rng.standard_normal(156))
        ref = coint(b, a, trend="c", maxlag=6, autolag=None)[1]
    assert engle_granger(a, b) == pytest.approx(ref, abs=1e-9)
