"""Parse time of a 1,000-key-result OKR file: okrlab's safe reader vs what a user would write.

okrlab's reader (libyaml events, every scalar checked, line numbers kept) is
compared with ``yaml.safe_load`` (pure Python) and ``yaml.load(..., CSafeLoader)``
(libyaml, no checks, no line numbers). Best of 5 runs; ratios to okrlab.

Run: .venv/bin/python benchmarks/bench_yaml.py
"""

from __future__ import annotations

import timeit

import yaml

from okrlab._yaml import load_yaml_text


def okr_file(n_objectives: int = 100, krs_each: int = 10) -> str:
    lines = ["period: 2026-Q1", "objectives:"]
    for o in range(n_objectives):
        lines += [
            f"  - title: Objective {o} grows the business",
            "    owner: team",
            "    key_results:",
        ]
        for k in range(krs_each):
            lines += [
                f"      - description: Raise metric {k} from 100 to 120",
                "        metric: m",
                "        baseline: 100",
                "        target: 120.5",
                "        current: 105",
                "        due: 2026-03-31",
                "        unit: '%'",
            ]
    return "\n".join(lines) + "\n"


def best_of(func, n: int = 5) -> float:
    """Fastest of n calls, in seconds (garbage collection left on, as in real use)."""
    return min(timeit.repeat(func, setup="gc.enable()", number=1, repeat=n))


def main() -> None:
    text = okr_file()
    ours = best_of(lambda: load_yaml_text(text))
    rows = [
        ("okrlab._yaml.load_yaml_text", ours),
        ("yaml.safe_load", best_of(lambda: yaml.safe_load(text))),
    ]
    if hasattr(yaml, "CSafeLoader"):
        rows.append(("yaml.load(CSafeLoader)", best_of(lambda: yaml.load(text, yaml.CSafeLoader))))
    print(f"{len(text):,} bytes, 1,000 key results; best of 5")
    print(f"{'reader':32s} {'ms':>8s} {'ratio to okrlab':>16s}")
    for name, seconds in rows:
        print(f"{name:32s} {seconds * 1000:8.1f} {seconds / ours:16.2f}")


if __name__ == "__main__":
    main()
