"""Read the structure of an objective or key result: main verb, its object, and nouns.

The linter used to look at the first word only. This module finds the *main
verb* wherever it is and in any form (imperative "Launch", past or passive
"GDPR policy fully implemented", "VP Talent hired", gerund "Launching"), the
noun phrase it acts on, and the head noun of that phrase, after stripping what
people put in front of a key result ("[P1]", "KR1:", "✅", bullets) and
normalising curly quotes.

Lemmatiser: rule-based, over a closed vocabulary. Every verb the rules care
about is listed (in :mod:`okrlab.lint.vocabulary`) by its base form, and its
inflections are generated here (regular suffix rules plus a table of irregular
forms), so "shipped", "ships", "shipping" and "built" map back to "ship" and
"build". Nouns are singularised with suffix rules. Measured against
``lemminflect`` 0.2.3 (the bundled-data lemmatiser the issue suggests): its
import plus first lookup took 0.48 s here, the whole budget for linting 1,000
key results, and it needs a part-of-speech tag the linter would have to guess
anyway; the generated table loads in about a millisecond and needs no data files.

Examples
--------
>>> s = analyse("[P1] ✅ Publish 8 blog posts")
>>> s.verb, s.verb_form, s.head
('publish', 'base', 'post')
>>> s = analyse("GDPR policy fully implemented")
>>> s.verb, s.verb_form, s.head
('implement', 'participle', 'policy')
>>> analyse("3 case studies").verb is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .vocabulary import ARTIFACT_NOUNS, KNOWN_VERBS, MEASURE_NOUNS, TASK_VERBS

__all__ = ["Sentence", "analyse", "normalise", "singular", "verb_lemma", "words"]

_IRREGULAR = {
    "build": ("built",),
    "rebuild": ("rebuilt",),
    "run": ("ran",),
    "write": ("wrote", "written"),
    "rewrite": ("rewrote", "rewritten"),
    "hold": ("held",),
    "begin": ("began", "begun"),
    "make": ("made",),
    "send": ("sent",),
    "do": ("did", "done", "does"),
    "get": ("got", "gotten"),
    "win": ("won",),
    "keep": ("kept",),
    "grow": ("grew", "grown"),
    "lead": ("led",),
    "take": ("took", "taken"),
    "give": ("gave", "given"),
    "sell": ("sold",),
    "buy": ("bought",),
    "spend": ("spent",),
    "find": ("found",),
    "go": ("went", "gone", "goes"),
    "meet": ("met",),
    "teach": ("taught",),
    "choose": ("chose", "chosen"),
    "bring": ("brought",),
    "drive": ("drove", "driven"),
    "ride": ("rode", "ridden"),
    "see": ("saw", "seen"),
    "shrink": ("shrank", "shrunk"),
    "fall": ("fell", "fallen"),
    "rise": ("rose", "risen"),
    "undertake": ("undertook", "undertaken"),
    "set": (),
    "cut": (),
    "hit": (),
    "put": (),
    "have": ("has", "had"),
    "be": ("is", "are", "was", "were", "been"),
}
_DOUBLE_FINAL = {
    "ship", "plan", "set", "run", "hit", "cut", "drop", "map", "stop", "scrap", "step",
    "chat", "pin", "tag", "log", "plug", "wrap", "put", "get", "begin", "win", "kick", "blog",
}  # fmt: skip


def _inflections(lemma: str) -> set[str]:
    forms = {lemma, *_IRREGULAR.get(lemma, ())}
    if " " in lemma or "-" in lemma:  # phrasal: inflect the first word ("roll out")
        head, sep, rest = lemma.partition(" " if " " in lemma else "-")
        return {f + sep + rest for f in _inflections(head)}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif re.search(r"[^aeiou]y$", lemma):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif re.search(r"(?:s|x|z|ch|sh)$", lemma):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        stem = lemma + lemma[-1] if lemma in _DOUBLE_FINAL else lemma
        forms |= {lemma + "s", stem + "ed", stem + "ing"}
    return forms


def inflection_table(verbs) -> dict[str, str]:
    """Every inflected form of the given base-form verbs, mapped to its base form."""
    table: dict[str, str] = {}
    for lemma in sorted(verbs):
        for form in _inflections(lemma):
            table.setdefault(form, lemma)
    return table


@lru_cache(maxsize=1)
def _verb_table() -> dict[str, str]:
    return inflection_table(KNOWN_VERBS)


def verb_lemma(word: str) -> str | None:
    """The base form of a known verb in any inflection, else None.

    Examples
    --------
    >>> verb_lemma("shipped"), verb_lemma("Built"), verb_lemma("doubles"), verb_lemma("pizza")
    ('ship', 'build', 'double', None)
    """
    return _verb_table().get(word.lower())


_PLURAL_EXCEPTIONS = {
    "salespeople": "salesperson",
    "people": "person",
    "sales": "sales",
    "analytics": "analytics",
    "news": "news",
    "series": "series",
    "status": "status",
    "bonus": "bonus",
    "campus": "campus",
    "process": "process",
    "business": "business",
    "success": "success",
    "press": "press",
    "access": "access",
    "loss": "loss",
    "revenues": "revenue",
}


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """A noun's singular by suffix rules ("studies" -> "study", "calls" -> "call").

    Examples
    --------
    >>> singular("studies"), singular("salespeople"), singular("sales"), singular("boxes")
    ('study', 'salesperson', 'sales', 'box')
    """
    w = word.lower()
    if w in _PLURAL_EXCEPTIONS:
        return _PLURAL_EXCEPTIONS[w]
    if len(w) <= 3 or w.endswith(("ss", "us", "is", "ics")):
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    if re.search(r"(?:ches|shes|xes|sses|zes)$", w):
        return w[:-2]
    if w.endswith("s"):
        return w[:-1]
    return w


# -- normalising ---------------------------------------------------------------
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": " - "})
_PREFIX_RE = re.compile(
    r"^(?:\s|[^\w\s$€£(\[\"'~<>≤≥+-]|[-*•>]\s|\[[^\]]{0,40}\]|\((?:p\d|optional|stretch|"
    r"committed|aspirational)\)|(?:kr|key result|o|obj|objective)\s*[\d.]*\s*[:.)-]\s|"
    r"\d{1,2}[.)]\s|[a-h][.)]\s|(?:stretch|committed|aspirational|p\d)\s*[:-]\s)+",
    re.I,
)


#: An item wrapped in quote marks, maybe with a full stop after the closing one.
_WRAPPED_RE = re.compile(r'^"\s*(.+?)\s*"\s*[.!]?$')
#: "Growth - ", "Platform Team | ": 1 to 4 capitalised words and a dash before the item.
_DASH_LABEL_RE = re.compile(
    r"^((?:[A-Z][A-Za-z&/.]*\s+){0,3}[A-Z][A-Za-z&/.]*)\s+[-|]\s+(?=[A-Z0-9\"'$€£])"
)
#: "20k to 40k", "$1M", "15%": a bare level after a dash; the words before it name the metric.
_BARE_LEVEL_RE = re.compile(
    r"^[$€£~]?\d[\d.,]*\s?[%kKmMbBxX]?(?:\s*(?:to|->|=>|→|/|-)\s*[$€£~]?\d|\s*[.!]?$)"
)
_LABEL_RE = re.compile(
    r"^(?:[A-Za-z][\w&/.-]*(?:\s*\([^)]{0,40}\))?\s+){0,4}"
    r"[A-Za-z][\w&/.-]*(?:\s*\([^)]{0,40}\))?:\s+(?=\S)"
)


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Straight quotes and dashes; no bullets, emoji, "[P1]" or "KR1:" in front.

    Examples
    --------
    >>> normalise("KR2: ✅ We’ve documented the API")
    "We've documented the API"
    """
    text = str(text or "").translate(_QUOTES).strip()
    wrapped = _WRAPPED_RE.match(text)
    if wrapped and text.count('"') == 2:
        text = wrapped.group(1)  # '"Grow ARR from $1M to $2M"': the quote marks wrap the item
    text = _PREFIX_RE.sub("", text)
    dash = _DASH_LABEL_RE.match(text)
    if (
        dash
        and not _BARE_LEVEL_RE.match(text[dash.end() :])
        and not any(
            singular(w.lower()) in MEASURE_NOUNS or w.lower() in MEASURE_NOUNS
            for w in dash.group(1).split()
        )
    ):
        text = text[dash.end() :]  # "Growth - Increase ...": a team or theme label, not a metric
    label = _LABEL_RE.match(text) if ":" in text[:60] else None
    if label and not re.search(r"\d", label.group(0)):
        text = _PREFIX_RE.sub("", text[label.end() :])  # "Sales (Pipeline) KR: ..."
    return re.sub(r"\s+", " ", text).strip()


