"""Tests of the free-text key-result parser (okrlab.lint._numbers)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrlab.lint._numbers import ParsedKR, parse_kr, parse_quantity

# text -> (baseline, target, unit, direction)
PAIRS = [
    ("Increase website-to-demo conversion from 1.8% to 2.5%", 1.8, 2.5, "%", "increase"),
    ("Reduce cost per lead from $100 to $80", 100, 80, "USD", "decrease"),
    ("Reduce time-to-first-value from 10 days to 5 days", 10, 5, "days", "decrease"),
    ("Increase NPS from 30 to 45 by 2026-03-31", 30, 45, None, "increase"),
    ("Grow weekly active teams 1,200 -> 1,800", 1200, 1800, None, "increase"),
    ("Increase revenue from $1.2m to $1.5m in 2026", 1.2e6, 1.5e6, "USD", "increase"),
    ("Grow MRR from €40k to €50k", 40_000, 50_000, "EUR", "increase"),
    ("Cut the refund rate from 4 percent to 2 percent", 4, 2, "%", "decrease"),
    ("Lift CSAT from 4.1/5 to 4.5/5", 4.1, 4.5, "/5", "increase"),
    ("Shorten time to hire from 6 weeks to 4 weeks", 6, 4, "weeks", "decrease"),
    ("Reduce cost per lead from 100 to 80 USD", 100, 80, "USD", "decrease"),
    ("Increase leads from 200 leads to 300 leads per week", 200, 300, "count", "increase"),
    ("Cut support backlog from 1,200 tickets to under 300", 1200, 300, "count", "decrease"),
    ("Increase pipeline coverage from 2x to 3x", 2, 3, "x", "increase"),
    ("Move NPS from -10 to 10", -10, 10, None, "increase"),
    ("Increase activation rate from 35% to 50% by March 31", 35, 50, "%", "increase"),
    ("Grow sign-ups £20 to £30 per head", 20, 30, "GBP", "increase"),
]


@pytest.mark.parametrize("text, baseline, target, unit, direction", PAIRS)
def test_baseline_and_target(text, baseline, target, unit, direction):
    kr = parse_kr(text)
    assert (kr.baseline, kr.target, kr.unit, kr.direction) == (
        pytest.approx(baseline),
        pytest.approx(target),
        unit,
        direction,
    )
    assert kr.unparsed == ()


# text -> (target, unit, bound, direction)
TARGETS = [
    ("Grow MRR to €50k by end of Q2", 50_000, "EUR", None, "increase"),
    ("Reduce CPL to $80", 80, "USD", None, "decrease"),
    ("Reduce first response time to under 2 hours", 2, "hours", "at most", "decrease"),
    ("Keep CSAT above 4.5/5", 4.5, "/5", "at least", "maintain"),
    ("Keep churn below 2% in Q1 2026", 2, "%", "at most", "maintain"),
    ("Maintain uptime at 99.9%", 99.9, "%", None, "maintain"),
    ("Hold the refund rate at most 3%", 3, "%", "at most", "maintain"),
    ("Get weekly active users over 10k", 10_000, None, "at least", None),
    ("Reach 50 paying customers", 50, "count", None, None),
    ("NPS of 45", 45, None, None, None),
    ("Answer every ticket within 4 hours", 4, "hours", "at most", None),
]


@pytest.mark.parametrize("text, target, unit, bound, direction", TARGETS)
def test_target_only(text, target, unit, bound, direction):
    kr = parse_kr(text)
    assert kr.baseline is None
    assert kr.target == pytest.approx(target)
    assert (kr.unit, kr.bound, kr.direction) == (unit, bound, direction)


# text -> (change, change_unit, direction)
CHANGES = [
    ("Raise trial-to-paid conversion by 20%", 20, "%", "increase"),
    ("Cut churn by 2 points", 2, "points", "decrease"),
    ("Increase organic traffic by 20%", 20, "%", "increase"),
    ("Achieve a 20% reduction in CPL", 20, "%", "decrease"),
    ("Get 20% more qualified leads", 20, "%", "increase"),
    ("Grow activation by 5 percentage points", 5, "points", "increase"),
    ("Double trial sign-ups", 100, "%", "increase"),
    ("Halve onboarding time", 50, "%", "decrease"),
]


@pytest.mark.parametrize("text, change, unit, direction", CHANGES)
def test_relative_changes(text, change, unit, direction):
    kr = parse_kr(text)
    assert (kr.change, kr.change_unit, kr.direction) == (pytest.approx(change), unit, direction)
    assert kr.target is None and kr.baseline is None


@pytest.mark.parametrize(
    "text, deadline",
    [
        ("Reduce CPL from $100 to $80 by end of Q1", "end of Q1"),
        ("Increase NPS from 30 to 45 by 2026-03-31", "2026-03-31"),
        ("Sign 50 new enterprise customers by 31 March 2026", "31 March 2026"),
        ("Ship it in Q3 2026", "Q3 2026"),
        ("Reach 100 customers in 2026", "2026"),
        ("Reach 100 customers by the end of the quarter", "end of the quarter"),
        ("Reach 100 customers", None),
    ],
)
def test_dates_are_deadlines_not_numbers(text, deadline):
    kr = parse_kr(text)
    assert kr.deadline == deadline
    assert all(q.value not in (2026, 31, 1, 3) or q.unit for q in kr.quantities)


def test_counts_keep_the_noun():
    kr = parse_kr("Launch in 3 new markets with 50 paying customers each")
    assert [(q.value, q.noun) for q in kr.quantities] == [
        (3, "new markets"),
        (50, "paying customers"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # two numbers and no pair: report, don't guess
        ("Launch in 3 new markets with 50 paying customers each", "which one is the target"),
        ("Improve the onboarding experience", "no number found"),
        ("Improve NPS by 10 points", "not whether the number should go up or down"),
        ("Reduce churn from 3% to 5%", "the verb says 'decrease'"),
        ("Increase MRR from $10k", "no target"),
        ("Reduce CPL from $100 to 80%", "different units"),
    ],
)
def test_what_could_not_be_parsed_is_reported(text, expected):
    kr = parse_kr(text)
    assert any(expected in note for note in kr.unparsed), kr.unparsed


def test_two_numbers_without_a_pair_leave_the_target_empty():
    kr = parse_kr("Launch in 3 new markets with 50 paying customers each")
    assert kr.target is None and kr.baseline is None and kr.has_number


@pytest.mark.parametrize(
    "text", ["B2B leads", "Web3 community", "Win the 2nd spot", "Q1 OKRs", "FY26 plan"]
)
def test_numbers_inside_words_ordinals_and_periods_are_not_quantities(text):
    assert parse_kr(text).quantities == ()


def test_verb_is_first_word_lowercased():
    assert parse_kr("Launch the new pricing page").verb == "launch"
    assert parse_kr("").verb is None


@pytest.mark.parametrize(
    "value, number, unit",
    [("$1,200", 1200, "USD"), ("12%", 12, "%"), ("4.5/5", 4.5, "/5"), (80, 80, None),
     ("€3k", 3000, "EUR"), ("10 days", 10, "days")],
)  # fmt: skip
def test_parse_quantity(value, number, unit):
    q = parse_quantity(value)
    assert (q.value, q.unit) == (pytest.approx(number), unit)


def test_parse_quantity_without_number():
    assert parse_quantity("soon") is None
    assert parse_quantity(True) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parser_never_crashes_on_arbitrary_text(text):
    kr = parse_kr(text)
    assert isinstance(kr, ParsedKR)
    assert kr.text == text
    assert all(isinstance(note, str) for note in kr.unparsed)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["from", "to", "by", "$", "%", "12", "1,000", "4.5/5", "below", "keep", "x",
             "days", "-", "->", "Q1", "2026", "k", "reduce", "points", ".", "/"]
        ),
        max_size=15,
    )
)  # fmt: skip
def test_parser_never_crashes_on_grammar_soup(tokens):
    parse_kr(" ".join(tokens))
    parse_kr("".join(tokens))
