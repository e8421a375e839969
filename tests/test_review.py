"""Quarter review: calibration of check-in confidence and sandbagging checks.

Rates are checked on simulated teams with a known truth (okrlab.review.simulate);
the full table comes from validation/review_validation.py.
"""

import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from okrlab.errors import DataError, ParameterError, ParameterTypeError
from okrlab.review import calibration, review, simulate_checkins
from okrlab.review.calibration import brier_decomposition


def test_brier_decomposition_hand_example():
    # forecasts 0.2, 0.2, 0.8, 0.8 with outcomes 0, 1, 1, 1:
    # brier = (0.04 + 0.64 + 0.04 + 0.04) / 4 = 0.19; base rate 0.75, unc = 0.1875
    # bins: 0.2 -> hit 0.5, 0.8 -> hit 1.0
    # rel = (2 * 0.09 + 2 * 0.04) / 4 = 0.065; res = (2 * 0.0625 + 2 * 0.0625) / 4 = 0.0625
    d = brier_decomposition([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1])
    assert d["brier"] == pytest.approx(0.19)
    assert d["uncertainty"] == pytest.approx(0.1875)
    assert d["reliability"] == pytest.approx(0.065)
    assert d["resolution"] == pytest.approx(0.0625)
    assert d["within_bin"] == pytest.approx(0.0, abs=1e-12)
    assert list(d["table"]["n"]) == [2, 2]


def test_brier_identity_with_distinct_and_binned_forecasts():
    rng = np.random.default_rng(5)
    f = np.round(rng.random(2000) * 20) / 20
    o = (rng.random(2000) < f).astype(float)
    d = brier_decomposition(f, o)  # bins are the 21 distinct values: exact identity
    assert d["brier"] == pytest.approx(d["reliability"] - d["resolution"] + d["uncertainty"])
    g = rng.random(2000)  # continuous forecasts in 10 bins: the within-bin term closes the sum
    d2 = brier_decomposition(g, o, bins=10)
    total = d2["reliability"] - d2["resolution"] + d2["uncertainty"] + d2["within_bin"]
    assert d2["brier"] == pytest.approx(total)
    assert d2["within_bin"] != pytest.approx(0.0, abs=1e-6)


def test_simulation_is_reproducible_and_calibrated_on_average():
    a = simulate_checkins(seed=11)
    b = simulate_checkins(seed=11)
    pd.testing.assert_frame_equal(a, b)
    # calibrated teams: the mean of confidence - met over many key results is ~0
    teams = {f"calibrated-{i}": "calibrated" for i in range(60)}
    res = calibration(simulate_checkins(teams=teams, seed=12))
    gap = res.teams["gap"].mean()
    se = res.teams["gap"].std(ddof=1) / math.sqrt(len(res.teams))
    assert abs(gap) < 3 * se + 0.01


