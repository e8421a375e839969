"""The KPI audit: statistical validation on series with known truth, input
handling (every documented error and date form), result objects, audit_many."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import okrlab
from okrlab import KPI, DataError, ParameterError, ParameterTypeError
from okrlab.audit import VERDICTS
from okrlab.audit._verdict import LINK_VERDICTS, NO_LINK_VERDICTS

WEEKS = pd.date_range("2021-01-04", periods=600, freq="W-MON")


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


def binomial_ok(hits, m, p, k=3):
    """Rate ``hits / m`` within ``k`` binomial standard errors of ``p``."""
    return abs(hits / m - p) <= k * np.sqrt(p * (1 - p) / m)


def lead_frame(rng, n, k, b, phi=0.3, size=None):
    """KPI changes AR(phi); the outcome's changes follow them k periods later (k < 0: lead)."""
    dx = ar1(rng, n, phi, size)
    noise = ar1(rng, n, phi, size)
    if k >= 0:
        dy = np.concatenate([np.zeros((k,) + dx.shape[1:]), b * dx[: n - k]]) + noise
    else:
        dy, dx = dx, np.concatenate([np.zeros((-k,) + dx.shape[1:]), b * dx[: n + k]]) + noise
    return dx, dy


# -- lead direction and verdicts ---------------------------------------------


@pytest.mark.parametrize("k", [2, 4])
def test_lead_k_found_and_predictive(rng, k):
    # 20 replicates per k; a lead of r ~ 0.5 must be found at its lag and be predictive
    hits = 0
    for j in range(20):
        dx, dy = lead_frame(rng, 200, k, 0.6)
        df = frame(kpi=np.cumsum(dx) + 100, outcome=np.cumsum(dy) + 500)
        res = okrlab.audit(df, kpi="kpi", outcome="outcome", direction="higher", n_boot=499, seed=j)
        hits += res.best_lag == k and res.verdict == "predictive" and res.lead == "kpi_leads"
    assert hits >= 18, hits


def test_outcome_leading_is_follows_and_same_period_is_coincident(rng):
    dx, dy = lead_frame(rng, 200, -3, 0.6)
    df = frame(kpi=np.cumsum(dx), outcome=np.cumsum(dy))
    res = okrlab.audit(df, kpi="kpi", outcome="outcome", direction="higher", n_boot=499, seed=0)
    assert (res.verdict, res.lead, res.best_lag) == ("follows", "outcome_leads", -3)
    assert "follows outcome by 3 weeks" in res.explanation
    e = rng.standard_normal((200, 2))
    same = frame(kpi=np.cumsum(e[:, 0]), outcome=np.cumsum(0.7 * e[:, 0] + 0.7 * e[:, 1]))
    res = okrlab.audit(same, kpi="kpi", outcome="outcome", direction="higher", n_boot=499, seed=0)
    assert (res.lead, res.best_lag) == ("coincident", 0)
    assert "moves together with outcome" in res.explanation
    # a stable link is called decoupled in 2-5 % of series (the stability test's false alarms)
    assert res.verdict == "coincident" or (res.verdict, res.stability["significant"]) == (
        "decoupled",
        True,
    )


def test_one_way_lead_is_not_predictive_both_ways():
    # 20 replicates of x -> y (lag 2, r ~ 0.45, n = 156). Forward: predictive; backward
    # (y audited as a KPI of x): follows, never predictive in both directions at once.
    rng = np.random.default_rng(7)
    m = 20
    dx, dy = lead_frame(rng, 156, 2, 0.5, size=m)
    forward = backward = both = 0
    for j in range(m):
        df = frame(x=np.cumsum(dx[:, j]), y=np.cumsum(dy[:, j]))
        f = okrlab.audit(df, kpi="x", outcome="y", n_boot=299, seed=j)
        b = okrlab.audit(df, kpi="y", outcome="x", n_boot=299, seed=j)
        forward += f.verdict == "predictive"
        backward += b.verdict == "follows"
        both += f.verdict == b.verdict == "predictive"
    assert forward >= 18 and backward >= 18 and both <= 1


