"""Objective checks: counts, KPI names and numbers as objectives, vague, output and task
objectives, objectives that only maintain, missing deadlines."""

from __future__ import annotations

import re
from functools import lru_cache

from ._model import _Context, _Hit, _Objective
from ._numbers import DIRECTION_VERBS, parse_kr
from ._objective_read import QUANTITY_VERBS, counted_kpi, read_objective
from ._objective_words import CONDITIONAL_WORK_VERBS, WORK_VERBS
from ._sentence import analyse, normalise, verb_lemma, without_asides, words
from .vocabulary import (
    AREA_NOUNS,
    GENERIC_OBJECTIVE_WORDS,
    MAX_KRS,
    MAX_OBJECTIVES_NO_OWNER,
    MAX_OBJECTIVES_PER_TEAM,
    METRIC_MODIFIERS,
    METRIC_WORDS,
    MIN_KRS,
    OUTPUT_OBJECTIVE_VERBS,
    STOP_WORDS,
    TASK_OBJECTIVE_VERBS,
)

#: Verbs that only point a metric somewhere ("Increase sales", "Improve retention").
_POINTING_VERBS = set(DIRECTION_VERBS) | {
    "improve", "drive", "boost", "maximise", "maximize", "optimise", "optimize", "hit",
    "reach", "achieve", "deliver", "generate", "win", "get", "more", "higher", "lower",
    "better", "enhance", "double", "triple", "halve",
}  # fmt: skip
_HOLD_AN_EVENT_RE = re.compile(r"^(?:hold|host)(?:ing)?\s+(?:a|an|our|the)\b", re.I)
_MAINTAIN_VERBS = {"keep", "maintain", "sustain", "preserve", "protect", "hold", "stay", "remain",
                   "retain"}  # fmt: skip
_NOT_MAINTAIN_RE = re.compile(
    r"\b(?:up to date|up-to-date|growing|improving|increasing|building|shipping|learning|"
    r"getting better|in sync)\b|\bkeep(?:s|ing)?\s+(?:on\s+)?\w+ing\b",
    re.I,
)


#: A sentence frame around the aim: "We will X", "Our goal is to X", "To X".
_FRAME_RE = re.compile(
    r"^(?:(?:we|i|the team|our team|this team)\s+(?:will|shall|must|should|'ll|want to|"
    r"need to|aim to|intend to|plan to|are going to|commit to|would like to)\s+|"
    r"(?:our|the|my)\s+(?:goal|aim|objective|mission|ambition|focus)\s+(?:is|will be)\s+to\s+|"
    r"(?:continue|start|begin|strive|seek|aim|try|endeavou?r|work|commit|plan)\s+to\s+|"
    r"(?:work|focus|concentrate)\s+on\s+(?=\w+ing\b)|"
    r"(?:let's|lets|let\s+us)\s+|"
    r"to\s+(?=[a-z]))",
    re.I,
)
#: An adverb before the verb: "Significantly improve ...", "Successfully launch ...".
_LEADING_ADVERB_RE = re.compile(
    r"^(?!(?:apply|supply|comply|reply|rely|family|assembly|early|only|daily|weekly|monthly|"
    r"quarterly|yearly|friendly|holy|italy)\b)[a-z]{3,}ly,?\s+",
    re.I,
)
_WRAPPING_QUOTES = "\"'`*_ "
#: A team or area label set off by a dash or bar: "Growth - Win the mid-market".
_DASH_LABEL_RE = re.compile(r"^(?:[A-Z&][\w&/.'+]*\s+){0,3}[A-Z&][\w&/.'+]+\s+[-|]\s+(?=\S+\s+\S)")
#: Words with digits that only date the objective: "in Q3", "for FY25", "in 2026".
_PERIOD_WORDS_RE = re.compile(
    r"\b(?:(?:by|before|until|in|during|for|within|through|this|next|over)\s+(?:the\s+)?"
    r"(?:(?:end|start|beginning|middle)\s+of\s+(?:the\s+)?)?)?(?:q[1-4]|h[12]|fy\s?\d{2,4}|"
    r"(?:19|20)\d{2}(?:-\d{2})?|quarter|year|month|half|sprint|cycle|season|january|february|march|"
    r"april|may|june|july|august|september|october|november|december)\b",
    re.I,
)


