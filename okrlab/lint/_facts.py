"""What a key result says, read once: which numbers measure a result and which count an
artifact, whether it is a task, and which clauses it joins (used by every key-result check)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._kr_words import (
    _DURATION_RE,
    _LEADING_SCOPE_RE,
    _PLACE_NOUNS,
    _SCOPE_BEFORE_RE,
    _is_artifact,
    _noun_phrase_after,
    _quantity_kind,
    _result_sense,
    _task_gerund,
)
from ._model import (
    _KR,
)
from ._numbers import DIRECTION_VERBS, TIME_SECONDS
from ._objective_words import KPI_HEADS
from ._sentence import analyse, normalise, singular, verb_lemma, words
from .vocabulary import (
    MEASURE_NOUNS,
    RESULT_VERBS,
    TASK_VERBS,
)


@dataclass(frozen=True)
class KRFacts:
    """What a key result says, read once and shared by every check.

    Attributes
    ----------
    verb : str or None
        Main verb (base form).
    head : str or None
        Head noun of what the verb acts on.
    outputs : tuple of str
        Counted or measured artifacts ("8 blog posts", "sales calls").
    measures : tuple of str
        Quantities of results (customers, revenue, a rate, a time).
    task : bool
        The main verb is a task verb ("launch", "implement", "hire").
    compound : str or None
        Why the key result holds two key results, if it does.
    """

    verb: str | None
    head: str | None
    outputs: tuple[str, ...]
    measures: tuple[str, ...]
    task: bool
    compound: str | None
    phrases: tuple[str, ...] = ()


_SPLIT_RE = re.compile(
    r"\s*(;|,\s*which\b|,\s*and\s+then\b|,?\s+and\s+(?=\S)|,?\s+plus\s+|\s&\s|,(?=\s)|"
    r"\.(?=\s+(?-i:[A-Z])))\s*",
    re.I,
)
#: A clause with its own subject and verb: "... and bands are published", "metrics ... are
#: tracked in pings".
_FINITE_RE = re.compile(r"^(?:[\w-]+\s+){1,5}(?:is|are|was|were|has|have|had)\b", re.I)


def _clause_kind(clause: str) -> str | None:
    """'metric', 'task' or None for one clause of a key result."""
    from ._numbers import parse_kr

    p = parse_kr(clause)
    s = analyse(clause)
    kinds = set()
    prev = None
    for q in p.quantities:
        kind, _desc, phrase = _quantity_kind(q, p.plain, s.verb, prev)
        prev = phrase or prev
        kinds.add(kind)
    if _task_coverage(p.plain):
        return "task"
    if "measure" in kinds:
        return "metric"
    if not p.quantities and p.change is not None and not _task_gerund(s.head):
        return "task" if _is_artifact(s.head, s.verb, s.object) else "metric"  # "Double X"
    if kinds or s.verb in TASK_VERBS or _IN_PLACE_RE.search(clause):
        return "task"
    if s.verb is None and _is_artifact(s.head, None, s.object):
        return "task"  # "An internal ticketing system" (with an average resolution time ...)
    if (
        s.verb in DIRECTION_VERBS
        and s.verb_at == 0
        and s.head in KPI_HEADS
        and " from " not in s.text
    ):
        return "metric"  # "... and increase NPS": a metric to move, though with no number
    return None


def _output_count(clause: str) -> bool:
    from ._numbers import parse_kr

    p = parse_kr(clause)
    s = analyse(clause)
    return any(
        _quantity_kind(q, p.plain, s.verb, None)[0] == "output"
        for q in p.quantities
        if q.unit == "count"
    )


_OWN_TARGET_RE = re.compile(
    r"^[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}\s+(?:from|to|by|above|below|under|over|at|up|down)\s+"
    r"[$€£~]?\d",
    re.I,
)


def _clauses(text: str) -> list[str]:
    """Clauses joined by 'and', ';', ', which' (a bare noun after 'and' stays joined)."""
    out: list[str] = []
    pieces = _SPLIT_RE.split(text)
    for part, sep in zip(pieces[::2], ["", *pieces[1::2]], strict=True):
        part = part.strip(" ,.")
        if not part:
            continue
        first = [w for w in words(part)[:2] if not w.endswith("ly")][:1]
        comma = sep.strip() in {",", "."}
        starts_clause = bool(first) and (
            verb_lemma(first[0]) == first[0]
            or (first[0][0].isdigit() and not comma)  # ", 3.1% today" is a note
            or first[0] in {"will"}
            or (bool(_OWN_TARGET_RE.match(part)) and first[0] not in {"up", "down"})
            or (not comma and bool(_FINITE_RE.match(part)))
            or (comma and first[0].endswith("ing") and bool(verb_lemma(first[0])))  # ", ensuring"
        )
        if out and len(out[-1].split()) == 1 and verb_lemma(out[-1].lower()):
            starts_clause = False  # "Design and build X": one task with two verbs
        if out and not starts_clause:
            out[-1] = f"{out[-1]}{sep if comma else ' and '}{part}"
        else:
            out.append(part)
    return out


#: A clause after 'while' or 'with' that only guards the main target ("while CSAT stays
#: above 4.5"): a guardrail, not a second key result.
_GUARD_RE = re.compile(
    r"\b(?:stays?|staying|remains?|remaining|keep|keeps|keeping|kept|holds?|holding|maintain|"
    r"maintains|maintaining|preserv\w*|protect\w*|not|no|never|without|above|below|under|over|"
    r"at least|at most)\b|[<>≤≥]",
    re.I,
)
_LEVEL_RE = re.compile(r"\d\s?(?:%|percent|points?|pp|/\d)|[$€£]\s?\d", re.I)


def _second_target(kr_text: str, main: str) -> bool:
    """'... while only needing help on 15%', '... with 30%+ weekly engagement': a second metric
    with its own level beside a measured main clause."""
    m = re.search(r"\b(?:while|whilst|with)\b(.*)$", kr_text, re.I)
    if m is None or not _LEVEL_RE.search(m.group(1)) or _GUARD_RE.search(m.group(1)):
        return False
    at = main.lower().find(" with ")
    return _clause_kind(main[:at] if at >= 0 else main) == ("metric")


#: "..., as measured by X": the words after it name the metric the task should move.
_MEASURED_BY_RE = re.compile(r",?\s*\b(?:as\s+)?(?:measured|evidenced|shown|tracked)\s+by\b", re.I)
#: "while adding two new channels": a task said beside the main target.
_WHILE_TASK_RE = re.compile(r"\b(?:while|whilst)\s+(?:also\s+)?(\w+ing)\b", re.I)
#: "(25% increase in pipeline)": a relative change of a metric in an aside.
_ASIDE_CHANGE_RE = re.compile(
    r"\(\s*[~+]?\d+(?:\.\d+)?\s?%\s+(?:increase|decrease|reduction|growth|improvement|"
    r"lift|rise|drop|more|fewer|less|higher|lower)\b",
    re.I,
)


def _task_beside_metric(raw: str) -> str | None:
    """A task and the metric it should move, joined by 'as measured by', 'while adding' or a
    change in parentheses."""
    by = _MEASURED_BY_RE.search(raw)
    if by and _clause_kind(raw[: by.start()]) == "task" and raw[by.end() :].strip():
        return "it joins a task and the metric it should move"
    aside = _ASIDE_CHANGE_RE.search(raw)
    if aside and _clause_kind(re.sub(r"\([^)]*\)?", " ", raw)) == "task":
        return "it joins a task and a metric"
    w = _WHILE_TASK_RE.search(raw)
    if w and verb_lemma(w.group(1).lower()) in TASK_VERBS | {"add"}:
        if _clause_kind(raw[: w.start()]) == "metric":
            return "it joins a task and a metric"
    return None


#: A stated move from a start value to a target: "from 9 days to 2 days", "62 -> 72".
_MOVE_RE = re.compile(
    r"\bfrom\s+(?:(?:an?|the|current|avg\.?|average|about|around|roughly)\s+)*[~≈$€£]?\d[\d.,]*"
    r"(?:\s?[%\w$€£]+)?(?:\s+(?!to\b)[a-z]+){0,3}?\s+(?:(?:down|up)\s+)?to\s+"
    r"(?:(?:under|below|above|over|less than|more than|at least|at most)\s+|[<>≤≥]\s?)?[~$€£]?\d"
    r"|[$€£]?\d[\d.,]*\s?[%kKmMxX]?\s*(?:->|→|=>)\s*[<>≤≥]?\s?[$€£]?\d",
    re.I,
)


def _moves(text: str) -> int:
    """How many metrics the text moves from a start to a target. A move in parentheses
    restates one outside them ("from 5% to 3% (from 50 to 30 accounts)"), and a move right
    after 'and' or a comma stages the same metric ("from 20 to 30 in Q1 and from 30 to 40")."""
    outside = re.sub(r"\([^)]*\)?", " ", text)
    source = outside if _MOVE_RE.search(outside) else text
    return sum(
        1
        for m in _MOVE_RE.finditer(source)
        if not re.search(r"(?:\band|\bthen|,|;)\s*$", source[: m.start()], re.I)
        or not m.group(0).lower().startswith("from")
    )


#: A level a part of a list sets: "95%", "<15min", ">= 1000 GPUs/hr", "$2M", "3x".
_PART_LEVEL_RE = re.compile(
    r"[<>≤≥]\s?\d|\d[\d.,]*\s?(?:%|x\b|k\b|ms\b|s\b|min|hrs?\b|hours?\b|days?\b|/)|"
    r"[$€£]\s?\d",
    re.I,
)
#: A part that only restates where a metric is today or when: "up from 40%", "Q3 2024".
_PART_NOTE_RE = re.compile(
    r"^(?:up\s+|down\s+)?(?:from|vs\.?|versus|currently|today|was|baseline|compared)\b", re.I
)


def _listed_levels(kr: _KR, plain: str) -> int:
    """'Self-managed: 95% on CSAT, 95% on Premium SLAs': after a headline and a colon, a list
    whose parts each set their own level is one key result per part."""
    if ":" not in kr.text or plain.strip() == kr.text.strip():
        return 0
    body = re.sub(r"\([^)]*\)?", " ", plain)
    parts = [p.strip() for p in re.split(r"\s*(?:;|,(?=\s))\s*", body) if p.strip()]
    levels = [p for p in parts if _PART_LEVEL_RE.search(p) and not _PART_NOTE_RE.match(p)]
    return len(levels) if len(levels) >= 2 else 0


def _compound(kr: _KR) -> str | None:
    raw = kr.parsed.plain or kr.text
    joined = _task_beside_metric(raw)
    if joined:
        return joined
    listed = _listed_levels(kr, raw)
    if listed:
        return f"it sets targets for {listed} metrics"
    moves = _moves(raw)
    if moves >= 2:
        return f"it sets targets for {moves} metrics"  # each move has its own start and target
    guard = re.search(r"\b(?:while|whilst|with)\b", raw, re.I)
    if guard and moves == 1 and _MOVE_RE.search(raw[guard.end() :]):
        if _clause_kind(re.sub(r"\([^)]*\)?", " ", raw[: guard.start()])) == "task":
            return "it joins a task and a metric"  # "Complete X while keeping Y from 2% to 0.5%"
    full = re.sub(r"\([^)]*\)?", " ", raw)
    full = re.sub(r",?\s+as well as\s+", " and ", full, flags=re.I)
    text = re.split(r"\b(?:while|whilst|without|so that|in order to)\b", full, flags=re.I)[0]
    parts = _clauses(text)
    if len(parts) == 1:
        at = parts[0].lower().find(" with ")
        left, sep, right = (
            (parts[0][:at], " with ", parts[0][at + 6 :]) if at >= 0 else (parts[0], "", "")
        )
        if sep and _clause_kind(left) == "task" and _clause_kind(right) == "metric":
            return "it joins a task and a metric"
        if _second_target(full, parts[0]):
            return "it sets targets for 2 metrics"
        purpose = re.search(r"\bto\s+(\w+)\b", parts[0])
        if purpose and verb_lemma(purpose.group(1)) in {*DIRECTION_VERBS, *RESULT_VERBS}:
            left, right = parts[0][: purpose.start()], parts[0][purpose.start() + 3 :]
            if _output_count(left) and _clause_kind(right) == "metric":
                return "it counts an output and sets a metric target the output should drive"
        return None
    kinds = [_clause_kind(p) for p in parts]
    metrics = [p for p, k in zip(parts, kinds, strict=True) if k == "metric"]
    if metrics and "task" in kinds:
        return "it joins a task and a metric"
    if len(metrics) >= 2 and len({analyse(p).head for p in metrics}) >= 2:
        return f"it sets targets for {len(metrics)} metrics"
    return None


_COVERAGE_RE = re.compile(
    r"^\W*\d+(?:\.\d+)?\s?%\s+of\s+[\w\s/,&+-]{1,60}?\s+(?:have|has|are|is|were|was|get|gets)"
    r"\s+(?:been\s+|all\s+)?(?:\w+ly\s+)?([\w-]+)",
    re.I,
)
#: Words that state a change without a number ("Better customer happiness").
CHANGE_WORDS = set(DIRECTION_VERBS) | {
    "improve", "enhance", "optimise", "optimize", "maximise", "maximize", "minimise",
    "minimize", "strengthen", "deepen", "simplify", "streamline", "better", "higher",
    "lower", "faster", "more", "fewer", "less", "happier", "stronger", "quicker", "easier",
}  # fmt: skip


_SHARE_START_RE = re.compile(r"^\W*(?:\d+(?:\.\d+)?\s?%\s+of|all|every|each)\b", re.I)
_QUALITY_RE = re.compile(
    r"\b(?:without|with no|with zero|that meets?|meeting|error-free|on time|first time)\b", re.I
)


_WITH_DONE_RE = re.compile(
    r"^\W*(?:(?:achieve|reach|get|have)\s+)?(?:\d+(?:\.\d+)?\s?%\s+of|\d+\s?/\s?\d+|all)\s+"
    r"[\w\s/&-]{1,50}?\s+(?:with|having)\s+(?:\w+ly\s+)?(\w+(?:ed|en|t))\b",
    re.I,
)


def _task_coverage(text: str) -> bool:
    """'100% of teammates have taken the training': coverage of a task, not a result."""
    done = _WITH_DONE_RE.match(text)
    if done and verb_lemma(done.group(1).lower()) in TASK_VERBS:
        return True  # "100% of engineers with documented growth plans"
    if _SHARE_START_RE.match(text):
        s = analyse(text)
        if _QUALITY_RE.search(text):
            return False  # "90% of offer letters completed without manual editing": a quality rate
        if s.verb in TASK_VERBS and s.verb_form == "participle":
            return True  # "100% of the CE team certified on demo flows"
    m = _COVERAGE_RE.match(text)
    if not m:
        return False
    word = m.group(1).lower()
    lemma = verb_lemma(word)
    if word in {"taken", "gone", "attended", "took", "went"} or lemma in {"take", "go", "attend"}:
        # "have taken the course" is a task done; "have taken 5 days of PTO" is a result
        rest = [w for w in words(text[m.end() :])[:6] if not w[0].isdigit()]
        obj = _noun_phrase_after(rest, 1 if rest[:1] == ["through"] else 0)
        return bool(obj) and _is_artifact(singular(obj[-1]), None, " ".join(obj))
    return lemma in TASK_VERBS or word in {"a", "an", "the", "completed"}


_WH_WORDS = {"which", "what", "how", "why", "whether", "where", "when", "who"}


def _task_on_wh_clause(s) -> bool:
    """'Analyse which accounts reach 60+ days overdue': the numbers are the task's subject."""
    at = s.verb_at
    return (
        at is not None
        and s.verb in TASK_VERBS
        and s.verb_form == "base"
        and at + 1 < len(s.words)
        and s.words[at + 1] in _WH_WORDS
    )


