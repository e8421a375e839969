"""The result of a lint run: :class:`LintReport`."""

from __future__ import annotations

import html
import math
from dataclasses import asdict

from ._model import Finding
from .vocabulary import SEVERITIES


class LintReport(list):
    """The findings of one lint run: a list of :class:`Finding` plus scores.

    Attributes
    ----------
    path : str or None
        The file linted.
    checks : pandas.DataFrame
        Every check that ran: ``objective``, ``key_result``, ``rule`` and
        ``passed`` (bool). Rules switched off or not applicable are absent.
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

    def to_dict(self) -> dict:
        """``{"path": ..., "findings": [...]}`` as in the CLI's JSON output."""
        return {"path": self.path, "findings": [f.to_dict() for f in self]}

    def to_text(self) -> str:
        """Compiler-style lines: ``file:line: severity rule: message``, then the fix."""
        src = self.path or "<text>"
        out = []
        for f in self:
            out.append(f"{src}:{f.line or 1}: {f.severity} {f.rule}: {f.message}")
            out.append(f"    fix: {f.suggestion}")
        return "\n".join(out)

    def __repr__(self) -> str:
        c = self.counts()
        score = "n/a" if math.isnan(self.score) else f"{self.score:.0%}"
        return (
            f"LintReport({self.path or '<text>'}: {c['error']} errors, {c['warning']} "
            f"warnings, {c['info']} info; score {score})"
        )

    def to_html(self) -> str:
        """An HTML summary: score per objective, then one row per finding."""
        colours = {"error": "#b00020", "warning": "#a15c00", "info": "#335"}
        parts = []
        score = "n/a" if math.isnan(self.score) else f"{self.score:.0%}"
        c = self.counts()
        parts.append(
            f"<p><b>Score {score}</b> &middot; {c['error']} errors, {c['warning']} warnings, "
            f"{c['info']} info</p>"
        )
        if self._checks:
            parts.append("<ul>")
            for _, row in self.scores().iterrows():
                parts.append(
                    f"<li>{html.escape(row['objective'] or '(untitled)')}: "
                    f"{row['score']:.0%} of {row['checks']} checks passed</li>"
                )
            parts.append("</ul>")
        if not len(self):
            parts.append("<p>No findings.</p>")
        else:
            parts.append(
                "<table><tr><th>line</th><th>severity</th><th>rule</th><th>message</th>"
                "<th>suggestion</th></tr>"
            )
            for f in self:
                parts.append(
                    f"<tr><td>{f.line or ''}</td>"
                    f"<td style='color:{colours[f.severity]}'>{f.severity}</td>"
                    f"<td><code>{f.rule}</code></td><td>{html.escape(f.message)}</td>"
                    f"<td>{html.escape(f.suggestion)}</td></tr>"
                )
            parts.append("</table>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()
