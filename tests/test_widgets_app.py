"""The workshop app's tabs without a browser: the plain functions behind them and
the widget wiring (the browser tests check the same flows in chromium)."""

import datetime

import ipywidgets as widgets
import pytest

import okrlab
from okrlab._app_server import ALLOWED_MESSAGE_TYPES, voila_argv, voila_env
from okrlab.app import (
    MAX_UPLOAD_BYTES,
    audit_summary_html,
    audit_upload,
    kr_builder,
    kr_preview,
    read_upload,
    workshop_app,
)

STAMP = datetime.datetime(2026, 1, 5, tzinfo=datetime.timezone.utc)


@pytest.fixture(scope="module")
def weekly():
    return okrlab.load_dataset("marketing_weekly")


def test_kr_preview_matches_the_key_result_it_describes(weekly):
    series = weekly.set_index("week")["cpl"]
    cpl = okrlab.KPI(name="cpl", direction="lower", unit="USD")
    p = kr_preview(cpl, series, start="2024-12-02", lift=0.2, weeks=4)
    before = series.loc[:"2024-11-25"]
    kr = okrlab.KeyResult.from_kpi(cpl, before, lift=0.2)
    assert p["baseline"] == kr.baseline and p["target"] == pytest.approx(kr.target)
    assert p["target"] < p["baseline"]  # lower is better
    assert p["as_of"] == "2024-12-23" and p["current"] == series.loc["2024-12-23"]
    small = kr_preview(cpl, series, start="2024-12-02", lift=0.02, weeks=4)
    assert small["ambition"] < p["ambition"] and small["ambition_label"] == "not a stretch"


def test_kr_preview_refuses_bad_settings(weekly):
    series = weekly.set_index("week")["cpl"]
    cpl = okrlab.KPI(name="cpl", direction="lower")
    with pytest.raises(okrlab.ParameterError, match="weeks must be between 1 and 13"):
        kr_preview(cpl, series, start="2024-12-02", lift=0.2, weeks=14)
    with pytest.raises(okrlab.DataError, match="need at least 5 weeks before 2023-01-09"):
        kr_preview(cpl, series, start="2023-01-09", lift=0.2, weeks=4)


def test_kr_builder_recomputes_on_every_control(weekly):
    app = kr_builder(draw=False)
    assert set(app.controls) == {"kpi", "start", "lift", "weeks"}
    assert isinstance(app.controls["lift"], widgets.FloatSlider)
    first = app.table.value
    app.controls["weeks"].value = 2
    assert app.preview["as_of"] == "2024-12-09" and app.table.value != first
    app.controls["kpi"].value = "lead_quality"
    assert app.preview["target"] > app.preview["baseline"]  # higher is better
    assert "share" in app.table.value


def test_read_upload_reads_and_explains(weekly):
    data = read_upload(weekly.to_csv(index=False).encode(), name="m.csv")
    assert data.shape == weekly.shape
    semi = read_upload(b"week;cpl;revenue\n2025-01-06;100;5000\n")
    assert list(semi.columns) == ["week", "cpl", "revenue"]
    for content, msg in [
        (b"", "m.csv is empty"),
        (b"x" * (MAX_UPLOAD_BYTES + 1), "the app takes up to 2 MB"),
        (b"PK\x03\x04\x00\x00", "not a text CSV"),
        (b"only\n1\n2\n", "one column only"),
    ]:
        with pytest.raises(okrlab.DataError, match=msg):
            read_upload(content, name="m.csv")


def test_audit_upload_flow_and_errors(weekly):
    app = audit_upload(draw=False)
    assert app.run.disabled
    csv = weekly.to_csv(index=False).encode()
    app.upload.value = ({"name": "mine.csv", "type": "text/csv", "size": len(csv),
                         "content": memoryview(csv), "last_modified": STAMP},)  # fmt: skip
    assert not app.run.disabled and app.controls["date"].value == "week"
    assert app.controls["outcome"].value == "revenue"
    app.controls["kpi"].value = "demo_requests"
    app.run.click()
    assert app.result.verdict == "predictive"
    assert "predictive" in app.result_html.value and "demo_requests" in app.result_html.value
    app.controls["kpi"].value = "revenue"  # KPI == outcome: an okrlab error, shown in red
    app.run.click()
    assert app.result is None and "okrlab-error" in app.result_html.value
    bad = b"a\n1\n"
    app.upload.value = ({"name": "bad.csv", "type": "text/csv", "size": 4,
                         "content": memoryview(bad), "last_modified": STAMP},)  # fmt: skip
    assert app.run.disabled and app.data is None


def test_audit_summary_escapes_dollars(weekly):
    res = okrlab.audit(weekly, kpi="cpl", outcome="revenue", date="week", seed=0)
    html = audit_summary_html(res)
    assert "verdict" in html
    assert html.count("$") == html.count("<span>$</span>")  # each $ alone in its element


def test_workshop_app_has_four_tabs():
    app = workshop_app(n_runs=3, draw=False)
    assert list(app.tabs) == ["sandbox", "lint", "kr", "audit"]
    assert len(app.tab.children) == 4 and "Audit your CSV" in app.tab.titles


def test_server_settings_are_room_safe():
    argv = voila_argv(host="0.0.0.0", port=9001)
    assert "--strip_sources=True" in argv and "--Voila.ip=0.0.0.0" in argv
    assert "execute_request" not in ALLOWED_MESSAGE_TYPES
    allowed = next(a for a in argv if a.startswith("--MappingKernelManager.allowed_message"))
    assert "comm_msg" in allowed and "execute" not in allowed
    env = voila_env({"JUPYTER_PATH": "/x"})
    assert env["JUPYTER_PATH"].endswith("/x") and "app/share" in env["JUPYTER_PATH"]
