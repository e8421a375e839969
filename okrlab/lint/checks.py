"""Key-result checks: each returns None (passed), a hit (failed) or _NA (not applicable).

Every check reads :class:`okrlab.lint._facts.KRFacts`, worked out once per key result from its
sentence structure (:mod:`okrlab.lint._sentence`) and its numbers
(:mod:`okrlab.lint._numbers`): what is counted or measured, whether that is an
artifact (posts, calls, integrations, hires) or a result (customers, revenue,
a rate, a time), and which clauses the key result has.
"""

from __future__ import annotations

import re

from ._facts import (
    _COMPARATIVES,
    _MEASURED_BY_RE,
    CHANGE_WORDS,
    _kr_has_target,
    _moves,
    facts,
)
from ._kr_words import _is_artifact, _noun_phrase_after, _result_sense
from ._model import (
    _KR,
    _NA,
    _Context,
    _fmt,
    _gameable_metric,
    _has_phrase,
    _Hit,
    _norm,
    _Objective,
    longest_first,
)
from ._sentence import analyse, normalise, singular, verb_lemma, words
from .vocabulary import (
    GAMEABLE_METRICS,
    HOMONYMS,
    INPUT_METRICS,
    INPUT_VERBS,
    MEASURE_NOUNS,
    PEOPLE_NOUNS,
    RATE_WORDS,
    TASK_VERBS,
    VANITY_METRICS,
)

# -- the checks -------------------------------------------------------------------


#: A state of people or product described without a number ("Sales reps are using the new
#: pricing model", "Team members rely on the handbook"): unmeasured outcomes, not tasks.
_STATE_QUALITY_RE = re.compile(
    r"\b(?:is|are|feel|feels|remain|remains|stays?)\s+(?:\w+ly\s+)?(?:more\s+)?(?:fast|faster|"
    r"happy|happier|thriving|easy|easier|simple|clear|reliable|stable|satisfied|confident|"
    r"engaged|productive|effective|healthy|delighted|quick|quicker|intuitive|accurate|"
    r"consistent|smooth|secure|trusted|predictable|painless|timely)\b|\b(?:are|is)\s+(?:\w+ly\s+)?using\b|"
    r"\brel(?:y|ies)\s+on\b",
    re.I,
)


#: Further states without a number: "Pipeline coverage sufficient to hit plan", "Reps are
#: actively coaching each other", "Releases are run smoothly", "Understanding of why users
#: churn" (a gerund used as a noun).
_STATE_MORE_RE = re.compile(
    r"\b(?:sufficient|enough|adequate)\s+(?:to|for)\b"
    r"|\b(?:is|are|be|been)\s+(?:\w+ly\s+)?(?P<ing>\w+ing)\b"
    r"|\b(?:is|are|be|been)\s+\w+\s+(?:efficiently|effectively|smoothly|reliably|seamlessly|"
    r"consistently|well)\b"
    r"|^\W*(?P<noun>understanding|knowing|knowledge)\s+of\b"
    r"|\b(?:is|are|been)\s+(?:successfully|well|smoothly|reliably|efficiently|effectively)\s+"
    r"(?P<part>\w+ed)\b",
    re.I,
)
_BE = {"is", "are", "was", "were", "be", "been"}
#: What people do with a product or a change, said as a present state: an outcome.
_BEHAVIOUR_VERBS = {"use", "rely", "recommend", "trust", "prefer", "love", "adopt", "buy",
                    "return", "renew", "choose", "engage", "report", "say", "feel"}  # fmt: skip
_ACTORS = PEOPLE_NOUNS | {"customer", "user", "client", "member", "buyer", "subscriber",
                          "partner", "teammate", "employee", "developer", "student", "patient",
                          "shopper", "visitor", "reader", "manager", "leader"}  # fmt: skip
_EFFORT_GERUNDS = {"working", "going", "planning", "trying", "looking", "aiming", "being"}


#: A movement said with a phrasal verb and no number ("Resolution time goes down").
_PHRASAL_CHANGE_RE = re.compile(
    r"\b(?:go|goes|went|gone|going|trends?|trending|moves?|moving)\s+"
    r"(?:up|down|upwards?|downwards?)\b|\b(?:comes?|coming)\s+down\b",
    re.I,
)


