"""The no-code workshop app: four tabs of explicit widgets, served by Voila.

``make app`` serves ``app/okrlab_app.ipynb`` (one code cell that calls
:func:`workshop_app`) with Voila, which shows the widgets and never the code.
Every tab is built from explicit widgets wired with ``.observe`` or a button
(never ``@interact``, which hung under Voila), and each one's computation is a
plain function tested without a browser:

- **Goodhart sandbox**: :func:`okrlab.widgets.goodhart_sandbox`;
- **Lint your OKRs**: :func:`okrlab.widgets.lint_as_you_type`;
- **KPI → key result**: :func:`kr_builder` (logic: :func:`kr_preview`);
- **Audit your CSV**: :func:`audit_upload` (logic: :func:`read_upload` and
  :func:`audit_summary_html`).
"""

from __future__ import annotations

import html
import io

from .errors import DataError, OkrlabError

__all__ = [
    "kr_preview",
    "kr_builder",
    "read_upload",
    "audit_summary_html",
    "audit_upload",
    "workshop_app",
    "MAX_UPLOAD_BYTES",
]

#: Largest CSV the audit tab accepts (a weekly export of ten years is ~100 kB).
MAX_UPLOAD_BYTES = 2_000_000

_LOWER_IS_BETTER = ("cpl", "cac", "cost_per_qualified_lead", "cost_per_opportunity", "spend")
_NOT_KPIS = ("week", "cpl_target_active")

_SAMPLE_DRAFT = """Objective: Improve our marketing
Period: 2026-Q1
- Launch the new pricing page
- Reduce cost per lead from $100 to $80
- Get 10,000 social followers
"""


def _usd(text: str) -> str:
    """Keep ``$`` from being typeset as maths by JupyterLab's MathJax.

    ``&#36;`` is not enough (MathJax reads the decoded text); a ``$`` alone in
    its own element is not paired with another one (checked in chromium).
    """
    return text.replace("$", "<span>$</span>")


def _table(rows) -> str:
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(str(k))}</th>"
        f"<td style='text-align:right'>{_usd(html.escape(str(v)))}</td></tr>"
        for k, v in rows
    )
    return f"<table class='okrlab-table'>{cells}</table>"


def _error_html(message: str) -> str:
    return (
        "<div class='okrlab-error' style='color:#b71c1c;border-left:4px solid #b71c1c;"
        f"padding:4px 8px'>{_usd(html.escape(message))}</div>"
    )


