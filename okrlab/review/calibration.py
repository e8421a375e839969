"""Is a team's weekly confidence worth anything? Calibration of check-in confidence.

A confidence recorded with a check-in is a forecast of the event "this key
result will reach its target", so it can be scored like a weather forecast:
the Brier score, its decomposition into reliability, resolution and
uncertainty (Murphy 1973), a reliability table with Wilson intervals, the
same by week of the quarter, and a comparison with a naive forecast that
knows nothing but the linear pace.
"""

from __future__ import annotations

import numpy as np

from .._render import Immutable, ResultMixin, Summary, Table, json_safe
from .._validate import check_integer, check_probability
from ._checkins import KEY, _need, confidence_values, kr_table, wilson

__all__ = ["CalibrationResult", "calibration"]


def _bins(f, bins):
    """Bin index per forecast and a label per bin."""
    if bins is None:
        distinct = np.unique(f)
        if distinct.size <= 21:
            idx = np.searchsorted(distinct, f)
            return idx, [f"{v:.2f}" for v in distinct]
        bins = 10
    edges = np.linspace(0.0, 1.0, int(bins) + 1)
    idx = np.clip(np.searchsorted(edges, f, side="right") - 1, 0, int(bins) - 1)
    labels = [f"{lo:.1f}-{hi:.1f}" for lo, hi in zip(edges[:-1], edges[1:], strict=True)]
    return idx, labels


def brier_decomposition(forecast, outcome, bins=None):
    """Brier score and Murphy's decomposition over forecast bins.

    ``brier = reliability - resolution + uncertainty + within_bin``, where
    ``within_bin`` is zero when every forecast in a bin has the same value
    (the default bins are the distinct values when there are at most 21 of
    them, as with confidences rounded to 0.05 or 0.1).

    Returns
    -------
    dict
        ``brier``, ``reliability``, ``resolution``, ``uncertainty``,
        ``within_bin`` and ``table``: a DataFrame with ``bin``, ``n``,
        ``confidence`` (mean forecast), ``hit_rate``, ``ci_low``, ``ci_high``
        (95% Wilson interval of the hit rate).

    Examples
    --------
    >>> d = brier_decomposition([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1])
    >>> round(d["brier"], 4), round(d["reliability"] - d["resolution"] + d["uncertainty"], 4)
    (0.19, 0.19)
    """
    import pandas as pd

    f = np.asarray(forecast, dtype=float)
    o = np.asarray(outcome, dtype=float)
    n = f.size
    idx, labels = _bins(f, bins)
    counts = np.bincount(idx, minlength=len(labels)).astype(float)
    sum_f = np.bincount(idx, weights=f, minlength=len(labels))
    sum_o = np.bincount(idx, weights=o, minlength=len(labels))
    used = counts > 0
    fbar = np.divide(sum_f, counts, out=np.full_like(sum_f, np.nan), where=used)
    obar = np.divide(sum_o, counts, out=np.full_like(sum_o, np.nan), where=used)
    base = float(o.mean())
    brier = float(np.mean((f - o) ** 2))
    rel = float(np.sum(counts[used] * (fbar[used] - obar[used]) ** 2) / n)
    res = float(np.sum(counts[used] * (obar[used] - base) ** 2) / n)
    unc = base * (1.0 - base)
    low, high = wilson(sum_o[used], counts[used])
    table = pd.DataFrame(
        {
            "bin": np.asarray(labels, dtype=object)[used],
            "n": counts[used].astype(int),
            "confidence": fbar[used],
            "hit_rate": obar[used],
            "ci_low": low,
            "ci_high": high,
        }
    )
    return {
        "brier": brier,
        "reliability": rel,
        "resolution": res,
        "uncertainty": unc,
        "within_bin": brier - (rel - res + unc),
        "table": table,
    }


