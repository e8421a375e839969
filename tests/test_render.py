"""Tests of the one renderer (okrlab._render): text, HTML and dict from tables + notes."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd

from okrlab._render import PALETTE, Summary, Table, escape, format_value, json_safe


def test_escape_writes_dollars_as_entities():
    out = escape("Reduce cost per lead from $100 to $80 <b>")
    assert out == "Reduce cost per lead from &#36;100 to &#36;80 &lt;b&gt;"


def test_json_safe_converts_numpy_missing_and_dates():
    raw = {
        "f": np.float32(0.5), "i": np.int64(2), "b": np.bool_(True), "nan": np.nan,
        "inf": float("inf"), "na": pd.NA, "nat": pd.NaT, "d": dt.date(2026, 1, 5),
        "ts": pd.Timestamp("2026-01-05"), "arr": np.array([1, 2]), "t": (1, "x"),
        "df": pd.DataFrame({"a": [1.0, np.nan]}),
    }  # fmt: skip
    out = json_safe(raw)
    json.dumps(out, allow_nan=False)
    assert out["f"] == 0.5 and out["i"] == 2 and out["b"] is True
    assert out["nan"] is None and out["inf"] is None and out["na"] is None and out["nat"] is None
    assert out["d"] == "2026-01-05" and out["ts"].startswith("2026-01-05")
    assert out["arr"] == [1, 2] and out["t"] == [1, "x"] and out["df"] == [{"a": 1.0}, {"a": None}]


def test_format_value_by_magnitude():
    assert format_value(812345.6, 0) == "812,346"
    assert format_value(None) == format_value(np.nan) == format_value(pd.NA) == "n/a"
    assert format_value(np.True_) == "yes"
    assert format_value(pd.Timestamp("2026-01-05")) == "2026-01-05"


def test_table_text_aligns_numbers_and_chooses_decimals_per_column():
    t = Table(["kpi", "revenue", "r"], [("cpl", 812000.0, 0.41), ("ctr", 5000.0, -0.2)])
    lines = t.as_text().splitlines()
    assert lines[0] == "kpi  revenue       r"
    assert lines[2] == "cpl  812,000   0.410"
    assert lines[3] == "ctr    5,000  -0.200"


def test_table_truncates_display_but_not_the_dict():
    t = Table(["n"], [(i,) for i in range(50)], max_rows=5)
    assert "... 45 more rows" in t.as_text() and "45 more rows" in t.as_html()
    assert len(t.as_dict()["rows"]) == 50 and len(t.to_frame()) == 50


def test_status_cells_coloured_and_levels_nested_in_html():
    t = Table(["item", "grade"], [("Objective", "green"), ("KR", "red")], status="grade",
              levels=[0, 1])  # fmt: skip
    html = t.as_html()
    assert f"color:{PALETTE['green']}" in html and f"color:{PALETTE['red']}" in html
    assert "font-weight:bold" in html and "padding-left:24px" in html
    assert t.as_text().splitlines()[-1].startswith("  KR")


def test_summary_text_html_dict():
    s = Summary("Audit of cpl", [Table.from_pairs({"verdict": "decoupled"}, title="Result")],
                notes=["Cost went from $100 to $80 " * 5])  # fmt: skip
    text = s.as_text()
    assert text.startswith("Audit of cpl\n============\nResult\nverdict  decoupled")
    assert all(len(line) <= 88 for line in text.splitlines())
    assert "$" not in s.as_html()
    assert s.as_html().startswith("<div class='okrlab-result tex2jax_ignore mathjax_ignore'")
    d = s.as_dict()
    assert d["tables"][0] == {"title": "Result", "columns": ["field", "value"],
                              "rows": [["verdict", "decoupled"]]}  # fmt: skip
    json.dumps(d, allow_nan=False)