_ASIDE_RE = re.compile(r"\([^)]*\)?")


@lru_cache(maxsize=4096)
def without_asides(text: str) -> str:
    """:func:`normalise`, then parenthesised asides blanked ("ARR (new logos only)").

    Examples
    --------
    >>> without_asides("Grow ARR (new logos only)").split()
    ['Grow', 'ARR']
    """
    return _ASIDE_RE.sub(" ", normalise(text))


_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*")


def words(text: str) -> list[str]:
    """Lower-case words and numbers of a (normalised) text."""
    return [w.lower() for w in _WORD_RE.findall(text)]


# Words that can come before the main verb without being it.
_LEAD_INS = {
    "we", "will", "we'll", "we've", "we're", "to", "successfully", "fully", "finally",
    "team", "must", "should", "shall", "can", "i", "i'll", "our", "they", "ensure", "that",
    "also", "then", "first", "and", "please", "help", "let's", "lets", "us", "continue",
    "continuously", "consistently", "start", "begin", "by", "in", "q1", "q2", "q3", "q4",
}  # fmt: skip
_AUX = {"is", "are", "was", "were", "be", "been", "being", "get", "gets", "got", "has", "have",
        "had", "fully", "successfully", "now", "all", "finally"}  # fmt: skip
# Words that end a noun phrase.
NP_STOP = {
    "a", "an", "the", "of", "to", "from", "by", "in", "on", "at", "for", "with", "within",
    "and", "or", "per", "each", "every", "across", "into", "that", "which", "who", "while",
    "so", "than", "as", "over", "under", "above", "below", "until", "before", "after",
    "without", "through", "via", "vs", "versus", "up", "down", "is", "are", "was", "be",
    "&", "but", "among", "between", "during", "around", "about", "more", "less", "fewer",
}  # fmt: skip
_DETERMINERS = {"a", "an", "the", "our", "their", "its", "my", "your", "this", "these", "those",
                "all", "new", "first", "every", "each", "some", "any", "more", "fewer",
                "least", "most", "than", "up", "approximately", "about", "around", "over",
                "under", "+", "out", "off"}  # fmt: skip
