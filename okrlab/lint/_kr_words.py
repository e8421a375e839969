"""Reading a key result's words: noun phrases and their heads, whether a phrase names a result
or an artifact, and whether a number measures a result or counts output (used by
:mod:`okrlab.lint._facts`)."""

from __future__ import annotations

import re
from functools import lru_cache

from ._numbers import DIRECTION_VERBS, TIME_SECONDS, Quantity
from ._sentence import METRIC_HEADS, NP_STOP, singular, verb_lemma, words
from .vocabulary import (
    ARTIFACT_NOUNS,
    HIRING_VERBS,
    MEASURE_NOUNS,
    PEOPLE_NOUNS,
    RESULT_SENSES,
    RESULT_VERBS,
    TASK_VERBS,
)

_MEASURED_UNITS = {"%", "points", "USD", "EUR", "GBP", "x"} | set(TIME_SECONDS)
_CONNECTORS = {
    "from", "to", "by", "of", "at", "above", "below", "under", "over", "than", "more",
    "less", "least", "most", "with", "currently", "current", "up", "down", "vs", "is",
    "be", "around", "about", "a", "an", "the", "within", "reach", "hit", "and", "or",
    "per", "beyond", "exceed", "no", "fewer", "only", "just", "->", "today",
}  # fmt: skip


def _result_sense(head: str | None, phrase: str) -> bool:
    sense = RESULT_SENSES.get(head or "")
    return bool(sense and re.search(sense, phrase))


def _task_gerund(head: str | None) -> bool:
    """'posting', 'blogging': more of a task is more output."""
    return bool(head and head.endswith("ing") and verb_lemma(head) in TASK_VERBS)


def _is_artifact(head: str | None, verb: str | None, phrase: str = "") -> bool:
    if not head:
        return False
    if _result_sense(head, phrase):
        return False  # "20 positive G2 reviews" are a result; "3 design reviews" are work
    if head in PEOPLE_NOUNS:
        return verb in HIRING_VERBS
    if head in ARTIFACT_NOUNS:
        return True
    last = phrase.split()[-2:]
    return len(last) == 2 and f"{singular(last[0])} {singular(last[1])}" in ARTIFACT_NOUNS


def _np_head(np_words: list[str]) -> str | None:
    if not np_words:
        return None
    for i, w in enumerate(np_words):
        if w in {"per", "of", "to", "for"} and i > 0:
            head = singular(np_words[i - 1])
            if head in {"number", "count", "amount", "total", "volume"} and i + 1 < len(np_words):
                return singular(np_words[-1])
            return head
    return singular(np_words[-1])


def _metric_before(plain: str, start: int) -> list[str]:
    """The noun phrase just before a number: 'raise trial-to-paid conversion from' 12%."""
    ws = words(plain[:start])
    while ws and (ws[-1] in _CONNECTORS or ws[-1][0].isdigit()):
        ws.pop()
    out: list[str] = []
    for w in reversed(ws):
        if w[0].isdigit() or (verb_lemma(w) and w not in MEASURE_NOUNS and out):
            break
        if w in NP_STOP and w not in {"per", "of", "to"}:
            break
        if verb_lemma(w) and not out and w not in MEASURE_NOUNS and not w.endswith(("s", "ing")):
            break  # a gerund right before the number is its noun ("posting by 2x")
        out.insert(0, w)
        if len(out) >= 5:
            break
    while out and out[0] in {"per", "of", "to"}:
        out.pop(0)
    return out


@lru_cache(maxsize=4096)
def _verb_object_before(plain: str, start: int) -> tuple[str, ...] | None:
    """The object of the nearest verb before a number (parentheses skipped)."""
    before = re.sub(r"\([^)]*\)?", lambda m: " " * len(m.group(0)), plain[:start])
    ws = words(before)
    for i in range(len(ws) - 1, -1, -1):
        w = ws[i]
        if not verb_lemma(w) or (i > 0 and singular(w) in MEASURE_NOUNS):
            continue
        if i > 0 and ws[i - 1] in {"the", "a", "an", "of", "our", "that", "who", "which"}:
            continue  # a modifier or a relative clause ("teams that launch a test")
        if i + 1 < len(ws) and ws[i + 1] == "of":
            continue  # "active use of reporting features": a noun, not the verb
        np_words = _noun_phrase_after(ws, i + 1)
        return tuple(np_words) or None
    return None


def _noun_phrase_after(ws: list[str], start: int) -> list[str]:
    out: list[str] = []
    for w in ws[start:]:
        if w[0].isdigit() or (w in NP_STOP and w not in {"per", "of"}):
            if out:
                break
            continue
        if w in {"per", "of"} and not out:
            continue
        out.append(w)
        if len(out) >= 5:
            break
    while out and out[-1] in {"per", "of"}:
        out.pop()
    return out


#: Verbs right before a count that make it a result whatever the main verb is.
_ATTAIN = {"reach", "achieve", "attain", "hit", "win", "sign", "close", "convert", "retain",
           "acquire", "generate", "book", "land", "secure", "earn", "gain", "exceed", "surpass",
           "beat", *DIRECTION_VERBS}  # fmt: skip
#: What comes right before a number that only says for whom or where a task was done.
_SCOPE_BEFORE_RE = re.compile(
    r"\b(?:for|across|in|to|with)\s+(?:at least\s+|over\s+|more than\s+|the\s+|all\s+)?$", re.I
)
_DURATION_RE = re.compile(r"\b(?:for|during|every|per|over)\s+(?:the\s+|a\s+)?$", re.I)
_LEADING_SCOPE_RE = re.compile(r"^\W*(?:for|in|across)\b[^,;:]{2,60},\s+(?=\S+\s+\S+)", re.I)
#: Places a task is done in ("Launch in 5 new markets"): scope, not a result.
_PLACE_NOUNS = {"market", "country", "region", "city", "location", "store", "language", "state",
                "territory", "office", "site"}  # fmt: skip
