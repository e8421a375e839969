"""Findings, rules and the internal form of an OKR set, whatever the input format."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from ._numbers import ParsedKR
from .vocabulary import GAMEABLE_METRICS, LEAD_IN_WORDS, Gameable


@dataclass(frozen=True)
class Finding:
    """One problem found by the linter.

    Parameters
    ----------
    rule : str
        Slug of the rule, e.g. ``"activity-not-outcome"``.
    severity : {"error", "warning", "info"}
    line : int or None
        1-based line in the file (None when linting objects without lines).
    objective : str
        Title of the objective concerned.
    key_result : str or None
        Text of the key result concerned; None for objective-level rules.
    text : str
        The words that triggered the rule (a verb, a metric, a number...).
    message : str
        What is wrong and why it matters.
    suggestion : str
        A concrete way to fix it.
    path : str or None
        The file linted, if any.

    Examples
    --------
    >>> from okrlab import lint_text
    >>> f = lint_text("Objective: Improve our marketing\\n- Publish 8 blog posts")[0]
    >>> f.rule, f.severity
    ('kr-count', 'warning')
    """

    rule: str
    severity: str
    line: int | None
    objective: str
    key_result: str | None
    text: str
    message: str
    suggestion: str
    path: str | None = None

    def to_dict(self) -> dict:
        """The fields of the JSON output (``path`` is given per file there)."""
        d = asdict(self)
        d.pop("path")
        return d


@dataclass(frozen=True)
class _Hit:
    text: str
    detail: str
    suggestion: str | None = None
    why: str | None = None


#: Returned by a check that does not apply (not counted in the score).
_NA = object()


@dataclass(frozen=True)
class Rule:
    """A lint rule: slug, severity, scope, why it matters and the usual fix.

    ``check`` returns None (passed), a hit (failed) or a not-applicable marker;
    its ``detail`` is prefixed to :attr:`why` to form the finding's message.
    """

    slug: str
    severity: str
    scope: str  # "objective" or "key_result"
    summary: str
    why: str
    suggestion: str
    check: object = field(repr=False, compare=False)
    needs_history: bool = False
    quiet_after: tuple[str, ...] = ()
    objective_check: object = field(default=None, repr=False, compare=False)


# -- internal representation of an OKR set, whatever the input format ----------


@dataclass
class _KR:
    text: str
    line: int | None
    parsed: ParsedKR
    metric: str | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None
    due: str | None = None
    guardrails: tuple[str, ...] = ()
    ignore: frozenset = frozenset()
    facts: object = None  # okrlab.lint._facts.KRFacts, filled in on first use


@dataclass
class _Objective:
    title: str
    line: int | None
    owner: str | None = None
    period: str | None = None
    krs: list = field(default_factory=list)
    ignore: frozenset = frozenset()


@dataclass
class _Doc:
    path: str | None
    objectives: list = field(default_factory=list)
    ignore: frozenset = frozenset()
    period: str | None = None
    owner: str | None = None


@dataclass
class _Context:
    doc: _Doc
    history: object = None  # DataFrame or None
    seen_krs: dict = field(default_factory=dict)  # normalised text -> line
    group_counts: dict = field(default_factory=dict)


# -- helpers ------------------------------------------------------------------


@lru_cache(maxsize=256)
def longest_first(phrases) -> tuple[str, ...]:
    """Phrases sorted longest first (cached per word list; lists are read at call time)."""
    return tuple(sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=2048)
def _phrase_re(phrase: str):
    tail = r"\w*" if phrase.endswith("opportunit") else r"(?![\w])"
    return re.compile(r"(?<![\w])" + re.escape(phrase) + tail)


def _has_phrase(text: str, phrase: str) -> bool:
    """Whole-word (or word-prefix for stems like 'opportunit') phrase match."""
    text = text.lower()
    return phrase in text and _phrase_re(phrase).search(text) is not None


def _first_verb(text: str) -> str | None:
    words = re.findall(r"[a-z][\w'-]*", text.lower())
    for word in words:
        if word not in LEAD_IN_WORDS:
            return word
    return None


def _fmt(value) -> str:
    if value is None:
        return "?"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z%$€£]+|\d+(?:[.,]\d+)*", text.lower()))


def _gameable_metric(text: str) -> tuple[str, Gameable, str] | None:
    text = text.lower()
    if not text:
        return None
    for name, g in GAMEABLE_METRICS.items():
        for p in longest_first(g.patterns):
            if p in text and _has_phrase(text, p):
                return name, g, p
    return None


def _kr_has_target(kr: _KR) -> bool:
    return kr.target is not None or kr.parsed.change is not None
