"""The linter's vocabulary and thresholds: every word list and number the rules read.

Lower case; multi-word entries are matched as phrases. Extend freely: the
rules read these at call time."""

from __future__ import annotations

from dataclasses import dataclass

from ._numbers import DIRECTION_VERBS

# -- verbs (base forms; okrlab.lint._sentence generates every inflection) -------

#: Verbs of doing: a key result whose main verb is one of these, with nothing
#: measured, is a task ("Launch the new pricing page", "GDPR policy implemented").
#: A task verb is fine when the key result also states a measured outcome
#: ("Launch in 3 new markets with 50 paying customers each").
TASK_VERBS = {
    "launch", "send", "create", "ship", "publish", "hold", "write", "implement",
    "build", "run", "host", "organise", "organize", "design", "develop", "redesign",
    "complete", "finish", "finalise", "finalize", "roll out", "set up", "kick off",
    "prepare", "draft", "document", "conduct", "migrate", "introduce",
    "attend", "post", "produce", "record", "film", "update", "refresh", "revamp",
    "rebuild", "install", "integrate", "deploy", "release", "research", "pilot",
    "plan", "define", "review", "audit", "train", "hire", "recruit", "map", "rewrite",
    "translate", "upgrade", "automate", "schedule", "deliver", "fix", "refactor",
    "test", "evaluate", "assess", "identify", "select", "choose", "negotiate",
    "interview", "survey", "present", "announce", "prototype", "validate", "outline",
    "propose", "collect", "gather", "compile", "analyse", "analyze", "investigate",
    "explore", "establish", "formalise", "formalize", "standardise", "standardize",
    "consolidate", "replace", "move", "switch", "adopt", "transition", "submit", "track",
    "file", "coordinate", "set", "roll", "kick", "revise", "onboard", "teach",
    "educate", "speak", "blog", "tweet", "share", "distribute", "print", "exhibit",
    "sponsor", "redo", "overhaul", "rework", "restructure", "reorganise",
    "reorganize", "open", "setup", "sunset", "decommission", "retire",
    "archive", "clean up", "certify", "obtain", "pass",
    "start", "begin", "prioritize", "prioritise", "undertake", "measure", "monitor",
    # general work verbs: what a team does, not what changes
    "perform", "execute", "facilitate", "arrange", "carry out",
}  # fmt: skip

#: Verbs that state a result without saying which way ("Reach", "Sign", "Close").
RESULT_VERBS = {
    "reach", "achieve", "hit", "get", "attain", "make", "generate", "acquire", "win",
    "sign", "close", "convert", "retain", "book", "land", "secure", "earn", "drive",
    "see", "bring", "sell", "serve", "become", "go", "deliver", "exceed", "surpass",
    "beat", "top", "save", "return", "recover", "resolve", "answer", "handle",
    "spend", "invest", "allocate", "fund", "continue", "ensure",
    "help", "enable", "have", "keep", "lead", "engage", "activate", "attract",
    "capture", "collect", "renew", "expand", "upsell", "cross-sell", "churn", "use",
    "provide", "offer", "report", "rely", "meet", "find", "source", "produce",
    "respond", "reply", "enroll", "enrol",
}  # fmt: skip

#: Objective verbs that name something to ship: "Launch the new mobile app".
OUTPUT_OBJECTIVE_VERBS = {
    "launch", "ship", "release", "deliver", "publish", "build", "create", "develop",
    "design", "roll out", "introduce", "produce", "redesign", "rebuild", "revamp",
    "relaunch", "unveil", "open", "establish",
    "roll",
}  # fmt: skip

#: Objective verbs that name a one-off task: "Integrate with Stripe".
TASK_OBJECTIVE_VERBS = {
    "integrate", "migrate", "implement", "install", "upgrade", "set up", "finalise",
    "finalize", "hire", "recruit", "move", "switch", "replace", "consolidate",
    "document", "audit", "review", "negotiate", "obtain", "pass", "refactor",
    "rewrite", "transition", "adopt", "select", "choose", "hold", "organise",
    "organize", "attend", "conduct", "prepare", "submit", "file", "deploy", "fix",
    "sunset", "decommission", "retire", "certify", "translate", "automate", "map",
    "define", "plan", "research", "run", "host", "kick off", "onboard", "understand",
    "learn", "figure out", "execute", "explore", "investigate", "evaluate", "assess",
    "identify", "resolve", "address", "validate", "complete", "finish",
    "set",
    "secure", "relocate", "renew", "restructure", "reorganise", "reorganize", "standardise", "standardize", "formalise", "formalize", "draft", "train", "educate", "pilot", "test", "trial", "benchmark", "remove", "deprecate", "update", "refresh", "clean up",
}  # fmt: skip

