"""The workshop kit stays consistent: agendas add up, links resolve, notebooks say
how to run them and how long they take, exercises have solutions."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "workshop" / "facilitator_guide.md").read_text(encoding="utf-8")
NOTEBOOK_SOURCES = sorted((ROOT / "notebooks" / "_src").glob("[0-9][0-9]_*.py"))


def _agenda(title):
    """Minutes of each row of the agenda table under the heading ``title``."""
    section = GUIDE.split(f"## {title}", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"\| \d:\d\d \|", line)]
    minutes = [int(m) for row in rows for m in re.findall(r"\((\d+)\)", row.split("|")[2])]
    starts = [re.match(r"\| (\d):(\d\d)", row).groups() for row in rows]
    return minutes, [int(h) * 60 + int(m) for h, m in starts]


@pytest.mark.parametrize(
    "title, total",
    [("The 90-minute core path", 90), ("The 60-minute variant", 60),
     ("The 180-minute variant (half day)", 180)],
)  # fmt: skip
def test_agendas_add_up(title, total):
    minutes, starts = _agenda(title)
    assert sum(minutes) == total, f"{title}: blocks add up to {sum(minutes)} minutes"
    # each block starts when the previous one ends
    ends = [s + m for s, m in zip(starts, minutes, strict=True)]
    assert starts[1:] == ends[:-1], f"{title}: start times {starts} vs block lengths {minutes}"


def test_workshop_links_resolve():
    for page in (ROOT / "workshop").glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+)\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


@pytest.mark.parametrize("src", NOTEBOOK_SOURCES, ids=lambda p: p.stem)
def test_notebook_header_says_how_to_run_and_how_long(src):
    header = src.read_text(encoding="utf-8").split("\n# %%", 1)[0]  # the first cell
    assert "**How to run it:**" in header, f"{src.name}: say how to run the notebook"
    assert re.search(r"\*\*Time:\*\* about \d+ minutes", header), f"{src.name}: state a time"


@pytest.mark.parametrize("src", NOTEBOOK_SOURCES, ids=lambda p: p.stem)
def test_exercises_have_solutions(src):
    text = src.read_text(encoding="utf-8")
    if "## Try it yourself" not in text:
        pytest.skip("no exercises")
    assert "<summary>Solutions</summary>" in text.split("## Try it yourself", 1)[1], (
        f"{src.name}: put the answers in a collapsed <details><summary>Solutions</summary>"
    )
