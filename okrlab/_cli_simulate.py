"""Simulate the Goodhart funnel (a marketing team under a cost-per-lead target)
and write the weekly data to a CSV file.

Example: okrlab simulate out.csv --target-week 52 --pressure 0.8 --runs 20 --seed 1

Columns are documented in okrlab.simulate_funnel. With --shares FILE the
budget share per segment (long format) is written too. The CPL target starts
halfway through the weeks unless --target-week or --no-target says otherwise.
Runs are simulated and written 2048 at a time, so memory stays small for any
--runs (the file holds one row per run and week). Exit status: 0 written,
2 usage error or bad parameter (the message names the flag).
"""

from __future__ import annotations

from contextlib import ExitStack

from .errors import ParameterError


def add_arguments(parser) -> None:
    """Add the ``okrlab simulate`` options to an argparse parser."""
    parser.add_argument("output", metavar="OUT.csv", help="CSV file to write (never overwritten "
                        "unless --force)")  # fmt: skip
    parser.add_argument("--weeks", type=int, default=156, help="weeks to simulate (156)")
    parser.add_argument("--runs", type=int, default=1, help="Monte Carlo runs (1)")
    parser.add_argument("--target-week", type=int, default=None,
                        help="week index (0-based) where the CPL target starts (default: "
                        "halfway, weeks // 2)")  # fmt: skip
    parser.add_argument("--no-target", action="store_true",
                        help="no CPL target at all (the baseline mix all along)")  # fmt: skip
    parser.add_argument("--pressure", type=float, default=0.6,
                        help="how hard the team chases the target, 0-1 (0.6)")  # fmt: skip
    parser.add_argument("--gaming", type=float, default=0.0,
                        help="lead-definition gaming, 0-1 (0)")  # fmt: skip
    parser.add_argument("--quality-gap", type=float, default=1.0,
                        help="spread of lead quality between segments (1 = default segments)")  # fmt: skip
    parser.add_argument("--budget", type=float, default=80_000.0,
                        help="weekly budget in USD (80000)")  # fmt: skip
    parser.add_argument("--start", default="2023-01-02", help="first week (a date)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (reproducible)")
    parser.add_argument("--shares", metavar="SHARES.csv", default=None,
                        help="also write the budget share per segment")  # fmt: skip
    parser.add_argument("--force", action="store_true", help="overwrite existing files")


def run(args) -> int:
    """Run the simulation and write the CSV file(s)."""
    import inspect

    from ._io import check_outputs
    from .goodhart import simulate_funnel
    from .goodhart.funnel import stream_chunks

    # Same path twice, dangling or outside-folder symlinks, folders/devices and
    # (without --force) existing files are refused before anything runs.
    outputs = [("", args.output)] + ([("--shares", args.shares)] if args.shares else [])
    targets = check_outputs(outputs, force=args.force)
    if args.no_target and args.target_week is not None:
        raise ParameterError("--no-target and --target-week contradict each other; give one")
    kw = {
        "n_weeks": args.weeks,
        "n_runs": args.runs,
        "target_week": None if args.no_target else _target(args.target_week),
        "pressure": args.pressure,
        "gaming": args.gaming,
        "quality_gap": args.quality_gap,
        "weekly_budget": args.budget,
        "start": args.start,
        "seed": args.seed,
    }
    _check_disk(args, targets)
    defaults = {n: p.default for n, p in inspect.signature(simulate_funnel).parameters.items()}
    try:
        chunks = stream_chunks({**defaults, **kw}, with_shares=bool(args.shares))
        rows = _write(chunks, targets)
    except ParameterError as exc:
        raise ParameterError(_as_flags(str(exc))) from None
    message = f"wrote {rows[0]:,} rows to {targets[0]}"
    if args.shares:
        message += f" and {rows[1]:,} rows to {targets[1]}"
    print(message)
    return 0


# Python keyword -> command-line flag, for error messages.
_FLAGS = {
    "n_weeks": "--weeks",
    "n_runs": "--runs",
    "target_week": "--target-week",
    "weekly_budget": "--budget",
    "quality_gap": "--quality-gap",
    "pressure": "--pressure",
    "gaming": "--gaming",
    "start": "--start",
    "seed": "--seed",
}


# Python spellings in messages -> what a command-line user types instead.
_CLI_WORDS = {
    "use None for no target": "give a week in that range or pass --no-target for no target"
}


def _as_flags(message: str) -> str:
    """Say ``--weeks`` where the Python message says ``n_weeks`` (and CLI words for None)."""
    import re

    for python, cli in _CLI_WORDS.items():
        message = message.replace(python, cli)
    pattern = r"\b(" + "|".join(_FLAGS) + r")\b(?!\()"
    return re.sub(pattern, lambda m: _FLAGS[m.group(1)], message)


# Bytes per CSV row, measured on the default segments (weekly ~165, shares ~75 x 5).
_ROW_BYTES, _SHARE_ROW_BYTES = 170, 400


def _check_disk(args, targets):
    """Refuse at once a request whose CSV cannot fit on the disk it goes to."""
    import shutil

    if not (isinstance(args.runs, int) and isinstance(args.weeks, int)):
        return
    need = (
        max(args.runs, 0)
        * max(args.weeks, 0)
        * (_ROW_BYTES + (_SHARE_ROW_BYTES if args.shares else 0))
    )
    try:
        free = shutil.disk_usage(targets[0].resolve().parent).free
    except OSError:
        return
    if need > free:
        gb = 2**30
        raise ParameterError(
            f"--runs {args.runs} x --weeks {args.weeks} writes about {need / gb:,.0f} GB of CSV, "
            f"but the disk has {free / gb:,.0f} GB free; use fewer --runs (about "
            f"{max(1, int(args.runs * free / need))} fit) or --weeks"
        )


def _target(value):
    from .goodhart import HALFWAY

    return HALFWAY if value is None else value


def _write(chunks, targets):
    """Write the weekly (and shares) chunks as they come; returns the row counts."""
    rows = [0, 0]
    options = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d"}
    with ExitStack() as stack:
        files = [stack.enter_context(open(t, "w", encoding="utf-8", newline="")) for t in targets]
        for weekly, shares in chunks:
            for j, table in enumerate((weekly, shares)):
                if table is None:
                    continue
                table.to_csv(files[j], header=rows[j] == 0, **options)
                rows[j] += len(table)
    return rows
