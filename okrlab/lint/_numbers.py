"""Read the numbers in a free-text key result: baseline, target, unit, direction.

People write key results as sentences ("Reduce cost per lead from $100 to
$80 by end of Q1"). :func:`parse_kr` pulls out what such a sentence states and
lists, in :attr:`ParsedKR.unparsed`, what it could *not* work out. It reports
rather than guesses: with two numbers and no "from ... to ...", it does not
pick one as the target.

Grammar understood
------------------
Quantities
    ``12``, ``1,200``, ``2.5``, ``50k``, ``1.2m``; percentages (``12%``,
    ``12 percent``); percentage points (``3 pp``, ``3 points``); money
    (``$100``, ``€50k``, ``£20``, ``100 USD``, ``80 euros``); durations
    (``10 days``, ``2 weeks``, ``4 hours``, ``30 minutes``, ``3 months``);
    ratings on a scale (``4.5/5``); multiples (``3x``); counts of something
    (``50 paying customers``: the counted noun phrase is kept).
Dates (never read as numbers)
    ``2026-03-31``, ``Q1``, ``Q1 2026``, ``2026-Q1``, ``H2``, ``FY26``, month
    names with or without day and year, "end of the quarter", "this quarter",
    "EOQ"; years after "in", "by", "of" or a month. A date or period found in
    the text is kept as :attr:`ParsedKR.deadline`.
Directions
    ``from X to Y`` / ``X -> Y`` / ``X to Y`` (baseline and target),
    ``to Y``, ``reach Y``, ``at Y``, ``of Y`` (target),
    ``by N%`` / ``by N points`` / ``a N% reduction`` / ``N% more`` (a change),
    ``below/under/less than/at most/no more than/within Y`` (target is an
    upper bound), ``above/over/more than/at least/no less than Y`` (lower bound),
    ``maintain/keep/hold/sustain/stay/remain`` (no change wanted),
    ``double``/``triple``/``halve`` (a change of +100%, +200%, -50%).
    With a baseline and a target the direction comes from the numbers;
    otherwise from the verb (increase, grow, reduce, cut...). "Improve" alone
    says nothing about up or down, and is reported as such.

Examples
--------
>>> kr = parse_kr("Reduce cost per lead from $100 to $80 by end of Q1")
>>> kr.baseline, kr.target, kr.unit, kr.direction, kr.deadline
(100.0, 80.0, 'USD', 'decrease', 'end of Q1')
>>> parse_kr("Keep CSAT above 4.5/5").bound
'at least'
>>> parse_kr("Launch in 3 new markets with 50 paying customers each").unparsed
("2 numbers (3, 50) and no 'from ... to ...': which one is the target?",)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Quantity", "ParsedKR", "parse_kr", "parse_quantity"]

# -- grammar words --------------------------------------------------------------
# These describe how numbers are written, not whether a key result is good;
# the linter's judgement vocabulary lives in okrlab/lint.py ("Vocabulary").

#: Verb -> direction it implies when the text has no baseline/target pair.
DIRECTION_VERBS = {
    "increase": "increase",
    "grow": "increase",
    "raise": "increase",
    "boost": "increase",
    "lift": "increase",
    "expand": "increase",
    "double": "increase",
    "triple": "increase",
    "quadruple": "increase",
    "accelerate": "increase",
    "add": "increase",
    "gain": "increase",
    "win": "increase",
    "reduce": "decrease",
    "decrease": "decrease",
    "cut": "decrease",
    "lower": "decrease",
    "shrink": "decrease",
    "shorten": "decrease",
    "halve": "decrease",
    "minimise": "decrease",
    "minimize": "decrease",
    "eliminate": "decrease",
    "drop": "decrease",
    "maintain": "maintain",
    "keep": "maintain",
    "hold": "maintain",
    "sustain": "maintain",
    "stay": "maintain",
    "remain": "maintain",
    "preserve": "maintain",
    "protect": "maintain",
}

#: Verbs that imply a relative change on their own (value in percent).
MULTIPLIER_VERBS = {"double": 100.0, "triple": 200.0, "quadruple": 300.0, "halve": 50.0}

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
    r"(?:"
    r"\s?(?P<pct>%|percent\b|per cent\b)"
    r"|\s?(?P<pts>pp\b|pps\b|percentage points?\b|points?\b|pts?\b)"
    r"|\s?/\s?(?P<scale>\d+(?:\.\d+)?)"
    r"|\s?(?P<time>(?:business |working |calendar )?(?:days?|weeks?|hours?|hrs?|minutes?|"
    r"mins?|months?|seconds?|secs?|ms)\b)"
    r"|\s?(?P<post>usd|eur|gbp|dollars?|euros?|pounds?)\b"
    r"|(?P<times>x)\b"
    r")?",
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


@dataclass(frozen=True)
class Quantity:
    """A number as written in a key result.

    Attributes
    ----------
    value : float
        The number, with ``k``/``m`` multipliers applied (``50k`` is 50000).
    unit : str or None
        ``"%"``, ``"points"`` (percentage points), ``"USD"``/``"EUR"``/``"GBP"``,
        ``"days"``/``"weeks"``/``"hours"``/``"minutes"``/``"months"``/...,
        ``"/5"`` for a rating on a scale, ``"x"`` for a multiple, ``"count"``
        when it counts a noun, else None.
    text : str
        The characters it was read from.
    noun : str or None
        For counts, the counted noun phrase (``"paying customers"``).
    start, end : int
        Position in the (date-masked) text.
    """

    value: float
    unit: str | None
    text: str
    noun: str | None = None
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class ParsedKR:
    """What :func:`parse_kr` found in a key result's text.

    Attributes
    ----------
    text : str
        The text as given.
    baseline, target : float or None
        Starting value and value to reach, when the text states them.
    unit : str or None
        Unit of baseline/target (see :class:`Quantity`).
    direction : {"increase", "decrease", "maintain"} or None
        Which way the number should move; None when the text does not say.
    change : float or None
        A change stated without a target ("by 20%": 20.0).
    change_unit : {"%", "points", ...} or None
        ``"%"`` means relative change; ``"points"`` percentage points;
        other units an absolute change in that unit.
    bound : {"at most", "at least"} or None
        The target is a ceiling ("below 2%") or a floor ("above 4.5/5").
    deadline : str or None
        A date or period named in the text ("end of Q1", "2026-03-31").
    verb : str or None
        The first word, lower-cased ("reduce").
    quantities : tuple of Quantity
        Every number found, dates excluded.
    unparsed : tuple of str
        What could not be worked out, in words. Empty when everything stated
        was understood (which does not mean the key result is good).
    plain : str
        The normalised text the quantities' ``start``/``end`` point into
        (dates blanked, number words as digits).
    """

    text: str
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None
    direction: str | None = None
    change: float | None = None
    change_unit: str | None = None
    bound: str | None = None
    deadline: str | None = None
    verb: str | None = None
    quantities: tuple[Quantity, ...] = field(default_factory=tuple)
    unparsed: tuple[str, ...] = field(default_factory=tuple)
    plain: str = ""

    @property
    def has_number(self) -> bool:
        """True when the text holds at least one number that is not a date."""
        return bool(self.quantities)


def _fmt(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"


def _noun_after(text: str, end: int) -> str | None:
    from ._sentence import singular, verb_lemma
    from .vocabulary import ARTIFACT_NOUNS, MEASURE_NOUNS, RESULT_VERBS

    words = []
    for word in re.findall(r"[A-Za-z][\w'/+-]*|\S", text[end : end + 80])[:5]:
        low = word.lower()
        if low in _NOUN_STOP or not word[0].isalpha():
            break
        lemma = verb_lemma(low)
        if words and (
            low.endswith(("ed", "ing"))
            or (lemma == low and low != "lead")
            or (
                lemma in RESULT_VERBS
                and singular(low) not in MEASURE_NOUNS
                and singular(low) not in ARTIFACT_NOUNS
            )
        ):
            break  # "users tweet", "articles focused on", "customer uses X": the noun ended
        words.append(word)
    # the phrase must start right after the number
    if not words or not re.match(r"\s+" + re.escape(words[0]), text[end:]):
        return None
    return " ".join(words)


def _quantities(masked: str) -> list[Quantity]:
    found = []
    for m in _QUANTITY_RE.finditer(masked):
        raw = m.group("num")
        try:
            value = float(raw.replace(",", ""))
        except ValueError:  # pragma: no cover - the regex only matches numbers
            continue
        if m.group("neg"):
            value = -value
        mult = (m.group("mult") or "").strip().lower()
        unit = None
        noun = None
        if m.group("pct"):
            unit = "%"
        elif m.group("pts"):
            unit = "points"
        elif m.group("scale"):
            unit = "/" + m.group("scale")
        elif m.group("time"):
            word = m.group("time").split()[-1].lower()
            unit = _TIME_UNITS.get(word.rstrip("s"), _TIME_UNITS.get(word, word))
        elif m.group("times"):
            unit = "x"
        currency = (m.group("pre") or m.group("post") or "").strip().lower()
        if currency:
            unit = _CURRENCY.get(currency, currency.upper())
        if mult:
            value *= _MULTIPLIERS[mult]
        if unit is None:
            noun = _noun_after(masked, m.end())
            if noun:
                unit = "count"
        found.append(Quantity(value, unit, m.group(0).strip(), noun, m.start(), m.end()))
    return found


def parse_quantity(text) -> Quantity | None:
    """Read one quantity such as ``"$1,200"``, ``"12%"`` or ``"4.5/5"``.

    Returns None when ``text`` holds no number. Numbers pass through.

    Examples
    --------
    >>> parse_quantity("$1,200").value, parse_quantity("$1,200").unit
    (1200.0, 'USD')
    >>> parse_quantity("12%").unit
    '%'
    >>> parse_quantity("soon") is None
    True
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return Quantity(float(text), None, str(text))
    found = _quantities(_DATE_RE.sub(" ", str(text)))
    return found[0] if found else None


