"""The quarter review: score distributions, sandbagging and ambition."""

from __future__ import annotations

import numpy as np

from .._render import Immutable, ResultMixin, Summary, Table, json_safe
from .._validate import check_integer, check_number
from ..errors import DataError
from ._checkins import _need, _numeric, kr_table, t_interval, wilson

__all__ = ["ReviewResult", "ZONES", "review"]

#: Score zones (lower edge inclusive): fail, commit zone, target zone, at or above 1.0.
ZONES = (("< 0.3", 0.0, 0.3), ("0.3-0.7", 0.3, 0.7), ("0.7-1.0", 0.7, 1.0), (">= 1.0", 1.0, np.inf))

#: An aspirational target is meant to be reached about this far (domain brief: ~0.6-0.7).
ASPIRATIONAL_SUCCESS = 0.7

#: Below this many sd of period-to-period change a target is "not a stretch"
#: (okrlab.okr.AMBITION_BANDS).
NORMAL_VARIATION = 1.0


def _zone_table(krs):
    import pandas as pd

    rows = []
    for (team, kind), g in krs.groupby(["team", "kind"], sort=True):
        s = g["raw_score"].to_numpy() + 1e-9  # a score of exactly 0.3 is in the 0.3-0.7 zone
        row = {"team": team, "kind": kind, "n": len(s)}
        for name, lo, hi in ZONES:
            lower = s >= lo if name != ZONES[0][0] else np.ones(len(s), dtype=bool)
            row[name] = float(np.mean(lower & (s < hi)))
        row["mean_score"] = float(np.mean(g["score"]))
        rows.append(row)
    return pd.DataFrame(rows)


def _team_rows(krs, aspirational, level, min_krs):
    import pandas as pd

    rows = []
    for team, g in krs.groupby("team", sort=True):
        asp = g[g["kind"] == aspirational] if aspirational is not None else g
        score, s_lo, s_hi, n = t_interval(asp["score"].to_numpy(), level)
        # scores are capped to 0-1, so the interval is too: a bound beyond 1 means nothing
        s_lo, s_hi = float(np.clip(s_lo, 0.0, 1.0)), float(np.clip(s_hi, 0.0, 1.0))
        at_one = int(asp["met"].sum())
        w_lo, w_hi = wilson(at_one, max(n, 1), level)
        row = {
            "team": team,
            "n_aspirational": n,
            "mean_score": score,
            "score_low": s_lo,
            "score_high": s_hi,
            "share_at_1": at_one / n if n else np.nan,
            "share_at_1_low": float(w_lo) if n else np.nan,
            "share_at_1_high": float(w_hi) if n else np.nan,
        }
        if "ambition" in asp:
            amb, a_lo, a_hi, _ = t_interval(asp["ambition"].to_numpy(), level)
            row.update({"ambition": amb, "ambition_low": a_lo, "ambition_high": a_hi})
        has_ambition = "ambition" in asp
        scores_high = n >= min_krs and s_lo > ASPIRATIONAL_SUCCESS
        within = has_ambition and n >= min_krs and row["ambition_high"] < NORMAL_VARIATION
        row["scores_too_high"] = bool(scores_high)
        row["targets_within_noise"] = bool(within)
        if n < min_krs:
            row["verdict"] = "not enough key results"
        elif within:
            row["verdict"] = "sandbagging"
        elif scores_high and has_ambition:
            row["verdict"] = "high scores, ambitious targets"
        elif scores_high:
            row["verdict"] = "possible sandbagging"
        else:
            row["verdict"] = "no sign of sandbagging"
        rows.append(row)
    return pd.DataFrame(rows)


