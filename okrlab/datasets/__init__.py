"""Sample data shipped with okrlab: where the files are, how to load them and
how they were made.

- :mod:`okrlab.datasets._load`: :func:`list_datasets`, :func:`dataset_path`,
  :func:`load_dataset` and the facts built into the files
  (:data:`MARKETING_EVENTS`);
- :mod:`okrlab.datasets.generators`: the seeded generators of the CSV files
  (:data:`GENERATORS`) and :func:`regenerate`.

The CSV files are *simulated* (see ``datasets/README.md`` for the data
dictionary and the truths built in). Regenerate them, byte for byte, with::

    python -m okrlab.datasets --regenerate            # into datasets/
    python -m okrlab.datasets --regenerate --out DIR  # somewhere else
"""

from __future__ import annotations

import argparse

from ._load import (
    CSV_DATASETS,
    MARKETING_EVENTS,
    MARKETING_START,
    dataset_path,
    list_datasets,
    load_dataset,
)
from .generators import (
    GENERATORS,
    make_marketing_weekly,
    make_okr_checkins,
    make_okr_quarters,
    regenerate,
)

__all__ = [
    "dataset_path",
    "list_datasets",
    "load_dataset",
    "make_marketing_weekly",
    "make_okr_checkins",
    "make_okr_quarters",
    "regenerate",
    "CSV_DATASETS",
    "MARKETING_EVENTS",
    "MARKETING_START",
    "GENERATORS",
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m okrlab.datasets",
        description="Regenerate okrlab's simulated sample datasets (byte-for-byte).",
    )
    parser.add_argument("--regenerate", action="store_true", help="write the CSV files")
    parser.add_argument("--out", default=None, help="folder to write into (default: datasets/)")
    args = parser.parse_args(argv)
    if not args.regenerate:
        parser.print_help()
        return 0
    for path in regenerate(args.out):
        print(f"wrote {path}")
    return 0
