"""The linter's vocabulary and thresholds: every word list and number the rules read.

Lower case; multi-word entries are matched as phrases. Extend freely: the
rules read these at call time."""

from __future__ import annotations

from dataclasses import dataclass

# are matched as phrases. Extend freely: the rules read these at call time.

#: First words that make a key result a task ("Launch the new pricing page").
#: A task verb is fine when the key result also states a measurable outcome
#: ("Launch in 3 new markets with 50 paying customers each").
TASK_VERBS = {
    "launch", "send", "create", "ship", "publish", "hold", "write", "implement",
    "build", "run", "host", "organise", "organize", "design", "develop", "redesign",
    "complete", "finish", "finalise", "finalize", "roll", "set", "kick", "start",
    "begin", "prepare", "draft", "document", "conduct", "migrate", "introduce",
    "attend", "post", "produce", "record", "film", "update", "refresh", "revamp",
    "rebuild", "install", "integrate", "deploy", "release", "research", "pilot",
    "plan", "define", "review", "audit", "train", "hire", "set-up", "roll-out",
    "map", "rewrite", "translate", "upgrade", "automate", "schedule",
}  # fmt: skip

#: Words skipped before looking for the first verb ("We will launch ...").
LEAD_IN_WORDS = {"we", "will", "we'll", "to", "successfully", "fully", "finally", "team", "must"}

#: Things a team makes. Counting them measures output, not an outcome:
#: "Publish 12 blog posts" is still a task list.
OUTPUT_NOUNS = {
    "feature", "features", "post", "posts", "article", "articles", "email", "emails",
    "newsletter", "newsletters", "campaign", "campaigns", "webinar", "webinars",
    "event", "events", "video", "videos", "ad", "ads", "page", "pages", "release",
    "releases", "task", "tasks", "meeting", "meetings", "call", "calls", "workshop",
    "workshops", "training", "trainings", "session", "sessions", "study", "studies",
    "whitepaper", "whitepapers", "ebook", "ebooks", "guide", "guides", "template",
    "templates", "test", "tests", "experiment", "experiments", "interview",
    "interviews", "survey", "surveys", "report", "reports", "dashboard", "dashboards",
    "sprint", "sprints", "deliverable", "deliverables", "asset", "assets", "piece",
    "pieces", "slide", "slides", "story", "stories", "episode", "episodes", "podcast",
    "podcasts", "tweet", "tweets", "version", "versions", "project", "projects",
    "initiative", "initiatives", "mockup", "mockups", "prototype", "prototypes",
}  # fmt: skip

#: Words that carry no direction on their own. An objective made only of these
#: (and small words) is too generic to steer by: "Improve our marketing".
GENERIC_OBJECTIVE_WORDS = {
    "improve", "improved", "improving", "better", "best", "grow", "growth", "increase",
    "enhance", "optimise", "optimize", "boost", "drive", "do", "be", "become", "make",
    "achieve", "deliver", "succeed", "success", "successful", "excellence",
    "excellent", "great", "greater", "world-class", "awesome", "amazing", "strong",
    "stronger", "more", "things", "stuff", "results", "performance", "overall",
    "general", "marketing", "sales", "business", "company", "team", "organisation",
    "organization", "department", "everything", "work", "efficiency", "effectiveness",
    "productivity", "quality", "impact", "value", "next", "level", "top", "continue",
    "focus", "priorities", "key", "area", "areas", "operations", "take", "get",
    "good", "goals", "goal", "objective", "objectives", "okrs", "okr", "execution",
    "excel", "win", "winning", "keep", "going", "up", "improvement", "improvements",
}  # fmt: skip

#: Small words ignored when judging whether an objective says anything specific.
STOP_WORDS = {
    "a", "an", "the", "our", "we", "us", "my", "your", "their", "its", "of", "to", "in",
    "and", "or", "for", "with", "on", "at", "by", "this", "that", "these", "it", "all",
    "across", "from", "as", "is", "are", "q1", "q2", "q3", "q4", "h1", "h2", "year",
    "quarter", "half", "month",
}  # fmt: skip

#: Metrics that look good on a slide but do not guide decisions. Phrase -> what
#: to measure instead.
VANITY_METRICS = {
    "followers": "engagement rate or clicks from the channel to the site",
    "likes": "engagement rate or click-through to the site",
    "fans": "engagement rate or click-through to the site",
    "impressions": "click-through rate or visits from the channel",
    "page views": "visit-to-sign-up conversion rate",
    "pageviews": "visit-to-sign-up conversion rate",
    "video views": "watch-through rate or sign-ups from the video",
    "views": "watch-through rate or sign-ups from the content",
    "reach": "click-through rate or visits from the channel",
    "hashtag mentions": "share of voice among target buyers",
    "app downloads": "activated users after 7 days",
    "downloads": "activated users after 7 days",
    "registered users": "weekly active users",
}


@dataclass(frozen=True)
class Gameable:
    """An easy-to-game metric: how to spot it, how it is gamed, what guards it.

    Attributes
    ----------
    patterns : tuple of str
        Phrases that name the metric in a key result.
    how : str
        How it moves without helping the business.
    guardrail : str
        What to pair it with (shown in the suggestion).
    guards : tuple of str
        Phrases that, anywhere in the same objective (or in a ``guardrails:``
        field), count as a guardrail for it.
    """

    patterns: tuple[str, ...]
    how: str
    guardrail: str
    guards: tuple[str, ...]


