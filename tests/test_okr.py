"""Key results and objectives: scoring, pace, forecast, weights, guardrails,
from_kpi and YAML loading. Expected numbers are worked out by hand in comments."""

import datetime as dt
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from okrlab import KPI, DefinitionError, KeyResult, Objective, Scorecard, load_okrs
from okrlab.errors import DataError, ParameterError, ParameterTypeError
from okrlab.okr import Guardrail, ambition, ambition_label, grade, load_okrs_text, parse_period


def kr(**kw):
    base = {"description": "KR", "metric": "m", "baseline": 100, "target": 80}
    base.update(kw)
    return KeyResult(**base)


# -- score -----------------------------------------------------------------
def test_issue_example_lower_is_better():
    k = KeyResult(description="Reduce CPL", metric="cpl", baseline=100, target=80, current=90)
    # (90 - 100) / (80 - 100) = 0.5
    assert k.score() == 0.5 and k.direction == "lower"


@pytest.mark.parametrize(
    "baseline, target, value, raw, clipped",
    [
        (40, 60, 50, 0.5, 0.5),  # higher is better, half way
        (40, 60, 70, 1.5, 1.0),  # beyond target: raw kept, score clipped
        (40, 60, 30, -0.5, 0.0),  # worse than baseline
        (100, 80, 110, -0.5, 0.0),  # lower is better, got worse
        (100, 80, 70, 1.5, 1.0),  # lower is better, beat target
        (0.10, 0.14, 0.13, 0.75, 0.75),  # rates: (0.03 / 0.04)
    ],
)
def test_score_both_directions_and_clipping(baseline, target, value, raw, clipped):
    k = kr(baseline=baseline, target=target)
    assert k.raw_score(value) == pytest.approx(raw)
    assert k.score(value) == pytest.approx(clipped)
    assert 0 <= k.score(value) <= 1


def test_grade_bands():
    assert [grade(s) for s in (0, 0.3, 0.39, 0.4, 0.6, 0.69, 0.7, 1)] == [
        "red",
        "red",
        "red",
        "yellow",
        "yellow",
        "yellow",
        "green",
        "green",
    ]
    # 0.7 computed in floating point (0.7000000000000001 or 0.6999999999999998) is green
    assert kr(baseline=0, target=1).grade(0.1 * 7) == "green"
    assert grade(math.nan) == "no data"


def test_score_without_value_is_a_clear_error():
    with pytest.raises(ParameterError, match="has no current value"):
        kr().score()


# -- pace --------------------------------------------------------------------
Q1 = {"start": "2026-01-01", "due": "2026-03-31"}  # 89 days


@pytest.mark.parametrize(
    "value, status",
    [
        (94, "on track"),  # score 0.3: behind 0.506 by 0.206
        (96, "at risk"),  # score 0.2: behind by 0.306 > 0.25
        (100, "off track"),  # score 0.0: behind by 0.506 > 0.5
    ],
)
def test_pace_status_committed(value, status):
    k = kr(**Q1)
    at = "2026-02-15"  # 45 of 89 days: expected 45/89 = 0.5056
    assert k.expected_progress(at) == pytest.approx(45 / 89)
    assert k.pace_status(at, value=value) == status


def test_pace_aspirational_and_clipped_outside_period():
    k = kr(kind="aspirational", **Q1)
    assert k.expected_progress("2026-02-15") == pytest.approx(0.7 * 45 / 89)
    assert k.expected_progress("2025-12-01") == 0
    assert k.expected_progress("2026-06-01") == pytest.approx(0.7)


def test_pace_needs_dates():
    with pytest.raises(ParameterError, match="no start and due date"):
        kr().expected_progress("2026-02-01")


# -- forecast ------------------------------------------------------------------
def test_forecast_least_squares_by_hand():
    # points (day, value): (0, 0) baseline at start, (10, 1), (20, 5)
    # slope = sum((t-10)(y-2)) / sum((t-10)^2) = 50 / 200 = 0.25, intercept = 2 - 2.5
    # value at day 30 = -0.5 + 7.5 = 7.0
    k = kr(
        baseline=0,
        target=10,
        start="2026-01-01",
        due="2026-01-31",
        checkins={"2026-01-11": 1, "2026-01-21": 5},
    )
    assert k.forecast() == pytest.approx(7.0)
    assert k.assess("2026-01-21")["forecast_score"] == pytest.approx(0.7)
    # as of Jan 11 only (0,0) and (10,1) are known: slope 0.1, value at day 30 = 3
    assert k.forecast(at="2026-01-11") == pytest.approx(3.0)


