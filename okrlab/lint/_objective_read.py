"""Read an objective as verb + object and diagnose it from their word classes.

See :mod:`okrlab.lint._objective_words` for the table of verb and noun classes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ._model import _Hit
from ._objective_words import (
    ABSTRACT_HEADS,
    AIM_HEADS,
    CONDITIONAL_WORK_VERBS,
    DONE_VERBS,
    END_STATE_MARKERS,
    KPI_HEADS,
    MAKE_VERBS,
    ORG_NOUNS,
    QUALITY_VERBS,
    QUANTITY_VERBS,
    RELEASE_STAGES,
    WEAK_KPI_HEADS,
    WORK_OBJECTS,
    WORK_VERBS,
)
from ._sentence import (
    analyse,
    inflection_table,
    singular,
    verb_lemma,
    without_asides,
    words,
)
from .vocabulary import AREA_NOUNS, ARTIFACT_NOUNS, GENERIC_OBJECTIVE_WORDS, PEOPLE_NOUNS

__all__ = ["QUANTITY_VERBS", "counted_kpi", "read_objective"]

#: Words before the verb that do not change what the objective asks.
_LEAD_INS = {"we", "will", "we'll", "to", "successfully", "fully", "finally", "must", "should",
             "let's", "lets", "also", "then", "first", "please", "team"}  # fmt: skip
#: Words that end the object: prepositions, purpose and relative clauses.
_OBJECT_END = {
    "to", "for", "that", "which", "who", "so", "with", "by", "in", "on", "at", "across",
    "among", "from", "into", "within", "without", "through", "via", "while", "as", "of",
    "between", "before", "after", "until", "during", "around", "over", "under", "per",
    "than", "because", "where", "when", "is", "are", "be", "not", "yet", "still", "already",
    "if", "whose", "whom", "using", "like", "such", "according", "each", "every", "this", "next", "last",
}  # fmt: skip
_SKIP = {"a", "an", "the", "our", "their", "its", "my", "your", "this", "these", "those",
         "all", "more", "most", "new", "and", "or", "&", "both", "every", "each", "any",
         "some", "much", "many", "further", "even"}  # fmt: skip
_COUNT_HEADS = {"number", "count", "amount", "share", "percentage", "proportion", "rate",
                "ratio", "volume", "total"}  # fmt: skip
_GENERIC_GOODS = {"value", "impact", "result", "outcome", "success", "growth", "excellence",
                  "delight", "improvement", "progress", "difference"}  # fmt: skip
#: Praise words: "Build a better product" asks for better without saying what changes.
_EVALUATIVE = {"better", "best", "great", "greater", "stronger", "strong", "world-class",
               "amazing", "awesome", "excellent", "good", "improved", "superior", "outstanding",
               "exceptional", "perfect", "ideal", "top", "top-notch", "first-class", "cleaner",
               "clearer", "faster", "simpler", "easier", "smarter", "safer", "leaner", "nicer",
               "higher-quality", "high-quality"}  # fmt: skip
#: People an objective serves; as a modifier they do not make a KPI ("customer value").
_AUDIENCE = {"user", "customer", "client", "admin", "administrator", "developer", "dev",
             "buyer", "team", "member", "partner", "employee", "student", "patient", "seller",
             "merchant", "owner", "manager", "engineer", "candidate", "visitor", "reader",
             "subscriber", "shopper", "guest", "learner", "teacher", "parent", "contributor",
             "maintainer", "operator", "analyst", "designer", "marketer", "rep", "agent",
             "staff", "people", "newcomer", "beginner", "everyone", "traveller", "traveler",
             "driver", "rider", "host", "creator", "advertiser", "publisher"}  # fmt: skip
_COPULAS = {"is", "are", "be", "was", "were", "will", "has", "have", "becomes", "become"}
_SHIP_LIKE = {"integrate", "implement", "deploy", "migrate", "install", "roll out", "release",
              "refresh"}  # fmt: skip
_TRANSITION_VERBS = {"move", "switch", "transition", "migrate", "upgrade", "port"}
_PERIOD_WORDS = {"day", "week", "month", "quarter", "year", "q1", "q2", "q3", "q4", "h1", "h2",
                 "sprint", "cycle", "period", "fy", "annually", "monthly", "weekly", "yoy",
                 "qoq", "mom", "wow", "ytd"}  # fmt: skip
_OVER_RE = re.compile(r"\b(year|quarter|month|week)[ -]over[ -](?:year|quarter|month|week)\b", re.I)
#: Verbs that only move a quantity: with a plural noun they count it ("Reduce dependencies").
_COUNTING_VERBS = {"increase", "reduce", "decrease", "minimise", "minimize", "maximise",
                   "maximize", "grow", "lower", "cut", "double", "triple", "halve", "raise",
                   "shrink", "slash", "trim", "lessen", "multiply"}  # fmt: skip
#: Quality verbs that, on a document or tool, mean a piece of work ("Improve the handbook").
_FIX_UP_VERBS = {"improve", "update", "refresh", "revise"}
_FOUNDATION = {"foundation", "foundations", "base", "groundwork", "basis", "bedrock"}
#: Verbs that state a result reached ("Get more customers"); followed by "X to ..." they are
#: causative instead ("Get new users to their first win") and say nothing about a KPI.
_CAUSATIVE = {"get", "bring", "help", "drive", "push", "move", "take"}
_BETTER_AT_RE = re.compile(
    r"^(?:(?:get|getting|do|doing|be|being|become|becoming)\s+(?:an?\s+)?better|make\s+(?:\w+\s+)?progress|"
    r"raise\s+the\s+bar|make\s+(?:[\w&/-]+\s+){1,3}(?:work|run|perform)\s+better|"
    r"make\s+(?:[\w&/-]+\s+){1,3}(?:good|great|better|awesome|amazing|excellent)(?=\W*$)|(?:up|step\s+up|lift|raise)\s+(?:our|the|your|their)\s+game|"
    r"make\s+(?:[\w&/-]+\s+){1,3}(?:more|better|less)\s+(?:effective|efficient|productive|"
    r"successful|impactful|valuable|powerful|competitive|professional|useful|relevant)\b|"
    r"stop\s+(?:being\s+(?:bad|poor|terrible|weak)|sucking|failing)\s+at)\b",
    re.I,
)  # "Do better", "Make progress on priorities", "Stop being bad at X": better, of nothing named
_GET_DONE_RE = re.compile(
    r"^(?:get|getting|have|having)\s+(.+?)\s+(\w+ed|built|done|written)\b", re.I
)
_LEARN_RE = re.compile(
    r"^(?:gain|get|develop|build|form|have|gaining|getting|developing|building|forming)\s+(?:a\s+|an\s+)?(?:\w+er\s+|clear\s+|shared\s+)?"
    r"(?:sense|understanding|picture|view|grasp|insight|idea|knowledge)\s+(?:of|into|on|about)\b",
    re.I,
)
_GET_THEM_TO_RE = re.compile(r"^(?:get|have)\s+(?:[\w&/-]+\s+){1,5}?to\s+(\w+(?:\s+on)?)\b", re.I)
_ENSURE_DONE_RE = re.compile(
    r"^(?:ensure|make\s+sure)\s+(?:that\s+)?(.+?)\s+(?:is|are|gets?|has\s+been|have\s+been)\s+"
    r"(?:\w+ly\s+)?(\w+ed|done|set\s+up|written|built)\b",
    re.I,
)
#: Verbs of keeping a record: "tracked", "logged", "tagged" in a system.
_RECORD_VERBS = {"track", "record", "log", "tag", "label", "register", "catalogue", "catalog",
                 "document", "file", "archive", "encrypt", "back", "patch", "inventory"}  # fmt: skip
_MULTIWORD_KPIS = tuple(sorted((k for k in KPI_HEADS if " " in k), key=len, reverse=True))
_ALL_VERBS = MAKE_VERBS | WORK_VERBS | QUANTITY_VERBS | QUALITY_VERBS


@lru_cache(maxsize=1)
def _objective_verb_table() -> dict[str, str]:
    return inflection_table(_ALL_VERBS)


def _lemma(word: str) -> str | None:
    """Base form of a word that is one of the objective verbs (any inflection), else None."""
    lemma = verb_lemma(word)
    return lemma if lemma in _ALL_VERBS else _objective_verb_table().get(word)


#: Verb forms that, right after a word, make that word a subject: "Code works reliably".
_STATEMENT_VERBS = {"is", "are", "was", "were", "has", "have", "works", "runs", "does",
                    "becomes", "feels", "looks", "stays", "remains", "gets", "keeps"}  # fmt: skip


def _leading_verb(ws: list[str]) -> tuple[str | None, int]:
    """The verb an objective opens with (after lead-ins and adverbs), as a base form."""
    for i, w in enumerate(ws[:4]):
        if ws[i + 1 : i + 2] and ws[i + 1] in _STATEMENT_VERBS:
            return None, -1  # "Code works correctly": a statement about code, not "to code"
        if w in _LEAD_INS or (w.endswith("ly") and len(w) > 4 and not _lemma(w)):
            continue
        for n in (3, 2):  # phrasal verbs: "roll out", "kick off", "figure out"
            phrase = " ".join(ws[i : i + n])
            if phrase in _ALL_VERBS:
                return phrase, i + n - 1
        lemma = _lemma(w)
        if lemma is None or (w != lemma and not w.endswith("ing") and i > 0):
            return None, -1
        if w != lemma and w.endswith(("ed", "d")) and w not in {"speed", "need", "feed"}:
            return None, -1  # "Improved onboarding": a noun phrase, not an instruction
        return lemma, i
    return None, -1


def _object_span(ws: list[str], start: int) -> tuple[list[str], int, list[str]]:
    """Words of the object after the verb (coordinated verbs skipped), where it ends, and
    the heads of its conjuncts ("usage and quality of X": usage, quality)."""
    i = start
    conj = {"and", "or", "&"}
    while i < len(ws) and (
        ws[i] in conj
        or (_lemma(ws[i]) and (ws[i - 1] in conj or (i + 1 < len(ws) and ws[i + 1] in conj)))
    ):
        i += 1  # "Grow, enhance, and support collaboration": the object comes last
    span: list[str] = []
    heads: list[str] = []
    while i < len(ws) and ws[i] not in _OBJECT_END:
        w = ws[i]
        if w in conj and span:
            heads.append(span[-1])
        if w not in _SKIP and not w[0].isdigit() and not (w.endswith("ly") and len(w) > 4):
            span.append(w)
        i += 1
    while len(span) > 1 and singular(span[-1]) in _PERIOD_WORDS:
        span.pop()  # "website traffic (each) quarter"
    if span:
        heads.append(span[-1])
    return span, i, heads


def _strong_kpi(word: str) -> bool:
    """A KPI head on its own ("revenue", "churn"), not one that needs a modifier ("value")."""
    return singular(word) in KPI_HEADS and singular(word) not in WEAK_KPI_HEADS


def _is_kpi(span: list[str], ws: list[str], end: int, heads: list[str]) -> str | None:
    """The KPI the object names, if it is one (any conjunct: "usage and quality")."""
    if not span:
        return None
    if target := _kpi_target(span):  # "Hit the revenue target"
        return target
    for h in heads[:-1]:
        if _strong_kpi(h):
            return h
    text = " ".join(singular(w) for w in span)
    if end < len(ws) and ws[end] in {"to", "of", "per"}:  # "time to market", "cost per lead"
        text = " ".join([text, *ws[end : end + 2]])
    for phrase in _MULTIWORD_KPIS:
        if phrase in text and re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
            return phrase
    text = " ".join(span)
    head = singular(span[-1])
    if head in _COUNT_HEADS and end < len(ws) and ws[end] == "of":
        return " ".join([*span, *ws[end : end + 3]])
    if _strong_kpi(head):
        return text
    if head == "base" and len(span) > 1 and singular(span[-2]).isalpha():
        if singular(span[-2]) not in _NOT_A_POPULATION:
            return text  # "user base", "farmer base": how many of them there are
    if head == "time" and len(span) > 1 and singular(span[-2]) not in _AUDIENCE:
        return text  # a duration: "handling time", "A&E waiting times", "mean time to recovery"
    # "order value" is a KPI, "customer value" is not
    if head in WEAK_KPI_HEADS and any(
        _strong_kpi(w) and singular(w) not in _AUDIENCE for w in span[:-1]
    ):
        return text
    return None


#: "<noun> base" that is not a population ("knowledge base", "code base", "cost base").
_NOT_A_POPULATION = {"knowledge", "code", "data", "tax", "cost", "skill", "evidence", "asset",
                     "capital", "resource", "home", "power", "test", "fact", "information",
                     "support", "solid", "strong", "stable", "firm", "broad", "secure"}  # fmt: skip


#: Heads that name a number to hit for the KPI before them: "Snapshot revenue target".
_TARGET_HEADS = {"target", "goal", "quota", "objective"}


def _kpi_target(span: list[str]) -> str | None:
    """'<KPI> target' as a noun phrase: the objective is the KPI's number to hit."""
    if len(span) > 1 and singular(span[-1]) in _TARGET_HEADS:
        kpi = [w for w in span[:-1] if _strong_kpi(w)]
        if kpi:
            return f"the {kpi[-1]} {singular(span[-1])}"
    return None


