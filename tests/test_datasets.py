"""Tests of okrlab.datasets: loading, byte-for-byte regeneration, the data
dictionary and the truths built into the simulated data."""

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import okrlab
from okrlab.datasets import (
    GENERATORS,
    MARKETING_EVENTS,
    dataset_path,
    load_dataset,
    main,
    regenerate,
)
from okrlab.errors import ParameterError

ROOT = Path(__file__).resolve().parents[1]

MARKETING_COLUMNS = [
    "week", "spend", "leads", "cpl", "qualified_leads", "lead_quality",
    "cost_per_qualified_lead", "opportunities", "cost_per_opportunity", "customers", "cac",
    "revenue", "cpl_target_active", "demo_requests", "social_followers", "email_open_rate",
]  # fmt: skip
OKR_COLUMNS = ["team", "quarter", "kr", "kr_type", "kr_score", "outcome_change"]


def _sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def first_difference(expected: bytes, actual: bytes, name: str) -> str:
    """Describe where two CSV files differ: first row and column, largest difference."""
    if expected == actual:
        return ""
    from io import BytesIO

    want = pd.read_csv(BytesIO(expected), dtype=str, keep_default_na=False)
    got = pd.read_csv(BytesIO(actual), dtype=str, keep_default_na=False)
    if list(want.columns) != list(got.columns) or len(want) != len(got):
        return (
            f"{name}: shape or columns differ: committed {len(want)} rows x {list(want.columns)}, "
            f"regenerated {len(got)} rows x {list(got.columns)}"
        )
    differs = want.ne(got)
    cells = [(r, j) for j, c in enumerate(want.columns) for r in np.flatnonzero(differs[c])]
    if not cells:
        return f"{name}: same values, different bytes (line endings or quoting)"
    row, j = min(cells)
    col = want.columns[j]
    largest = ""
    num_w = want.apply(pd.to_numeric, errors="coerce")
    num_g = got.apply(pd.to_numeric, errors="coerce")
    diff = (num_w - num_g).abs().where(differs)
    if diff.notna().any().any():
        stacked = diff.stack()
        (r_max, c_max), value = stacked.idxmax(), stacked.max()
        largest = (
            f"; largest numeric difference {value:.6g} in row {r_max}, column {c_max!r} "
            f"({want.at[r_max, c_max]} vs {got.at[r_max, c_max]})"
        )
    n_rows = int(differs.any(axis=1).sum())
    return (
        f"{name}: {len(cells)} cells in {n_rows} of {len(want)} rows differ; first at data row "
        f"{row} (line {row + 2}), column {col!r}: committed {want.at[row, col]!r}, "
        f"regenerated {got.at[row, col]!r}{largest}"
    )


@pytest.mark.repro
def test_regenerate_is_byte_for_byte(tmp_path):
    written = regenerate(tmp_path)
    assert sorted(p.name for p in written) == [
        "marketing_weekly.csv",
        "okr_checkins.csv",
        "okr_quarters.csv",
    ]
    problems = [
        first_difference((ROOT / "datasets" / p.name).read_bytes(), p.read_bytes(), p.name)
        for p in written
    ]
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


def test_first_difference_names_row_column_and_size():
    a = b"week,revenue,kind\n2023-01-02,100.50,x\n2023-01-09,200.00,y\n"
    b = b"week,revenue,kind\n2023-01-02,100.50,x\n2023-01-09,200.01,z\n"
    message = first_difference(a, b, "f.csv")
    assert "first at data row 1 (line 3), column 'revenue'" in message
    assert "committed '200.00', regenerated '200.01'" in message
    assert "largest numeric difference 0.01 in row 1, column 'revenue'" in message
    assert first_difference(a, a, "f.csv") == ""