def test_forecast_from_current_value_and_date():
    # no check-ins: line through (day 0, 100) and (day 30, 95): at day 89 -> 100 - 89/6
    k = kr(current=95, **Q1)
    assert k.forecast(at="2026-01-31") == pytest.approx(100 - 89 / 6)


def test_forecast_needs_two_points():
    with pytest.raises(ParameterError, match="at least two dated values"):
        kr(**Q1).forecast()


def test_value_at_uses_last_checkin_on_or_before():
    k = kr(checkins={"2026-01-10": 97, "2026-02-10": 90}, **Q1)
    assert k.current == 90
    assert k.value_at("2026-01-05") == 100  # before first check-in: the baseline
    assert k.value_at("2026-01-31") == 97
    assert k.value_at("2026-02-10") == 90


def test_checkins_input_is_not_mutated():
    s = pd.Series([97.0, 90.0], index=pd.to_datetime(["2026-02-10", "2026-01-10"]))
    before = s.copy()
    kr(checkins=s)
    pd.testing.assert_series_equal(s, before)


# -- objectives, weights, guardrails ----------------------------------------------
def test_objective_weighted_mean_and_default_equal_weights():
    a, b = kr(current=90), kr(baseline=40, target=60, current=60)  # 0.5 and 1.0
    assert Objective("O", key_results=[a, b]).score() == pytest.approx(0.75)
    assert Objective("O", key_results=[a, b], weights=[3, 1]).score() == pytest.approx(
        (3 * 0.5 + 1.0) / 4
    )


def test_objective_passes_its_period_to_key_results():
    o = Objective("O", period="2026-Q2", key_results=[kr(current=90)])
    assert o.key_results[0].start == dt.date(2026, 4, 1)
    assert o.key_results[0].due == dt.date(2026, 6, 30)


LEAD_QUALITY = KPI("lead_quality", direction="higher", healthy_min=0.12, warning_margin=0.02)


def test_met_key_result_with_unhealthy_guardrail_is_not_a_success():
    met = kr(current=78, guardrails=[Guardrail(LEAD_QUALITY, current=0.08)])
    assert met.score() == 1.0
    assert met.verdict() == "met, guardrail breached"
    o = Objective("Cheaper leads", key_results=[met])
    assert o.score() == 1.0
    assert o.verdict() == "guardrail breached"
    assert o.guardrail_breaches() == [("KR", "lead_quality")]


def test_guardrail_watch_does_not_breach():
    met = kr(current=78, guardrails=[Guardrail(LEAD_QUALITY, current=0.11)])
    assert met.guardrail_status() == "watch"
    assert Objective("O", key_results=[met]).verdict() == "achieved"


def test_objective_verdicts():
    half = kr(current=90, **Q1)
    o = Objective("O", key_results=[half])
    assert o.verdict(at="2026-02-01") == "in progress"
    assert o.verdict(at="2026-03-31") == "not achieved"
    asp = kr(current=86, kind="aspirational")  # 0.7: success for an aspirational KR
    assert Objective("O", key_results=[asp]).verdict() == "achieved"


# -- from_kpi --------------------------------------------------------------------
HIST = pd.Series(
    [104.0, 98, 101, 99, 100, 102, 97, 100],
    index=pd.date_range("2026-01-05", periods=8, freq="W-MON"),
)
CPL = KPI("cpl", unit="USD", direction="lower", description="cost per lead")


def test_from_kpi_baseline_target_and_ambition():
    k = KeyResult.from_kpi(CPL, HIST, lift=0.2)
    assert k.baseline == 100  # median of the last 4: 100, 102, 97, 100
    assert k.target == 80  # 20% lower: lower is better
    assert k.start == dt.date(2026, 2, 23) and k.due == dt.date(2026, 5, 25)
    sd = np.std(np.diff(HIST.to_numpy()), ddof=1)
    assert k.ambition == pytest.approx(20 / sd)
    assert k.metric == "cpl" and k.unit == "USD"
    up = KeyResult.from_kpi(KPI("sqls", direction="higher"), HIST, lift=0.1, window=2)
    assert up.baseline == 98.5 and up.target == pytest.approx(108.35)


def test_ambition_labels():
    assert ambition_label(0.5) == "not a stretch"
    near = KeyResult.from_kpi(CPL, HIST, target=99)
    assert near.ambition_label == "not a stretch"
    assert KeyResult.from_kpi(CPL, HIST, target=50).ambition_label == "moonshot"
    assert ambition([1, 1, 1], 1, 2) == math.inf


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"target": 120}, ParameterError, "not an improvement.*lower is better"),
        ({"lift": -0.1}, ParameterError, "lift must be a positive"),
        ({"lift": 0.1, "target": 90}, ParameterError, "exactly one of target= or lift="),
        ({}, ParameterError, "exactly one"),
    ],
)
def test_from_kpi_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        KeyResult.from_kpi(CPL, HIST, **kwargs)