@pytest.fixture(scope="module")
def many_teams():
    # 40 teams of each kind, 8 quarters: one dataset, so the test stays quick
    teams = {
        f"{k}-{i}": k for k in ("calibrated", "overconfident", "sandbagging") for i in range(40)
    }
    quarters = [f"{y}-Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
    data = simulate_checkins(teams=teams, quarters=quarters, seed=2026)
    kind = lambda t: t["team"].str.rsplit("-", n=1).str[0]  # noqa: E731
    cal = calibration(data).teams.assign(kind=kind)
    rev = review(data).teams.assign(kind=kind)
    return cal, rev


def _rate(mask):
    p = float(np.mean(mask))
    return p, math.sqrt(max(p * (1 - p), 0.05 * 0.95) / len(mask))


def test_honest_teams_are_rarely_flagged(many_teams):
    cal, rev = many_teams
    honest_cal = cal[cal["kind"] == "calibrated"]
    p, se = _rate(honest_cal["verdict"] != "no evidence of miscalibration")
    assert p <= 0.05 + 2 * se, p  # two-sided test at 5%: false flags <= 5%
    honest_rev = rev[rev["kind"] != "sandbagging"]
    p, se = _rate(honest_rev["verdict"] == "sandbagging")
    assert p <= 0.05 + 2 * se, p


def test_overconfident_and_sandbagging_teams_are_found(many_teams):
    cal, rev = many_teams
    over = cal[cal["kind"] == "overconfident"]
    # validation/review_validation.py --quarters 8 (400 teams a kind): 0.59 and 0.998
    p, se = _rate(over["verdict"] == "over-confident")
    assert p >= 0.59 - 3 * se, p
    sand = rev[rev["kind"] == "sandbagging"]
    p, se = _rate(sand["verdict"] == "sandbagging")
    assert p >= 0.95 - 3 * se, p


def test_result_protocol_and_json():
    data = simulate_checkins(seed=4)
    for res in (calibration(data), review(data)):
        text = repr(res)
        assert "0x" not in text and text == repr(res)
        assert "<table" in res._repr_html_()
        assert isinstance(res.to_frame(), pd.DataFrame)
        json.dumps(res.to_dict(), allow_nan=True)


def test_review_on_one_row_per_kr_data():
    df = pd.DataFrame(
        {
            "team": ["a"] * 6 + ["b"] * 6,
            "quarter": ["Q1"] * 12,
            "kr": [f"KR{i}" for i in range(12)],
            "kind": ["aspirational"] * 12,
            "kr_score": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.6, 0.7, 0.4, 0.8, 0.6],
        }
    )
    res = review(df, score="kr_score")
    verdicts = res.teams.set_index("team")["verdict"]
    assert verdicts["a"] == "possible sandbagging" and verdicts["b"] == "no sign of sandbagging"
    assert "ambition test was skipped" in " ".join(res.notes)
    assert res.zones.set_index("team").loc["a", ">= 1.0"] == 1.0


def test_errors_name_the_column_and_fix():
    data = simulate_checkins(seed=4)
    with pytest.raises(DataError, match="confidence="):
        calibration(data.assign(confidence=data["confidence"] * 100))
    with pytest.raises(DataError, match="needs a column 'conf'"):
        calibration(data, confidence="conf")
    with pytest.raises(ParameterTypeError, match="DataFrame"):
        review([1, 2, 3])
    with pytest.raises(ParameterError, match="level"):
        review(data, level=5)
    with pytest.raises(DataError, match="non-numeric"):
        review(data.assign(value=data["value"].astype(object).where(data.index != 3, "n/a")))
    before = data.copy()
    calibration(data)
    review(data)
    pd.testing.assert_frame_equal(data, before)  # never mutated


