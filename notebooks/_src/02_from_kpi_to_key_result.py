# %% [markdown]
# # 02 · From KPI to key result: baselines, targets, scores and guardrails
#
# **For:** team leads and analysts who set quarterly OKRs on top of the KPIs they
# already track, and facilitators who want to show how key results are graded.
#
# **After this notebook you can:**
# - turn a KPI and its history into a key result with a defensible baseline and target;
# - tell a sandbagged target from a stretch and a moonshot, using the metric's own noise;
# - score a key result (also when lower is better), check its pace and forecast it;
# - pair a key result with a guardrail KPI, and read a whole OKR set as a scorecard.
#
# **Time:** about 10 minutes to walk through, 3 more for the optional section 6, and 5
# for the exercises at the end.
#
# **How to run it:** start JupyterLab with `make lab`, open this notebook and choose
# *Run ▸ Run All Cells*; then read from the top. Nothing needs the internet. The data are
# the simulated weekly funnel of a B2B marketing team that ships with okrlab
# (`datasets/marketing_weekly.csv`, see `datasets/README.md`).

# %%
import matplotlib.pyplot as plt
import pandas as pd

import okrlab
from okrlab.plotting import plot_checkins, plot_kpi_health, plot_okr_progress

pd.set_option("display.precision", 3)
plt.rcParams["figure.dpi"] = 90

catalog = okrlab.load_kpis(okrlab.dataset_path("kpis.yaml"))
weekly = okrlab.load_dataset("marketing_weekly.csv").set_index("week")
cpl, lead_quality = catalog["cpl"], catalog["lead_quality"]

# %% [markdown]
# ## 1. Start from the KPI's history
#
# It is late November 2024. The marketing team has tracked cost per lead (CPL) every
# week for two years as a KPI with a healthy band. Leadership now wants CPL *down* next
# quarter: a change goal, so an OKR. Before picking a number, look at the history.

# %%
history = weekly.loc[:"2024-11-25", "cpl"]
fig, ax = plt.subplots(figsize=(9, 3.2))
plot_kpi_health(history, cpl, ax=ax)
plt.show()

# %% [markdown]
# ## 2. Baseline, target and ambition
#
# `KeyResult.from_kpi` turns the KPI and its history into a key result:
#
# - **baseline**: the median of the last 4 weeks, so one odd week cannot set it;
# - **target**: either a value you choose, or a relative *lift* in the KPI's good
#   direction (for CPL, lower);
# - **due date**: a quarter (13 weeks) after the last observation, unless you say otherwise;
# - **ambition**: how many standard deviations of normal week-to-week change the target
#   asks for. Below 1 the target sits inside ordinary noise: *not a stretch*, the team
#   could "hit" it by luck. Above 5 it asks for far more than the metric has ever moved
#   on its own: a *moonshot*.
#
# Three candidate targets, 5%, 20% and 60% cheaper leads:

# %%
# NBVAL_CHECK_OUTPUT
candidates = {lift: okrlab.KeyResult.from_kpi(cpl, history, lift=lift) for lift in (0.05, 0.2, 0.6)}
pd.DataFrame(
    {
        "baseline": [k.baseline for k in candidates.values()],
        "target": [k.target for k in candidates.values()],
        "ambition (sd)": [k.ambition for k in candidates.values()],
        "label": [k.ambition_label for k in candidates.values()],
    },
    index=[f"{lift:.0%} lower" for lift in candidates],
).round(2)

# %% [markdown]
# The 5% cut is within a normal week's wobble: a team that proposes it is sandbagging.
# The 60% cut is a moonshot. The team commits to the 20% version, a real stretch:

# %%
# NBVAL_CHECK_OUTPUT
kr = candidates[0.2]
print(kr.description)
print("start", kr.start, "| due", kr.due, "| direction:", kr.direction, "is better")

