"""Interactive ipywidgets apps for the notebooks.

Built from explicit widgets (sliders, text boxes) wired with ``.observe``, not
``@interact`` (which hangs under Voila). The computation behind each app is a
plain function in the core modules, tested without a browser.
"""

from __future__ import annotations

__all__: list[str] = []

# == a widget that still shows something without a kernel =====================

_SNAPSHOT_CLASS = None


def _snapshot_box(children, *, summary: str):
    """A ``VBox`` whose output also carries a static HTML picture of its state.

    Where widgets cannot render (a notebook viewer, a file opened before its
    kernel runs, an export), a notebook shows the richest other format of the
    output: here the ``text/html`` snapshot (set in ``box.snapshot_html`` by
    the caller, e.g. the first table and figure) and a one-line ``text/plain``
    that says what the widget is, instead of ``VBox(children=(...``.
    """
    global _SNAPSHOT_CLASS
    import ipywidgets as widgets

    if _SNAPSHOT_CLASS is None:

        class SnapshotVBox(widgets.VBox):
            def _repr_mimebundle_(self, **kwargs):
                data = super()._repr_mimebundle_(**kwargs)
                data["text/plain"] = self.summary
                if self.snapshot_html:
                    data["text/html"] = (
                        "<div class='okrlab-snapshot'><p><em>A picture of this interactive "
                        "widget's first state: run the notebook to use it.</em></p>"
                        f"{self.snapshot_html}</div>"
                    )
                return data

        _SNAPSHOT_CLASS = SnapshotVBox
    box = _SNAPSHOT_CLASS(children)
    box.summary, box.snapshot_html = summary, ""
    return box


def _png_img(fig, dpi: int = 60) -> str:
    """The figure as an inline ``<img>`` (base64 PNG)."""
    import base64
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f"<img alt='first state' src='data:image/png;base64,{data}'/>"


# == Goodhart sandbox ========================================================


__all__ += ["goodhart_sandbox"]


def _effects_html(effects) -> str:
    """A small HTML table of :func:`okrlab.goodhart.goodhart_effects`."""
    import html

    units = {
        "cpl": "USD",
        "leads": "per week",
        "lead_quality": "share",
        "cost_per_qualified_lead": "USD",
        "cac": "USD",
        "revenue": "USD per week",
    }
    rows = []
    for r in effects.itertuples(index=False):
        fmt = "{:,.3f}" if r.metric == "lead_quality" else "{:,.0f}"
        colour = "#2e7d32" if r.better else "#c62828"
        rows.append(
            f"<tr><td>{html.escape(r.metric)} ({units.get(r.metric, '')})</td>"
            f"<td style='text-align:right'>{fmt.format(r.before)}</td>"
            f"<td style='text-align:right'>{fmt.format(r.after)}</td>"
            f"<td style='text-align:right;color:{colour}'>{r.change:+.1%}</td></tr>"
        )
    return (
        "<table><thead><tr><th>metric</th><th>before target</th><th>last weeks</th>"
        "<th>change</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


_QUICK_PANELS = (
    ("cpl", "Cost per lead", "USD per lead"),
    ("lead_quality", "Lead quality (SQLs / leads)", "share of leads"),
    ("cost_per_qualified_lead", "Cost per qualified lead", "USD per SQL"),
    ("revenue", "Revenue booked (new customers)", "USD per week"),
)


def _quick_dashboard_png(weekly, target_week: int, dpi: int = 72) -> bytes:
    """The sandbox's four panels (median and 5-95 % band over runs) as PNG bytes.

    A light version of :func:`okrlab.plotting.plot_goodhart_dashboard` for the
    workshop app, where a room of people redraw it on every slider move: plain
    matplotlib without pyplot or layout engines, about a quarter of the CPU.
    """
    import io

    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    fig = Figure(figsize=(10, 5.2), dpi=dpi)
    axes = fig.subplots(2, 2, sharex=True).ravel()
    for ax, (col, title, unit) in zip(axes, _QUICK_PANELS, strict=True):
        values = weekly.pivot(index="run", columns="week", values=col).to_numpy()
        lo, mid, hi = np.quantile(values, [0.05, 0.5, 0.95], axis=0)
        x = np.arange(values.shape[1])
        ax.fill_between(x, lo, hi, color="#1f4e79", alpha=0.2, lw=0, label="5-95% of runs")
        ax.plot(x, mid, color="#1f4e79", lw=1.5, label="median run")
        ax.axvline(target_week, color="#c62828", ls="--", lw=1.2, label="CPL target starts")
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(unit, fontsize=8)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
        if np.nanmax(hi) >= 10_000:  # 600k, not 600000
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v / 1000:,.0f}k"))
    axes[0].legend(fontsize=7, loc="best")
    for ax in axes[2:]:
        ax.set_xlabel("week", fontsize=8)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.94, bottom=0.09, hspace=0.3, wspace=0.22)
    buf = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buf)
    return buf.getvalue()


