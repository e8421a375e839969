"""Score a linter against the hand-labelled corpus of real OKR items.

The corpus (``items.csv`` next to this file, described in ``README.md``) holds
objectives and key results quoted from public sources, each labelled with the
rules an expert expects to fire on it. This module runs ``okrlab.lint_text`` on
every item and compares what fired with the labels:

* an objective is linted alone as ``"Objective: TEXT"`` and only findings on the
  objective itself (``key_result is None``) count;
* a key result is linted as ``"Objective: CONTEXT\\n- TEXT"`` and only findings on
  that key result count.

Findings of rules the corpus does not label (:data:`UNLABELLED`: they need the
whole set, a history or the cycle's period) are counted separately and do not
affect the scores. Ambiguous items are reported separately and not scored.

The scoring code depends on the linter only through ``lint_text(text)``
returning findings with ``.rule`` and ``.key_result``, so any callable with that
shape can be scored (the tests use that to check the arithmetic).

Run ``python benchmarks/lint_corpus_report.py`` for the full table.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).with_name("items.csv")
COLUMNS = ("id", "kind", "text", "objective", "expected", "split", "ambiguous", "source", "note")
KINDS = ("objective", "key_result")
SPLITS = ("tune", "heldout")

#: Rules the corpus labels (the fixed v2 vocabulary, single-item rules only).
RULES = (
    "output-objective",
    "task-objective",
    "objective-is-metric",
    "vague-objective",
    "maintain-is-a-kpi",
    "activity-not-outcome",
    "missing-baseline",
    "missing-target",
    "not-measurable",
    "percent-vs-points",
    "compound-kr",
    "input-not-result",
    "gameable-without-guardrail",
    "vanity-metric",
)
#: Rules that cannot be judged on one item; their findings are not scored.
UNLABELLED = (
    "objective-count",
    "kr-count",
    "duplicate-kr",
    "not-ambitious",
    "unrealistic",
    "missing-deadline",
)
#: Heading used for a key result whose objective the source does not give.
NO_CONTEXT = "Objective: Key result quoted without its objective"
ERROR = "<error>"


@dataclass(frozen=True)
class Item:
    """One labelled corpus row (see README.md for the columns)."""

    id: str
    kind: str
    text: str
    objective: str
    expected: frozenset
    split: str
    ambiguous: bool
    source: str
    note: str


def parse_expected(value):
    """Split an ``expected`` cell into a frozenset of rule names.

    >>> sorted(parse_expected("missing-baseline;compound-kr"))
    ['compound-kr', 'missing-baseline']
    >>> parse_expected("")
    frozenset()
    """
    return frozenset(part.strip() for part in value.split(";") if part.strip())


def load_items(path=CORPUS):
    """Read and check the corpus file.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The CSV file (default: ``items.csv`` next to this module).

    Returns
    -------
    list of Item
        One per row, in file order.

    Raises
    ------
    ValueError
        On a wrong header, or a cell that breaks the format; the message names
        the file, the line, the item id and the column.
    """
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: header must be {','.join(COLUMNS)}")
        items = []
        for line, row in enumerate(reader, start=2):
            item = Item(
                id=row["id"],
                kind=row["kind"],
                text=row["text"],
                objective=row["objective"],
                expected=parse_expected(row["expected"]),
                split=row["split"],
                ambiguous=row["ambiguous"] == "true",
                source=row["source"],
                note=row["note"],
            )
            problems = _row_problems(item, row)
            if problems:
                raise ValueError(f"{path}:{line} ({item.id}): " + "; ".join(problems))
            items.append(item)
    return items


def load_written(path):
    """Read a set we wrote ourselves (paraphrases, probes) as tune, unambiguous items.

    A paraphrase file has ``source_id`` and ``change`` columns, a probe file a ``note``
    column; both have id, kind, text, objective and expected.
    """
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [
        Item(
            id=r["id"],
            kind=r["kind"],
            text=r["text"],
            objective=r["objective"],
            expected=parse_expected(r["expected"]),
            split="tune",
            ambiguous=False,
            source=f"paraphrase of {r['source_id']}" if "source_id" in r else "self-written probe",
            note=r.get("change", r.get("note", "")),
        )
        for r in rows
    ]


def _row_problems(item, row):
    problems = []
    if item.kind not in KINDS:
        problems.append(f"kind {item.kind!r} is not one of {KINDS}")
    if item.split not in SPLITS:
        problems.append(f"split {item.split!r} is not one of {SPLITS}")
    if row["ambiguous"] not in ("true", "false"):
        problems.append(f"ambiguous {row['ambiguous']!r} is not true/false")
    unknown = sorted(item.expected - set(RULES))
    if unknown:
        problems.append(f"expected names unknown rules {unknown}")
    if not item.text.strip():
        problems.append("text is empty")
    if "\n" in item.text or "\n" in item.objective:
        problems.append("text and objective must be one line")
    if not item.source.strip():
        problems.append("source is empty")
    return problems


def item_text(item):
    """The text handed to the linter for one item."""
    if item.kind == "objective":
        return f"Objective: {item.text}"
    heading = f"Objective: {item.objective}" if item.objective else NO_CONTEXT
    return f"{heading}\n- {item.text}"


def fired_rules(item, lint_text):
    """Rules that fired on this item itself (objective- or key-result-level)."""
    want_kr = item.kind == "key_result"
    try:
        report = lint_text(item_text(item))
        return frozenset(f.rule for f in report if (f.key_result is not None) == want_kr)
    except Exception:  # a crash, also while reading the findings, is a miss and is reported
        return frozenset({ERROR})


def run(items, lint_text=None):
    """Lint every item alone.

    Parameters
    ----------
    items : list of Item
    lint_text : callable, optional
        ``lint_text(text)`` returning findings with ``.rule`` and
        ``.key_result``; default ``okrlab.lint_text``.

    Returns
    -------
    dict
        Item id -> frozenset of the rules that fired on that item (``ERROR``
        when linting raised).
    """
    if lint_text is None:
        from okrlab import lint_text
    return {item.id: fired_rules(item, lint_text) for item in items}


def _rate(num, den):
    return num / den if den else math.nan


def _se(num, den):
    """Binomial standard error of num/den."""
    if not den:
        return math.nan
    p = num / den
    return math.sqrt(p * (1 - p) / den)


def per_rule(items, fired, split):
    """Per-rule counts and rates on one split's unambiguous items.

    Parameters
    ----------
    items : list of Item
    fired : dict
        As returned by :func:`run`.
    split : {"tune", "heldout"}

    Returns
    -------
    list of dict
        One per rule in :data:`RULES`, with keys ``rule``, ``expected`` (items
        labelled with it), ``fired`` (items it fired on), ``tp`` (both),
        ``precision`` (tp / fired) and ``recall`` (tp / expected); a rate is NaN
        when its denominator is 0.
    """
    scored = [it for it in items if it.split == split and not it.ambiguous]
    rows = []
    for rule in RULES:
        exp = sum(rule in it.expected for it in scored)
        fire = sum(rule in fired[it.id] for it in scored)
        tp = sum(rule in it.expected and rule in fired[it.id] for it in scored)
        rows.append(
            {
                "rule": rule,
                "expected": exp,
                "fired": fire,
                "tp": tp,
                "precision": _rate(tp, fire),
                "recall": _rate(tp, exp),
            }
        )
    return rows


def summary(items, fired, split):
    """Headline numbers for one split (unambiguous items only).

    Parameters
    ----------
    items : list of Item
    fired : dict
        As returned by :func:`run`.
    split : {"tune", "heldout"}

    Returns
    -------
    dict
        ``items``, ``flawed``, ``clean`` (counts); ``labels`` (expected rule
        labels); ``tp`` (labels whose rule fired); ``scored_findings`` (fired
        labelled rules); ``label_recall`` = tp / labels (recall with the right
        rule) and ``label_recall_se`` (binomial SE); ``precision`` = tp /
        scored_findings; ``right_rule_items`` (share of flawed items with at
        least one expected rule among the findings); ``any_finding_items``
        (share of flawed items with any scored finding);
        ``clean_false_alarms`` (clean items with any scored finding),
        ``clean_false_alarm_rate`` and ``clean_false_alarm_se``;
        ``unlabelled_findings`` (findings of :data:`UNLABELLED` rules, not
        scored) and ``errors`` (items whose linting raised).
    """
    scored = [it for it in items if it.split == split and not it.ambiguous]
    flawed = [it for it in scored if it.expected]
    clean = [it for it in scored if not it.expected]
    labelled = set(RULES)

    def got(it):
        return fired[it.id] & labelled

    labels = sum(len(it.expected) for it in scored)
    tp = sum(len(it.expected & got(it)) for it in scored)
    findings = sum(len(got(it)) for it in scored)
    false_alarms = sum(bool(got(it)) for it in clean)
    return {
        "items": len(scored),
        "flawed": len(flawed),
        "clean": len(clean),
        "labels": labels,
        "tp": tp,
        "scored_findings": findings,
        "label_recall": _rate(tp, labels),
        "label_recall_se": _se(tp, labels),
        "precision": _rate(tp, findings),
        "right_rule_items": _rate(sum(bool(it.expected & got(it)) for it in flawed), len(flawed)),
        "any_finding_items": _rate(sum(bool(got(it)) for it in flawed), len(flawed)),
        "clean_false_alarms": false_alarms,
        "clean_false_alarm_rate": _rate(false_alarms, len(clean)),
        "clean_false_alarm_se": _se(false_alarms, len(clean)),
        "unlabelled_findings": sum(len(fired[it.id] & set(UNLABELLED)) for it in scored),
        "errors": sum(ERROR in fired[it.id] for it in scored),
    }


def ambiguous_agreement(items, fired):
    """Share of ambiguous items where the scored findings equal the tentative label."""
    amb = [it for it in items if it.ambiguous]
    same = sum((fired[it.id] & set(RULES)) == it.expected for it in amb)
    return {"items": len(amb), "agree": same, "rate": _rate(same, len(amb))}


def misses(items, fired, split, rule=None):
    """Unambiguous items of a split where the scored findings differ from the label.

    Returns (item, missing rules, extra rules) tuples, for reading the errors.
    """
    out = []
    for it in items:
        if it.split != split or it.ambiguous:
            continue
        got = fired[it.id] & set(RULES)
        missing, extra = it.expected - got, got - it.expected
        if rule is not None and rule not in missing | extra:
            continue
        if missing or extra:
            out.append((it, missing, extra))
    return out
