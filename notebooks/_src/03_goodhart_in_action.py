# %% [markdown]
# # 03 · Goodhart in action: when cost per lead becomes the target
#
# **For:** marketing leads, analysts and anyone who sets or is measured by a KPI
# target; workshop facilitators who want to *show* Goodhart's law rather than quote it.
#
# **After this notebook you can:**
# - explain, with a working model, how a team that meets its cost-per-lead (CPL) target
#   can make the business worse;
# - tell one lucky run from a pattern, using Monte Carlo bands;
# - name the four variants of Goodhart's law (regressional, extremal, causal,
#   adversarial) and recognise each in a marketing setting;
# - pick a guardrail KPI that would have raised the alarm, and see when it fires.
#
# **Time:** about 25 minutes. Everything here is simulated with `okrlab.simulate_funnel`
# and the four small variant simulations in `okrlab.goodhart`; the last section uses the
# simulated sample data `datasets/marketing_weekly.csv` (see `datasets/README.md`).
#
# **How to run it:** start JupyterLab with `make lab`, open this notebook and choose
# *Run ▸ Run All Cells*; then read from the top. Nothing needs the internet, and every
# number comes out the same on any machine. Section 6 has sliders: move them after the
# notebook has run.

# %%
import matplotlib.pyplot as plt
import pandas as pd

import okrlab
from okrlab.goodhart import DEFAULT_SEGMENTS
from okrlab.plotting import (
    plot_adversarial,
    plot_budget_shares,
    plot_causal,
    plot_extremal,
    plot_goodhart_dashboard,
    plot_kpi_health,
    plot_regressional,
)

SEED = 2026  # every simulation below is reproducible bit for bit, on any machine
pd.set_option("display.precision", 3)
plt.rcParams["figure.dpi"] = 90

# Reader precision for the tables below: USD per lead / SQL / customer to the
# dollar, revenue to the nearest 100 USD, counts to one lead, shares to 3 decimals.
DECIMALS = {"cpl": 0, "leads": 0, "lead_quality": 3, "cost_per_qualified_lead": 0, "cac": -2,
            "revenue": -2}  # fmt: skip


def readable(effects):
    """goodhart_effects' table with before/after at reader precision (as text)."""
    table = effects.set_index("metric")
    out = pd.DataFrame(index=table.index)
    for col in ("before", "after"):
        out[col] = [
            f"{round(value, DECIMALS[metric]):,.{max(DECIMALS[metric], 0)}f}"
            for metric, value in table[col].items()
        ]
    out["change"] = table["change"].round(3)
    for col in ("better", "share_worse"):
        if col in table:
            out[col] = table[col].round(3) if col == "share_worse" else table[col]
    return out


# %% [markdown]
# ## 1. The brief: "bring cost per lead down"
#
# A B2B marketing team spends its weekly paid-media budget on five audience segments.
# They differ in what a lead costs and in how often a lead turns into a sales-qualified
# lead (SQL). As in most real funnels, the cheap audiences are the low-intent ones.
# The last column is the one nobody puts on the dashboard: what a *qualified* lead costs.

# %%
# NBVAL_CHECK_OUTPUT
segments = DEFAULT_SEGMENTS.set_index("segment")
segments.assign(cost_per_sql=segments.cpl / segments.sql_rate)[
    ["cpl", "sql_rate", "cost_per_sql", "base_share"]
].round(2)

# %% [markdown]
# A display lead is the cheapest on the list, yet a qualified lead from display is the
# most expensive; high-intent search is the other way round. Now leadership gives the
# team a target on CPL. In the model (`okrlab.simulate_funnel`), from the target week on
# the team reads each segment's CPL every week and moves budget toward the cheapest
# ones; `pressure` sets how hard. Buying more of one audience makes its leads dearer
# (diminishing returns), and a pull back toward the old mix keeps the team from putting
# everything in one place. No line of the model says "quality drops" or "revenue drops".
#
# ## 2. One run of the story
#
# Three years of weeks, a CPL target from week 100, pressure 0.6:

# %%
one = okrlab.simulate_funnel(
    n_weeks=156, target_week=100, pressure=0.6, seed=SEED, return_shares=True
)
plot_goodhart_dashboard(one, title="One simulated team, CPL target from week 100")
plt.show()

# %% [markdown]
# The target is met: CPL drops within a few weeks. Lead quality drops with it, cost per
# qualified lead climbs, and revenue, which books deals a sales cycle (8 weeks) after
# the lead, sags later. Where did the money go?

# %%
fig, ax = plt.subplots(figsize=(9, 3.2))
plot_budget_shares(one.shares, ax=ax, target_week=100)
plt.show()