_NUMBER_RE = re.compile(r"^\d[\d,.]*[kmb]?$|^\d[\d,.]*(?:k|m|bn|b)$")


def counted_kpi(title: str) -> str | None:
    """A number followed (within three words) by a KPI noun: "Scale to 10M active customers".
    When the objective opens with a verb that moves a quantity ("Reach", "Scale to"), any
    plural noun that is not a deliverable, a piece of work, a period or a role to hire counts
    too ("Reach 150K farmers", "Grow to 50 clubs")."""
    ws = words(_OVER_RE.sub("yoy", without_asides(title)))
    verb, at = _leading_verb(ws)
    grows = verb in QUANTITY_VERBS | {"scale"} and at == 0
    for i, w in enumerate(ws):
        if not _NUMBER_RE.match(w) or w in {"0", "1"}:
            continue
        for j in range(i + 1, min(i + 4, len(ws))):
            if _strong_kpi(ws[j]):
                return " ".join(ws[i : j + 1])
            if (
                grows
                and (i == at + 1 or (i == at + 2 and ws[at + 1] in {"to", "over", "beyond"}))
                and _counted_entity(ws[j])
                and (j + 1 == len(ws) or ws[j + 1] in _OBJECT_END)
            ):  # the count is what the verb moves, not a scope ("for 10 teams")
                return " ".join(ws[i : j + 1])
            if ws[j] in _OBJECT_END:
                break
    return None


