"""The quarter review from the command line: is confidence calibrated, are
targets ambitious?

FILE is one of:
- a CSV with one row per weekly check-in (columns team, quarter, kr, kind,
  baseline, target, sd_change, week_of_quarter, value, confidence: the shape of
  the okr_checkins sample): both the calibration of confidence and the
  sandbagging review run;
- a CSV with one row per key result and a final score (--score COLUMN, the
  shape of the okr_quarters sample): the score review runs;
- one or more OKR YAML files (.yaml/.yml) whose check-ins carry a confidence
  ({date, value, confidence}), e.g. one file per quarter: both run (the
  ambition test needs the metrics' history and is skipped).

Exit status: 0 no team flagged; 1 a team flagged (over- or under-confident,
sandbagging or possible sandbagging); 2 usage error or unreadable input.
"""

from __future__ import annotations

import json

from .errors import DataError


def add_arguments(parser) -> None:
    """Add the ``okrlab review`` options to an argparse parser."""
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a CSV of check-ins or of scored key results, or OKR YAML files with check-ins",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or json: one document",
    )
    parser.add_argument(
        "--score",
        metavar="COLUMN",
        help="column of final key-result scores (one row per key result, e.g. kr_score)",
    )
    parser.add_argument(
        "--kind",
        metavar="COLUMN",
        default="kind",
        help="column saying committed or aspirational (default: kind)",
    )
    parser.add_argument(
        "--alpha",
        type=float,
        default=0.05,
        help="significance level of the per-team calibration test (default 0.05)",
    )


def _check_columns(data, label):
    """CLI-worded checks of the numeric columns (the index holds CSV line numbers)."""
    import pandas as pd

    for col in ("confidence", "value", "baseline", "target", "sd_change"):
        if col not in data.columns:
            continue
        cells = data[col]
        numbers = pd.to_numeric(cells, errors="coerce")
        bad = numbers.isna() & cells.notna()
        if bad.any():
            line, cell = bad.idxmax(), cells[bad].iloc[0]
            hint = (
                f"write {float(str(cell).rstrip('% ')) / 100:g} instead of {cell}"
                if col == "confidence" and str(cell).strip().endswith("%")
                and str(cell).rstrip("% ").replace(".", "", 1).isdigit()
                else "write a plain number, or leave the cell empty"
            )  # fmt: skip
            raise DataError(f"{label}: column {col} line {line}: {cell!r} is not a number; {hint}")
        if col == "confidence":
            out = numbers.notna() & ((numbers < 0) | (numbers > 1))
            if out.any():
                line, value = out.idxmax(), numbers[out].iloc[0]
                raise DataError(
                    f"{label}: column confidence line {line}: {value:g} is not a probability "
                    f"from 0 to 1; write {value / 100:g} (divide the column by 100)"
                )


_FLAGS = {"over-confident", "under-confident", "sandbagging", "possible sandbagging"}


def run(args) -> int:
    """Run the review; print it; return the exit status."""
    from ._table import read_table
    from ._validate import check_probability
    from .review import calibration, review

    alpha = check_probability(args.alpha, "--alpha")
    yaml_files = [f for f in args.files if str(f).lower().endswith((".yaml", ".yml"))]
    if yaml_files and len(yaml_files) != len(args.files):
        raise DataError("give either OKR YAML files or one CSV file, not both")
    if not yaml_files and len(args.files) > 1:
        raise DataError(f"give one CSV file, got {len(args.files)}; combine them first")
    if yaml_files:
        from .okr import load_okrs
        from .review._checkins import checkins_from_okrs

        data, notes = checkins_from_okrs(load_okrs(f) for f in yaml_files), []
        label = ", ".join(yaml_files)
    else:
        label = args.files[0]
        data, notes = read_table(label, interface="cli", param="FILE")
        _check_columns(data, label)
    for flag, column in (("--score", args.score), ("--kind", args.kind)):
        if flag == "--score" and column is not None and column not in data.columns:
            raise DataError(
                f"{label}: no column {column!r} for --score; the columns are "
                f"{', '.join(map(str, data.columns))}"
            )
    checkins = args.score is None and {"confidence", "week_of_quarter"} <= set(data.columns)
    if args.score is None and not checkins:
        raise DataError(
            f"{label}: neither check-ins (columns week_of_quarter and confidence) nor "
            "a score column; for one row per key result pass --score COLUMN"
        )
    cal = calibration(data, alpha=alpha) if checkins else None
    rev = review(data, score=args.score, kind=args.kind)
    verdicts = set(rev.teams["verdict"])
    if cal is not None:
        verdicts |= set(cal.teams["verdict"])
    if args.format == "json":
        doc = {
            "file": label,
            "calibration": cal.to_dict() if cal is not None else None,
            "review": rev.to_dict(),
            "notes": list(notes),
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        for note in notes:
            print(f"note: {note}")
        if cal is not None:
            print(cal)
            print()
        print(rev)
    return 1 if verdicts & _FLAGS else 0
