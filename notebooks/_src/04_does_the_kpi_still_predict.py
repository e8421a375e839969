# %% [markdown]
# # 04 · Does the KPI still predict the outcome?
#
# **For:** analysts and marketing leads who own a KPI dashboard.
#
# **You will be able to:**
#
# - tell a KPI that *leads* revenue from one that only moves *with* it or *follows* it;
# - avoid the trending-series trap;
# - read one coherent result: a correlation, its interval and its p-value that agree;
# - fix the lag in advance when you know your sales cycle;
# - date the moment a KPI decoupled, spot Goodhart's law, rank a whole dashboard;
# - check whether key-result scores go with business results, and audit your own CSV.
#
# **How to run it:** start JupyterLab with `make lab`, open this notebook and choose
# *Run ▸ Run All Cells*; then read from the top. Nothing needs the internet. The code cells
# are short: change a column name or a lag and run them again.
#
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
# nothing to do with each other. The audit therefore compares period-to-period **changes**.
# Here is the trap on two independent random walks with drift:

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(SEED)
walks = pd.DataFrame(
    {"a": np.cumsum(rng.normal(1, 3, 156)), "b": np.cumsum(rng.normal(1, 3, 156))},
    index=pd.date_range("2023-01-02", periods=156, freq="W-MON"),
)
trap = okrlab.audit(walks, kpi="a", outcome="b", direction="higher", n_boot=999, seed=SEED)
print(f"levels r = {trap.levels_r:.2f}, changes r = {trap.changes_r:.2f}, verdict: {trap.verdict}")

# %% [markdown]
# The levels look like a strong relation; the changes show none, and the verdict is
# `spurious_trend`.
#
# ## 2. Lead, move together, or follow?
#
# "Predicts" has a precise meaning here: the KPI's **past** changes carry information about
# the outcome's **future** changes, beyond what the outcome's own past already tells you.
# The audit scans lags in both directions, from `-max_lag` to `+max_lag` weeks:
#
# - a positive lag means the KPI moves first (`lead = "kpi_leads"`); with the extra
#   "beyond its own past" test passed, the verdict is `predictive`: a leading indicator;
# - lag 0 means they move in the same week (`coincident`): a health signal, but it gives
#   no warning;
# - a negative lag means the outcome moves first (`follows`): a lagging indicator.
#
# Demo requests against revenue:

# %%
demo = okrlab.audit(
    weekly,
    kpi="demo_requests",
    outcome="revenue",
    date="week",
    direction="higher",
    n_boot=999,
    seed=SEED,
)
demo

# %%
# NBVAL_CHECK_OUTPUT
print(demo.verdict, demo.lead, demo.best_lag)
print(round(demo.changes_r, 2), round(demo.ci_low, 2), round(demo.ci_high, 2))


def p_text(p):
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


print(p_text(demo.p), "| beyond revenue's own past:", p_text(demo.incremental["p"]))

# %% [markdown]
# Demo requests lead revenue by the number of weeks printed on the first line, with the
# correlation of changes and its 95 % interval on the second. The p-value and the interval
# come from **one** inference at that lag, and both pay for having searched all the lags:
# the interval excludes 0 exactly when p is below 0.05, so they can never disagree.
#
# Turn the question round and the same data say revenue *follows* demo requests:

# %%
# NBVAL_CHECK_OUTPUT
back = okrlab.audit(weekly, kpi="revenue", outcome="demo_requests", date="week", seed=SEED)
print(back.verdict, back.lead, back.best_lag)

# %% [markdown]
# The figure shows both series, the scatter of changes at the reported lag, the
# cross-correlation at every lag (negative lags on the left: the outcome first) and the
# rolling correlation.

# %%
demo.plot()
plt.show()

# %% [markdown]
# ### When you know the sales cycle, fix the lag
#
# Searching 17 lags costs power: the p-value has to allow for the best of 17 chances. If
# you know in advance how long your sales cycle is, say so with `lag=` and the audit tests
# that one lag only. Suppose the sales team says five weeks:

# %%
# NBVAL_CHECK_OUTPUT
cycle = okrlab.audit(
    weekly,
    kpi="demo_requests",
    outcome="revenue",
    date="week",
    direction="higher",
    lag=5,
    seed=SEED,
)
print(cycle.verdict, cycle.lag_mode, round(cycle.ci_low, 2), round(cycle.ci_high, 2))

