"""How numbers, dates, units and directions are written: the regular grammar behind
:func:`okrlab.lint._numbers.parse_kr` (kept apart so each module stays readable)."""

from __future__ import annotations

import re

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE_PATTERNS = [
    r"\d{4}-\d{2}-\d{2}",
    r"\d{4}-?[qh][1-4]",
    r"(?:end of (?:the )?)?[qh][1-4](?:[\s'-]*(?:20)?\d{2}\b)?",
    r"fy\s?'?\d{2,4}",
    rf"{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?",
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}(?:,?\s+\d{{4}})?",
    rf"(?:end of )?{_MONTHS}(?:\s+\d{{4}})?",
    r"end of (?:the )?(?:quarter|year|month|half|period|sprint)",
    r"(?:this|next|the) (?:quarter|half|year)",
    r"\beo[qmy]\b",
    r"(?<=\bin )(?:19|20)\d{2}",
    r"(?<=\bby )(?:19|20)\d{2}",
    r"(?<=\bof )(?:19|20)\d{2}",
]
_DATE_RE = re.compile(r"(?<![\w])(?:" + "|".join(_DATE_PATTERNS) + r")(?![\w])", re.I)

_NUMBER = r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:e[+-]?\d{1,2}(?![\w.]))?"
_QUANTITY_RE = re.compile(
    r"(?P<pre>[$€£]|\b(?:usd|eur|gbp)\s?)?"
    r"(?<![\w.,])(?P<neg>-)?(?P<num>" + _NUMBER + r")"
    r"(?!\.\d)(?!st\b|nd\b|rd\b|th\b)"
    r"(?P<mult>\s?(?:k|m|mm|b|bn|thousand|million|billion)\b)?"
    r"(?P<plus>\+(?!\s?\d))?"  # "50+ users", "60+ days": at least
    r"(?:"
    r"\s?(?P<pct>%|percent\b|per cent\b)"
    r"|\s?(?P<pts>pp\b|pps\b|percentage points?\b|points?\b|pts?\b)"
    r"|\s?/\s?(?P<scale>\d+(?:\.\d+)?)"
    r"|(?:\s?|-(?=(?:days|weeks|hours|hrs|minutes|mins|months|seconds)\b))"  # "5.5-hours"
    r"(?P<time>(?:business |working |calendar )?(?:days?|weeks?|hours?|hrs?|minutes?|"
    r"mins?|months?|seconds?|secs?|ms|(?<=\d)s(?=$|[,;.)]|\s(?!of\b)))\b)"
    r"|\s?(?P<post>usd|eur|gbp|dollars?|euros?|pounds?)\b"
    r"|(?P<times>x)\b"
    r")?"
    r"(?:\+(?![\s\d]*\d))?",  # "30%+ engagement"
    re.I,
)
#: Numbers that are names or scopes, not quantities: "Tier 1 renewals", "P2 issues",
#: "V1", "p95 latency", "30-day retention", "within the first 30 days" (a window),
#: "with the top 10 customers" and "all accounts over $1m" (which items are meant).
_NOT_QUANTITY_RE = re.compile(
    r"(?<![\w-])(?:tier|phase|level|step|stage|version|round|wave|priority|sev|severity|gen|"
    r"generation|milestone|cohort|batch|part|season|chapter|grade|sprint|day|week|v|p)"
    r"\s?-?\d+(?:\.\d+)*(?![\w%])"
    r"|(?<![\w.,-])\d+-(?:day|week|month|year|hour|minute|second|quarter|step|point|tier)"
    r"(?=\s+[a-z])"
    r"|\b(?:within|in|during|over|for|across)\s+(?:the\s+|their\s+|its\s+|your\s+|our\s+)?"
    r"(?:first|initial)\s+\d+\s*(?:business\s+|working\s+|calendar\s+)?"
    r"(?:days?|weeks?|months?|hours?)\b"
    r"|\b(?:with|for|to|from|of|across|on|among)\s+(?:the\s+|our\s+)?top[\s-]?\d+\b"
    r"|^\W*(?:to\s+)?[a-z]+\s+(?:in|within)\s+\d+\s+(?:days?|weeks?|months?|years?|quarters?)"
    r"(?=\s+(?:a|an|the|our|their|new)\b)"
    r"|\b(?:all|every|each|any)\s+(?:[a-z][\w/-]*\s+){1,4}(?:over|above|worth|>=?|≥|larger than|"
    r"bigger than|of more than|of at least)\s*[$€£]?\d[\d,.]*\s?(?:k|m|mm|bn|b)?\b\+?",
    re.I,
)

_CURRENCY = {
    "$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
}
_MULTIPLIERS = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
    "billion": 1e9,
}  # fmt: skip
#: Seconds per time unit, to compare "2 hrs" with "30 min".
TIME_SECONDS = {
    "milliseconds": 0.001, "seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0,
    "weeks": 604800.0, "months": 2629800.0,
}  # fmt: skip
_TIME_UNITS = {
    "day": "days",
    "week": "weeks",
    "hour": "hours",
    "hr": "hours",
    "minute": "minutes",
    "min": "minutes",
    "month": "months",
    "second": "seconds",
    "sec": "seconds",
    "s": "seconds",
    "ms": "milliseconds",
}
# Words that end a counted noun phrase ("50 paying customers *each*").
_NOUN_STOP = {
    "a", "an", "and", "across", "at", "by", "each", "for", "from", "in", "into", "of",
    "on", "or", "over", "per", "than", "that", "the", "to", "under", "while", "who",
    "with", "within", "without", "every", "weekly", "monthly", "quarterly", "are", "is",
    "was", "were", "have", "has", "had", "will", "can", "should", "must",
}  # fmt: skip