def _counted_entity(word: str) -> bool:
    """A plural noun naming who or what is counted: farmers, clubs, schools, markets."""
    one = singular(word)
    return (
        one != word
        and word.isalpha()
        and one not in ARTIFACT_NOUNS | WORK_OBJECTS | PEOPLE_NOUNS | _PERIOD_WORDS
        and _lemma(word) is None
    )


def _works_on(span: list[str], heads: list[str]) -> bool:
    """The object is a piece of work or a deliverable ("the hiring plan", "open issues")."""
    return "transition" in heads or any(
        singular(w) in WORK_OBJECTS or singular(w) in ARTIFACT_NOUNS for w in span
    )


def _hit(rule: str, title: str, text: str, detail: str) -> tuple[str, _Hit]:
    messages = {
        "objective-is-metric": f"The objective '{title}' names a KPI ({detail}) rather than "
        "the change the team wants to make.",
        "vague-objective": f"'{title}' is too generic to steer by: it asks for better "
        f"{detail} without saying what should change or for whom.",
        "output-objective": f"The objective '{title}' is an output to ship ({detail}), not "
        "the change it should bring.",
        "task-objective": f"The objective '{title}' is a one-off task ('{detail}'), not an "
        "aim a team can make progress towards.",
    }
    return rule, _Hit(text, messages[rule])