# %% [markdown]
# The interval is narrower than the searched one above because no search is paid for.
# Choose the lag *before* looking at the data; picking it after looking at the
# cross-correlation and then calling it "fixed" would overstate the evidence.
#
# ## 3. Which KPI decoupled, and when?
#
# The email platform changed on the date in `okrlab.MARKETING_EVENTS["platform_change"]`.
# The audit's stability step asks two questions: is the link weaker in the last quarter and
# half-year than before (the recent window), and where did the relation change most (the
# break search, with a 95 % interval for the date)? Either can make a KPI `decoupled`.

# %%
# NBVAL_CHECK_OUTPUT
email = okrlab.audit(
    weekly,
    kpi="email_open_rate",
    outcome="revenue",
    date="week",
    direction="higher",
    n_boot=999,
    seed=SEED,
)
b = email.break_
print(events["platform_change"], email.verdict, b["date"].date())
print("date interval", b["date_low"].date(), "to", b["date_high"].date())
print(round(b["r_before"], 2), round(b["r_after"], 2))

# %%
email.plot()
plt.show()

# %% [markdown]
# The break search dates the change to the week of the platform change (its interval
# printed on the second line ends there): before it,
# weekly changes in the open rate moved with revenue (first number on the last line); after it,
# machine opens inflate the rate and the link is gone (second number). Over the whole three
# years the correlation still looks respectable, which is why a single full-period number
# hides a decoupled KPI.
#
# ### The seasonal trap
#
# Many marketing metrics and revenue share a yearly rhythm: both dip in August and peak
# before Christmas. Two series that have nothing to do with each other except the calendar
# then move together week after week. Below, webinar sign-ups and revenue are simulated
# *independently* apart from one shared yearly wave (the cell builds them, so you can see
# there is no link).

# %%
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(7)
t = np.arange(156)
wave = 10 * np.sin(2 * np.pi * t / 52.18)  # the shared yearly season, nothing else
seasonal = pd.DataFrame(
    {
        "week": pd.date_range("2023-01-02", periods=156, freq="W-MON"),
        "webinar_signups": 100 + wave + rng.normal(0, 0.8, 156),
        "revenue": 500 + 3 * wave + rng.normal(0, 2.4, 156),
    }
)
raw = seasonal[["webinar_signups", "revenue"]].diff().corr().iloc[0, 1]
print("correlation of week-to-week changes:", round(raw, 2))
for mode in ("auto", False):
    res = okrlab.audit(
        seasonal, kpi="webinar_signups", outcome="revenue", date="week", seasonal=mode, seed=SEED
    )
    print(f"seasonal={mode!r}: {res.verdict} (r = {res.to_dict()['changes']['r']:.2f})")

# %% [markdown]
# Left alone (`seasonal=False`), the audit would call webinar sign-ups a leading KPI with a
# correlation near 1: the trap. By default (`seasonal="auto"`) it tests both series for a
# yearly pattern, finds one in both, removes it and compares what is left, and the link
# disappears. The result's notes say so (`res.notes`), so a reader knows what was compared.
# With monthly data the same check looks for a 12-month pattern.
#
# ## 4. Goodhart check: cost per lead vs lead quality
#
# From the CPL target onwards, the team could hit its number by buying cheaper,
# lower-intent leads. `goodhart_check` flags the weeks when CPL was clearly better than
# before the target *while* lead quality was clearly worse.

# %%
# NBVAL_CHECK_OUTPUT
cpl = okrlab.KPI("cpl", unit="USD", direction="lower")
check = okrlab.goodhart_check(
    weekly, kpi=cpl, quality="lead_quality", date="week", baseline=events["cpl_target"]
)
print(check)

# %%
check.plot()
plt.show()

# %% [markdown]
# ## 5. Rank the whole dashboard
#
# `audit_many` runs the same audit on every KPI at once. Screening many metrics at 5 %
# each would "discover" one in twenty by chance, so the p-values are adjusted across the
# KPIs audited together (Benjamini–Hochberg) and the intervals are widened to match. Each
# KPI gets its own direction (`directions=` or a KPI catalog with `catalog=`).

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
    weekly,
    outcome="revenue",
    kpis=kpis,
    date="week",
    directions={"cpl": "lower"},
    n_boot=999,
    seed=SEED,
)
print(
    ranking.table[["kpi", "verdict", "lead", "best_lag", "r_changes", "p"]]
    .round(3)
    .to_string(index=False)
)

