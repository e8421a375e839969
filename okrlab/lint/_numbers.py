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

from ._grammar import (
    _AT_LEAST_RE,
    _AT_MOST_RE,
    _BASELINE_AFTER_RE,
    _BY_RE,
    _CHANGE_AFTER_RE,
    _CHANGE_WORDS,
    _CURRENCY,
    _DATE_RE,
    _FILTER_BETWEEN_RE,
    _FROM_RE,
    _MULTIPLIERS,
    _NOT_QUANTITY_RE,
    _NOUN_STOP,
    _PAIR_BETWEEN_RE,
    _QUANTITY_RE,
    _TARGET_RE,
    _TIME_UNITS,
    TIME_SECONDS,
    _number_words,
    _ranges,
)

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
    "rise": "increase",
    "climb": "increase",
    "jump": "increase",
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
    "decline": "decrease",
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


#: "Conversion rate up 15%", "costs down 30%": a movement stated after the metric.
_UP_DOWN_RE = re.compile(r"\b([A-Za-z][\w'-]*)\s+(up|down)\s+(?:by\s+)?$", re.I)
_RELATIVE_UNITS = {"%", "points", "x"}
#: "avg."/"average" as the only word before a number, with no "from" and nothing in brackets.
_BARE_AVERAGE_RE = re.compile(r"(?<![(\w])\s*\b(?:avg\.?|average)(?:\s+of)?\s*$", re.I)


def _blank_number(m: re.Match) -> str:
    """Blank a name or scope number from its first digit ("with the top 10" keeps its words)."""
    from ._sentence import verb_lemma

    if re.match(r"(?:all|every|each|any)\b", m.group(0), re.I) and any(
        verb_lemma(w.lower()) for w in re.findall(r"[a-z]+", m.group(0), re.I)[1:]
    ):
        return m.group(0)  # "Each team completes >80% of the work": a target, not a filter
    found = re.search(r"[\d$€£]", m.group(0))
    at = found.start() if found else 0
    return m.group(0)[:at] + " " * (len(m.group(0)) - at)


def _mask_dates(text: str) -> tuple[str, str | None]:
    deadline = None
    for m in _DATE_RE.finditer(text):
        if deadline is None:
            deadline = m.group(0).strip()
    # replace each date with spaces so positions stay comparable with the text
    masked = _DATE_RE.sub(lambda m: " " * len(m.group(0)), text)
    masked = _NOT_QUANTITY_RE.sub(_blank_number, masked)
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
        moved = _UP_DOWN_RE.search(before) if q.unit in _RELATIVE_UNITS else None
        if moved and verb_lemma(moved.group(1)):
            moved = None  # "Ramp up 3x", "sign up": a phrasal verb, not a movement
        if _BY_RE.search(before) or after_word or moved:
            if change is None:
                change, change_unit = q.value, q.unit
                if after_word:
                    change_dir = _CHANGE_WORDS.get(after_word.group(1).lower())
                elif moved:
                    change_dir = "increase" if moved.group(2).lower() == "up" else "decrease"
            continue
        if _AT_MOST_RE.search(before) or _AT_LEAST_RE.search(before):
            if target is None:
                target = q.value
                unit = q.unit or unit
                bound = "at most" if _AT_MOST_RE.search(before) else "at least"
            continue
        is_base = _FROM_RE.search(before) or _BASELINE_AFTER_RE.match(after)
        if is_base and _BARE_AVERAGE_RE.search(before) and not qs[i + 1 :] and target is None:
            is_base = None  # "Average 420 sign-ups a week", "an average of 4.8": the level itself
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