#: Every verb the sentence reader knows (it finds the main verb among these).
KNOWN_VERBS = (
    TASK_VERBS
    | RESULT_VERBS
    | OUTPUT_OBJECTIVE_VERBS
    | TASK_OBJECTIVE_VERBS
    | set(DIRECTION_VERBS)
    | {"quadruple", "improve", "optimise", "optimize", "enhance", "simplify", "streamline",
       "strengthen", "deepen", "maximise", "maximize", "minimise", "minimize", "speed up"}
)  # fmt: skip

#: Words skipped before looking for the first verb ("We will launch ...").
LEAD_IN_WORDS = {"we", "will", "we'll", "to", "successfully", "fully", "finally", "team", "must"}

# -- nouns (singular forms) --------------------------------------------------------

#: Things a team makes or does. Counting them measures output, not an outcome,
#: with any verb: "Publish 12 blog posts", "Increase sales calls from 40 to 120".
ARTIFACT_NOUNS = {
    "feature", "post", "article", "email", "newsletter", "campaign", "webinar",
    "event", "video", "ad", "page", "release", "task", "meeting", "call", "workshop",
    "training", "study", "whitepaper", "ebook", "guide", "template", "experiment",
    "interview", "survey", "report", "dashboard", "sprint", "deliverable", "asset",
    "piece", "slide", "episode", "podcast", "tweet", "version", "project",
    "initiative", "mockup", "prototype", "integration", "policy", "calculator", "poc",
    "tool", "portal", "app", "website", "playbook", "framework", "handbook",
    "documentation", "doc", "program", "programme", "plan", "roadmap", "course",
    "certification", "presentation", "talk", "conference", "meetup", "hackathon",
    "lesson", "tutorial", "api", "sdk", "connector", "plugin", "screen", "flow",
    "component", "blog", "infographic", "checklist", "faq", "wiki",
    "press release", "case study", "landing page", "a/b test", "ab test", "test",
    "design", "spec", "specification", "proposal", "outreach", "demo video",
    "lunch", "offsite", "retreat", "all-hands", "hire", "salesperson", "engineer",
    "rep", "designer", "recruiter", "sdr", "bdr", "ae", "intern", "employee",
    "staff", "mvp", "pilot", "module", "process", "strategy",
    "script", "sequence", "cadence", "touchpoint", "touch", "story", "brief",
    "benchmark", "audit", "review", "analysis", "model", "pitch", "deck",
    "one-pager", "brochure", "banner", "microsite", "tooltip", "widget", "bot",
    "chatbot", "automation", "workflow", "pipeline stage", "session", "partnership",
    "improvement", "enhancement", "fix",
}  # fmt: skip

#: Counted things that measure a result: a task verb counting one of these
#: ("Onboard 50 customers") is a result, not output.
MEASURE_NOUNS = {
    "customer", "user", "account", "client", "subscriber", "member", "buyer", "deal",
    "order", "purchase", "transaction", "sale", "signup", "sign-up", "trial", "lead",
    "mql", "sql", "opportunity", "booking", "renewal", "seat", "install", "download",
    "visitor", "visit", "revenue", "arr", "mrr", "acv", "iacv", "pipeline", "margin",
    "profit", "cost", "cac", "ltv", "rate", "ratio", "share", "score", "nps", "csat",
    "latency", "uptime", "availability", "retention", "churn", "conversion",
    "activation", "engagement", "adoption", "satisfaction", "accuracy", "coverage",
    "error", "incident", "outage", "defect", "bug", "complaint", "ticket", "dau",
    "mau", "wau", "team", "company", "partner", "market", "country", "region",
    "store", "location", "student", "learner", "patient", "reseller", "brand",
    "organization", "organisation", "business", "shop", "merchant", "seller",
    "publisher", "advertiser", "developer", "contributor", "star", "referral",
    "response", "reply", "review", "rating", "testimonial", "logo", "school",
    "household", "app", "integration", "dollar", "euro", "point",
    "hour", "day", "minute", "second", "week", "month", "percent", "%",
    "awareness", "reputation", "presence", "trust", "sentiment", "perception", "loyalty",
    "morale", "happiness", "traction",
}  # fmt: skip
MEASURE_NOUNS -= {"app", "integration", "review", "testimonial"}
MEASURE_NOUNS |= {"subscription", "registration", "enrollment", "enrolment", "applicant",
                  # audience counts are measured (vanity-metric judges them), not made
                  "view", "pageview", "impression", "follower", "like", "reader", "viewer",
                  "listener", "click", "mention", "upvote"}  # fmt: skip