def _state_first(kr: _KR, s) -> bool:
    """A state of people or product, with no number, said before any task verb."""
    if kr.parsed.has_number or kr.parsed.change is not None:
        return False
    if _PHRASAL_CHANGE_RE.search(kr.text):
        return True
    if s.verb_at and s.verb in _BEHAVIOUR_VERBS:
        before = s.words[s.verb_at - 1]
        after = s.words[s.verb_at + 1 : s.verb_at + 4]
        by_people = "by" in after and singular(after[-1]) in _ACTORS
        if (s.verb_form == "finite" and s.head in _ACTORS) or (
            s.verb_form == "participle" and before in _BE and by_people
        ):
            return True  # "Sales reps use the new pricing model", "The model is used by reps"
    for m in (*_STATE_QUALITY_RE.finditer(kr.text), *_STATE_MORE_RE.finditer(kr.text)):
        ing = m.groupdict().get("ing") or m.groupdict().get("noun") or m.groupdict().get("part")
        if ing and (ing.lower() in _EFFORT_GERUNDS or verb_lemma(ing.lower()) in TASK_VERBS):
            continue  # "V2 updates are rolling out", "is working on": still a task
        at = len(words(normalise(kr.text[: m.start()])))
        if s.verb_at is None or at <= s.verb_at or s.verb not in TASK_VERBS:
            return True
    return False


def _check_activity(kr: _KR, obj: _Objective, ctx: _Context):
    f = facts(kr)
    s = analyse(kr.text)
    if f.measures:
        return None  # a measured result (a task verb beside it is a means)
    if f.compound and _MEASURED_BY_RE.search(kr.text):
        return None  # "Reorganise X, as measured by Y": compound-kr names the task and its metric
    if f.compound and f.compound.startswith("it joins a task") and _moves(kr.text):
        return None  # "Automate X, cutting Y from 10 to 4 days": compound-kr names both parts
    if f.outputs:
        return _Hit(
            f.outputs[0],
            f"'{kr.text}' counts output ({', '.join(f.outputs)}), not an outcome.",
        )
    if _state_first(kr, s):
        return _NA  # "The handbook is fast to search": an outcome with no number
    if _result_without_number(kr, s):
        return _NA  # "We have achieved measurable pipeline": not-measurable's job
    if f.task:
        how = {"participle": "reports a task as done", "gerund": "describes a task"}.get(
            s.verb_form or "", "is a task"
        )
        return _Hit(s.verb or kr.text, f"'{kr.text}' {how} ('{s.verb}'), not an outcome.")
    if s.verb is None and _is_artifact(s.head, None, s.object):
        return _Hit(s.object, f"'{kr.text}' names a deliverable ({s.object}), not an outcome.")
    if kr.parsed.has_number or kr.parsed.change is not None:
        return _NA
    if _STATE_QUALITY_RE.search(kr.text):
        return _NA  # "The handbook is fast to search": an outcome with no number
    if (
        s.verb is None
        and s.head is not None
        and singular(s.head) in _METRIC_NAME_HEADS
        and s.object
        and s.object.split()[0] == s.words[0]  # the name opens the key result
    ):
        return _NA  # "Time to create a weekly schedule": a metric named without a number
    lead = [verb_lemma(w) or w for w in s.words[:2]] + [s.verb]
    lead += [w for w in s.words if w in _COMPARATIVES]  # "Make onboarding faster"
    artifact = _is_artifact(s.head, s.verb, s.object) and not _result_sense(s.head, s.text)
    if any(w in CHANGE_WORDS or w in _COMPARATIVES for w in lead) and not artifact:
        return _NA  # "Improve SEO": an outcome with no number (not-measurable's job)
    return _Hit(
        s.object or kr.text,
        f"'{kr.text}' describes something to do or to have in place, not a measured outcome.",
    )


#: Heads of a metric's name: a bare "Time to first reply" or "Variance in shift cover" names
#: what is measured and lacks only its number (not-measurable's job, not a task).
_METRIC_NAME_HEADS = {
    "time", "duration", "variance", "deviation", "frequency", "percentage", "proportion",
    "number", "count", "average", "median", "mean", "ratio", "rate", "score", "conversion",
    "retention", "churn", "revenue", "cost", "latency", "uptime", "accuracy", "nps", "csat",
    "margin", "satisfaction", "adoption", "engagement", "availability", "coverage",
}  # fmt: skip