# %% [markdown]
# ## 3. Scoring: the fraction of the way from baseline to target
#
# A key result scores `(value − baseline) / (target − baseline)`. Because the baseline
# and target carry the direction, the same formula works when lower is better: half of
# the way from the baseline down to the target scores 0.5. Scores are clipped to
# 0–1 for grading; the raw value is kept so you can see a team that overshot (above 1)
# or went backwards (below 0). Grades: red below 0.4, yellow from 0.4, green from 0.7.

# %%
# NBVAL_CHECK_OUTPUT
for value in (105.0, 98.5, 88.7, 80.0, 75.0):
    print(
        f"CPL {value:6.1f}: raw {kr.raw_score(value):5.2f}  score {kr.score(value):4.2f}  {kr.grade(value)}"
    )

# %% [markdown]
# ## 4. Check-ins, pace and forecast
#
# Each Monday the team records the week's CPL as a check-in. Expected progress is
# linear over the quarter; a key result more than 0.25 behind that pace is *at risk*,
# more than 0.5 behind *off track*. The forecast is a straight line fitted through the
# check-ins (starting from the baseline), read at the due date.

# %%
as_of = "2025-02-03"
tracked = kr.with_checkins(weekly.loc["2024-12-02":as_of, "cpl"])
fig, ax = plt.subplots(figsize=(8, 3.5))
plot_checkins(tracked, ax=ax)
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
row = tracked.assess(at=as_of)
print(f"current CPL {row['current']:.1f} USD -> score {row['score']:.2f} ({row['grade']})")
print(f"expected by now {row['expected']:.2f} -> {row['pace_status']}")
print(f"forecast at due date {row['forecast']:.1f} USD -> score {row['forecast_score']:.2f}")

# %% [markdown]
# By the numbers, a triumph: the team beat the target with weeks to spare.
#
# ## 5. Guardrails: could we hit this number while the objective fails?
#
# The test for a key result is whether it can be met while the objective is not.
# CPL can: buy cheaper, lower-intent leads. The fix is a **guardrail**, a KPI that must
# stay healthy while the key result moves. For CPL the natural one is lead quality,
# the share of leads that sales accepts (healthy from 0.12). Here is what it did
# over the same weeks:

# %%
quarter = weekly.loc["2024-06-03":as_of, "lead_quality"]
fig, ax = plt.subplots(figsize=(8, 3))
plot_kpi_health(quarter, lead_quality, ax=ax)
ax.axvline(pd.Timestamp("2024-12-02"), color="black", ls="--", lw=1)
ax.annotate(
    "CPL becomes a target",
    (pd.Timestamp("2024-12-02"), ax.get_ylim()[1]),
    xytext=(4, -12),
    textcoords="offset points",
    fontsize=8,
)
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
guarded = okrlab.KeyResult(
    description=tracked.description,
    metric="cpl",
    unit="USD",
    baseline=tracked.baseline,
    target=tracked.target,
    checkins=tracked.checkins,
    start=tracked.start,
    due=tracked.due,
    guardrails=[okrlab.Guardrail(lead_quality, current=weekly.loc[as_of, "lead_quality"])],
)
print(f"lead quality now: {weekly.loc[as_of, 'lead_quality']:.3f} ->", guarded.guardrail_status())
print("verdict:", guarded.verdict(at=as_of))

# %% [markdown]
# The key result is **met, with its guardrail breached**: okrlab refuses to call it a
# success. Notebook 03 shows why this happens (the budget moved to cheap audiences
# that rarely buy) and notebook 04 shows how an analyst would catch it in the data.
#
# ## 6. A whole OKR set as a scorecard (optional)
#
# Teams write their OKRs in YAML (`datasets/okrs.yaml` is a full example with every
# field). Here is the team's OKR set for the quarter of our story, read on the same
# Monday, 3 February 2025: the CPL key result above, a volume key result beside it, and
# the web team's objective. `load_okrs_text` (or `load_okrs` for a file) checks every
# field; `scorecard()` grades all key results at the `as_of` date: score, grade, pace,
# forecast, guardrail status and verdict.