def test_misaligned_and_predictive_are_symmetric(rng):
    # negating the KPI flips the sign and nothing else: predictive <-> misaligned
    for j in range(10):
        dx, dy = lead_frame(rng, 150, 1, 0.5)
        df = frame(cpl=100 + np.cumsum(dx), revenue=1000 + np.cumsum(dy))
        a = okrlab.audit(df, kpi="cpl", outcome="revenue", direction="lower", n_boot=299, seed=j)
        neg = df.assign(cpl=200 - df.cpl)
        b = okrlab.audit(neg, kpi="cpl", outcome="revenue", direction="lower", n_boot=299, seed=j)
        assert a.changes_r == pytest.approx(-b.changes_r)
        assert a.p == pytest.approx(b.p) and a.best_lag == b.best_lag
        pair = {a.verdict, b.verdict}
        assert pair in ({"misaligned", "predictive"}, {"weak"}, {"not_predictive"}, {"decoupled"})
    res = okrlab.audit(df, kpi=KPI("cpl", direction="lower"), outcome="revenue", n_boot=299, seed=0)
    assert res.expected_sign == -1


def test_verdicts_never_contradict_interval_and_p():
    # 240 null and 240 alternative KPI series (8 calls of 60 KPIs; in the alternative
    # calls 4 KPIs drive the outcome) through the fast path, audit_many, where p and the
    # intervals are also adjusted across the KPIs of each call.
    rng = np.random.default_rng(11)
    n, m = 130, 60
    seen = set()
    for rep in range(8):
        dx = ar1(rng, n, 0.5, m)
        dy = ar1(rng, n, 0.5)
        alt = rep % 2 == 1
        cols = {f"k{j}": np.cumsum(dx[:, j]) for j in range(m)}
        outcome = np.cumsum(dy)
        if alt:  # the first 4 KPIs drive the outcome at lags 0-3
            drive = sum(
                np.r_[np.zeros(j), dx[: n - j, j]] * (0.7 if j % 2 else -0.7) for j in range(4)
            )
            outcome = np.cumsum(dy + drive)
        df = frame(**cols, revenue=outcome)
        dirs = {f"k{j}": ("higher" if j % 2 else "lower") for j in range(m)}
        res = okrlab.audit_many(df, outcome="revenue", directions=dirs, n_boot=299, seed=rep)
        for r in res.results.values():
            seen.add(r.verdict)
            excl = r.ci_low > 0 or r.ci_high < 0
            if r.verdict in LINK_VERDICTS + ("follows",):
                assert excl and r.p < 0.05, (r.verdict, r.ci_low, r.ci_high, r.p)
            if r.verdict in NO_LINK_VERDICTS:
                assert not excl and r.p >= 0.05, (r.verdict, r.ci_low, r.ci_high, r.p)
            assert excl == (r.p < 0.05)  # one inference: never a mix
            text = r.explanation
            assert not ("expected sign" in text and "not checked" in text)
            assert "week" in text and "month" not in text
    assert {"not_predictive", "predictive"} <= seen


def test_false_link_rate_near_nominal_on_autocorrelated_nulls():
    # 300 independent null pairs (AR(1) changes, phi = 0.5, n = 120) through the inference
    # core: P(p < .05) within 3 binomial SE of 0.05 (a single audit per pair).
    from okrlab.audit import _core

    rng = np.random.default_rng(42)
    m, n = 300, 120
    DX, DY = ar1(rng, n, 0.5, m), ar1(rng, n, 0.5, m)
    hits = 0
    for j in range(m):
        X = np.cumsum(DX[:, j])[:, None]
        (ev,) = _core.infer(
            WEEKS[:n].values,
            X,
            np.cumsum(DY[:, j]),
            ["k"],
            code="W",
            log=False,
            max_lag=4,
            lag=None,
            method="pearson",
            n_boot=299,
            min_periods=30,
            base=j,
        )
        hits += ev["p_raw"] < 0.05
    assert binomial_ok(hits, m, 0.05), hits / m


