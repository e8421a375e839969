"""Every notebook in JupyterLab, in a real browser: it opens, its saved widgets
render from the notebook file, and "Run All" finishes with no error output.

Runs on a copy of notebooks/ (JupyterLab autosaves; the committed files stay
untouched). Screenshots: build/browser/lab_*.png. Deselect with ``-m "not browser"``.
"""

import shutil

import pytest
from _browser import CHROMIUM, CHROMIUM_ARGS, ROOT, require_browser, screenshot, serve_lab

require_browser()
pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TIMEOUT = 120_000

# Read the open notebook through JupyterLab's own model (cells outside the
# viewport are not in the DOM, so the page text is not enough).
STATE_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets.filter((c) => c.model.type === "code");
  const problems = [];
  let unrun = 0;
  cells.forEach((cell, i) => {
    if (cell.model.sharedModel.execution_count == null) unrun += 1;
    for (const out of cell.model.outputs.toJSON()) {
      if (out.output_type === "error") problems.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
      if (out.output_type === "stream" && out.name === "stderr")
        problems.push(`cell ${i} stderr: ${String(out.text).slice(0, 300)}`);
    }
  });
  return {n: cells.length, unrun, problems,
          status: panel.sessionContext.session?.kernel?.status ?? "none"};
}"""


def _control_notebook(path):
    """A notebook whose stored output has unescaped dollars (the bug the check looks for)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("table", execution_count=1)
    html = "<table><tr><td>Reduce cost per lead from $100 to $80</td></tr></table>"
    cell.outputs = [
        nbformat.v4.new_output("execute_result", {"text/html": html}, execution_count=1)
    ]
    nb.cells = [cell]
    nbformat.write(nb, path)


# Only the notebook on show: JupyterLab restores other tabs from its workspace.
MATHS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea mjx-container"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    tmp = tmp_path_factory.mktemp("lab")
    copy = tmp / "notebooks"
    shutil.copytree(ROOT / "notebooks", copy, ignore=shutil.ignore_patterns("_*", ".*"))
    _control_notebook(copy / "zz_control.ipynb")
    shutil.copytree(ROOT / "datasets", tmp / "datasets")  # notebooks read ../datasets/...
    with serve_lab(tmp, copy) as (base, token), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser, base, token
        browser.close()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_all_in_jupyterlab(lab, name):
    browser, base, token = lab
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    try:
        page.goto(f"{base}/lab/tree/{name}?reset&token={token}", wait_until="domcontentloaded",
                  timeout=TIMEOUT)  # fmt: skip
        page.wait_for_function(
            "() => window.jupyterapp?.shell.currentWidget?.content?.widgets?.length > 0",
            timeout=TIMEOUT,
        )
        page.wait_for_function(
            "() => window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel"
            "?.status === 'idle'",
            timeout=TIMEOUT,
        )
        page.wait_for_timeout(1000)  # saved widget state is restored once the kernel is up
        panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        assert panel.locator("text=/^(VBox|HBox)\\(children=/").count() == 0, (
            f"{name}: a widget shows its text repr instead of rendering"
        )
        # Start Run All without awaiting its promise (page.evaluate has no timeout).
        page.evaluate(
            "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); return 1; }"
        )
        page.wait_for_function(
            f"() => {{ const s = ({STATE_JS})(); return s.unrun === 0 && s.status === 'idle'; }}",
            timeout=TIMEOUT,
        )
        state = page.evaluate(STATE_JS)
        screenshot(page, f"lab_{name.removesuffix('.ipynb')}")
        assert state["n"] > 0
        assert state["problems"] == [], f"{name}: " + "\n".join(state["problems"])
        # "$100 to $80" in an output must stay text, not be typeset as maths by MathJax
        maths = page.locator(MATHS)
        assert maths.count() == 0, f"{name}: an output was typeset as maths"
    finally:
        page.close()


def test_the_maths_check_sees_unescaped_dollars(lab):
    """Control: the check above does fire on an output with raw dollar signs."""
    browser, base, token = lab
    page = browser.new_page()
    try:
        page.goto(f"{base}/lab/tree/zz_control.ipynb?reset&token={token}", timeout=TIMEOUT)
        page.locator(MATHS).first.wait_for(timeout=TIMEOUT)
        assert page.locator(MATHS).count() >= 1
    finally:
        page.close()
