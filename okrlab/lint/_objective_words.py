"""Word classes for reading objectives: what kind of verb leads, what kind of thing it acts on.

The objective rules decide from two facts, the class of the leading verb and the class of the
head noun of its object, instead of matching whole objectives against lists of examples:

========================  ===========================================  ====================
leading verb              object                                       diagnosis
========================  ===========================================  ====================
make-and-ship verb        anything but a team, culture or foundation   output-objective
one-off work verb         anything                                     task-objective
quantity verb (increase)  a KPI (revenue, churn, NPS, ...)             objective-is-metric
quality verb (improve)    a KPI                                        objective-is-metric
quality verb (improve)    anything else                                vague-objective
any verb or none          only generic words                           vague-objective
========================  ===========================================  ====================

The classes are written from general English and business vocabulary (every common verb of
building, of one-off work, of moving a quantity; the standard KPI names of sales, marketing,
finance, support, product and engineering), not from the labelled corpus, so that they carry
over to OKRs written by other people. Verbs are base forms (every inflection is recognised);
nouns are singular.
"""

from __future__ import annotations

from .vocabulary import OUTPUT_OBJECTIVE_VERBS, TASK_OBJECTIVE_VERBS

#: Verbs that make or ship something: the objective names an output ("Launch the new app").
MAKE_VERBS = OUTPUT_OBJECTIVE_VERBS | {
    "construct", "craft", "assemble", "author", "write", "compose", "debut", "deploy",
    "rollout", "re-launch", "re-design", "re-build", "prototype", "code", "engineer",
    "architect", "rearchitect", "re-architect", "put together", "co-author", "co-create",
    "co-design", "co-develop", "coauthor", "stand up", "spin up",
}  # fmt: skip

#: Verbs of one-off work: the objective is a task to finish, not an aim ("Integrate with
#: Stripe", "Understand how X works", "Hire 2 SDRs").
WORK_VERBS = (TASK_OBJECTIVE_VERBS - {"deploy"}) | {
    "renegotiate", "analyse", "analyze", "study", "survey", "interview", "collect", "gather",
    "compile", "clarify", "decide", "determine", "outline", "scope", "specify", "estimate",
    "schedule", "coordinate", "communicate", "present", "announce", "procure", "purchase",
    "buy", "license", "register", "apply", "enroll", "enrol", "perform", "carry out", "patch",
    "repair", "debug", "merge", "split", "archive", "digitise", "digitize", "transfer",
    "outsource", "insource", "rebrand", "assign", "appoint", "staff", "initiate", "commence",
    "inventory", "catalogue", "catalog", "categorise", "categorize", "port", "containerise",
    "containerize", "replatform", "re-platform", "work", "speak", "visit", "meet", "contact",
    "call", "email", "send", "distribute", "print", "order", "sign", "hand over", "handover",
    "hand off", "wrap up", "close out", "tidy up", "set out", "write up", "sort out",
    "work out", "find out", "look into", "deep dive", "kick-off", "kickoff", "spike",
    "reconcile", "test-drive", "decide on", "agree", "agree on", "prioritise", "prioritize",
    "triage", "conclude", "deliberate", "discuss", "brainstorm", "workshop", "facilitate",
    "align", "check in", "follow up", "sync", "meet with", "reach out", "catch up",
    "go through", "walk through", "handle", "process", "fulfil", "fulfill", "answer",
    "measure", "quantify", "calculate", "research",
    # building and facilities work, and buying by tender
    "refurbish", "renovate", "refit", "redecorate", "repaint", "fit out", "tender",
    "re-tender", "retender", "brief",
    # looking into something, taking part, and hyphenated spellings of phrasal verbs
    "examine", "inspect", "engage in", "take part in", "participate in", "set-up",
    "follow-up",
}  # fmt: skip

#: Work verbs that also open lasting aims ("Run the most reliable network", "Secure our
#: customers' data", "Address the mid-market"): a task only when they act on a piece of work
#: or a deliverable ("Execute the hiring plan", "Resolve open issues for key accounts").
CONDITIONAL_WORK_VERBS = {
    "run", "secure", "address", "resolve", "set", "apply", "work", "move", "switch",
    "transition", "adopt", "train", "educate", "hold", "host", "complete", "execute", "pass",
    "renew", "obtain", "conduct", "organise", "organize", "coordinate", "communicate",
    "present", "announce", "speak", "visit", "contact", "transfer", "assign", "appoint",
    "staff", "register", "enroll", "enrol", "perform", "carry out", "prioritise",
    "prioritize", "facilitate", "align", "sync", "reach out", "discuss", "meet with",
    "standardise", "standardize", "formalise", "formalize", "restructure", "reorganise",
    "reorganize", "consolidate", "automate", "upgrade", "update", "refresh",
    "relocate", "certify", "distribute", "print", "file", "submit", "triage",
    "deliberate", "brainstorm",
    "workshop", "catch up", "check in", "follow up", "go through", "walk through", "tidy up",
    "handle", "process", "fulfil", "fulfill", "answer", "brief",
}  # fmt: skip

