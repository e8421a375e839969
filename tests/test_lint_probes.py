"""Key-result rules on fresh probes: tests/lint_corpus/probe_kr.csv.

The 120 key results in probe_kr.csv were WRITTEN BY US (session 19), not collected from any
real OKR set: 50 clean outcome key results with a baseline and a target across sales,
marketing, support, engineering/SRE, product, HR, finance, operations, education, health and
nonprofits; 25 compound-kr items in many shapes ('and', commas, 'while', 'with', semicolons,
'as well as', 'both ... and', slash lists); 45 spread over gameable-without-guardrail,
vanity-metric, not-measurable, missing-baseline, activity-not-outcome, percent-vs-points,
input-not-result and missing-target. Each was labelled by the corpus labelling guide
(tests/lint_corpus/README.md) and committed before the linter was run on it; items a careful
labeller could read two ways were left out.

First look (before any change): recall with the right rule 0.829 (58 of 70 labels),
precision 0.906, 0 of 50 clean items flagged; compound-kr 15/25, percent-vs-points 4/5,
not-measurable 5/6, activity-not-outcome fired on 5 items not labelled with it.
After the session-19 fixes (each a general rule, checked on the tune split): recall 0.971
(68/70), precision 1.000, 0/50 clean flagged, compound-kr 23/25. The fixes were made while
looking at these probes, so the probes are no longer a fresh test; they now guard the fixes.

They measure how the rules carry over to writing they were not fitted to, not real-world
accuracy (the probes are cleaner than real OKRs). The floors sit a little under what the
linter reaches, so a change that loses the generalisation fails.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "lint_corpus"))

import score  # noqa: E402

PATH = Path(__file__).resolve().parent / "lint_corpus" / "probe_kr.csv"
COLUMNS = ["id", "kind", "text", "objective", "expected", "note"]


def _items(path=PATH):
    with path.open(encoding="utf-8", newline="") as fh:
        assert csv.DictReader(fh).fieldnames == COLUMNS
    return score.load_written(path)


@pytest.fixture(scope="module")
def scored():
    from okrlab import lint_text

    items = _items()
    return items, score.run(items, lint_text)


def test_probe_file_shape():
    items = _items()
    assert len(items) == 120
    assert len({it.id for it in items}) == 120
    assert all(it.kind == "key_result" for it in items)
    clean = [it for it in items if not it.expected]
    compound = [it for it in items if "compound-kr" in it.expected]
    assert len(clean) == 50 and len(compound) == 25


def test_probe_recall_and_precision(scored):
    items, fired = scored
    s = score.summary(items, fired, "tune")
    assert s["label_recall"] >= 0.93, s
    assert s["precision"] >= 0.93, s


def test_probe_clean_false_alarms(scored):
    items, fired = scored
    s = score.summary(items, fired, "tune")
    assert s["clean_false_alarms"] <= 1, s


def test_probe_compound_recall(scored):
    items, fired = scored
    rules = {r["rule"]: r for r in score.per_rule(items, fired, "tune")}
    assert rules["compound-kr"]["tp"] >= 21, rules["compound-kr"]


# -- objectives: tests/lint_corpus/probe_obj.csv ---------------------------------------------
# 200 objectives WRITTEN BY US (session 19) by a helper who never read the linter or ran it:
# 60 clean, 35 task, 30 output, 30 metric, 35 vague, 10 maintain, across trades and sectors,
# with prefixes, passives, noun phrases, British spelling and a few typos. Committed before the
# linter was run on them. First look (session-start code): recall 0.807 (113/140), 4 of 60
# clean flagged, task-objective 21/35. After the session's objective fixes, made while looking
# at them (so no longer a fresh test): 0.943 (132/140), 1 of 60.
OBJ_PATH = Path(__file__).resolve().parent / "lint_corpus" / "probe_obj.csv"


def test_objective_probes():
    from okrlab import lint_text

    items = _items(OBJ_PATH)
    assert len(items) == 200 and len({it.id for it in items}) == 200
    assert all(it.kind == "objective" for it in items)
    s = score.summary(items, score.run(items, lint_text), "tune")
    assert s["labels"] == 140 and s["clean"] == 60
    assert s["label_recall"] >= 0.90, s
    assert s["clean_false_alarms"] <= 2, s