_LIVE_RE = re.compile(r"^((?:[\w&/.'-]+\s+){1,6}?)(?:is\s+|goes\s+)?(?:live|launched)\b", re.I)


def _noun_phrase_objective(title: str, ws: list[str]) -> tuple[str, _Hit] | None:
    """A title that is only a noun phrase: a deliverable ("Committer program") is an output,
    praise of a team or area ("Great team") is vague."""
    s = analyse(title)
    if s.verb is not None and s.words[s.verb_at + 1 : s.verb_at + 2] in (("are",), ("is",)):
        return None  # "Our releases are boring": a sentence about a state
    live = _LIVE_RE.match(without_asides(title))
    if live and s.verb is None:  # "New careers site live by end of Q2": a deliverable
        return _hit("output-objective", title, live.group(1), live.group(1))
    if s.verb is not None and s.verb_form == "participle" and (s.verb_at or 0) > 0:
        # "Jupyter integrated into GitLab": a deliverable reported as done (but "adopted by
        # customers" is what others do: an outcome)
        after = s.words[s.verb_at + 1 : s.verb_at + 2]
        if s.verb in DONE_VERBS:
            done_at = ws.index(s.words[s.verb_at]) if s.words[s.verb_at] in ws else 0
            subject, _, subject_heads = _object_span(ws[:done_at], 0)
            if _works_on(subject, subject_heads):
                # "Stripe integration completed": a piece of work reported as done
                return _hit("task-objective", title, s.verb, f"{s.object} {s.verb}")
        if (s.verb in MAKE_VERBS or s.verb in _SHIP_LIKE) and after != ("by",):
            return _hit("output-objective", title, s.verb, f"{s.object} {s.verb}")
        return None
    span, end, _ = _object_span(ws, 0)
    if not span or s.verb is not None or (end < len(ws) and ws[end] in _COPULAS):
        return None  # "Campaigns are polished ...": a sentence about a state, not a deliverable
    target = _kpi_target(span)
    if target:  # "Snapshot revenue target", "Q3 bookings goal"
        return _hit("objective-is-metric", title, target, target)
    head = singular(span[-1])
    if " ".join(span) in RELEASE_STAGES or head in RELEASE_STAGES:  # "GA for the Operator"
        return _hit("output-objective", title, " ".join(span), " ".join(span))
    if (
        head in ARTIFACT_NOUNS
        and head not in ABSTRACT_HEADS | PEOPLE_NOUNS
        and not (set(span) & _EVALUATIVE)
    ):
        return _hit("output-objective", title, " ".join(span), " ".join(span))
    generic = _EVALUATIVE | GENERIC_OBJECTIVE_WORDS | AREA_NOUNS | ORG_NOUNS
    if set(span) & _EVALUATIVE and all(w in generic or singular(w) in generic for w in span):
        return _hit("vague-objective", title, title, " ".join(span))
    return None