#: Artifact nouns with a result sense, told apart by the words around them: customer
#: reviews and ratings are a result, design or code reviews are work (regex on the phrase).
RESULT_SENSES = {
    "review": r"\b(?:positive|negative|customer|user|client|star|5-star|five-star|store|g2|"
    r"capterra|trustpilot|google|online|public|verified)\b|\breviews? on\b",
    "testimonial": r"\b(?:customer|client|user|video|written|positive)\b",
}

#: People nouns: an output when hired ("Hire 2 salespeople"), else a measure
#: ("Grow active developers").
PEOPLE_NOUNS = {
    "salesperson", "engineer", "rep", "designer", "recruiter", "sdr", "bdr", "ae",
    "intern", "employee", "staff", "developer", "manager", "hire", "person",
    "marketer", "writer", "analyst", "scientist", "lead", "vp", "director", "head",
    "cto", "cmo", "cfo", "coo", "agent", "specialist", "csm", "associate", "teammate",
    "candidate",
}  # fmt: skip
HIRING_VERBS = {"hire", "recruit", "onboard", "add", "staff", "bring", "appoint", "train",
                "source", "screen"}  # fmt: skip

#: Inputs and spend: growing them is not a result ("Increase the ad budget by 40%").
INPUT_METRICS = (
    "ad budget", "budget", "ad spend", "media spend", "marketing spend", "spend",
    "spending", "investment", "headcount", "head count", "team size", "hours spent",
    "hours invested", "effort", "resources", "number of hires", "number of people",
    "man-hours", "person-hours", "staffing",
)  # fmt: skip
INPUT_VERBS = {"spend", "invest", "allocate", "fund"}

#: Metric words: an objective made of these (and direction verbs and modifiers)
#: is a KPI name or KPI target, not an objective ("Net new ARR", "Increase sales").
METRIC_WORDS = {
    "arr", "mrr", "revenue", "sales", "traffic", "conversion", "conversions",
    "conversion rate", "churn", "retention", "nps", "csat", "leads", "mqls", "sqls",
    "sign-ups", "signups", "pipeline", "bookings", "margin", "margins", "profit",
    "profits", "profitability", "cac", "ltv", "ctr", "click-through rate", "open rate",
    "market share", "users", "customers", "downloads", "installs", "followers",
    "uptime", "arpu", "aov", "gmv", "ebitda", "roi", "roas", "cpl", "cpa", "deal size",
    "win rate", "cycle time", "velocity", "acv", "iacv", "nrr", "ndr", "grr",
    "subscribers", "subscriptions", "orders", "visits", "visitors", "sessions",
    "page views", "engagement rate", "activation", "activation rate", "dau", "mau",
    "wau", "rate", "cost", "costs", "spend", "income", "yield", "satisfaction",
    "happiness", "loyalty", "adoption", "engagement", "cash flow", "accuracy",
    "error rate", "accounts receivable", "dso", "burn", "burn rate", "runway",
    "average order value", "order value", "customer acquisition cost", "acquisition cost", "time to hire", "time-to-hire", "delivery rate", "on-time delivery", "ticket volume", "tickets", "first contact resolution", "resolution rate", "resolution time", "response time", "lead time", "utilization", "occupancy", "attrition", "turnover",
    "cost per lead", "cost per acquisition", "cost per click", "cost per opportunity",
    "customer lifetime value", "lifetime value", "renewal rate", "close rate", "pipeline coverage", "sales velocity", "quota attainment", "average revenue per user", "active users", "retention rate", "churn rate", "bounce rate", "opex", "cost of sales", "unit economics", "payback", "payback period",
}  # fmt: skip
#: Words that qualify a metric without making it an objective ("net new", "organic").
METRIC_MODIFIERS = {
    "net", "new", "gross", "organic", "paid", "monthly", "annual", "annualized",
    "annualised", "recurring", "total", "average", "avg", "website", "web", "site",
    "customer", "user", "quarterly", "weekly", "daily", "active", "overall", "inbound",
    "outbound", "expansion", "qualified", "marketing", "email", "mobile", "app",
    "online", "product", "subscription", "sales", "b2b", "b2c", "enterprise",
    "smb", "mid-market", "our", "the", "of", "in", "and", "per", "year-over-year",
    "yoy", "mom", "qoq", "global", "us", "eu", "emea", "apac", "direct", "channel",
    "partner", "self-serve", "trial", "free", "signup", "sign-up", "operating",
    "logo", "unit", "cash", "free-cash-flow", "flow", "client", "growth", "developer",
    "employee", "team", "member", "student", "patient", "guest", "shopper",
    "support", "ticket", "first", "contact", "on-time", "order", "voluntary", "staff", "inventory",
}  # fmt: skip