# %% [markdown]
# Budget flowed to syndication and display: exactly the segments whose leads are cheap
# *because* few of them ever qualify. `goodhart_effects` compares the 26 weeks before
# the target with the last 26 weeks of the run:

# %%
# NBVAL_CHECK_OUTPUT
effects_one = okrlab.goodhart_effects(one, target_week=100, window=26)
readable(effects_one)

# %% [markdown]
# Read the `better` column: CPL and lead volume improved, everything that pays the bills
# got worse. But this is one run of a noisy process. Was it luck?
#
# ## 3. Many runs: a pattern, not an anecdote
#
# Two hundred independent runs of the same team, with the target, and 200 without it
# (`pressure=0`, the control). The dashboard shows the median run and the band in which
# 90% of the runs fall.

# %%
mc = okrlab.simulate_funnel(n_weeks=156, target_week=100, pressure=0.6, n_runs=200, seed=SEED)
control = okrlab.simulate_funnel(n_weeks=156, target_week=100, pressure=0.0, n_runs=200, seed=SEED)
plot_goodhart_dashboard(mc, title="200 runs with the CPL target (median and 5-95% band)")
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
with_target = okrlab.goodhart_effects(mc, target_week=100).set_index("metric")
without = okrlab.goodhart_effects(control, target_week=100).set_index("metric")
pd.DataFrame(
    {
        "change with target": with_target["change"],
        "share of runs worse": with_target["share_worse"],
        "change without target": without["change"],
    }
).round(3)

# %% [markdown]
# With the target, CPL improves in every run (`share of runs worse` is 0) while lead
# quality and cost per qualified lead get worse in every run (share 1) and CAC and revenue
# in all but one of the 200 runs (share 0.995). Without the target, every change is
# within half a percent of zero. The pattern belongs to the policy,
# not to chance.
#
# ## 4. Is the result built in? Remove the cause and it vanishes
#
# If the quality drop were hard-coded, it would survive any setting. Give every segment
# the same lead quality (`quality_gap=0`: each segment's SQL rate becomes the same
# average, so the average lead is as good as before) and run the same target again. The
# first line is section 3's revenue before the target, for comparison:

# %%
# NBVAL_CHECK_OUTPUT
same_quality = okrlab.simulate_funnel(
    n_weeks=156, target_week=100, pressure=0.6, quality_gap=0.0, n_runs=200, seed=SEED
)
print(
    "revenue before the target with the default segments (section 3):",
    f"{round(with_target.loc['revenue', 'before'], -2):,.0f} USD a week",
)
readable(okrlab.goodhart_effects(same_quality, target_week=100))

# %% [markdown]
# Lead quality before the target is what it was in section 3 (0.140 against 0.141): only
# the gap between segments is gone. CPL falls just as far (-0.198), but lead quality now
# holds (+0.002, worse in 47% of runs: a coin flip), cost per qualified lead falls *with*
# CPL (-0.200) and so does CAC (-0.069). Revenue still dips a little (-0.027, in about 60%
# of runs against 99.5% in section 3): the cheap segments still win fewer and smaller
# deals.
#
# Revenue starts lower in this world, about 300,300 USD a week against 446,100: with equal
# SQL rates, a larger part of the qualified leads comes from the cheap segments, whose
# deals are smaller and won less often. `quality_gap=0` is a what-if about lead quality,
# not a better business. Goodhart's law bites because the measure (CPL) and the goal
# (profitable customers) come apart in exactly the places the pressure pushes toward.
#
# ## 5. Four ways a measure stops measuring
#
# Manheim and Garrabrant (2018) sort Goodhart failures into four kinds. Each has a small
# simulation in `okrlab.goodhart` and a plot in `okrlab.plotting`.
#
# ### 5a. Regressional: selecting on a noisy proxy
#
# Campaign scores (proxy) = true value (goal) + measurement noise. Fund the top 10% by
# score, and you also select the campaigns whose noise happened to be positive. Their
# true value is *always* lower than their score suggests. With goal and noise both of
# standard deviation 1, the closed form is `E[goal | proxy] = k * proxy` with shrinkage
# `k = 1 / (1 + 1) = 0.5`, and the expected goal of the top slice follows from the
# inverse Mills ratio (`okrlab.regressional_closed_form`).