def _checkin_frame(data, krs, *, confidence, team, quarter, kr, week, value):
    """Check-ins before each key result's grading week, with the outcome and a naive forecast."""
    import pandas as pd

    df = pd.DataFrame(
        {
            "team": data[team].to_numpy(),
            "quarter": data[quarter].to_numpy(),
            "kr": data[kr].to_numpy(),
            "week": pd.to_numeric(data[week], errors="coerce").to_numpy(),
            "value": pd.to_numeric(data[value], errors="coerce").to_numpy(),
            "confidence": confidence_values(data, confidence).to_numpy(),
        }
    )
    final_week = df.groupby(list(KEY), sort=False)["week"].max().rename("final_week").reset_index()
    df = df.merge(final_week, on=list(KEY), how="left")
    df = df.merge(krs[list(KEY) + ["baseline", "target", "met"]], on=list(KEY), how="inner")
    df = df[df["confidence"].notna() & (df["week"] < df["final_week"])].copy()
    progress = (df["value"] - df["baseline"]) / (df["target"] - df["baseline"])
    with np.errstate(divide="ignore", invalid="ignore"):
        projected = progress * df["final_week"] / df["week"]
    # the naive forecast: the linear pace extrapolated to the end of the
    # quarter, read as a probability; before the first week it knows nothing
    df["naive"] = np.where(df["week"] > 0, np.clip(projected, 0.0, 1.0), 0.5)
    df["met"] = df["met"].astype(float)
    return df.reset_index(drop=True)


def poisson_binomial_pvalue(probs, observed):
    """Two-sided exact p-value for the number of successes of independent Bernoulli(p_i).

    The distribution is built by convolving one trial at a time (elementwise,
    deterministic); the two-sided p-value doubles the smaller tail, capped at 1.

    Examples
    --------
    >>> round(poisson_binomial_pvalue([0.5] * 10, 9), 4)  # 2 * P(X >= 9), X ~ Bin(10, .5)
    0.0215
    """
    pmf = np.ones(1)
    for p in np.asarray(probs, dtype=float):
        nxt = np.zeros(pmf.size + 1)
        nxt[:-1] += pmf * (1.0 - p)
        nxt[1:] += pmf * p
        pmf = nxt
    k = int(observed)
    lower = float(pmf[: k + 1].sum())
    upper = float(pmf[k:].sum())
    return min(1.0, 2.0 * min(lower, upper))


def _team_rows(df, alpha, min_krs):
    import pandas as pd

    rows = []
    for name, g in df.groupby("team", sort=True):
        per_kr = g.groupby(["quarter", "kr"], sort=False)
        first = g.loc[per_kr["week"].idxmin()]
        n_krs = len(first)
        expected = float(first["confidence"].sum())
        observed = int(first["met"].sum())
        p = poisson_binomial_pvalue(first["confidence"].to_numpy(), observed)
        high = g[g["confidence"] >= 0.7]
        over_high = float(high["confidence"].mean() - high["met"].mean()) if len(high) else np.nan
        if n_krs < min_krs:
            verdict = "not enough key results"
        elif p < alpha and observed < expected:
            verdict = "over-confident"
        elif p < alpha:
            verdict = "under-confident"
        else:
            verdict = "no evidence of miscalibration"
        rows.append(
            {
                "team": name,
                "n_checkins": len(g),
                "n_krs": n_krs,
                "brier": float(np.mean((g["confidence"] - g["met"]) ** 2)),
                "confidence": float(g["confidence"].mean()),
                "hit_rate": float(first["met"].mean()),
                "gap": float((per_kr["confidence"].mean() - per_kr["met"].mean()).mean()),
                "gap_above_0.7": over_high,
                "expected_met": expected,
                "met": observed,
                "p": p,
                "verdict": verdict,
            }
        )
    return pd.DataFrame(rows)


def _week_rows(df):
    g = df.assign(sq=(df["confidence"] - df["met"]) ** 2, sqn=(df["naive"] - df["met"]) ** 2)
    out = (
        g.groupby("week", sort=True)
        .agg(
            n=("met", "size"),
            confidence=("confidence", "mean"),
            hit_rate=("met", "mean"),
            brier=("sq", "mean"),
            brier_naive=("sqn", "mean"),
        )
        .reset_index()
    )
    out["week"] = out["week"].astype(int)
    return out


