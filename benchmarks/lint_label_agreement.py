"""How far two careful people agree on the corpus labels (inter-rater agreement).

A second labeller labelled a random sample of corpus items (``second_labels.csv`` in
tests/lint_corpus/) from the labelling guide and the item text alone, without seeing the
corpus labels or any linter output. This script compares the two sets of labels:

* the second labeller scored exactly as the linter is scored (recall with the right rule,
  precision, false alarms on clean items, against the corpus labels, on the items the corpus
  calls unambiguous): the score a second careful human gets, i.e. a ceiling for what any
  linter can be expected to reach on these labels;
* item-level exact agreement and Cohen's kappa per rule (items both call unambiguous);
* the linter against each labeller, on the tune part of the sample only (the held-out part is
  for the final report and is not re-scored here).

    .venv/bin/python benchmarks/lint_label_agreement.py
"""

from __future__ import annotations

import csv
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "tests" / "lint_corpus"
sys.path.insert(0, str(CORPUS_DIR))

import score  # noqa: E402
from lint_corpus_report import _fmt  # noqa: E402  (same folder: the report's number format)

SECOND = CORPUS_DIR / "second_labels.csv"


def load_second(path=None):
    """``{id: (frozenset of rules, ambiguous)}`` from the second labeller's file."""
    with open(path or SECOND, newline="", encoding="utf-8") as fh:
        return {
            row["id"]: (score.parse_expected(row["expected"]), row["ambiguous"] == "true")
            for row in csv.DictReader(fh)
        }


def kappa(pairs):
    """Cohen's kappa for a list of (a, b) booleans; nan when chance agreement is 1."""
    n = len(pairs)
    if n == 0:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    pa = sum(a for a, _ in pairs) / n
    pb = sum(b for _, b in pairs) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    return float("nan") if chance == 1 else (observed - chance) / (1 - chance)


def agreement(items, second):
    """Agreement numbers for the sampled items (see the module docstring)."""
    sample = [it for it in items if it.id in second]
    both = [it for it in sample if not it.ambiguous and not second[it.id][1]]
    exact = sum(it.expected == second[it.id][0] for it in both)
    per_rule = []
    for rule in score.RULES:
        pairs = [(rule in it.expected, rule in second[it.id][0]) for it in both]
        if any(a or b for a, b in pairs):
            per_rule.append(
                (rule, sum(a for a, _ in pairs), sum(b for _, b in pairs), kappa(pairs))
            )
    return {
        "sample": len(sample),
        "corpus_ambiguous": sum(it.ambiguous for it in sample),
        "second_ambiguous": sum(second[it.id][1] for it in sample),
        "both_unambiguous": len(both),
        "exact": exact,
        "per_rule": per_rule,
    }


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else SECOND
    items = score.load_items()
    second = load_second(path)
    unknown = sorted(set(second) - {it.id for it in items})
    if unknown:
        raise SystemExit(f"{path.name}: ids not in items.csv: {', '.join(unknown[:5])}")
    sample = [it for it in items if it.id in second]
    as_linter = {it.id: second[it.id][0] for it in sample}

    print(
        f"sample: {len(sample)} items ({sum(it.kind == 'objective' for it in sample)} objectives)"
    )
    print()
    print("second labeller scored like the linter, against the corpus labels")
    print(f"{'':34s}{'tune':>14s}{'held-out':>14s}{'both':>14s}")
    sums = {s: score.summary(sample, as_linter, s) for s in score.SPLITS}
    # one summary over both splits: the same items with their split field set to "tune"
    merged = score.summary([replace(it, split="tune") for it in sample], as_linter, "tune")
    cols = [sums["tune"], sums["heldout"], merged]
    for label, key, se_key in (
        ("recall with the right rule", "label_recall", "label_recall_se"),
        ("precision", "precision", None),
        ("clean items with a finding", "clean_false_alarm_rate", "clean_false_alarm_se"),
    ):
        cells = "".join(
            f"{_fmt(c[key]) + (' ±' + _fmt(c[se_key]) if se_key else ''):>14s}" for c in cols
        )
        print(f"{label:34s}{cells}")
    print(
        f"{'  (labels / clean items)':34s}"
        + "".join(f"{str(c['labels']) + ' / ' + str(c['clean']):>14s}" for c in cols)
    )
    for kind in score.KINDS:
        part = [replace(it, split="tune") for it in sample if it.kind == kind]
        s = score.summary(part, as_linter, "tune")
        print(
            f"  {kind + 's':32s}recall {_fmt(s['label_recall'])} ({s['tp']}/{s['labels']}), "
            f"clean with a finding {s['clean_false_alarms']}/{s['clean']}"
        )

    agr = agreement(items, second)
    n = agr["both_unambiguous"]
    p = score._rate(agr["exact"], n)
    print()
    print(
        f"ambiguous: corpus {agr['corpus_ambiguous']}, second labeller {agr['second_ambiguous']} "
        f"of {agr['sample']}; both unambiguous: {n}"
    )
    print(f"same label set on {agr['exact']}/{n} = {_fmt(p)} ±{_fmt(score._se(agr['exact'], n))}")
    print(f"{'rule':28s}{'corpus':>8s}{'second':>8s}{'kappa':>8s}")
    for rule, a, b, k in agr["per_rule"]:
        print(f"{rule:28s}{a:>8d}{b:>8d}{_fmt(k):>8s}")

    from okrlab import lint_text

    tune = [it for it in sample if it.split == "tune"]
    fired = score.run(tune, lint_text)
    vs_corpus = score.summary(tune, fired, "tune")
    second_ref = [replace(it, expected=second[it.id][0], ambiguous=second[it.id][1]) for it in tune]
    vs_second = score.summary(second_ref, fired, "tune")
    print()
    print(f"linter on the tune part of the sample ({len(tune)} items)")
    for name, s in (("against the corpus labels", vs_corpus), ("against the second", vs_second)):
        print(
            f"  {name:30s}recall {_fmt(s['label_recall'])} ({s['tp']}/{s['labels']}), "
            f"precision {_fmt(s['precision'])}, clean with a finding "
            f"{s['clean_false_alarms']}/{s['clean']}"
        )


if __name__ == "__main__":
    main()