def test_from_kpi_data_errors():
    with pytest.raises(ParameterTypeError, match="must be a pandas Series"):
        KeyResult.from_kpi(CPL, [1, 2, 3], lift=0.1)
    with pytest.raises(DataError, match="non-numeric"):
        KeyResult.from_kpi(CPL, pd.Series(["$1,200", "3"]), lift=0.1)
    with pytest.raises(DataError, match="2 usable values"):
        KeyResult.from_kpi(CPL, pd.Series([1.0, np.nan, 2.0]), lift=0.1)


# -- construction errors -----------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"metric": None}, r"key result 'KR': field 'metric' is missing\. Add metric:"),
        ({"metric": "  "}, "field 'metric' is missing"),
        ({"target": 100}, r"field 'target' equals the baseline \(100\).*as a KPI"),
        ({"baseline": "100%"}, "field 'baseline' must be a number, got '100%'"),
        ({"kind": "stretchy"}, "field 'kind' is 'stretchy'"),
        ({"start": "2026-03-01", "due": "2026-01-01"}, r"field 'due' \(2026-01-01\) is not after"),
        ({"start": "March"}, "field 'start' must be a date.*YYYY-MM-DD"),
        ({"checkins": {"2026-01-01": 1, "2026-01-01 00:00": 2}}, "two check-ins dated 2026-01-01"),
    ],
)
def test_key_result_errors(kwargs, match):
    with pytest.raises(DefinitionError, match=match):
        kr(**kwargs)


def test_objective_errors():
    with pytest.raises(DefinitionError, match="field 'key_results' is empty"):
        Objective("O", key_results=[])
    with pytest.raises(DefinitionError, match="field 'weights' has 1 values for 2"):
        Objective("O", key_results=[kr(), kr()], weights=[1])
    with pytest.raises(DefinitionError, match="field 'period'.*2026-Q1"):
        Objective("O", period="spring", key_results=[kr()])