def test_command_line_regenerate(tmp_path, capsys):
    assert main(["--regenerate", "--out", str(tmp_path)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert _sha(tmp_path / "okr_quarters.csv") == _sha(dataset_path("okr_quarters.csv"))


def test_files_use_unix_line_endings():
    for name in GENERATORS:
        data = dataset_path(f"{name}.csv").read_bytes()
        assert b"\r" not in data and data.endswith(b"\n")


def test_load_marketing_weekly():
    df = load_dataset("marketing_weekly")
    assert list(df.columns) == MARKETING_COLUMNS
    assert len(df) == 156
    assert pd.api.types.is_datetime64_any_dtype(df["week"])
    assert (df["week"].dt.day_of_week == 0).all()
    assert (df["week"].diff().dropna() == pd.Timedelta(weeks=1)).all()
    assert df["lead_quality"].between(0, 1).all() and df["email_open_rate"].between(0, 1).all()
    assert np.allclose(df["lead_quality"], df["qualified_leads"] / df["leads"], atol=5e-5)
    assert np.allclose(df["cpl"], df["spend"] / df["leads"], atol=5e-3)
    assert df["social_followers"].is_monotonic_increasing
    assert not df.isna().any().any()
    # A fresh copy each time: callers may mutate it.
    df.loc[0, "spend"] = -1
    assert load_dataset("marketing_weekly.csv").loc[0, "spend"] > 0


def test_marketing_events_are_in_the_data():
    df = load_dataset("marketing_weekly")
    target = pd.Timestamp(MARKETING_EVENTS["cpl_target"])
    change = pd.Timestamp(MARKETING_EVENTS["platform_change"])
    assert target.day_of_week == 0 and change.day_of_week == 0
    assert df["week"].min() < change < target < df["week"].max()
    assert (df.loc[df.week >= target, "cpl_target_active"] == 1).all()
    assert (df.loc[df.week < target, "cpl_target_active"] == 0).all()
    assert okrlab.MARKETING_EVENTS is MARKETING_EVENTS


def test_load_okr_quarters():
    df = load_dataset("okr_quarters")
    assert list(df.columns) == OKR_COLUMNS
    assert df["team"].nunique() == 40 and df["quarter"].nunique() == 8
    sizes = df.groupby(["team", "quarter"]).size()
    assert sizes.between(3, 4).all()
    assert set(df["kr_type"]) == {"outcome", "activity"}
    assert df["kr_score"].between(0, 1).all()
    assert df.groupby(["team", "quarter"])["outcome_change"].nunique().eq(1).all()
    assert (
        df.groupby(["team", "quarter"])["kr_type"].apply(lambda s: (s == "outcome").any())
    ).all()
    assert df["quarter"].str.fullmatch(r"\d{4}-Q[1-4]").all()


@pytest.mark.parametrize(
    "name, match",
    [
        (
            "nope",
            r"no CSV dataset named 'nope'; available: marketing_weekly, okr_checkins, okr_quarters",
        ),
        ("kpis.yaml", "load YAML definitions with okrlab.load_kpis"),
        (3, "name must be a dataset name"),
    ],
)
def test_load_dataset_unknown(name, match):
    with pytest.raises(ParameterError, match=match):
        load_dataset(name)


def test_data_dictionary_documents_every_column():
    readme = (ROOT / "datasets" / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", readme, flags=re.M))
    assert set(MARKETING_COLUMNS) <= documented
    assert set(OKR_COLUMNS) <= documented
    assert "simulated" in readme.lower()
    for date in MARKETING_EVENTS.values():
        assert date in readme


# -- truths built in (effects, checked loosely; see datasets/README.md) -------------
def test_goodhart_episode_in_marketing_weekly():
    df = load_dataset("marketing_weekly")
    target = pd.Timestamp(MARKETING_EVENTS["cpl_target"])
    before = df[(df.week < target) & (df.week >= target - pd.Timedelta(weeks=26))]
    after = df.tail(26)
    assert after.cpl.mean() < before.cpl.mean()
    assert after.lead_quality.mean() < before.lead_quality.mean()
    assert after.cost_per_qualified_lead.mean() > before.cost_per_qualified_lead.mean()
    assert after.spend.mean() > before.spend.mean()
    assert after.revenue.mean() < before.revenue.mean()


def test_demo_requests_lead_revenue_in_weekly_changes():
    df = load_dataset("marketing_weekly")
    d = df[["demo_requests", "revenue"]].diff()
    corr = {lag: d["demo_requests"].shift(lag).corr(d["revenue"]) for lag in range(0, 11)}
    best = max(corr, key=corr.get)
    assert 4 <= best <= 6, corr


def test_email_open_rate_link_breaks_at_platform_change():
    df = load_dataset("marketing_weekly")
    change = pd.Timestamp(MARKETING_EVENTS["platform_change"])
    pre, post = df[df.week < change], df[df.week >= change]
    r_pre = pre.email_open_rate.diff().corr(pre.revenue.diff())
    r_post = post.email_open_rate.diff().corr(post.revenue.diff())
    assert r_pre > r_post
    assert post.email_open_rate.mean() > pre.email_open_rate.mean()