def goodhart_sandbox(
    *, n_runs: int = 30, n_weeks: int = 104, seed=0, draw: bool = True, quick: bool = False
):
    """Sliders for the CPL-target story; the dashboard redraws on every change.

    Four sliders: ``pressure`` (how hard the team chases the CPL target, 0-1),
    ``quality gap`` (how much segments differ in lead quality; 0 = all alike),
    ``noise`` (weekly lead-yield noise, standard deviation of its log) and
    ``target week``. Each change runs
    :func:`okrlab.goodhart.sandbox_simulation` (``n_runs`` Monte Carlo runs),
    updates a table of before/after effects and redraws
    :func:`okrlab.plotting.plot_goodhart_dashboard` into an ``Output``.

    Parameters
    ----------
    n_runs, n_weeks : int
        Runs and weeks simulated on each change.
    seed : int
        Seed of every simulation (the same settings always give the same
        picture, so differences come from the sliders, not from chance).
    draw : bool
        Draw the dashboard (``False`` only updates the table; handy in tests).
    quick : bool
        Draw a light version of the dashboard (same four panels, median and
        5-95 % band, plain matplotlib): about a quarter of the CPU per slider
        move, for the workshop app serving a room from one machine.

    Returns
    -------
    ipywidgets.VBox
        The app. Its ``sliders`` attribute maps ``"pressure"``,
        ``"quality_gap"``, ``"noise"``, ``"target_week"`` to the slider
        widgets; ``table`` is the ``HTML`` effects table, ``output`` the plot
        ``Output``; ``weekly`` and ``effects`` hold the latest simulation.

    Examples
    --------
    >>> app = goodhart_sandbox(n_runs=5, draw=False)
    >>> app.sliders["pressure"].value = 0.0
    >>> float(app.effects.set_index("metric").loc["cpl", "change"]) > -0.05
    True
    """
    from ._validate import check_bool, check_integer, check_seed

    n_runs = check_integer(n_runs, "n_runs", low=1, example=30)
    n_weeks = check_integer(n_weeks, "n_weeks", low=20, example=104)
    seed = check_seed(seed)
    draw = check_bool(draw, "draw")
    quick = check_bool(quick, "quick")

    import ipywidgets as widgets

    from .goodhart import sandbox_simulation

    style = {"description_width": "90px"}
    layout = widgets.Layout(width="340px")
    sliders = {
        "pressure": widgets.FloatSlider(
            value=0.6, min=0.0, max=1.0, step=0.05, description="pressure",
            continuous_update=False, style=style, layout=layout,
        ),
        "quality_gap": widgets.FloatSlider(
            value=1.0, min=0.0, max=2.0, step=0.1, description="quality gap",
            continuous_update=False, style=style, layout=layout,
        ),
        "noise": widgets.FloatSlider(
            value=0.15, min=0.0, max=0.5, step=0.01, description="noise",
            continuous_update=False, style=style, layout=layout,
        ),
        "target_week": widgets.IntSlider(
            value=n_weeks // 2, min=8, max=n_weeks - 9, step=1, description="target week",
            continuous_update=False, style=style, layout=layout,
        ),
    }  # fmt: skip
    table = widgets.HTML()
    output = widgets.Output()
    app = _snapshot_box(
        [
            widgets.HBox([sliders["pressure"], sliders["quality_gap"]]),
            widgets.HBox([sliders["noise"], sliders["target_week"]]),
            table,
            output,
        ],
        summary="okrlab Goodhart sandbox: sliders for pressure, quality gap, noise and "
        "target week (run the notebook to use them)",
    )

    def update(_change=None):
        weekly, effects = sandbox_simulation(
            sliders["pressure"].value,
            sliders["quality_gap"].value,
            sliders["noise"].value,
            sliders["target_week"].value,
            n_weeks=n_weeks,
            n_runs=n_runs,
            seed=seed,
        )
        app.weekly, app.effects = weekly, effects
        table.value = _effects_html(effects)
        if not draw:
            return
        import base64

        import matplotlib.pyplot as plt
        from IPython.display import display

        from .plotting import plot_goodhart_dashboard

        if quick:
            from IPython.display import Image

            png = _quick_dashboard_png(weekly, sliders["target_week"].value)
            if in_kernel:
                with output:
                    output.clear_output(wait=True)
                    display(Image(png))
            if not app.snapshot_html:
                data = base64.b64encode(png).decode("ascii")
                app.snapshot_html = table.value + f"<img src='data:image/png;base64,{data}'/>"
            return
        fig = plot_goodhart_dashboard(
            weekly, target_week=sliders["target_week"].value, figsize=(10, 5.5)
        )
        if in_kernel:
            with output:
                output.clear_output(wait=True)
                display(fig)
        if not app.snapshot_html:  # the first state, for viewers without widgets
            app.snapshot_html = table.value + _png_img(fig)
        plt.close(fig)

    # Outside a kernel (a plain script) an Output cannot capture: draw nothing to
    # stdout, keep the table, the data and the snapshot.
    from IPython import get_ipython

    in_kernel = getattr(get_ipython(), "kernel", None) is not None
    for slider in sliders.values():
        slider.observe(update, names="value")
    app.sliders, app.table, app.output = sliders, table, output
    update()
    if not app.snapshot_html:
        app.snapshot_html = table.value
    return app