def _verdict_text(teams, overall):
    over = teams[teams["verdict"] == "over-confident"]
    under = teams[teams["verdict"] == "under-confident"]
    parts = []
    for _, r in over.iterrows():
        extra = ""
        if np.isfinite(r["gap_above_0.7"]):
            extra = f"; above 0.7 it is over-confident by ~{100 * r['gap_above_0.7']:.0f} points"
        parts.append(
            f"{r['team']} is over-confident: at planning time it expected "
            f"{r['expected_met']:.1f} of {r['n_krs']} key results to be met and "
            f"{r['met']} were (p = {r['p']:.3f}){extra}."
        )
    for _, r in under.iterrows():
        parts.append(
            f"{r['team']} is under-confident: at planning time it expected "
            f"{r['expected_met']:.1f} of {r['n_krs']} key results to be met and "
            f"{r['met']} were (p = {r['p']:.3f})."
        )
    if not parts:
        parts.append("No team's confidence is clearly off (every exact test has p >= alpha).")
    skill = overall["skill_vs_naive"]
    parts.append(
        f"Overall, confidence {'beats' if skill > 0 else 'does not beat'} the naive "
        f"linear-pace forecast (Brier {overall['brier']:.3f} vs {overall['brier_naive']:.3f})."
    )
    return " ".join(parts)


class CalibrationResult(Immutable, ResultMixin):
    """Calibration of check-in confidence; built by :func:`calibration`.

    Parameters
    ----------
    overall : dict
        ``n_checkins``, ``n_krs``, ``brier``, ``reliability``, ``resolution``,
        ``uncertainty``, ``within_bin``, ``brier_naive``, ``skill_vs_naive``
        (``1 - brier / brier_naive``), ``skill_vs_base_rate``
        (``1 - brier / uncertainty``).
    reliability : DataFrame
        One row per confidence bin: ``bin``, ``n``, ``confidence``,
        ``hit_rate``, ``ci_low``, ``ci_high`` (Wilson 95%).
    by_week : DataFrame
        ``week``, ``n``, ``confidence``, ``hit_rate``, ``brier``,
        ``brier_naive``.
    teams : DataFrame
        ``team``, ``n_checkins``, ``n_krs``, ``brier``, ``confidence``
        (mean over check-ins), ``hit_rate`` (share of key results met),
        ``gap`` (mean confidence minus met, averaged per key result),
        ``gap_above_0.7`` (the same over check-ins with confidence >= 0.7),
        ``expected_met`` (sum of planning-time confidences), ``met``, ``p``
        (exact test), ``verdict``.
    verdict : str
        Plain-English summary of the team verdicts and the naive comparison.
    params : dict
        The settings used (``alpha``, ``min_krs``, ``bins``).

    Examples
    --------
    >>> from okrlab.review import calibration, simulate_checkins
    >>> res = calibration(simulate_checkins(seed=3))
    >>> sorted(res.overall)[:3]
    ['brier', 'brier_naive', 'n_checkins']
    """

    def __init__(self, overall, reliability, by_week, teams, verdict, params):
        self.overall = overall
        self.reliability = reliability
        self.by_week = by_week
        self.teams = teams
        self.verdict = verdict
        self.params = params

    def _summary(self):
        o = self.overall
        facts = {
            "check-ins / key results": f"{o['n_checkins']} / {o['n_krs']}",
            "Brier score": f"{o['brier']:.3f} (naive pace {o['brier_naive']:.3f})",
            "reliability / resolution / uncertainty": (
                f"{o['reliability']:.3f} / {o['resolution']:.3f} / {o['uncertainty']:.3f}"
            ),
            "skill vs naive pace": f"{o['skill_vs_naive']:+.2f}",
        }
        cols = ["team", "n_krs", "expected_met", "met", "p", "gap", "brier", "verdict"]
        return Summary(
            "Confidence calibration",
            [
                Table.from_pairs(facts, title="Overall"),
                Table.from_frame(self.reliability, title="Reliability by confidence"),
                Table.from_frame(self.teams[cols], title="Teams", status="verdict"),
            ],
            notes=[self.verdict],
        )

    def to_frame(self):
        """The per-team table (see :attr:`teams`)."""
        return self.teams.copy()

    def to_dict(self):
        return json_safe(
            {
                "overall": self.overall,
                "reliability": self.reliability.to_dict(orient="records"),
                "by_week": self.by_week.to_dict(orient="records"),
                "teams": self.teams.to_dict(orient="records"),
                "verdict": self.verdict,
                "params": self.params,
            }
        )

    def plot(self, ax=None):
        """Reliability diagram: hit rate per confidence bin against the diagonal."""
        from ..plotting.review import plot_reliability

        return plot_reliability(self, ax=ax)