def _notes(teams, has_ambition, aspirational):
    notes = []
    subject = "aspirational key results" if aspirational else "key results"
    for _, r in teams.iterrows():
        scores = (
            f"its {subject} average {r['mean_score']:.2f} (interval {r['score_low']:.2f}-"
            f"{r['score_high']:.2f}), above the {ASPIRATIONAL_SUCCESS} an ambitious target "
            "is meant to give"
        )
        if r["verdict"] == "sandbagging":
            text = (
                f"{r['team']} looks like it is sandbagging: its targets ask for only "
                f"{r['ambition']:.1f} sd of normal period-to-period change (interval "
                f"{r['ambition_low']:.1f}-{r['ambition_high']:.1f}), within the metric's "
                "normal variation"
            )
            notes.append(text + (f"; and {scores}." if r["scores_too_high"] else "."))
        elif r["verdict"] == "high scores, ambitious targets":
            notes.append(
                f"{r['team']}: {scores}, but its targets were ambitious ({r['ambition']:.1f} sd "
                "of normal change): a strong run, or targets set after the work was under way; "
                "not evidence of sandbagging on its own."
            )
        elif r["verdict"] == "possible sandbagging":
            notes.append(
                f"{r['team']} may be sandbagging: {scores}. Without baselines, targets and the "
                "metric's history the targets' ambition cannot be checked."
            )
    if not notes:
        notes.append("No team shows evidence of sandbagging.")
    if not has_ambition:
        notes.append(
            "No baseline, target and sd_change columns: the ambition test was skipped "
            "(only the score test ran)."
        )
    notes.append(
        "Heuristic for comparison: OpenOKR treats an aspirational average above 0.85 as "
        "'targets may have been too safe'; the tests here use intervals instead."
    )
    return notes


class ReviewResult(Immutable, ResultMixin):
    """Score distributions and sandbagging checks; built by :func:`review`.

    Parameters
    ----------
    zones : DataFrame
        ``team``, ``kind``, ``n``, the share of key results in each zone
        (``< 0.3``, ``0.3-0.7``, ``0.7-1.0``, ``>= 1.0``) and ``mean_score``.
    teams : DataFrame
        ``team``, ``n_aspirational``, ``mean_score``, ``score_low``,
        ``score_high`` (t interval, capped to 0-1 like the scores), ``share_at_1`` with a Wilson interval
        (``share_at_1_low``, ``share_at_1_high``), ``ambition``,
        ``ambition_low``, ``ambition_high`` (when targets and history are
        known), ``scores_too_high``, ``targets_within_noise``, ``verdict``.
    key_results : DataFrame
        One row per key result with its scores (and ``ambition``).
    notes : list of str
        One sentence per flagged team, plus caveats.
    params : dict
        The settings used (``level``, ``min_krs``, ``aspirational``).

    Examples
    --------
    >>> from okrlab.review import review, simulate_checkins
    >>> res = review(simulate_checkins(seed=3))
    >>> list(res.zones.columns[3:7])
    ['< 0.3', '0.3-0.7', '0.7-1.0', '>= 1.0']
    """

    def __init__(self, zones, teams, key_results, notes, params):
        self.zones = zones
        self.teams = teams
        self.key_results = key_results
        self.notes = notes
        self.params = params

    def _summary(self):
        facts = {
            "key results": len(self.key_results),
            "teams": self.teams.shape[0],
            "flagged as sandbagging": int((self.teams["verdict"] == "sandbagging").sum()),
        }
        cols = [c for c in ("team", "n_aspirational", "mean_score", "score_low", "score_high",
                            "share_at_1", "ambition", "ambition_high", "verdict")
                if c in self.teams]  # fmt: skip
        return Summary(
            "Quarter review",
            [
                Table.from_pairs(facts, title="Overall"),
                Table.from_frame(self.zones, title="Score zones (share of key results)"),
                Table.from_frame(self.teams[cols], title="Teams", status="verdict"),
            ],
            notes=list(self.notes),
        )

    def to_frame(self):
        """The per-team table (see :attr:`teams`)."""
        return self.teams.copy()

    def to_dict(self):
        return json_safe(
            {
                "zones": self.zones.to_dict(orient="records"),
                "teams": self.teams.to_dict(orient="records"),
                "notes": list(self.notes),
                "params": self.params,
            }
        )

    def plot(self, ax=None):
        """Distribution of final scores by team and kind across the zones."""
        from ..plotting.review import plot_score_zones

        return plot_score_zones(self, ax=ax)