# == lint as you type ========================================================


__all__ += ["lint_as_you_type"]


def lint_as_you_type(text: str = "", *, history=None, rows: int = 10):
    """A text box that lints OKRs on every keystroke and shows findings and score.

    Parameters
    ----------
    text : str
        OKRs to start with (plain text or YAML; see :func:`okrlab.lint_text`).
    history : pandas.DataFrame or path, optional
        Metric history, to turn on the ambition rules.
    rows : int
        Height of the text box in lines.

    Returns
    -------
    ipywidgets.VBox
        ``children[0]`` is the ``Textarea``, ``children[1]`` the ``HTML``
        report, re-rendered by :func:`okrlab.lint.lint_to_html` on every change.

    Examples
    --------
    >>> app = lint_as_you_type("Objective: Improve our marketing")
    >>> app.children[0].value = "Objective: Grow\\n- Launch the pricing page"
    >>> "activity-not-outcome" in app.children[1].value
    True
    """
    import html

    from ._validate import check_integer
    from .errors import ParameterTypeError
    from .lint.readers import _prepare_history

    if not isinstance(text, str):
        raise ParameterTypeError(
            f"text must be a string of OKRs, got {type(text).__name__}; "
            "write e.g. lint_as_you_type('Objective: ...\\n- Increase X from 1 to 2')"
        )
    rows = check_integer(rows, "rows", low=1, example=10)
    history = _prepare_history(history)  # a missing or unreadable file is an error now

    import ipywidgets as widgets

    from .lint import lint_to_html

    box = widgets.Textarea(
        value=text,
        rows=rows,
        continuous_update=True,
        placeholder="Objective: ...\n- Increase <metric> from X to Y",
        layout=widgets.Layout(width="100%"),
    )
    report = widgets.HTML(value=lint_to_html(text, history))

    def _relint(change):
        report.value = lint_to_html(change["new"], history)

    box.observe(_relint, names="value")
    app = _snapshot_box(
        [box, report],
        summary="okrlab lint as you type: a text box whose OKRs are linted on every "
        "keystroke (run the notebook to use it)",
    )
    shown = html.escape(text).replace("$", "<span>$</span>")  # not maths in JupyterLab
    app.snapshot_html = f"<pre>{shown}</pre>{report.value}" if text else ""
    return app