# %%
ranking.plot()
plt.show()

# %% [markdown]
# The funnel's quality signals lead revenue; volume metrics such as leads and spend, and the
# vanity metric `social_followers`, do not; the email open rate decoupled.
#
# ## 6. Across teams: do KR scores go with business results?
#
# `okr_quarters.csv` has one row per key result. `kr_outcome_link` correlates each
# team-quarter's mean KR score with its outcome change, separately for outcome and
# activity KRs. Teams, not rows, are the unit of evidence: the interval leaves one team out
# at a time (a cluster jackknife), so a team's quarters are not counted as independent.

# %%
# NBVAL_CHECK_OUTPUT
quarters = okrlab.load_dataset("okr_quarters.csv")
link = okrlab.kr_outcome_link(quarters)
print(
    link.table[["group", "n_units", "mean_score", "r", "ci_low", "ci_high"]]
    .round(2)
    .to_string(index=False)
)

# %% [markdown]
# Activity KRs ("run 4 webinars", "publish 12 blog posts") score higher on average, yet
# their scores say little about the business outcome. Outcome KRs score lower and move with
# the outcome.
#
# ## 7. Your own CSV, from the command line
#
# ```
# okrlab audit my_metrics.csv --kpi cpl:lower --kpi demo_requests:higher --outcome revenue
# okrlab audit my_metrics.csv --kpis kpis.yaml --outcome revenue --format json
# okrlab audit my_metrics.csv --kpi demo_requests:higher --outcome revenue --lag 5
# ```
#
# Each `--kpi` carries its own direction (`:higher` or `:lower`), or `--kpis` reads them from
# a KPI catalog. Dates may be ISO dates, `2024-03`, `2024Q1` or whole years; `--freq
# W|M|Q|Y` resamples. The same thing from Python:

# %%
# NBVAL_CHECK_OUTPUT
path = okrlab.dataset_path("marketing_weekly.csv")
status = okrlab_cli(
    [
        "audit",
        str(path),
        "--kpi",
        "social_followers:higher",
        "--outcome",
        "revenue",
        "--n-boot",
        "499",
    ]
)
print("exit status", status)

# %% [markdown]
# ## Key ideas
#
# - Correlate **changes**, not levels: trending series correlate for free.
# - A KPI that **leads** the outcome, beyond the outcome's own past, is predictive; one that
#   moves in the same period is a health signal; one that **follows** confirms, too late.
# - One inference: the correlation, its interval and its p-value are computed together at
#   one lag, and the search over lags is paid for. Fix the lag when you know the cycle.
# - A KPI's link can break: test for the date, and re-audit at least quarterly.
# - Screening a dashboard needs an adjustment across KPIs.
#
# ## Try it yourself
#
# 1. Re-run the demo-requests audit with `method="spearman"`. Do the lag and verdict change?
# 2. Audit `qualified_leads` with `lag=8`. Is it still predictive?
# 3. Run `goodhart_check` on `cost_per_qualified_lead` vs `lead_quality`; explain the result.
# 4. Save your team's weekly metrics as a CSV and run `okrlab audit` on it.
#
# <details><summary>Solutions</summary>
#
# 1. `okrlab.audit(weekly, kpi="demo_requests", outcome="revenue", date="week",
#    method="spearman", seed=SEED)`: rank correlation is less sensitive to a few big deals;
#    the lag should stay where the sales cycle puts it.
# 2. `okrlab.audit(weekly, kpi="qualified_leads", outcome="revenue", date="week",
#    direction="higher", lag=8)`: a fixed lag tests one lag only, so the interval narrows.
# 3. Cost per qualified lead is lower-is-better too, but it *rose* after the target, so it
#    did not improve while quality fell: it is the guardrail that would have caught the
#    gaming, not a metric being gamed.
# 4. `okrlab audit your.csv --kpi COLUMN:higher --outcome revenue --date week`.
# </details>