# %%
regressional = okrlab.regressional_goodhart(
    5000, sd_goal=1, sd_noise=1, top_fraction=0.1, seed=SEED
)
fig, ax = plt.subplots(figsize=(6.5, 5))
plot_regressional(regressional, ax=ax)
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
closed = okrlab.regressional_closed_form(sd_goal=1, sd_noise=1, top_fraction=0.1)
top = regressional[regressional.selected]
pd.DataFrame(
    {
        "simulated": [top.proxy.mean(), top.goal.mean()],
        "closed form": [closed["expected_proxy_top"], closed["expected_goal_top"]],
    },
    index=["mean proxy of top 10%", "mean goal of top 10%"],
).round(2)

# %% [markdown]
# The selected campaigns deliver about half of what their scores promised, as the formula
# says. This variant cannot be fixed by effort, only by less noisy measurement or by
# expecting the shortfall.
#
# ### 5b. Extremal: the relation breaks far from where it was learned
#
# Over two years, weeks with more leads brought more pipeline, almost one for one. Push
# lead volume far beyond anything seen before and the audience runs dry and sales drowns
# in junk: the line fitted on history keeps promising more, the truth turns down.

# %%
extremal = okrlab.extremal_goodhart(400, seed=SEED)
fig, ax = plt.subplots(figsize=(6.5, 4.5), layout="constrained")
plot_extremal(extremal, ax=ax)
plt.show()

# %% [markdown]
# ### 5c. Causal: the proxy and the goal share a cause
#
# Accounts with strong buying intent spend longer on the website *and* buy more. Time on
# site correlates with revenue, but forcing time on site up (autoplay videos, slower
# pages) leaves intent, and so revenue, where it was.

# %%
causal = okrlab.causal_goodhart(600, push=1.0, seed=SEED)
fig, ax = plt.subplots(figsize=(6.5, 4.5))
plot_causal(causal, ax=ax)
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
means = causal.groupby("condition")[["proxy", "goal", "predicted_goal"]].mean()
(means.loc["proxy pushed"] - means.loc["observed"]).round(2).rename("change after the push")

# %% [markdown]
# The regression promised a revenue gain (`predicted_goal`); the actual change in the
# goal is exactly zero.
#
# ### 5d. Adversarial: people game what they are paid on
#
# Reps rewarded on leads logged can log real leads, or cheap fake ones (recycled
# contacts, form fills). Each rep picks the mix that pays best given how costly gaming is
# *for them*. No one is told to cheat; with the incentive, the cheap-to-game reps do.

# %%
adversarial = okrlab.adversarial_goodhart(300, seed=SEED)
fig, ax = plt.subplots(figsize=(6.5, 4.2), layout="constrained")
plot_adversarial(adversarial, ax=ax)
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
adversarial.groupby("phase")[["gaming_share", "metric", "goal"]].mean().round(2)

# %% [markdown]
# The CPL story of sections 2-4 mixes the kinds: a cheap-lead segment is a *causal*
# failure (cheapness and value share no cause), pushing spend far from the usual mix is
# *extremal*, and counting low-intent form fills as leads (`gaming=` in
# `simulate_funnel`) is *adversarial*.
#
# ## 6. Your turn: the sandbox
#
# Move the sliders. `pressure` is how hard the team chases the target, `quality gap` how
# different the segments are in lead quality (0 = all alike), `noise` the weekly wobble
# in lead yield, `target week` when the target starts. Each change re-runs 30 simulations
# and redraws the dashboard (the plain function behind it is
# `okrlab.goodhart.sandbox_simulation`).

# %%
# NBVAL_IGNORE_OUTPUT
from okrlab.widgets import goodhart_sandbox

goodhart_sandbox()

# %% [markdown]
# Things to try: set `quality gap` to 0 and push `pressure` to 1; then the reverse. Which
# of the two settings is the real cause of the damage?
#
# ## 7. The guardrail that would have caught it
#
# The fix is not to drop the CPL target but to pair it with a guardrail KPI that the team
# must keep healthy. The KPI catalog (`datasets/kpis.yaml`) already defines lead quality
# (SQLs per lead) with a healthy band:

# %%
# NBVAL_CHECK_OUTPUT
catalog = okrlab.load_kpis(okrlab.dataset_path("kpis.yaml"))
guardrail, cpl_kpi = catalog["lead_quality"], catalog["cpl"]
print(
    f"{guardrail.name}: healthy_min={guardrail.healthy_min}, watch margin={guardrail.warning_margin}"
)
print(f"{cpl_kpi.name}: healthy_max={cpl_kpi.healthy_max} {cpl_kpi.unit}")

# %% [markdown]
# Apply it to the simulated sample data `marketing_weekly.csv`, in which the team got a
# CPL target on the date stored in `okrlab.MARKETING_EVENTS["cpl_target"]`. Weekly lead
# quality is noisy, so the guardrail is checked on a 4-week rolling mean.