def test_fixed_lag_interval_covers_at_phi_08():
    # 400 replicates, n = 150, changes AR(1) phi = 0.8 with correlation rho = 0.3 at lag 0:
    # the 95 % interval (lag fixed at 0) covers rho within 3 binomial SE of 0.95.
    rng = np.random.default_rng(5)
    m, n, rho, phi = 400, 150, 0.3, 0.8
    e1 = rng.standard_normal((n + 100, m))
    e2 = rho * e1 + np.sqrt(1 - rho**2) * rng.standard_normal((n + 100, m))
    x, y = np.zeros_like(e1), np.zeros_like(e2)
    for t in range(1, n + 100):
        x[t] = phi * x[t - 1] + e1[t]
        y[t] = phi * y[t - 1] + e2[t]
    x, y = x[100:], y[100:]
    hits = 0
    from scipy import stats

    from okrlab.audit import _inference as inf

    M = inf.bandwidth(n)
    for j in range(m):
        ax = inf.autocorr(x[:, j : j + 1], M)
        ay = inf.autocorr(y[:, j : j + 1], M)
        g = inf.bartlett_cov(ax, ay, M, 0)
        R, pairs, neff, T = inf.scan(x[:, j : j + 1], y[:, j], 0, g[0])
        crit = stats.t.isf(0.025, neff[0] - 3)
        lo, hi = inf.interval(R[0], neff[0], crit)
        hits += lo[0] < rho < hi[0]
    assert binomial_ok(hits, m, 0.95), hits / m


def test_fixed_lag_mode(rng):
    dx, dy = lead_frame(rng, 200, 8, 0.4)
    df = frame(kpi=np.cumsum(dx), outcome=np.cumsum(dy))
    res = okrlab.audit(df, kpi="kpi", outcome="outcome", lag=8, n_boot=299, seed=0)
    assert res.lag_mode == "fixed" and res.best_lag == 8 and res.adjusted_for["lags"] == 1
    assert res.incremental["kpi_lags"] == [8]
    assert (res.ci_low > 0) == (res.p < 0.05)


def test_weak_and_insufficient():
    rng = np.random.default_rng(11)  # true r of changes 0.2 / sqrt(1.04) = 0.196
    n = 500
    dx = rng.standard_normal(n)
    dy = 0.2 * dx + rng.standard_normal(n)
    df = frame(k=np.cumsum(dx), o=np.cumsum(dy))
    res = okrlab.audit(df, kpi="k", outcome="o", direction="higher", max_lag=2, n_boot=299, seed=0)
    assert res.verdict == "weak" and "smaller than 0.3" in res.explanation
    short = df.iloc[:25]
    res = okrlab.audit(short, kpi="k", outcome="o", max_lag=2, n_boot=299, seed=0)
    assert res.verdict == "insufficient_data" and "need 30" in res.notes[-1]


def test_independent_random_walks_with_drift_are_spurious_trend(rng):
    verdicts = []
    for j in range(20):
        df = frame(a=np.cumsum(rng.normal(1, 3, 150)), b=np.cumsum(rng.normal(1, 3, 150)))
        res = okrlab.audit(df, kpi="a", outcome="b", direction="higher", n_boot=199, seed=j)
        verdicts.append(res.verdict)
    assert verdicts.count("spurious_trend") >= 17


def test_relation_that_stops_is_decoupled_near_the_date(rng):
    n, stop = 200, 120
    dx = rng.standard_normal(n)
    dy = np.where(np.arange(n) < stop, 0.9 * dx, 0.0) + 0.5 * rng.standard_normal(n)
    df = frame(kpi=np.cumsum(dx), outcome=np.cumsum(dy))
    res = okrlab.audit(df, kpi="kpi", outcome="outcome", direction="higher", n_boot=499, seed=3)
    assert res.verdict == "decoupled" and res.stability["significant"]
    assert abs((res.break_["date"] - WEEKS[stop]).days) / 7 <= 8
    assert res.break_["date_low"] <= WEEKS[stop] <= res.break_["date_high"]
    assert res.recent["r_history"] > 0.5 and res.recent["r_recent"] < 0.3