def calibration(
    data,
    *,
    confidence="confidence",
    team="team",
    quarter="quarter",
    kr="kr",
    week="week_of_quarter",
    value="value",
    baseline="baseline",
    target="target",
    bins=None,
    alpha=0.05,
    min_krs=5,
):
    """How well does weekly confidence forecast whether key results are met?

    Each check-in's confidence (0-1) before a key result's grading week is a
    forecast of the event "the key result reaches its target" (``met``: the
    final raw score is at least 1). The function scores these forecasts.

    Notes
    -----
    * Brier score ``mean((confidence - met)^2)`` and Murphy's decomposition
      ``reliability - resolution + uncertainty`` (plus a ``within_bin`` term
      that is zero when confidences are rounded, e.g. to 0.05).
    * Reliability table with Wilson intervals per bin. The Wilson interval
      treats check-ins as independent; the weekly check-ins of one key result
      are not, so read it as a lower bound on the uncertainty.
    * A team is **over-confident** when fewer of its key results were met
      than its planning-time confidence (each key result's first check-in)
      said, by an exact two-sided Poisson-binomial test at ``alpha``: under
      calibration the number met is a sum of independent Bernoulli trials with
      those probabilities. **Under-confident** when more were met. Later
      check-ins are not independent of the outcome they forecast, so they
      feed the Brier score, the tables and ``gap`` (mean ``confidence - met``
      per key result, averaged) but not the test. Teams with fewer than
      ``min_krs`` key results get no verdict.
    * The naive forecast extrapolates the progress so far at a linear pace
      to the grading week and reads the projected score (capped to 0-1) as
      a probability (0.5 at week 0). ``skill_vs_naive > 0`` means the
      team's confidence carries information beyond the pace.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per check-in (the shape of ``load_dataset("okr_checkins")``).
    confidence, team, quarter, kr, week, value, baseline, target : str
        Column names.
    bins : int, optional
        Number of equal-width confidence bins; default: the distinct values
        if there are at most 21, else 10 bins.
    alpha : float
        Significance level of the per-team test.
    min_krs : int
        Fewest key results for a team verdict.

    Returns
    -------
    CalibrationResult

    Examples
    --------
    >>> from okrlab.review.simulate import simulate_checkins
    >>> res = calibration(simulate_checkins(seed=3))
    >>> sorted(res.teams["verdict"].unique())[:1]
    ['no evidence of miscalibration']
    >>> bool(res.overall["brier"] < res.overall["brier_naive"])
    True
    """
    alpha = check_probability(alpha, "alpha")
    min_krs = check_integer(min_krs, "min_krs", low=2)
    if bins is not None:
        bins = check_integer(bins, "bins", low=2, high=100)
    _need(data, {"confidence": confidence}, "calibration")
    krs = kr_table(
        data, team=team, quarter=quarter, kr=kr, week=week, value=value,
        baseline=baseline, target=target,
    )  # fmt: skip
    df = _checkin_frame(
        data, krs, confidence=confidence, team=team, quarter=quarter, kr=kr, week=week,
        value=value,
    )  # fmt: skip
    if df.empty:
        from ..errors import DataError

        raise DataError(
            f"no check-in has a confidence before its key result's last week; "
            f"is {confidence!r} the confidence column?"
        )
    dec = brier_decomposition(df["confidence"].to_numpy(), df["met"].to_numpy(), bins=bins)
    brier_naive = float(np.mean((df["naive"] - df["met"]) ** 2))
    overall = {
        "n_checkins": len(df),
        "n_krs": int(df.groupby(["team", "quarter", "kr"]).ngroups),
        "brier": dec["brier"],
        "reliability": dec["reliability"],
        "resolution": dec["resolution"],
        "uncertainty": dec["uncertainty"],
        "within_bin": dec["within_bin"],
        "brier_naive": brier_naive,
        "skill_vs_naive": 1.0 - dec["brier"] / brier_naive if brier_naive > 0 else np.nan,
        "skill_vs_base_rate": (
            1.0 - dec["brier"] / dec["uncertainty"] if dec["uncertainty"] > 0 else np.nan
        ),
    }
    teams = _team_rows(df, alpha, min_krs)
    verdict = _verdict_text(teams, overall)
    params = {"alpha": alpha, "min_krs": min_krs, "bins": bins}
    return CalibrationResult(overall, dec["table"], _week_rows(df), teams, verdict, params)
