"""Objective diagnoses from verb and object classes (okrlab.lint._objective_read).

The sentences are written for these tests, one per cell of the verb x object table in
okrlab/lint/_objective_words.py; none is taken from the labelled corpus."""

from __future__ import annotations

import pytest

from okrlab.lint._objective_checks import diagnose


def rule(title):
    d = diagnose(title)
    return None if d is None else d[0]


@pytest.mark.parametrize(
    "title,expected",
    [
        # make-and-ship verbs: an output, whatever the object, in any tense of the lead-in
        ("Roll out the self-service billing portal", "output-objective"),
        ("Develop a pricing calculator for resellers", "output-objective"),
        ("Design and launch the loyalty programme", "output-objective"),
        ("Get the Android widget shipped", "output-objective"),
        ("We will publish the public API reference", "output-objective"),
        ("Beta of the scheduling assistant", "output-objective"),
        ("Pricing page refreshed", "output-objective"),
        # ... but building a team, a culture or a foundation is an aim, not an output
        ("Build a world-class support team", None),
        ("Create a culture of written decisions", None),
        ("Build a better website", "vague-objective"),
        ("Deliver more value to shoppers", "vague-objective"),
        # one-off work
        ("Migrate billing to the new payment provider", "task-objective"),
        ("Evaluate three CRM vendors", "task-objective"),
        ("Figure out why trial users leave", "task-objective"),
        ("Renegotiate the warehouse lease", "task-objective"),
        ("Update the employee handbook", "task-objective"),
        ("Quantify what a day of downtime costs", "task-objective"),
        ("Warehouse move completed", "task-objective"),
        ("Answer all open partner requests within the week", "task-objective"),
        ("Shoppers completed checkout faster", None),
        # work verbs that also open lasting aims are tasks only on a piece of work
        ("Execute the vendor consolidation plan", "task-objective"),
        ("Switch to usage-based billing", "task-objective"),
        ("Run the most dependable payments network in Europe", None),
        ("Secure our customers' trust in how we handle data", None),
        ("Establish the clinic as the first call for sports injuries", None),
        ("Create a calm on-call experience for engineers", None),
        # moving a quantity: a KPI object makes it a KPI target
        ("Grow gross margin", "objective-is-metric"),
        ("Lower the cost of support per order", "objective-is-metric"),
        ("Shrink time to market", "objective-is-metric"),
        ("Increase the share of orders paid online", "objective-is-metric"),
        ("Boost trial-to-paid conversion", "objective-is-metric"),
        ("Widen the use of saved searches", "objective-is-metric"),
        ("Get more paying subscribers", "objective-is-metric"),
        ("Improve first contact resolution", "objective-is-metric"),
        # ... a causative "get X to Y" is not a KPI
        ("Get new shoppers to their first order faster", None),
        # asking for better without saying what changes
        ("Strengthen cross-team coordination", "vague-objective"),
        ("Modernise our tooling", "vague-objective"),
        ("Increase innovation", "vague-objective"),
        ("Revive the referral engine", "vague-objective"),
        ("Get better at forecasting", "vague-objective"),
        ("Make steady progress on platform priorities", "vague-objective"),
        ("Stop being bad at invoicing", "vague-objective"),
        # naming whom it serves does not say what should change
        ("Improve onboarding for first-time sellers", "vague-objective"),
        # ... naming the end state does
        ("Improve the checkout so that buyers trust it", None),
        # shapes that make a work verb one-off whatever its object
        ("Work with Procurement on the travel policy", "task-objective"),
        ("Catch up with every reseller before the price change", "task-objective"),
        ("Move the ticket archive from Zendesk to the data lake", "task-objective"),
        ("Upgrade the mobile apps to React Native 0.80", "task-objective"),
        ("Brief all store managers on the new returns procedure", "task-objective"),
        ("Make sure every contract is logged in the CRM", "task-objective"),
        ("Interview 12 lapsed donors about why they stopped", "task-objective"),
        ("Renovate the staff kitchen", "task-objective"),
        ("Relocate the Leeds depot", "task-objective"),
        ("Run a fire drill in every building", "task-objective"),
        # finding out, looking into, taking part, holding an event
        ("Get a clearer picture of why trials stall", "task-objective"),
        ("Examine how invoices are approved today", "task-objective"),
        ("Review the on-call rota", "task-objective"),
        ("Engage in two industry working groups", "task-objective"),
        ("Host a customer open day", "task-objective"),
        ("Set-up the new finance workspace", "task-objective"),
        ("Meet weekly with the two biggest franchisees", "task-objective"),
        ("Get Legal and Security to agree on one data-retention rule", "task-objective"),
        ("Agree the 2027 budget with the board", "task-objective"),
        # "Work on improving X" asks for better, like "Improve X"
        ("Work on improving release quality", "vague-objective"),
        ("Make the newsletter great!", "vague-objective"),
        ("Let's make support work better for everyone", "vague-objective"),
        # a deliverable reported live; a duration named as the aim
        ("Partner portal live in three languages", "output-objective"),
        ("Cut invoice approval time", "objective-is-metric"),
        # better, in idioms
        ("Raise the bar on code review", "vague-objective"),
        ("Make the sales team more productive", "vague-objective"),
        # states that only look like numbers, maintenance or deliverables
        ("Sales and support answer from one shared playbook", None),
        ("Donors keep giving because they see the difference", None),
        ("Our deployments are dull and reversible", None),
        # end states and aims with no leading work verb
        ("Make every release boring", None),
        ("Become the first tool a new analyst opens", None),
        ("Earn the trust of hospital buyers", None),
        ("Happy, well-rested on-call engineers", None),
    ],
)
def test_objective_diagnosis(title, expected):
    assert rule(title) == expected


def test_maintain_is_left_to_its_own_rule():
    assert diagnose("Keep checkout latency where it is") is None


def test_diagnosis_explains_itself():
    r, hit = diagnose("Strengthen cross-team coordination")
    assert r == "vague-objective"
    assert "coordination" in hit.detail


_FRAMES = [
    "O1: {}",
    "Objective 2 - {}",
    "1) {}",
    "🎯 {}",
    "**{}**",
    "“{}”",
    '"{}."',
    "[Platform] {}",
    "Growth – {}",
    "Customer Success | {}",
    "{} in Q3",
    "{} by the end of the year",
    "Continue to {lower}",
    "We will continue to {lower}",
    "We will {lower}",
    "Our goal is to {lower}",
]


@pytest.mark.parametrize("frame", _FRAMES)
@pytest.mark.parametrize(
    "title, expected",
    [
        ("Delight customers", "vague-objective"),
        ("Build the foundation for rapid growth", "vague-objective"),
        ("Launch our new category on March 4", "output-objective"),
        ("Migrate billing to the new provider", "task-objective"),
        ("Grow ARR", "objective-is-metric"),
        ("Become the first tool a new analyst opens", None),
    ],
)
def test_diagnosis_ignores_numbering_quotes_and_frames(frame, title, expected):
    """How a team numbers, quotes or frames an objective does not change what it asks."""
    assert rule(frame.format(title, lower=title[:1].lower() + title[1:])) == expected


def test_maintain_objective_read_through_a_frame():
    from okrlab import lint_text

    report = lint_text(
        "Objective: We will maintain 99.9% uptime\n- p95 latency from 300 ms to 200 ms"
    )
    assert "maintain-is-a-kpi" in {f.rule for f in report if f.key_result is None}