def test_parse_period():
    assert parse_period("2026-H2") == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert parse_period("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert parse_period(2026) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


# -- YAML ----------------------------------------------------------------------------
def test_sample_okrs_scorecard():
    okrs = load_okrs("datasets/okrs.yaml")
    df = okrs.to_frame()
    assert len(df) == sum(len(o.key_results) for o in okrs)
    assert {"objective", "key_result", "score", "pace_status", "verdict"} <= set(df.columns)
    # the CPL KR beat its target while lead quality (0.085) is below its healthy band
    cpl = df[df.metric == "cpl"].iloc[0]
    assert cpl.score == 1.0 and cpl.verdict == "met, guardrail breached"
    assert okrs.scorecard().objectives_frame().verdict.iloc[0] == "guardrail breached"
    json.dumps(okrs.scorecard().to_dict())  # JSON-safe
    assert "0x" not in repr(okrs.scorecard())
    assert "<table" in okrs._repr_html_()


GOOD = """\
objectives:
  - title: Fill the pipeline
    period: 2026-Q1
    key_results:
      - description: Reduce CPL
        metric: cpl
        baseline: 100
        target: 80
        current: 90
"""


def _load(tmp_path, text, **kw):
    p = tmp_path / "okrs.yaml"
    p.write_text(text)
    return load_okrs(p, **kw)


def test_yaml_good(tmp_path):
    assert _load(tmp_path, GOOD)[0].score() == 0.5


@pytest.mark.parametrize(
    "old, new, match",
    [
        (
            "        metric: cpl\n",
            "",
            r"okrs.yaml:5: objective 'Fill the pipeline' > key result 1 "
            r"\('Reduce CPL'\): field 'metric' is missing\. Add 'metric:",
        ),
        ("        target: 80\n", "", r":5: .*key result 1 .*field 'target' is missing"),
        (
            "target: 80",
            "target: eighty",
            r"okrs.yaml:8: .*'Reduce CPL'.*field 'target' must be "
            r"a number, got 'eighty'",
        ),
        ("target: 80", "target: 100", r"okrs.yaml:8: .*field 'target' equals the baseline"),
        (
            "    period: 2026-Q1\n",
            "    start: 2026-03-01\n    due: 2026-01-01\n",
            r"okrs.yaml:4: objective 'Fill the pipeline': field 'due' \(2026-01-01\) is not after",
        ),
        (
            "        current: 90\n",
            "        current: 90\n        kind: maybe\n",
            r"okrs.yaml:10: .*field 'kind' is 'maybe'",
        ),
        (
            "        current: 90\n",
            "        current: 90\n        targt: 3\n",
            r"okrs.yaml:10: .*field 'targt' is not a known key result field",
        ),
        (
            "  - title: Fill the pipeline\n",
            "  - owner: x\n",
            r"okrs.yaml:2: objective 1: "
            r"field 'title' is missing",
        ),
        (
            "        current: 90\n",
            "        current: 90\n        guardrails:\n          - {name: q, "
            "direction: sideways, current: 1}\n",
            r"okrs.yaml:11: .*'Reduce CPL'.*guardrail 1.*field 'direction' "
            r"is 'sideways'",
        ),
        (
            "        current: 90\n",
            "        current: 90\n        guardrails:\n          - {kpi: q, current: 1}\n",
            r"okrs.yaml:11: .*field 'kpi' names 'q', which is not in the KPI "
            r"catalog",
        ),
        (
            "objectives:",
            "objectives: !!python/object/apply:os.system ['echo hi']\nx:",
            r"okrs.yaml:1: the tag .*not allowed",
        ),
    ],
)
def test_yaml_errors_name_file_objective_kr_and_field(tmp_path, old, new, match):
    assert old in GOOD
    with pytest.raises(DefinitionError, match=match):
        _load(tmp_path, GOOD.replace(old, new, 1))


def test_yaml_guardrail_from_catalog_and_checkins():
    text = GOOD.replace(
        "        current: 90\n",
        (
            "        checkins:\n          - {date: 2026-01-20, value: 95}\n"
            "          - {date: 2026-02-20, value: 78}\n"
            "        guardrails:\n          - {kpi: lead_quality, current: 0.09}\n"
        ),
    )
    okrs = load_okrs_text(text, kpis=[LEAD_QUALITY])
    k = okrs[0].key_results[0]
    assert k.current == 78 and k.guardrail_status() == "unhealthy"


def test_with_checkins_returns_a_new_key_result():
    k = kr(checkins={"2026-01-10": 97})
    k2 = k.with_checkins(
        pd.Series([90.0, 95.0], index=pd.to_datetime(["2026-02-10", "2026-01-10"]))
    )
    assert k.current == 97 and len(k.checkins) == 1  # unchanged
    assert k2.current == 90 and k2.checkins.tolist() == [95.0, 90.0]  # Jan 10 replaced


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(baseline=finite, target=finite, value=finite)
def test_score_properties(baseline, target, value):
    assume(abs(target - baseline) > 1e-6)
    k = kr(baseline=baseline, target=target)
    raw = k.raw_score(value)
    assert 0.0 <= k.score(value) <= 1.0
    assert k.score(baseline) == 0.0 and k.score(target) == 1.0
    # the raw score is the linear interpolation parameter: value = baseline + raw * span
    assert baseline + raw * (target - baseline) == pytest.approx(value, rel=1e-9, abs=1e-6)


def test_scorecard_to_dict_keeps_same_titled_objectives_apart():
    # Regression: to_dict matched key results to objectives by title, so two objectives
    # both titled "Grow" each got both objectives' key results (4 instead of 2 and 2).
    a = KeyResult(description="Grow SQLs", metric="sqls", baseline=40, target=60, current=50)
    b = KeyResult(description="Grow pipeline", metric="pipe", baseline=1, target=2, current=2)
    c = KeyResult(description="Grow trials", metric="trials", baseline=10, target=20, current=10)
    d = KeyResult(description="Grow demos", metric="demos", baseline=5, target=10, current=10)
    card = Scorecard([Objective("Grow", key_results=[a, b]), Objective("Grow", key_results=[c, d])])
    out = card.to_dict()
    assert [len(o["key_results"]) for o in out["objectives"]] == [2, 2]
    assert [k["key_result"] for k in out["objectives"][0]["key_results"]] == [
        "Grow SQLs",
        "Grow pipeline",
    ]
    assert [k["key_result"] for k in out["objectives"][1]["key_results"]] == [
        "Grow trials",
        "Grow demos",
    ]
    # objective scores: (0.5 + 1) / 2 and (0 + 1) / 2
    assert [o["score"] for o in out["objectives"]] == [0.75, 0.5]
    json.dumps(out, allow_nan=False)


def test_scorecard_text_and_html_are_deterministic_and_escaped():
    kr = KeyResult(description="Cut CPL from $100 to $80 <fast>", metric="cpl", baseline=100,
                   target=80, current=90)  # fmt: skip
    card = Scorecard([Objective("Cheaper & better leads", key_results=[kr])], at="2026-02-01")
    assert repr(card) == repr(Scorecard(card.objectives, at="2026-02-01"))
    html = card._repr_html_()
    assert "&#36;100" in html and "$" not in html
    assert "&lt;fast&gt;" in html and "Cheaper &amp; better" in html
