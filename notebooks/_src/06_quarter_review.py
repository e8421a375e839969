# %% [markdown]
# # 06 · The quarter review: does confidence mean anything, and were targets ambitious?
#
# **For:** team leads, OKR champions and facilitators who run the end-of-quarter review,
# and analysts who keep a team's OKR history.
#
# **After this notebook you can:**
# - read weekly confidence as a forecast and score it (Brier score, reliability);
# - read a reliability diagram and say whether a team is over-confident;
# - spot sandbagging from the targets' ambition, not only from high scores;
# - explain why OKRs tied to pay drift toward scores of 1.0.
#
# **Time:** about 15 minutes.
#
# **How to run it:** in JupyterLab choose *Run ▸ Run All Cells* (or press Shift+Enter
# on each cell in turn). Nothing here needs the internet or any data of your own.

# %%
import matplotlib.pyplot as plt
import pandas as pd

import okrlab

pd.set_option("display.precision", 3)
plt.rcParams["figure.dpi"] = 90

checkins = okrlab.load_dataset("okr_checkins")
checkins.head(3)

# %% [markdown]
# ## 1. A check-in is a forecast
#
# Every week each team records two things per key result: the metric's **value** and
# its **confidence** that the target will be reached by the end of the quarter (0 to 1).
# The sample (`datasets/okr_checkins.csv`) holds 8 quarters of check-ins from six
# simulated teams. Because the data are simulated, we know what is built into each
# team (see `datasets/README.md`): two are well calibrated, two are over-confident,
# two sandbag their targets. Let's see whether the review can tell them apart.
#
# First, one key result through its quarter: the value moves toward the target (dashed)
# and the confidence moves with it.

# %%
one = checkins[(checkins["team"] == "growth") & (checkins["quarter"] == "2025-Q2")]
one = one[one["kr"] == "KR1"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.2))
ax1.plot(one["week_of_quarter"], one["value"], marker="o", ms=3)
ax1.axhline(one["target"].iloc[0], ls="--", color="black", lw=1, label="target")
ax1.axhline(one["baseline"].iloc[0], ls=":", color="grey", lw=1, label="baseline")
ax1.set(xlabel="week of the quarter", ylabel=f"{one['metric'].iloc[0]} ({one['unit'].iloc[0]})")
ax1.legend(frameon=False)
ax2.plot(one["week_of_quarter"], one["confidence"], marker="o", ms=3, color="#c0392b")
ax2.set(xlabel="week of the quarter", ylabel="confidence (0-1)", ylim=(0, 1.05))
fig.suptitle("growth, 2025-Q2, KR1: value and weekly confidence")
plt.show()

# %% [markdown]
# ## 2. Scoring the forecasts: the Brier score
#
# At the end of the quarter each key result either was **met** (final score of at least
# 1.0) or not. A confidence of 0.8 on a key result that was met is a small miss
# (0.2² = 0.04); on one that was not met it is a big miss (0.8² = 0.64). The **Brier
# score** is the average of these squared misses: 0 is perfect, and always saying 0.5
# scores 0.25.
#
# It splits into three parts (Murphy's decomposition):
# - **reliability**: do "0.8" key results get met about 80% of the time? (lower is better)
# - **resolution**: does confidence separate the key results that will be met from
#   those that won't? (higher is better)
# - **uncertainty**: how hard the question is (it depends only on how often targets
#   are met).
#
# A useful benchmark is a **naive forecast** that knows nothing but the pace: it
# extrapolates the progress so far in a straight line to the end of the quarter.

# %%
# NBVAL_CHECK_OUTPUT
cal = okrlab.calibration(checkins)
o = cal.overall
print(f"check-ins scored: {o['n_checkins']} on {o['n_krs']} key results")
print(f"Brier score:      {o['brier']:.3f}   (naive pace forecast {o['brier_naive']:.3f})")
print(f"reliability {o['reliability']:.3f}, resolution {o['resolution']:.3f}, ", end="")
print(f"uncertainty {o['uncertainty']:.3f}")

# %% [markdown]
# The teams' confidence beats the naive pace forecast by a wide margin: people know
# things a straight line does not (a campaign launching next week, a deal about to
# close). Confidence is also better informed late in the quarter than early: the Brier
# score per week falls as the quarter goes on.

# %%
# NBVAL_CHECK_OUTPUT
weeks = cal.by_week.set_index("week")
print(weeks.loc[[0, 6, 12], ["brier", "brier_naive"]].round(3).to_string())

# %% [markdown]
# ## 3. The reliability diagram
#
# Group the check-ins by the confidence the team gave, and plot how often those key
# results were actually met. Points on the diagonal are well calibrated; points
# **below** it are over-confident (said 0.9, met 70% of the time); points above it
# under-confident. The bars are 95% intervals; bigger dots hold more check-ins.
#
# Side by side: a calibrated team and one of the over-confident teams.

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4.6))
for ax, team in zip(axes, ["brand", "growth"], strict=True):
    okrlab.calibration(checkins[checkins["team"] == team], bins=5).plot(ax=ax)
    ax.set_title(team)
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
for team in ["brand", "growth"]:
    bins = okrlab.calibration(checkins[checkins["team"] == team], bins=5).reliability
    print(team)
    print(bins[["bin", "n", "confidence", "hit_rate"]].round(2).to_string(index=False))