_PER_PERIOD_RE = re.compile(r"/(?:day|week|month|quarter|year|mo|wk|yr)\b")
#: Words between a task verb and the number of its direct object.
_OBJECT_LEAD = {"the", "top", "at", "least", "up", "to", "a", "an", "our", "all", "about", "over"}
#: "a 10% increase in applicants", "20% more referrals": the metric named after the number.
_CHANGE_OF_RE = re.compile(
    r"\s*(?:increase|reduction|decrease|growth|improvement|lift|uplift|drop|rise|decline|cut|"
    r"gain)\s+(?:in|of)\s+(.{1,60})|\s*(?:more|fewer|less|higher|lower)\s+(.{1,60})",
    re.I,
)
_SHARE_OF_RE = re.compile(r"(?:%|\bshare|\bpercentage|\bproportion|\brate|\bratio)\s+of\b", re.I)


#: Words that put counted things in a state someone else decides: "250 active clubs".
_STATE_WORDS = {"active", "paying", "returning", "retained", "engaged", "recurring", "repeat",
                "satisfied", "loyal", "renewing", "certified", "verified"}  # fmt: skip

_MODIFIER_PREPS = {"to", "per", "on", "in", "for", "across", "at", "of", "from", "via"}


def _measure_before_modifier(plain: str, start: int, phrase_len: int) -> bool:
    """'Unique visitors to the website from 8,000', 'Story points completed per sprint from
    40': the phrase before the number is a modifier of a measure noun, not a deliverable."""
    if not phrase_len:
        return False
    ws = words(plain[:start])
    while ws and (ws[-1] in _CONNECTORS or ws[-1][0].isdigit()):
        ws.pop()
    rest = ws[: len(ws) - phrase_len]
    while rest and rest[-1] in {"the", "a", "an", "our", "their", "its", "each", "every"}:
        rest.pop()
    if not rest or rest[-1] not in _MODIFIER_PREPS:
        return False
    rest.pop()
    if rest and rest[-1].endswith("ed") and verb_lemma(rest[-1]):
        rest.pop()  # "story points completed per sprint"
    return bool(rest) and singular(rest[-1]) in MEASURE_NOUNS


def _quantity_kind(q: Quantity, plain: str, verb: str | None, prev: str | None):
    """('output' | 'measure', description, metric phrase) for one quantity."""
    if q.unit == "count" and q.noun:
        noun = _PER_PERIOD_RE.sub("", q.noun.lower())  # "site visitors/month"
        head = singular(noun.split()[-1])
        if head == "time" and noun.split()[-1] == "times":
            subject = _metric_before(plain, q.start)
            if any(w in METRIC_HEADS - {"time", "times"} for w in subject):
                return "measure", f"{' '.join(subject)} {q.text} {q.noun}", noun  # "frequency"
            return "output", f"{q.text} {q.noun}", noun
        artifact = _is_artifact(head, verb, noun)
        before = words(plain[: q.start])
        while before and before[-1] in _OBJECT_LEAD:
            before.pop()  # "Interview the top 15 ...", "Review at least 20 ..."
        before = before[-1:]
        if before and verb_lemma(before[0]) in TASK_VERBS:
            artifact = True  # "Interview 15 churned customers": a task's direct object
        near = verb_lemma(before[0]) if before else None  # "... to achieve 500 subscriptions"
        if not artifact and head not in MEASURE_NOUNS:
            artifact = verb not in RESULT_VERBS | set(DIRECTION_VERBS) and near not in _ATTAIN
            if set(noun.split()) & _STATE_WORDS:
                artifact = False  # "250 active clubs": how many are in a state, a result
        window = plain[q.start : q.end + len(noun) + 30].lower()  # "20 reviews on G2"
        if DIRECTION_VERBS.get(verb or "") == "decrease" or _result_sense(head, window):
            artifact = False  # "Cut internal tools from 9 to 4": fewer things is a result
        return ("output" if artifact else "measure"), f"{q.text} {q.noun}", noun
    if q.unit in {"%", "points"} and _SHARE_OF_RE.search(plain[: q.start]):
        return "measure", q.text, "share"  # "Reduce the % of deficient components": a rate
    np_words = list(_verb_object_before(plain, q.start) or _metric_before(plain, q.start))
    after = _CHANGE_OF_RE.match(plain[q.end :])
    if after and q.unit in {"%", "points"}:  # "drive a 10% increase in applicants"
        np_words = _noun_phrase_after(words(after.group(1) or after.group(2)), 0) or np_words
    phrase = " ".join(np_words) if np_words else (prev or "")
    head = _np_head(phrase.split()) if phrase else None
    if _task_gerund(head):
        return "output", phrase, phrase  # "Ramp up posting by 2x": more of a task
    fewer = DIRECTION_VERBS.get(verb or "") == "decrease"
    if (
        head
        and _is_artifact(head, verb, phrase)
        and q.unit not in {"USD", "EUR", "GBP"}
        and not fewer
        and not _measure_before_modifier(plain, q.start, len(np_words))
    ):
        if q.unit not in TIME_SECONDS or re.match(r"\s*of\b", plain[q.end :]):
            return "output", phrase, phrase  # "3 hours of workshops": time spent on a task
        # "All interviews 5 hours or less": how long a thing takes is a result
    return "measure", f"{phrase} {q.text}".strip(), phrase