#: Area nouns that say *where* but not *what should change*: an objective made
#: only of these and generic words is vague ("Make the website better").
AREA_NOUNS = {
    "marketing", "sales", "product", "products", "website", "site", "web", "service",
    "services", "brand", "business", "company", "customer", "customers",
    "experience", "customer experience", "process", "processes",
    "operations", "performance", "quality", "efficiency", "communication",
    "communications", "collaboration", "engagement", "presence", "visibility",
    "image", "reputation", "offering", "offerings", "app", "platform", "support",
    "engineering", "design", "content", "strategy", "everything", "things", "stuff",
    "department", "organisation", "organization", "ux", "ui", "tech", "technology",
    "workflow", "workflows", "infrastructure", "systems", "system", "outcomes",
    "security", "code", "data", "analytics", "foundation", "foundations", "value",
    "ready", "scale", "efforts", "effort", "decisions", "decision", "proactively",
    "rapid", "growth", "build", "create", "provide", "deliver",
    "solid", "foundational", "capabilities", "capability", "success", "delight",
    "scalable", "long-term", "empower", "maturity", "operational",
    "accelerate", "results", "aspirational", "consistently", "overall", "sustainable",
}  # fmt: skip

#: Rates and shares: a relative change ("by 3%") is ambiguous with percentage points.
RATE_WORDS = (
    "rate", "conversion", "churn", "retention", "margin", "share", "ctr", "percentage",
    "ratio", "uptime", "availability", "activation", "adoption", "penetration",
    "coverage", "accuracy", "nps", "utilization", "utilisation", "attainment",
    "win rate", "open rate", "bounce", "attrition", "participation", "occupancy",
    "absenteeism", "staff turnover", "employee turnover", "team turnover",
)  # fmt: skip

#: Clause openers that make a second metric a guardrail, not a second key result.
OUTPUT_NOUNS = ARTIFACT_NOUNS

GUARD_CLAUSES = ("while", "without", "with", "keeping", "and keep", "and maintain",
                 "whilst", "but keep", "at", "holding", "so that", "to ", "by ")  # fmt: skip