# %%
from okrlab.okr import load_okrs_text

story_okrs = """
as_of: 2025-02-03
objectives:
  - title: Fill the pipeline with buyers who actually close
    owner: Demand generation team
    start: 2024-12-02
    due: 2025-03-03
    key_results:
      - description: Reduce cost per lead from $98.5 to $78.8
        metric: cpl
        unit: USD
        baseline: 98.5
        target: 78.8
        checkins:
          - {date: 2024-12-16, value: 82.0}
          - {date: 2025-01-06, value: 85.2}
          - {date: 2025-01-20, value: 75.8}
          - {date: 2025-02-03, value: 74.4}
        guardrails:
          - {kpi: lead_quality, current: 0.094}
      - description: Grow qualified leads from 140 to 170 a week
        metric: qualified_leads
        unit: leads/week
        baseline: 140
        target: 170
        kind: aspirational
        checkins:
          - {date: 2024-12-16, value: 145}
          - {date: 2025-01-06, value: 166}
          - {date: 2025-01-20, value: 128}
          - {date: 2025-02-03, value: 139}
  - title: Make our website the place buyers come to compare
    owner: Web and content team
    period: 2025-Q1
    key_results:
      - description: Increase website-to-demo conversion from 1.8% to 2.5%
        metric: demo_conversion
        unit: "%"
        baseline: 1.8
        target: 2.5
        current: 2.2
        weight: 2
      - description: Cut time to first answer on the pricing-page chat from 10 to 2 minutes
        metric: chat_first_response
        unit: minutes
        baseline: 10
        target: 2
        current: 4
"""
okrs = load_okrs_text(story_okrs, kpis=catalog)
card = okrs.scorecard()
card

# %%
# NBVAL_CHECK_OUTPUT
card.objectives_frame()[["objective", "score", "grade", "verdict"]].round(2)

# %% [markdown]
# The tidy table, one row per key result, is what you would export or chart:

# %%
# NBVAL_CHECK_OUTPUT
card.to_frame()[
    ["metric", "kind", "score", "expected", "pace_status", "guardrail_status", "verdict"]
].round(2)

# %%
fig, ax = plt.subplots(figsize=(9, 4))
plot_okr_progress(card, ax=ax)
plt.show()

# %% [markdown]
# Read the plot from the bars (score, coloured by grade) to the ticks (where progress
# should be by now) and the circles (where the trend leads by the due date). The ⚠ marks
# a key result whose guardrail is unhealthy: the first objective's high CPL score comes
# with falling lead quality, so the objective is reported as *guardrail breached*, and
# the volume key result beside it shows the cheaper leads did not even bring more
# qualified ones.
#
# ## Key ideas
#
# - Derive a key result from the KPI's history: a robust baseline, an explicit target,
#   and an ambition figure that shows sandbagging and moonshots for what they are.
# - Score = fraction of the way from baseline to target; it works in both directions.
# - Pace and forecast turn weekly check-ins into an early warning.
# - Every gameable key result needs a guardrail KPI; met-with-a-breached-guardrail is
#   not success.
#
# ## Try it yourself
#
# 1. Make a key result for lead quality itself with `KeyResult.from_kpi(lead_quality,
#    weekly.loc[:"2024-11-25", "lead_quality"], lift=0.15)`. Is it a stretch?
# 2. Change `as_of` to `"2024-12-30"` and re-run section 4. Was the key result on
#    track already after a month?
# 3. Break a field of `story_okrs` on purpose (write `target: eighty`) and load it
#    again. Does the error tell you the line and the fix?
#
# <details><summary>Solutions</summary>
#
# 1. Look at `.ambition` and `.ambition_label`: lead quality is noisy week to week,
#    so a 15% lift is a stretch rather than a moonshot.
# 2. `tracked.assess(at="2024-12-30")` uses only the check-ins up to that date.
# 3. The message names the file, the line, the objective, the key result and the
#    field, and says to write a plain number.
# </details>
