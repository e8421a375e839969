"""CSV intake: okrlab's safe reader against what a user would write (``pandas.read_csv``).

``okrlab._table.read_table`` does more than ``pandas.read_csv`` (regular-file and
encoding checks, delimiter and header detection, number-style and date checks),
so it is expected to be slower; this measures by how much, as a ratio, on a
weekly-style table of 100,000 rows and 6 columns. Best of 3 runs.

Run: .venv/bin/python benchmarks/bench_intake.py
"""

from __future__ import annotations

import tempfile
import timeit
from pathlib import Path

import numpy as np
import pandas as pd

from okrlab._table import read_table


def make_csv(folder: Path, rows: int = 100_000) -> Path:
    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {
            "date": pd.date_range("1800-01-01", periods=rows, freq="D").strftime("%Y-%m-%d"),
            "spend": np.round(rng.uniform(1e3, 1e5, rows), 2),
            "leads": rng.integers(0, 5000, rows),
            "cpl": np.round(rng.uniform(10, 200, rows), 2),
            "revenue": np.round(rng.uniform(1e4, 1e6, rows), 2),
            "channel": rng.choice(["search", "social", "email"], rows),
        }
    )
    path = folder / "table.csv"
    df.to_csv(path, index=False)
    return path


def best_of(func, n: int = 3) -> float:
    """Fastest of n calls, in seconds (garbage collection left on, as in real use)."""
    return min(timeit.repeat(func, setup="gc.enable()", number=1, repeat=n))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = make_csv(Path(tmp))
        ours = best_of(lambda: read_table(path))
        plain = best_of(lambda: pd.read_csv(path))
        dated = best_of(lambda: pd.read_csv(path, parse_dates=["date"]))
        size = path.stat().st_size
    print(f"{size / 1e6:.1f} MB, 100,000 rows x 6 columns; best of 3")
    print(f"{'reader':42s} {'s':>7s} {'ratio to okrlab':>16s}")
    for name, seconds in [
        ("okrlab._table.read_table", ours),
        ("pandas.read_csv", plain),
        ("pandas.read_csv(parse_dates=['date'])", dated),
    ]:
        print(f"{name:42s} {seconds:7.3f} {seconds / ours:16.2f}")


if __name__ == "__main__":
    main()
