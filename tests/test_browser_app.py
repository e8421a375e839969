"""The workshop app in a real browser: Voila started as ``make app`` starts it,
Debian's chromium driven by playwright. Screenshots: build/browser/app_*.png.

Deselect with ``-m "not browser"``; skipped with a message where chromium is missing.
"""

import json
import re
import time
import uuid

import pytest
from _browser import CHROMIUM, CHROMIUM_ARGS, require_browser, screenshot, serve_app

require_browser()
pytestmark = pytest.mark.browser

TIMEOUT = 60_000  # ms; a cold kernel imports pandas, scipy and matplotlib


@pytest.fixture(scope="module")
def app_page(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    tmp = tmp_path_factory.mktemp("app")
    with serve_app(tmp) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        foreign = []
        local = (url, "blob:" + url, "data:")  # blob: and data: URLs are the page's own images
        page.on("request", lambda r: None if r.url.startswith(local) else foreign.append(r.url))
        page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT)
        page.wait_for_selector("text=before target", timeout=TIMEOUT)
        page.foreign_requests, page.app_url = foreign, url
        yield page
        browser.close()


def _tab(page, title):
    page.locator(".lm-TabBar-tab", has_text=title).click()
    panel = page.locator(".widget-tab-contents > .lm-Widget:not(.lm-mod-hidden)")
    return panel


def _wait_text(locator, ok, timeout=30.0):
    """Poll ``locator``'s text until ``ok(text)``; return it (the kernel answers asynchronously)."""
    deadline, now = time.time() + timeout, ""
    while time.time() < deadline:
        now = locator.inner_text()
        if ok(now):
            return now
        time.sleep(0.1)
    raise AssertionError(f"not reached within {timeout} s; text is now {now[:300]!r}")


def _upload(page, panel, path):
    with page.expect_file_chooser() as chooser:
        panel.locator(".widget-upload").click()  # ipywidgets makes the <input> on click
    chooser.value.set_files(str(path))


def test_app_loads_without_code_and_offline(app_page):
    page = app_page
    shot = screenshot(page, "app_1_loaded")
    assert shot.stat().st_size > 10_000
    text = page.inner_text("body")
    for tab in ("Goodhart sandbox", "Lint your OKRs", "KPI → key result", "Audit your CSV"):
        assert tab in text
    assert "workshop_app" not in page.content()  # the code cell is stripped
    assert page.locator(".jp-InputArea, .cm-editor").count() == 0
    assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0
    assert page.foreign_requests == [], f"the page asked other hosts: {page.foreign_requests}"


def test_moving_a_slider_changes_the_sandbox_table(app_page):
    panel = _tab(app_page, "Goodhart sandbox")
    table = panel.locator("table").first
    before = table.inner_text()
    handle = panel.locator(".widget-slider .noUi-handle").first  # pressure
    handle.focus()
    for _ in range(4):
        handle.press("ArrowRight")  # 0.60 -> 0.80 in steps of 0.05
    _wait_text(panel.locator(".widget-readout").first, lambda t: t == "0.80")
    after = _wait_text(table, lambda t: t != before and "lead_quality" in t)
    assert after != before
    screenshot(app_page, "app_2_sandbox_pressure_0.80")


def test_typing_a_draft_changes_the_findings(app_page):
    panel = _tab(app_page, "Lint your OKRs")
    report = panel.locator(".widget-html-content").first
    assert "activity-not-outcome" in report.inner_text()
    before = report.inner_text()
    panel.locator("textarea").fill(
        "Objective: Make onboarding fast for new customers\nPeriod: 2026-Q1\n"
        "- Reduce time-to-first-value from 10 days to 5 days\n"
        "- Increase week-4 retention from 70% to 80%\n"
    )
    after = _wait_text(report, lambda t: t != before and "activity-not-outcome" not in t)
    assert "Make onboarding fast" in after
    screenshot(app_page, "app_3_lint_clean_draft")


def test_kpi_to_key_result_reacts_to_the_target(app_page):
    panel = _tab(app_page, "KPI → key result")
    table = panel.locator("table").first
    before = table.inner_text()
    assert "stretch" in before and "target (USD)" in before
    handle = panel.locator(".widget-slider .noUi-handle").nth(1)  # improvement asked
    handle.focus()
    for _ in range(15):
        handle.press("ArrowLeft")  # 20 % -> 5 %: inside normal weekly noise
    _wait_text(table, lambda t: "not a stretch" in t)
    screenshot(app_page, "app_4_key_result_5pct")


def test_uploading_a_csv_yields_a_verdict(app_page, tmp_path):
    import okrlab

    csv = tmp_path / "my_metrics.csv"
    okrlab.load_dataset("marketing_weekly").to_csv(csv, index=False)
    panel = _tab(app_page, "Audit your CSV")
    _upload(app_page, panel, csv)
    panel.locator("text=my_metrics.csv: 156 rows").wait_for(timeout=TIMEOUT)
    kpi = panel.locator("select").nth(1)
    kpi.select_option("demo_requests")
    panel.get_by_role("button", name="Run the audit").click()
    verdict = panel.locator(".okrlab-verdict")
    verdict.wait_for(timeout=TIMEOUT)
    assert verdict.inner_text() == "verdict: predictive"
    assert "demo_requests" in panel.locator(".okrlab-explanation").inner_text()
    figure = panel.locator("img").first
    figure.wait_for(timeout=TIMEOUT)
    app_page.wait_for_function("(img) => img.naturalWidth > 500", arg=figure.element_handle())
    screenshot(app_page, "app_5_audit_upload")


def test_a_broken_csv_gets_one_red_sentence(app_page, tmp_path):
    bad = tmp_path / "broken.csv"
    bad.write_bytes(b"just one column\n1\n2\n")
    panel = _tab(app_page, "Audit your CSV")
    _upload(app_page, panel, bad)
    error = panel.locator(".okrlab-error")
    error.wait_for(timeout=TIMEOUT)
    assert "broken.csv:1: found one column only" in error.inner_text()
    assert "Traceback" not in panel.inner_text()
    screenshot(app_page, "app_6_broken_csv")


def test_kernel_refuses_code_sent_by_hand(app_page, tmp_path):
    """A participant who writes kernel messages in the developer tools cannot run code:
    the server drops execute_request; widget-style messages still get answers."""
    import websocket  # websocket-client, a jupyter_server dependency

    kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', app_page.content()).group(1)
    ws_url = app_page.app_url.replace("http", "ws") + f"api/kernels/{kernel_id}/channels"
    ws = websocket.create_connection(ws_url, timeout=15)
    marker = tmp_path / "ran"

    def send(msg_type, content):
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "username": "x", "session": "s",
                  "date": "", "version": "5.3"}  # fmt: skip
        ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {},
                            "content": content, "channel": "shell", "buffers": []}))  # fmt: skip
        return msg_id

    def replies(msg_id, seconds):
        out, deadline = [], time.time() + seconds
        ws.settimeout(0.5)
        while time.time() < deadline:
            try:
                msg = json.loads(ws.recv())
            except (websocket.WebSocketTimeoutException, ValueError, TypeError):
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                out.append(msg["header"]["msg_type"])
        return out

    try:
        info = send("kernel_info_request", {})
        assert "kernel_info_reply" in replies(info, 10)  # the channel works...
        code = f"open({str(marker)!r}, 'w').write('x')"
        run = send("execute_request", {"code": code, "silent": False, "store_history": False,
                                       "user_expressions": {}, "allow_stdin": False})  # fmt: skip
        assert replies(run, 4) == []  # ...but code is dropped by the server
    finally:
        ws.close()
    assert not marker.exists()
