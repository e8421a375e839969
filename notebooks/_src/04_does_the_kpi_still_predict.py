# %% [markdown]
# # 04 · Does the KPI still predict the outcome?
#
# **For:** analysts and marketing leads who own a KPI dashboard.
# **You will be able to:** test whether a KPI's movements still predict revenue, without
# falling for trending series; find the lag; put an honest interval on the link; date the
# moment a KPI decoupled; spot Goodhart's law in action; rank a whole dashboard; check
# whether key-result scores go with business results; and run the same audit on your own CSV.
# **Time:** about 25 minutes.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import okrlab
from okrlab.cli import main as okrlab_cli

SEED = 4
pd.set_option("display.precision", 3)
weekly = okrlab.load_dataset("marketing_weekly.csv")
events = okrlab.MARKETING_EVENTS

# %% [markdown]
# ## 1. The trending-series trap
#
# Two series that both drift upwards correlate strongly in *levels*, even when they have
# nothing to do with each other. The audit therefore always looks at period-to-period
# **changes** too. Here is the trap on two independent random walks with drift:

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(SEED)
walks = pd.DataFrame(
    {"a": np.cumsum(rng.normal(1, 3, 156)), "b": np.cumsum(rng.normal(1, 3, 156))},
    index=pd.date_range("2023-01-02", periods=156, freq="W-MON"),
)
trap = okrlab.audit(walks, "a", "b", direction="higher", n_boot=999, seed=SEED)
print(f"levels r = {trap.levels_r:.2f}, changes r = {trap.changes_r:.2f}, verdict: {trap.verdict}")

# %% [markdown]
# The levels look like a strong relation; the changes show none, and the verdict is
# `spurious_trend`. (The explanation also quotes Granger and Newbold's rule of thumb:
# distrust a levels regression whose R² exceeds its Durbin–Watson statistic.)
#
# ## 2. Lags and bootstrap intervals: demo requests → revenue
#
# Marketing moves revenue weeks later. The audit scans leads of 0 to `max_lag` weeks and
# reports a p-value that *pays for the search* (the largest correlation over all lags is
# compared with the same maximum in block-resampled series). The interval is a circular
# block bootstrap, which respects week-to-week autocorrelation.

# %%
demo = okrlab.audit(
    weekly, "demo_requests", "revenue", date="week", direction="higher", n_boot=999, seed=SEED
)
demo

# %%
# NBVAL_CHECK_OUTPUT
print(demo.best_lag, round(demo.changes_r, 2), round(demo.ci_low, 2), round(demo.ci_high, 2))

# %% [markdown]
# Demo requests lead revenue by the lag printed first above, with the correlation of
# changes and its 95 % interval that follow. The figure shows both series, the scatter of
# changes at that lag, the cross-correlation by lag, and the rolling correlation.

# %%
demo.plot()
plt.show()

# %% [markdown]
# ## 3. Which KPI decoupled, and when?
#
# The email platform changed on the date in `okrlab.MARKETING_EVENTS["platform_change"]`.
# The audit's break test looks for the split where the relation changed most and asks
# whether that change is larger than chance.

# %%
# NBVAL_CHECK_OUTPUT
email = okrlab.audit(
    weekly, "email_open_rate", "revenue", date="week", direction="higher", n_boot=999, seed=SEED
)
print(events["platform_change"], email.verdict)
print({k: (round(v, 2) if isinstance(v, float) else str(v)) for k, v in email.break_.items()})

# %%
email.plot()
plt.show()

# %% [markdown]
# The break test dates the change to the week of the platform change: before it, weekly
# changes in the open rate moved with revenue; after it, machine opens inflate the rate and
# the link is gone. Over the whole three years the correlation still looks respectable,
# which is exactly why a single full-period number hides a decoupled KPI: always look at
# the rolling correlation and the break before trusting a KPI that "has always worked".
#
# ## 4. Goodhart check: cost per lead vs lead quality
#
# From the CPL target onwards, the team could hit its number by buying cheaper,
# lower-intent leads. `goodhart_check` flags the weeks when CPL was clearly better than
# before the target *while* lead quality was more than two baseline standard deviations
# worse.

# %%
# NBVAL_CHECK_OUTPUT
cpl = okrlab.KPI("cpl", unit="USD", direction="lower")
check = okrlab.goodhart_check(
    weekly, cpl, "lead_quality", date="week", baseline=events["cpl_target"]
)
print(check)

