"""The checks behind the rules: each returns None (passed), a hit or _NA."""

from __future__ import annotations

import re

from ._model import (
    _KR,
    _NA,
    _Context,
    _first_verb,
    _fmt,
    _gameable_metric,
    _has_phrase,
    _Hit,
    _kr_has_target,
    _norm,
    _Objective,
)
from ._numbers import parse_kr
from .vocabulary import (
    GENERIC_OBJECTIVE_WORDS,
    MAX_KRS,
    MAX_OBJECTIVES_NO_OWNER,
    MAX_OBJECTIVES_PER_TEAM,
    MIN_KRS,
    OUTPUT_NOUNS,
    STOP_WORDS,
    TASK_VERBS,
    VANITY_METRICS,
)


def _check_objective_count(obj: _Objective, ctx: _Context):
    owner = obj.owner or ctx.doc.owner
    period = obj.period or ctx.doc.period
    key = (owner, period)
    n = ctx.group_counts.get(key, 0) + 1
    ctx.group_counts[key] = n
    limit = MAX_OBJECTIVES_PER_TEAM if owner else MAX_OBJECTIVES_NO_OWNER
    if n <= limit:
        return None
    who = f"'{owner}'" if owner else "one set with no owner named"
    when = f" in {period}" if period else ""
    return _Hit(
        obj.title,
        f"This is objective {n} for {who}{when}; good practice is at most {limit}.",
    )


def _check_kr_count(obj: _Objective, ctx: _Context):
    n = len(obj.krs)
    if MIN_KRS <= n <= MAX_KRS:
        return None
    if n < MIN_KRS:
        return _Hit(
            obj.title,
            f"The objective has {n} key result{'s' if n != 1 else ''}; 2 to 5 are needed.",
            why="A single key result can be hit while the objective is missed; two or more "
            "show the objective from different sides.",
            suggestion="Add a key result that measures the objective from another angle, "
            "e.g. a quality metric next to a volume metric.",
        )
    return _Hit(
        obj.title,
        f"The objective has {n} key results; more than 5 scatters attention.",
        why="With many key results no single one gets the team's focus, and the objective "
        "becomes hard to grade.",
        suggestion="Keep the 3-5 that best show the objective is achieved; track the rest "
        "as KPIs or move tasks to the project plan.",
    )


def _check_objective_is_metric(obj: _Objective, ctx: _Context):
    p = parse_kr(obj.title)
    numeric_target = p.target is not None and (p.unit not in (None, "count") or p.bound)
    if p.baseline is None and p.change is None and not numeric_target:
        return None
    shown = next((q.text for q in p.quantities), obj.title)
    return _Hit(shown, f"The objective '{obj.title}' is a number to hit ({shown}).")


def _check_vague_objective(obj: _Objective, ctx: _Context):
    words = re.findall(r"[a-z][\w'-]*", obj.title.lower())
    specific = [w for w in words if w not in GENERIC_OBJECTIVE_WORDS and w not in STOP_WORDS]
    if specific or any(ch.isdigit() for ch in obj.title):
        return None
    if not obj.title.strip():
        return _Hit("", "The objective has no title.")
    return _Hit(obj.title, f"'{obj.title}' is too generic to steer by.")


def _check_missing_deadline(obj: _Objective, ctx: _Context):
    if obj.period or ctx.doc.period or parse_kr(obj.title).deadline:
        return None
    if obj.krs and all(kr.due or kr.parsed.deadline for kr in obj.krs):
        return None
    return _Hit(obj.title, f"No period or due date is given for '{obj.title}'.")


def _check_activity(kr: _KR, obj: _Objective, ctx: _Context):
    verb = _first_verb(kr.text)
    if verb not in TASK_VERBS:
        return _NA
    if kr.baseline is not None or (kr.target is not None and kr.parsed.target is None):
        return None  # structured numbers make it measurable
    outcome = False
    outputs = []
    for q in kr.parsed.quantities:
        if q.unit == "count" and q.noun:
            head = q.noun.split()[-1].lower()
            if head in OUTPUT_NOUNS:
                outputs.append(f"{q.text} {q.noun}")
                continue
        outcome = True
    if outcome:
        return None
    if outputs:
        return _Hit(
            verb,
            f"'{kr.text}' counts output ({', '.join(outputs)}), not an outcome.",
        )
    return _Hit(verb, f"'{kr.text}' is a task ('{verb}'), not an outcome.")


