"""Verdict rules and the plain-English explanation (private).

Rules, in order (the docstring of :func:`okrlab.audit` repeats them):

1. ``insufficient_data``: fewer than ``min_periods`` pairs, or a series that
   never changes.
2. ``decoupled``: the stability step (recent window vs history, and a
   break search; one combined p-value, false-discovery controlled across
   KPIs) finds the link significantly weaker now, and before it was at
   least ``min_r`` in size (either sign, so that decoupled is symmetric like
   misaligned and predictive). The explanation follows the numbers: "no
   longer goes with" only when the link now (``r_now``) is smaller than
   ``min_r`` in size; "reversed" when it is at least ``min_r`` with the
   opposite sign; otherwise "weakened ... though it is still at least
   ``min_r``".
3. No link (the changes' p >= alpha, equivalently the interval includes 0):
   ``spurious_trend`` if the levels correlate (``|r| >= levels_r_min``),
   else ``not_predictive``.
4. A link whose strongest lag has the outcome first: ``follows``.
5. A link smaller than ``min_r``: ``weak``.
6. Same period (lag 0): ``coincident``. KPI first: ``predictive`` when the
   KPI's past also adds to the outcome's own past (incremental p < alpha),
   else ``weak``.
7. ``misaligned`` replaces ``predictive`` or ``coincident`` when the KPI's
   direction is known and the sign is the opposite of the expected one: the
   same evidence and size thresholds, opposite sign.
"""

from __future__ import annotations

import math

from ._prepare import _UNIT1, _UNITS

LINK_VERDICTS = ("predictive", "coincident", "weak", "misaligned")
NO_LINK_VERDICTS = ("not_predictive", "spurious_trend")


def decide(ev, *, alpha, min_r):
    """The verdict for one KPI from its evidence dict (see the module docstring)."""
    if not ev["tested"]:
        return "insufficient_data"
    st = ev["stability"]
    if st and st["significant"] and abs(st["r_then"]) >= min_r:
        return "decoupled"
    if not ev["link"]:
        return "spurious_trend" if ev["shared_trend"] else "not_predictive"
    if ev["lead"] == "outcome_leads":
        return "follows"
    if abs(ev["r"]) < min_r:
        return "weak"
    if ev["lead"] == "coincident":
        v = "coincident"
    else:
        inc = ev["incremental_p"]
        v = "predictive" if inc is not None and math.isfinite(inc) and inc < alpha else "weak"
    wrong = ev["exp_sign"] and math.copysign(1, ev["r"]) == -ev["exp_sign"]
    if wrong and v in ("predictive", "coincident"):
        return "misaligned"
    return v


def _fmt_p(p):
    if p is None or not math.isfinite(float(p)):
        return "n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _periods(k, code):
    k = abs(int(k))
    return f"{k} {_UNIT1[code] if k == 1 else _UNITS[code]}"


def _core_sentence(res):
    k, o, code = res.kpi, res.outcome, res.freq
    u1 = _UNIT1[code]
    lag = res.best_lag
    what = f"{u1}-to-{u1} changes" if res.compared == "changes" else f"{res.compared} ({u1}ly)"
    if lag == 0:
        where = f"{k} moves together with {o} in the same {u1}"
    elif lag > 0:
        where = f"{k} leads {o} by {_periods(lag, code)}"
    else:
        where = f"{k} follows {o} by {_periods(lag, code)}"
    lvl = res.changes["level"]
    ci = f"{100 * lvl:.4g}% interval {res.changes_r_text()}"
    if res.lag_mode == "fixed":
        how = f"at the lag fixed in advance ({lag} {_UNITS[code]})"
    else:
        n_lags = res.adjusted_for["lags"]
        how = (
            f"the strongest of the {n_lags} lags searched; the p-value and the interval pay "
            "for that search"
        )
    many = res.adjusted_for["kpis"]
    adj = (
        f", and for the {many} KPIs audited together (false-discovery control)" if many > 1 else ""
    )
    if res.lead is None:
        return (
            f"Comparing {what}, the largest correlation (where {where}) is "
            f"r = {res.changes_r:.2f}, within chance ({ci}, {_fmt_p(res.p)}; {how}{adj})."
        )
    return (
        f"Comparing {what}, the strongest link is where {where}: "
        f"r = {res.changes_r:.2f} ({ci}, {_fmt_p(res.p)}; {how}{adj})."
    )


