"""Check OKR files against good practice (tasks dressed as key results, KPI
targets dressed as objectives, gameable metrics without guardrails, targets
with no baseline or date, and, with --history, sandbagged or unrealistic
targets).

Files ending in .yaml/.yml are read in okrlab's OKR YAML format; any other
file as plain text (Objective: lines with - bullets). Switch a rule off in a
file with '# okrlab: ignore=RULE' (text) or 'lint: {ignore: [RULE]}' (YAML).

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error or
unreadable input.
"""

from __future__ import annotations

import json
import math

from .errors import ParameterError


def _rules(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def add_arguments(parser) -> None:
    """Add the ``okrlab lint`` options to an argparse parser."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="OKR files (YAML or text)")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: 'file:line: severity rule: message' lines (default); json: one document "
        "with each file's score, each objective's score and the findings",
    )
    parser.add_argument(
        "--history",
        metavar="CSV",
        help="past values of the metrics, one column per metric and a date column; "
        "turns on the not-ambitious and unrealistic rules",
    )
    parser.add_argument(
        "--select",
        type=_rules,
        metavar="RULES",
        help="comma-separated rules to run (default: all)",
    )
    parser.add_argument(
        "--ignore",
        type=_rules,
        metavar="RULES",
        help="comma-separated rules to skip, e.g. vanity-metric,kr-count",
    )


def _named(report, path):
    """The report labelled with the path as the user typed it (reports are read-only)."""
    from .lint import LintReport

    if report.path == str(path):
        return report
    return LintReport(list(report), path=str(path), checks=report._checks)


def run(args) -> int:
    """Lint every file; print the findings; return the exit status."""
    from .lint import RULES, _prepare_history, lint

    for option in ("select", "ignore"):
        for name in getattr(args, option) or ():
            if name not in RULES:
                raise ParameterError(
                    f"--{option}: unknown rule {name!r}; known rules: {', '.join(RULES)}"
                )
    history = _prepare_history(args.history) if args.history else None
    reports = [
        _named(lint(path, history=history, select=args.select, ignore=args.ignore), path)
        for path in args.files
    ]
    errors = sum(r.counts()["error"] for r in reports)
    warnings = sum(r.counts()["warning"] for r in reports)
    infos = sum(r.counts()["info"] for r in reports)
    if args.format == "json":
        doc = {
            "files": [r.to_dict() for r in reports],
            "summary": {"errors": errors, "warnings": warnings, "info": infos},
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        for r in reports:
            if len(r):
                print(r.to_text())
        for r in reports:
            score = "n/a" if math.isnan(r.score) else f"{r.score:.0%}"
            print(f"{r.path}: score {score} of checks passed")
        print(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning"
            f"{'s' * (warnings != 1)}, {infos} info in {len(reports)} "
            f"file{'s' * (len(reports) != 1)}"
        )
    return 1 if errors else 0
