"""Input checks shared by the Goodhart simulations: each names the parameter."""

from __future__ import annotations

import math
import numbers

from ..errors import ParameterError, ParameterTypeError


# -- input checks --------------------------------------------------------------
def _number(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if math.isnan(value):
        raise ParameterError(f"{name} is NaN; pass a number")
    if math.isinf(value):
        raise ParameterError(f"{name} must be a finite number, got {value}")
    return value


def _nonneg(name, value):
    value = _number(name, value)
    if value < 0:
        raise ParameterError(f"{name} must be 0 or more, got {value:g}")
    return value


def _positive(name, value):
    value = _number(name, value)
    if value <= 0:
        raise ParameterError(f"{name} must be greater than 0, got {value:g}")
    return value


def _prob(name, value):
    value = _number(name, value)
    if not 0.0 <= value <= 1.0:
        raise ParameterError(
            f"{name} is a probability and must lie in [0, 1], got {value:g}"
            + (f" (if you meant {value:g}%, pass {value / 100:g})" if 1 < value <= 100 else "")
        )
    return value


def _integer(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, float) and value.is_integer():
            hint = f"; pass {int(value)}"
        else:
            hint = "; pass a whole number"
        raise ParameterTypeError(f"{name} must be an integer, got {value!r}{hint}")
    value = int(value)
    if value < minimum:
        raise ParameterError(f"{name} must be at least {minimum}, got {value}")
    return value
