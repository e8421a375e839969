"""Check OKRs against good practice, the way ruff checks code.

:func:`lint` reads an OKR file (the YAML format of :mod:`okrlab.okr`, or plain
text as people write it) and returns :class:`Finding` objects: which rule,
how serious, where, why it matters and what to do instead. Each objective also
gets a score, the share of the checks it passed, so a workshop can show the
same OKRs before and after a rewrite.

Rules
-----
=========================== ======== ===========================================
slug                        severity what it flags
=========================== ======== ===========================================
objective-count             warning  more than 3 objectives for one owner and
                                     period (5 when no owner is named)
kr-count                    warning  fewer than 2 or more than 5 key results
objective-is-metric         error    the objective is a number to hit
vague-objective             warning  the objective is made only of generic words
missing-deadline            warning  no period or due date anywhere
activity-not-outcome        error    a key result that is a task or an output
not-measurable              error    a key result with no number
missing-baseline            warning  a target with no starting value
gameable-without-guardrail  warning  an easy-to-game metric with no quality
                                     key result or guardrail beside it
vanity-metric               warning  followers, likes, impressions, page views...
maintain-is-a-kpi           info     "keep X above Y": a health check, not a change
not-ambitious               warning  (history given) target within normal variation
unrealistic                 warning  (history given) target far beyond anything seen
duplicate-kr                error    the same key result twice
=========================== ======== ===========================================

All rules live in :data:`RULES`; :func:`rule_table` shows them as a DataFrame.
When ``activity-not-outcome`` flags a key result, ``not-measurable`` stays
quiet for it (one problem, one finding).

Switching rules off
-------------------
- For a call: ``lint(path, ignore=["vanity-metric"])`` or ``select=[...]``.
- In YAML: ``lint: {ignore: [vanity-metric]}`` at the top of the file, in an
  objective, or in a key result.
- In plain text: a line of its own ``# okrlab: ignore=vanity-metric,kr-count``
  switches the rules off for the whole file; the same comment at the end of an
  objective or key-result line switches them off for that objective or key
  result only.

A rule that is switched off is not counted in the score.

Vocabulary
----------
Every word list the rules use is in the "Vocabulary" section of this module
(:data:`TASK_VERBS`, :data:`OUTPUT_NOUNS`, :data:`GENERIC_OBJECTIVE_WORDS`,
:data:`VANITY_METRICS`, :data:`GAMEABLE_METRICS`, :data:`METRIC_ALIASES`).
To extend the linter to another team's jargon, add words there; the rules read
them at call time. The grammar of numbers, units and directions ("from X to
Y", "by N%") is the parser's, in :mod:`okrlab._parse`.

Ambition (``not-ambitious``, ``unrealistic``)
---------------------------------------------
Only with ``history=`` (a DataFrame with one column per metric, or a CSV path).
The key result's ``metric`` field, or a metric named in its text (see
:data:`METRIC_ALIASES` and the history's column names), picks the column.
The figure is :func:`okrlab.okr.ambition`: the gap between baseline and target
in standard deviations of the metric's period-to-period changes. Without a
stated baseline the history's latest value is used. A target written in
percent against a history stored as shares (0-1) is divided by 100.

- ``not-ambitious``: ambition below the first edge of
  :data:`okrlab.okr.AMBITION_BANDS` (1 sd): one ordinary period moves the
  metric that far on its own, so hitting the target shows nothing.
- ``unrealistic``: ambition of at least :data:`UNREALISTIC_AMBITION` (10 sd)
  *and* a target beyond the best (or worst) value in the history by more than
  :data:`UNREALISTIC_BEYOND_RANGE` (3) sd. Why both: the okr module already
  calls anything above 5 sd a moonshot, and aspirational key results may
  aim there on purpose, so the bar is twice that (over a 13-week quarter,
  weekly noise drifts about 3.6 sd, so 10 sd is nearly three quarters' worth
  of noise in one). The range condition spares targets that return to a level
  the metric has already reached, which history shows is possible; 3 sd past
  the record is further than 99.7% of normal single-period moves would reach.

Examples
--------
>>> report = lint_text('''
... Objective: Improve our marketing
... - Launch the new pricing page
... - Reduce cost per lead from $100 to $80
... Period: 2026-Q1
... ''')
>>> [f.rule for f in report]
['vague-objective', 'activity-not-outcome', 'gameable-without-guardrail']
>>> round(report.score, 2)
0.8
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ._parse import ParsedKR, parse_kr, parse_quantity
from ._yaml import LineDict, load_yaml_file, load_yaml_text
from .errors import DataError, DefinitionError, ParameterError, ParameterTypeError

__all__ = [
    "lint",
    "lint_text",
    "Finding",
    "LintReport",
    "Rule",
    "RULES",
    "rule_table",
    "lint_to_html",
    "SEVERITIES",
]

# == Vocabulary ================================================================
# One place for every word list the rules use. Lower case; multi-word entries
# are matched as phrases. Extend freely: the rules read these at call time.

#: First words that make a key result a task ("Launch the new pricing page").
#: A task verb is fine when the key result also states a measurable outcome
#: ("Launch in 3 new markets with 50 paying customers each").
TASK_VERBS = {
    "launch", "send", "create", "ship", "publish", "hold", "write", "implement",
    "build", "run", "host", "organise", "organize", "design", "develop", "redesign",
    "complete", "finish", "finalise", "finalize", "roll", "set", "kick", "start",
    "begin", "prepare", "draft", "document", "conduct", "migrate", "introduce",
    "attend", "post", "produce", "record", "film", "update", "refresh", "revamp",
    "rebuild", "install", "integrate", "deploy", "release", "research", "pilot",
    "plan", "define", "review", "audit", "train", "hire", "set-up", "roll-out",
    "map", "rewrite", "translate", "upgrade", "automate", "schedule",
}  # fmt: skip

#: Words skipped before looking for the first verb ("We will launch ...").
LEAD_IN_WORDS = {"we", "will", "we'll", "to", "successfully", "fully", "finally", "team", "must"}

#: Things a team makes. Counting them measures output, not an outcome:
#: "Publish 12 blog posts" is still a task list.
OUTPUT_NOUNS = {
    "feature", "features", "post", "posts", "article", "articles", "email", "emails",
    "newsletter", "newsletters", "campaign", "campaigns", "webinar", "webinars",
    "event", "events", "video", "videos", "ad", "ads", "page", "pages", "release",
    "releases", "task", "tasks", "meeting", "meetings", "call", "calls", "workshop",
    "workshops", "training", "trainings", "session", "sessions", "study", "studies",
    "whitepaper", "whitepapers", "ebook", "ebooks", "guide", "guides", "template",
    "templates", "test", "tests", "experiment", "experiments", "interview",
    "interviews", "survey", "surveys", "report", "reports", "dashboard", "dashboards",
    "sprint", "sprints", "deliverable", "deliverables", "asset", "assets", "piece",
    "pieces", "slide", "slides", "story", "stories", "episode", "episodes", "podcast",
    "podcasts", "tweet", "tweets", "version", "versions", "project", "projects",
    "initiative", "initiatives", "mockup", "mockups", "prototype", "prototypes",
}  # fmt: skip

#: Words that carry no direction on their own. An objective made only of these
#: (and small words) is too generic to steer by: "Improve our marketing".
GENERIC_OBJECTIVE_WORDS = {
    "improve", "improved", "improving", "better", "best", "grow", "growth", "increase",
    "enhance", "optimise", "optimize", "boost", "drive", "do", "be", "become", "make",
    "achieve", "deliver", "succeed", "success", "successful", "excellence",
    "excellent", "great", "greater", "world-class", "awesome", "amazing", "strong",
    "stronger", "more", "things", "stuff", "results", "performance", "overall",
    "general", "marketing", "sales", "business", "company", "team", "organisation",
    "organization", "department", "everything", "work", "efficiency", "effectiveness",
    "productivity", "quality", "impact", "value", "next", "level", "top", "continue",
    "focus", "priorities", "key", "area", "areas", "operations", "take", "get",
    "good", "goals", "goal", "objective", "objectives", "okrs", "okr", "execution",
    "excel", "win", "winning", "keep", "going", "up", "improvement", "improvements",
}  # fmt: skip

#: Small words ignored when judging whether an objective says anything specific.
STOP_WORDS = {
    "a", "an", "the", "our", "we", "us", "my", "your", "their", "its", "of", "to", "in",
    "and", "or", "for", "with", "on", "at", "by", "this", "that", "these", "it", "all",
    "across", "from", "as", "is", "are", "q1", "q2", "q3", "q4", "h1", "h2", "year",
    "quarter", "half", "month",
}  # fmt: skip

#: Metrics that look good on a slide but do not guide decisions. Phrase -> what
#: to measure instead.
VANITY_METRICS = {
    "followers": "engagement rate or clicks from the channel to the site",
    "likes": "engagement rate or click-through to the site",
    "fans": "engagement rate or click-through to the site",
    "impressions": "click-through rate or visits from the channel",
    "page views": "visit-to-sign-up conversion rate",
    "pageviews": "visit-to-sign-up conversion rate",
    "video views": "watch-through rate or sign-ups from the video",
    "views": "watch-through rate or sign-ups from the content",
    "reach": "click-through rate or visits from the channel",
    "hashtag mentions": "share of voice among target buyers",
    "app downloads": "activated users after 7 days",
    "downloads": "activated users after 7 days",
    "registered users": "weekly active users",
}


@dataclass(frozen=True)
class Gameable:
    """An easy-to-game metric: how to spot it, how it is gamed, what guards it.

    Attributes
    ----------
    patterns : tuple of str
        Phrases that name the metric in a key result.
    how : str
        How it moves without helping the business.
    guardrail : str
        What to pair it with (shown in the suggestion).
    guards : tuple of str
        Phrases that, anywhere in the same objective (or in a ``guardrails:``
        field), count as a guardrail for it.
    """

    patterns: tuple[str, ...]
    how: str
    guardrail: str
    guards: tuple[str, ...]


_SALES_QUALITY = (
    "sql", "opportunit", "lead quality", "qualified", "cost per opportunity", "cac",
    "acquisition cost", "pipeline", "win rate", "close rate", "revenue", "bookings",
    "sales-accepted", "sales accepted",
)  # fmt: skip

#: Metric name -> how it is gamed and which guardrail fits. The suggestion of
#: ``gameable-without-guardrail`` names ``guardrail``.
GAMEABLE_METRICS = {
    "cost per lead": Gameable(
        ("cost per lead", "cpl"),
        "buying cheaper, lower-intent leads cuts it while fewer of them ever buy",
        "lead-to-SQL rate or cost per opportunity",
        _SALES_QUALITY,
    ),
    "lead count": Gameable(
        ("leads", "lead volume", "lead count", "mqls", "mql", "contacts", "sign-ups for"),
        "loosening what counts as a lead raises it without more buyers",
        "lead quality (lead-to-SQL rate)",
        _SALES_QUALITY,
    ),
    "email open rate": Gameable(
        ("open rate", "open rates", "opens"),
        "clickbait subject lines lift opens while readers act less (and privacy "
        "features inflate opens anyway)",
        "click-to-open rate or unsubscribe rate",
        ("click-to-open", "click", "unsubscribe", "reply", "conversion", "revenue", "pipeline"),
    ),
    "clicks": Gameable(
        ("click-through rate", "clicks", "ctr"),
        "curiosity headlines and broad targeting raise clicks from people who leave at once",
        "conversion rate after the click (click-to-sign-up) or bounce rate",
        ("conversion", "bounce", "sign-up", "signup", "trial", "demo", "revenue", "pipeline"),
    ),
    "traffic": Gameable(
        ("traffic", "visits", "visitors", "sessions", "site visits"),
        "cheap or off-target traffic raises it without more buyers",
        "visit-to-sign-up (or visit-to-demo) conversion rate",
        ("conversion", "sign-up", "signup", "trial", "demo", "pipeline", "revenue", "bounce"),
    ),
    "sign-ups": Gameable(
        ("sign-ups", "signups", "sign ups", "registrations", "trials"),
        "discounts and low-friction forms add sign-ups who never use the product",
        "activation rate or refund rate",
        (
            "activation",
            "activated",
            "active",
            "retention",
            "refund",
            "churn",
            "paying",
            "paid",
            "conversion",
        ),
    ),
    "response time": Gameable(
        ("first response time", "response time", "tickets closed", "handle time"),
        "quick, empty replies and premature closing cut it while problems stay unsolved",
        "CSAT or reopen rate",
        ("csat", "satisfaction", "reopen", "resolution rate", "nps", "resolved"),
    ),
    "demos booked": Gameable(
        ("demos booked", "meetings booked", "demos", "meetings"),
        "booking unqualified meetings raises it without more deals",
        "demo show rate or demo-to-opportunity rate",
        ("show rate", "opportunit", "pipeline", "win rate", "qualified"),
    ),
    "time to hire": Gameable(
        ("time to hire", "time-to-hire", "time to fill"),
        "hiring the first passable candidate cuts it at the cost of fit",
        "offer acceptance rate or 90-day retention of new hires",
        ("retention", "acceptance", "performance", "quality of hire"),
    ),
}

#: History column name -> phrases that name that metric in a key result's text.
#: Columns are also recognised by their own name ("lead_quality" as "lead quality").
METRIC_ALIASES = {
    "cpl": ("cost per lead", "cpl"),
    "leads": ("leads", "lead volume", "lead count", "number of leads"),
    "lead_quality": ("lead quality", "lead-to-sql", "lead to sql", "lead-to-sql rate"),
    "revenue": ("revenue", "sales revenue"),
    "pipeline": ("pipeline",),
    "sessions": ("traffic", "sessions", "visits"),
    "open_rate": ("open rate",),
    "email_open_rate": ("open rate", "email open rate"),
    "social_followers": ("followers", "social followers"),
    "demo_requests": ("demo requests", "demos requested"),
    "qualified_leads": ("qualified leads", "sqls"),
    "cost_per_opportunity": ("cost per opportunity",),
    "customers": ("customers", "new customers"),
    "cac": ("cac", "customer acquisition cost"),
    "ctr": ("click-through rate", "ctr"),
    "conversion_rate": ("conversion rate", "conversion"),
    "spend": ("spend", "ad spend", "media spend"),
}

# == Thresholds ================================================================

#: Objectives per owner and period; the domain brief's 1-3 for one team.
MAX_OBJECTIVES_PER_TEAM = 3
#: When no owner is named the file may be a whole function's set (3-5).
MAX_OBJECTIVES_NO_OWNER = 5
#: Key results per objective (2-5).
MIN_KRS, MAX_KRS = 2, 5
#: ``unrealistic``: ambition at least this many sd of period-to-period change ...
UNREALISTIC_AMBITION = 10.0
#: ... and the target beyond the historical extreme by more than this many sd.
UNREALISTIC_BEYOND_RANGE = 3.0

SEVERITIES = ("error", "warning", "info")

# == Findings and rules =======================================================


@dataclass(frozen=True)
class Finding:
    """One problem found by the linter.

    Attributes
    ----------
    rule : str
        Slug of the rule, e.g. ``"activity-not-outcome"``.
    severity : {"error", "warning", "info"}
    line : int or None
        1-based line in the file (None when linting objects without lines).
    objective : str
        Title of the objective concerned.
    key_result : str or None
        Text of the key result concerned; None for objective-level rules.
    text : str
        The words that triggered the rule (a verb, a metric, a number...).
    message : str
        What is wrong and why it matters.
    suggestion : str
        A concrete way to fix it.
    path : str or None
        The file linted, if any.
    """

    rule: str
    severity: str
    line: int | None
    objective: str
    key_result: str | None
    text: str
    message: str
    suggestion: str
    path: str | None = None

    def to_dict(self) -> dict:
        """The fields of the JSON output (``path`` is given per file there)."""
        d = asdict(self)
        d.pop("path")
        return d


@dataclass(frozen=True)
class _Hit:
    text: str
    detail: str
    suggestion: str | None = None
    why: str | None = None


#: Returned by a check that does not apply (not counted in the score).
_NA = object()


@dataclass(frozen=True)
class Rule:
    """A lint rule: slug, severity, scope, why it matters and the usual fix.

    ``check`` returns None (passed), a hit (failed) or a not-applicable marker;
    its ``detail`` is prefixed to :attr:`why` to form the finding's message.
    """

    slug: str
    severity: str
    scope: str  # "objective" or "key_result"
    summary: str
    why: str
    suggestion: str
    check: object = field(repr=False, compare=False)
    needs_history: bool = False
    quiet_after: tuple[str, ...] = ()


# -- internal representation of an OKR set, whatever the input format ----------


@dataclass
class _KR:
    text: str
    line: int | None
    parsed: ParsedKR
    metric: str | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None
    due: str | None = None
    guardrails: tuple[str, ...] = ()
    ignore: frozenset = frozenset()


@dataclass
class _Objective:
    title: str
    line: int | None
    owner: str | None = None
    period: str | None = None
    krs: list = field(default_factory=list)
    ignore: frozenset = frozenset()


@dataclass
class _Doc:
    path: str | None
    objectives: list = field(default_factory=list)
    ignore: frozenset = frozenset()
    period: str | None = None
    owner: str | None = None


@dataclass
class _Context:
    doc: _Doc
    history: object = None  # DataFrame or None
    seen_krs: dict = field(default_factory=dict)  # normalised text -> line
    group_counts: dict = field(default_factory=dict)


# -- helpers ------------------------------------------------------------------


def _has_phrase(text: str, phrase: str) -> bool:
    """Whole-word (or word-prefix for stems like 'opportunit') phrase match."""
    tail = r"\w*" if phrase.endswith("opportunit") else r"(?![\w])"
    return re.search(r"(?<![\w])" + re.escape(phrase) + tail, text.lower()) is not None


def _first_verb(text: str) -> str | None:
    words = re.findall(r"[a-z][\w'-]*", text.lower())
    for word in words:
        if word not in LEAD_IN_WORDS:
            return word
    return None


def _fmt(value) -> str:
    if value is None:
        return "?"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z%$€£]+|\d+(?:[.,]\d+)*", text.lower()))


def _gameable_metric(text: str) -> tuple[str, Gameable, str] | None:
    for name, g in GAMEABLE_METRICS.items():
        for p in sorted(g.patterns, key=len, reverse=True):
            if _has_phrase(text, p):
                return name, g, p
    return None


def _kr_has_target(kr: _KR) -> bool:
    return kr.target is not None or kr.parsed.change is not None


# -- checks ---------------------------------------------------------------------


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


# -- ambition (needs history) -----------------------------------------------------


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
    from .okr import ambition

    try:
        amb = ambition(values, baseline, target)
    except DataError:
        return None
    return col, values, float(baseline), float(target), sd, amb, from_history, scale


def _check_not_ambitious(kr: _KR, obj: _Objective, ctx: _Context):
    got = _ambition_inputs(kr, ctx)
    if got is None:
        return _NA
    from .okr import AMBITION_BANDS

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
RULES: dict[str, Rule] = {
    r.slug: r
    for r in [
        Rule(
            "objective-count",
            "warning",
            "objective",
            "too many objectives for one owner and period",
            "Every extra objective thins the team's attention; with many priorities, "
            "none gets the push it needs.",
            "Keep the 1-3 objectives that matter most this period; move the rest to a "
            "backlog or watch them as KPIs.",
            _check_objective_count,
        ),
        Rule(
            "kr-count",
            "warning",
            "objective",
            "fewer than 2 or more than 5 key results",
            "",
            "",
            _check_kr_count,
        ),
        Rule(
            "objective-is-metric",
            "error",
            "objective",
            "the objective is a KPI target with a number",
            "An objective says what should change and why it matters, in words a team "
            "remembers; a number to hit is a key result or a KPI target.",
            "Write the qualitative goal behind the number (who benefits, what changes) "
            "and move the number into a key result with a baseline.",
            _check_objective_is_metric,
        ),
        Rule(
            "vague-objective",
            "warning",
            "objective",
            "the objective is too generic to steer by",
            "It does not say what should change or for whom, so it cannot guide a "
            "choice between two pieces of work.",
            "Name the change and who it is for, e.g. 'Make our positioning clear to "
            "mid-size finance teams' rather than 'Improve our marketing'.",
            _check_vague_objective,
        ),
        Rule(
            "missing-deadline",
            "warning",
            "objective",
            "no period or due date",
            "Without a date there is no moment to grade the key results and no way to "
            "tell whether progress is on pace.",
            "Add a period ('Period: 2026-Q1' in text, 'period: 2026-Q1' or "
            "'due: 2026-03-31' in YAML).",
            _check_missing_deadline,
        ),
        Rule(
            "activity-not-outcome",
            "error",
            "key_result",
            "a task or an output count, not an outcome",
            "Finishing a task shows effort, not that anything changed for customers or "
            "the business; it can be done while the objective is missed.",
            "Ask what the work should change and measure that, e.g. 'Increase "
            "<metric> from X to Y'. Keep the task in the project plan.",
            _check_activity,
        ),
        Rule(
            "not-measurable",
            "error",
            "key_result",
            "no number at all",
            "Nobody can tell at the end of the period whether it was achieved.",
            "Name the metric, where it is today and where it should be: 'Increase "
            "<metric> from X to Y by <date>'.",
            _check_not_measurable,
            quiet_after=("activity-not-outcome",),
        ),
        Rule(
            "missing-baseline",
            "warning",
            "key_result",
            "a target with no starting point",
            "Without a baseline nobody knows how big the step is, and progress cannot be graded.",
            "Add where the metric is today: 'from X to Y'.",
            _check_missing_baseline,
        ),
        Rule(
            "gameable-without-guardrail",
            "warning",
            "key_result",
            "an easy-to-game metric with no quality metric beside it",
            "Nothing in this objective checks quality, so the number can be hit while "
            "the objective fails (Goodhart's law).",
            "Pair it with a guardrail metric that must stay healthy.",
            _check_gameable,
        ),
        Rule(
            "vanity-metric",
            "warning",
            "key_result",
            "followers, impressions, page views and the like as a key result",
            "It looks good on a slide but does not tell you what to do next, and rises "
            "with spend rather than with value.",
            "Measure what the attention leads to.",
            _check_vanity,
        ),
        Rule(
            "maintain-is-a-kpi",
            "info",
            "key_result",
            "'keep X above Y': a health check, not a change",
            "Key results are for what must change this period; holding a level is "
            "what a KPI with a healthy band (or a guardrail) is for.",
            "Track it as a KPI with a healthy band, or attach it to a key result as a "
            "guardrail; use the slot for something that must change.",
            _check_maintain,
        ),
        Rule(
            "not-ambitious",
            "warning",
            "key_result",
            "target within the metric's normal variation (needs history)",
            "The metric moves this much on its own in an ordinary period, so hitting "
            "the target proves nothing (and always scoring 1.0 is sandbagging).",
            "Aim for a change the metric would not make on its own.",
            _check_not_ambitious,
            needs_history=True,
        ),
        Rule(
            "unrealistic",
            "warning",
            "key_result",
            "target far beyond anything in the metric's history (needs history)",
            "A target no one believes in stops steering work; teams give up or game the number.",
            "Check the number and split it into a reachable stretch and a longer-term aspiration.",
            _check_unrealistic,
            needs_history=True,
        ),
        Rule(
            "duplicate-kr",
            "error",
            "key_result",
            "the same key result twice",
            "Counting one result twice inflates the score and hides a missing angle.",
            "Delete one, or replace it with a key result that measures a different side "
            "of the objective.",
            _check_duplicate,
        ),
    ]
}


def rule_table():
    """All rules as a DataFrame.

    Returns
    -------
    pandas.DataFrame
        One row per rule: ``rule`` (slug), ``severity``, ``applies_to``
        (``objective`` or ``key_result``), ``checks`` (what it flags) and
        ``needs_history``.

    Examples
    --------
    >>> rule_table().loc[0, "rule"]
    'objective-count'
    """
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "rule": r.slug,
                "severity": r.severity,
                "applies_to": r.scope,
                "checks": r.summary,
                "needs_history": r.needs_history,
            }
            for r in RULES.values()
        ]
    )


# == Reading OKR files ============================================================

_DIRECTIVE_RE = re.compile(r"#\s*okrlab\s*:\s*(?:ignore|disable)\s*=\s*([\w\s,-]*)", re.I)
_OBJ_RE = re.compile(
    r"^\s*(?:(?:objective|obj)\s*\d*(?:\s*\((?P<period>[^)]*)\))?\s*[:.)-]|O\d+\s*[:.)-]|"
    r"#{2,6}\s+(?:objective\s*\d*\s*[:.)-]\s*)?)\s*(?P<title>.*)$",
    re.I,
)
_KR_RE = re.compile(
    r"^\s*(?:(?:kr|key result)\s*[\d.]*\s*[:.)-]\s*|[-*•–]\s+|\d+[.)]\s+|[a-z][.)]\s+)(?P<text>.+)$",
    re.I,
)
_META_RE = re.compile(
    r"^\s*(?P<key>period|quarter|owner|team|due|deadline)\s*:\s*(?P<value>.+)$", re.I
)


def _rule_list(value, where: str) -> frozenset:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")]
    elif isinstance(value, list | tuple | set | frozenset):
        items = [str(v).strip() for v in value]
    else:
        raise DefinitionError(
            f"{where}: 'ignore' must be a list of rule names, got {type(value).__name__}. "
            "Write e.g. lint: {ignore: [vanity-metric]}"
        )
    items = [i for i in items if i]
    unknown = [i for i in items if i not in RULES]
    if unknown:
        raise DefinitionError(
            f"{where}: unknown lint rule {unknown[0]!r}; known rules: {', '.join(RULES)}"
        )
    return frozenset(items)


def _split_directive(line: str, where: str) -> tuple[str, frozenset]:
    m = _DIRECTIVE_RE.search(line)
    if not m:
        return line, frozenset()
    return line[: m.start()].rstrip(), _rule_list(m.group(1), where)


def _make_kr(text, line, *, fields=None, ignore=frozenset(), where="") -> _KR:
    text = str(text or "").strip()
    parsed = parse_kr(text)
    kr = _KR(
        text=text,
        line=line,
        parsed=parsed,
        baseline=parsed.baseline,
        target=parsed.target,
        unit=parsed.unit,
        ignore=ignore,
    )
    fields = fields or {}
    for name in ("baseline", "target"):
        if fields.get(name) is not None:
            q = parse_quantity(fields[name])
            if q is None:
                raise DefinitionError(
                    f"{where}: field '{name}' is {fields[name]!r}, not a number. Write it as "
                    f"a plain number, e.g. {name}: 80"
                )
            setattr(kr, name, q.value)
    if fields.get("unit") is not None:
        kr.unit = str(fields["unit"])
    if fields.get("metric") is not None:
        kr.metric = str(fields["metric"])
    if fields.get("due") is not None:
        kr.due = str(fields["due"])
    guards = fields.get("guardrails") or ()
    if isinstance(guards, str | dict):
        guards = [guards]
    names = []
    for g in guards:
        names.append(str(g.get("kpi", "")) if isinstance(g, dict) else str(g))
    kr.guardrails = tuple(n for n in names if n)
    return kr


def _parse_text(text: str, path=None) -> _Doc:
    src = path or "<text>"
    doc = _Doc(path=path)
    lines = text.splitlines()
    current: _Objective | None = None
    file_ignore: set = set()

    def next_is_kr(i):
        for later in lines[i + 1 :]:
            if later.strip():
                return bool(_KR_RE.match(later)) and not _OBJ_RE.match(later)
        return False

    for i, raw in enumerate(lines):
        lineno = i + 1
        stripped = raw.strip()
        if not stripped:
            continue
        where = f"{src}:{lineno}"
        if stripped.startswith("#") and not stripped.startswith("##"):
            _, rules = _split_directive(stripped, where)
            file_ignore |= rules
            continue
        body, rules = _split_directive(raw, where)
        if not body.strip():
            continue
        meta = _META_RE.match(body)
        if meta:
            key, value = meta.group("key").lower(), meta.group("value").strip()
            target = current if current is not None else doc
            if key in ("period", "quarter", "due", "deadline"):
                target.period = value
            else:
                target.owner = value
            continue
        obj = _OBJ_RE.match(body)
        if obj and (not _KR_RE.match(body) or re.match(r"\s*#", body)):
            current = _Objective(
                title=obj.group("title").strip(),
                line=lineno,
                period=(obj.group("period") or None),
                ignore=rules,
            )
            doc.objectives.append(current)
            continue
        kr = _KR_RE.match(body)
        if kr and current is not None:
            current.krs.append(_make_kr(kr.group("text"), lineno, ignore=rules))
            continue
        # an unmarked line: an objective when bullets follow, else a KR inside an
        # objective; before any objective it is a heading and is skipped
        if next_is_kr(i) and not kr:
            current = _Objective(title=body.strip(), line=lineno, ignore=rules)
            doc.objectives.append(current)
        elif current is not None:
            text_ = kr.group("text") if kr else body
            current.krs.append(_make_kr(text_, lineno, ignore=rules))
    doc.ignore = frozenset(file_ignore)
    return doc


def _lint_ignore(mapping, where) -> frozenset:
    spec = mapping.get("lint") if isinstance(mapping, dict) else None
    if spec is None:
        return frozenset()
    if not isinstance(spec, dict):
        raise DefinitionError(
            f"{where}: 'lint' must be a mapping such as lint: {{ignore: [vanity-metric]}}"
        )
    return _rule_list(spec.get("ignore"), where)


def _line(mapping, key=None):
    if isinstance(mapping, LineDict):
        return mapping.line_of(key) if key is not None else mapping.line
    return None


def _from_yaml(data, path=None) -> _Doc:
    src = path or "<yaml>"
    doc = _Doc(path=path)
    if isinstance(data, list):
        data = {"objectives": data}
    if not isinstance(data, dict) or not isinstance(data.get("objectives"), list):
        raise DefinitionError(
            f"{src}: expected a mapping with an 'objectives:' list (see the OKR YAML format "
            "in okrlab.okr)"
        )
    doc.ignore = _lint_ignore(data, f"{src}:{_line(data, 'lint')}")
    doc.period = str(data["period"]) if data.get("period") is not None else None
    doc.owner = str(data.get("team") or data.get("owner") or "") or None
    for o in data["objectives"]:
        if isinstance(o, str):
            o = {"title": o}
        if not isinstance(o, dict):
            raise DefinitionError(
                f"{src}: each objective must be a mapping with 'title:' and 'key_results:'"
            )
        oline = _line(o, "title")
        period = o.get("period") or o.get("due") or o.get("start")
        title = o.get("title", o.get("objective", ""))
        obj = _Objective(
            title=str(title or "").strip(),
            line=oline,
            owner=str(o["owner"]) if o.get("owner") else None,
            period=str(period) if period else None,
            ignore=_lint_ignore(o, f"{src}:{_line(o, 'lint')}"),
        )
        krs = o.get("key_results") or o.get("krs") or []
        if not isinstance(krs, list):
            raise DefinitionError(
                f"{src}:{_line(o, 'key_results')}: 'key_results' must be a list of key results"
            )
        for k in krs:
            if isinstance(k, str):
                obj.krs.append(_make_kr(k, oline))
                continue
            if not isinstance(k, dict):
                raise DefinitionError(f"{src}: a key result must be text or a mapping")
            kline = _line(k, "description") or _line(k)
            kwhere = f"{src}:{kline}"
            text = k.get("description") or k.get("text") or k.get("metric") or ""
            obj.krs.append(
                _make_kr(
                    text,
                    kline,
                    fields=k,
                    ignore=_lint_ignore(k, f"{src}:{_line(k, 'lint')}"),
                    where=kwhere,
                )
            )
        doc.objectives.append(obj)
    return doc


def _looks_like_yaml(text: str) -> bool:
    return re.search(r"^objectives\s*:", text, re.M) is not None


def _prepare_history(history):
    if history is None:
        return None
    import pandas as pd

    if isinstance(history, str | Path):
        try:
            history = pd.read_csv(history)
        except FileNotFoundError:
            raise DataError(f"{history}: no such history file") from None
        except (ValueError, pd.errors.ParserError) as exc:
            raise DataError(f"{history}: not a readable CSV ({exc})") from None
    if not isinstance(history, pd.DataFrame):
        raise ParameterTypeError(
            f"history must be a pandas DataFrame or a CSV path, got {type(history).__name__}"
        )
    date_cols = [
        c
        for c in history.columns
        if str(c).lower() in {"date", "week", "month", "day", "period", "quarter"}
    ]
    if date_cols:
        history = history.sort_values(date_cols[0], kind="stable")
    return history.reset_index(drop=True)


def _check_rule_names(names, param) -> frozenset | None:
    if names is None:
        return None
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    names = list(names)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise ParameterError(
            f"{param}: unknown rule {unknown[0]!r}; known rules: {', '.join(RULES)}"
        )
    return frozenset(names)


# == Running the rules =============================================================


class LintReport(list):
    """The findings of one lint run: a list of :class:`Finding` plus scores.

    Attributes
    ----------
    path : str or None
        The file linted.
    checks : pandas.DataFrame
        Every check that ran: ``objective``, ``key_result``, ``rule`` and
        ``passed`` (bool). Rules switched off or not applicable are absent.
    """

    def __init__(self, findings=(), *, path=None, checks=()):
        super().__init__(findings)
        self.path = path
        self._checks = list(checks)

    @property
    def checks(self):
        import pandas as pd

        return pd.DataFrame(self._checks, columns=["objective", "key_result", "rule", "passed"])

    @property
    def score(self) -> float:
        """Share of all checks passed (NaN when no check ran)."""
        if not self._checks:
            return math.nan
        return sum(c[3] for c in self._checks) / len(self._checks)

    def counts(self) -> dict:
        """Number of findings per severity: ``{"error": n, "warning": n, "info": n}``."""
        return {s: sum(f.severity == s for f in self) for s in SEVERITIES}

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self)

    def scores(self):
        """Score per objective: the share of its checks that passed.

        Returns
        -------
        pandas.DataFrame
            One row per objective, in file order: ``objective``, ``checks``
            (how many ran), ``passed``, ``score`` (passed / checks, 0-1) and
            ``errors``, ``warnings`` (findings of that severity).
        """
        import pandas as pd

        rows = {}
        for obj, _kr, _rule, passed in self._checks:
            row = rows.setdefault(
                obj, {"objective": obj, "checks": 0, "passed": 0, "errors": 0, "warnings": 0}
            )
            row["checks"] += 1
            row["passed"] += int(passed)
        for f in self:
            if f.objective in rows and f.severity in ("error", "warning"):
                rows[f.objective][f.severity + "s"] += 1
        frame = pd.DataFrame(
            list(rows.values()),
            columns=["objective", "checks", "passed", "errors", "warnings"],
        )
        frame.insert(3, "score", frame["passed"] / frame["checks"])
        return frame

    def to_frame(self):
        """The findings as a DataFrame.

        Returns
        -------
        pandas.DataFrame
            One row per finding with the columns of :class:`Finding`: ``rule``,
            ``severity``, ``line``, ``objective``, ``key_result``, ``text``,
            ``message``, ``suggestion``, ``path``.
        """
        import pandas as pd

        cols = [f.name for f in Finding.__dataclass_fields__.values()]
        return pd.DataFrame([asdict(f) for f in self], columns=cols)

    def to_dict(self) -> dict:
        """``{"path": ..., "findings": [...]}`` as in the CLI's JSON output."""
        return {"path": self.path, "findings": [f.to_dict() for f in self]}

    def to_text(self) -> str:
        """Compiler-style lines: ``file:line: severity rule: message``, then the fix."""
        src = self.path or "<text>"
        out = []
        for f in self:
            out.append(f"{src}:{f.line or 1}: {f.severity} {f.rule}: {f.message}")
            out.append(f"    fix: {f.suggestion}")
        return "\n".join(out)

    def __repr__(self) -> str:
        c = self.counts()
        score = "n/a" if math.isnan(self.score) else f"{self.score:.0%}"
        return (
            f"LintReport({self.path or '<text>'}: {c['error']} errors, {c['warning']} "
            f"warnings, {c['info']} info; score {score})"
        )

    def to_html(self) -> str:
        """An HTML summary: score per objective, then one row per finding."""
        colours = {"error": "#b00020", "warning": "#a15c00", "info": "#335"}
        parts = []
        score = "n/a" if math.isnan(self.score) else f"{self.score:.0%}"
        c = self.counts()
        parts.append(
            f"<p><b>Score {score}</b> &middot; {c['error']} errors, {c['warning']} warnings, "
            f"{c['info']} info</p>"
        )
        if self._checks:
            parts.append("<ul>")
            for _, row in self.scores().iterrows():
                parts.append(
                    f"<li>{html.escape(row['objective'] or '(untitled)')}: "
                    f"{row['score']:.0%} of {row['checks']} checks passed</li>"
                )
            parts.append("</ul>")
        if not len(self):
            parts.append("<p>No findings.</p>")
        else:
            parts.append(
                "<table><tr><th>line</th><th>severity</th><th>rule</th><th>message</th>"
                "<th>suggestion</th></tr>"
            )
            for f in self:
                parts.append(
                    f"<tr><td>{f.line or ''}</td>"
                    f"<td style='color:{colours[f.severity]}'>{f.severity}</td>"
                    f"<td><code>{f.rule}</code></td><td>{html.escape(f.message)}</td>"
                    f"<td>{html.escape(f.suggestion)}</td></tr>"
                )
            parts.append("</table>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()


def _run(doc: _Doc, history=None, select=None, ignore=None) -> LintReport:
    history = _prepare_history(history)
    ctx = _Context(doc=doc, history=history)
    base_off = set(doc.ignore) | set(ignore or ())
    findings = []
    checks = []

    def active(rule: Rule, off) -> bool:
        if rule.slug in off or (select is not None and rule.slug not in select):
            return False
        return not (rule.needs_history and history is None)

    def record(rule, hit, obj, kr, fired):
        if hit is _NA:
            return
        checks.append((obj.title, kr.text if kr else None, rule.slug, hit is None))
        if hit is None:
            return
        fired.add(rule.slug)
        message = f"{hit.detail} {hit.why or rule.why}".strip()
        findings.append(
            Finding(
                rule=rule.slug,
                severity=rule.severity,
                line=(kr.line if kr else obj.line),
                objective=obj.title,
                key_result=kr.text if kr else None,
                text=hit.text,
                message=message,
                suggestion=hit.suggestion or rule.suggestion,
                path=doc.path,
            )
        )

    for obj in doc.objectives:
        off = base_off | set(obj.ignore)
        fired: set = set()
        for rule in RULES.values():
            if rule.scope == "objective" and active(rule, off):
                record(rule, rule.check(obj, ctx), obj, None, fired)
        for kr in obj.krs:
            kr_off = off | set(kr.ignore)
            fired = set()
            for rule in RULES.values():
                if rule.scope != "key_result" or not active(rule, kr_off):
                    continue
                if any(r in fired for r in rule.quiet_after):
                    continue
                record(rule, rule.check(kr, obj, ctx), obj, kr, fired)
    return LintReport(findings, path=doc.path, checks=checks)


def lint(source, history=None, *, select=None, ignore=None) -> LintReport:
    """Lint an OKR set.

    Parameters
    ----------
    source : str, pathlib.Path or mapping
        A file (``.yaml``/``.yml`` for the YAML format, anything else is read
        as plain text), a mapping already loaded from YAML, or (a string with
        line breaks) the OKRs themselves, as for :func:`lint_text`.
    history : pandas.DataFrame or path, optional
        The metrics' past values, one column per metric, one row per period
        (a date column such as ``week`` is used for ordering). Turns on
        ``not-ambitious`` and ``unrealistic``.
    select, ignore : iterable of str or comma-separated str, optional
        Run only these rules / skip these rules.

    Returns
    -------
    LintReport
        A list of :class:`Finding` with ``.to_frame()``, ``.scores()``,
        ``.score`` and ``.counts()``.

    Raises
    ------
    DefinitionError
        The file does not exist, is not UTF-8, is invalid YAML, or names an
        unknown rule in a ``lint: {ignore: ...}`` setting.
    ParameterError
        ``select`` or ``ignore`` names an unknown rule.

    Examples
    --------
    >>> from okrlab import dataset_path
    >>> report = lint(dataset_path("okrs_draft.yaml"))
    >>> report.has_errors
    True
    """
    select = _check_rule_names(select, "select")
    ignore = _check_rule_names(ignore, "ignore")
    if isinstance(source, Mapping) or isinstance(source, list):
        return _run(_from_yaml(source), history, select, ignore)
    if isinstance(source, str) and "\n" in source:
        return lint_text(source, history, select=select, ignore=ignore)
    if not isinstance(source, str | Path):
        raise ParameterTypeError(
            f"source must be a file path, OKR text or a mapping, got {type(source).__name__}"
        )
    path = Path(source)
    if path.suffix.lower() in (".yaml", ".yml"):
        data, name = load_yaml_file(path)
        return _run(_from_yaml(data, name), history, select, ignore)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DefinitionError(f"{path}: no such file", source=str(path)) from None
    except IsADirectoryError:
        raise DefinitionError(f"{path}: is a directory, not an OKR file") from None
    except UnicodeDecodeError:
        raise DefinitionError(
            f"{path}: the file is not UTF-8 text; save it as UTF-8 and try again"
        ) from None
    return lint_text(text, history, select=select, ignore=ignore, path=str(path))


def lint_text(text: str, history=None, *, select=None, ignore=None, path=None) -> LintReport:
    """Lint OKRs given as a string (plain text, or YAML with ``objectives:``).

    Plain text: an objective per heading (``Objective: ...``, ``O1: ...``,
    ``## ...``, or an unmarked line followed by bullets); key results as
    ``-``/``*`` bullets, ``KR1:`` or ``1.``; optional ``Period:``/``Owner:``
    lines; ``# okrlab: ignore=rule-a,rule-b`` comments (see the module notes).

    Examples
    --------
    >>> report = lint_text('''Objective: Cut the time new customers wait to see value
    ... Period: 2026-Q1
    ... - Reduce time-to-first-value from 10 days to 5 days
    ... - Increase week-4 retention from 70% to 80%''')
    >>> list(report), report.score
    ([], 1.0)
    """
    if not isinstance(text, str):
        raise ParameterTypeError(f"text must be a str, got {type(text).__name__}")
    select = _check_rule_names(select, "select")
    ignore = _check_rule_names(ignore, "ignore")
    if _looks_like_yaml(text):
        doc = _from_yaml(load_yaml_text(text, path or "<text>"), path)
    else:
        doc = _parse_text(text, path)
    return _run(doc, history, select, ignore)


def lint_to_html(text: str, history=None) -> str:
    """Lint OKR text and return the report as HTML; input errors become a message.

    The logic behind :func:`okrlab.widgets.lint_as_you_type`: it never raises
    on what a person is half-way through typing.

    Examples
    --------
    >>> "activity-not-outcome" in lint_to_html("Objective: X\\n- Launch the pricing page")
    True
    >>> lint_to_html("")
    '<p>Type or paste OKRs: an <code>Objective:</code> line, then one key result per line starting with <code>-</code>.</p>'
    """
    from .errors import OkrlabError

    if not str(text or "").strip():
        return (
            "<p>Type or paste OKRs: an <code>Objective:</code> line, then one key result per "
            "line starting with <code>-</code>.</p>"
        )
    try:
        report = lint_text(str(text), history)
    except OkrlabError as exc:
        return f"<p style='color:#b00020'>Cannot lint this yet: {html.escape(str(exc))}</p>"
    return report.to_html()
