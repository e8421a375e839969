"""Recent decoupling: the end-of-sample test and the break search, validated on
simulated pairs with a known truth (rates checked within binomial error)."""

import numpy as np
import pytest

from okrlab.audit._decoupling import (
    bartlett_factor,
    break_search,
    decoupling,
    recent_stability,
)

M = 155  # pairs of weekly changes from 156 weeks


def ar(rng, n, phi):
    e = rng.standard_normal(n + 200)
    z = np.zeros(n + 200)
    for t in range(1, n + 200):
        z[t] = phi * z[t - 1] + e[t]
    return z[200:]


def pair(rng, rho=0.6, phi=0.0, stop=None, n=M):
    """KPI and outcome changes with correlation rho; the link stops `stop` pairs before the end."""
    x, u = ar(rng, n, phi), ar(rng, n, phi)
    y = rho * x + np.sqrt(1 - rho**2) * u
    if stop:
        y[n - stop :] = u[n - stop :]
    return x, y


def se(p, reps):
    return np.sqrt(p * (1 - p) / reps)


@pytest.mark.parametrize("phi", [0.0, 0.95])
def test_stable_link_is_rarely_called_decoupled(phi):
    # claim: false decoupled <= 5% (validation: 2-4% over phi 0..0.95, 2,000 reps)
    rng = np.random.default_rng(int(100 * phi) + 1)
    reps = 300
    hits = sum(decoupling(*pair(rng, phi=phi))[0]["p"] < 0.05 for _ in range(reps))
    assert hits / reps <= 0.05 + 2.5 * se(0.05, reps)


def test_link_that_stopped_26_weeks_ago_is_found():
    # claim: >= 80% (measured ~83%)
    rng = np.random.default_rng(26)
    reps = 200
    hits = sum(decoupling(*pair(rng, stop=26))[0]["p"] < 0.05 for _ in range(reps))
    assert hits / reps >= 0.80 - 2 * se(0.80, reps)


def test_link_that_stopped_52_weeks_ago_is_found_and_dated():
    # claim: >= 90% decoupled, median date error <= 8 weeks
    rng = np.random.default_rng(52)
    reps = 200
    found, errors, covered = 0, [], 0
    for _ in range(reps):
        res = decoupling(*pair(rng, stop=52))[0]
        found += res["p"] < 0.05
        b = res["break"]
        errors.append(abs(b["tau"] - (M - 52)))
        covered += b["tau_low"] <= M - 52 <= b["tau_high"]
    assert found / reps >= 0.90 - 2 * se(0.90, reps)
    assert np.median(errors) <= 8
    assert covered / reps >= 0.85


def test_recent_window_reports_both_correlations():
    rng = np.random.default_rng(3)
    x, y = pair(rng, rho=0.8, stop=13)
    res = recent_stability(np.c_[x, -x], y)
    assert [r["window"] for r in res] == [13, 13]
    assert res[0]["r_history"] > 0.6 and res[1]["r_history"] < -0.6  # sign per KPI
    assert res[0]["p"] == pytest.approx(res[1]["p"])
    np.testing.assert_allclose(res[0]["r_recent"], np.corrcoef(x[-13:], y[-13:])[0, 1])
    np.testing.assert_allclose(res[0]["r_history"], np.corrcoef(x[:-13], y[:-13])[0, 1])
    assert recent_stability(x[:30], y[:30]) == [None]  # too short for any window


def test_break_statistic_matches_a_direct_computation():
    rng = np.random.default_rng(4)
    x, y = pair(rng, stop=60)
    b = break_search(x, y)[0]
    t = b["tau"]
    rb, ra = np.corrcoef(x[:t], y[:t])[0, 1], np.corrcoef(x[t:], y[t:])[0, 1]
    assert b["r_before"] == pytest.approx(rb, abs=1e-10)
    assert b["r_after"] == pytest.approx(ra, abs=1e-10)
    f = bartlett_factor(x, y)
    d = (np.arctanh(rb) - np.arctanh(ra)) ** 2 / (1 / (t / f - 3) + 1 / ((M - t) / f - 3))
    assert b["stat"] == pytest.approx(d, rel=1e-9)


def test_deterministic():
    rng = np.random.default_rng(5)
    x, y = pair(rng, stop=40)
    assert decoupling(x, y) == decoupling(x.copy(), y.copy())


def test_rolling_correlations_match_pandas():
    import pandas as pd

    from okrlab.audit._decoupling import rolling_correlations

    rng = np.random.default_rng(7)
    x, y = pair(rng, phi=0.5)
    ref = pd.Series(x).rolling(26).corr(pd.Series(y)).to_numpy()[25:]
    np.testing.assert_allclose(rolling_correlations(x, y, 26), ref, rtol=0, atol=1e-10)
    both = rolling_correlations(np.c_[x, -x], y, 26)
    np.testing.assert_allclose(both[:, 1], -ref, rtol=0, atol=1e-10)