_QUANTITY_HEADS = {"number", "count", "amount", "total", "volume", "share", "percentage",
                   "proportion", "rate", "ratio"}  # fmt: skip


@dataclass(frozen=True)
class Sentence:
    """The structure found in one objective or key result.

    Attributes
    ----------
    text : str
        The normalised text.
    words : tuple of str
        Lower-case words and numbers.
    verb : str or None
        Base form of the main verb (None: a verbless phrase such as "3 case studies").
    verb_form : {"base", "participle", "gerund", "finite"} or None
        How the verb was written; "participle" covers passive and report style
        ("Partner portal launched").
    verb_at : int or None
        Index of the verb in :attr:`words`.
    object : str
        The noun phrase the verb acts on (for a passive or verbless phrase: the
        subject), determiners and numbers removed.
    head : str or None
        Singular head noun of :attr:`object` ("sales calls" -> "call"; "the
        number of demos" -> "demo").
    """

    text: str
    words: tuple[str, ...]
    verb: str | None
    verb_form: str | None
    verb_at: int | None
    object: str
    head: str | None


_STATE_ADJECTIVES = {"high", "low", "stable", "healthy", "green", "steady", "flat", "strong",
                     "live", "done", "ready", "current", "up-to-date", "intact", "safe"}  # fmt: skip
_PRONOUNS = {"we", "we've", "we'll", "we're", "i", "i've", "team", "they", "our", "it", "you"}


def _noun_phrase(ws: list[str], start: int, *, subject: bool = False) -> list[str]:
    out = []
    for w in ws[start:]:
        if (subject and w in _AUX) or (w.endswith("ly") and len(w) > 4 and w not in {"supply"}):
            continue
        if w in NP_STOP and out:
            break
        if w in _DETERMINERS or w in NP_STOP or w[0].isdigit() or (not out and w in _LEAD_INS):
            if out:
                break
            continue
        out.append(w)
        if len(out) >= 5:
            break
    while out and out[-1] in _STATE_ADJECTIVES and len(out) > 1:
        out.pop()
    return out