def test_spearman_and_log_options(rng):
    n = 150
    dx = rng.normal(0, 0.05, n)
    x = 100 * np.exp(np.cumsum(dx))
    y = 1000 * np.exp(np.cumsum(0.8 * dx + rng.normal(0, 0.03, n)))
    df = frame(x=x, y=y)
    for method in ("pearson", "spearman"):
        res = okrlab.audit(
            df,
            kpi="x",
            outcome="y",
            direction="higher",
            method=method,
            log=True,
            n_boot=299,
            seed=0,
        )
        assert res.verdict == "coincident" and res.best_lag == 0
    with pytest.raises(DataError, match="log=True needs positive values, but column 'x'"):
        okrlab.audit(df.assign(x=df.x - 200), kpi="x", outcome="y", log=True, n_boot=199)


# -- reproducibility and audit_many ------------------------------------------


def test_same_seed_same_result_and_audit_many_agrees(rng):
    n = 160
    demo = rng.standard_normal(n)
    df = frame(
        demo=np.cumsum(demo),
        noise=np.cumsum(rng.standard_normal(n)),
        revenue=np.cumsum(np.r_[0, 0, demo[:-2]] + rng.standard_normal(n)),
    )
    a = okrlab.audit(df, kpi="demo", outcome="revenue", n_boot=299, seed=9)
    b = okrlab.audit(df, kpi="demo", outcome="revenue", n_boot=299, seed=9)
    assert a.to_dict() == b.to_dict() and repr(a) == repr(b)
    one = okrlab.audit_many(df, outcome="revenue", kpis=["demo"], n_boot=299, seed=9)
    assert one["demo"].to_dict() == a.to_dict()
    res = okrlab.audit_many(df, outcome="revenue", n_boot=299, seed=9)
    assert isinstance(res, okrlab.AuditSet) and res.table.iloc[0]["kpi"] == "demo"
    assert res["demo"].adjusted_for["kpis"] == 2 and res["demo"].best_lag == 2


def test_audit_many_adjusts_p_across_kpis_without_mutating(rng):
    from scipy.stats import false_discovery_control

    n = 120
    cols = {f"m{i}": np.cumsum(rng.standard_normal(n)) for i in range(8)}
    df = frame(**cols, out=np.cumsum(rng.standard_normal(n)))
    res = okrlab.audit_many(df, outcome="out", directions={"m0": "higher"}, n_boot=199, seed=1)
    raw = [r.incremental["p_unadjusted"] for r in res.results.values()]
    adj = [r.incremental["p"] for r in res.results.values()]
    np.testing.assert_allclose(adj, false_discovery_control(raw))
    assert set(res.results) == set(cols) and res["m1"].direction is None
    assert res["m0"].direction == "higher"
    with pytest.raises(AttributeError):
        res["m0"].verdict = "predictive"  # frozen: built once, never mutated
    d = res.to_dict()
    assert d["adjusted_across_kpis"] == 8 and len(d["results"]) == 8


def test_audit_many_positional_kpi_and_direction_errors(df):
    with pytest.raises(ParameterTypeError, match="by keyword"):
        okrlab.audit_many(df, "cpl", "revenue")
    with pytest.raises(ParameterTypeError, match="same direction"):
        okrlab.audit_many(df, outcome="revenue", kpis=["cpl"], directions="lower")
    with pytest.raises(ParameterError, match="not among the KPIs"):
        okrlab.audit_many(df, outcome="revenue", kpis=["cpl"], directions={"cpx": "lower"})


def test_audit_many_takes_directions_from_a_catalog(df):
    cat = okrlab.KPICatalog([KPI("cpl", direction="lower")])
    res = okrlab.audit_many(df, outcome="revenue", kpis=["cpl"], catalog=cat, n_boot=199, seed=0)
    assert res["cpl"].direction == "lower" and res["cpl"].expected_sign == -1


# -- input handling --------------------------------------------------------


@pytest.fixture
def df(rng):
    n = 80
    dx = rng.standard_normal(n)
    return frame(cpl=50 + np.cumsum(dx), revenue=500 + np.cumsum(0.8 * dx + rng.standard_normal(n)))


