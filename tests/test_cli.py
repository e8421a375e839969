"""The okrlab console script: version, help, usage errors."""

import subprocess
import sys

import pytest

import okrlab
from okrlab.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"okrlab {okrlab.__version__}"


def test_no_command_prints_help(capsys):
    assert main([]) == 0
    assert "usage: okrlab" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_console_script_runs():
    out = subprocess.run(
        [sys.executable, "-m", "okrlab.cli", "--help"], capture_output=True, text=True, check=True
    )
    assert "okrlab" in out.stdout
