"""goodhart_check: periods where a KPI improved while a quality metric deteriorated."""

import json

import numpy as np
import pandas as pd
import pytest

import okrlab
from okrlab import KPI, ParameterError

WEEKS = pd.date_range("2021-01-04", periods=400, freq="W-MON")


def frame(**cols):
    n = len(next(iter(cols.values())))
    return pd.DataFrame({"week": WEEKS[:n], **cols})


@pytest.fixture
def df(rng):
    n = 80
    dx = rng.standard_normal(n)
    return frame(cpl=50 + np.cumsum(dx), revenue=500 + np.cumsum(0.8 * dx + rng.standard_normal(n)))


def test_goodhart_check_flags_only_after_the_target(rng):
    n = 156
    target = np.arange(n) >= 100
    cpl = 100 - 20 * target + rng.normal(0, 5, n)
    quality = 0.3 - 0.1 * target + rng.normal(0, 0.02, n)
    df = frame(cpl=cpl, lead_quality=quality)
    chk = okrlab.goodhart_check(df, KPI("cpl", direction="lower"), "lead_quality", baseline=100)
    flagged = chk.frame.index[chk.frame["flagged"]]
    assert flagged.min() >= WEEKS[100] and chk.n_flagged >= 50
    assert "Goodhart warning" in chk.summary() and "0x" not in repr(chk)
    json.dumps(chk.to_dict())
    chk.plot()
    # no pressure: quality does not fall -> nothing flagged
    calm = okrlab.goodhart_check(
        df.assign(lead_quality=0.3 + rng.normal(0, 0.02, n)),
        "cpl",
        "lead_quality",
        direction="lower",
        baseline=100,
    )
    assert calm.n_flagged <= 3


def test_goodhart_check_errors(df):
    with pytest.raises(ParameterError, match="say which way is better for 'cpl'"):
        okrlab.goodhart_check(df, "cpl", "revenue")
    with pytest.raises(ParameterError, match="the baseline has 2 weeks"):
        okrlab.goodhart_check(df, "cpl", "revenue", direction="lower", baseline=2)
    with pytest.raises(ParameterError, match="neither a number of periods nor a date"):
        okrlab.goodhart_check(df, "cpl", "revenue", direction="lower", baseline="soon")