def test_dates_from_index_and_named_column_give_same_result(df):
    a = okrlab.audit(df, kpi="cpl", outcome="revenue", n_boot=199, seed=0)
    b = okrlab.audit(df.set_index("week"), kpi="cpl", outcome="revenue", n_boot=199, seed=0)
    c = okrlab.audit(
        df.rename(columns={"week": "when"}),
        kpi="cpl",
        outcome="revenue",
        date="when",
        n_boot=199,
        seed=0,
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
        okrlab.audit(mutate(df), kpi="cpl", outcome="revenue", n_boot=199, seed=0)


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
        ({"seed": "x"}, ParameterTypeError, "seed must be an int"),
        ({"direction": "sideways"}, ValueError, "direction"),
        ({"freq": "H"}, ParameterError, "freq='H' is not supported"),
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
        okrlab.audit({"a": [1]}, kpi="a", outcome="b")


def test_monthly_resample_only_coarser(df):
    res = okrlab.audit(
        df, kpi="cpl", outcome="revenue", freq="M", max_lag=1, min_periods=12, n_boot=199, seed=0
    )
    assert res.freq == "M" and res.n == 19 and "resampled to months" in res.notes[0]
    monthly = df.set_index("week").resample("MS").mean()
    with pytest.raises(ParameterError, match="only coarser resampling"):
        okrlab.audit(monthly, kpi="cpl", outcome="revenue", freq="W")


def test_gaps_and_missing_values_are_filled_or_trimmed_and_reported(df):
    d = df.drop(index=[10, 11]).copy()  # two missing weeks (a gap)
    d.loc[30, "revenue"] = np.nan  # one missing value
    d.loc[0:2, "cpl"] = np.nan  # series starts later
    res = okrlab.audit(d, kpi="cpl", outcome="revenue", n_boot=199, seed=0)
    text = " | ".join(res.notes)
    assert "2 weeks missing from the dates (gaps)" in text
    assert "dropped 3 weeks at the start with missing cpl" in text
    assert "filled 3 missing weeks of revenue" in text and "filled 2 missing weeks of cpl" in text
    assert res.n == 77


def test_string_numbers_that_parse_are_accepted(df):
    a = okrlab.audit(df, kpi="cpl", outcome="revenue", n_boot=199, seed=0)
    b = okrlab.audit(
        df.assign(cpl=df.cpl.astype(str)), kpi="cpl", outcome="revenue", n_boot=199, seed=0
    )
    assert a.to_dict() == b.to_dict()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(perm_seed=st.integers(0, 10_000), drop=st.sets(st.sampled_from([5, 20, 40, 60]), max_size=3))
def test_never_mutates_and_row_order_does_not_matter(df, perm_seed, drop):
    d = df.drop(index=sorted(drop))
    before = d.copy(deep=True)
    shuffled = d.sample(frac=1, random_state=perm_seed)
    a = okrlab.audit(d, kpi="cpl", outcome="revenue", n_boot=199, seed=4)
    b = okrlab.audit(shuffled, kpi="cpl", outcome="revenue", n_boot=199, seed=4)
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
        res = okrlab.audit(d, kpi="k", outcome="o", max_lag=1, min_periods=10, n_boot=99, seed=0)
    except DataError:
        return
    assert res.verdict in VERDICTS
    json.dumps(res.to_dict(), allow_nan=False)


# -- result object ----------------------------------------------------------


def test_result_object(df):
    res = okrlab.audit(df, kpi="cpl", outcome="revenue", direction="higher", n_boot=199, seed=0)
    assert "0x" not in repr(res) and repr(res).startswith("KPI audit: cpl -> revenue")
    html_text = res._repr_html_()
    assert "<table" in html_text and res.verdict in html_text and "<h4>" not in html_text
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


# -- real-world date forms ----------------------------------------------------


@pytest.fixture
def yearly(rng):
    n = 54
    dx = rng.standard_normal(n)
    return pd.DataFrame(
        {
            "year": np.arange(1907, 1907 + n),
            "advertising": 100 + np.cumsum(dx),
            "sales": 500 + np.cumsum(np.r_[0, 0.8 * dx[:-1]] + 0.5 * rng.standard_normal(n)),
        }
    )


def test_integer_years_are_annual_periods(yearly):
    res = okrlab.audit(yearly, kpi="advertising", outcome="sales", n_boot=199, seed=0)
    assert res.freq == "Y" and res.n == 54 and str(res.start.date()) == "1907-01-01"
    assert "year-to-year" in res.explanation and "week" not in res.explanation
    as_text = yearly.assign(year=yearly.year.astype(str))
    same = okrlab.audit(as_text, kpi="advertising", outcome="sales", n_boot=199, seed=0)
    assert same.to_dict() == res.to_dict()
    periods = yearly.set_index(pd.PeriodIndex(yearly.year.astype(str), freq="Y"))
    periods = periods.drop(columns="year")
    assert okrlab.audit(periods, kpi="advertising", outcome="sales", n_boot=199, seed=0).n == 54


@pytest.mark.parametrize(
    "labels, freq",
    [
        (pd.period_range("2015-01", periods=60, freq="M").strftime("%Y-%m"), "M"),
        (pd.period_range("2015-01", periods=60, freq="M").strftime("%Y %b"), "M"),
        (pd.period_range("2001Q1", periods=60, freq="Q").strftime("%YQ%q"), "Q"),
        (pd.Series(pd.period_range("2015-01", periods=60, freq="M")), "M"),
    ],
)
def test_month_and_quarter_labels(rng, labels, freq):
    dx = rng.standard_normal(60)
    df = pd.DataFrame(
        {"period": list(labels), "k": np.cumsum(dx), "o": np.cumsum(dx + rng.standard_normal(60))}
    )
    res = okrlab.audit(df, kpi="k", outcome="o", n_boot=199, seed=0)
    assert res.freq == freq and res.n == 60
    unit = {"M": "month", "Q": "quarter"}[freq]
    assert f"{unit}-to-{unit}" in res.explanation
    # asking for the frequency the data already have changes nothing and adds no note
    again = okrlab.audit(df, kpi="k", outcome="o", freq=freq, n_boot=199, seed=0)
    assert again.to_dict() == res.to_dict() and not any("resampled" in n for n in again.notes)


def test_quarterly_and_annual_resampling(df):
    long = pd.DataFrame(
        {"week": WEEKS[:520], "cpl": np.arange(520.0) % 7, "revenue": np.arange(520.0) % 5}
    )
    ten = okrlab.audit(long, kpi="cpl", outcome="revenue", freq="Y", n_boot=199)
    assert (ten.freq, ten.n, ten.verdict) == ("Y", 10, "insufficient_data")
    res = okrlab.audit(long, kpi="cpl", outcome="revenue", freq="Q", min_periods=10, n_boot=199)
    assert res.freq == "Q" and "resampled to quarters" in res.notes[0]


@pytest.mark.parametrize(
    "week, match",
    [
        (np.arange(44197, 44197 + 7 * 80, 7), r"date column 'week' .*Excel serial dates.*origin"),
        (np.linspace(0.5, 80.5, 80), r"date column 'week' holds numbers"),
        (
            pd.date_range("2024-01-01", periods=80, freq="h").astype(str),
            r"date column 'week' has times of day",
        ),
        (
            ["2024-01-01T00:00:00+01:00", "2024-07-01T00:00:00+02:00"] * 40,
            r"date column 'week' mixes time-zone offsets",
        ),
    ],
)
def test_dates_that_are_not_dates_get_a_clear_error(df, week, match):
    with pytest.raises(DataError, match=match):
        okrlab.audit(df.assign(week=week), kpi="cpl", outcome="revenue", n_boot=199)


def test_hourly_timestamps_can_be_resampled_to_weeks(rng):
    hours = pd.date_range("2024-01-01", periods=24 * 7 * 60, freq="h")
    dx = rng.standard_normal(len(hours))
    df = pd.DataFrame(
        {"when": hours, "k": dx.cumsum(), "o": (dx + rng.standard_normal(len(hours))).cumsum()}
    )
    res = okrlab.audit(df, kpi="k", outcome="o", date="when", freq="W", n_boot=199, seed=0)
    assert res.freq == "W" and res.n == 60 and "resampled to weeks" in res.notes[0]


def test_numeric_column_named_as_the_date_is_refused(df):
    with pytest.raises(DataError, match="date column 'revenue' holds numbers"):
        okrlab.audit(df, kpi="cpl", outcome="revenue", date="revenue", n_boot=199)


@pytest.mark.parametrize(
    "mutate, exc, match",
    [
        (lambda d: d.assign(cpl=d.cpl * 1e300), DataError, "beyond ±1e100"),
        (lambda d: d.assign(cpl=d.cpl + 1j), DataError, "not plain numbers"),
        (lambda d: d.assign(cpl=pd.to_timedelta(d.cpl, "h")), DataError, "not plain numbers"),
        (lambda d: pd.concat([d, d[["cpl"]]], axis=1), DataError, "appears 2 times"),
        (
            lambda d: d.assign(week=[f"{2300 + i}-01-01" for i in range(len(d))]),
            DataError,
            "outside 1678-2261",
        ),
    ],
)
def test_hostile_columns_get_a_data_error(df, mutate, exc, match):
    with pytest.raises(exc, match=match):
        okrlab.audit(mutate(df), kpi="cpl", outcome="revenue", n_boot=199)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"date": [1]}, "date must be a column name"),
        ({"method": pd.NA}, "method=<NA>"),
        ({"log": pd.NA}, "log must be True or False"),
        ({"n_boot": 10**30}, "from 99 to 100,000"),
    ],
)
def test_garbage_arguments_get_an_okrlab_error(df, kwargs, match):
    with pytest.raises(okrlab.OkrlabError, match=match):
        okrlab.audit(df, kpi="cpl", outcome="revenue", **kwargs)