def _check_not_measurable(kr: _KR, obj: _Objective, ctx: _Context):
    if kr.parsed.has_number or kr.target is not None or kr.parsed.change is not None:
        return None  # "Double X" states a relative change; missing-baseline asks "from what?"
    return _Hit(kr.text, f"'{kr.text}' has no number.")


def _is_new_thing(kr: _KR) -> bool:
    return any(
        q.noun and re.match(r"(?:new|first)\b", q.noun.lower()) for q in kr.parsed.quantities
    )


def _check_missing_baseline(kr: _KR, obj: _Objective, ctx: _Context):
    if not _kr_has_target(kr) or kr.parsed.direction == "maintain":
        return _NA
    if kr.baseline is not None or _is_new_thing(kr):
        return None
    if kr.target is not None:
        what = f"a target ({_fmt(kr.target)}{'' if kr.unit in (None, 'count') else ' ' + kr.unit})"
        fix = f"Add where the metric is today: 'from X to {_fmt(kr.target)}'."
    else:
        change = f"{_fmt(kr.parsed.change)}{'%' if kr.parsed.change_unit == '%' else ' ' + str(kr.parsed.change_unit or '')}"
        what = f"a change (by {change.strip()})"
        fix = "Add where the metric is today and the value that change leads to: 'from X to Y'."
    return _Hit(
        kr.text,
        f"'{kr.text}' states {what} but no starting value.",
        suggestion=fix + " If the metric is new, say 'from 0'.",
    )


def _check_gameable(kr: _KR, obj: _Objective, ctx: _Context):
    if kr.parsed.direction == "maintain":
        return _NA  # "keep CPL below $120" is itself a guardrail
    found = _gameable_metric(kr.text) or (
        _gameable_metric(kr.metric.replace("_", " ")) if kr.metric else None
    )
    if found is None:
        return _NA
    name, g, phrase = found
    if kr.guardrails:
        return None
    texts = [k.text for k in obj.krs] + [" ".join(k.guardrails) for k in obj.krs]
    if any(_has_phrase(t, guard) for t in texts for guard in g.guards):
        return None
    return _Hit(
        phrase,
        f"'{kr.text}' targets {name}, which is easy to move without helping the business: {g.how}.",
        suggestion=f"Pair it with a guardrail on {g.guardrail}, as another key result "
        f"(e.g. 'keep {g.guardrail.split(' or ')[0].split(' (')[0]} at or above today's level') "
        "or in a 'guardrails:' field.",
    )


def _check_vanity(kr: _KR, obj: _Objective, ctx: _Context):
    for phrase in sorted(VANITY_METRICS, key=len, reverse=True):
        if _has_phrase(kr.text, phrase):
            return _Hit(
                phrase,
                f"'{kr.text}' targets {phrase}, a vanity metric.",
                suggestion=f"Measure what the attention leads to instead: "
                f"{VANITY_METRICS[phrase]}.",
            )
    return None


def _check_maintain(kr: _KR, obj: _Objective, ctx: _Context):
    if kr.parsed.direction != "maintain":
        return None
    if any(
        q.unit == "count" and q.noun and q.noun.split()[-1].lower() in OUTPUT_NOUNS
        for q in kr.parsed.quantities
    ):
        return None  # "Hold 4 webinars" is a task (activity-not-outcome), not a level
    return _Hit(kr.parsed.verb or kr.text, f"'{kr.text}' asks to keep a number where it is.")


def _check_duplicate(kr: _KR, obj: _Objective, ctx: _Context):
    key = _norm(kr.text)
    if not key:
        return _NA
    if key in ctx.seen_krs:
        first = ctx.seen_krs[key]
        where = f" on line {first}" if first else ""
        return _Hit(kr.text, f"'{kr.text}' repeats the key result{where}.")
    ctx.seen_krs[key] = kr.line
    return None
