"""The KPI audit: statistical validation on series with known truth, input
handling (every documented error), result objects and the other audit tools."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import okrlab
from okrlab import KPI, DataError, ParameterError, ParameterTypeError
from okrlab.audit import bh_adjust

WEEKS = pd.date_range("2021-01-04", periods=400, freq="W-MON")


def ar1(rng, n, phi, size=None):
    """AR(1) noise (burn-in 50), shape (n,) or (n, size)."""
    shape = (n + 50,) if size is None else (n + 50, size)
    e = rng.standard_normal(shape)
    z = np.zeros_like(e)
    for t in range(1, n + 50):
        z[t] = phi * z[t - 1] + e[t]
    return z[50:]


def frame(**cols):
    n = len(next(iter(cols.values())))
    return pd.DataFrame({"week": WEEKS[:n], **cols})


# -- statistical validation ------------------------------------------------


def test_lag_k_leader_found_and_predictive(rng):
    n, k = 200, 3
    dx = ar1(rng, n, 0.3)
    dy = np.r_[np.zeros(k), 0.6 * dx[:-k]] + rng.standard_normal(n)
    df = frame(kpi=np.cumsum(dx) + 100, outcome=np.cumsum(dy) + 500)
    res = okrlab.audit(df, "kpi", "outcome", direction="higher", n_boot=499, seed=1)
    assert res.best_lag == k
    assert res.verdict == "predictive"
    assert res.ci_low > 0.3 and res.p < 0.01


def test_independent_random_walks_with_drift_not_predictive(rng):
    verdicts, flagged = [], 0
    for _ in range(20):
        df = frame(a=np.cumsum(rng.normal(1, 3, 150)), b=np.cumsum(rng.normal(1, 3, 150)))
        res = okrlab.audit(df, "a", "b", direction="higher", n_boot=199, seed=0)
        verdicts.append(res.verdict)
        flagged += res.shared_trend
        assert abs(res.levels_r) > 0.5  # the naive number looks impressive
    # "predictive" at most as often as a 5% test allows (binomial, 3 SE)
    assert verdicts.count("predictive") <= 20 * (0.05 + 3 * np.sqrt(0.05 * 0.95 / 20))
    assert flagged >= 17 and verdicts.count("spurious_trend") >= 17


def test_relation_that_stops_is_decoupled_near_the_date(rng):
    n, stop = 200, 120
    dx = rng.standard_normal(n)
    dy = np.where(np.arange(n) < stop, 0.9 * dx, 0.0) + 0.5 * rng.standard_normal(n)
    df = frame(kpi=np.cumsum(dx), outcome=np.cumsum(dy))
    res = okrlab.audit(df, "kpi", "outcome", direction="higher", n_boot=499, seed=3)
    assert res.verdict == "decoupled"
    assert res.break_["significant"]
    weeks_off = abs((res.break_["date"] - WEEKS[stop]).days) / 7
    assert weeks_off <= 8
    assert res.break_["r_before"] > 0.7 and abs(res.break_["r_after"]) < 0.3


def test_false_predictive_rate_near_nominal_on_autocorrelated_nulls():
    # 200 independent pairs whose changes are AR(1) with phi = 0.5 (a naive iid test
    # over-rejects here). P(p < alpha) must be alpha within 3 binomial SE; the
    # "predictive" rate cannot exceed it.
    rng = np.random.default_rng(42)
    m, n, alpha = 200, 120, 0.05
    DX, DY = ar1(rng, n, 0.5, m), ar1(rng, n, 0.5, m)
    sig = pred = 0
    for j in range(m):
        df = frame(k=np.cumsum(DX[:, j]), o=np.cumsum(DY[:, j]))
        res = okrlab.audit(df, "k", "o", direction="higher", max_lag=4, n_boot=199, seed=j)
        sig += res.p < alpha
        pred += res.verdict == "predictive"
    se = np.sqrt(alpha * (1 - alpha) / m)
    assert abs(sig / m - alpha) < 3 * se, sig / m
    assert pred / m < alpha + 3 * se


def test_bootstrap_interval_covers_true_correlation():
    # changes = same AR(1) filter on innovations with correlation rho: their
    # correlation is exactly rho. Coverage of the 95% interval within 3 binomial SE.
    rng = np.random.default_rng(5)
    m, n, rho, phi = 200, 150, 0.5, 0.5
    cov = [[1, rho], [rho, 1]]
    hits = 0
    for j in range(m):
        e = rng.multivariate_normal([0, 0], cov, size=n + 50)
        z = np.zeros_like(e)
        for t in range(1, n + 50):
            z[t] = phi * z[t - 1] + e[t]
        z = z[50:]
        res = okrlab.audit(
            frame(k=np.cumsum(z[:, 0]), o=np.cumsum(z[:, 1])),
            "k",
            "o",
            max_lag=0,
            n_boot=299,
            seed=j,
            prewhiten=False,
        )
        hits += res.ci_low <= rho <= res.ci_high
    se = np.sqrt(0.95 * 0.05 / m)
    assert abs(hits / m - 0.95) < 3 * se, hits / m


def test_lower_is_better_kpi_with_positive_link_is_misaligned(rng):
    n = 150
    dx = rng.standard_normal(n)
    dy = 0.7 * dx + rng.standard_normal(n) * 0.7
    df = frame(cpl=100 + np.cumsum(dx), revenue=1000 + np.cumsum(dy))
    res = okrlab.audit(df, KPI("cpl", direction="lower"), "revenue", n_boot=299, seed=0)
    assert res.expected_sign == -1 and res.verdict == "misaligned"
    # the same numbers with direction higher are predictive
    assert (
        okrlab.audit(df, "cpl", "revenue", direction="higher", n_boot=299, seed=0).verdict
        == "predictive"
    )


def test_weak_and_insufficient():
    rng = np.random.default_rng(11)  # true r of changes 0.2 / sqrt(1.04) = 0.196
    n = 390
    dx = rng.standard_normal(n)
    dy = 0.2 * dx + rng.standard_normal(n)
    df = frame(k=np.cumsum(dx), o=np.cumsum(dy))
    assert (
        okrlab.audit(df, "k", "o", direction="higher", max_lag=2, n_boot=299, seed=0).verdict
        == "weak"
    )
    short = df.iloc[:25]
    res = okrlab.audit(short, "k", "o", max_lag=2, n_boot=299, seed=0)
    assert res.verdict == "insufficient_data" and "need 30" in res.notes[-1]


def test_spearman_and_log_options(rng):
    n = 150
    dx = rng.normal(0, 0.05, n)
    x = 100 * np.exp(np.cumsum(dx))
    y = 1000 * np.exp(np.cumsum(0.8 * dx + rng.normal(0, 0.03, n)))
    df = frame(x=x, y=y)
    for method in ("pearson", "spearman"):
        res = okrlab.audit(
            df, "x", "y", direction="higher", method=method, log=True, n_boot=299, seed=0
        )
        assert res.verdict == "predictive" and res.best_lag == 0
    with pytest.raises(DataError, match="log=True needs positive values, but column 'x'"):
        okrlab.audit(df.assign(x=df.x - 200), "x", "y", log=True, n_boot=199)


# -- reproducibility and audit_many ------------------------------------------


def test_same_seed_same_result_and_audit_many_agrees(rng):
    n = 160
    demo = rng.standard_normal(n)
    df = frame(
        demo=np.cumsum(demo),
        noise=np.cumsum(rng.standard_normal(n)),
        revenue=np.cumsum(np.r_[0, 0, demo[:-2]] + rng.standard_normal(n)),
    )
    a = okrlab.audit(df, "demo", "revenue", n_boot=299, seed=9)
    b = okrlab.audit(df, "demo", "revenue", n_boot=299, seed=9)
    assert a.to_dict() == b.to_dict() and repr(a) == repr(b)
    table = okrlab.audit_many(df, "revenue", n_boot=299, seed=9)
    row = table.set_index("kpi").loc["demo"]
    assert row["best_lag"] == a.best_lag == 2
    assert row["ci_low"] == pytest.approx(a.ci_low) and row["p"] == pytest.approx(a.p)
    assert list(table.columns)[:9] == [
        "kpi",
        "direction",
        "verdict",
        "best_lag",
        "r_changes",
        "ci_low",
        "ci_high",
        "p",
        "p_adjusted",
    ]
    assert table.iloc[0]["kpi"] == "demo"


def test_audit_many_adjusts_p_across_kpis(rng):
    n = 120
    cols = {f"m{i}": np.cumsum(rng.standard_normal(n)) for i in range(8)}
    df = frame(**cols, out=np.cumsum(rng.standard_normal(n)))
    table, results = okrlab.audit_many(
        df, "out", directions={"m0": "higher"}, n_boot=199, seed=1, return_results=True
    )
    np.testing.assert_allclose(table["p_adjusted"], bh_adjust(table["p"]))
    assert set(results) == set(cols) and table.loc[table.kpi == "m1", "direction"].isna().all()


def test_bh_matches_scipy():
    from scipy.stats import false_discovery_control

    p = np.random.default_rng(0).uniform(size=30) ** 2
    np.testing.assert_allclose(bh_adjust(p), false_discovery_control(p))


# -- input handling --------------------------------------------------------


@pytest.fixture
def df(rng):
    n = 80
    dx = rng.standard_normal(n)
    return frame(cpl=50 + np.cumsum(dx), revenue=500 + np.cumsum(0.8 * dx + rng.standard_normal(n)))


def test_dates_from_index_and_named_column_give_same_result(df):
    a = okrlab.audit(df, "cpl", "revenue", n_boot=199, seed=0)
    b = okrlab.audit(df.set_index("week"), "cpl", "revenue", n_boot=199, seed=0)
    c = okrlab.audit(
        df.rename(columns={"week": "when"}), "cpl", "revenue", date="when", n_boot=199, seed=0
    )
    assert a.to_dict() == b.to_dict() == c.to_dict()


@pytest.mark.parametrize(
    "mutate, match",
    [
        (lambda d: d.drop(columns="revenue"), "no column 'revenue'"),
        (lambda d: d.rename(columns={"week": "x"}), "cannot tell which column holds the dates"),
        (
            lambda d: d.assign(week=d.week.astype(str).where(d.index != 3, "someday")),
            r"value\(s\) that are not dates \(rows 3\), e.g. 'someday'",
        ),
        (lambda d: d.assign(week=d.week.where(d.index != 5)), r"is empty in 1 row\(s\) \(rows 5\)"),
        (
            lambda d: d.assign(week=d.week.where(d.index != 4, d.week[3])),
            r"duplicate date\(s\) in 'week', e.g. 2021-01-25 \(rows 3, 4\)",
        ),
        (
            lambda d: d.assign(
                cpl=d.cpl.map(lambda v: f"${v:,.0f}").where(d.index % 20 == 0, d.cpl)
            ),
            r"column 'cpl' has 4 non-numeric value\(s\) \(rows 0, 20, 40, 60\), e.g. '\$50'",
        ),
        (lambda d: d.assign(cpl=d.cpl.where(d.index != 7, np.inf)), "column 'cpl' has infinite"),
        (
            lambda d: d.assign(cpl=d.cpl.where((d.index < 30) | (d.index > 33))),
            "column 'cpl' is missing for 4 weeks in a row",
        ),
        (
            lambda d: d.assign(week=d.week + pd.to_timedelta(np.where(d.index == 9, 2, 0), "D")),
            r"not on a regular weekly grid \(rows 9\)",
        ),
        (
            lambda d: d.assign(week=pd.date_range("2020-01-01", periods=len(d), freq="10D")),
            "irregularly spaced",
        ),
        (lambda d: d.iloc[:3], "only 3 usable weeks"),
    ],
)
def test_documented_data_errors(df, mutate, match):
    with pytest.raises(DataError, match=match):
        okrlab.audit(mutate(df), "cpl", "revenue", n_boot=199, seed=0)


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        ({"alpha": 1.5}, ParameterError, "alpha=1.5"),
        ({"min_r": -0.1}, ParameterError, "min_r"),
        ({"n_boot": 10}, ParameterError, "n_boot=10"),
        ({"method": "kendall"}, ParameterError, "method='kendall'"),
        ({"max_lag": -1}, ParameterError, "max_lag=-1"),
        ({"max_lag": 40}, ParameterError, "max_lag=40 is too large"),
        ({"min_periods": 3}, ParameterError, "min_periods=3"),
        ({"trim": 0.6}, ParameterError, "trim=0.6"),
        ({"seed": "x"}, ParameterError, "seed='x'"),
        ({"direction": "sideways"}, ValueError, "direction"),
        ({"freq": "Y"}, ParameterError, "freq='Y'"),
        ({"freq": "W", "agg": "median"}, ParameterError, "agg for column 'cpl' is 'median'"),
        ({"kpi": 3}, ParameterTypeError, "kpi must be a column name"),
        ({"kpi": "revenue"}, ParameterError, "same column"),
    ],
)
def test_documented_parameter_errors(df, kwargs, exc, match):
    args = {"kpi": "cpl", "outcome": "revenue", "n_boot": 199, **kwargs}
    with pytest.raises(exc, match=match):
        okrlab.audit(df, **args)


def test_data_must_be_a_dataframe():
    with pytest.raises(ParameterTypeError, match="data must be a pandas DataFrame"):
        okrlab.audit({"a": [1]}, "a", "b")


def test_monthly_resample_only_coarser(df):
    res = okrlab.audit(
        df, "cpl", "revenue", freq="M", max_lag=1, min_periods=12, n_boot=199, seed=0
    )
    assert res.freq == "M" and res.n == 19 and "resampled to months" in res.notes[0]
    monthly = df.set_index("week").resample("MS").mean()
    with pytest.raises(ParameterError, match="only coarser resampling"):
        okrlab.audit(monthly, "cpl", "revenue", freq="W")


def test_gaps_and_missing_values_are_filled_or_trimmed_and_reported(df):
    d = df.drop(index=[10, 11]).copy()  # two missing weeks (a gap)
    d.loc[30, "revenue"] = np.nan  # one missing value
    d.loc[0:2, "cpl"] = np.nan  # series starts later
    res = okrlab.audit(d, "cpl", "revenue", n_boot=199, seed=0)
    text = " | ".join(res.notes)
    assert "2 weeks missing from the dates (gaps)" in text
    assert "dropped 3 weeks at the start with missing cpl" in text
    assert "filled 3 missing weeks of revenue" in text and "filled 2 missing weeks of cpl" in text
    assert res.n == 77


def test_string_numbers_that_parse_are_accepted(df):
    a = okrlab.audit(df, "cpl", "revenue", n_boot=199, seed=0)
    b = okrlab.audit(df.assign(cpl=df.cpl.astype(str)), "cpl", "revenue", n_boot=199, seed=0)
    assert a.to_dict() == b.to_dict()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(perm_seed=st.integers(0, 10_000), drop=st.sets(st.sampled_from([5, 20, 40, 60]), max_size=3))
def test_never_mutates_and_row_order_does_not_matter(df, perm_seed, drop):
    d = df.drop(index=sorted(drop))
    before = d.copy(deep=True)
    shuffled = d.sample(frac=1, random_state=perm_seed)
    a = okrlab.audit(d, "cpl", "revenue", n_boot=199, seed=4)
    b = okrlab.audit(shuffled, "cpl", "revenue", n_boot=199, seed=4)
    pd.testing.assert_frame_equal(d, before)
    assert a.to_dict() == b.to_dict()


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=4)),
        min_size=40,
        max_size=40,
    )
)
def test_arbitrary_values_give_a_result_or_a_data_error(values):
    d = frame(k=pd.Series(values, dtype=object), o=np.arange(40.0) ** 1.1)
    try:
        res = okrlab.audit(d, "k", "o", max_lag=1, min_periods=10, n_boot=99, seed=0)
    except DataError:
        return
    assert res.verdict in okrlab.audit.__globals__["VERDICTS"]
    json.dumps(res.to_dict(), allow_nan=False)


# -- result object ----------------------------------------------------------


def test_result_object(df):
    res = okrlab.audit(df, "cpl", "revenue", direction="higher", n_boot=199, seed=0)
    assert "0x" not in repr(res) and repr(res).startswith("KPI audit: cpl -> revenue")
    html_text = res._repr_html_()
    assert "<table>" in html_text and res.verdict in html_text
    d = json.loads(json.dumps(res.to_dict(), allow_nan=False))
    assert set(d) >= {
        "kpi",
        "outcome",
        "n",
        "verdict",
        "explanation",
        "best_lag",
        "levels",
        "changes",
        "lags",
        "break",
    }
    assert set(d["changes"]) >= {"r", "ci_low", "ci_high", "p"}
    assert d["lags"][0].keys() >= {"lag", "r"} and isinstance(d["n"], int)
    assert d["break"] is None or set(d["break"]) >= {"date", "r_before", "r_after", "p"}
    assert res.to_frame().shape[0] == 1
    fig = res.plot()
    assert len(fig.axes) == 5  # 4 panels + the twin axis of the levels panel
    for word in ("r = ", "p "):
        assert word in res.explanation