@lru_cache(maxsize=1024)
def objective_text(title: str) -> str:
    """The objective as a team would say it: prefixes, wrapping quotes or emphasis and a
    "We will" / "Our goal is to" frame removed.

    Examples
    --------
    >>> objective_text("O1: “We will delight our customers”")
    'Delight our customers'
    """
    text = normalise(title)
    while len(text) > 2 and text[0] in _WRAPPING_QUOTES and text[-1] in _WRAPPING_QUOTES:
        text = normalise(text[1:-1])
    text = text.rstrip("\"'*_").strip()  # a closing quote after a full stop
    label = _DASH_LABEL_RE.match(text)
    if label:
        text = normalise(text[label.end() :])
    for _ in range(3):  # "We will continue to ...", "Continue to significantly ..."
        framed = _FRAME_RE.match(text) or _LEADING_ADVERB_RE.match(text)
        rest = words(text[framed.end() :]) if framed else []
        if not rest or rest[0] in STOP_WORDS or rest[0] in {"be", "the", "a", "an"}:
            break
        text = text[framed.end() :]
        text = text[:1].upper() + text[1:]
    return text


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


@lru_cache(maxsize=512)
def _word_re(phrase: str):
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])")


def _content(title: str) -> list[str]:
    """Content words of the objective (labels, parentheses, small words, adverbs and the
    period it is set for gone)."""
    text = _PERIOD_WORDS_RE.sub(" ", without_asides(title))
    return [
        w
        for w in words(text)
        if w not in STOP_WORDS and not w[0].isdigit() and not (w.endswith("ly") and len(w) > 4)
    ]


#: Words that do not stop an objective from being a bare KPI ("record revenue").
_METRIC_FILLER = {"record", "company", "company's", "score", "scores", "level", "levels",
                  "&", "and", "+", "rates", "numbers", "figures", "kpi", "kpis", "metric",
                  "metrics", "only", "paying", "accounts", "at", "existing"}  # fmt: skip
_COUNT_OF_RE = re.compile(r"\b(?:number|share|percentage|proportion|amount|count) of\b", re.I)
_PURPOSE_SPLIT_RE = re.compile(
    r"\b(?:to|that|which|so)\s+(?=(?:\w+ly\s+)?(?:enable|help|let|make|allow|support|scale|"
    r"drive|grow|achieve|reach|deliver|give|bring|unlock|power|fuel|create|build)\b)",
    re.I,
)


def _main_clause(title: str) -> str:
    """The objective without its purpose clause ('... to enable 3x growth')."""
    return _PURPOSE_SPLIT_RE.split(title, maxsplit=1)[0]


def _metric_name(title: str) -> str | None:
    """The KPI an objective names and nothing more ("Net new ARR", "Increase sales")."""
    # a place or segment is scope, not content: "Grow market share in Germany"
    title = re.split(r"\s+(?:in|across|among|for|at)\s+(?:the\s+)?(?=[A-Z])", title)[0]
    ws = _content(title)
    s = analyse(title)
    if s.verb in _POINTING_VERBS and _COUNT_OF_RE.search(title):
        m = _COUNT_OF_RE.search(title)
        return title[m.start() :].split(" who ")[0].split(" that ")[0]
    if not ws or len(ws) > 7:
        return None
    keep = set(ws)
    rest = [
        w
        for w in words(without_asides(title))
        if (verb_lemma(w) or w) not in _POINTING_VERBS
        and w not in _METRIC_FILLER
        and (w in keep or w in {"to", "per", "of"})
    ]
    text = " ".join(rest)
    named = [p for p in METRIC_WORDS if p in text and _word_re(p).search(text)]
    if not named:
        return None
    for p in sorted(named, key=len, reverse=True):
        text = _word_re(p).sub(" ", text)
    leftover = [w for w in text.split() if w not in METRIC_MODIFIERS and w not in STOP_WORDS]
    if leftover:
        return None
    return max(named, key=len)


_NUMBER_WORD_RE = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|double|doubles|triple|halve|half|twice|"
    r"tenfold|percent)\b",
    re.I,
)


#: Verbs of one-off work or making: with numbers they count work ("Hire 2 SDRs").
_ONE_OFF_VERBS = (
    TASK_OBJECTIVE_VERBS | OUTPUT_OBJECTIVE_VERBS | (WORK_VERBS - CONDITIONAL_WORK_VERBS)
)