#: Words that carry no direction on their own. An objective made only of these
#: (and small words) is too generic to steer by: "Improve our marketing".
GENERIC_OBJECTIVE_WORDS = {
    "improve", "improved", "improving", "better", "best", "grow", "growth", "increase",
    "enhance", "optimise", "optimize", "boost", "drive", "do", "be", "become", "make",
    "achieve", "deliver", "succeed", "success", "successful", "excellence",
    "excellent", "great", "greater", "world-class", "awesome", "amazing", "strong",
    "stronger", "more", "things", "stuff", "results", "performance", "overall",
    "general", "marketing", "sales", "business", "company", "organisation",
    "organization", "department", "everything", "work", "efficiency", "effectiveness",
    "productivity", "quality", "impact", "value", "next", "level", "top", "continue",
    "focus", "priorities", "key", "area", "areas", "operations", "take", "get",
    "good", "goals", "goal", "objective", "objectives", "okrs", "okr", "execution",
    "excel", "win", "winning", "keep", "going", "up", "improvement", "improvements",
    "customer-centric", "customer-focused", "data-driven", "strengthen", "innovative", "innovation", "agile",
    "industry", "leader", "leading", "market-leading", "premier", "dominant", "dominate", "transform", "transformation", "evolve", "modern", "modernize", "modernise", "future-proof", "next-generation", "disrupt", "revolutionize", "unlock", "potential", "synergy", "synergies", "alignment", "align", "holistic", "seamless", "robust", "outstanding", "exceptional", "superior", "unrivalled", "unrivaled",
}  # fmt: skip

#: Small words ignored when judging whether an objective says anything specific.
STOP_WORDS = {
    "a", "an", "the", "our", "we", "us", "my", "your", "their", "its", "of", "to", "in",
    "and", "or", "for", "with", "on", "at", "by", "this", "that", "these", "it", "all",
    "across", "from", "as", "is", "are", "q1", "q2", "q3", "q4", "h1", "h2", "year",
    "quarter", "half", "month", "through", "via", "into", "more", "most", "so", "than",
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
    "post engagement": "click-through to the site or sign-ups from social",
    "social media engagement": "click-through to the site or sign-ups from social",
    "engagements": "click-through to the site or sign-ups from social",
    "unique visitors": "visit-to-sign-up conversion rate",
    "website visitors": "visit-to-sign-up conversion rate",
    "site visitors": "visit-to-sign-up conversion rate",
    "readers": "reads that lead to a sign-up or a reply",
    "viewers": "watch-through rate or sign-ups from the content",
    "listeners": "listen-through rate or sign-ups from the episode",
    "interactions": "click-through to the site or sign-ups from social",
    "retweets": "click-through to the site or sign-ups from social",
    "reposts": "click-through to the site or sign-ups from social",
    "upvotes": "click-through to the site or sign-ups from the post",
    "reactions": "click-through to the site or sign-ups from social",
    "social shares": "click-through to the site or sign-ups from social",
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
    "sql", "opportunit", "lead quality", "sales-qualified", "sales qualified",
    "qualified pipeline", "qualified opportunit", "cost per opportunity", "cac",
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
        (
            "first response time",
            "response time",
            "tickets closed",
            "handle time",
            "reply time",
            "resolution time",
            "time to resolution",
            "time to resolve",
            "solution time",
            "time it takes to resolve",
            "handling time",
            "time to first response",
        ),
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
    "tickets closed": Gameable(
        (
            "tickets closed",
            "tickets resolved",
            "closed tickets",
            "resolved tickets",
            "tickets handled",
        ),
        "closing tickets early or splitting them raises the count while customers wait",
        "reopen rate or CSAT on closed tickets",
        ("reopen", "csat", "satisfaction", "nps", "escalation"),
    ),
    "test coverage": Gameable(
        ("test coverage", "code coverage", "unit test coverage", "coverage"),
        "tests that execute code without asserting anything raise coverage while bugs ship",
        "escaped defects (bugs found in production) or change failure rate",
        (
            "escaped",
            "defect",
            "bugs in production",
            "production bugs",
            "change failure",
            "incident",
            "mutation",
            "regression",
        ),
    ),
    "story points": Gameable(
        ("story points", "velocity", "points per sprint", "points delivered"),
        "re-estimating work upward raises it without shipping more value",
        "cycle time, or customer-facing outcomes of the shipped work",
        ("cycle time", "lead time", "defect", "escaped", "customer", "adoption", "usage"),
    ),
    "lines of code": Gameable(
        (
            "lines of code",
            "loc",
            "commits",
            "pull requests merged",
            "prs merged",
        ),
        "verbose code and split commits raise it while the product does not improve",
        "change failure rate or review turnaround time, or a customer-facing outcome",
        ("change failure", "defect", "incident", "review time", "cycle time", "customer"),
    ),
    "tech debt": Gameable(
        (
            "tech debt",
            "technical debt",
            "debt ratio",
            "linting errors",
            "lint errors",
            "lint warnings",
            "code smells",
            "static analysis warnings",
        ),
        "relabelling or deleting debt tickets moves the number while the code stays as hard "
        "to change",
        "lead time for changes or change failure rate",
        (
            "lead time",
            "cycle time",
            "change failure",
            "deploy frequency",
            "deployment frequency",
            "incident",
            "defect",
        ),
    ),
    "bugs fixed": Gameable(
        ("bugs fixed", "bugs closed", "issues closed", "issues resolved"),
        "fixing trivial bugs first or closing them as won't-fix raises it while users hit the "
        "same problems",
        "escaped defects or bug reopen rate",
        ("escaped", "reopen", "production", "incident", "customer-reported", "severity"),
    ),
}