#: Objects that make a conditional work verb a task: pieces of work and plans.
WORK_OBJECTS = {
    "plan", "issue", "bug", "ticket", "request", "report", "project", "migration", "task",
    "backlog", "review", "audit", "assessment", "analysis", "study", "survey", "interview",
    "workshop", "training", "session", "meeting", "event", "conference", "program",
    "programme", "pilot", "experiment", "test", "trial", "rollout", "launch", "release",
    "upgrade", "integration", "implementation", "deployment", "transition", "move",
    "contract", "agreement", "deal", "negotiation", "hire", "hiring", "onboarding",
    "certification", "compliance", "requirement", "policy", "procedure", "process",
    "system", "tool", "tooling", "stack", "platform", "infrastructure", "database", "server",
    "codebase", "code", "repository", "repo", "pipeline", "workflow", "documentation", "doc",
    "handbook", "wiki", "roadmap", "strategy", "budget", "forecast", "close", "books",
    "inventory", "asset", "license", "vendor", "supplier", "office", "space", "payroll",
    "campaign", "initiative", "action", "item", "feature", "fix", "patch", "keynote",
    "sponsorship", "booth", "slot", "funding", "round", "loan", "grant", "visa", "permit",
    "crm", "erp", "cms", "provider", "tender", "rfp", "lease",
    # premises that are opened, moved or closed
    "warehouse", "site", "plant", "factory", "store", "shop", "clinic", "branch",
    "depot", "headquarters", "hq", "data centre", "data center", "datacenter", "facility",
    "building", "premises", "lab", "laboratory", "room", "ward", "classroom",
    # one-off exercises and gatherings, and what a group agrees on
    "exercise", "drill", "hackathon", "retrospective", "retro", "offsite", "summit", "fair",
    "roadshow", "town hall", "bootcamp", "definition", "decision", "terms", "scope",
    "jam", "party", "celebration", "ceremony", "gala", "festival", "competition", "contest",
    "tournament", "open day", "open house", "setup", "set-up", "structure",
}  # fmt: skip

#: Heads that name an aim, not a deliverable, after a make verb ("Create a seamless
#: experience for new users", "Build a place people want to work").
AIM_HEADS = {"experience", "environment", "atmosphere", "world", "future", "place",
             "destination", "home", "journey", "standard", "choice", "default", "habit",
             "feeling", "sense"}  # fmt: skip

#: Verbs that move a quantity up or down: with a KPI as object the objective is a KPI target.
QUANTITY_VERBS = {
    "increase", "grow", "raise", "boost", "lift", "double", "triple", "quadruple", "maximise",
    "maximize", "reduce", "decrease", "cut", "lower", "minimise", "minimize", "halve",
    "shrink", "shorten", "slash", "trim", "lessen", "diminish", "expand", "accelerate",
    "speed up", "drive up", "drive down", "bring down", "push", "multiply", "scale up",
    "ramp up", "generate", "achieve", "hit", "reach", "attain", "get", "drive", "deliver",
    "win", "earn", "capture", "gain", "add", "acquire", "save", "recover", "extend", "widen",
}  # fmt: skip

#: Verbs that ask for "better" without saying how much: with a KPI as object the objective
#: is a KPI; with anything else it is too vague to steer by ("Improve team culture").
QUALITY_VERBS = {
    "improve", "enhance", "optimise", "optimize", "strengthen", "better", "refine", "elevate",
    "advance", "streamline", "simplify", "modernise", "modernize", "revitalise", "revitalize",
    "transform", "evolve", "mature", "sharpen", "deepen", "broaden", "reinforce", "bolster",
    "solidify", "uplift", "upgrade", "level up", "step up", "professionalise",
    "professionalize", "rethink", "reimagine", "re-imagine", "overhaul", "polish", "tighten",
    "fine-tune", "tune", "invigorate", "reinvigorate", "boost", "accelerate", "scale",
    "support", "foster", "nurture", "cultivate", "champion", "encourage", "empower",
    "recharge", "revive", "rejuvenate", "reenergize", "reenergise", "re-energize",
    "re-energise", "reignite",
}  # fmt: skip

#: What a team builds that is not a deliverable: building these is an aim, not an output
#: ("Build a world-class engineering team").
ORG_NOUNS = {
    "team", "company", "organization", "organisation", "org", "culture", "community",
    "motion", "function", "practice", "business", "brand", "reputation", "relationship",
    "partnership", "trust", "presence", "leadership", "network", "ecosystem", "movement",
    "habit", "mindset", "environment", "workplace", "department", "discipline", "capability",
    "competency", "muscle", "career", "talent", "people", "family", "group", "squad",
    "engine", "flywheel", "momentum", "position", "moat", "advantage", "identity",
}  # fmt: skip

