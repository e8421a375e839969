"""Does a KPI still predict the business outcome? Audit columns of a CSV.

Example: okrlab audit marketing.csv --kpi cpl --direction lower --outcome revenue

Prints a report (or JSON with --format json). Exit status 0 when an audit
was produced, whatever the verdict; 2 for usage or input errors. Nothing is
written except the --plot file, which may not be the input file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .errors import DataError, ParameterError


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE.csv", help="CSV with one row per period")
    parser.add_argument(
        "--kpi", action="append", required=True, metavar="COL", help="KPI column (repeatable)"
    )
    parser.add_argument("--outcome", required=True, metavar="COL", help="outcome column")
    parser.add_argument("--date", metavar="COL", help="date column (default: date/week/month)")
    parser.add_argument(
        "--direction",
        choices=["higher", "lower"],
        help="which way is better for the KPI(s); sets the expected sign",
    )
    parser.add_argument("--max-lag", type=int, metavar="N", help="largest lead searched")
    parser.add_argument("--freq", choices=["W", "M"], help="resample to weeks or months (mean)")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--plot", metavar="OUT.png", help="also save the audit figure(s)")
    parser.add_argument(
        "--n-boot", type=int, default=2000, metavar="B", help="bootstrap resamples (2000)"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="random seed (default 0: reruns give the same numbers)"
    )


def _plot_paths(out: Path, names):
    if len(names) == 1:
        return [out]
    return [out.with_name(f"{out.stem}_{n}{out.suffix}") for n in names]


def run(args) -> int:
    import pandas as pd

    from .audit import audit_many

    src = Path(args.file)
    if not src.is_file():
        raise DataError(f"no such file: {args.file}")
    kpis = list(dict.fromkeys(args.kpi))
    plot_paths = []
    if args.plot:
        plot_paths = _plot_paths(Path(args.plot), kpis)
        for p in plot_paths:
            if p.resolve() == src.resolve():
                raise ParameterError(f"--plot {p} would overwrite the input file; choose another")
            if p.suffix.lower() not in (".png", ".svg", ".pdf"):
                raise ParameterError(f"--plot {p}: use a .png, .svg or .pdf file name")
            if not p.parent.exists():
                raise ParameterError(f"--plot {p}: folder {p.parent} does not exist")
    try:
        df = pd.read_csv(src)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read {args.file} as CSV: {str(exc).splitlines()[0]}") from None
    # Error messages then point at CSV line numbers (line 1 is the header).
    df.index = pd.RangeIndex(2, len(df) + 2, name="line")
    if args.outcome in kpis:
        raise ParameterError(f"kpi and outcome are the same column ({args.outcome!r})")
    # One pass for all KPIs: the data are cleaned once and the bootstrap
    # resamples shared; each result equals a separate audit() with the same seed.
    _, by_kpi = audit_many(
        df,
        outcome=args.outcome,
        kpis=kpis,
        date=args.date,
        directions=None if args.direction is None else dict.fromkeys(kpis, args.direction),
        max_lag=args.max_lag,
        freq=args.freq,
        n_boot=args.n_boot,
        seed=args.seed,
        return_results=True,
    )
    results = [by_kpi[k] for k in kpis]
    if args.format == "json":
        dicts = [r.to_dict() for r in results]
        payload = dicts[0] if len(dicts) == 1 else {"outcome": args.outcome, "results": dicts}
        json.dump(payload, sys.stdout, indent=2, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print("\n\n".join(str(r) for r in results))
    if plot_paths:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        for r, p in zip(results, plot_paths, strict=True):
            fig = r.plot()
            fig.savefig(p, dpi=100)
            plt.close(fig)
            if args.format == "text":
                print(f"\nfigure saved to {p}")
    return 0
