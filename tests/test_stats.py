"""Building blocks of the audit, checked against closed forms and scipy."""

import numpy as np
import pytest
from scipy import stats

from okrlab import _stats


def test_block_indices_are_circular_blocks(rng):
    idx = _stats.circular_block_indices(23, 50, 5, rng)
    assert idx.shape == (50, 23)
    # inside each block consecutive indices step by +1 modulo n
    steps = np.diff(idx, axis=1) % 23
    inside = np.ones(22, dtype=bool)
    inside[4::5] = False  # block boundaries
    assert np.all(steps[:, inside] == 1)


def test_every_period_drawn_equally_often(rng):
    # circular blocks have no edge effect: each index has probability 1/n
    idx = _stats.circular_block_indices(30, 4000, 4, rng)
    freq = np.bincount(idx.ravel(), minlength=30) / idx.size
    se = np.sqrt((1 / 30) * (1 - 1 / 30) / idx.size * 4)  # blocks of 4: variance x ~4
    assert np.all(np.abs(freq - 1 / 30) < 5 * se)


def test_lag_correlations_match_scipy(rng):
    x, y = rng.standard_normal(80), rng.standard_normal(80)
    R = _stats.lag_correlations(x, y, 3)
    S = _stats.lag_correlations(x, y, 3, method="spearman")
    for k in range(4):
        assert R[k] == pytest.approx(stats.pearsonr(x[: 80 - k], y[k:])[0], abs=1e-12)
        assert S[k] == pytest.approx(stats.spearmanr(x[: 80 - k], y[k:])[0], abs=1e-12)


def test_pair_bootstrap_equals_gathered_resamples(rng):
    # the block-sum shortcut must equal correlating X[idx], y[idx]
    X = rng.standard_normal((61, 3))
    y = X[:, 0] + rng.standard_normal(61)
    rstar, Dstar = _stats.pair_bootstrap(X, y, n_resamples=40, block=4, rng=11)
    idx = _stats.circular_block_indices(61, 40, 4, np.random.default_rng(11))
    direct = _stats.pearson(X[idx], y[idx][:, :, None], axis=1)
    np.testing.assert_allclose(rstar, direct, atol=1e-12)
    Dd = np.array([_stats.break_statistic(X[i], y[i], block=4)["D_grid"] for i in idx])
    np.testing.assert_allclose(Dstar, Dd, atol=1e-10)


def test_chunking_does_not_change_results(monkeypatch):
    X = np.random.default_rng(1).standard_normal((50, 2))
    y = np.random.default_rng(2).standard_normal(50)
    a = _stats.pair_bootstrap(X, y, n_resamples=60, block=4, rng=5)[0]
    b = _stats.lag_search(X, y, 3, n_resamples=60, block=4, rng=5)[2]
    monkeypatch.setattr(_stats, "CHUNK_ELEMENTS", 7)
    np.testing.assert_array_equal(a, _stats.pair_bootstrap(X, y, n_resamples=60, block=4, rng=5)[0])
    np.testing.assert_array_equal(b, _stats.lag_search(X, y, 3, n_resamples=60, block=4, rng=5)[2])


def test_bootstrap_se_matches_closed_form_for_iid_pairs():
    # For iid bivariate normal pairs, SE(r) ~ (1 - rho^2) / sqrt(n) (delta method).
    # Average the ratio bootstrap SE / closed form over m datasets; tolerance from
    # the Monte Carlo spread of the ratio across datasets (4 standard errors).
    rng = np.random.default_rng(7)
    n, rho, m = 200, 0.5, 20
    ratios = []
    for i in range(m):
        e = rng.multivariate_normal([0, 0], [[1, rho], [rho, 1]], size=n)
        rstar, _ = _stats.pair_bootstrap(
            e[:, :1],
            e[:, 1],
            n_resamples=1000,
            block=_stats.block_length(n),
            rng=i,
            break_test=False,
        )
        r = _stats.pearson(e[:, 0], e[:, 1])
        ratios.append(rstar[:, 0].std() / ((1 - r**2) / np.sqrt(n)))
    ratios = np.array(ratios)
    tol = 4 * ratios.std(ddof=1) / np.sqrt(m) + 0.05  # + block bootstrap bias O(block/n)
    assert abs(ratios.mean() - 1) < tol


def test_block_bootstrap_se_matches_bartlett_for_autocorrelated_null():
    # Independent AR(1) series with the same phi: Bartlett's formula gives
    # var(r) ~ (1 + phi^2) / ((1 - phi^2) n). An iid bootstrap would miss the factor
    # (2.1 for phi = 0.6 ... here phi = 0.4: 1.38); the block bootstrap should not.
    rng = np.random.default_rng(3)
    n, phi, m = 300, 0.4, 20
    bartlett = np.sqrt((1 + phi**2) / ((1 - phi**2) * n))
    ratios = []
    for i in range(m):
        e = rng.standard_normal((n + 50, 2))
        z = np.zeros_like(e)
        for t in range(1, len(e)):
            z[t] = phi * z[t - 1] + e[t]
        z = z[50:]
        rstar, _ = _stats.pair_bootstrap(
            z[:, :1],
            z[:, 1],
            n_resamples=1000,
            block=_stats.block_length(n),
            rng=i,
            break_test=False,
        )
        ratios.append(rstar[:, 0].std() / bartlett)
    ratios = np.array(ratios)
    tol = 4 * ratios.std(ddof=1) / np.sqrt(m) + 0.1  # block bias ~ phi/(block (1-phi))
    assert abs(ratios.mean() - 1) < tol
    # and it is clearly wider than the iid answer 1/sqrt(n)
    assert ratios.mean() * bartlett > 1.05 / np.sqrt(n)


def test_lag_search_p_is_uniformish_under_null_and_small_under_signal(rng):
    x = rng.standard_normal((150, 1))
    y = np.r_[np.zeros(3), x[:-3, 0]] + rng.standard_normal(150)
    R, best, p = _stats.lag_search(x, y, 6, n_resamples=299, block=6, rng=1)
    assert best[0] == 3 and p[0] < 0.01


def test_ar_prewhiten_whitens():
    rng = np.random.default_rng(0)
    e = rng.standard_normal(500)
    x = np.zeros(500)
    for t in range(2, 500):
        x[t] = 0.6 * x[t - 1] + 0.2 * x[t - 2] + e[t]
    res, order = _stats.ar_prewhiten(x)
    assert order >= 2 and len(res) == 496
    assert abs(_stats.pearson(res[1:], res[:-1])) < 3 / np.sqrt(496)


def test_break_statistic_finds_known_split(rng):
    n = 200
    x = rng.standard_normal(n)
    y = np.where(np.arange(n) < 120, 0.8 * x, 0) + rng.standard_normal(n) * 0.6
    b = _stats.break_statistic(x[:, None], y, block=6)
    assert abs(int(b["tau"][0]) - 120) <= 8
    assert b["r_before"][0] > 0.6 and abs(b["r_after"][0]) < 0.25


def test_percentile_interval():
    lo, hi = _stats.percentile_interval(np.arange(1001.0)[:, None], 0.9)
    assert (lo[0], hi[0]) == (pytest.approx(50.0), pytest.approx(950.0))
