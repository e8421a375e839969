"""Start-up: `import okrlab` and `okrlab --help/--version` load no heavy library.

Times are not asserted (they depend on the machine); benchmarks/bench_startup.py
measures them as ratios to `import pandas`. What is tested is the cause of a slow
start: which modules get imported.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "matplotlib", "seaborn", "scipy", "statsmodels", "ipywidgets", "yaml")


def _imported_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport sys, json\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_okrlab_loads_no_heavy_library():
    assert _imported_after("import okrlab") == []


def test_import_plotting_defers_matplotlib_and_seaborn():
    # plotting functions import matplotlib/seaborn when called, not when imported
    assert _imported_after("import okrlab.plotting") == []


def test_cli_help_and_version_load_no_heavy_library():
    for args in (["--help"], ["--version"]):
        code = (
            "import contextlib, io\nfrom okrlab.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    try:\n        main({args!r})\n    except SystemExit:\n        pass"
        )
        assert _imported_after(code) == [], args


def test_public_names_resolve_lazily_and_functions_win_over_submodules():
    import okrlab

    for name in okrlab.__all__:
        assert getattr(okrlab, name) is not None, name
    import okrlab.audit  # noqa: F401 - the submodule must not replace the function
    import okrlab.lint  # noqa: F401

    assert callable(okrlab.audit) and not isinstance(okrlab.audit, type(okrlab))
    assert callable(okrlab.lint) and not isinstance(okrlab.lint, type(okrlab))
    assert set(okrlab.__all__) <= set(dir(okrlab))
    try:
        okrlab.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("unknown names must raise AttributeError")


def test_closed_pipe_ends_quietly(monkeypatch, capsys):
    # `okrlab lint FILE --format json | head`: the reader leaves early; okrlab must not
    # print "error: [Errno 32] Broken pipe" or exit 2 as if the input were wrong.
    import okrlab._cli_lint as cli_lint
    from okrlab.cli import main

    def closed(args):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli_lint, "run", closed)
    assert main(["lint", "datasets/okrs_draft.yaml"]) == 141
    assert capsys.readouterr().err == ""
