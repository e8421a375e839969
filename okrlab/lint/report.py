"""The result of a lint run: :class:`LintReport`."""

from __future__ import annotations

import math
from dataclasses import asdict

from .._render import Immutable, ResultMixin, Summary, Table, json_safe
from ._model import Finding
from .vocabulary import SEVERITIES


class LintReport(Immutable, ResultMixin, list):
    """The findings of one lint run: a list of :class:`Finding` plus scores.

    Follows the okrlab result protocol: ``repr``/``str`` (plain text),
    ``_repr_html_``, ``to_frame()`` (findings), ``to_dict()`` (JSON-safe, with
    each objective's score) and ``plot(ax=None)`` (findings per rule). Built by
    :func:`okrlab.lint.lint`; not meant to be constructed by hand.

    Parameters
    ----------
    findings : iterable of Finding
        The findings, in file order.
    path : str, optional
        The file linted.
    checks : iterable of tuple, optional
        ``(objective, key_result, rule, passed)`` for every check that ran.

    Attributes
    ----------
    path : str or None
        The file linted.
    checks : pandas.DataFrame
        Every check that ran: ``objective``, ``key_result``, ``rule`` and
        ``passed`` (bool). Rules switched off or not applicable are absent.

    Examples
    --------
    >>> from okrlab import lint_text
    >>> report = lint_text("Objective: Grow revenue\\nPeriod: Q1\\n- Publish 8 blog posts")
    >>> [f.rule for f in report]
    ['kr-count', 'objective-is-metric', 'activity-not-outcome']
    >>> report.to_dict()["objectives"][0]["errors"]
    2
    """

    def __init__(self, findings=(), *, path=None, checks=()):
        super().__init__(findings)
        self.path = path
        self._checks = list(checks)

    @property
    def checks(self):
        import pandas as pd

        return pd.DataFrame(self._checks, columns=["objective", "key_result", "rule", "passed"])

    @property
    def score(self) -> float:
        """Share of all checks passed (NaN when no check ran)."""
        if not self._checks:
            return math.nan
        return sum(c[3] for c in self._checks) / len(self._checks)

    def counts(self) -> dict:
        """Number of findings per severity: ``{"error": n, "warning": n, "info": n}``."""
        return {s: sum(f.severity == s for f in self) for s in SEVERITIES}

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self)

    def scores(self):
        """Score per objective: the share of its checks that passed.

        Returns
        -------
        pandas.DataFrame
            One row per objective, in file order: ``objective``, ``checks``
            (how many ran), ``passed``, ``score`` (passed / checks, 0-1) and
            ``errors``, ``warnings`` (findings of that severity).
        """
        import pandas as pd

        rows = {}
        for obj, _kr, _rule, passed in self._checks:
            row = rows.setdefault(
                obj, {"objective": obj, "checks": 0, "passed": 0, "errors": 0, "warnings": 0}
            )
            row["checks"] += 1
            row["passed"] += int(passed)
        for f in self:
            if f.objective in rows and f.severity in ("error", "warning"):
                rows[f.objective][f.severity + "s"] += 1
        frame = pd.DataFrame(
            list(rows.values()),
            columns=["objective", "checks", "passed", "errors", "warnings"],
        )
        frame.insert(3, "score", frame["passed"] / frame["checks"])
        return frame

    def to_frame(self):
        """The findings as a DataFrame.

        Returns
        -------
        pandas.DataFrame
            One row per finding with the columns of :class:`Finding`: ``rule``,
            ``severity``, ``line``, ``objective``, ``key_result``, ``text``,
            ``message``, ``suggestion``, ``path``.
        """
        import pandas as pd

        cols = [f.name for f in Finding.__dataclass_fields__.values()]
        return pd.DataFrame([asdict(f) for f in self], columns=cols)

    def _objective_scores(self) -> list[dict]:
        rows: dict = {}
        for obj, _kr, _rule, passed in self._checks:
            row = rows.setdefault(
                obj, {"objective": obj, "checks": 0, "passed": 0, "errors": 0, "warnings": 0}
            )
            row["checks"] += 1
            row["passed"] += int(passed)
        for f in self:
            if f.objective in rows and f.severity in ("error", "warning"):
                rows[f.objective][f.severity + "s"] += 1
        for row in rows.values():
            row["score"] = row["passed"] / row["checks"]
        return list(rows.values())

    def to_dict(self) -> dict:
        """The report as JSON-safe dicts, as in the CLI's ``--format json``.

        Returns
        -------
        dict
            ``path``; ``score`` (share of checks passed, None when none ran);
            ``objectives``: one dict per objective with ``objective``, ``checks``,
            ``passed``, ``score``, ``errors``, ``warnings``; ``findings``: one
            dict per finding (the fields of :class:`Finding` but ``path``).
        """
        return json_safe(
            {
                "path": self.path,
                "score": None if math.isnan(self.score) else round(self.score, 4),
                "objectives": [
                    {**row, "score": round(row["score"], 4)} for row in self._objective_scores()
                ],
                "findings": [f.to_dict() for f in self],
            }
        )

    def to_text(self) -> str:
        """Compiler-style lines: ``file:line: severity rule: message``, then the fix."""
        src = self.path or "<text>"
        out = []
        for f in self:
            out.append(f"{src}:{f.line or 1}: {f.severity} {f.rule}: {f.message}")
            out.append(f"    fix: {f.suggestion}")
        return "\n".join(out)

    def _title(self) -> str:
        c = self.counts()
        score = "n/a" if math.isnan(self.score) else f"{self.score:.0%}"
        return (
            f"LintReport({self.path or '<text>'}: {c['error']} errors, {c['warning']} "
            f"warnings, {c['info']} info; score {score})"
        )

    def _summary(self) -> Summary:
        tables = []
        scores = self._objective_scores()
        if scores:
            tables.append(
                Table(
                    ["objective", "checks", "passed", "score"],
                    [
                        (r["objective"] or "(untitled)", r["checks"], r["passed"], r["score"])
                        for r in scores
                    ],
                    title="Score per objective (share of checks passed)",
                    decimals={"score": 2},
                )
            )
        tables.append(
            Table(
                ["line", "severity", "rule", "text"],
                [(f.line or "", f.severity, f.rule, f.text) for f in self],
                title="Findings",
                status="severity",
            )
        )
        notes = [f"{f.rule} (line {f.line or 1}): {f.message} Fix: {f.suggestion}" for f in self]
        return Summary(self._title(), tables, notes=notes or ["No findings."])

    def __repr__(self) -> str:
        return self._summary().as_text()

    def __str__(self) -> str:
        return self.__repr__()

    def __eq__(self, other) -> bool:
        return list.__eq__(self, other)

    __hash__ = None

    def to_html(self) -> str:
        """HTML summary (the same as the notebook display)."""
        return self._repr_html_()

    def plot(self, ax=None):
        """Findings per rule, coloured by severity.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: the current Axes).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from ..plotting.lint import plot_lint_report

        return plot_lint_report(self, ax=ax)
