"""Lint speed: 1,000 key results from YAML, and the lint-as-you-type widget's 50-line draft.

Budgets (issue 12): a 1,000-KR YAML file in <= 0.5 s; the widget's re-lint of a 50-line
draft in <= 100 ms. Compared side by side with what any reader of the same file must pay
anyway: parsing the YAML with PyYAML's C loader (``yaml.load(..., CSafeLoader)``), the
floor a competent user's own script would start from. Median of 5 runs after one warm-up,
in a fresh process per size so caches do not carry over; the first (cold) run is shown too.

Run: ``.venv/bin/python benchmarks/bench_lint.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

KR_TEMPLATES = [
    "Increase trial-to-paid conversion from {a}% to {b}%",
    "Reduce first response time from {a} hours to under {c} hours",
    "Publish {a} blog posts",
    "Grow weekly active teams {a},000 -> {b},000",
    "Launch the new pricing page",
    "Increase organic sign-ups by {c}%",
    "Cut cost per lead from ${b} to ${a}",
    "Keep CSAT above 4.{c}/5",
    "Hire {c} salespeople",
    "Raise net revenue retention to {b}% (currently {a}%)",
]
TITLES = [
    "Make onboarding fast for new customers",
    "Fill the pipeline with buyers who close",
    "Launch the new mobile app",
    "Improve our marketing",
]


def make_yaml(n_krs: int) -> str:
    lines = ["period: 2026-Q1", "objectives:"]
    for o in range(n_krs // 5):
        lines.append(f"  - title: {TITLES[o % len(TITLES)]} ({o})")
        lines.append("    key_results:")
        for k in range(5):
            i = o * 5 + k
            # every text distinct (no cache can help): the numbers and a team name vary
            text = (
                KR_TEMPLATES[i % len(KR_TEMPLATES)].format(
                    a=10 + i % 37, b=50 + i % 41, c=1 + i % 7
                )
                + f" for team {i}"
            )
            lines.append(f"      - {text!r}")
    return "\n".join(lines) + "\n"


def make_draft(n_lines: int) -> str:
    out = []
    i = 0
    while len(out) < n_lines:
        out.append(f"Objective: {TITLES[i % len(TITLES)]}")
        for k in range(4):
            out.append(
                "- " + KR_TEMPLATES[(i * 4 + k) % len(KR_TEMPLATES)].format(a=20 + k, b=60, c=3)
            )
        i += 1
    return "\n".join(out[:n_lines]) + "\n"


CHILD = textwrap.dedent(
    """
    import statistics, sys, time
    import yaml
    from okrlab.lint import lint, lint_to_html
    path, draft_path = sys.argv[1], sys.argv[2]
    draft = open(draft_path, encoding="utf-8").read()
    def timed(fn, n=5):
        # CPU time of this process (robust to other jobs on a shared machine) and wall time
        c0, w0 = time.process_time(), time.perf_counter(); fn()
        cold = (time.process_time() - c0, time.perf_counter() - w0)
        cpu, wall = [], []
        for _ in range(n):
            c0, w0 = time.process_time(), time.perf_counter(); fn()
            cpu.append(time.process_time() - c0); wall.append(time.perf_counter() - w0)
        return cold[0], statistics.median(cpu), statistics.median(wall)
    text = open(path, encoding="utf-8").read()
    y = timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader))
    full = timed(lambda: lint(path))
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    rules = timed(lambda: lint(data))
    widget = timed(lambda: lint_to_html(draft))
    n = len(lint(path))
    print(*y, *full, *rules, *widget, n)
    """
)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "okrs_1000.yaml"
        path.write_text(make_yaml(1000), encoding="utf-8")
        draft = Path(tmp) / "draft.txt"
        draft.write_text(make_draft(50), encoding="utf-8")
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), str(draft)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    v = [float(x) for x in out[:-1]]
    n_findings = int(out[-1])
    rows = [
        ("YAML parse only (CSafeLoader)", v[0:3], None),
        ("lint(path): read + parse + rules", v[3:6], 0.5),
        ("lint(mapping): rules only", v[6:9], None),
        ("widget lint_to_html, 50-line draft", v[9:12], 0.1),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"1,000 distinct key results (200 objectives), {n_findings} findings; median of 5 warm "
        f"runs; load average {load:.1f} on {os.cpu_count()} cores (wall time scales with it, "
        "CPU time much less)\n"
    )
    print(f"{'step':38s} {'cold cpu':>9s} {'warm cpu':>9s} {'warm wall':>10s} {'budget':>7s}")
    for name, (cold, cpu, wall), budget in rows:
        b = f"{budget:.2f}" if budget else ""
        print(f"{name:38s} {cold:9.3f} {cpu:9.3f} {wall:10.3f} {b:>7s}")
    print(
        f"\nlint(path) / YAML parse alone (CPU): {v[4] / v[1]:.0f}x: the rules, not the "
        "parsing, are the cost"
    )
    print(
        f"1,000 KRs within 0.5 s (CPU): {v[4] <= 0.5}; widget within 100 ms (CPU): {v[10] <= 0.1}"
    )


if __name__ == "__main__":
    main()