def _head(np_words: list[str], ws: list[str], start: int) -> str | None:
    if not np_words:
        return None
    head = singular(np_words[-1])
    if head in _QUANTITY_HEADS and len(np_words) == 1:
        # "the number of sales calls": the counted thing is the head
        try:
            at = ws.index("of", start)
        except ValueError:
            return head
        inner = _noun_phrase(ws, at + 1)
        if inner and head in {"number", "count", "amount", "total", "volume"}:
            return singular(inner[-1])
    return head


def _perfect(ws: list[str], i: int) -> int | None:
    """Index of the participle after 'have' at ``i`` ("have (already) mapped"), else None."""
    j = i + 1
    while j < len(ws) and (ws[j] in {"been", "already", "now", "all"} or ws[j].endswith("ly")):
        j += 1
    if j >= len(ws):
        return None
    w, lemma = ws[j], verb_lemma(ws[j])
    if lemma is None or w == lemma or w.endswith("ing") or w in {lemma + "s", lemma + "es"}:
        return None
    return j


#: Nouns that name what is measured about a thing ("build time", "deploy frequency"): a
#: task verb or gerund right before one is a modifier of the subject, not the main verb.
METRIC_HEADS = {"time", "times", "duration", "frequency", "rate", "ratio", "speed", "velocity",
                "latency", "cost", "costs", "throughput", "coverage", "success", "failure",
                "completion", "cycle", "lead", "score", "quality", "volume", "backlog",
                "accuracy", "error", "errors", "pass"}  # fmt: skip
#: Words that follow a measured subject: a level, a comparison or a movement.
_LEVEL_AFTER = {"below", "under", "above", "over", "at", "from", "to", "down", "up", "of",
                "is", "are", "was", "stays", "remains", "within", "less", "more", "no", "<",
                ">", "drops", "falls", "rises", "goes", "decreases", "increases", "improves",
                "grows", "shrinks", "reduced", "increased", "improved", "cut", "halved",
                "shortened", "doubled", "lowered", "raised", "decreased", "reaches",
                "reached"}  # fmt: skip
#: Verbs of movement that can be the finite verb after a long subject ("... rise from 7%").
_MOVE_VERBS = {"rise", "fall", "grow", "drop", "increase", "decrease", "climb", "improve",
               "go", "double", "triple", "shrink", "decline", "jump", "reach"}  # fmt: skip
_MOVE_AFTER = {"from", "to", "by", "up", "down", "above", "below", "over", "under"}


def _metric_subject(ws: list[str], i: int) -> bool:
    """'Build time below 3 minutes': a task verb (or its gerund) naming what a measured noun is
    about, followed by a level or a movement, is part of the subject."""
    w = ws[i]
    lemma = verb_lemma(w)
    if lemma not in TASK_VERBS or (w != lemma and not w.endswith("ing")):
        return False
    j = i + 1
    if j < len(ws) and verb_lemma(ws[j]) is None and ws[j] not in METRIC_HEADS:
        j += 1  # "Release success rate", "Onboarding time-to-value"
    if j >= len(ws) or ws[j] not in METRIC_HEADS or j + 1 >= len(ws):
        return False
    nxt = ws[j + 1]
    if ws[j] == "lead" and nxt != "time":
        return False
    if nxt in METRIC_HEADS and j + 2 < len(ws):
        nxt = ws[j + 2]  # "build success rate", "lead time"
    return nxt in _LEVEL_AFTER or nxt[0].isdigit()


#: A clause in front of the main one: "If a renewal slips, ...", "For 2 regions, ...".
_LEADING_CLAUSE_RE = re.compile(
    r"^(?:if|when|once|whenever|for|by|in|across|with|during|within|after|before)\b"
    r"[^,;:]{2,80},\s+(?=\S+\s+\S+)",
    re.I,
)


#: What follows a plural deliverable ("posts", "updates", "releases") that is not its verb.
_NOUN_AFTER = ([], ["on"], ["about"], ["for"], ["of"], ["covering"])


#: Prepositions after a participle that opens a reduced relative clause ("hired in April").
_REDUCED_REL = {"in", "on", "at", "during", "since", "before", "after", "through", "via",
                "last", "this"}  # fmt: skip


