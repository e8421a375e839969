"""Every rule, in the order they run and are reported, and :func:`rule_table`."""

from __future__ import annotations

from ._ambition import _check_not_ambitious, _check_unrealistic
from ._model import Rule
from ._objective_checks import (
    _check_kr_count,
    _check_maintain_objective,
    _check_missing_deadline,
    _check_objective_count,
    _check_objective_is_metric,
    _check_output_objective,
    _check_task_objective,
    _check_vague_objective,
)
from .checks import (
    _check_activity,
    _check_compound,
    _check_duplicate,
    _check_gameable,
    _check_input,
    _check_maintain,
    _check_missing_baseline,
    _check_missing_target,
    _check_not_measurable,
    _check_percent_vs_points,
    _check_vanity,
)

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
            "the objective is a KPI name or a KPI target",
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
            quiet_after=("objective-is-metric",),
        ),
        Rule(
            "output-objective",
            "warning",
            "objective",
            "the objective is an output to ship",
            "Shipping something is a means; the objective should say what the shipped "
            "thing must change, so the team can tell whether it worked.",
            "Name the change the output should bring, e.g. 'Make mobile the easiest way "
            "for customers to reorder' instead of 'Launch the new mobile app'; the launch "
            "goes in the plan.",
            _check_output_objective,
            quiet_after=("vague-objective", "objective-is-metric"),
        ),
        Rule(
            "task-objective",
            "warning",
            "objective",
            "the objective is a one-off task",
            "A task is done or not done; it gives no direction once finished and cannot "
            "be graded as progress.",
            "Ask why the task matters and make that the objective, e.g. 'Let customers pay "
            "the way they prefer' instead of 'Integrate with Stripe'.",
            _check_task_objective,
            quiet_after=("output-objective", "vague-objective", "objective-is-metric"),
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
            "compound-kr",
            "warning",
            "key_result",
            "two key results in one (several metrics, or a task plus a metric)",
            "A key result that joins two things cannot be graded as one number; half of it "
            "can be done while the other half is not.",
            "Split it into one key result per metric; move the task to the project plan.",
            _check_compound,
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
            "input-not-result",
            "warning",
            "key_result",
            "an input or spend dressed as a result",
            "Budget, spend and headcount are what the team puts in; raising them is a "
            "decision that can be made on day one, not evidence that anything improved.",
            "Measure what the input should buy, with the input as a constraint.",
            _check_input,
        ),
        Rule(
            "missing-baseline",
            "warning",
            "key_result",
            "a target with no starting point",
            "Without a baseline nobody knows how big the step is, and progress cannot be graded.",
            "Add where the metric is today: 'from X to Y'.",
            _check_missing_baseline,
            quiet_after=("activity-not-outcome", "input-not-result"),
        ),
        Rule(
            "missing-target",
            "warning",
            "key_result",
            "a starting point but no target",
            "Without a target nobody knows what counts as success, and the key result "
            "cannot be scored.",
            "Add where the metric should be and by when: 'from X to Y by <date>'.",
            _check_missing_target,
            quiet_after=("activity-not-outcome",),
        ),
        Rule(
            "percent-vs-points",
            "warning",
            "key_result",
            "a relative change on a rate: percent or percentage points?",
            "'Increase conversion by 3%' reads as 2.0% -> 2.06% to one person and 2.0% -> "
            "5.0% to another; the team and the grader will disagree.",
            "Write both ends, or say 'percentage points' or 'relative %'.",
            _check_percent_vs_points,
            quiet_after=("activity-not-outcome",),
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
            "gameable-without-guardrail",
            "warning",
            "key_result",
            "an easy-to-game metric with no quality metric beside it",
            "Nothing in this objective checks quality, so the number can be hit while "
            "the objective fails (Goodhart's law).",
            "Pair it with a guardrail metric that must stay healthy.",
            _check_gameable,
            quiet_after=("vanity-metric",),
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
            objective_check=_check_maintain_objective,
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
