"""`okrlab audit`: JSON shape, exit codes, one-line errors, safe file handling."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from okrlab.cli import main


@pytest.fixture
def csv(tmp_path):
    rng = np.random.default_rng(0)
    n = 120
    demo = rng.standard_normal(n)
    df = pd.DataFrame(
        {
            "week": pd.date_range("2022-01-03", periods=n, freq="W-MON").strftime("%Y-%m-%d"),
            "demo_requests": 50 + np.cumsum(demo),
            "followers": np.cumsum(rng.normal(1, 1, n)),
            "revenue": 1000 + np.cumsum(np.r_[0, 0, demo[:-2]] + rng.normal(0, 0.5, n)),
        }
    )
    path = tmp_path / "metrics.csv"
    df.to_csv(path, index=False)
    return path


def run(args, capsys):
    code = main(["audit", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_single_kpi_shape(csv, capsys):
    code, out, err = run(
        [
            csv,
            "--kpi",
            "demo_requests",
            "--outcome",
            "revenue",
            "--format",
            "json",
            "--n-boot",
            "299",
        ],
        capsys,
    )
    assert code == 0 and err == ""
    d = json.loads(out)
    for key in (
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
    ):
        assert key in d
    assert d["kpi"] == "demo_requests" and d["best_lag"] == 2 and d["verdict"] == "predictive"
    assert d["lead"] == "kpi_leads" and d["direction"] is None
    assert set(d["incremental"]) >= {"p"} and d["adjusted_for"]["kpis"] == 1
    lo, hi, p = d["changes"]["ci_low"], d["changes"]["ci_high"], d["changes"]["p"]
    assert (lo > 0 or hi < 0) == (p < 0.05)
    assert set(d["changes"]) >= {"r", "ci_low", "ci_high", "p"} and "r" in d["levels"]
    assert all(set(x) >= {"lag", "r"} for x in d["lags"])
    assert d["break"] is None or set(d["break"]) >= {"date", "r_before", "r_after", "p"}


def test_json_several_kpis_and_seed_reproducible(csv, capsys):
    args = [
        csv,
        "--kpi",
        "demo_requests",
        "--kpi",
        "followers",
        "--outcome",
        "revenue",
        "--format",
        "json",
        "--n-boot",
        "199",
        "--seed",
        "5",
    ]
    code, out, _ = run(args, capsys)
    d = json.loads(out)
    assert code == 0 and d["outcome"] == "revenue"
    assert [r["kpi"] for r in d["results"]] == ["demo_requests", "followers"]
    assert run(args, capsys)[1] == out


def test_text_report_and_plot(csv, tmp_path, capsys):
    png = tmp_path / "audit.png"
    code, out, _ = run(
        [
            csv,
            "--kpi",
            "followers",
            "--outcome",
            "revenue",
            "--direction",
            "higher",
            "--plot",
            png,
            "--n-boot",
            "199",
        ],
        capsys,
    )
    assert code == 0 and "KPI audit: followers -> revenue" in out and png.stat().st_size > 1000


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--kpi", "nope", "--outcome", "revenue"], "no column 'nope'"),
        (["--kpi", "demo_requests", "--outcome", "revenue", "--max-lag", "99"], "--max-lag 99"),
        (
            ["--kpi", "demo_requests", "--outcome", "revenue", "--plot", "{csv}"],
            ".png, .svg or .pdf",
        ),
        (["--kpi", "demo_requests", "--outcome", "revenue", "--plot", "out.txt"], ".png"),
    ],
)
def test_input_errors_exit_2_with_one_line(csv, capsys, extra, message):
    extra = [str(csv) if e == "{csv}" else e for e in extra]
    before = csv.read_bytes()
    code, out, err = run([csv, *extra], capsys)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert csv.read_bytes() == before


def test_missing_file_and_bad_csv(tmp_path, capsys):
    code, _, err = run([tmp_path / "none.csv", "--kpi", "a", "--outcome", "b"], capsys)
    assert code == 2 and "no such" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("week,cpl,revenue\n2024-01-01,$1,200,5\n", encoding="utf-8")
    code, _, err = run([bad, "--kpi", "cpl", "--outcome", "revenue"], capsys)
    assert code == 2 and err.startswith("okrlab audit: error:")


def test_non_numeric_error_names_csv_line(tmp_path, capsys):
    df = pd.DataFrame(
        {
            "week": pd.date_range("2022-01-03", periods=60, freq="W-MON"),
            "cpl": np.arange(60.0),
            "revenue": np.arange(60.0) ** 1.2,
        }
    )
    df["cpl"] = df["cpl"].astype(object)
    df.loc[4, "cpl"] = "$1,200"
    path = tmp_path / "m.csv"
    df.to_csv(path, index=False)
    code, _, err = run([path, "--kpi", "cpl", "--outcome", "revenue"], capsys)
    assert code == 2 and "(lines 6), e.g. '$1,200'" in err


def test_usage_error_exit_2(csv, capsys):
    code, _, err = run([csv, "--outcome", "revenue"], capsys)
    assert code == 2 and "--kpi" in err


def test_directions_per_kpi_and_adjustment_note(csv, capsys):
    base = [csv, "--outcome", "revenue", "--n-boot", "199"]
    code, out, err = run(
        [*base, "--kpi", "demo_requests:higher", "--kpi", "followers:lower", "--format", "json"],
        capsys,
    )
    d = json.loads(out)
    assert (
        code == 0 and d["adjusted_across_kpis"] == 2 and "adjusted across the 2 KPIs" in d["note"]
    )
    assert [r["direction"] for r in d["results"]] == ["higher", "lower"]
    code, out, _ = run([*base, "--kpi", "demo_requests", "--kpi", "followers"], capsys)
    assert code == 0 and out.startswith("Note: p-values and intervals are adjusted across the 2")
    code, out, err = run(
        [*base, "--kpi", "demo_requests", "--kpi", "followers", "--direction", "lower"], capsys
    )
    assert code == 2 and "--kpi cpl:lower --kpi demo_requests:higher" in err


def test_catalog_gives_directions(csv, tmp_path, capsys):
    cat = tmp_path / "kpis.yaml"
    cat.write_text(
        "kpis:\n  - name: followers\n    direction: lower\n"
        "  - name: demo_requests\n    direction: higher\n",
        encoding="utf-8",
    )
    code, out, err = run(
        [csv, "--kpis", cat, "--outcome", "revenue", "--format", "json", "--n-boot", "199"], capsys
    )
    assert code == 0, err
    d = json.loads(out)
    assert {r["kpi"]: r["direction"] for r in d["results"]} == {
        "followers": "lower",
        "demo_requests": "higher",
    }


def test_annual_csv_and_bad_dates_exit_2(tmp_path, capsys):
    rng = np.random.default_rng(1)
    dx = rng.standard_normal(54)
    df = pd.DataFrame(
        {
            "year": np.arange(1907, 1961),
            "advertising": np.cumsum(dx),
            "sales": np.cumsum(dx + rng.standard_normal(54)),
        }
    )
    path = tmp_path / "pinkham.csv"
    df.to_csv(path, index=False)
    args = [path, "--kpi", "advertising", "--outcome", "sales", "--n-boot", "199"]
    code, out, _ = run([*args, "--freq", "Y", "--format", "json"], capsys)
    d = json.loads(out)
    assert code == 0 and d["freq"] == "Y" and d["n"] == 54 and d["start"] == "1907-01-01"
    assert not any("resampled" in n for n in d["notes"])
    df.assign(year=np.arange(44197, 44197 + 54)).to_csv(path, index=False)
    code, out, err = run(args, capsys)
    assert code == 2 and "Excel serial" in err and "'year'" in err


def test_subprocess_entry_point(csv, tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "okrlab.cli",
            "audit",
            str(csv),
            "--kpi",
            "demo_requests",
            "--outcome",
            "revenue",
            "--format",
            "json",
            "--n-boot",
            "199",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["kpi"] == "demo_requests"
    assert list(tmp_path.iterdir()) == [csv]  # wrote nothing


def test_non_numeric_cell_names_the_file_and_line_without_pandas_advice(tmp_path, capsys):
    # regression (H9 05:59): the CLI message had no file name and offered a pandas snippet
    weeks = pd.date_range("2023-01-02", periods=60, freq="W-MON")
    rows = [f"{d.date()},{100 + i % 7},{1000 + 3 * i + np.sin(i):.2f}" for i, d in enumerate(weeks)]
    rows[5] = rows[5].rsplit(",", 1)[0] + ",12 USD"
    path = tmp_path / "dash.csv"
    path.write_text("week,cpl,revenue\n" + "\n".join(rows) + "\n")
    code = main(["audit", str(path), "--kpi", "cpl:lower", "--outcome", "revenue"])
    err = capsys.readouterr().err
    assert code == 2 and f"{path}: column 'revenue'" in err and "(lines 7)" in err
    assert "leave a cell empty" in err and "df[" not in err