def _result_without_number(kr: _KR, s) -> bool:
    """'Retain a strong reputation with reviewers': a result verb on a measure, no number."""
    if kr.parsed.has_number or kr.parsed.change is not None:
        return False
    return s.verb in _ATTAIN_VERBS and s.head in MEASURE_NOUNS


#: Result verbs that name attaining a level ("have", "make", "use" say too little).
_ATTAIN_VERBS = {"reach", "achieve", "attain", "hit", "win", "retain", "earn", "secure", "gain",
                 "exceed", "surpass", "beat", "sustain", "grow", "expand"}  # fmt: skip


def _check_not_measurable(kr: _KR, obj: _Objective, ctx: _Context):
    if kr.parsed.has_number or kr.target is not None or kr.parsed.change is not None:
        return None  # "Double X" states a relative change; missing-baseline asks "from what?"
    return _Hit(kr.text, f"'{kr.text}' has no number.")


#: A change stated against a named earlier period has its baseline ("up 50 over last quarter").
_RELATIVE_RE = re.compile(
    r"\b(?:over|vs\.?|versus|compared (?:to|with)|than|from|on) (?:the )?(?:previous|last|prior|"
    r"same) (?:quarter|year|month|period|week|sprint)|\b(?:year|quarter|month|week)[- ]over[- ]"
    r"(?:year|quarter|month|week)\b|\b(?:yoy|qoq|mom|wow)\b"
    r"|\b(?:compared (?:to|with)|vs\.?|versus|than(?: it was)?(?: in)?)\s+(?:the\s+)?"
    r"(?:(?:corresponding|same|matching|equivalent|comparable)\s+"
    r"(?:20\d\d\s+)?(?:quarter|year|month|period|week)|q[1-4]\b|h[12]\b|fy|20\d\d)",
    re.I,
)


def _several_targets(kr: _KR) -> bool:
    """'Convert 50+ users with 30%+ engagement': a compound whose numbers are all targets."""
    p = kr.parsed
    return (
        p.target is None
        and p.change is None
        and p.baseline is None
        and len(p.quantities) >= 2
        and facts(kr).compound is not None
        and bool(facts(kr).measures)
    )


def _check_missing_baseline(kr: _KR, obj: _Objective, ctx: _Context):
    if kr.parsed.direction == "maintain":
        return _NA
    if not _kr_has_target(kr):
        if not _several_targets(kr) or _RELATIVE_RE.search(kr.text):
            return _NA
        shown = ", ".join(q.text for q in kr.parsed.quantities)
        return _Hit(
            kr.text,
            f"'{kr.text}' sets several targets ({shown}) and no starting value for any.",
            suggestion="Split it into one key result per metric, each 'from X to Y'.",
        )
    if kr.baseline is not None or _RELATIVE_RE.search(kr.text):
        return None
    if kr.target is not None:
        what = f"a target ({_fmt(kr.target)}{'' if kr.unit in (None, 'count') else ' ' + kr.unit})"
        fix = f"Add where the metric is today: 'from X to {_fmt(kr.target)}'."
    else:
        unit = kr.parsed.change_unit
        change = f"{_fmt(kr.parsed.change)}{'%' if unit == '%' else ' ' + str(unit or '')}"
        what = f"a change (by {change.strip()})"
        fix = "Add where the metric is today and the value that change leads to: 'from X to Y'."
    return _Hit(
        kr.text,
        f"'{kr.text}' states {what} but no starting value.",
        suggestion=fix + " If the metric is new, say 'from 0'.",
    )


#: A target written as a word: "from 3 deploys a week to daily", "to real-time".
_TARGET_IN_WORDS_RE = re.compile(
    r"\bto\s+(?:daily|weekly|hourly|monthly|real[- ]time|on[- ]demand|same[- ]day|continuous|"
    r"instant|none|zero)\b",
    re.I,
)


def _check_missing_target(kr: _KR, obj: _Objective, ctx: _Context):
    if kr.baseline is None:
        return _NA
    if kr.target is not None or kr.parsed.change is not None or kr.parsed.direction == "maintain":
        return None  # "Maintain an average of 4.8": the level is the target
    if _TARGET_IN_WORDS_RE.search(kr.text):
        return None  # "from 3x/week to daily"
    return _Hit(
        _fmt(kr.baseline),
        f"'{kr.text}' says where the metric starts ({_fmt(kr.baseline)}) but not where it "
        "should end.",
        suggestion=f"Add the target and the date: 'from {_fmt(kr.baseline)} to Y by <date>'.",
    )


