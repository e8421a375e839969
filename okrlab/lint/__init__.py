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
objective-is-metric         error    the objective is a KPI name or a KPI target
                                     ("Net new ARR", "Grow MRR by 15%")
vague-objective             warning  the objective is made only of generic words
output-objective            warning  the objective is an output to ship
                                     ("Launch the new mobile app")
task-objective              warning  the objective is a one-off task
                                     ("Integrate with Stripe")
missing-deadline            warning  no period or due date anywhere
activity-not-outcome        error    a key result that is a task, a deliverable
                                     or a counted activity, in any tense or voice
compound-kr                 warning  two key results in one (a task plus a
                                     metric, or two metrics)
not-measurable              error    a key result with no number
input-not-result            warning  an input or spend dressed as a result
missing-baseline            warning  a target with no starting value
missing-target              warning  a starting value with no target
percent-vs-points           warning  "by 3%" on a rate: percent or points?
vanity-metric               warning  followers, likes, impressions, page views...
gameable-without-guardrail  warning  an easy-to-game metric (marketing, sales,
                                     support or engineering) with no quality
                                     key result or guardrail beside it
maintain-is-a-kpi           info     "keep X above Y": a health check, not a change
                                     (key results and objectives)
not-ambitious               warning  (history given) target within normal variation
unrealistic                 warning  (history given) target far beyond anything seen
duplicate-kr                error    the same key result twice
=========================== ======== ===========================================

All rules live in :data:`RULES`; :func:`rule_table` shows them as a DataFrame.
One problem gets one finding: when ``activity-not-outcome`` flags a key result,
``not-measurable``, ``missing-baseline``, ``missing-target`` and
``percent-vs-points`` stay quiet for it; ``vague-objective`` stays quiet after
``objective-is-metric``, and so on (each rule's ``quiet_after``).

How a sentence is read
----------------------
Not by its first word: :mod:`okrlab.lint._sentence` finds the main verb in any
tense or voice after labels, prefixes and emoji, and what it acts on;
:mod:`okrlab.lint._numbers` reads baselines, targets, units and directions as
people write them; :mod:`okrlab.lint._facts` decides whether each number
measures a result (customers, revenue, a rate, a time) or counts an artifact
(posts, calls, integrations, hires).

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
Every word list the rules use is in :mod:`okrlab.lint.vocabulary`
(:data:`TASK_VERBS`, :data:`ARTIFACT_NOUNS`, :data:`MEASURE_NOUNS`,
:data:`METRIC_WORDS`, :data:`GENERIC_OBJECTIVE_WORDS`, :data:`VANITY_METRICS`,
:data:`GAMEABLE_METRICS`, :data:`HOMONYMS`, :data:`METRIC_ALIASES`...). To extend
the linter to another team's jargon, add words there. The grammar of numbers,
units and directions ("from X to Y", "by N%") is in :mod:`okrlab.lint._grammar`.

Ambition (``not-ambitious``, ``unrealistic``)
---------------------------------------------
Only with ``history=`` (a DataFrame with one column per metric, or a CSV path).
The key result's ``metric`` field, or a metric named in its text (see
:data:`METRIC_ALIASES` and the history's column names), picks the column.
The figure is :func:`okrlab.okr.ambition`: the gap between baseline and target
in standard deviations of the metric's period-to-period changes. Without a
stated baseline the history's latest value is used. A target written in
percent is a share, so it is compared only with a column on a share scale:
values within 0-1 (the target is divided by 100), or within 0-100 in a column
whose name says it is a rate (``conversion_rate``, ``churn_pct``...); against a
count column such as weekly ``opportunities`` the ambition rules do not run.

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
from collections.abc import Mapping
from pathlib import Path

from .._io import MAX_TEXT_BYTES, read_text
from .._yaml import load_yaml_file, load_yaml_text
from ..errors import DefinitionError, ParameterError, ParameterTypeError
from ._model import _NA, Finding, Rule, _Context, _Doc
from .readers import _check_rule_names, _from_yaml, _looks_like_yaml, _parse_text, _prepare_history
from .report import LintReport
from .rules import RULES, rule_table
from .vocabulary import *  # noqa: F403
from .vocabulary import SEVERITIES
from .vocabulary import UNREALISTIC_AMBITION as UNREALISTIC_AMBITION
from .vocabulary import UNREALISTIC_BEYOND_RANGE as UNREALISTIC_BEYOND_RANGE

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
            if not active(rule, off) or any(r in fired for r in rule.quiet_after):
                continue
            if rule.scope == "objective":
                record(rule, rule.check(obj, ctx), obj, None, fired)
            elif rule.objective_check is not None:
                record(rule, rule.objective_check(obj, ctx), obj, None, fired)
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


def lint(source, *, history=None, select=None, ignore=None) -> LintReport:
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
        return lint_text(source, history=history, select=select, ignore=ignore)
    if not isinstance(source, str | Path):
        raise ParameterTypeError(
            f"source must be a file path, OKR text or a mapping, got {type(source).__name__}"
        )
    path = Path(source)
    if path.suffix.lower() in (".yaml", ".yml"):
        data, name = load_yaml_file(path)
        return _run(_from_yaml(data, name), history, select, ignore)
    # Regular files only (a pipe or /dev/zero is refused, never read), size-bounded.
    text = read_text(path, error=DefinitionError, param="source", what="file")
    return lint_text(text, history=history, select=select, ignore=ignore, path=str(path))


def lint_text(text: str, *, history=None, select=None, ignore=None, path=None) -> LintReport:
    """Lint OKRs given as a string (plain text, or YAML with ``objectives:``).

    Plain text: an objective per heading (``Objective: ...``, ``O1: ...``,
    ``## ...``, or an unmarked line followed by bullets); key results as
    ``-``/``*`` bullets, ``KR1:`` or ``1.``; optional ``Period:``/``Owner:``
    lines; ``# okrlab: ignore=rule-a,rule-b`` comments (see the module notes).

    Parameters
    ----------
    text : str
        The OKRs.
    history : pandas.DataFrame or path, optional
        The metrics' past values (see :func:`lint`); turns on ``not-ambitious``
        and ``unrealistic``.
    select, ignore : iterable of str or comma-separated str, optional
        Run only these rules / skip these rules.
    path : str, optional
        The file the text came from, used in findings and messages.

    Returns
    -------
    LintReport
        The findings, the checks that ran and the scores.

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
    if len(text) > MAX_TEXT_BYTES:  # the bound files have too (okrlab._io)
        raise ParameterError(
            f"text has {len(text):,} characters, more than the {MAX_TEXT_BYTES:,} okrlab "
            "lints at once; split it by team or objective"
        )
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
    from ..errors import OkrlabError

    if not str(text or "").strip():
        return (
            "<p>Type or paste OKRs: an <code>Objective:</code> line, then one key result per "
            "line starting with <code>-</code>.</p>"
        )
    try:
        report = lint_text(str(text), history=history)
    except OkrlabError as exc:
        return f"<p style='color:#b00020'>Cannot lint this yet: {html.escape(str(exc))}</p>"
    c = report.counts()
    score = "n/a" if math.isnan(report.score) else f"{report.score:.0%}"
    head = (
        f"<p><strong>Score {score}</strong> of checks passed &middot; {c['error']} errors, "
        f"{c['warning']} warnings, {c['info']} info</p>"
    )
    return head + report.to_html()