def test_resampled_periods_are_labelled_by_their_own_start(rng):
    # regression (H9): weekly bins were labelled one week early (a week before the data)
    from okrlab.audit._prepare import _prepare

    days = pd.date_range("2024-01-01", "2024-01-14", freq="D")
    week = pd.DataFrame({"day": days, "k": np.arange(14.0), "o": np.arange(14.0)})
    grid, code, _ = _prepare(week, ["k", "o"], date="day", freq="W")
    assert code == "W" and list(grid.index) == list(pd.to_datetime(["2024-01-01", "2024-01-08"]))
    assert grid["k"].tolist() == [3.0, 10.0]  # mean of days 0..6 (Jan 1-7), then 7..13
    # every coarser frequency: the first period starts on or before the first day, and
    # contains it (no period before the data, none after)
    long = pd.date_range("2024-01-03", periods=800, freq="D")
    dx = rng.standard_normal(800)
    df = pd.DataFrame({"d": long, "k": dx.cumsum(), "o": (dx + rng.standard_normal(800)).cumsum()})
    first = {"W": "2024-01-01", "M": "2024-01-01", "Q": "2024-01-01", "Y": "2024-01-01"}
    last = {"W": "2026-03-09", "M": "2026-03-01", "Q": "2026-01-01", "Y": "2026-01-01"}
    for f in "WMQY":
        grid, code, _ = _prepare(df, ["k", "o"], date="d", freq=f)
        assert str(grid.index[0].date()) == first[f] and str(grid.index[-1].date()) == last[f]
        assert grid.index[0] <= long[0] and grid.index[-1] <= long[-1]
    # the audit's JSON start/end match the data; a missing week is named by its own Monday
    gap = df[(df.d < "2024-02-05") | (df.d >= "2024-02-12")]
    res = okrlab.audit(gap, kpi="k", outcome="o", date="d", freq="W", n_boot=199, seed=0)
    d = json.loads(json.dumps(res.to_dict()))
    assert (d["start"], d["end"]) == ("2024-01-01", "2026-03-09")
    assert any("(2024-02-05)" in n for n in res.notes), res.notes


