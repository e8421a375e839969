"""Print how okrlab's linter scores on the labelled corpus of real OKR items.

The corpus and its labelling guide are in tests/lint_corpus/ (items.csv,
README.md); the scoring code is tests/lint_corpus/score.py. Prints, for the
tune and the held-out split: headline rates with binomial standard errors and
counts, then precision and recall per rule with their counts, then the
agreement on ambiguous items. The issue's goals (held-out): recall with the
right rule >= 0.85, false alarms on clean items <= 3%.

    .venv/bin/python benchmarks/lint_corpus_report.py
    .venv/bin/python benchmarks/lint_corpus_report.py --misses tune [--rule missing-baseline]
    .venv/bin/python benchmarks/lint_corpus_report.py --compare 34fd2e6   # v1 linter vs now
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "tests" / "lint_corpus"
sys.path.insert(0, str(CORPUS_DIR))

import score  # noqa: E402


def _fmt(x, digits=3):
    return "  -  " if isinstance(x, float) and math.isnan(x) else f"{x:.{digits}f}"


def print_summary(items, fired):
    rows = [
        ("unambiguous items", "items", None),
        ("  flawed", "flawed", None),
        ("  clean", "clean", None),
        ("expected labels", "labels", None),
        ("recall with the right rule", "label_recall", "label_recall_se"),
        ("precision of scored findings", "precision", None),
        ("flawed items: right rule among findings", "right_rule_items", None),
        ("flawed items: any finding", "any_finding_items", None),
        ("clean items with a false alarm", "clean_false_alarm_rate", "clean_false_alarm_se"),
        ("  (count)", "clean_false_alarms", None),
        ("findings of unlabelled rules (not scored)", "unlabelled_findings", None),
        ("items whose linting raised", "errors", None),
    ]
    sums = {s: score.summary(items, fired, s) for s in score.SPLITS}
    print(f"{'':44s}{'tune':>16s}{'held-out':>16s}")
    for label, key, se_key in rows:
        cells = []
        for s in score.SPLITS:
            v = sums[s][key]
            if isinstance(v, int):
                cells.append(f"{v:>16d}")
            else:
                se = f" ±{_fmt(sums[s][se_key])}" if se_key else ""
                cells.append(f"{_fmt(v) + se:>16s}")
        print(f"{label:44s}" + "".join(cells))


def print_by_kind(items, fired):
    print(
        f"{'by kind':32s}"
        + "".join(f"{s + ' ' + k[:9]:>16s}" for s in ("tune", "held") for k in score.KINDS)
    )
    rows = {}
    for split in score.SPLITS:
        for kind in score.KINDS:
            rows[split, kind] = score.summary([it for it in items if it.kind == kind], fired, split)
    for key, label in (
        ("label_recall", "recall with the right rule"),
        ("clean_false_alarm_rate", "clean items with a false alarm"),
        ("labels", "expected labels"),
        ("clean", "clean items"),
    ):
        cells = []
        for split in score.SPLITS:
            for kind in score.KINDS:
                v = rows[split, kind][key]
                cells.append(f"{v:>16d}" if isinstance(v, int) else f"{_fmt(v):>16s}")
        print(f"{label:32s}" + "".join(cells))


def print_rules(items, fired):
    tables = {s: score.per_rule(items, fired, s) for s in score.SPLITS}
    head = f"{'rule':28s}" + "".join(
        f"{'| ' + s:<8s}{'exp':>5s}{'fired':>6s}{'tp':>5s}{'prec':>7s}{'recall':>7s}  "
        for s in ("tune", "held")
    )
    print(head)
    for i, rule in enumerate(score.RULES):
        line = f"{rule:28s}"
        for s in score.SPLITS:
            r = tables[s][i]
            line += (
                f"{'|':<8s}{r['expected']:>5d}{r['fired']:>6d}{r['tp']:>5d}"
                f"{_fmt(r['precision']):>7s}{_fmt(r['recall']):>7s}  "
            )
        print(line)


def print_misses(items, fired, split, rule):
    for it, missing, extra in score.misses(items, fired, split, rule):
        miss = ",".join(sorted(missing)) or "-"
        more = ",".join(sorted(extra)) or "-"
        print(f"{it.id:14s} missing={miss:30s} extra={more:30s} {it.text[:90]}")


_SUMMARY_OF_REF = """
import json, sys
sys.path.insert(0, sys.argv[1])
import okrlab, score
lint_text = getattr(okrlab, "lint_text", None)
if lint_text is None:
    from okrlab.lint import lint_text
items = score.load_items()
fired = score.run(items, lint_text)
print(json.dumps({s: score.summary(items, fired, s) for s in score.SPLITS}))
"""


def summary_at(ref):
    """Summaries of the linter as committed at git ``ref`` (run in a subprocess)."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "okrlab"], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        out = subprocess.run(
            [sys.executable, "-c", _SUMMARY_OF_REF, str(CORPUS_DIR)],
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp,
            env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"},
        ).stdout
    return json.loads(out)


def print_compare(ref, items, fired):
    then = summary_at(ref)
    now = {s: score.summary(items, fired, s) for s in score.SPLITS}
    keys = ("label_recall", "precision", "right_rule_items", "clean_false_alarm_rate")
    print(
        f"{'':32s}" + "".join(f"{s + ' ' + ref[:10]:>22s}{s + ' now':>16s}" for s in score.SPLITS)
    )
    for key in keys:
        cells = "".join(
            f"{_fmt(float(then[s][key])):>22s}{_fmt(now[s][key]):>16s}" for s in score.SPLITS
        )
        print(f"{key:32s}{cells}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", choices=score.SPLITS, help="list disagreeing items")
    parser.add_argument("--rule", choices=score.RULES, help="with --misses: only this rule")
    parser.add_argument("--compare", metavar="GITREF", help="also score okrlab as of this commit")
    args = parser.parse_args(argv)

    items = score.load_items()
    start = time.perf_counter()
    fired = score.run(items)
    seconds = time.perf_counter() - start
    n_src = len({it.source for it in items})
    print(f"corpus: {len(items)} items from {n_src} sources; linted one by one in {seconds:.2f} s")
    print()
    print_summary(items, fired)
    print()
    print_by_kind(items, fired)
    print()
    print_rules(items, fired)
    broken = [it for it in items if score.ERROR in fired[it.id]]
    if broken:
        print()
        print(f"linting raised on {len(broken)} items (all splits, ambiguous included); first:")
        try:
            from okrlab import lint_text

            lint_text(score.item_text(broken[0]))
        except Exception as exc:  # show what the scorer counted as an error
            print(f"  {broken[0].id}: {type(exc).__name__}: {exc}")
    amb = score.ambiguous_agreement(items, fired)
    print()
    print(
        f"ambiguous items (not scored): {amb['items']}, "
        f"findings equal the tentative label on {amb['agree']} ({_fmt(amb['rate'])})"
    )
    if args.compare:
        print()
        print_compare(args.compare, items, fired)
    if args.misses:
        print()
        print_misses(items, fired, args.misses, args.rule)


if __name__ == "__main__":
    main()