#: Verbs of meeting people: "Work with Legal on X", "Check in with the top accounts".
#: (Only conditional work verbs reach these checks; the others are tasks already.)
_MEETING_VERBS = {"work", "check in", "catch up", "sync", "follow up", "coordinate", "align"}
_MOVE_VERBS = {"transfer", "relocate", "move", "switch", "upgrade", "transition"}


def _one_off_shape(verb: str, ws: list[str], at: int, end: int) -> bool:
    """Shapes that make a conditional work verb one-off work whatever its object: meeting
    someone ("Work with Legal on ...", "Check in with our top accounts"), a move from one
    place to another or to a version ("Transfer X from A to B", "Upgrade X to Python 3.12"),
    training or briefing people on a piece of work ("Train managers on the new policy"),
    holding an event ("Host a customer open day")."""
    after = ws[end : end + 1]
    nxt = [w for w in ws[at + 1 : at + 4] if not (w.endswith("ly") and len(w) > 4)][:1]
    if verb in _MEETING_VERBS and nxt == ["with"]:  # "Check in regularly with ..."
        return True
    if verb in {"hold", "host"} and ws[at + 1 : at + 2] in (["a"], ["an"], ["our"], ["the"]):
        return True  # "Host a customer open day": organising an event
    if verb in _MOVE_VERBS:
        rest = ws[end:]
        if "from" in rest and "to" in rest[rest.index("from") :]:
            return True
        if after == ["to"] and any(w[0].isdigit() or w in {"version", "v"} for w in rest[1:3]):
            return True
    if after in (["on"], ["about"]) and verb in {"train", "educate", "brief"}:
        span, _, heads = _object_span(ws, end + 1)
        return _works_on(span, heads)
    return False


#: Adjectives that can open a nominalised piece of work: "Successful rollout of X".
_WORK_ADJECTIVES = {"successful", "timely", "smooth", "full", "complete", "initial", "first",
                    "final", "seamless", "on-time", "effective", "efficient", "rapid", "quick",
                    "clean", "proper", "thorough", "safe"}  # fmt: skip
