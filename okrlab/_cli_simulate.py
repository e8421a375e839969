"""Simulate the Goodhart funnel (a marketing team under a cost-per-lead target)
and write the weekly data to a CSV file.

Example: okrlab simulate out.csv --target-week 52 --pressure 0.8 --runs 20 --seed 1

Columns are documented in okrlab.simulate_funnel. With --shares FILE the
budget share per segment (long format) is written too. Exit status: 0 written,
2 usage error or bad parameter (the message names it).
"""

from __future__ import annotations


def add_arguments(parser) -> None:
    """Add the ``okrlab simulate`` options to an argparse parser."""
    parser.add_argument("output", metavar="OUT.csv", help="CSV file to write (never overwritten "
                        "unless --force)")  # fmt: skip
    parser.add_argument("--weeks", type=int, default=156, help="weeks to simulate (156)")
    parser.add_argument("--runs", type=int, default=1, help="Monte Carlo runs (1)")
    parser.add_argument("--target-week", type=int, default=None,
                        help="week index (0-based) where the CPL target starts (none)")  # fmt: skip
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
    from ._io import check_outputs
    from .goodhart import simulate_funnel

    # Same path twice, dangling or outside-folder symlinks, folders/devices and
    # (without --force) existing files are refused before anything runs.
    outputs = [("", args.output)] + ([("--shares", args.shares)] if args.shares else [])
    targets = check_outputs(outputs, force=args.force)
    result = simulate_funnel(
        n_weeks=args.weeks,
        n_runs=args.runs,
        target_week=args.target_week,
        pressure=args.pressure,
        gaming=args.gaming,
        quality_gap=args.quality_gap,
        weekly_budget=args.budget,
        start=args.start,
        seed=args.seed,
        return_shares=bool(args.shares),
    )
    weekly, shares = result if args.shares else (result, None)
    weekly.to_csv(targets[0], index=False, lineterminator="\n", date_format="%Y-%m-%d")
    message = f"wrote {len(weekly):,} rows to {targets[0]}"
    if shares is not None:
        shares.to_csv(targets[1], index=False, lineterminator="\n", date_format="%Y-%m-%d")
        message += f" and {len(shares):,} rows to {targets[1]}"
    print(message)
    return 0
