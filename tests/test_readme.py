"""The README's Python examples run as written (so the tour cannot drift)."""

import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 3


def test_readme_python_blocks_run_in_order():
    namespace = {}
    for i, block in enumerate(BLOCKS):
        try:
            exec(compile(block, f"README.md block {i + 1}", "exec"), namespace)  # noqa: S102
        except Exception as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"README python block {i + 1} fails: {exc!r}")


# A tour line `expr   # 0.5` or `expr   # 'watch': ...` claims what `expr` prints; an audit
# line followed by `# verdict V: ... by L weeks, r = R [LO, HI]` claims the audit's numbers.
CLAIM = re.compile(
    r"^(?P<expr>[^#\s][^#]*?)\s{2,}#\s*(?P<lit>'[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?)(?=[\s:,;)]|$)"
)
AUDIT_CLAIM = re.compile(
    r"^#\s*verdict (?P<verdict>\w+): .*? by (?P<lag>\d+) weeks?, "
    r"r = (?P<r>-?\d+\.\d+) \[(?P<lo>-?\d+\.\d+), (?P<hi>-?\d+\.\d+)\]"
)


def _claims():
    """(block number, expression, checker) for every number the tour quotes."""
    import ast

    out = []
    for i, block in enumerate(BLOCKS):
        lines = block.splitlines()
        for j, line in enumerate(lines):
            m = CLAIM.match(line)
            if m:
                expected = ast.literal_eval(m.group("lit"))
                out.append((i, m.group("expr").strip(), ("value", expected)))
            m = AUDIT_CLAIM.match(line.strip())
            if m and j > 0:
                expr = lines[j - 1].split("#")[0].strip()
                out.append((i, expr, ("audit", m.groupdict())))
    return out


def test_readme_quotes_what_the_code_prints():
    claims = _claims()
    assert len(claims) >= 3, "the tour's quoted values are no longer found"
    namespace, mismatches = {}, []
    for i, block in enumerate(BLOCKS):
        exec(compile(block, f"README.md block {i + 1}", "exec"), namespace)  # noqa: S102
        for _, expr, (kind, expected) in (c for c in claims if c[0] == i):
            got = eval(compile(expr, f"README.md block {i + 1}", "eval"), namespace)  # noqa: S307
            if kind == "value" and got != expected:
                mismatches.append(f"`{expr}` prints {got!r}, README says {expected!r}")
            if kind == "audit":
                now = {"verdict": got.verdict, "lag": str(got.best_lag),
                       "r": f"{got.changes_r:.2f}", "lo": f"{got.ci_low:.2f}",
                       "hi": f"{got.ci_high:.2f}"}  # fmt: skip
                if now != expected:
                    mismatches.append(f"`{expr}` gives {now}, README says {expected}")
    assert not mismatches, "README tour is out of date:\n" + "\n".join(mismatches)