#: Suffixes of nouns made from verbs, and how to get the verb back (cut, then add).
_NOMINAL_SUFFIXES = (("ication", 7, "y"), ("ation", 3, "e"), ("ation", 5, "e"), ("ation", 5, ""),
                     ("ition", 5, "e"), ("ment", 4, ""), ("ion", 3, "e"), ("ion", 3, ""),
                     ("al", 2, ""), ("al", 2, "e"), ("ing", 3, ""), ("ing", 3, "e"),
                     ("ure", 3, "e"), ("y", 1, ""))  # fmt: skip
#: Nouns whose verb the suffixes do not give back.
_NOMINAL_IRREGULAR = {"publication": "publish", "production": "produce", "analysis": "analyse",
                      "introduction": "introduce", "submission": "submit", "decision": "decide",
                      "revision": "revise", "expansion": "expand", "extension": "extend",
                      "reduction": "reduce", "acquisition": "acquire", "simplification":
                      "simplify", "optimisation": "optimise", "optimization": "optimize",
                      "transformation": "transform", "modernisation": "modernise",
                      "modernization": "modernize"}  # fmt: skip


def _nominal_work(text: str) -> tuple[str, list[str]] | None:
    """A noun made from a verb, heading the objective ("Successful preparation of the
    accounts for X", "Migration to the new ERP"): the verb and the words it acts on, so the
    objective can be read as the verb phrase it names ("prepare the accounts for X"). None
    when the head is not made from an objective verb or names a KPI ("Adoption of X")."""
    ws = text.split()
    i = 0
    while i < min(len(ws), 2) and ws[i].lower().strip(",") in _WORK_ADJECTIVES | _EVALUATIVE:
        i += 1
    if i + 2 > len(ws) or ws[i + 1].lower() not in {"of", "to"}:
        return None
    noun = ws[i].lower()
    if singular(noun) in KPI_HEADS or not noun.isalpha():
        return None
    stems = [_NOMINAL_IRREGULAR.get(noun, "")] + [
        noun[: len(noun) - cut] + add
        for suffix, cut, add in _NOMINAL_SUFFIXES
        if noun.endswith(suffix) and len(noun) - cut >= 3
    ]
    verb = next((v for v in map(_lemma, filter(None, stems)) if v is not None), None)
    if verb is None:
        return None
    if ws[i + 1].lower() == "to":  # "Migration to X" is a move, "Commitment to X" is not
        return (verb, ws[i + 1 :]) if verb in _TRANSITION_VERBS else None
    return verb, ws[i + 2 :]


