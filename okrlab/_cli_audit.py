"""Does a KPI lead, move with or follow the business outcome? Audit columns of a CSV.

Examples:
  okrlab audit marketing.csv --kpi cpl:lower --kpi demo_requests:higher --outcome revenue
  okrlab audit marketing.csv --kpis kpis.yaml --outcome revenue --format json
  okrlab audit sales.csv --kpi demo_requests:higher --outcome revenue --lag 8

Each --kpi may carry its own direction (COL:higher or COL:lower); --kpis takes
directions from a KPI catalog (kpis.yaml) and, without --kpi, audits every
catalog KPI that is a column. With several KPIs the p-values are adjusted
across them (false-discovery control), so a KPI's verdict can depend on the
others audited with it; the report says so.

Prints a report (or JSON with --format json). Exit status 0 when an audit
was produced, whatever the verdict; 2 for usage or input errors. Nothing is
written except the --plot file(s), which may not be the input file.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .errors import DataError, OkrlabError, ParameterError

_DIRECTIONS = ("higher", "lower")


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE.csv", help="CSV with one row per period")
    parser.add_argument(
        "--kpi",
        action="append",
        metavar="COL[:higher|lower]",
        help="KPI column, optionally with its direction (repeatable)",
    )
    parser.add_argument(
        "--kpis", metavar="KPIS.yaml", help="KPI catalog giving each KPI's direction"
    )
    parser.add_argument("--outcome", required=True, metavar="COL", help="outcome column")
    parser.add_argument("--date", metavar="COL", help="date column (default: date/week/month...)")
    parser.add_argument(
        "--direction",
        choices=_DIRECTIONS,
        help="direction of the single --kpi (with several, write --kpi COL:higher)",
    )
    parser.add_argument(
        "--lag", type=int, metavar="N", help="fix the lag in advance (e.g. your sales cycle)"
    )
    parser.add_argument("--max-lag", type=int, metavar="N", help="largest lag searched (both ways)")
    parser.add_argument(
        "--freq", choices=["W", "M", "Q", "Y"], help="resample to weeks/months/quarters/years"
    )
    parser.add_argument(
        "--max-gap",
        type=int,
        default=2,
        metavar="N",
        help="longest run of missing periods filled by interpolation (2)",
    )
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--plot", metavar="OUT.png", help="also save the audit figure(s)")
    parser.add_argument(
        "--n-boot", type=int, default=2000, metavar="B", help="resamples / null draws (2000)"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="random seed (default 0: reruns give the same numbers)"
    )


def _parse_kpis(args):
    """[(name, direction or None)] from --kpi, with --direction checked."""
    out = []
    for item in args.kpi or []:
        name, sep, d = item.rpartition(":")
        if not sep or d.strip().lower() not in _DIRECTIONS:
            name, d = item, None
        else:
            d = d.strip().lower()
        out.append((name, d))
    names = [n for n, _ in out]
    if len(set(names)) != len(names):
        raise ParameterError("--kpi lists the same column twice; give each KPI once")
    if args.direction is not None:
        if len(out) > 1:
            raise ParameterError(
                f"--direction {args.direction} would apply to all {len(out)} --kpi columns, but "
                "KPIs differ (cost per lead: lower is better; demo requests: higher); write the "
                "direction on each KPI instead, e.g. --kpi cpl:lower --kpi demo_requests:higher"
            )
        if out and out[0][1] is not None and out[0][1] != args.direction:
            raise ParameterError(
                f"--kpi {args.kpi[0]} and --direction {args.direction} disagree; give one"
            )
        if out:
            out[0] = (out[0][0], args.direction)
    return out


def _catalog(args, columns):
    if not args.kpis:
        return None
    from .kpi import load_kpis

    path = Path(args.kpis)
    if not path.exists():  # folders, pipes and devices: refused by the YAML reader
        raise DataError(f"--kpis {args.kpis}: no such file")
    cat = load_kpis(path)
    if not args.kpi:
        found = [n for n in cat.names if n in columns and n != args.outcome]
        if not found:
            raise DataError(
                f"--kpis {args.kpis}: none of its KPIs ({', '.join(cat.names)}) is a column of "
                f"the CSV; add --kpi COL or rename the columns"
            )
        args.kpi = found
    return cat


def _plot_paths(out: Path, names):
    from ._io import safe_name

    if len(names) == 1:
        return [out]
    return [out.with_name(f"{out.stem}_{safe_name(n)}{out.suffix}") for n in names]


def _check_plot_paths(paths, inputs):
    """Refuse --plot files that are an input (by inode), unsafe links or duplicates."""
    from ._io import check_outputs

    for p in paths:
        if p.suffix.lower() not in (".png", ".svg", ".pdf"):
            raise ParameterError(f"--plot {p}: use a .png, .svg or .pdf file name")
    check_outputs([("--plot", p) for p in paths], inputs)


def _read(src, name, date):
    """The CSV via okrlab._table.read_table (safe intake); notes go to stderr."""
    from ._io import printable
    from ._table import read_table

    df, notes = read_table(src, interface="cli", param="FILE.csv", date=date)
    for note in notes:
        print(f"okrlab audit: note: {printable(note)}", file=sys.stderr)
    return df


_CLI_WORDS = (
    (re.compile(r"freq='W', 'M', 'Q' or 'Y'"), "--freq W, M, Q or Y"),
    (re.compile(r"freq='([A-Za-z]+)'"), r"--freq \1"),
    (re.compile(r"\bmax_lag=(-?\d+)"), r"--max-lag \1"),
    (re.compile(r"\bmax_lag\b"), "--max-lag"),
    (re.compile(r"\blag=(-?\d+)"), r"--lag \1"),
    (re.compile(r"\bn_boot=(\d+)"), r"--n-boot \1"),
    (re.compile(r"\bmax_gap=(\d+)"), r"--max-gap \1"),
    (re.compile(r"\bmax_gap\b"), "--max-gap"),
    (re.compile(r"\bmin_periods=(\d+)"), r"\1 periods"),
    (re.compile(r"\bdate=\s*\(CLI: --date\)"), "--date"),
    (re.compile(r"\bdate='column name'"), "--date COLUMN"),
    (re.compile(r"\bkpis=\[\.\.\.\]"), "--kpi COLUMN"),
)


def _cli_words(message: str) -> str:
    """An audit error message with keyword arguments replaced by the matching flags."""
    for pattern, repl in _CLI_WORDS:
        message = pattern.sub(repl, message)
    return message


def _audit(audit_many, df, args, pairs, kpis, catalog):
    return audit_many(
        df,
        outcome=args.outcome,
        kpis=kpis,
        date=args.date,
        directions={n: d for n, d in pairs if d is not None} or None,
        catalog=catalog,
        lag=args.lag,
        max_lag=args.max_lag,
        freq=args.freq,
        n_boot=args.n_boot,
        max_gap=args.max_gap,
        seed=args.seed,
    )


def run(args) -> int:
    from .audit import audit_many

    src = Path(args.file)
    if not args.kpi and not args.kpis:
        raise ParameterError("give the KPI column(s) with --kpi COL (or a catalog with --kpis)")
    df = _read(src, args.file, args.date)
    catalog = _catalog(args, df.columns)
    pairs = _parse_kpis(args)
    kpis = [n for n, _ in pairs]
    if args.outcome in kpis:
        raise ParameterError(f"--kpi and --outcome name the same column ({args.outcome!r})")
    plot_paths = _plot_paths(Path(args.plot), kpis) if args.plot else []
    _check_plot_paths(plot_paths, [src] + ([args.kpis] if args.kpis else []))
    if not 99 <= args.n_boot <= 100_000:
        raise ParameterError(f"--n-boot {args.n_boot}: use a whole number from 99 to 100000")
    try:
        res = _audit(audit_many, df, args, pairs, kpis, catalog)
    except OkrlabError as exc:  # say it in the words of the command line, naming the file
        text = _cli_words(str(exc))
        if not text.startswith(str(src)):
            text = f"{src}: {text}"
        raise type(exc)(text) from None
    results = [res[k] for k in kpis]
    many = len(results) > 1
    note = (
        f"p-values and intervals are adjusted across the {len(results)} KPIs audited together "
        "(Benjamini-Hochberg false-discovery control): a KPI's verdict can change with the "
        "other --kpi columns"
    )
    if args.format == "json":
        dicts = [r.to_dict() for r in results]
        payload = (
            {
                "outcome": args.outcome,
                "adjusted_across_kpis": len(dicts),
                "note": note,
                "results": dicts,
            }
            if many
            else dicts[0]
        )
        json.dump(payload, sys.stdout, indent=2, allow_nan=False)
        sys.stdout.write("\n")
    else:
        if many:
            print(f"Note: {note}.\n")
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