# What precedes a quantity decides its role (matched at the end of the text
# between the previous quantity and this one).
_BY_RE = re.compile(
    r"(?:\bby|\b(?:increase|decrease|reduction|growth|lift|uplift|improvement|drop|cut|rise|"
    r"decline|gain)\s+of)\s+(?:at least\s+|up to\s+|over\s+|about\s+|~)?$",
    re.I,
)
_AT_MOST_RE = re.compile(
    r"(?:\b(?:below|under|less than|lower than|fewer than|at most|no more than|not more than|"
    r"max(?:imum)?(?: of)?|within|beneath|no higher than)|<=?|≤)\s*$",
    re.I,
)
_AT_LEAST_RE = re.compile(
    r"(?:\b(?:above|over|more than|greater than|higher than|at least|no less than|"
    r"not less than|min(?:imum)?(?: of)?|beyond|exceed(?:s|ing)?|no lower than)|(?<!-)>=?|≥)\s*$",
    re.I,
)
_TARGET_RE = re.compile(
    r"(?:\b(?:to|reach(?:es|ing)?|hit(?:s|ting)?|achieve|attain|at|of|get|is|be|equals?)|"
    r"->|→|=|:)\s*(?:a |an |the )?$",
    re.I,
)
_FROM_RE = re.compile(
    r"(?:\b(?:up|down)?\s*from(?:\s+(?:a|an|the|about|around|roughly|approx\.?|approximately|~|"
    r"current(?:ly)?|today's|baseline(?:\s+of)?|avg\.?|average(?:\s+of)?|levels?\s+of|"
    r"last\s+(?:quarter|year|month)'s))*"
    r"|\bcurrently(?:\s+(?:at|is|around|about|sits\s+at|stands\s+at))?"
    r"|\bcurrent(?:\s+[a-z-]+)?(?:\s+(?:is|of|at|level|value|rate))?\s*:?"
    r"|\b(?:vs\.?|versus|compared\s+(?:to|with)|baseline(?:\s+(?:of|is|at))?\s*:?|was|"
    r"today\s*(?:is|:)?|now\s*(?:at|is|:)?|avg\.?|average(?:\s+of)?|presently|"
    r"starting\s+(?:at|from|point)\s*:?))"
    r"\s*(?:~|about\s+|around\s+)?$",
    re.I,
)
#: Words after a number that make it the starting point: "(45% today)", "30 last quarter".
_BASELINE_AFTER_RE = re.compile(
    r"^\s*\)?\s*(?:today|now|currently|at present|at the moment|last (?:quarter|year|month|"
    r"period|week)|in the last|baseline|as of|at the start|previously)\b",
    re.I,
)
#: A comparator right after a counted noun: "25 deals > $500K each" is a filter, not a target.
_FILTER_BETWEEN_RE = re.compile(
    r"^\s*(?:[a-z-]+\s+){1,4}(?:>|>=|≥|over|above|worth|of at least|larger than|"
    r"bigger than|of more than|(?:with|at)\s+(?:an?\s+)?[a-z-]+\s+(?:of\s+)?(?:>|over|above|"
    r"at least|of))\s*$",
    re.I,
)
_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_NUMBER_WORD_RE = re.compile(
    r"(?<![\w-])(?:an?\s+)?(" + "|".join(_NUMBER_WORDS) + r")(?![\w-])(?!\s+of\b)", re.I
)
_RANGE_RE = re.compile(
    r"(?<![\w.,])(\d[\d,.]*)(\s?(?:k|m|%))?\s?[-–]\s?(\d[\d,.]*)(\s?(?:k|m|%)|\b)", re.I
)


def _number_words(text: str) -> str:
    """Write number words as digits, padded so positions stay the same."""

    def sub(m):
        digits = str(_NUMBER_WORDS[m.group(1).lower()])
        return " " * (len(m.group(0)) - len(digits)) + digits

    return _NUMBER_WORD_RE.sub(sub, text)


def _ranges(text: str) -> str:
    """Read a range "20-25%" as its first end ("20%"), padded to the same length."""

    def sub(m):
        unit = (m.group(2) or m.group(4) or "").strip()
        first = m.group(1) + unit
        return first + " " * (len(m.group(0)) - len(first))

    return _RANGE_RE.sub(sub, text)


_PAIR_BETWEEN_RE = re.compile(
    r"^\s*(?:[\w/-]+\s+){0,3}?(?:to|->|→|–|until|till)\s*(?:a |an |the |just )?"
    r"(?:(?:under|below|above|over|at least|at most|less than|more than|no more than)\s*)?$",
    re.I,
)
#: Words after "N%" that make it a change, and the direction they state (None: unclear).
_CHANGE_WORDS = {
    "more": "increase",
    "higher": "increase",
    "increase": "increase",
    "growth": "increase",
    "lift": "increase",
    "uplift": "increase",
    "rise": "increase",
    "gain": "increase",
    "fewer": "decrease",
    "less": "decrease",
    "lower": "decrease",
    "decrease": "decrease",
    "reduction": "decrease",
    "drop": "decrease",
    "cut": "decrease",
    "decline": "decrease",
    "cheaper": "decrease",
    "improvement": None,
    "faster": None,
    "slower": None,
}
_CHANGE_AFTER_RE = re.compile(r"^\s*(" + "|".join(_CHANGE_WORDS) + r")\b", re.I)