_RESULT_CLAUSE_RE = re.compile(r"\b(?:to|that|which|so|and|while|with)\s+(\w+)(?:\s+(\w+))?", re.I)


_WITH_RESULT_RE = re.compile(
    r"with\s+(?:at least\s+|over\s+|more than\s+)?\d[\d,.]*\s?(?:%|\+)?\s*(?:\+\s*)?"
    r"(?:[a-z-]+\s+){0,2}(?:customers?|users?|accounts?|clients?|adoption|conversion|"
    r"retention|revenue|rate|sign-?ups?|subscribers?|members?|active)\b",
    re.I,
)


def _task_with_scope(s, text: str) -> bool:
    """'Complete QBRs for all tier-1 accounts', 'Schedule 95% of calls within 5 days':
    an imperative task on an artifact; its numbers say how much of the task, not a result."""
    if s.verb not in TASK_VERBS or s.head is None or not s.object:
        return False
    passive = (
        s.verb_form == "participle"
        and _is_artifact(s.head, None, s.object)
        and len(_clauses(text)) == 1
        and all(_SCOPE_BEFORE_RE.search(text[: m.start()]) for m in re.finditer(r"\d+", text))
    )
    if s.verb_at != 0 and not passive:
        return False  # "Onboarding training developed for 10+ teams" is scoped like the imperative
    at = s.verb_at + 1
    places = s.words[at : at + 1] in (("in",), ("into",), ("across",)) and s.head in _PLACE_NOUNS
    if (s.head in MEASURE_NOUNS and not places) or _result_sense(s.head, text.lower()):
        return False  # "Launch in 5 new markets" is scope; "Onboard 50 customers" is not
    for m in _RESULT_CLAUSE_RE.finditer(text):
        if m.group(0).lower().startswith("with") and _WITH_RESULT_RE.match(text[m.start() :]):
            return False  # "Launch paid tiers with 5%+ conversion": the number is the result
        for w in m.groups():
            if w and (verb_lemma(w) in DIRECTION_VERBS or verb_lemma(w) in RESULT_VERBS):
                return False  # "... to lift NRR from 98% to 105%": the number is the result
            if w and m.group(1).lower() in {"that", "which"}:
                return False  # "a partner channel that sources $300k of pipeline"
    return True