def _png(fig, dpi: int = 72) -> bytes:
    """The figure as PNG bytes; the figure is closed."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


# == KPI -> key result ========================================================


def _sample_kpis(data):
    """KPI definitions for every numeric metric column of the sample history."""
    from . import KPI, dataset_path, load_kpis

    catalog = load_kpis(dataset_path("kpis.yaml"))
    known = {k.name: k for k in catalog}
    out = {}
    for col in data.columns:
        if col in _NOT_KPIS or not str(data[col].dtype).startswith(("float", "int")):
            continue
        direction = "lower" if col in _LOWER_IS_BETTER else "higher"
        out[col] = known.get(col) or KPI(name=col, direction=direction)
    return out


def kr_preview(kpi, history, *, start, lift: float, weeks: int) -> dict:
    """Turn a KPI's weekly history into a key result and grade it ``weeks`` in.

    The history up to ``start`` sets the baseline (see
    :meth:`okrlab.KeyResult.from_kpi`); the ``weeks`` values after ``start``
    are the check-ins, and the key result is assessed at the last of them.

    Parameters
    ----------
    kpi : okrlab.KPI
        Supplies the name, unit and which direction is better.
    history : pandas.Series
        Weekly values indexed by date (at least 5 weeks before ``start``).
    start : str or date
        The Monday the quarter starts; the baseline uses the weeks up to it.
    lift : float
        Relative improvement asked for, in the KPI's good direction (0.2 = 20 %).
    weeks : int
        Weeks of the quarter already played (1-13).

    Returns
    -------
    dict
        ``key_result`` (its description), ``baseline``, ``target``,
        ``ambition`` (standard deviations of normal weekly change),
        ``ambition_label``, ``as_of`` (date of the last check-in), ``current``,
        ``score`` (0-1), ``grade``, ``expected`` (score expected by now),
        ``pace_status``, ``forecast`` (value at the due date) and
        ``forecast_score``.

    Examples
    --------
    >>> import okrlab
    >>> weekly = okrlab.load_dataset("marketing_weekly").set_index("week")
    >>> cpl = okrlab.KPI(name="cpl", direction="lower", unit="USD")
    >>> row = kr_preview(cpl, weekly["cpl"], start="2024-12-02", lift=0.2, weeks=4)
    >>> row["ambition_label"], row["grade"]
    ('stretch', 'green')
    """
    import pandas as pd

    from . import KeyResult
    from .errors import ParameterError

    if not 1 <= int(weeks) <= 13:
        raise ParameterError(f"weeks must be between 1 and 13, got {weeks!r}")
    series = pd.Series(history).dropna()
    start = pd.Timestamp(start)
    before = series.loc[series.index < start]
    after = series.loc[series.index >= start].iloc[: int(weeks)]
    if len(before) < 5 or after.empty:
        raise DataError(
            f"{kpi.name}: need at least 5 weeks before {start.date()} and 1 after it; "
            f"got {len(before)} and {len(after)}. Pick a later or earlier start."
        )
    kr = KeyResult.from_kpi(kpi, before, lift=lift).with_checkins(after)
    as_of = after.index[-1]
    row = kr.assess(at=as_of)
    return {
        "key_result": kr.description,
        "baseline": kr.baseline,
        "target": kr.target,
        "ambition": kr.ambition,
        "ambition_label": kr.ambition_label,
        "as_of": as_of.date().isoformat(),
        "current": row["current"],
        "score": row["score"],
        "grade": row["grade"],
        "expected": row["expected"],
        "pace_status": row["pace_status"],
        "forecast": row["forecast"],
        "forecast_score": row["forecast_score"],
    }


def _kr_html(p: dict, unit: str) -> str:
    def num(x):
        return "–" if x is None else (f"{x:,.3f}" if abs(x) < 10 else f"{x:,.1f}")

    colour = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}.get(p["grade"], "#000")
    rows = [
        ("key result", p["key_result"]),
        (f"baseline ({unit})", num(p["baseline"])),
        (f"target ({unit})", num(p["target"])),
        ("ambition", f"{p['ambition']:.1f} sd of weekly change: {p['ambition_label']}"),
        (f"current, {p['as_of']} ({unit})", num(p["current"])),
        ("score", f"{p['score']:.2f} ({p['grade']})"),
        ("expected by now", f"{p['expected']:.2f}: {p['pace_status']}"),
        (
            f"forecast at due date ({unit})",
            f"{num(p['forecast'])} (score {p['forecast_score']:.2f})",
        ),
    ]
    return (
        _table(rows)
        + f"<div style='height:6px;width:{max(p['score'], 0.01) * 300:.0f}px;"
        + f"background:{colour}'></div>"
    )


def kr_builder(data=None, *, start="2024-12-02", draw: bool = True):
    """Pick a KPI from the sample history, set a target, read ambition, score and pace.

    Controls: a KPI dropdown, the quarter's start week, the improvement asked
    for (in the KPI's good direction) and how many weeks of the quarter have
    been played. Every change recomputes :func:`kr_preview` and the check-in
    chart (:func:`okrlab.plotting.plot_checkins`).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        Weekly history with a ``week`` column; default the sample
        ``marketing_weekly`` data set.
    start : str
        The first quarter start shown (the workshop story's CPL target week).
    draw : bool
        Draw the chart (``False`` keeps only the table; handy in tests).

    Returns
    -------
    ipywidgets.VBox
        The app; ``controls`` maps ``"kpi"``, ``"start"``, ``"lift"``,
        ``"weeks"`` to the widgets, ``table`` is the ``HTML`` summary,
        ``image`` the chart and ``preview`` the latest :func:`kr_preview` dict.

    Examples
    --------
    >>> app = kr_builder(draw=False)
    >>> app.controls["lift"].value = 0.05
    >>> app.preview["ambition_label"]
    'not a stretch'
    """
    import ipywidgets as widgets
    import pandas as pd

    from . import load_dataset

    data = load_dataset("marketing_weekly") if data is None else data
    weekly = data.assign(week=pd.to_datetime(data["week"])).set_index("week")
    kpis = _sample_kpis(weekly)
    mondays = [d.date().isoformat() for d in weekly.index[8:-13]]
    style, layout = {"description_width": "150px"}, widgets.Layout(width="420px")
    controls = {
        "kpi": widgets.Dropdown(options=list(kpis), value="cpl" if "cpl" in kpis else None,
                                description="KPI", style=style, layout=layout),
        "start": widgets.SelectionSlider(options=mondays, value=start if start in mondays else
                                         mondays[len(mondays) // 2], description="quarter starts",
                                         continuous_update=False, style=style, layout=layout),
        "lift": widgets.FloatSlider(value=0.2, min=0.01, max=0.8, step=0.01,
                                    description="improvement asked", readout_format=".0%",
                                    continuous_update=False, style=style, layout=layout),
        "weeks": widgets.IntSlider(value=9, min=1, max=13, description="weeks played",
                                   continuous_update=False, style=style, layout=layout),
    }  # fmt: skip
    table = widgets.HTML()
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="640px", display="none"))
    app = widgets.VBox([widgets.VBox(list(controls.values())), table, image])
    app.controls, app.table, app.image, app.preview = controls, table, image, None

    def update(_change=None):
        kpi = kpis[controls["kpi"].value]
        try:
            p = kr_preview(kpi, weekly[kpi.name], start=controls["start"].value,
                           lift=controls["lift"].value, weeks=controls["weeks"].value)  # fmt: skip
        except OkrlabError as err:
            app.preview, table.value = None, _error_html(str(err))
            return
        app.preview = p
        table.value = _kr_html(p, kpi.unit or "")
        if draw:
            image.value = _kr_png(kpi, weekly[kpi.name], p, controls)
            image.layout.display = None

    for control in controls.values():
        control.observe(update, names="value")
    update()
    return app


def _kr_png(kpi, series, p, controls) -> bytes:
    import matplotlib.pyplot as plt
    import pandas as pd

    from . import KeyResult
    from .plotting import plot_checkins

    start = pd.Timestamp(controls["start"].value)
    before = series.loc[series.index < start]
    after = series.loc[series.index >= start].iloc[: controls["weeks"].value]
    kr = KeyResult.from_kpi(kpi, before, lift=controls["lift"].value).with_checkins(after)
    fig, ax = plt.subplots(figsize=(7, 3), layout="constrained")
    plot_checkins(kr, ax=ax)
    return _png(fig)


# == audit your CSV ============================================================


def read_upload(content: bytes, *, name: str = "upload.csv"):
    """Read an uploaded CSV into a DataFrame, with errors a participant can act on.

    Parameters
    ----------
    content : bytes
        The file's bytes (UTF-8 or Latin-1 text); read by okrlab's CSV intake
        (comma, semicolon or tab separated, decimal commas, a title line).
    name : str
        The file name, quoted in error messages.

    Returns
    -------
    pandas.DataFrame
        The table as read (no columns converted).

    Raises
    ------
    okrlab.DataError
        Empty, too large (over :data:`MAX_UPLOAD_BYTES`), not text, or fewer
        than two columns.

    Examples
    --------
    >>> read_upload(b"week,cpl,revenue\\n2025-01-06,100,5000\\n").shape
    (1, 3)
    """

    if not content:
        raise DataError(f"{name} is empty: choose a CSV file with a header row.")
    if len(content) > MAX_UPLOAD_BYTES:
        raise DataError(
            f"{name} is {len(content) / 1e6:.1f} MB; the app takes up to "
            f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB. Keep one row per week or month."
        )
    if b"\x00" in content[:4096]:
        raise DataError(f"{name} is not a text CSV file (export it as CSV from your sheet).")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    from ._table import read_table_text  # the house CSV intake: delimiter, decimals, dates

    data, _notes = read_table_text(text, name=name)
    if data.shape[1] < 2:
        raise DataError(
            f"{name} has {data.shape[1]} column; the audit needs a date column, "
            "a KPI column and an outcome column."
        )
    return data


def _timing(result) -> str:
    """Who moves first, in words: the audit's ``lead`` and signed ``best_lag``."""
    lag = result.best_lag
    if lag is None:
        return "no link found"
    words = {"kpi_leads": "KPI leads", "coincident": "move together",
             "outcome_leads": "outcome leads"}  # fmt: skip
    lead = getattr(result, "lead", None)  # older results: a lag >= 0 means the KPI leads
    return f"{words.get(lead, 'KPI leads' if lag > 0 else 'move together')} ({lag:+d})"


def audit_summary_html(result) -> str:
    """The verdict, the explanation and the key numbers of an audit, as HTML.

    Parameters
    ----------
    result : okrlab.AuditResult

    Returns
    -------
    str
        HTML with the verdict in bold, the explanation paragraph and a small
        table (periods used, who moves first and the signed lag, correlation of
        changes with its interval, correlation of levels).

    Examples
    --------
    >>> import okrlab
    >>> weekly = okrlab.load_dataset("marketing_weekly")
    >>> res = okrlab.audit(weekly, kpi="demo_requests", outcome="revenue", date="week", seed=0)
    >>> "predictive" in audit_summary_html(res)
    True
    """
    colour = {"predictive": "#2e7d32", "weak": "#f9a825", "coincident": "#1565c0",
              "follows": "#616161"}.get(result.verdict, "#c62828")  # fmt: skip

    def f(x):
        return "–" if x is None or x != x else f"{x:.2f}"

    rows = [
        ("periods used", f"{result.n} ({result.freq})"),
        ("timing (lag in periods)", _timing(result)),
        ("r of changes [95% interval]", f"{f(result.changes_r)} [{f(result.ci_low)}, "
                                        f"{f(result.ci_high)}]"),
        ("r of levels (the naive number)", f(result.levels_r)),
    ]  # fmt: skip
    return (
        f"<div class='okrlab-verdict' style='font-size:1.3em;color:{colour}'>verdict: "
        f"<b>{html.escape(result.verdict)}</b></div>"
        f"<p class='okrlab-explanation'>{_usd(html.escape(result.explanation))}</p>" + _table(rows)
    )


def audit_upload(*, seed: int = 0, draw: bool = True):
    """Upload a CSV, pick the date, KPI and outcome columns, read the audit.

    A "use the sample data" button loads ``marketing_weekly`` so the tab can
    be demonstrated without a file. The audit runs when *Run the audit* is
    pressed (with ``seed`` fixed, the same file always gives the same result).
    Problems (unreadable file, non-numeric column, too few weeks) are shown as
    one red sentence, never as a traceback.

    Parameters
    ----------
    seed : int
        Seed of the audit's bootstrap.
    draw : bool
        Draw the audit figure (``False`` keeps only the text; handy in tests).

    Returns
    -------
    ipywidgets.VBox
        The app; ``upload`` is the ``FileUpload``, ``controls`` maps
        ``"date"``, ``"kpi"``, ``"outcome"``, ``"direction"`` to dropdowns,
        ``run`` and ``sample`` are buttons, ``result_html`` the verdict and
        explanation, ``image`` the figure, ``data`` the table read and
        ``result`` the latest :class:`okrlab.AuditResult`.

    Examples
    --------
    >>> app = audit_upload(draw=False)
    >>> app.sample.click()
    >>> app.controls["kpi"].value = "demo_requests"
    >>> app.run.click()
    >>> app.result.verdict
    'predictive'
    """
    import ipywidgets as widgets

    style, layout = {"description_width": "90px"}, widgets.Layout(width="330px")
    upload = widgets.FileUpload(accept=".csv,text/csv", multiple=False, description="Upload CSV")
    sample = widgets.Button(description="use the sample data", layout=widgets.Layout(width="180px"))
    status = widgets.HTML("Upload a CSV with one row per week or month, or use the sample data.")
    controls = {
        name: widgets.Dropdown(options=[], description=name, style=style, layout=layout)
        for name in ("date", "kpi", "outcome")
    }
    controls["direction"] = widgets.Dropdown(
        options=[("higher is better", "higher"), ("lower is better", "lower"), ("unknown", None)],
        value="higher", description="KPI is", style=style, layout=layout,
    )  # fmt: skip
    run = widgets.Button(description="Run the audit", button_style="primary", disabled=True)
    result_html = widgets.HTML()
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="760px", display="none"))
    app = widgets.VBox(
        [widgets.HBox([upload, sample]), status,
         widgets.HBox([controls["date"], controls["kpi"]]),
         widgets.HBox([controls["outcome"], controls["direction"]]), run, result_html, image]
    )  # fmt: skip
    app.upload, app.sample, app.run, app.controls = upload, sample, run, controls
    app.result_html, app.image, app.data, app.result = result_html, image, None, None

    def use(data, label):
        app.data, app.result, result_html.value, image.value = data, None, "", b""
        image.layout.display = "none"
        cols = [str(c) for c in data.columns]
        dates = [c for c in cols if "date" in c.lower() or c.lower() in ("week", "month", "day")]
        numeric = [str(c) for c in data.select_dtypes("number").columns] or cols
        controls["date"].options = cols
        controls["date"].value = dates[0] if dates else cols[0]
        controls["kpi"].options = controls["outcome"].options = numeric
        controls["outcome"].value = "revenue" if "revenue" in numeric else numeric[-1]
        controls["kpi"].value = numeric[0]
        status.value = _usd(html.escape(f"{label}: {len(data)} rows, columns {', '.join(cols)}"))
        run.disabled = False

    def on_upload(change):
        files = change["new"]
        if not files:
            return
        item = files[0]
        try:
            use(read_upload(bytes(item["content"]), name=item["name"]), item["name"])
        except OkrlabError as err:
            app.data, run.disabled = None, True
            status.value = _error_html(str(err))

    def on_sample(_button):
        from . import load_dataset

        use(load_dataset("marketing_weekly"), "sample data marketing_weekly")

    def on_run(_button):
        from . import audit

        c = {k: w.value for k, w in controls.items()}
        result_html.value, image.value = "<i>auditing…</i>", b""
        image.layout.display = "none"
        try:
            res = audit(app.data, kpi=c["kpi"], outcome=c["outcome"], date=c["date"],
                        direction=c["direction"], seed=seed)  # fmt: skip
        except OkrlabError as err:
            app.result, result_html.value = None, _error_html(str(err))
            return
        app.result, result_html.value = res, audit_summary_html(res)
        if draw:
            plotted = res.plot()  # the result protocol's plot (Figure or Axes)
            image.value = _png(getattr(plotted, "figure", plotted))
            image.layout.display = None

    upload.observe(on_upload, names="value")
    sample.on_click(on_sample)
    run.on_click(on_run)
    return app