# %%
weekly = okrlab.load_dataset("marketing_weekly").set_index("week")
target_date = pd.Timestamp(okrlab.MARKETING_EVENTS["cpl_target"])
quality_4w = weekly["lead_quality"].rolling(4).mean().dropna()
fig, ax = plt.subplots(figsize=(9, 3.2))
plot_kpi_health(quality_4w, guardrail, ax=ax)
ax.axvline(target_date, color="#c62828", ls="--", lw=1.2)
ax.set_title("Guardrail: lead quality, 4-week mean (dashed: CPL target starts)")
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
status = pd.Series(guardrail.statuses(quality_4w), index=quality_4w.index)
cpl_status = pd.Series(cpl_kpi.statuses(weekly["cpl"].rolling(4).mean().dropna()))
after = status[status.index >= target_date]
first_alarm = after[after != "healthy"].index[0]
print("target starts:            ", target_date.date())
print(
    "guardrail alarms before:  ",
    int((status[status.index < target_date] != "healthy").sum()),
    "weeks",
)
print(
    "first guardrail alarm:    ",
    first_alarm.date(),
    f"({(first_alarm - target_date).days // 7} weeks after the target)",
)
print("weeks unhealthy after:    ", int((after == "unhealthy").sum()), "of", len(after))
print("CPL KPI weeks not healthy:", int((cpl_status != "healthy").sum()), "of", len(cpl_status))

# %% [markdown]
# The CPL KPI stays healthy in every week; judged by it alone, the team did great. The
# lead-quality guardrail never raised a false alarm in the two years before the target,
# and fired within weeks of it, long before lost deals could show up in revenue (one
# sales cycle, 8 weeks, after the lead at the very earliest). The key result worth
# writing was never "reduce CPL" but "reduce CPL *while keeping lead quality above its
# healthy minimum*".
#
# ## Key ideas
#
# - A measure under pressure is pushed toward the places where it is cheapest to move,
#   which are often the places where it has least to do with the goal.
# - The damage emerges from reallocation: CPL falls, lead volume rises, lead quality
#   falls, cost per qualified lead and CAC rise, revenue follows a sales cycle later.
#   Without pressure none of it happens; with equally good leads in every segment the
#   quality damage vanishes and revenue barely moves.
# - Judge a policy on many runs (Monte Carlo bands), not on one lucky or unlucky quarter.
# - Four variants: regressional (selecting on noise), extremal (pushing past the known
#   range), causal (moving a correlate, not a cause), adversarial (gaming).
# - Pair every gameable target with a guardrail KPI on the quality side, checked on a
#   smoothed series so it neither sleeps nor cries wolf.
#
# ## Try it yourself
#
# 1. Add lead-definition gaming: re-run section 3 with `gaming=0.3`. What happens to CPL
#    and to lead quality compared with `gaming=0`?
# 2. Is there a "safe" amount of pressure? Try `pressure` 0.05, 0.1, 0.2 and 0.3 and
#    read `share_worse` for revenue.
# 3. In section 5a, set `sd_noise=0.25`. How big is the shortfall of the top 10% now, and
#    why?
# 4. The catalog's `cost_per_sql` KPI (healthy up to 900 USD) stayed healthy in the
#    sample data. Check it on `weekly["cost_per_qualified_lead"]`: was its band too
#    loose to serve as the guardrail?
#
# <details><summary>Solutions</summary>
#
# 1. `okrlab.goodhart_effects(okrlab.simulate_funnel(n_weeks=156, target_week=100,
#    pressure=0.6, gaming=0.3, n_runs=200, seed=SEED), target_week=100)`: CPL falls
#    further (free fake leads) and lead quality falls further too; revenue is unchanged
#    by the fake leads (about the same fall as without gaming), because they never qualify.
# 2. Loop over the `pressure` values and print `share_worse` for `revenue`. Even the
#    smallest value makes revenue fall in more than half of the runs, and the share
#    grows with pressure: when segments differ this much in quality, any push toward
#    cheap leads costs revenue.
# 3. With little noise the shrinkage `k = 1 / (1 + 0.0625)` is close to 1 and the
#    shortfall nearly vanishes: regressional Goodhart is only as bad as the measurement
#    is noisy.
# 4. `pd.Series(catalog["cost_per_sql"].statuses(weekly["cost_per_qualified_lead"]
#    .rolling(4).mean().dropna())).value_counts()`: it stays healthy in almost every week
#    because cost per SQL rose but mostly stayed under its 900 USD limit. A guardrail's
#    band must be tight enough to move when the damage starts; lead quality's band is.
# </details>
