"""Key-result rules under rewording: paraphrases of tune items keep their findings.

tests/lint_corpus/paraphrases_kr.csv holds 160 paraphrases WRITTEN BY US, not real items:
80 unambiguous tune key results drawn with ``random.Random(1818)`` (25 clean, 55 flawed),
each reworded twice (tense and voice, synonyms, word order, number format, baseline form,
prefixes and bullets, British spelling, a same-class metric noun). A paraphrase keeps its
source item's label unless the rewording changes what it asks for. They were written and
committed before the linter was run on them; the first look was recall 0.849 (107 of 126
labels) with 5 of 50 clean paraphrases flagged.

They measure robustness, not real-world accuracy: the corpus scorer (tests/lint_corpus/
score.py) runs on them as on a split of its own. The floors sit a little under what the
linter reaches, so a change that makes the key-result rules depend on one wording fails.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "lint_corpus"))

import score  # noqa: E402

PARAPHRASES = Path(__file__).resolve().parent / "lint_corpus" / "paraphrases_kr.csv"
COLUMNS = ["id", "source_id", "kind", "text", "objective", "expected", "change"]
MIN_RECALL = 0.88
MAX_CLEAN_FALSE_ALARMS = 3


def _items():
    with PARAPHRASES.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        rows = list(reader)
    return [
        score.Item(
            id=r["id"],
            kind=r["kind"],
            text=r["text"],
            objective=r["objective"],
            expected=score.parse_expected(r["expected"]),
            split="tune",
            ambiguous=False,
            source=f"paraphrase of {r['source_id']}",
            note=r["change"],
        )
        for r in rows
    ]


def test_paraphrase_file_is_well_formed():
    items = _items()
    sources = {it.source for it in items}
    assert len(items) == 160 and len(sources) == 80
    assert len({it.id for it in items}) == len(items)
    assert all(it.kind == "key_result" and it.expected <= set(score.RULES) for it in items)
    tune = {it.id for it in score.load_items() if it.split == "tune" and it.kind == "key_result"}
    assert {s.removeprefix("paraphrase of ") for s in sources} <= tune


def test_paraphrases_keep_their_findings():
    items = _items()
    summary = score.summary(items, score.run(items), "tune")
    assert summary["label_recall"] >= MIN_RECALL, summary
    assert summary["clean_false_alarms"] <= MAX_CLEAN_FALSE_ALARMS, summary
