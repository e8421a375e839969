"""Start-up time of okrlab, side by side with what a user already pays for pandas.

Runs each command in a fresh interpreter ``--repeat`` times (default 15) and
reports the median wall time and its ratio to ``python -c "import pandas"``:

    .venv/bin/python benchmarks/bench_startup.py [--repeat 15]

Targets (issue 9): ``okrlab --help`` and ``--version`` under 0.15 s, and
``import okrlab`` at most 1.2x ``import pandas`` (it is far below: the package
is lazy and imports pandas only when a function needs it). Timings depend on
the machine and its load; nothing here is asserted in the tests.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

CASES = {
    "python -c pass (interpreter only)": [sys.executable, "-c", "pass"],
    "import pandas": [sys.executable, "-c", "import pandas"],
    "import okrlab": [sys.executable, "-c", "import okrlab"],
    "import okrlab; okrlab.KPI (loads kpi)": [sys.executable, "-c", "import okrlab; okrlab.KPI"],
    "import okrlab; okrlab.audit (loads pandas)": [
        sys.executable,
        "-c",
        "import okrlab; okrlab.audit",
    ],  # fmt: skip
    "okrlab --help": [sys.executable, "-m", "okrlab.cli", "--help"],
    "okrlab --version": [sys.executable, "-m", "okrlab.cli", "--version"],
    "okrlab lint --help": [sys.executable, "-m", "okrlab.cli", "lint", "--help"],
}


def _time(cmd, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                       cwd=Path(__file__).resolve().parents[1])  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    results = {name: _time(cmd, args.repeat) for name, cmd in CASES.items()}
    pandas = results["import pandas"]
    bare = results["python -c pass (interpreter only)"]
    print(f"median of {args.repeat} fresh interpreters each (machine load shifts every row)")
    print(f"{'command':45} {'seconds':>8} {'minus bare':>11} {'x import pandas':>16}")
    for name, secs in results.items():
        print(f"{name:45} {secs:8.3f} {secs - bare:11.3f} {secs / pandas:16.2f}")


if __name__ == "__main__":
    main()
