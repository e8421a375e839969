"""Property tests of the input contract (issue 13), driven by hypothesis.

CI runs a small profile (a few examples per property, seconds in total);
``make fuzz`` sets ``OKRLAB_FUZZ=large`` for many more examples. Properties:

- the CLI, given generated CSVs in many formats (delimiters, number styles,
  encodings, line endings, title lines, hostile cells), exits 0 or 2, and on
  2 prints one line naming the culprit, with no traceback or control character;
- metamorphic: shuffled rows, a BOM, CRLF, UTF-16, semicolons with decimal
  commas, and ``1e9`` vs ``1000000000`` vs ``"1,000,000,000"`` give the same
  audit JSON; BOM/CRLF and number spellings give the same lint findings;
- public functions given garbage arguments return or raise an okrlab error,
  and never mutate the caller's DataFrame;
- YAML documents with hostile scalars spliced in raise only okrlab errors;
- HTML reprs built from generated names contain only whitelisted tags.
"""

from __future__ import annotations

import json
import os
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from okrlab.errors import OkrlabError

LARGE = os.environ.get("OKRLAB_FUZZ") == "large"
FUZZ = settings(
    max_examples=300 if LARGE else 12,
    deadline=None,
    derandomize=not LARGE,  # CI: the same examples on every run and machine
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "",
    " ",
    "nan",
    "inf",
    "-Infinity",
    "1e400",
    "1e308",
    "-0",
    "0x1F",
    "1:30",
    "010",
    "yes",
    "2026-02-30",
    "9" * 400,
    "\x1b]0;owned\x07",
    "\u202eevil",
    "$x^2$",
    "<script>alert(1)</script>",
    "a,b",
    'a"b',
    "1,234",
    "1.234,5",
    "\t",
    "€",
    "\x00",
    "*alias",
    "&anchor x",
    "!!python/object:os.system",
    "[[[[",
    "{a: 1}",
    "- x",
    "# c",
    "key: value",
]

hostile = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))


# == data and formats ==================================================================


