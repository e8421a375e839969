"""Append a labelled batch to items.csv and assign its splits by the README's balance rule.

Usage: ``python tests/lint_corpus/add_batch.py BATCH.csv``

The batch has the columns of items.csv with ``split`` empty. Each new source, in the order it
first appears in the batch, goes to the split that keeps tune nearest 60% of all items; rows
whose id, (kind, text) or source is already in items.csv are refused. One file of a GitHub
repository at two commits is one source. Only counts are printed,
never item texts, so that adding a batch shows nothing of the held-out split.

Pages that one publisher spreads over several addresses with the same sample sets, or a
publisher's further posts on its own OKRs (``SOURCE_FAMILIES``), are drawn together as one
source, so that no split holds a copy of an item the other split was built from; a new page
of a family already in items.csv joins that family's split.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

ITEMS = Path(__file__).resolve().parent / "items.csv"
TUNE_SHARE = 0.6


def source_key(source: str) -> str:
    """The source a split is drawn for: a GitHub file at any commit is one source."""
    return re.sub(r"^(github:[^@]+)@[0-9a-fA-F]+:", r"\1:", source)


#: Web hosts of one publisher that repeat the same sample OKR sets under several addresses
#: (a host matches itself and its subdomains).
SOURCE_FAMILIES = {
    "franconnect.com": "franchise-sample-okrs",
    "franchiseblast.com": "franchise-sample-okrs",
    "franchiseblast.freshdesk.com": "franchise-sample-okrs",
    "downloadyouthministry.com": "download-youth-ministry-blog",
}


def split_key(source: str) -> str:
    """The group a split is drawn for: a source, or its publisher's family of pages."""
    host = urlsplit(source).hostname or ""
    for domain, family in SOURCE_FAMILIES.items():
        if host == domain or host.endswith("." + domain):
            return family
    return source_key(source)


def assign_splits(rows, batch):
    """Return the batch rows with ``split`` set, source by source (see module docstring)."""
    ids = {r["id"] for r in rows}
    seen = {(r["kind"], r["text"].casefold()) for r in rows}
    old_sources = {source_key(r["source"]) for r in rows}
    by_source: dict[str, list[dict]] = {}
    for r in batch:
        key = (r["kind"], r["text"].casefold())
        if r["id"] in ids or key in seen or source_key(r["source"]) in old_sources:
            raise ValueError(f"{r['id']}: id, text or source already in items.csv")
        ids.add(r["id"])
        seen.add(key)
        by_source.setdefault(split_key(r["source"]), []).append(r)
    n_tune = sum(r["split"] == "tune" for r in rows)
    n_all = len(rows)
    drawn = {split_key(r["source"]): r["split"] for r in rows}  # a family already drawn
    out = []
    for key, group in by_source.items():
        k = len(group)
        to_tune = abs((n_tune + k) / (n_all + k) - TUNE_SHARE)
        to_held = abs(n_tune / (n_all + k) - TUNE_SHARE)
        split = drawn.get(key) or ("tune" if to_tune <= to_held else "heldout")
        n_tune += k if split == "tune" else 0
        n_all += k
        out.extend({**r, "split": split} for r in group)
    return out


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python tests/lint_corpus/add_batch.py BATCH.csv", file=sys.stderr)
        return 2
    with ITEMS.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(args[0], newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != list(rows[0]):
            print(f"{args[0]}: the columns must be {','.join(rows[0])}", file=sys.stderr)
            return 2
        batch = list(reader)
    try:
        new = assign_splits(rows, batch)
    except ValueError as exc:
        print(f"{args[0]}: {exc}", file=sys.stderr)
        return 2
    with ITEMS.open("a", newline="", encoding="utf-8") as f:
        csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n").writerows(new)
    tune = sum(r["split"] == "tune" for r in new)
    print(f"added {len(new)} items: {tune} tune, {len(new) - tune} held-out")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