def review(
    data,
    *,
    score=None,
    team="team",
    quarter="quarter",
    kr="kr",
    kind="kind",
    aspirational="aspirational",
    week="week_of_quarter",
    value="value",
    baseline="baseline",
    target="target",
    sd_change="sd_change",
    level=0.95,
    min_krs=5,
):
    """Score distributions by team and kind, and a sandbagging test per team.

    Notes
    -----
    * **Zones**: each key result's raw score falls in ``< 0.3``, ``0.3-0.7``,
      ``0.7-1.0`` or ``>= 1.0`` (target reached).
    * **Scores too high**: the team's aspirational key results (the kind
      ``aspirational``; every key result if the data have no such kind) have
      a mean capped score whose t interval (``level``, over key results) lies
      entirely above 0.7, the score an ambitious aspirational target is meant
      to give.
    * **Targets within normal variation**: when ``baseline``, ``target`` and
      ``sd_change`` (the sd of the metric's period-to-period change before the
      quarter, the measure of :func:`okrlab.okr.ambition`) are known, the
      mean ambition ``|target - baseline| / sd_change`` of the team's
      aspirational key results has a t interval entirely below 1 sd.
    * Verdict: ``sandbagging`` when the targets were within normal variation;
      ``high scores, ambitious targets`` when scores are too high but the
      targets were ambitious (luck, great work, or targets set late: look,
      but it is not sandbagging by itself); ``possible sandbagging`` when
      scores are too high and the targets' ambition is unknown; otherwise
      ``no sign of sandbagging``. Fewer than ``min_krs`` aspirational key
      results gives ``not enough key results``.

    Parameters
    ----------
    data : pandas.DataFrame
        Either one row per check-in (``week_of_quarter`` and ``value``; the
        shape of ``load_dataset("okr_checkins")``) or one row per key result
        with a final score column named by ``score=`` (the shape of
        ``okr_quarters``).
    score : str, optional
        Column of final scores (0-1, may exceed 1) for one-row-per-KR data.
    team, quarter, kr, kind, week, value, baseline, target, sd_change : str
        Column names.
    aspirational : str
        The value of ``kind`` that marks aspirational key results.
    level : float
    min_krs : int

    Returns
    -------
    ReviewResult

    Examples
    --------
    >>> from okrlab.review.simulate import simulate_checkins
    >>> res = review(simulate_checkins(seed=3))
    >>> res.teams.set_index("team").loc["sandbagging-4", "verdict"]
    'sandbagging'
    """
    import pandas as pd

    level = check_number(level, "level", low=0.5, high=1.0, high_inclusive=False, example=0.95)
    min_krs = check_integer(min_krs, "min_krs", low=2)
    _need(data, {"team": team}, "review")
    if score is None:
        krs = kr_table(
            data, team=team, quarter=quarter, kr=kr, week=week, value=value,
            baseline=baseline, target=target, kind=kind if kind in data.columns else None,
        )  # fmt: skip
    else:
        _need(data, {"team": team, "quarter": quarter, "kr": kr, "score": score}, "review")
        krs = pd.DataFrame(
            {
                "team": data[team].to_numpy(),
                "quarter": data[quarter].to_numpy(),
                "kr": data[kr].to_numpy(),
            }
        )
        raw = _numeric(data, score, "score").to_numpy()
        krs["raw_score"] = raw
        krs["score"] = np.clip(raw, 0.0, 1.0)
        krs["met"] = raw >= 1.0 - 1e-9
        if kind in data.columns:
            krs["kind"] = data[kind].to_numpy()
        for col in (baseline, target):
            if col in data.columns:
                krs[col] = _numeric(data, col, col).to_numpy()
    if "kind" not in krs:
        krs["kind"] = "all"
    has_kind = (krs["kind"] == aspirational).any()
    has_ambition = sd_change in data.columns and "baseline" in krs and "target" in krs
    if has_ambition:
        sd = _numeric(data, sd_change, "sd_change")
        sd_kr = (
            pd.DataFrame({"team": data[team], "quarter": data[quarter], "kr": data[kr], "sd": sd})
            .groupby(["team", "quarter", "kr"], sort=False)["sd"]
            .last()
            .reset_index()
        )
        krs = krs.merge(sd_kr, on=["team", "quarter", "kr"], how="left")
        if (krs["sd"] <= 0).any():
            raise DataError(f"column {sd_change!r} (sd_change=) must be positive")
        krs["ambition"] = (krs["target"] - krs["baseline"]).abs() / krs["sd"]
        krs = krs.drop(columns="sd")
    krs = krs.dropna(subset=["raw_score"]).reset_index(drop=True)
    if krs.empty:
        raise DataError("no key result has a final score")
    teams = _team_rows(krs, aspirational if has_kind else None, level, min_krs)
    notes = _notes(teams, has_ambition, has_kind)
    params = {"level": level, "min_krs": min_krs, "aspirational": aspirational}
    return ReviewResult(_zone_table(krs), teams, krs, notes, params)
