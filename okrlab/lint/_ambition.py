"""The history-based rules: not-ambitious and unrealistic."""

from __future__ import annotations

from ..errors import DataError
from ._model import _KR, _NA, _Context, _fmt, _has_phrase, _Hit, _Objective
from .vocabulary import METRIC_ALIASES, UNREALISTIC_AMBITION, UNREALISTIC_BEYOND_RANGE


def _history_column(kr: _KR, history) -> str | None:
    columns = [c for c in history.columns if history[c].dtype.kind in "fiu"]
    if kr.metric and kr.metric in columns:
        return kr.metric
    candidates = []
    for col in columns:
        phrases = set(METRIC_ALIASES.get(col, ())) | {str(col).replace("_", " ").lower()}
        for phrase in phrases:
            if _has_phrase(kr.text, phrase):
                candidates.append((len(phrase), col))
    return max(candidates)[1] if candidates else None


def _ambition_inputs(kr: _KR, ctx: _Context):
    if ctx.history is None or kr.target is None or kr.parsed.direction == "maintain":
        return None
    col = _history_column(kr, ctx.history)
    if col is None:
        return None
    import numpy as np

    values = ctx.history[col].to_numpy(dtype=float)
    values = values[~np.isnan(values)]
    if values.size < 3:
        return None
    target, baseline = kr.target, kr.baseline
    from_history = baseline is None
    scale = 1.0
    if kr.unit == "%" and np.nanmax(np.abs(values)) <= 1.5 and abs(target) > 1.5:
        scale = 100.0
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
