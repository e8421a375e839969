"""Tests of the shared argument validators (okrlab._validate) and the exception hierarchy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from okrlab import _validate as v
from okrlab.errors import (
    DataError,
    DefinitionError,
    OkrlabError,
    ParameterError,
    ParameterTypeError,
)


def test_hierarchy():
    assert issubclass(ParameterError, ValueError) and issubclass(ParameterTypeError, TypeError)
    for cls in (ParameterError, ParameterTypeError, DataError, DefinitionError):
        assert issubclass(cls, OkrlabError)
    err = DefinitionError("x", source="okrs.yaml", line=3, field="target")
    assert (err.source, err.line, err.field) == ("okrs.yaml", 3, "target")


@pytest.mark.parametrize("seed", [0, 7, np.int64(7), np.uint8(3), None])
def test_seed_accepts_ints_numpy_ints_and_none(seed):
    out = v.check_seed(seed)
    assert out is None or type(out) is int


@pytest.mark.parametrize("seed", [True, np.bool_(False), 1.0, "1", pd.NA, [1]])
def test_seed_wrong_type_is_a_type_error_naming_seed(seed):
    with pytest.raises(ParameterTypeError, match=r"^seed must be an int >= 0, a numpy"):
        v.check_seed(seed)


def test_seed_negative_is_a_value_error_and_generator_passes_through():
    with pytest.raises(ParameterError, match=r"seed=-1 must be >= 0, e.g. seed=0"):
        v.check_seed(-1)
    g = np.random.default_rng(1)
    assert v.as_generator(g) is g
    a = v.as_generator(np.int64(5)).random(3)
    np.testing.assert_array_equal(a, np.random.default_rng(5).random(3))


def test_type_is_checked_before_value():
    with pytest.raises(ParameterTypeError, match="alpha must be a number, got str '2'"):
        v.check_probability("2", "alpha")
    with pytest.raises(ParameterError, match=r"alpha=2 must be between 0 and 1 \(exclusive\)"):
        v.check_probability(2, "alpha")


@pytest.mark.parametrize("bad", [True, pd.NA, None, "3", [1.0]])
def test_numbers_reject_bools_na_none_and_text(bad):
    with pytest.raises(ParameterTypeError, match="budget must be a number"):
        v.check_number(bad, "budget")


def test_number_ranges_and_finiteness():
    assert v.check_number(np.float32(0.5), "x", low=0, high=1) == 0.5
    assert v.check_number(None, "x", allow_none=True) is None
    with pytest.raises(ParameterError, match=r"x=nan must be a finite number"):
        v.check_number(float("nan"), "x")
    with pytest.raises(ParameterError, match=r"x=0 must be > 0, e.g. x=1"):
        v.check_number(0, "x", low=0, low_inclusive=False, example=1)
    with pytest.raises(ParameterError, match=r"x=1 must be in \[0, 1\)"):
        v.check_number(1, "x", low=0, high=1, high_inclusive=False)
    assert v.check_probability(0, "share", inclusive=True) == 0.0


def test_integers():
    assert v.check_integer(np.int32(4), "n_runs", low=1) == 4
    with pytest.raises(ParameterTypeError, match="n_runs must be a whole number, got float 4.0"):
        v.check_integer(4.0, "n_runs")
    with pytest.raises(ParameterTypeError):
        v.check_integer(True, "n_runs")
    with pytest.raises(ParameterError, match=r"n_runs=0 must be >= 1"):
        v.check_integer(0, "n_runs", low=1)


def test_choices_and_bools_use_the_interface_name():
    assert v.check_choice("lower", "--direction", ("higher", "lower")) == "lower"
    with pytest.raises(ParameterError, match=r"--direction='up' is not one of 'higher', 'lower'"):
        v.check_choice("up", "--direction", ("higher", "lower"))
    with pytest.raises(ParameterTypeError, match="direction must be one of"):
        v.check_choice(1, "direction", ("higher", "lower"))
    with pytest.raises(ParameterTypeError, match="adjust must be True or False, got int 1"):
        v.check_bool(1, "adjust")


def test_columns_suggest_close_names_and_never_mutate():
    df = pd.DataFrame({"cpl": [1.0, 2.0], "revenue": ["a", "b"]})
    before = df.copy()
    assert v.check_columns(df, ["cpl"], "kpis", numeric=True) == ["cpl"]
    with pytest.raises(DataError, match=r"kpi='CPL' is not a column of data; did you mean 'cpl'"):
        v.check_column(df, "CPL", "kpi")
    with pytest.raises(DataError, match=r"column 'revenue' \(outcome\) must be numeric"):
        v.check_column(df, "revenue", "outcome", numeric=True)
    with pytest.raises(ParameterTypeError, match="data must be a pandas DataFrame"):
        v.check_column({"cpl": [1]}, "cpl", "kpi")
    pd.testing.assert_frame_equal(df, before)