def _numeric_metric(title: str, s) -> _Hit | None:
    """The objective states a number to hit: a KPI target ("Increase revenue by 20%")."""
    if s.verb_at == 0 and s.verb in _ONE_OFF_VERBS:
        if s.verb not in QUANTITY_VERBS:
            return None  # "Hire 2 SDRs and 3 AEs": a task with numbers, not a KPI
    main = title if s.verb in _POINTING_VERBS else _main_clause(title)
    p = parse_kr(main)
    if not re.search(r"\d", main) and not _NUMBER_WORD_RE.search(main):
        return None  # "work from one shared source of truth": no number to hit
    numeric_target = p.target is not None and (p.unit not in (None, "count") or p.bound)
    if p.baseline is not None or p.change is not None or numeric_target:
        shown = next((q.text for q in p.quantities), title)
        return _Hit(shown, f"The objective '{title}' is a number to hit ({shown}).")
    counted = counted_kpi(title)
    if counted is not None:  # "Scale to 10M active customers": a count to hit
        return _Hit(counted, f"The objective '{title}' is a number to hit ({counted}).")
    return None


def _metric_hit(title: str, name: str) -> _Hit:
    return _Hit(
        name,
        f"The objective '{title}' names a KPI ({name}) rather than the change the team "
        "wants to make.",
    )


def _vague_hit(title: str) -> _Hit:
    return _Hit(title, f"'{title}' is too generic to steer by.")


@lru_cache(maxsize=1024)
def diagnose(title: str) -> tuple[str, _Hit] | None:
    """The one objective-level diagnosis of a title, or None when it reads as a real aim.

    Reads the leading verb and the head of what it acts on (see
    :mod:`okrlab.lint._objective_words`) and returns ``(rule, hit)`` for one of
    objective-is-metric, vague-objective, output-objective, task-objective.

    Examples
    --------
    >>> diagnose("Improve team culture")[0]
    'vague-objective'
    >>> diagnose("Increase adoption of search among customers")[0]
    'objective-is-metric'
    >>> diagnose("Launch our new category on March 4")[0]
    'output-objective'
    >>> diagnose("Make onboarding feel effortless for new admins") is None
    True
    """
    if not title.strip():
        return "vague-objective", _Hit("", "The objective has no title.")
    title = objective_text(title) or title
    s = analyse(title)
    if s.verb in _MAINTAIN_VERBS and (s.verb_at or 0) <= 1 and not _HOLD_AN_EVENT_RE.match(title):
        return None  # maintain-is-a-kpi says it better
    hit = _numeric_metric(title, s)
    if hit is not None:
        return "objective-is-metric", hit
    reading = read_objective(title)
    if reading is not None:
        return reading
    name = _metric_name(title)
    if name is not None:
        return "objective-is-metric", _metric_hit(title, name)
    if _all_generic(title):
        return "vague-objective", _vague_hit(title)
    return None


def _all_generic(title: str) -> bool:
    ws = _content(title)
    generic = GENERIC_OBJECTIVE_WORDS | AREA_NOUNS | METRIC_WORDS
    specific = [w for w in ws if w not in generic and (verb_lemma(w) or w) not in generic]
    undated = _PERIOD_WORDS_RE.sub(" ", without_asides(title))
    return not specific and not re.search(r"\d", undated)


def _diagnosed(rule: str, obj: _Objective):
    d = diagnose(obj.title)
    return d[1] if d is not None and d[0] == rule else None


def _check_objective_is_metric(obj: _Objective, ctx: _Context):
    return _diagnosed("objective-is-metric", obj)


def _check_vague_objective(obj: _Objective, ctx: _Context):
    return _diagnosed("vague-objective", obj)


def _check_output_objective(obj: _Objective, ctx: _Context):
    return _diagnosed("output-objective", obj)


def _check_task_objective(obj: _Objective, ctx: _Context):
    return _diagnosed("task-objective", obj)


def _check_maintain_objective(obj: _Objective, ctx: _Context):
    title = objective_text(obj.title)
    s = analyse(title)
    if s.verb not in _MAINTAIN_VERBS or (s.verb_at or 0) > 1 or _NOT_MAINTAIN_RE.search(title):
        return None
    if _HOLD_AN_EVENT_RE.match(title):
        return None  # "Hold a game jam": organising an event, not keeping a level
    return _Hit(s.verb, f"The objective '{title}' only keeps things as they are.")


def _check_missing_deadline(obj: _Objective, ctx: _Context):
    if obj.period or ctx.doc.period or parse_kr(obj.title).deadline:
        return None
    if obj.krs and all(kr.due or kr.parsed.deadline for kr in obj.krs):
        return None
    return _Hit(obj.title, f"No period or due date is given for '{obj.title}'.")