#: Homonyms: context words that show a gameable or vanity word means something else.
#: metric phrase -> regex of context (searched in the lower-cased key result).
HOMONYMS = {
    "clicks": r"\bclicks? (?:to|per|needed|required|it takes)\b|\b(?:fewer|less|number of) "
    r"clicks\b|\bclicks? (?:in|on) the (?:ui|app|product|flow|checkout|form)|\b(?:ui|ux)\b",
    "traffic": r"\b(?:server|api|network|peak|backend|database|db|request|requests|load|spike|"
    r"spikes|handle|handles|handling|capacity|bandwidth|scale|scales|scaling|gateway|gateways|"
    r"mirror|mirrored|mirroring|proxy|proxied|routed|routing|egress|ingress|cdn|cluster|"
    r"clusters|nodes?|staging)\b",
    "sessions": r"\b(?:training|coaching|working|onboarding|review|user research|research|"
    r"interview|1:1|one-on-one|feedback|workshop|design|learning|collaboration|enablement|"
    r"mentoring|pairing|planning|brainstorming|strategy|q&a|demo|sales)\s+sessions\b|\bsessions? "
    r"(?:with|held|run)\b|\b(?:conduct|run|ran|hold|held|host|deliver|organi[sz]e|facilitat|"
    r"attend|schedul)\w*\s+(?:[\w-]+\s+){0,3}sessions\b",
    "leads": r"\b(?:team|tech|technical|engineering|squad|project|product|design|"
    r"program|programme|site|shift|store|regional|account|people|hiring)\s+leads\b",
    "reach": r"^\W*(?:we\s+(?:will\s+)?)?reach(?:es|ed|ing)?\b(?!\s+of\b)|\breach(?:es|ed|ing)?\s+"
    r"(?:an?\s+|the\s+)?(?:\d|nps|csat|target|goal|parity|profitab|break|level|stage|\$|€|£|"
    r"100%|ga\b|general)",
    "views": r"\b(?:code|design|peer|performance|architecture|security)\s+re?views\b",
    "coverage": r"\b(?:pipeline|quota|sales|insurance|media|press|market|on-call|oncall|"
    r"support|geographic|territory)\s+coverage\b",
    "meetings": r"\b(?:internal|team|status|1:1|one-on-one|stand-?up|board|advisory|all-hands|"
    r"town[- ]hall|planning|retro\w*|steering|committee|council|community|governance|"
    r"leadership|staff|department|parent|stakeholder)\s+meetings\b|\b(?:run|runs|ran|running|"
    r"hold|holds|held|holding|host|hosts|hosted|hosting|organi[sz]e\w*|facilitat\w*|"
    r"attend\w*|chair\w*|conven\w*)\s+(?:[\w-]+\s+){0,4}meetings\b",
    "interactions": r"\b(?:support|customer|service|agent|sales|human|manual|drug)\s+"
    r"interactions\b",
    "response time": r"\b(?:backend|server|servers|api|apis|endpoints?|database|db|query|"
    r"queries|microservices?|gateways?|cdn|requests?|network)\b|"
    r"(?<!customer )(?<!support )\bservices?\b|\d\s?(?:ms|milliseconds?)\b|"
    r"\bp\d\d\b",
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
