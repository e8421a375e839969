"""nbval silently skips code cells that were never executed; these tests make
sure every committed notebook was run top to bottom and holds no error."""

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_code_cell_executed_in_order_without_errors(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    counts = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code" or not "".join(cell["source"]).strip():
            continue
        assert cell.get("execution_count"), f"{path.name}: code cell {i} was never executed"
        counts.append(cell["execution_count"])
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name}: cell {i} holds an error"
            assert out.get("name") != "stderr" or "Warning" not in "".join(out.get("text", "")), (
                f"{path.name}: cell {i} printed a warning"
            )
    assert counts == sorted(counts) and counts[0] == 1, (
        f"{path.name}: cells were not run top to bottom in one kernel (Restart & Run All)"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_opens_with_title_and_ends_with_key_ideas(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    md = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert md and md[0].lstrip().startswith("# "), f"{path.name}: no title"
    text = "\n".join(md)
    assert "Key ideas" in text and "Try it yourself" in text, path.name