def _frame(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    weeks = pd.date_range("2024-01-01", periods=n, freq="W-MON")
    cpl = np.round(120 + np.cumsum(rng.normal(0, 3, n)), 2)
    # revenue in whole millions so every spelling (1e9, 1,000,000,000) is exact
    revenue = (900 + np.cumsum(rng.integers(-20, 21, n))).astype(np.int64) * 1_000_000
    return pd.DataFrame({"week": weeks.strftime("%Y-%m-%d"), "cpl": cpl, "revenue": revenue})


def _cell(value, style: str, column: str) -> str:
    if column == "week":
        return value
    if column == "revenue":
        v = int(value)
        if style == "sci":
            return f"{v // 1_000_000}e6"
        if style == "us":
            return f'"{v:,}"'
        if style == "eu":
            return f"{v:,}".replace(",", ".")
        return str(v)
    text = f"{value:.2f}"
    return text.replace(".", ",") if style == "eu" else text


def _render(df, *, style="plain", sep=",", newline="\n", title=False, order=None) -> str:
    if style == "eu":
        sep = ";"
    rows = df if order is None else df.iloc[order]
    lines = [sep.join(df.columns)]
    for _, row in rows.iterrows():
        lines.append(sep.join(_cell(row[c], style, c) for c in df.columns))
    text = newline.join(lines) + newline
    return ("Weekly export" + newline + text) if title else text


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(encoding)


def _cli(argv, capsys):
    from okrlab.cli import main

    try:
        rc = main([str(a) for a in argv])
    except SystemExit as exc:
        rc = exc.code
    out, err = capsys.readouterr()
    return rc, out, err


def _audit_json(path, capsys):
    rc, out, err = _cli(
        [
            "audit",
            path,
            "--kpi",
            "cpl:lower",
            "--outcome",
            "revenue",
            "--n-boot",
            "99",
            "--format",
            "json",
        ],
        capsys,
    )
    assert rc == 0, err
    return json.loads(out)


formats = st.fixed_dictionaries(
    {
        "style": st.sampled_from(["plain", "sci", "us", "eu"]),
        "sep": st.sampled_from([",", ";", "\t"]),
        "newline": st.sampled_from(["\n", "\r\n"]),
        "title": st.booleans(),
        "encoding": st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    }
)


# == 1. CLI exit codes on generated CSVs ================================================


@FUZZ
@given(
    seed=st.integers(0, 2**16),
    n=st.integers(0, 45),
    fmt=formats,
    corrupt=st.lists(st.tuples(st.integers(0, 50), st.integers(0, 2), hostile), max_size=3),
)
def test_cli_exit_codes_on_generated_csvs(tmp_path_factory, capsys, seed, n, fmt, corrupt):
    df = _frame(seed, max(n, 1)).iloc[:n]
    sep = ";" if fmt["style"] == "eu" else fmt["sep"]
    text = _render(df, style=fmt["style"], sep=sep, newline=fmt["newline"], title=fmt["title"])
    lines = text.split(fmt["newline"])
    for row, col, value in corrupt:
        i = 1 + int(fmt["title"]) + row
        if i < len(lines) - 1:
            cells = lines[i].split(sep)
            if col < len(cells):
                cells[col] = value
                lines[i] = sep.join(cells)
    path = tmp_path_factory.mktemp("cli") / "data.csv"
    try:
        raw = _encode(fmt["newline"].join(lines), fmt["encoding"])
    except UnicodeEncodeError:
        assume(False)
    path.write_bytes(raw)
    rc, out, err = _cli(
        ["audit", path, "--kpi", "cpl:lower", "--outcome", "revenue", "--n-boot", "99"], capsys
    )
    assert rc in (0, 2), err
    assert "Traceback" not in err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", err)
    if rc == 2:
        lines_err = err.strip().splitlines()
        assert len([ln for ln in lines_err if ": error: " in ln]) == 1, err
        assert lines_err[-1].startswith("okrlab audit: error: ")
    assert path.read_bytes() == raw


# == 2. Metamorphic: same data, different spelling -> same audit ==========================


@FUZZ
@given(seed=st.integers(0, 2**16), fmt=formats, shuffle=st.randoms(use_true_random=False))
def test_audit_json_does_not_depend_on_how_the_csv_is_written(
    tmp_path_factory, capsys, seed, fmt, shuffle
):
    df = _frame(seed, 40)
    folder = tmp_path_factory.mktemp("meta")
    reference = folder / "ref.csv"
    reference.write_text(_render(df))
    order = list(range(len(df)))
    shuffle.shuffle(order)
    variant = folder / "variant.csv"
    text = _render(
        df,
        style=fmt["style"],
        sep=fmt["sep"],
        newline=fmt["newline"],
        title=fmt["title"],
        order=order,
    )
    variant.write_bytes(_encode(text, fmt["encoding"]))
    assert _audit_json(variant, capsys) == _audit_json(reference, capsys)


OKR_YAML = """\
objectives:
  - title: Grow revenue in the mid-market
    key_results:
      - description: Raise quarterly revenue from 1.2M to 1.5M USD
        metric: revenue
        baseline: 1200000
        target: {target}
      - description: Publish 12 blog posts
"""


@FUZZ
@given(
    spelling=st.sampled_from(["1500000", "1.5e6", "1.5E+6", "1500000.0"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
)
def test_lint_findings_do_not_depend_on_spelling(tmp_path_factory, spelling, newline, bom):
    from okrlab.lint import lint

    folder = tmp_path_factory.mktemp("lint")
    ref = folder / "ref.yaml"
    ref.write_text(OKR_YAML.format(target="1500000"))
    var = folder / "var.yaml"
    text = OKR_YAML.format(target=spelling).replace("\n", newline)
    var.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())

    def findings(p):
        return [(f["rule"], f["line"], f["message"]) for f in lint(p).to_dict()["findings"]]

    assert findings(var) == findings(ref)


# == 3. Public functions: garbage in -> result or okrlab error, input untouched ==========

GARBAGE = st.one_of(
    st.sampled_from(
        [
            None,
            "abc",
            "",
            [1],
            [],
            {},
            (),
            pd.NA,
            np.nan,
            float("inf"),
            -1,
            0,
            1,
            10**30,
            -(10**30),
            np.int64(3),
            np.float32(0.5),
            True,
            False,
            object(),
            b"x",
            1j,
            pd.Timestamp("2262-05-01"),
        ]
    ),
    st.text(max_size=5),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
)

# (callable name, data needed, keyword arguments of a valid call)
_SAMPLE = _frame(7, 60).assign(
    week=lambda d: pd.to_datetime(d["week"]), quality=lambda d: 0.2 + 0.001 * np.arange(len(d))
)
API = {
    "audit": dict(kpi="cpl", outcome="revenue", date="week", n_boot=99, seed=0),
    "goodhart_check": dict(kpi="cpl", quality="quality", date="week", n_sim=200, seed=0),
    "read_table": None,
    "lint_text": None,
    "load_okrs_text": None,
    "simulate_funnel": dict(n_weeks=20, n_runs=1, seed=0),
}
# Garbage arguments that still escape as a non-okrlab exception (found by this
# suite); owner named. Kept out of the property and checked one by one below as
# strict xfails, so a fix shows up as a failure until the entry is removed.
PENDING_ARGS = {}


def _keywords(name):
    import inspect

    from okrlab.audit import audit
    from okrlab.goodhart import simulate_funnel
    from okrlab.goodhart_check import goodhart_check

    func = {"audit": audit, "goodhart_check": goodhart_check, "simulate_funnel": simulate_funnel}
    params = inspect.signature(func[name]).parameters
    return sorted(k for k in params if k not in ("data", "args"))


def _call(name, kwargs):
    if name == "audit":
        from okrlab.audit import audit

        return audit(_SAMPLE, **kwargs)
    if name == "goodhart_check":
        from okrlab.goodhart_check import goodhart_check

        return goodhart_check(_SAMPLE, **kwargs)
    if name == "simulate_funnel":
        from okrlab.goodhart import simulate_funnel

        return simulate_funnel(**kwargs)
    raise AssertionError(name)


@FUZZ
@given(
    name=st.sampled_from(["audit", "goodhart_check", "simulate_funnel"]),
    data=st.data(),
)
def test_public_functions_take_garbage_safely(name, data):
    valid = API[name]
    key = data.draw(st.sampled_from(_keywords(name)), label="keyword")
    assume((name, key) not in PENDING_ARGS)
    value = data.draw(GARBAGE, label="value")
    before = _SAMPLE.copy(deep=True)
    try:
        _call(name, {**valid, key: value})
    except OkrlabError:
        pass
    pd.testing.assert_frame_equal(_SAMPLE, before)


@pytest.mark.parametrize(
    "name, key",
    [
        pytest.param(*k, marks=pytest.mark.xfail(strict=True, reason=v[1]), id=f"{k[0]}-{k[1]}")
        for k, v in PENDING_ARGS.items()
    ],
)
def test_pending_garbage_arguments(name, key):
    value = PENDING_ARGS[(name, key)][0]
    try:
        _call(name, {**API[name], key: value})
    except OkrlabError:
        pass


@FUZZ
@given(text=st.text(max_size=300), select=st.one_of(st.none(), hostile))
def test_lint_text_takes_any_text(text, select):
    from okrlab.lint import lint_text

    try:
        report = lint_text(text, select=select)
    except OkrlabError:
        return
    json.dumps(report.to_dict())


# == 4. YAML with hostile scalars spliced in ============================================

OKR_TEMPLATE = """\
period: 2026-Q1
objectives:
  - title: {title}
    owner: {owner}
    key_results:
      - description: {description}
        metric: revenue
        baseline: {baseline}
        target: {target}
        due: {due}
"""


def test_okr_template_loads_with_plain_values():
    """The template the YAML properties splice into is itself valid (else they prove nothing)."""
    from okrlab.okr import load_okrs_text

    text = OKR_TEMPLATE.format(
        title="Grow",
        owner="sales",
        description="Raise revenue",
        baseline=100,
        target=120,
        due="2026-03-31",
    )
    okrs = load_okrs_text(text, source="okrs.yaml")
    assert "Raise revenue" in okrs.scorecard(at="2026-02-01")._repr_html_()


@FUZZ
@given(
    field=st.sampled_from(["title", "owner", "description", "baseline", "target", "due"]),
    value=hostile,
)
def test_yaml_with_hostile_scalars_raises_only_okrlab_errors(field, value):
    from okrlab.lint import lint_text
    from okrlab.okr import load_okrs_text

    fields = dict(
        title="Grow",
        owner="sales",
        description="Raise revenue",
        baseline="100",
        target="120",
        due="2026-03-31",
    )
    fields[field] = value
    text = OKR_TEMPLATE.format(**fields)
    for load in (lambda t: load_okrs_text(t, source="okrs.yaml"), lint_text):
        try:
            load(text)
        except OkrlabError as exc:
            assert str(exc)


# == 5. HTML reprs: only whitelisted tags for generated names ===========================

_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)")


def _tags(html: str) -> set:
    return {t.lower() for t in _TAG.findall(html)}


names = st.one_of(
    st.sampled_from([h for h in HOSTILE if h.strip()]), st.text(min_size=1, max_size=15)
)


@FUZZ
@given(kpi=names)
def test_audit_html_contains_only_whitelisted_tags(kpi):
    from okrlab._render import ALLOWED_TAGS
    from okrlab.audit import audit

    assume(kpi not in ("week", "revenue", "quality") and "\x00" not in kpi)
    data = _SAMPLE.rename(columns={"cpl": kpi})
    try:
        result = audit(data, kpi=kpi, outcome="revenue", date="week", n_boot=99, seed=0)
    except OkrlabError:
        return
    assert _tags(result._repr_html_()) <= ALLOWED_TAGS


@FUZZ
@given(description=names)
def test_lint_html_contains_only_whitelisted_tags(description):
    from okrlab._render import ALLOWED_TAGS
    from okrlab.lint import lint_text

    text = f"Objective: {description}\n- {description} from 10 to 20\n"
    try:
        report = lint_text(text)
    except OkrlabError:
        return
    assert _tags(report._repr_html_()) <= ALLOWED_TAGS


@pytest.mark.parametrize("name", ["a/../b\\c $\\frac{1}{0}$ <script>\x1b[31m"])
def test_hostile_kpi_names_in_plots_and_file_names(tmp_path, capsys, name):
    """A KPI name with '/', '$...$' or escapes is safe in --plot file names and labels."""
    df = _SAMPLE.drop(columns="quality").rename(columns={"cpl": name})
    df["other"] = df[name] * 2
    src = tmp_path / "d.csv"
    df.to_csv(src, index=False)
    rc, out, err = _cli(
        [
            "audit",
            src,
            "--kpi",
            name,
            "--kpi",
            "other",
            "--outcome",
            "revenue",
            "--n-boot",
            "99",
            "--plot",
            tmp_path / "fig.png",
        ],
        capsys,
    )
    assert rc == 0, err
    written = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".png")
    assert len(written) == 2 and all("/" not in p and "$" not in p for p in written)


