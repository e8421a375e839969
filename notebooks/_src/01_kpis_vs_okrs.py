# %% [markdown]
# # 01 · KPIs vs OKRs: health metrics and change goals
#
# **For:** marketing and business teams in an OKR workshop, and anyone who has heard
# "that's a KPI, not an OKR" and wondered what the difference is.
#
# **After this notebook you can:**
# - say what makes a metric a KPI, and what makes a metric a vanity metric;
# - write a KPI definition a new colleague could use without asking you anything;
# - give a KPI a healthy band and read its status (healthy, watch, unhealthy);
# - put the same metric side by side as a KPI and as a key result, and say which
#   framing a situation calls for.
#
# **Time:** about 14 minutes to walk through, plus 5 for the exercises at the end.
#
# **How to run it:** start JupyterLab with `make lab`, open this notebook and choose
# *Run ▸ Run All Cells*; then read from the top. Nothing needs the internet. No Python
# knowledge is needed to follow along; the code cells show how each number is made.

# %%
import matplotlib.pyplot as plt
import pandas as pd

import okrlab
from okrlab.plotting import plot_kpi_health

pd.set_option("display.precision", 2)
plt.rcParams["figure.dpi"] = 90

# %% [markdown]
# ## 1. What a KPI is, and what it isn't
#
# A **key performance indicator** is a metric you chose *on purpose*, because its
# movement reliably tells you whether something that matters is healthy. Most of the
# numbers on a dashboard are not KPIs:
#
# | kind of metric | what it is for | example in marketing |
# |---|---|---|
# | **KPI** | a few reliable signals of health, reviewed every week | cost per lead, lead-to-SQL rate |
# | **diagnostic metric** | useful when a KPI moves and you need to find out why | click-through rate of one ad set |
# | **vanity metric** | looks good on a slide, changes no decision | social followers, raw page views |
#
# A good KPI passes three tests: it can be **measured** with reasonable accuracy, it is
# **sensitive** enough to move when performance moves, and it is **specific** enough to
# point at a cause when it moves the wrong way. Two or three per channel is plenty.

# %% [markdown]
# ## 2. Define each KPI as if for a new hire
#
# Imagine handing the KPI to someone who started on Monday. They need the formula,
# where the data come from, how often it updates, which direction is good, the range
# that counts as healthy, and **who owns it**. A KPI without an owner slowly turns
# into a vanity metric: nobody acts when it moves.
#
# okrlab keeps these definitions in a YAML file. Here is the catalog of the marketing
# team we follow through the workshop:

# %%
catalog = okrlab.load_kpis(okrlab.dataset_path("kpis.yaml"))
catalog

# %% [markdown]
# Every field is there for a reason. The check below counts the KPIs and the ones
# that still lack an owner or a healthy band (a KPI with neither is just a number):

# %%
# NBVAL_CHECK_OUTPUT
no_owner = [k.name for k in catalog if not k.owner]
no_band = [k.name for k in catalog if k.band == (None, None)]
print(f"{len(catalog)} KPIs; without an owner: {no_owner}; without a band: {no_band}")

# %% [markdown]
# You can define a KPI in Python too. okrlab checks the definition as you build it:
# an unknown direction, a band whose minimum is above its maximum, or a missing name
# is refused with a message that says how to fix it.

# %%
win_rate = okrlab.KPI(
    name="win_rate",
    description="Share of sales opportunities that close as won",
    formula="won opportunities / closed opportunities (rolling 90 days)",
    unit="share of opportunities (0-1)",
    direction="higher",
    source="CRM opportunities",
    frequency="weekly",
    owner="Head of sales operations",
    healthy_min=0.20,
    warning_margin=0.03,
)
try:
    okrlab.KPI(name="win_rate", direction="sideways")
except okrlab.DefinitionError as err:
    print(err)

# %% [markdown]
# ## 3. Healthy bands and status
#
# A KPI has no finish line. Instead of a target you reach once, it has a **healthy
# band** you want to stay in, and optionally a **warning margin** just outside it.
# okrlab turns a value into one of three statuses:
#
# - **healthy**: inside the band;
# - **watch**: outside the band, but by no more than the warning margin;
# - **unhealthy**: further out than that.
#
# Cost per lead (CPL) is healthy up to 120 USD, with a 15 USD watch zone:

# %%
# NBVAL_CHECK_OUTPUT
cpl = catalog["cpl"]
for value in (95, 120, 128, 140):
    print(f"CPL {value:>3} USD -> {cpl.status(value)}")

# %% [markdown]
# Ten weeks of CPL, as the team saw them on the Monday dashboard. The plot shades the
# band and colours each week by its status, which is how a KPI is read: not "did we
# hit it?" but "are we still inside the band, and which way are we drifting?"

