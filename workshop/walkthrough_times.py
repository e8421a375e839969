"""Time each notebook section for the facilitator guide's agenda.

For every notebook in ``notebooks/`` and every ``##`` section it prints the
words of prose, the code cells, the kernel time of those cells (timed here by
running the notebook once with nbclient) and an estimated walk-through time:

    minutes = words / 130          (read aloud and discussed: 130 words a minute)
            + 0.4 * code cells     (point at the cell and its output: ~25 s each)
            + kernel seconds / 60

130 words a minute is a common speaking pace for a presenter; 25 s per cell is an
allowance for scrolling to a cell, running it and pointing at the output. Both are
assumptions, not timings of a real session: only the kernel time is measured here.
Re-time the agenda after your first session. Exercises ("Try it yourself") and the
"Key ideas" recap are left out: the guide gives them their own slots.
Sections whose title contains "(optional)" are summed separately.

Usage: ``.venv/bin/python workshop/walkthrough_times.py [NN ...]``
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS_PER_MINUTE = 130
MINUTES_PER_CELL = 0.4


def _sections(nb):
    """Yield (title, [cells]) for the intro and each ``##`` section."""
    title, cells = "intro", []
    for cell in nb.cells:
        m = re.search(r"^## (.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
        if m:
            if cells:
                yield title, cells
            title, cells = m.group(1).strip(), []
        cells.append(cell)
    yield title, cells


def _run(path):
    """Execute a copy of the notebook; return it with per-cell kernel seconds."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={
        "metadata": {"path": str(path.parent)}})  # fmt: skip
    seconds = {}
    with client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                t0 = time.perf_counter()
                client.execute_cell(cell, i)
                seconds[i] = time.perf_counter() - t0
    return nb, seconds


def walkthrough(path):
    nb, seconds = _run(path)
    index = {id(c): i for i, c in enumerate(nb.cells)}
    rows = []
    for title, cells in _sections(nb):
        if title.lower().startswith(("try it yourself", "key ideas")):
            continue  # exercises have their own slot; key ideas are in the handout
        prose = " ".join(c.source for c in cells if c.cell_type == "markdown")
        words = len(re.findall(r"[A-Za-z0-9']+", prose))
        code = [c for c in cells if c.cell_type == "code"]
        kernel = sum(seconds.get(index[id(c)], 0.0) for c in code)
        minutes = words / WORDS_PER_MINUTE + MINUTES_PER_CELL * len(code) + kernel / 60
        rows.append((title, words, len(code), kernel, minutes))
    return rows


def main(argv=None) -> int:
    wanted = (argv if argv is not None else sys.argv[1:]) or [""]
    paths = sorted(p for w in wanted for p in (ROOT / "notebooks").glob(f"{w}*.ipynb"))
    for path in paths:
        rows = walkthrough(path)
        core = sum(r[4] for r in rows if "(optional)" not in r[0].lower())
        optional = sum(r[4] for r in rows if "(optional)" in r[0].lower())
        print(f"\n{path.name}: core {core:.0f} min, optional sections {optional:.0f} min")
        print(f"  {'section':58} {'words':>6} {'cells':>5} {'kernel s':>8} {'min':>5}")
        for title, words, cells, kernel, minutes in rows:
            print(f"  {title[:58]:58} {words:6d} {cells:5d} {kernel:8.1f} {minutes:5.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