_CLAUSE_CUT_RE = re.compile(r"[;,]\s|\.\s|\s(?:and|plus)\s", re.I)


def _change_clause(kr: _KR) -> str:
    """The clause holding the relative change ('..., and cut replacements by 30%')."""
    p = kr.parsed
    plain = p.plain or kr.text
    at = next((q for q in p.quantities if q.value == p.change and q.unit == p.change_unit), None)
    if at is None:
        return kr.text
    cuts = [0] + [m.end() for m in _CLAUSE_CUT_RE.finditer(plain, 0, at.start)]
    end = _CLAUSE_CUT_RE.search(plain, at.end)
    return plain[cuts[-1] : end.start() if end else len(plain)]


#: Rate words whose other forms count things: "social shares", "shared dashboards".
_RATE_FORMS = {"share": r"\bshare\b(?!d)"}


def _is_rate(kr: _KR) -> bool:
    clause = _change_clause(kr)
    text = clause.lower()
    if any(
        _has_phrase(text, w) or re.search(_RATE_FORMS.get(w, rf"\b{w}\w*"), text)
        for w in RATE_WORDS
    ):
        return True
    if clause.strip() != (kr.parsed.plain or kr.text).strip():
        return False  # the other clauses' levels are not what changes
    return kr.unit == "%" and kr.baseline is None


def _check_percent_vs_points(kr: _KR, obj: _Objective, ctx: _Context):
    p = kr.parsed
    if p.change is None or p.change_unit != "%" or p.quantities == ():
        return _NA
    if kr.baseline is not None and kr.target is not None:
        return _NA  # both ends are stated: nothing to misread
    if not _is_rate(kr):
        return None
    n = _fmt(p.change)
    return _Hit(
        f"{n}%",
        f"'{kr.text}' changes a rate by {n}%: that can mean {n} percentage points or {n}% "
        "of today's value, two very different targets.",
        suggestion=f"Write both ends ('from 2.0% to 2.6%'), or say '{n} percentage points' "
        f"or 'a relative {n}%'.",
    )


def _check_compound(kr: _KR, obj: _Objective, ctx: _Context):
    why = facts(kr).compound
    if why is None:
        return None
    return _Hit(
        kr.text,
        f"'{kr.text}' is two key results in one: {why}.",
        suggestion="Split it: one key result per metric; move the task to the project plan "
        "(it is the means, the metric is the result).",
    )


def _input_phrase(kr: _KR) -> str | None:
    text = kr.text.lower()
    for phrase in INPUT_METRICS:
        if _has_phrase(text, phrase):
            return phrase
    return None


def _check_input(kr: _KR, obj: _Objective, ctx: _Context):
    s = analyse(kr.text)
    phrase = _input_phrase(kr)
    money = any(q.unit in {"USD", "EUR", "GBP"} for q in kr.parsed.quantities)
    spend_verb = s.verb in INPUT_VERBS and money
    if phrase is None and not spend_verb:
        return _NA
    if not spend_verb and kr.parsed.direction != "increase":
        return None  # "cut CAC spend" or "keep headcount flat" is not an input dressed up
    shown = phrase or s.verb
    return _Hit(
        shown,
        f"'{kr.text}' grows an input ({shown}); spending more is a decision, not a result.",
        suggestion="Measure what the extra input should buy, e.g. 'Increase qualified "
        "pipeline from $X to $Y' with the budget as a constraint.",
    )


def _homonym(text: str, phrase: str) -> bool:
    pattern = HOMONYMS.get(phrase) or HOMONYMS.get(phrase.split()[-1])
    return bool(pattern and re.search(pattern, text.lower()))


def _guard_text(text: str) -> str:
    # "marketing-qualified leads" is the metric's name, not a quality guardrail
    return re.sub(r"marketing[- ]qualified|\bmqls?\b", " ", text.lower())