def facts(kr: _KR) -> KRFacts:
    """The :class:`KRFacts` of a key result (computed once)."""
    if kr.facts is not None:
        return kr.facts
    s = analyse(kr.text)
    outputs, measures, phrases = [], [], []
    prev = None
    lead = _LEADING_SCOPE_RE.match(kr.parsed.plain or "")
    for q in kr.parsed.quantities:
        if lead and q.end <= lead.end():
            continue  # "For 2 use cases, deliver ...": which cases, not a target
        if _DURATION_RE.search(kr.parsed.plain[: q.start]) and q.unit in TIME_SECONDS:
            if len(kr.parsed.quantities) > 1:
                continue  # "Exercise 4 times weekly for 8 weeks": how long, not a target
        kind, desc, phrase = _quantity_kind(q, kr.parsed.plain, s.verb, prev)
        prev = phrase or prev
        (outputs if kind == "output" else measures).append(desc)
        phrases += [desc, phrase]
    if _task_coverage(kr.parsed.plain or kr.text) or _task_on_wh_clause(s):
        outputs, measures = outputs + measures, []
    if measures and _task_with_scope(s, kr.parsed.plain or kr.text):
        outputs, measures = outputs + measures, []
    if not kr.parsed.quantities and kr.parsed.change is not None:
        # "Double IACV": a relative change on the object
        artifact = _is_artifact(s.head, s.verb, s.object) or _task_gerund(s.head)
        kind = "output" if artifact else "measure"
        (outputs if kind == "output" else measures).append(s.object)
    if kr.baseline is not None and kr.parsed.baseline is None:
        measures.append("structured baseline")
    if kr.target is not None and kr.parsed.target is None:
        measures.append("structured target")
    kr.facts = KRFacts(
        verb=s.verb,
        head=s.head,
        outputs=tuple(outputs),
        measures=tuple(measures),
        task=s.verb in TASK_VERBS or _got_done(kr.text),
        compound=_compound(kr),
        phrases=tuple(phrases),
    )
    return kr.facts


def _got_done(text: str) -> bool:
    """'Have compensation bands published': a task reported as done."""
    m = _GOT_DONE_RE.match(normalise(text))
    return bool(m and verb_lemma(m.group(1)) in TASK_VERBS)


def _kr_has_target(kr: _KR) -> bool:
    return kr.target is not None or kr.parsed.change is not None


_COMPARATIVES = {"better", "faster", "higher", "lower", "easier", "quicker", "cheaper", "happier",
                 "stronger", "simpler", "smoother", "safer", "clearer", "shorter", "leaner",
                 "healthier", "cleaner", "tighter", "friendlier", "fairer", "sooner"}  # fmt: skip
_IN_PLACE_RE = re.compile(
    r"\b(?:exists?|in place|is live|are live|is available|are available|is set up|are set up|"
    r"is done|are done|is ready|are ready|is published|are published)\b",
    re.I,
)
_GOT_DONE_RE = re.compile(
    r"^\W*(?:get|have|has)\s+.{2,60}?\s+(\w+(?:ed|en)|built|done|set)\b", re.I
)
