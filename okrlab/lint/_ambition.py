"""The history-based rules: not-ambitious and unrealistic."""

from __future__ import annotations

import re

from ..errors import DataError
from ._model import _KR, _NA, _Context, _fmt, _has_phrase, _Hit, _Objective
from .vocabulary import METRIC_ALIASES, UNREALISTIC_AMBITION, UNREALISTIC_BEYOND_RANGE

#: Words in a column name that mark it as a rate or share, so a key result in percent may
#: be compared with it when its values are written 0-100 (values within 0-1 need no name).
_RATE_WORDS = frozenset(
    "rate rates share ratio percent percentage pct % churn retention margin ctr cvr "
    "conversion".split()
)


def _percent_scale(kr: _KR, col, values, declared: bool) -> float | None:
    """How to put a percent key result on the column's scale, or None when it doesn't fit.

    A key result in percent is a share, so it fits only a share or rate column: values
    within 0-1 (shares; the key result's numbers are divided by 100), or values within
    0-100 in a column whose name says it is a rate (or that the key result names with
    ``metric:``). A count column such as weekly ``opportunities`` never fits.
    """
    import numpy as np

    numbers = [abs(x) for x in (kr.baseline, kr.target) if x is not None]
    size = np.abs(values)
    if not numbers or max(numbers) > 100 or size.max() > 100:
        return None
    if np.all((values == 0) | (values == 1)):
        return None  # a 0/1 flag, not a share
    if size.max() > 1:
        name = str(col).lower()
        rate_named = "%" in name or bool(set(re.split(r"[\s_\-./]+", name)) & _RATE_WORDS)
        return 1.0 if declared or rate_named else None
    # shares 0-1: 30% is 0.30, unless the numbers sit nearer the values as they are
    ref, mid = numbers[0], float(np.median(size))
    if ref > 0 and mid > 0:
        return min((1.0, 100.0), key=lambda s: abs(np.log(ref / s / mid)))
    return 100.0 if max(numbers) > 1.5 else 1.0


def _history_column(kr: _KR, history):
    """The history column that measures the key result and the scale of its numbers."""
    import numpy as np

    columns = [c for c in history.columns if history[c].dtype.kind in "fiu"]
    candidates = []
    if kr.metric and kr.metric in columns:
        candidates.append((np.inf, kr.metric))
    for col in columns:
        phrases = set(METRIC_ALIASES.get(col, ())) | {str(col).replace("_", " ").lower()}
        for phrase in phrases:
            if _has_phrase(kr.text, phrase):
                candidates.append((len(phrase), col))
    # longest phrase first; ties to the greater column name, as before
    for _, col in sorted(candidates, key=lambda c: (c[0], str(c[1])), reverse=True):
        values = history[col].to_numpy(dtype=float)
        values = values[~np.isnan(values)]
        if values.size < 3:
            continue
        if kr.unit != "%":
            return col, values, 1.0
        scale = _percent_scale(kr, col, values, declared=col == kr.metric)
        if scale is not None:
            return col, values, scale
    return None


def _ambition_inputs(kr: _KR, ctx: _Context):
    if ctx.history is None or kr.target is None or kr.parsed.direction == "maintain":
        return None
    found = _history_column(kr, ctx.history)
    if found is None:
        return None
    import numpy as np

    col, values, scale = found
    target, baseline = kr.target, kr.baseline
    from_history = baseline is None
    target = target / scale
    baseline = values[-1] if from_history else baseline / scale
    sd = float(np.std(np.diff(values), ddof=1))
    if not sd > 0:
        return None
    from ..okr import ambition

    try:
        amb = ambition(values, baseline, target)
    except DataError:
        return None
    return col, values, float(baseline), float(target), sd, amb, from_history, scale


def _check_not_ambitious(kr: _KR, obj: _Objective, ctx: _Context):
    got = _ambition_inputs(kr, ctx)
    if got is None:
        return _NA
    from ..okr import AMBITION_BANDS

    col, values, baseline, target, sd, amb, from_history, scale = got
    edge = AMBITION_BANDS[0][0]
    if amb >= edge:
        return None
    start = "its latest value " if from_history else ""
    sign = 1 if target >= baseline else -1
    return _Hit(
        _fmt(kr.target),
        f"The target is {amb:.1f} sd of normal period-to-period change away from "
        f"{start}{_fmt(baseline * scale)} ('{col}' in the history).",
        suggestion=f"Aim beyond normal variation: past {_fmt((baseline + sign * sd) * scale)} "
        f"(1 sd); a stretch is 1-5 sd, e.g. {_fmt((baseline + 2 * sign * sd) * scale)} "
        "(2 sd). Or track the metric as a KPI with a healthy band instead.",
    )


def _check_unrealistic(kr: _KR, obj: _Objective, ctx: _Context):
    got = _ambition_inputs(kr, ctx)
    if got is None:
        return _NA
    col, values, baseline, target, sd, amb, from_history, scale = got
    beyond = max(target - values.max(), values.min() - target) / sd
    if amb < UNREALISTIC_AMBITION or beyond <= UNREALISTIC_BEYOND_RANGE:
        return None
    record = values.max() if target > values.max() else values.min()
    reach = baseline + 5 * sd * (1 if target >= baseline else -1)
    return _Hit(
        _fmt(kr.target),
        f"The target is {amb:.0f} sd of normal period-to-period change away and "
        f"{beyond:.0f} sd beyond the most extreme value ever seen ({_fmt(record * scale)}, "
        f"'{col}' in the history).",
        suggestion=f"Check the number. A stretch a real improvement can reach is about 5 sd, "
        f"near {_fmt(reach * scale)}; keep the bigger number as a longer-term aspiration.",
    )


#: Every rule, in the order they run and are reported. Extend by appending.