# == the whole app ==============================================================

_INTRO = """
<h2 style='margin:0'>okrlab workshop</h2>
<p style='max-width:900px'>Four tools, no code. <b>Goodhart sandbox</b>: push a team to cut
cost per lead and watch what happens to lead quality and revenue. <b>Lint your OKRs</b>: type
a draft and read what to fix. <b>KPI &rarr; key result</b>: turn a KPI's history into a key
result and grade it. <b>Audit your CSV</b>: check whether a KPI still predicts an outcome.</p>
"""


def workshop_app(*, n_runs: int = 30, seed: int = 0, draft: str = _SAMPLE_DRAFT, draw: bool = True):
    """All four workshop tools in tabs: the page ``make app`` serves.

    Parameters
    ----------
    n_runs : int
        Monte Carlo runs per sandbox change (30 keeps a room of 20 responsive).
    seed : int
        Seed of the sandbox and the audit.
    draft : str
        OKR draft shown in the linter at first.
    draw : bool
        Draw the figures (``False`` keeps only tables and text; for tests).

    Returns
    -------
    ipywidgets.VBox
        The intro and a ``Tab``; ``tabs`` maps ``"sandbox"``, ``"lint"``,
        ``"kr"``, ``"audit"`` to the four apps.

    Examples
    --------
    >>> app = workshop_app(n_runs=3, draw=False)
    >>> sorted(app.tabs)
    ['audit', 'kr', 'lint', 'sandbox']
    """
    import ipywidgets as widgets

    from .widgets import goodhart_sandbox, lint_as_you_type

    tabs = {
        "sandbox": goodhart_sandbox(n_runs=n_runs, seed=seed, draw=draw, quick=True),
        "lint": lint_as_you_type(draft, rows=8),
        "kr": kr_builder(draw=draw),
        "audit": audit_upload(seed=seed, draw=draw),
    }
    tab = widgets.Tab(children=list(tabs.values()))
    titles = ["Goodhart sandbox", "Lint your OKRs", "KPI → key result", "Audit your CSV"]
    tab.titles = titles
    app = widgets.VBox([widgets.HTML(_INTRO), tab])
    app.tabs, app.tab = tabs, tab
    return app