def _stability_sentence(res):
    st, unit = res.stability, _UNITS[res.freq]
    if st["source"] == "recent":
        r = res.recent
        return (
            f"r = {r['r_recent']:.2f} in those {r['window']} {unit}, against "
            f"{r['r_history']:.2f} before (recent-window test {_fmt_p(st['p'])})."
        )
    b = res.break_
    return (
        f"95% interval for the date of the change: {b['date_low'].date()} to "
        f"{b['date_high'].date()}; r = {b['r_before']:.2f} before and {b['r_after']:.2f} "
        f"after (break test {_fmt_p(st['p'])})."
    )


def _decoupled_lead(res, min_r):
    """First sentence of a ``decoupled`` explanation, in words the numbers support.

    "no longer" only when the link now is smaller than ``min_r`` in size;
    "reversed" when it is at least ``min_r`` with the opposite sign; else the
    link only "weakened" (it is still at least ``min_r``).
    """
    k, o, st = res.kpi, res.outcome, res.stability
    then, now = st["r_then"], st["r_now"]
    if st["source"] == "break" and res.break_ is not None:
        when = f" around {res.break_['date'].date()}"
    else:
        when = f" in the last {res.recent['window']} {_UNITS[res.freq]}"
    if abs(now) < min_r:
        return f"{k} used to go with {o} but no longer does (the change came{when})."
    if math.copysign(1, now) != math.copysign(1, then):
        return f"The link between {k} and {o} reversed its sign{when}."
    return (
        f"The link between {k} and {o} weakened{when}, though at r = {now:.2f} it is still "
        f"at least {min_r} in size."
    )


def explain(res, *, alpha, min_r):
    """One paragraph quoting the numbers, in the data's unit (week, month, ...)."""
    k, o, v = res.kpi, res.outcome, res.verdict
    if v == "insufficient_data":
        why = res.notes[-1] if res.notes else ""
        return (
            f"There is not enough usable data to audit {k} against {o}: {res.n} "
            f"{_UNITS[res.freq]} after cleaning ({why}). Collect more periods or lower max_lag."
        )
    core = _core_sentence(res)
    inc = res.incremental.get("p")
    inc_text = (
        f" Beyond {o}'s own past, {k}'s past changes add information with {_fmt_p(inc)}."
        if inc is not None and math.isfinite(inc)
        else ""
    )
    levels = f"The levels correlate at {res.levels_r:.2f}"
    if v == "predictive":
        text = f"{k} predicts {o}. {core}{inc_text}"
    elif v == "coincident":
        text = (
            f"{k} moves together with {o} in the same {_UNIT1[res.freq]}, but does not lead "
            f"it. {core} Use it as a health signal, not as a leading indicator."
        )
    elif v == "follows":
        text = (
            f"{k} follows {o}: it is a lagging indicator. {core} It confirms what {o} did; "
            "it cannot warn you in advance."
        )
    elif v == "weak":
        text = f"{k} is only weakly linked to {o}. {core}{inc_text}"
        if abs(res.changes_r) < min_r:
            text += f" The link is smaller than {min_r} in size: too noisy to steer by."
        else:
            text += f" Its lead adds nothing significant beyond {o}'s own past."
    elif v == "not_predictive":
        text = (
            f"{k} does not predict {o}. {core} {levels}, too weak to suggest a shared trend. "
            "Treat it as a diagnostic or vanity metric, not a KPI for this outcome."
        )
    elif v == "spurious_trend":
        dw = res.durbin_watson
        text = (
            f"{k} only looks related to {o} because both trend. {levels} (R² "
            f"{res.levels_r**2:.2f} against Durbin-Watson {dw:.2f}), but their changes are "
            f"not related. {core}"
        )
    elif v == "misaligned":
        good = "rises" if res.expected_sign > 0 else "falls"
        text = (
            f"{k} is misaligned with {o}: the relation has the wrong sign. {core} When {k} "
            f"improves (it {good}), {o} tends to get worse: a Goodhart warning."
        )
    else:  # decoupled
        text = f"{_decoupled_lead(res, min_r)} {_stability_sentence(res)} " + (
            f"Over the whole period, c{core[1:]}"
        )
    if v in ("predictive", "coincident", "weak"):
        if res.direction is None:
            text += " No KPI direction was given, so the sign was not checked."
        elif math.copysign(1, res.changes_r) == res.expected_sign:
            text += " The relation has the expected sign."
        else:
            text += " The relation has the opposite sign to the expected one."
    return text
