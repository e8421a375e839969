"""Scorecards and OKR sets: the result objects of scoring (okrlab result protocol)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .._render import Immutable, ResultMixin, Summary, Table, json_safe
from .objective import Objective
from .scoring import _to_date


# ---------------------------------------------------------------------------
class Scorecard(Immutable, ResultMixin):
    """Scores, pace, forecasts and guardrails of objectives at a date.

    Follows the okrlab result protocol (:mod:`okrlab._render`): a deterministic
    text ``repr``, an HTML table in notebooks, ``to_frame()`` / ``to_dict()``
    for programs and ``plot(ax=None)``. Built once; never changed afterwards.

    Parameters
    ----------
    objectives : sequence of Objective
        The objectives to score, in display order (titles need not be unique).
    at : date, optional
        Scoring date; ``None`` scores the latest values without pace.

    Examples
    --------
    >>> from okrlab.okr import KeyResult, Objective
    >>> kr = KeyResult(description="Cut CPL from $100 to $80", metric="cpl",
    ...                baseline=100, target=80, current=90)
    >>> card = Scorecard([Objective("Cheaper leads", key_results=[kr])])
    >>> print(card)
    Scorecard at latest values
    ==========================
    Objectives and key results
    objective / key result      score  grade   expected  pace  forecast  guardrail  verdict
    --------------------------  -----  ------  --------  ----  --------  ---------  ------------
    Cheaper leads               0.500  yellow  n/a             n/a                  not achieved
      Cut CPL from $100 to $80  0.500  yellow  n/a             n/a       none       not met
    <BLANKLINE>
    Notes
    - Score = fraction of the way from baseline to target, clipped to [0, 1]; grade red <
      0.4 <= yellow < 0.7 <= green. Objective score = weighted mean of its key results'
      scores.
    >>> card.to_dict()["objectives"][0]["key_results"][0]["score"]
    0.5
    """

    def __init__(self, objectives: Sequence[Objective], *, at=None):
        self.objectives = tuple(objectives)
        self.at = _to_date(at, "at") if at is not None else None

    def _rows(self):
        """(objective index, objective, KR, weight, assessment) for every key result."""
        for i, o in enumerate(self.objectives):
            for kr, w in zip(o.key_results, o.weights, strict=True):
                yield i, o, kr, kr.assess(self.at, weight=w)

    def to_frame(self):
        """One row per key result.

        Returns
        -------
        pandas.DataFrame
            objective, owner, period : the objective it belongs to.
            key_result, metric, unit, kind, weight, baseline, target : as defined.
            current : value at ``at`` (last check-in on or before it) or current.
            raw_score : unclipped progress; score : clipped to [0, 1].
            grade : red / yellow / green.
            expected : expected score at ``at`` if progress were linear.
            pace_gap : expected - score (positive: behind).
            pace_status : on track / at risk / off track ('' without a date).
            forecast, forecast_score : linear forecast of the value at the due
            date and its score (NaN without enough dated values).
            guardrails : names of guardrail KPIs; guardrail_status : the worst.
            verdict : see :meth:`KeyResult.verdict`.
        """
        import pandas as pd

        rows = []
        for _i, o, _kr, r in self._rows():
            rows.append({"objective": o.title, "owner": o.owner, "period": o.period, **r})
        return pd.DataFrame(rows)

    def objectives_frame(self):
        """One row per objective.

        Returns
        -------
        pandas.DataFrame
            objective, owner, period, n_key_results, score, grade, verdict.
        """
        import pandas as pd

        return pd.DataFrame([self._objective_row(o) for o in self.objectives])

    def _objective_row(self, o) -> dict:
        return {
            "objective": o.title,
            "owner": o.owner,
            "period": o.period,
            "n_key_results": len(o.key_results),
            "score": o.score(self.at),
            "grade": o.grade(self.at),
            "verdict": o.verdict(self.at),
        }

    def to_dict(self) -> dict:
        """JSON-safe nested dict.

        Each objective carries exactly its own key results (matched by
        position, so two objectives with the same title stay apart).

        Returns
        -------
        dict
            ``at`` (ISO date or None) and ``objectives``: a list of the
            :meth:`objectives_frame` fields plus ``key_results`` (the
            :meth:`to_frame` fields without objective, owner and period).
        """
        out = []
        for o in self.objectives:
            row = self._objective_row(o)
            row["key_results"] = [
                kr.assess(self.at, weight=w) for kr, w in zip(o.key_results, o.weights, strict=True)
            ]
            out.append(row)
        return json_safe({"at": self.at, "objectives": out})

    def _summary(self) -> Summary:
        columns = ["objective / key result", "score", "grade", "expected", "pace", "forecast"]
        columns += ["guardrail", "verdict"]
        rows, levels = [], []
        for o in self.objectives:
            rows.append([o.title, o.score(self.at), o.grade(self.at), None, "", None, "",
                         o.verdict(self.at)])  # fmt: skip
            levels.append(0)
            for kr, w in zip(o.key_results, o.weights, strict=True):
                r = kr.assess(self.at, weight=w)
                rows.append([kr.description, r["score"], r["grade"], r["expected"],
                             r["pace_status"], r["forecast_score"], r["guardrail_status"],
                             r["verdict"]])  # fmt: skip
                levels.append(1)
        table = Table(columns, rows, title="Objectives and key results", levels=levels,
                      status=("grade", "pace", "guardrail"),
                      decimals={"score": 3, "expected": 3, "forecast": 3})  # fmt: skip
        notes = [
            "Score = fraction of the way from baseline to target, clipped to [0, 1]; grade "
            "red < 0.4 <= yellow < 0.7 <= green. Objective score = weighted mean of its key "
            "results' scores."
        ]
        if self.at is not None:
            notes.append(
                "Expected = linear pace at the scoring date; forecast = score of the "
                "least-squares forecast at the due date."
            )
        at_text = self.at.isoformat() if self.at else "latest values"
        return Summary(f"Scorecard at {at_text}", [table], notes=notes)

    def plot(self, ax=None, **kwargs):
        """Progress bars per key result (see :func:`okrlab.plotting.plot_okr_progress`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here (default ``plt.gca()``).
        **kwargs
            Passed to :func:`~okrlab.plotting.plot_okr_progress` (``wrap``).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from ..plotting import plot_okr_progress

        return plot_okr_progress(self, ax=ax, **kwargs)


# ---------------------------------------------------------------------------
class OKRSet(Immutable, ResultMixin):
    """Objectives loaded together (one team's or a company's OKRs for a period).

    ``as_of`` is the date used for pace and status when none is given. Shows
    (text, HTML, dict, plot) as its scorecard at ``as_of``.

    Parameters
    ----------
    objectives : iterable of Objective
        The objectives, in order.
    as_of : date, optional
        Default scoring date.
    source : str, optional
        Where they were loaded from.

    Examples
    --------
    >>> from okrlab.okr import KeyResult, Objective
    >>> kr = KeyResult(description="Cut CPL from 100 to 80", metric="cpl", baseline=100,
    ...                target=80, current=95)
    >>> okrs = OKRSet([Objective("Cheaper leads", key_results=[kr])], as_of="2026-02-01")
    >>> len(okrs), okrs.to_dict()["n_key_results"]
    (1, 1)
    """

    def __init__(self, objectives: Iterable[Objective], *, as_of=None, source=None):
        self.objectives = tuple(objectives)
        self.as_of = _to_date(as_of, "as_of") if as_of is not None else None
        self.source = source

    def __iter__(self):
        return iter(self.objectives)

    def __len__(self):
        return len(self.objectives)

    def __getitem__(self, i) -> Objective:
        return self.objectives[i]

    def scorecard(self, at=None) -> Scorecard:
        """:class:`Scorecard` at ``at`` (default ``as_of``).

        Parameters
        ----------
        at : date, optional
            Scoring date.

        Returns
        -------
        Scorecard
        """
        return Scorecard(self.objectives, at=at if at is not None else self.as_of)

    def to_frame(self, at=None):
        """Tidy DataFrame, one row per key result (columns: see :meth:`Scorecard.to_frame`).

        Parameters
        ----------
        at : date, optional
            Scoring date (default ``as_of``).

        Returns
        -------
        pandas.DataFrame
        """
        return self.scorecard(at).to_frame()

    def to_dict(self) -> dict:
        """The scorecard at ``as_of`` as a JSON-safe dict, plus ``source`` and counts.

        Returns
        -------
        dict
            ``source``, ``n_objectives``, ``n_key_results`` and the fields of
            :meth:`Scorecard.to_dict`.
        """
        n_kr = sum(len(o.key_results) for o in self.objectives)
        return {
            "source": None if self.source is None else str(self.source),
            "n_objectives": len(self.objectives),
            "n_key_results": n_kr,
            **self.scorecard().to_dict(),
        }

    def _summary(self) -> Summary:
        card = self.scorecard()._summary()
        n_kr = sum(len(o.key_results) for o in self.objectives)
        as_of = f", as of {self.as_of}" if self.as_of else ""
        title = f"OKRSet: {len(self)} objectives, {n_kr} key results{as_of}"
        return Summary(title, card.tables, notes=card.notes)

    def plot(self, ax=None, **kwargs):
        """Progress bars of the scorecard at ``as_of`` (see :meth:`Scorecard.plot`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here (default ``plt.gca()``).
        **kwargs
            Passed to :func:`~okrlab.plotting.plot_okr_progress`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        return self.scorecard().plot(ax=ax, **kwargs)