def _find_verb(ws: list[str]) -> tuple[str | None, str | None, int | None]:
    # 1. imperative or gerund near the start (after lead-ins)
    for i, w in enumerate(ws[:4]):
        if w.endswith("ly") and len(w) > 4 and not verb_lemma(w):
            continue  # "Massively increase ..."
        if w in _LEAD_INS and not (i == 0 and w == "start" and len(ws) > 1 and ws[1] == "to"):
            if verb_lemma(w) in {"start", "begin", "continue"} and i + 1 < len(ws):
                if not verb_lemma(ws[i + 1]) and ws[i + 1] not in _LEAD_INS:
                    return verb_lemma(w), "base", i
            continue
        perfect = _perfect(ws, i) if w in {"have", "has", "had"} else None
        if perfect is not None:  # "We have achieved ...": the participle is the verb
            return verb_lemma(ws[perfect]), "participle", perfect
        lemma = verb_lemma(w)
        if lemma is None:
            break
        if _metric_subject(ws, i):
            break  # "Build time below 3 minutes", "Onboarding duration shortened": a subject
        form = "gerund" if w.endswith("ing") and w != lemma else "base"
        if w != lemma and form == "base":
            if i == 0 and w.endswith("s"):
                form = "finite"  # "Doubles IACV" is rare; treat as a verb
            else:
                form = "participle"
        return lemma, form, i
    # 2. a finite or participle form later on: "VP Talent hired", "NPS increases to 40"
    found = []
    for i, w in enumerate(ws[1:], start=1):
        lemma = verb_lemma(w)
        prev = ws[i - 1]
        if lemma is None or prev in _DETERMINERS or prev in {"of", "per", "and", "the"}:
            continue
        if w in {"has", "have", "had"}:  # "Training has been developed": the participle
            j = _perfect(ws, i)
            if j is not None:
                found.append((0, j, verb_lemma(ws[j]), "participle"))
            elif i + 1 < len(ws):
                found.append((3, i, lemma, "finite"))
            continue
        if w.endswith("ing"):
            if prev in _AUX:
                found.append((1, i, lemma, "gerund"))
            continue  # "the onboarding flow", "the marketing plan": a modifier
        if w == lemma:
            if prev.endswith("s") and not prev.endswith("ss") and i + 1 < len(ws):
                found.append((2, i, lemma, "finite"))  # "sign-ups grow to 500"
            elif lemma in _MOVE_VERBS and ws[i + 1 : i + 2] and ws[i + 1] in _MOVE_AFTER:
                found.append((2, i, lemma, "finite"))  # "orgs that ... within 2 weeks rise from"
            continue
        if w.endswith("s") and not w.endswith("ss") and lemma + "s" == w or w == lemma + "es":
            if lemma in ARTIFACT_NOUNS and ws[i + 1 : i + 2] in _NOUN_AFTER:
                continue  # "New blog posts on security": a plural deliverable, not "posts on"
            if i + 1 < len(ws):
                found.append((3, i, lemma, "finite"))
            continue
        found.append((0, i, lemma, "participle"))
    if found:
        _, i, lemma, form = min(found)
        later = [f for f in found if f[1] > i and f[3] == "finite"]
        if form == "participle" and later and ws[i + 1 : i + 2] and ws[i + 1] in _REDUCED_REL:
            _, i, lemma, form = min(later, key=lambda f: f[1])  # "teammates hired in April had"
        return lemma, form, i
    return None, None, None


@lru_cache(maxsize=4096)
def analyse(text: str) -> Sentence:
    """Find the main verb, its object and the head noun.

    Parameters
    ----------
    text : str
        One objective or key result, as written.

    Returns
    -------
    Sentence
        See the attributes of :class:`Sentence`.

    Examples
    --------
    >>> analyse("Increase sales calls from 40 to 120 per week").head
    'call'
    >>> s = analyse("VP Talent hired and started in Q1")
    >>> s.verb, s.verb_form, s.object
    ('hire', 'participle', 'vp talent')
    """
    norm = normalise(text)
    norm = _LEADING_CLAUSE_RE.sub("", norm, count=1)
    ws = words(norm)
    verb, form, at = _find_verb(ws)
    start = 0 if verb is None else at + 1
    np_words = _noun_phrase(ws, start)
    head_ws = ws
    if verb is not None and at and form in {"participle", "finite"}:
        subject = _noun_phrase(ws[:at], 0, subject=True)
        if subject and not set(subject) <= _PRONOUNS:
            np_words, start, head_ws = subject, 0, ws[:at]
    return Sentence(
        text=norm,
        words=tuple(ws),
        verb=verb,
        verb_form=form,
        verb_at=at,
        object=" ".join(np_words),
        head=_head(np_words, head_ws, start),
    )