@pytest.mark.parametrize(
    "then, now, words, absent",
    [
        (0.89, 0.63, "weakened around 2023-07-31, though at r = 0.63 it is still", "no longer"),
        (0.89, 0.12, "no longer does (the change came around 2023-07-31)", "weakened"),
        (0.89, -0.45, "reversed its sign around 2023-07-31", "no longer"),
        (-0.70, -0.35, "weakened around 2023-07-31", "no longer"),
    ],
)
def test_decoupled_words_follow_the_numbers(then, now, words, absent):
    # regression (H9 05:48): a stable link whose break test fired (r 0.89 -> 0.63, still
    # >= min_r) was explained as "used to go with ... but no longer does"
    from types import SimpleNamespace

    from okrlab.audit._verdict import _decoupled_lead

    day = pd.Timestamp("2023-07-31")
    res = SimpleNamespace(
        kpi="kpi",
        outcome="out",
        freq="W",
        stability={"source": "break", "r_then": then, "r_now": now, "p": 0.04},
        break_={"date": day},
        recent=None,
    )
    text = _decoupled_lead(res, 0.3)
    assert words in text and absent not in text
    rec = SimpleNamespace(**dict(vars(res), stability=dict(res.stability, source="recent")))
    rec.recent = {"window": 26}
    assert "in the last 26 weeks" in _decoupled_lead(rec, 0.3)


