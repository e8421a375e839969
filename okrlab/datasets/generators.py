"""How the simulated sample datasets are made, and regenerating them byte for byte.

Each CSV in ``datasets/`` comes from one generator in :data:`GENERATORS`
(see ``datasets/README.md`` for the data dictionary and the truths built in).
Every generator is seeded and avoids BLAS and CPU-dispatched math, so
:func:`regenerate` writes the same bytes on every machine (same numpy/pandas).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ._load import _CPL_TARGET_WEEK, _DATA_DIR, _PLATFORM_CHANGE_WEEK, MARKETING_START

_MARKETING_SEED = 20230102
_OKR_SEED = 20240101
_DEMO_WEEKS_AFTER_OPPORTUNITY = 3  # demos happen 3 weeks after the opportunity opens
_SALES_CYCLE_WEEKS = 8  # lead (and opportunity) to closed deal


def make_marketing_weekly(seed: int = _MARKETING_SEED) -> pd.DataFrame:
    """Simulate ``marketing_weekly.csv``: three years of one team's funnel.

    Built on :func:`okrlab.simulate_funnel` (budget growing 20% a year, mild
    seasonality, a CPL target with pressure 0.7 and some lead-definition
    gaming from :data:`MARKETING_EVENTS` ``["cpl_target"]``), plus three extra
    KPIs:

    ``demo_requests``
        Opportunities book a demo three weeks after they open and deals close
        five weeks after the demo (sales cycle eight weeks). Prospects who will
        buy book one with probability 0.9, the others with 0.45, so demo
        requests lead revenue by five weeks.
    ``social_followers``
        Cumulative followers, growing by ``Poisson(40 + 0.5 t)`` a week plus
        rare viral bursts, drawn independently of the funnel (vanity metric).
    ``email_open_rate``
        Before the platform change
        ``0.24 + 0.02 z + 0.1 (demand - 1) + N(0, 0.012)``, where ``z`` is the
        week's revenue standardised over the pre-change weeks (prospects who
        are about to buy read the emails) and ``demand`` the market demand
        index that also drives win rates; from the change on, privacy-proxy
        opens lift it to about 0.41 plus noise, with no link to revenue.

    Returns
    -------
    DataFrame
        The columns of ``marketing_weekly.csv`` (see ``datasets/README.md``),
        rounded as written to the file.
    """
    from ..goodhart import simulate_funnel

    lead_in = _DEMO_WEEKS_AFTER_OPPORTUNITY
    cycle = _SALES_CYCLE_WEEKS
    tail = cycle - lead_in  # weeks from demo to closed deal
    start = pd.Timestamp(MARKETING_START) - pd.Timedelta(weeks=lead_in)
    n_weeks = 156
    rng = np.random.default_rng(seed)
    sim = simulate_funnel(
        n_weeks=lead_in + n_weeks + tail,
        start=start,
        weekly_budget=70_000.0,
        target_week=_CPL_TARGET_WEEK + lead_in,
        pressure=0.7,
        gaming=0.15,
        seasonality=0.08,
        budget_growth=0.2,
        sales_cycle_weeks=cycle,
        demand_sd=0.12,
        demand_persistence=0.4,
        seed=rng,
    ).weekly
    # Opportunities opened in week s close (won) in week s + cycle, so the won
    # part of week s's opportunities is customers[s + cycle]; the rest are lost.
    # Prospects who go on to buy book a demo more often (0.9) than those who
    # do not (0.45); demos happen lead_in weeks after the opportunity opens.
    opps = sim["opportunities"].to_numpy()[:n_weeks]
    won = sim["customers"].to_numpy()[cycle : cycle + n_weeks]
    demos = rng.binomial(won, 0.9) + rng.binomial(opps - won, 0.45)
    sim = sim.iloc[lead_in : lead_in + n_weeks].reset_index(drop=True)
    t = np.arange(n_weeks)
    gains = rng.poisson(40 + 0.5 * t) + rng.binomial(1, 0.04, n_weeks) * rng.poisson(400, n_weeks)
    followers = 12_000 + np.cumsum(gains)
    demand = sim["market_demand"].to_numpy(dtype=float)
    before = t < _PLATFORM_CHANGE_WEEK
    revenue = sim["revenue"].to_numpy(dtype=float)
    z_revenue = (revenue - revenue[before].mean()) / revenue[before].std()
    open_rate = np.where(
        before,
        0.24 + 0.02 * z_revenue + 0.1 * (demand - 1.0) + rng.normal(0.0, 0.012, n_weeks),
        0.41 + 0.0002 * (t - _PLATFORM_CHANGE_WEEK) + rng.normal(0.0, 0.015, n_weeks),
    )
    spend = sim["spend"].round(2)
    leads, qualified = sim["leads"], sim["qualified_leads"]
    opportunities, customers = sim["opportunities"], sim["customers"]

    def per(num, den, digits):
        return (num / den.where(den > 0)).round(digits)

    return pd.DataFrame(
        {
            "week": sim["week"].dt.strftime("%Y-%m-%d"),
            "spend": spend,
            "leads": leads,
            "cpl": per(spend, leads, 2),
            "qualified_leads": qualified,
            "lead_quality": per(qualified, leads, 4),
            "cost_per_qualified_lead": per(spend, qualified, 2),
            "opportunities": opportunities,
            "cost_per_opportunity": per(spend, opportunities, 2),
            "customers": customers,
            "cac": per(spend, customers, 2),
            "revenue": sim["revenue"].round(2),
            "cpl_target_active": sim["cpl_target_active"].astype(int),
            "demo_requests": demos,
            "social_followers": followers,
            "email_open_rate": np.round(open_rate, 4),
        }
    )


_FUNCTIONS = {
    "marketing": (
        [
            "Raise marketing-sourced pipeline",
            "Lift lead-to-SQL rate",
            "Cut cost per opportunity",
            "Grow trial sign-ups from paid search",
        ],
        ["Publish 12 blog posts", "Launch 3 campaigns", "Run 4 webinars", "Redesign pricing page"],
    ),
    "sales": (
        [
            "Raise win rate",
            "Shorten sales cycle",
            "Grow average deal size",
            "Lift pipeline coverage",
        ],
        ["Make 600 calls", "Hold 40 discovery meetings", "Update CRM playbook", "Train 5 new reps"],
    ),
    "customer-success": (
        [
            "Cut logo churn",
            "Raise net revenue retention",
            "Lift product adoption",
            "Grow expansion",
        ],
        ["Run 30 QBRs", "Send onboarding survey", "Publish 10 help videos", "Host user summit"],
    ),
    "product": (
        [
            "Raise activation rate",
            "Lift weekly active teams",
            "Cut time to value",
            "Grow feature use",
        ],
        ["Ship 10 features", "Run 8 user interviews", "Release mobile beta", "Write 5 specs"],
    ),
    "support": (
        ["Raise CSAT", "Cut resolution time", "Lift self-serve rate", "Cut reopen rate"],
        ["Close 500 tickets", "Write 20 help articles", "Roll out new macros", "Hold 6 trainings"],
    ),
}


def make_okr_quarters(seed: int = _OKR_SEED) -> pd.DataFrame:
    """Simulate ``okr_quarters.csv``: 40 teams x 8 quarters x 3-4 key results.

    For each team and quarter, outcome-type KRs track latent real progress
    ``p ~ N(0.55, 0.2)``; the team's business outcome moves with the mean
    progress of its outcome KRs:
    ``outcome_change = 1 + u_team + s_quarter + 8 (mean p - 0.55) + N(0, 2.5)``
    (percent). Outcome KR scores are ``p`` plus the team's grading leniency
    ``v_team ~ N(0, 0.08)`` plus ``N(0, 0.08)``; activity KRs score
    ``Beta(6, 2) + v_team`` (high, about 0.75) with no link to the outcome.
    ``u_team ~ N(0, 2.5)`` and ``v_team`` are team random effects, so
    observations of a team are correlated: resample teams (clustered
    bootstrap), not rows. Scores are clipped to [0, 1].

    Returns
    -------
    DataFrame
        ``team``, ``quarter``, ``kr``, ``kr_type``, ``kr_score``,
        ``outcome_change`` (see ``datasets/README.md``).
    """
    rng = np.random.default_rng(seed)
    quarters = [f"{y}-Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
    teams = [(f"{fn}-{k:02d}", fn) for fn in _FUNCTIONS for k in range(1, 9)]
    quarter_effect = rng.normal(0.0, 1.0, len(quarters))
    rows = []
    for team, fn in teams:
        outcome_pool, activity_pool = _FUNCTIONS[fn]
        u_team = rng.normal(0.0, 2.5)
        v_team = rng.normal(0.0, 0.08)
        activity_lean = rng.uniform(0.15, 0.6)  # how often this team writes activity KRs
        for qi, quarter in enumerate(quarters):
            n_kr = int(rng.integers(3, 5))
            is_activity = rng.random(n_kr) < activity_lean
            is_activity[0] = False  # every team-quarter has at least one outcome KR
            n_act = int(is_activity.sum())
            outcome_names = rng.permutation(outcome_pool)[: n_kr - n_act]
            activity_names = rng.permutation(activity_pool)[:n_act]
            progress = rng.normal(0.55, 0.2, n_kr - n_act)
            outcome_scores = progress + v_team + rng.normal(0.0, 0.08, n_kr - n_act)
            activity_scores = rng.beta(6.0, 2.0, n_act) + v_team
            change = (
                1.0
                + u_team
                + quarter_effect[qi]
                + 8.0 * (progress.mean() - 0.55)
                + rng.normal(0.0, 2.5)
            )
            krs = [("outcome", n, s) for n, s in zip(outcome_names, outcome_scores, strict=True)]
            krs += [
                ("activity", n, s) for n, s in zip(activity_names, activity_scores, strict=True)
            ]
            for j, (kind, text, score) in enumerate(krs, start=1):
                rows.append(
                    {
                        "team": team,
                        "quarter": quarter,
                        "kr": f"KR{j} {text}",
                        "kr_type": kind,
                        "kr_score": round(float(np.clip(score, 0.0, 1.0)), 2),
                        "outcome_change": round(float(change), 2),
                    }
                )
    return pd.DataFrame(rows)


#: Dataset name -> generator function.
def make_okr_checkins() -> pd.DataFrame:
    """Simulate ``okr_checkins.csv`` (see :func:`okrlab.review.simulate.make_okr_checkins`).

    Returns
    -------
    DataFrame
        Weekly check-ins (value and confidence) of 6 teams of known kinds.
    """
    from ..review.simulate import make_okr_checkins as make

    return make()


GENERATORS = {
    "marketing_weekly": make_marketing_weekly,
    "okr_quarters": make_okr_quarters,
    "okr_checkins": make_okr_checkins,
}


def _csv_bytes(df: pd.DataFrame) -> bytes:
    # Fixed line terminator and shortest-repr floats (values are pre-rounded),
    # so the bytes only depend on the values.
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def regenerate(out_dir=None) -> list[Path]:
    """Write every generated CSV into ``out_dir`` (default: the shipped folder).

    Returns the paths written. The output is byte-for-byte identical on every
    run (same numpy and pandas versions).
    """
    out = Path(out_dir) if out_dir is not None else _DATA_DIR.resolve()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in GENERATORS.items():
        path = out / f"{name}.csv"
        path.write_bytes(_csv_bytes(make()))
        written.append(path)
    return written