def _mask_dates(text: str) -> tuple[str, str | None]:
    deadline = None
    for m in _DATE_RE.finditer(text):
        if deadline is None:
            deadline = m.group(0).strip()
    # replace each date with spaces so positions stay comparable with the text
    masked = _DATE_RE.sub(lambda m: " " * len(m.group(0)), text)
    return masked, deadline


def _merge_unit(a: Quantity, b: Quantity, notes: list) -> str | None:
    ua = None if a.unit == "count" else a.unit
    ub = None if b.unit == "count" else b.unit
    if ua in TIME_SECONDS and ub in TIME_SECONDS:
        return ub
    if ua and ub and ua != ub:
        notes.append(f"the baseline ({a.text}) and target ({b.text}) have different units")
        return ub
    if ua or ub:
        return ub or ua
    return "count" if "count" in (a.unit, b.unit) else None


def parse_kr(text: str) -> ParsedKR:
    """Parse a key result written as a sentence.

    Parameters
    ----------
    text : str
        One key result, e.g. ``"Increase activation from 35% to 50%"``.

    Returns
    -------
    ParsedKR
        What was found; :attr:`ParsedKR.unparsed` lists what was not.

    Examples
    --------
    >>> kr = parse_kr("Increase website-to-demo conversion from 1.8% to 2.5%")
    >>> kr.baseline, kr.target, kr.unit, kr.direction
    (1.8, 2.5, '%', 'increase')
    >>> kr = parse_kr("Grow organic sign-ups by 20%")
    >>> kr.change, kr.change_unit, kr.target, kr.unparsed
    (20.0, '%', None, ())
    >>> parse_kr("Improve the onboarding experience").unparsed
    ('no number found',)
    """
    from ._sentence import normalise, verb_lemma

    text = "" if text is None else str(text)
    masked, deadline = _mask_dates(_number_words(normalise(text)))
    masked = _ranges(masked)
    words = re.findall(r"[A-Za-z][\w'-]*", masked)
    verb = words[0].lower() if words else None
    qs = _quantities(masked)
    notes: list[str] = []
    baseline = target = change = None
    unit = change_unit = bound = None
    used: set[int] = set()
    change_dir = None

    # 1. baseline -> target pairs: "from X to Y", "X -> Y", "X to Y"
    for i in range(len(qs) - 1):
        a, b = qs[i], qs[i + 1]
        between = masked[a.end : b.start]
        before = masked[qs[i - 1].end if i else 0 : a.start]
        if _PAIR_BETWEEN_RE.match(between) and (
            _FROM_RE.search(before) or re.fullmatch(r"\s*(?:to|->|→|–)\s*", between, re.I)
        ):
            baseline, target = a.value, b.value
            unit = _merge_unit(a, b, notes)
            if a.unit in TIME_SECONDS and b.unit in TIME_SECONDS:
                baseline = a.value * TIME_SECONDS[a.unit] / TIME_SECONDS[b.unit]
            used.update((i, i + 1))
            if _AT_MOST_RE.search(between):
                bound = "at most"
            elif _AT_LEAST_RE.search(between):
                bound = "at least"
            break

    # 2. single quantities classified by the words before (or after) them
    loose = []
    for i, q in enumerate(qs):
        if i in used:
            continue
        before = masked[qs[i - 1].end if i else 0 : q.start]
        after = masked[q.end : q.end + 30]
        after_word = _CHANGE_AFTER_RE.match(after) if q.unit in {"%", "points"} else None
        if i > 0 and qs[i - 1].unit == "count" and _FILTER_BETWEEN_RE.match(before):
            continue  # "25 deals > $500K each": a filter on what is counted
        if _BY_RE.search(before) or after_word:
            if change is None:
                change, change_unit = q.value, q.unit
                if after_word:
                    change_dir = _CHANGE_WORDS.get(after_word.group(1).lower())
            continue
        if _AT_MOST_RE.search(before) or _AT_LEAST_RE.search(before):
            if target is None:
                target = q.value
                unit = q.unit or unit
                bound = "at most" if _AT_MOST_RE.search(before) else "at least"
            continue
        is_base = _FROM_RE.search(before) or _BASELINE_AFTER_RE.match(after)
        if is_base and baseline is None:
            baseline = q.value
            unit = unit or q.unit
            continue
        if _TARGET_RE.search(before) and target is None:
            target = q.value
            unit = q.unit if unit is None or unit == "count" and q.unit else unit
            continue
        loose.append(q)
    if target is None and change is None and len(loose) > 1:
        # "95% of issues resolved within 1 week": the time is a condition, not the target
        conditions = [
            q
            for q in loose
            if q.unit in TIME_SECONDS
            and re.search(r"\b(?:in|within|after|for|under|per|every)\s*$", masked[: q.start], re.I)
        ]
        if len(conditions) < len(loose):
            loose = [q for q in loose if q not in conditions]
    if target is None and change is None and loose:
        if len(loose) == 1:
            target, unit = loose[0].value, loose[0].unit
        else:
            shown = ", ".join(q.text for q in loose)
            notes.append(
                f"{len(loose)} numbers ({shown}) and no 'from ... to ...': which one is the target?"
            )

    # 3. direction
    first_q = qs[0].start if qs else len(masked)
    lead_words = [
        verb_lemma(w) or w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", masked[:first_q])
    ]
    if not qs:  # "IACV doubles year over year": the verb can come anywhere
        lead_words = [verb_lemma(w) or w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", masked)]
    verb_dir = next((DIRECTION_VERBS[w] for w in lead_words if w in DIRECTION_VERBS), None)
    multiplier = next((w for w in lead_words if w in MULTIPLIER_VERBS), None)
    if multiplier and change is None:
        change, change_unit = MULTIPLIER_VERBS[multiplier], "%"
    direction = None
    if baseline is not None and target is not None:
        direction = (
            "increase" if target > baseline else "decrease" if target < baseline else "maintain"
        )
        if verb_dir in {"increase", "decrease"} and verb_dir != direction:
            notes.append(
                f"the verb says '{verb_dir}' but the numbers go from "
                f"{_fmt(baseline)} to {_fmt(target)}"
            )
    elif change_dir or verb_dir:
        direction = change_dir or verb_dir
    if baseline is not None and target is None and change is None:
        notes.append(f"a starting value ({_fmt(baseline)}) but no target")
    if change is not None and target is None and baseline is None:
        if direction is None:
            notes.append("a change is given but not whether the number should go up or down")
    if not qs and not multiplier:
        notes.append("no number found")
    return ParsedKR(
        text=text,
        baseline=baseline,
        target=target,
        unit=unit,
        direction=direction,
        change=change,
        change_unit=change_unit,
        bound=bound,
        deadline=deadline,
        verb=verb,
        quantities=tuple(qs),
        unparsed=tuple(notes),
        plain=masked,
    )
