"""Tests of `okrlab simulate` messages in command-line words (see also test_goodhart.py)."""

import pytest

from okrlab import ParameterError, simulate_funnel
from okrlab.cli import main


@pytest.mark.parametrize("week", ["30", "20", "-1"])
def test_target_week_outside_the_horizon_names_the_flags(tmp_path, capsys, week):
    out = tmp_path / "s.csv"
    code = main(["simulate", str(out), "--runs", "2", "--weeks", "20", "--target-week", week])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "--target-week must lie in the horizon [0, 19]" in err
    assert "or pass --no-target for no target" in err and "None" not in err
    assert len(err.strip().splitlines()) == 1


def test_python_message_keeps_the_keyword_spelling():
    with pytest.raises(ParameterError, match="target_week must lie .*use None for no target"):
        simulate_funnel(n_weeks=20, target_week=30)