_SALES_QUALITY = (
    "sql", "opportunit", "lead quality", "qualified", "cost per opportunity", "cac",
    "acquisition cost", "pipeline", "win rate", "close rate", "revenue", "bookings",
    "sales-accepted", "sales accepted",
)  # fmt: skip

#: Metric name -> how it is gamed and which guardrail fits. The suggestion of
#: ``gameable-without-guardrail`` names ``guardrail``.
GAMEABLE_METRICS = {
    "cost per lead": Gameable(
        ("cost per lead", "cpl"),
        "buying cheaper, lower-intent leads cuts it while fewer of them ever buy",
        "lead-to-SQL rate or cost per opportunity",
        _SALES_QUALITY,
    ),
    "lead count": Gameable(
        ("leads", "lead volume", "lead count", "mqls", "mql", "contacts", "sign-ups for"),
        "loosening what counts as a lead raises it without more buyers",
        "lead quality (lead-to-SQL rate)",
        _SALES_QUALITY,
    ),
    "email open rate": Gameable(
        ("open rate", "open rates", "opens"),
        "clickbait subject lines lift opens while readers act less (and privacy "
        "features inflate opens anyway)",
        "click-to-open rate or unsubscribe rate",
        ("click-to-open", "click", "unsubscribe", "reply", "conversion", "revenue", "pipeline"),
    ),
    "clicks": Gameable(
        ("click-through rate", "clicks", "ctr"),
        "curiosity headlines and broad targeting raise clicks from people who leave at once",
        "conversion rate after the click (click-to-sign-up) or bounce rate",
        ("conversion", "bounce", "sign-up", "signup", "trial", "demo", "revenue", "pipeline"),
    ),
    "traffic": Gameable(
        ("traffic", "visits", "visitors", "sessions", "site visits"),
        "cheap or off-target traffic raises it without more buyers",
        "visit-to-sign-up (or visit-to-demo) conversion rate",
        ("conversion", "sign-up", "signup", "trial", "demo", "pipeline", "revenue", "bounce"),
    ),
    "sign-ups": Gameable(
        ("sign-ups", "signups", "sign ups", "registrations", "trials"),
        "discounts and low-friction forms add sign-ups who never use the product",
        "activation rate or refund rate",
        (
            "activation",
            "activated",
            "active",
            "retention",
            "refund",
            "churn",
            "paying",
            "paid",
            "conversion",
        ),
    ),
    "response time": Gameable(
        ("first response time", "response time", "tickets closed", "handle time"),
        "quick, empty replies and premature closing cut it while problems stay unsolved",
        "CSAT or reopen rate",
        ("csat", "satisfaction", "reopen", "resolution rate", "nps", "resolved"),
    ),
    "demos booked": Gameable(
        ("demos booked", "meetings booked", "demos", "meetings"),
        "booking unqualified meetings raises it without more deals",
        "demo show rate or demo-to-opportunity rate",
        ("show rate", "opportunit", "pipeline", "win rate", "qualified"),
    ),
    "time to hire": Gameable(
        ("time to hire", "time-to-hire", "time to fill"),
        "hiring the first passable candidate cuts it at the cost of fit",
        "offer acceptance rate or 90-day retention of new hires",
        ("retention", "acceptance", "performance", "quality of hire"),
    ),
}

#: History column name -> phrases that name that metric in a key result's text.
#: Columns are also recognised by their own name ("lead_quality" as "lead quality").
METRIC_ALIASES = {
    "cpl": ("cost per lead", "cpl"),
    "leads": ("leads", "lead volume", "lead count", "number of leads"),
    "lead_quality": ("lead quality", "lead-to-sql", "lead to sql", "lead-to-sql rate"),
    "revenue": ("revenue", "sales revenue"),
    "pipeline": ("pipeline",),
    "sessions": ("traffic", "sessions", "visits"),
    "open_rate": ("open rate",),
    "email_open_rate": ("open rate", "email open rate"),
    "social_followers": ("followers", "social followers"),
    "demo_requests": ("demo requests", "demos requested"),
    "qualified_leads": ("qualified leads", "sqls"),
    "cost_per_opportunity": ("cost per opportunity",),
    "customers": ("customers", "new customers"),
    "cac": ("cac", "customer acquisition cost"),
    "ctr": ("click-through rate", "ctr"),
    "conversion_rate": ("conversion rate", "conversion"),
    "spend": ("spend", "ad spend", "media spend"),
}

# == Thresholds ================================================================

#: Objectives per owner and period; the domain brief's 1-3 for one team.
MAX_OBJECTIVES_PER_TEAM = 3
#: When no owner is named the file may be a whole function's set (3-5).
MAX_OBJECTIVES_NO_OWNER = 5
#: Key results per objective (2-5).
MIN_KRS, MAX_KRS = 2, 5
#: ``unrealistic``: ambition at least this many sd of period-to-period change ...
UNREALISTIC_AMBITION = 10.0
#: ... and the target beyond the historical extreme by more than this many sd.
UNREALISTIC_BEYOND_RANGE = 3.0

SEVERITIES = ("error", "warning", "info")
