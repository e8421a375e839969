"""kr_outcome_link: across teams and quarters, do KR scores go with the outcome?"""

import numpy as np
import pandas as pd
import pytest

import okrlab
from okrlab import DataError


def okr_frame(rng, teams=15, quarters=6):
    rows = []
    for t in range(teams):
        for q in range(quarters):
            s_out, s_act = rng.uniform(0, 1), rng.uniform(0.4, 1)
            change = 8 * s_out + rng.normal(0, 2)
            rows += [
                (f"t{t}", f"Q{q}", "outcome", s_out, change),
                (f"t{t}", f"Q{q}", "activity", s_act, change),
            ]
    return pd.DataFrame(rows, columns=["team", "quarter", "kr_type", "kr_score", "outcome_change"])


def test_kr_outcome_link_separates_kr_types(rng):
    link = okrlab.kr_outcome_link(okr_frame(rng), n_boot=499, seed=0).set_index("group")
    assert link.loc["outcome", "ci_low"] > 0.4
    assert link.loc["activity", "ci_low"] < 0 < link.loc["activity", "ci_high"]
    assert link.loc["outcome - activity", "ci_low"] > 0
    assert link.loc["all", "n_units"] == 90 and link.loc["all", "n_teams"] == 15


def test_kr_outcome_link_point_estimates_match_a_direct_computation(rng):
    # reference: mean score per team-quarter and KR type, Pearson r with the outcome
    d = okr_frame(rng)
    link = okrlab.kr_outcome_link(d, n_boot=199, seed=0).set_index("group")
    y = d.groupby(["team", "quarter"])["outcome_change"].first()
    for group, sub in [
        ("all", d),
        ("outcome", d[d.kr_type == "outcome"]),
        ("activity", d[d.kr_type == "activity"]),
    ]:
        x = sub.groupby(["team", "quarter"])["kr_score"].mean()
        expected = np.corrcoef(x, y.loc[x.index])[0, 1]
        assert link.loc[group, "r"] == pytest.approx(expected, abs=1e-12), group
    assert link.loc["outcome", "r"] < 0.99  # a KR type called "outcome" is not the outcome


def test_kr_outcome_link_cluster_bootstrap_is_wider_when_teams_differ(rng):
    # team effects shared across quarters: resampling teams must give a wider
    # interval than pretending team-quarters are independent would (check vs
    # the Fisher-z interval for n independent units).
    d = okr_frame(rng, teams=10, quarters=8)
    eff = {f"t{t}": rng.normal(0, 6) for t in range(10)}
    score_eff = {f"t{t}": 0.08 * eff[f"t{t}"] / 6 for t in range(10)}
    d["outcome_change"] += d["team"].map(eff)
    d["kr_score"] = (d["kr_score"] + d["team"].map(score_eff)).clip(0, 1)
    link = okrlab.kr_outcome_link(d, kind=None, n_boot=999, seed=1).set_index("group")
    r, n = link.loc["all", "r"], link.loc["all", "n_units"]
    fisher = np.tanh(np.arctanh(r) + np.array([-1.96, 1.96]) / np.sqrt(n - 3))
    assert link.loc["all", "ci_high"] - link.loc["all", "ci_low"] > 0.9 * np.diff(fisher)[0]


def test_kr_outcome_link_errors(rng):
    d = okr_frame(rng)
    with pytest.raises(DataError, match="differs between key results of team 't0'"):
        okrlab.kr_outcome_link(d.assign(outcome_change=np.arange(len(d), dtype=float)))
    with pytest.raises(DataError, match="no column 'score'"):
        okrlab.kr_outcome_link(d, score="score")
    with pytest.raises(DataError, match="only 3 team"):
        okrlab.kr_outcome_link(d[d.team.isin(["t0", "t1", "t2"])])
    with pytest.raises(DataError, match=r"column 'kr_score' has 1 non-numeric"):
        okrlab.kr_outcome_link(
            d.assign(kr_score=d.kr_score.astype(object).where(d.index != 4, "70%"))
        )