def test_cli_review_on_the_sample(tmp_path, capsys):
    from okrlab.cli import main
    from okrlab.datasets import dataset_path

    status = main(["review", str(dataset_path("okr_checkins.csv")), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    verdicts = {t["team"]: t["verdict"] for t in doc["review"]["teams"]}
    assert verdicts["partnerships"] == verdicts["support"] == "sandbagging"
    assert verdicts["brand"] == "no sign of sandbagging"
    assert status == 1  # a team is flagged
    status = main(["review", str(dataset_path("okr_quarters.csv")), "--score", "kr_score",
                   "--kind", "kr_type"])  # fmt: skip
    assert status in (0, 1) and "Quarter review" in capsys.readouterr().out
    assert main(["review", str(dataset_path("okr_quarters.csv"))]) == 2
    assert "--score" in capsys.readouterr().err
    assert main(["review", str(dataset_path("okr_checkins.csv")), "--alpha", "2"]) == 2
    assert "--alpha" in capsys.readouterr().err


_YAML = """\
objectives:
  - title: Win more deals
    owner: {team}
    period: {quarter}
    key_results:
{krs}
"""
_KR = """\
      - description: {desc}
        metric: m{i}
        baseline: 100
        target: 110
        kind: aspirational
        checkins:
          - {{date: {d0}, value: 100, confidence: {c0}}}
          - {{date: {d1}, value: {v1}, confidence: {c1}}}
          - {{date: {d2}, value: {v2}}}
"""


def test_yaml_checkins_with_confidence_feed_the_review(tmp_path, capsys):
    from okrlab.cli import main
    from okrlab.okr import load_okrs
    from okrlab.review._checkins import checkins_from_okrs

    paths = []
    for q, (d0, d1, d2) in {"2026-Q1": ("2026-01-05", "2026-02-16", "2026-03-30"),
                            "2026-Q2": ("2026-04-06", "2026-05-18", "2026-06-29")}.items():  # fmt: skip
        krs = "".join(
            _KR.format(
                desc=f"Grow metric {i} from 100 to 110",
                i=i,
                d0=d0,
                d1=d1,
                d2=d2,
                c0=0.9,
                c1=0.95,
                v1=104,
                v2=103 + 4 * (i == 0),
            )  # fmt: skip
            for i in range(3)
        )
        path = tmp_path / f"okrs_{q}.yaml"
        path.write_text(_YAML.format(team="growth", quarter=q, krs=krs))
        paths.append(str(path))
    kr = load_okrs(paths[0]).objectives[0].key_results[0]
    assert kr.confidence.tolist() == [0.9, 0.95]
    table = checkins_from_okrs(load_okrs(p) for p in paths)
    assert set(table["week_of_quarter"]) == {0, 6, 12}
    assert table["team"].unique().tolist() == ["growth"]
    status = main(["review", *paths, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    team = doc["calibration"]["teams"][0]
    # 6 key results said 0.9 at planning and none reached its target of 110
    assert team["n_krs"] == 6 and team["met"] == 0 and team["verdict"] == "over-confident"
    assert status == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text(paths and open(paths[0]).read().replace("confidence: 0.95", "confidence: 95"))
    assert main(["review", str(bad)]) == 2
    assert "outside 0-1" in capsys.readouterr().err


def test_plots_draw_the_tables():
    import matplotlib.pyplot as plt

    data = simulate_checkins(seed=4)
    cal, rev = calibration(data), review(data)
    fig, (ax1, ax2) = plt.subplots(1, 2)
    assert cal.plot(ax=ax1) is ax1
    points = ax1.collections[-1].get_offsets()
    np.testing.assert_allclose(points[:, 0], cal.reliability["confidence"])
    np.testing.assert_allclose(points[:, 1], cal.reliability["hit_rate"])
    assert list(ax1.lines[0].get_xydata()[:, 0]) == [0, 1]  # the diagonal
    assert rev.plot(ax=ax2) is ax2
    widths = np.array([p.get_width() for p in ax2.patches]).reshape(4, -1)
    np.testing.assert_allclose(widths.sum(axis=0), 1.0)  # every bar adds up to all KRs
    np.testing.assert_allclose(widths[3], rev.zones[">= 1.0"])
    plt.close(fig)


def test_cli_review_messages_use_cli_words(tmp_path, capsys):
    from okrlab.cli import main

    data = simulate_checkins(seed=4)
    pct = data.assign(confidence=data["confidence"] * 100)
    pct.to_csv(tmp_path / "c100.csv", index=False)
    assert main(["review", str(tmp_path / "c100.csv")]) == 2
    err = capsys.readouterr().err
    assert re.search(r"c100\.csv: column confidence line \d+: \d+ is not a probability", err)
    assert "divide the column by 100" in err
    assert "np.float64" not in err and "confidence=" not in err
    signs = pct.assign(confidence=pct["confidence"].map(lambda v: "" if v != v else f"{v:g}%"))
    signs.to_csv(tmp_path / "pct.csv", index=False)
    assert main(["review", str(tmp_path / "pct.csv")]) == 2
    assert "instead of" in capsys.readouterr().err


def test_review_score_interval_stays_within_0_and_1():
    res = review(simulate_checkins(seed=3))
    assert res.teams["score_low"].between(0, 1).all()
    assert res.teams["score_high"].between(0, 1).all()