def read_objective(title: str) -> tuple[str, _Hit] | None:
    """Diagnose an objective from its leading verb and object; None when undecided.

    Returns
    -------
    tuple of (str, _Hit) or None
        The rule slug and the hit, or None when the verb and object classes do not decide
        (the caller then tries the whole-title checks).
    """
    text = without_asides(title)
    text = _OVER_RE.sub("yoy", text)  # "record year over year revenue"
    text = re.sub(r"%\s*of\b", "percentage of", text, flags=re.I)  # "the % of customers"
    if _BETTER_AT_RE.match(text):
        return _hit("vague-objective", title, title, "results")
    if _LEARN_RE.match(text):  # "Gain a better sense of what users need": finding out
        return _hit("task-objective", title, title, " ".join(words(text)[:3]))
    made = _GET_THEM_TO_RE.match(text)
    if made and _lemma(made.group(1).lower()) in WORK_VERBS - CONDITIONAL_WORK_VERBS:
        # "Get Sales and Marketing to agree on a definition": the work is theirs, still one-off
        return _hit("task-objective", title, made.group(1), made.group(1))
    done = _ENSURE_DONE_RE.match(text)
    stems = {done.group(2).lower()[:-k] for k in (1, 2, 3)} if done else set()
    if done and (
        _lemma(done.group(2)) in WORK_VERBS - CONDITIONAL_WORK_VERBS or stems & _RECORD_VERBS
    ):
        # "Ensure every laptop is tracked in the asset register": a piece of work to finish
        return _hit("task-objective", title, done.group(2), f"{done.group(1)} {done.group(2)}")
    m = _GET_DONE_RE.match(text)
    if m and _lemma(m.group(2)) in MAKE_VERBS | WORK_VERBS:  # "Get the integration released"
        text = f"{_lemma(m.group(2))} {m.group(1)}"
    ws = words(text)
    verb, at = _leading_verb(ws)
    if verb is None:
        work = _nominal_work(text.strip())
        reading = read_objective(" ".join([work[0], *work[1]])) if work is not None else None
        if reading is not None:  # "Successful migration to the new ERP": a task, as a noun
            rule, hit = reading
            detail = {"output-objective": " ".join(work[1]), "task-objective": work[0],
                      "vague-objective": " ".join(work[1])}.get(rule, hit.text)  # fmt: skip
            return _hit(rule, title, hit.text, detail)
        return _noun_phrase_objective(title, ws)
    span, end, heads = _object_span(ws, at + 1)
    if not span and ws[end : end + 1] == ["of"] and end == at + 1:
        span, end, heads = _object_span(ws, end + 1)  # "Launch of the new site": a noun
    if not span and end < len(ws) and ws[end] in {"on", "with", "to"} and verb in WORK_VERBS:
        # "Execute on the hiring plan", "Move to a territory-based sales model"
        span, end, heads = _object_span(ws, end + 1)
        if ws[at + 1 : at + 2] == ["to"] and verb in _TRANSITION_VERBS:
            heads = [*heads, "transition"]
    head = singular(span[-1]) if span else None
    kpi = None if at + 1 < len(ws) and ws[at + 1] in {"a", "an"} else _is_kpi(span, ws, end, heads)
    causative = verb in _CAUSATIVE and end < len(ws) and ws[end] == "to"
    end_state = any(mark in f" {text.lower()} " for mark in END_STATE_MARKERS)
    if kpi and not causative and verb in QUANTITY_VERBS | QUALITY_VERBS | MAKE_VERBS:
        return _hit("objective-is-metric", title, kpi, kpi)
    counted = (
        verb in _COUNTING_VERBS
        and span
        and span[-1] != singular(span[-1])
        and head not in ARTIFACT_NOUNS | ORG_NOUNS | ABSTRACT_HEADS | _GENERIC_GOODS
    )
    if counted and not causative:  # "Minimise framework dependencies": a count to move
        return _hit("objective-is-metric", title, " ".join(span), f"the number of {span[-1]}")
    positioning = end + 1 < len(ws) and ws[end] == "as" and ws[end + 1] in {"the", "a", "an"}
    if positioning:  # "Establish GitLab as the default for X": an aim about position
        return None
    if verb in WORK_VERBS and verb not in QUALITY_VERBS - {"upgrade"}:
        if verb not in CONDITIONAL_WORK_VERBS or _works_on(span, heads):
            return _hit("task-objective", title, verb, verb)
        if _one_off_shape(verb, ws, at, end):
            return _hit("task-objective", title, verb, verb)
        if verb not in MAKE_VERBS | QUALITY_VERBS:
            return None
    if verb in _FIX_UP_VERBS and head in ARTIFACT_NOUNS and head not in ABSTRACT_HEADS:
        return _hit("task-objective", title, verb, f"{verb} the {head}")
    praise_only = any(w in _EVALUATIVE for w in span) and all(
        w in _EVALUATIVE or w in GENERIC_OBJECTIVE_WORDS or w in AREA_NOUNS for w in span
    )
    if verb in MAKE_VERBS:
        if head is None or head in ORG_NOUNS | AIM_HEADS or head in _FOUNDATION:
            return None
        if head in PEOPLE_NOUNS - {"hire", "lead"}:
            return None  # "Develop our people": growing people is not shipping an output
        if praise_only:
            return _hit("vague-objective", title, title, " ".join(span))
        if head in _GENERIC_GOODS and not any(singular(w) in ARTIFACT_NOUNS for w in span):
            return _hit("vague-objective", title, title, head)
        return _hit("output-objective", title, verb, f"{verb} {' '.join(span)}")
    if verb in QUALITY_VERBS and head is not None and not end_state:
        return _hit("vague-objective", title, title, " ".join(span))
    if verb in QUANTITY_VERBS and (head in ABSTRACT_HEADS or head in _GENERIC_GOODS):
        if not end_state:
            return _hit("vague-objective", title, title, " ".join(span))
    return None