def _measured_text(kr: _KR) -> str:
    """The words naming what the key result moves (not its conditions or purpose)."""
    p = kr.parsed
    if not p.quantities and p.change is None and p.direction is None:
        return ""  # nothing is targeted
    if re.match(r"^\W*\d+(?:\.\d+)?\s?%\s+of\b", p.plain or ""):
        return ""  # "100% of inbound leads are scored": a share meeting a condition
    s = analyse(kr.text)
    parts = [s.object]
    if s.verb_at is not None:
        parts.append(" ".join(_noun_phrase_after(list(s.words), s.verb_at + 1)))
    if s.verb and s.verb_at == 0 and s.object:  # "Close 200 tickets" -> "tickets closed"
        parts.append(f"{s.object} {s.verb.removesuffix('e')}ed")
    parts += facts(kr).phrases
    return " ; ".join(x for x in parts if x)


#: Support speed however it is phrased: "time it takes to resolve claims", "tickets answered
#: within 1 business day", "95% of questions resolved in 2 days".
_SUPPORT_SPEED_RE = re.compile(
    r"\btime\s+(?:it\s+takes\s+)?to\s+(?:first\s+)?(?:resolve|respond|reply|close)\b"
    r"|\b(?:resolved?|respond(?:ed)?|answered|replied|closed)\b[^.;]{0,50}?\b(?:within|in|under)"
    r"\s+(?:\d+(?:\.\d+)?|a|an)\s*(?:business\s+|working\s+)?(?:hours?|days?|minutes?|weeks?)\b",
    re.I,
)


def _support_speed(kr: _KR):
    if kr.parsed.direction == "increase":
        return None
    m = _SUPPORT_SPEED_RE.search(kr.parsed.plain or kr.text)
    if m is None:
        return None
    return "response time", GAMEABLE_METRICS["response time"], m.group(0).lower()


def _check_gameable(kr: _KR, obj: _Objective, ctx: _Context):
    if kr.parsed.direction == "maintain":
        return _NA  # "keep CPL below $120" is itself a guardrail
    found = (
        _gameable_metric(_measured_text(kr))
        or (_gameable_metric(kr.metric.replace("_", " ")) if kr.metric else None)
        or _support_speed(kr)
    )
    if found is None or _homonym(kr.text, found[2]):
        return _NA
    name, g, phrase = found
    if kr.guardrails:
        return None
    key = ("guard-text", id(obj))
    if key not in ctx.group_counts:
        texts = [_guard_text(k.text) for k in obj.krs] + [" ".join(k.guardrails) for k in obj.krs]
        ctx.group_counts[key] = " \n ".join(texts).lower()
    if any(_has_phrase(ctx.group_counts[key], guard) for guard in g.guards):
        return None
    return _Hit(
        phrase,
        f"'{kr.text}' targets {name}, which is easy to move without helping the business: {g.how}.",
        suggestion=f"Pair it with a guardrail on {g.guardrail}, as another key result "
        f"(e.g. 'keep {g.guardrail.split(' or ')[0].split(' (')[0]} at or above today's level') "
        "or in a 'guardrails:' field.",
    )


def _check_vanity(kr: _KR, obj: _Objective, ctx: _Context):
    text = kr.text.lower()
    for phrase in longest_first(tuple(VANITY_METRICS)):
        if phrase in text and _has_phrase(text, phrase) and not _homonym(text, phrase):
            return _Hit(
                phrase,
                f"'{kr.text}' targets {phrase}, a vanity metric.",
                suggestion=f"Measure what the attention leads to instead: "
                f"{VANITY_METRICS[phrase]}.",
            )
    return None


_UP_TO_DATE_RE = re.compile(r"\b(?:up to date|up-to-date|current|in sync|alive|on track)\b", re.I)


def _check_maintain(kr: _KR, obj: _Objective, ctx: _Context):
    if kr.parsed.direction != "maintain":
        return None
    s = analyse(kr.text)
    if s.verb not in {"keep", "maintain", "hold", "sustain", "stay", "remain", "preserve",
                      "protect"} and not re.search(r"\b(?:stay|remain)s?\b", kr.text, re.I):  # fmt: skip
        return None  # "Rebuild the handbook and keep it up to date": keep is not the main verb
    if facts(kr).outputs or _UP_TO_DATE_RE.search(kr.text):
        return None  # "Hold 4 webinars" is a task (activity-not-outcome), not a level
    return _Hit(s.verb or kr.text, f"'{kr.text}' asks to keep a number where it is.")


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