#: Head nouns of KPIs: a quantity or a standard measured state. Singular, lower case.
KPI_HEADS = {
    # money
    "revenue", "sale", "sales", "profit", "profitability", "margin", "income", "earnings", "ebitda",
    "cost", "spend", "expense", "expenditure", "price", "arr", "mrr", "acv", "iacv", "tcv",
    "gmv", "arpu", "arpa", "aov", "ltv", "clv", "cac", "cpa", "cpl", "cpc", "cpm", "roi",
    "roas", "cash", "cash flow", "burn", "burn rate", "runway", "dso", "dpo", "receivable",
    "payable", "bookings", "booking", "billing", "billings", "collection", "quota",
    "pipeline", "deal size", "order value", "basket size", "valuation", "payback",
    "unit economics", "opex", "capex", "overhead", "budget variance", "write-off", "dollar",
    # customers and users
    "customer", "user", "client", "subscriber", "member", "buyer", "account", "logo",
    "signup", "sign-up", "registration", "lead", "mql", "sql", "opportunity", "prospect",
    "download", "install", "visitor", "visit", "session", "traffic", "follower", "dau",
    "mau", "wau", "churn", "retention", "attrition", "turnover", "renewal", "expansion",
    "upsell", "conversion", "activation", "adoption", "usage", "engagement", "stickiness",
    "satisfaction", "happiness", "nps", "csat", "ces", "loyalty", "advocacy", "awareness", "recognition",
    "sentiment", "market share", "share of voice", "penetration", "reach", "win rate",
    "close rate", "open rate", "click-through rate", "ctr", "bounce rate", "nrr", "ndr",
    "grr", "use", "order", "purchase", "transaction", "subscription", "enrollment", "enrolment",
    "headcount", "hire", "applicant", "candidate", "referral", "review", "rating",
    # operations, support, engineering
    "uptime", "availability", "downtime", "latency", "response time", "resolution time",
    "cycle time", "lead time", "time to market", "time-to-market", "time to hire",
    "time-to-hire", "throughput", "velocity", "accuracy", "error rate", "defect", "bug",
    "incident", "outage", "mttr", "mttd", "ticket", "backlog", "utilisation", "utilization",
    "occupancy", "yield", "productivity", "output", "on-time delivery", "delivery time",
    "wait time", "handle time", "first contact resolution", "coverage", "test coverage",
    "build time", "deploy frequency", "deployment frequency", "change failure rate",
    "load time", "page speed", "performance score", "fill rate", "stockout", "inventory turn",
    "shrinkage", "waste", "emission", "complaint", "escalation", "sla", "slo",
    # generic quantity heads
    "rate", "ratio", "score", "share", "percentage", "proportion", "number", "count",
    "amount", "volume", "total", "level", "index", "metric", "kpi", "growth", "value",
}  # fmt: skip

#: KPI heads that are only a KPI with a modifier: "value" alone is generic ("Deliver value"),
#: "order value" is a KPI.
WEAK_KPI_HEADS = {"output", "growth", "level", "share", "total", "number", "amount", "volume",
                  "reach", "review", "hire", "order", "account", "expansion", "value"}  # fmt: skip

#: Abstract nouns that name an area or a virtue, not a measurable state: "Improve code
#: quality", "Optimise infrastructure", "Enhance collaboration".
ABSTRACT_HEADS = {
    "quality", "culture", "communication", "collaboration", "process", "experience",
    "efficiency", "effectiveness", "security", "infrastructure", "operation", "visibility",
    "presence", "performance", "capability", "maturity", "alignment", "analytics", "system",
    "workflow", "practice", "excellence", "agility", "resilience", "robustness",
    "scalability", "reliability", "stability", "transparency", "accountability", "ownership",
    "innovation", "creativity", "morale", "wellbeing", "well-being", "wellness",
    "teamwork", "cooperation", "coordination", "governance", "compliance", "hygiene",
    "discipline", "focus", "clarity", "consistency", "cohesion", "inclusion", "diversity",
    "equity", "belonging", "knowledge", "skill", "expertise", "competence", "understanding",
    "insight", "decision", "decision-making", "planning", "execution", "delivery", "support",
    "service", "onboarding", "offboarding", "enablement", "marketing", "branding",
    "positioning", "messaging", "storytelling", "content", "design", "ux", "ui", "usability",
    "accessibility", "tooling", "tool", "stack", "architecture", "platform", "product",
    "engineering", "operations", "ops", "devops", "management", "leadership", "strategy",
    "foundation", "data", "reporting", "forecasting", "results", "result", "outcome",
    "impact", "value", "success", "health", "standard", "way", "thing", "effort",
    "partnership", "relationship", "engagement model", "environment", "career", "tactic", "tactics", "activity", "approach", "method", "landscape", "position", "footprint", "image", "perception", "profile", "function",
}  # fmt: skip

#: End-state clauses after the verb that make an objective say where it wants to be:
#: "Enhance talent brand and be known as a destination company".
END_STATE_MARKERS = (" and be ", " and become ", " to be known", " so that ", " such that ",
                     " until ", " enough that ", " enough to ")  # fmt: skip

#: Release stages named as the whole objective: "GA for the Operator", "Beta of the app".
RELEASE_STAGES = {"ga", "beta", "alpha", "mvp", "poc", "preview", "general availability",
                  "launch", "release", "rollout", "roll-out", "v1", "v2", "v3"}  # fmt: skip

#: Verbs that report a piece of work as finished: "Stripe integration completed".
DONE_VERBS = {"complete", "finish", "conclude", "wrap up", "close out", "do"}