@FUZZ
@given(title=names, description=names, owner=names)
def test_okr_html_contains_only_whitelisted_tags(title, description, owner):
    from okrlab._render import ALLOWED_TAGS
    from okrlab.okr import load_okrs_text

    text = OKR_TEMPLATE.format(
        title=json.dumps(title),
        owner=json.dumps(owner),
        description=json.dumps(description),
        baseline=100,
        target=120,
        due="2026-03-31",
    )
    try:
        okrs = load_okrs_text(text, source="okrs.yaml")
    except OkrlabError:
        return
    html = okrs.scorecard(at="2026-02-01")._repr_html_()
    assert _tags(html) <= ALLOWED_TAGS
    assert "<script" not in html.lower()


@pytest.mark.skipif(not LARGE, reason="a minute of CPU; runs with make fuzz")
def test_long_daily_series_under_a_memory_limit(tmp_path):
    """40,000 daily rows under a 2 GB address-space limit: an answer, never a traceback."""
    import resource
    import subprocess
    import sys

    rng = np.random.default_rng(0)
    n = 40_000
    pd.DataFrame(
        {
            "date": pd.date_range("1950-01-01", periods=n, freq="D").strftime("%Y-%m-%d"),
            "k": rng.normal(size=n).cumsum() + 100,
            "o": rng.normal(size=n).cumsum() + 500,
        }
    ).to_csv(tmp_path / "daily.csv", index=False)

    def limit():  # pragma: no cover - runs in the child
        gb = 2 * 1024**3
        resource.setrlimit(resource.RLIMIT_AS, (gb, gb))

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "okrlab.cli",
            "audit",
            tmp_path / "daily.csv",
            "--kpi",
            "k:higher",
            "--outcome",
            "o",
            "--n-boot",
            "99",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=limit,
    )
    assert proc.returncode in (0, 2), proc.stderr
    assert "Traceback" not in proc.stderr