def test_decoupled_explanation_quotes_r_now_consistently(rng):
    # every decoupled explanation says "no longer" exactly when |r_now| < min_r
    n, stop = 200, 120
    seen, kinds = 0, set()
    for j in range(6):
        dx = rng.standard_normal(n)
        after = 0.0 if j % 2 == 0 else 0.45
        dy = np.where(np.arange(n) < stop, 0.9 * dx, after * dx) + 0.5 * rng.standard_normal(n)
        df = frame(kpi=np.cumsum(dx), outcome=np.cumsum(dy))
        res = okrlab.audit(df, kpi="kpi", outcome="outcome", n_boot=299, seed=j)
        if res.verdict != "decoupled":
            continue
        seen += 1
        then, now = res.stability["r_then"], res.stability["r_now"]
        gone, flipped = abs(now) < 0.3, np.sign(now) != np.sign(then)
        assert ("no longer" in res.explanation) == gone, res.explanation
        assert ("reversed" in res.explanation) == (not gone and flipped), res.explanation
        assert ("weakened" in res.explanation) == (not gone and not flipped), res.explanation
        kinds.add("gone" if gone else "flipped" if flipped else "weakened")
    assert seen >= 3 and {"gone", "weakened"} <= kinds


@pytest.mark.parametrize("fmt", ["%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y"])
def test_day_month_order_is_read_from_the_data(rng, fmt):
    # regression (H8 05:43): '01/02/2020' monthly dates were read as MM/DD ("missing for
    # 354 days"); now a day above 12 decides the order, and without one it is refused
    months = pd.date_range("2020-01-01", periods=40, freq="MS")
    dx = rng.standard_normal(40)
    df = pd.DataFrame({"t": months.strftime(fmt), "k": dx.cumsum(), "o": dx.cumsum() + 1.0})
    with pytest.raises(DataError, match="column 't'.*day/month/year or month/day/year.*YYYY-MM-DD"):
        okrlab.audit(df, kpi="k", outcome="o", date="t", n_boot=99, seed=0)
    later = df.assign(t=(months + pd.Timedelta(days=14)).strftime(fmt))  # the 15th
    res = okrlab.audit(later, kpi="k", outcome="o", date="t", n_boot=99, seed=0)
    assert (res.freq, res.n, str(res.start.date())) == ("M", 40, "2020-01-15")
    assert not any("missing" in n for n in res.notes)


def test_a_lone_dash_is_a_missing_value(df):
    # regression (H9 05:59): '-' (a spreadsheet's "no data") was refused with advice about
    # currency symbols; it is now read as missing, with a note, and filled like an empty cell
    dashed = df.astype({"revenue": object})
    dashed.loc[5, "revenue"] = "-"
    res = okrlab.audit(dashed, kpi="cpl", outcome="revenue", n_boot=199, seed=0)
    assert any("holding only '-' read as missing" in n for n in res.notes)
    assert any("filled 1 missing weeks of revenue" in n for n in res.notes)
    assert dashed.loc[5, "revenue"] == "-"  # the caller's data untouched
    dashed.loc[5, "revenue"] = "12 USD"
    with pytest.raises(
        DataError, match=r"non-numeric value\(s\) \(rows 5\).*leave a cell empty.*str\.replace"
    ):
        okrlab.audit(dashed, kpi="cpl", outcome="revenue", n_boot=199, seed=0)