# %%
check.plot()
plt.show()

# %% [markdown]
# ## 5. Rank the whole dashboard
#
# `audit_many` runs the same audit on every KPI at once (sharing the bootstrap resamples)
# and adjusts the p-values across KPIs (Benjamini–Hochberg), so screening many metrics does
# not manufacture discoveries.

# %%
# NBVAL_CHECK_OUTPUT
kpis = [
    "demo_requests",
    "qualified_leads",
    "lead_quality",
    "leads",
    "cpl",
    "spend",
    "email_open_rate",
    "social_followers",
]
ranking = okrlab.audit_many(
    weekly, "revenue", kpis=kpis, date="week", directions={"cpl": "lower"}, n_boot=999, seed=SEED
)
print(
    ranking[["kpi", "verdict", "best_lag", "r_changes", "p_adjusted"]]
    .round(2)
    .to_string(index=False)
)

# %% [markdown]
# Volume metrics such as leads and the vanity metric `social_followers` do not predict
# revenue; the funnel's quality signals do.
#
# ## 6. Across teams: do KR scores go with business results?
#
# `okr_quarters.csv` has one row per key result. `kr_outcome_link` correlates each
# team-quarter's mean KR score with its outcome change and resamples **teams** (a cluster
# bootstrap), separately for outcome and activity KRs.

# %%
# NBVAL_CHECK_OUTPUT
quarters = okrlab.load_dataset("okr_quarters.csv")
link = okrlab.kr_outcome_link(quarters, n_boot=999, seed=SEED)
print(
    link[["group", "n_units", "mean_score", "r", "ci_low", "ci_high"]]
    .round(2)
    .to_string(index=False)
)

# %% [markdown]
# Activity KRs ("run 4 webinars", "publish 12 blog posts") score higher on average, yet
# their scores say next to nothing about the business outcome: their interval straddles
# zero. Outcome KRs score lower and move with the outcome. The difference row puts an
# interval on the gap between the two kinds, resampling whole teams so that a team's
# quarters are not counted as independent evidence.
#
# ## 7. Your own CSV, from the command line
#
# ```
# okrlab audit my_metrics.csv --kpi cpl --direction lower --outcome revenue --format json
# ```
#
# Add `--kpi` several times, `--max-lag N`, `--freq M` to resample to months, `--plot
# audit.png` for the figure and `--seed` to fix the resamples. The same thing from Python:

# %%
# NBVAL_CHECK_OUTPUT
path = okrlab.dataset_path("marketing_weekly.csv")
status = okrlab_cli(
    [
        "audit",
        str(path),
        "--kpi",
        "social_followers",
        "--outcome",
        "revenue",
        "--direction",
        "higher",
        "--n-boot",
        "499",
    ]
)
print("exit status", status)

# %% [markdown]
# ## Key ideas
#
# - Correlate **changes**, not just levels: trending series correlate for free.
# - Scan lags, but use a p-value that pays for the search, and intervals that respect
#   autocorrelation (block bootstrap).
# - A KPI's link can break: test for the date, and re-audit at least quarterly.
# - A KPI that improves while a quality guardrail worsens is Goodhart's law at work.
# - Screening a dashboard needs a false-discovery-rate adjustment.
#
# ## Try it yourself
#
# 1. Re-run the demo-requests audit with `method="spearman"`. Do the lag and verdict change?
# 2. Audit `cpl` against `revenue` only up to the CPL target date. What was the verdict then?
# 3. Run `goodhart_check` on `cost_per_qualified_lead` vs `lead_quality`; explain the result.
# 4. Save your team's weekly metrics as a CSV and run `okrlab audit` on it.
#
# <details><summary>Hints and solutions</summary>
#
# 1. `okrlab.audit(weekly, "demo_requests", "revenue", date="week", method="spearman",
#    seed=SEED)`: rank correlation is less sensitive to a few big deals; the lag should
#    stay where the sales cycle puts it.
# 2. Slice first: `weekly[weekly.week < events["cpl_target"]]`, then audit with
#    `direction="lower"`. Before it became a target, cheaper leads did not hurt revenue.
# 3. Cost per qualified lead is lower-is-better too, but it *rose* after the target, so
#    it did not improve while quality fell: it is the guardrail that would have caught
#    the gaming, not a metric being gamed.
# 4. `okrlab audit your.csv --kpi COLUMN --outcome revenue --date week --format text`.
# </details>