# %%
weeks = pd.date_range("2026-01-05", periods=10, freq="W-MON")
cpl_weekly = pd.Series([104, 99, 111, 118, 124, 131, 127, 137, 116, 108], index=weeks)
fig, ax = plt.subplots(figsize=(8, 3.2))
plot_kpi_health(cpl_weekly, cpl, ax=ax)
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
print(pd.Series(cpl.statuses(cpl_weekly)).value_counts().to_string())

# %% [markdown]
# Most weeks were healthy, three drifted into the watch zone and one went beyond it.
# The team reacted when the watch weeks piled up: that is a KPI doing its job, an alarm
# on the health of a process that runs all year, not a finish line.
#
# ## 4. The same metric as a KPI and as a key result
#
# An **OKR** is a different tool: one qualitative, memorable *objective* and two to five
# measurable *key results* that say what must change by the end of a period, usually a
# quarter. The same metric can play either role; what changes is the framing.
#
# | | KPI | OKR key result |
# |---|---|---|
# | question | How are we doing? | What must change, by when? |
# | time frame | continuous, no end date | a fixed period, usually a quarter |
# | target | a healthy band to stay in | a stretch from a baseline to a target |
# | success | staying healthy | ~0.7 of the way is a strong result on a stretch |
# | cadence | weekly or monthly review | weekly check-ins, graded at the end |
#
# Say the team wants to bring CPL from 100 USD to 80 USD this quarter. As a key result
# it is scored on a 0–1 scale by how far it has moved from baseline to target, so a CPL
# of 90 is half way, while the KPI view of the same 90 USD just says "healthy":

# %%
# NBVAL_CHECK_OUTPUT
kr = okrlab.KeyResult(
    description="Reduce cost per lead from $100 to $80",
    metric="cpl",
    unit="USD",
    baseline=100,
    target=80,
    current=90,
)
print("as a KPI:        ", cpl.status(90))
print("as a key result: ", kr.score(), f"({kr.grade()})")

# %% [markdown]
# Both answers are right; they answer different questions. The KPI says the process is
# healthy. The key result says the change the team committed to is half done.
#
# A key result is an **outcome**, not a task. "Reduce cost per lead from 100 to 80 USD"
# is a key result; "launch three new campaigns" is an activity, and "ship 10 landing
# pages" is output. Before you accept a key result, ask: *could we hit this number while
# the objective is not achieved?* If yes, it needs a guardrail (notebook 02) or a better
# metric. Notebook 03 shows what happens when CPL becomes a target with no guardrail.
#
# ## 5. When to choose which
#
# Five questions help a team decide:
#
# 1. **Improve or keep stable?** Keeping something stable leans KPI; changing it leans OKR.
# 2. **Do we trust the data?** A KPI band is only as good as the measurement behind it.
# 3. **Do teams depend on each other?** Shared objectives align teams; KPIs stay local.
# 4. **Do priorities change often?** Quarterly OKRs adapt; KPIs should stay put.
# 5. **Are we ready to talk about trade-offs?** OKRs force choices about what not to do.
#
# Stability leans KPI, change leans OKR, and uncertainty leans to the hybrid most
# teams end up with: **KPIs as health metrics, OKRs as change goals**, with the KPIs
# acting as the guardrails that keep the OKRs honest.
#
# ## Key ideas
#
# - A KPI is a deliberately chosen, owned, reliable signal of health, with a band.
# - Most dashboard numbers are diagnostic or vanity metrics, not KPIs.
# - A key result is an outcome with a baseline, a target, a unit and a date; it is
#   scored by how far it moved from baseline to target.
# - The same metric can be a KPI (stay healthy) and a key result (change by a date).
# - Use KPIs for health, OKRs for change, and KPIs as guardrails for OKRs.
#
# ## Try it yourself
#
# 1. Define a KPI for your own team with all the fields, and give it a band and a
#    warning margin. Which field was hardest to fill in?
# 2. Change `warning_margin` of `cpl` to 0 (build a new `okrlab.KPI`) and re-run the
#    status count. How many weeks change from watch to unhealthy?
# 3. Turn `win_rate` into a key result: from 0.20 to 0.26 this quarter. What score does
#    a current value of 0.23 give?
#
# <details><summary>Solutions</summary>
#
# 1. There is no single answer. Check yours against the fields in section 2: a formula
#    someone else could compute, a data source, a frequency, a direction, a band and an
#    owner. Most people find the band or the owner hardest: both are decisions, not facts.
# 2. `strict = okrlab.KPI("cpl", direction="lower", healthy_max=120)` then
#    `pd.Series(strict.statuses(cpl_weekly)).value_counts()`: every watch week becomes
#    unhealthy. A margin is a decision about how early you want to be warned.
# 3. `okrlab.KeyResult(description="Raise win rate", metric="win_rate", baseline=0.20,
#    target=0.26, current=0.23).score()`: 0.23 sits half way between baseline and
#    target, so the score is one half.
# </details>