# %% [markdown]
# Read `growth` from left to right: when it said about 0.5, only 18% of those key
# results were met; when it said about 0.7, 45%. Its points sit below the diagonal
# across the middle of the scale, where most of the judgement happens; its most
# confident check-ins (about 0.9) are the least wrong.
#
# `brand` is calibrated by construction, yet its lowest bin sits *above* the diagonal
# (said 0.08, met 31%). One team's two years are a few dozen key results, and each key
# result contributes a dozen correlated check-ins to a bin, so single bins wander.
# That is why the next step is a test, not a squint at the picture.
#
# How sure can we be, team by team? The weekly check-ins of one key result are not
# independent (week 7's confidence is mostly week 6's plus a little news), so the test
# uses one forecast per key result: the confidence at planning time (week 0). If a team
# is calibrated, the number of its key results that get met behaves like a sum of coin
# flips with those probabilities, and an exact test says how surprising the actual
# count is.

# %%
# NBVAL_CHECK_OUTPUT
cols = ["team", "n_krs", "expected_met", "met", "p", "verdict"]
print(cal.teams[cols].round(3).to_string(index=False))

# %% [markdown]
# The test catches `growth` (it expected about 18 of its 27 key results to be met and
# 11 were). `sales-development`, the other over-confident team, expected about 21 and
# met 17: in the same direction, but 29 key results are not enough to be sure
# (p just above 0.05). That is the honest state of the evidence: with two years of
# history the test misses a moderately over-confident team a good part of the time,
# while it rarely accuses a calibrated one (the measured rates are in the README's
# validation table, from `validation/review_validation.py`). Read the diagram and the
# test together, and collect another quarter before acting on a borderline result.

# %% [markdown]
# ## 4. Sandbagging: look at the targets, not just the scores
#
# A team whose key results always score 1.0 may be brilliant, or may be setting
# targets it knows it will hit. Scores alone cannot tell these apart. The **ambition**
# of a target can: how far it sits from the baseline, measured in the metric's normal
# week-to-week movement (the standard deviation of period-to-period change, the
# measure `KeyResult.from_kpi` uses). A target less than one such step away is within
# the metric's normal variation: noise alone can deliver it.

# %%
rev = okrlab.review(checkins)
rev.plot()
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
cols = ["team", "mean_score", "share_at_1", "ambition", "ambition_high", "verdict"]
print(rev.teams[cols].round(2).to_string(index=False))

# %% [markdown]
# `partnerships` and `support` are flagged: their aspirational targets asked for well
# under one step of normal variation (the upper end of the interval, `ambition_high`,
# is below 1). `sales-development` also scores high, but its targets were ambitious
# (about 2.8 steps), so the review reports "high scores, ambitious targets" instead of
# accusing it: maybe a great run, maybe targets set once the work was under way. That
# is a conversation, not a verdict.
#
# For comparison, OpenOKR's guidance treats an average aspirational score above 0.85
# as "targets may have been too safe". A fixed cut-off like that would flag
# `sales-development` here and miss a sandbagging team with an unlucky quarter; the
# intervals use the team's own history instead.

# %% [markdown]
# ## 5. Why pay-linked OKRs drift toward 1.0
#
# When a bonus depends on OKR scores, every incentive points to safer targets: pick a
# number the metric will reach anyway, and report high confidence all quarter. The
# review then shows exactly the `partnerships` pattern: scores near 1.0, confidence
# near 1.0, targets inside the noise. The organisation loses what OKRs are for (finding
# out how far a real stretch can go) and gains a metric that is now a target
# (Goodhart's law, notebook 03).
#
# **Discussion prompts**
# - Which of your team's key results last quarter could the metric have reached with
#   no work at all?
# - What would make people comfortable writing 0.4 in a check-in?
# - Who should see the reliability diagram: the team, its manager, nobody but the team?

# %% [markdown]
# ## Key ideas
# - Confidence is a forecast; the Brier score and the reliability diagram score it.
# - Test calibration on one forecast per key result; weekly check-ins are not
#   independent.
# - Sandbagging shows in the targets' ambition (measured against the metric's own
#   noise), not only in high scores.
# - High scores with ambitious targets are worth a conversation, not an accusation.
#
# ## Try it yourself
# 1. Review `okr_quarters.csv` (one row per key result, no confidence):
#    `okrlab.review(okrlab.load_dataset("okr_quarters"), score="kr_score", kind="kr_type")`.
#    Which test can run, and why is the ambition test skipped?
# 2. Simulate teams that are over-confident by a smaller shift
#    (`from okrlab.review.simulate import simulate_checkins`, then
#    `simulate_checkins(overconfidence=0.6, seed=1)`) and run `okrlab.calibration` on
#    them. How many of the four over-confident teams are found?
#
# <details><summary>Solutions</summary>
#
# 1. Only the score test runs: the file has final scores but no baseline, target or
#    history (`sd_change`), so the targets' ambition cannot be measured. A note in the
#    result says so; any team flagged is only a "possible sandbagging".
# 2. Usually none or one: a shift of 0.6 on the log-odds scale moves a 0.5 to about
#    0.65, a difference that four quarters of three or four key results cannot
#    separate from luck. Compare the `p` column with the `gap` column: the direction
#    is often right, the evidence is thin.
#
# </details>
