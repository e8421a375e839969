"""Across teams and quarters: do key-result scores go with the business outcome?

Inference treats the *team* as the unit of independent evidence (a team's
quarters are not independent draws): a leave-one-team-out (cluster)
jackknife on Fisher's z with Student t(G - 1) critical values, which is
accurate with as few as 8 teams; see :func:`kr_outcome_link`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _stats, _validate
from ._render import ResultMixin, json_safe
from .audit import _check_columns, _numeric, _row_word, _rows_text  # shared intake helpers
from .errors import DataError, ParameterTypeError

_COLUMNS = [
    "group",
    "n_units",
    "n_teams",
    "mean_score",
    "r",
    "ci_low",
    "ci_high",
    "p",
    "spearman",
    "spearman_ci_low",
    "spearman_ci_high",
    "spearman_p",
]


# ---------------------------------------------------------------------------
# the statistics: pure numpy
# ---------------------------------------------------------------------------


def _leave_one_out_pearson(x, y, codes, G):
    """Pearson r on all units and with each cluster left out, from cluster sums."""
    parts = np.stack([np.ones_like(x), x, y, x * x, y * y, x * y])
    sums = np.zeros((6, G))
    for j in range(6):
        sums[j] = np.bincount(codes, weights=parts[j], minlength=G)
    tot = sums.sum(axis=1, keepdims=True)
    both = np.concatenate([tot, tot - sums], axis=1)  # column 0: all units
    n, sx, sy, sxx, syy, sxy = both
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = sxy - sx * sy / n
        vx = sxx - sx * sx / n
        vy = syy - sy * sy / n
        r = cov / np.sqrt(vx * vy)
    scale = np.maximum(np.abs(sxx), 1.0) * np.maximum(np.abs(syy), 1.0)
    ok = (vx > 1e-12 * np.sqrt(scale)) & (vy > 1e-12 * np.sqrt(scale)) & (n > 2)
    r = np.where(ok, np.clip(r, -1.0, 1.0), np.nan)
    return r[0], r[1:]


def _leave_one_out_spearman(x, y, codes, G):
    """Spearman rho on all units and with each cluster left out (ranks recomputed)."""
    full = float(_stats.pearson(_stats.rank(x), _stats.rank(y)))
    loo = np.empty(G)
    for g in range(G):
        keep = codes != g
        loo[g] = _stats.pearson(_stats.rank(x[keep]), _stats.rank(y[keep]))
    return full, loo


def _jackknife(theta, loo, level, transform=True):
    """Cluster-jackknife interval and p-value (t with G - 1 df).

    With ``transform`` the jackknife runs on Fisher's z = atanh(theta) and the
    interval is mapped back with tanh. Returns (low, high, p).
    """
    from scipy import stats

    G = len(loo)
    if not (np.isfinite(theta) and np.all(np.isfinite(loo))):
        return np.nan, np.nan, np.nan
    f = (lambda v: np.arctanh(np.clip(v, -0.999999, 0.999999))) if transform else (lambda v: v)
    est, reps = f(theta), f(loo)
    se = math.sqrt((G - 1) / G * float(np.sum((reps - reps.mean()) ** 2)))
    if not se > 0:
        return np.nan, np.nan, np.nan
    crit = float(stats.t.ppf(0.5 + level / 2, G - 1))
    lo, hi = est - crit * se, est + crit * se
    p = float(2 * stats.t.sf(abs(est) / se, G - 1))
    if transform:
        lo, hi = math.tanh(lo), math.tanh(hi)
    return float(lo), float(hi), p


# ---------------------------------------------------------------------------
# result
# ---------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class KRLink(ResultMixin):
    """Result of :func:`kr_outcome_link` (built once, never changed).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per group; columns as documented in :func:`kr_outcome_link`.
    params : dict
        ``score``, ``outcome``, ``team``, ``period``, ``kind``, ``level``, ``method``.
    notes : tuple of str
        Groups without an interval (fewer than 5 teams) and similar caveats.

    Examples
    --------
    >>> import numpy as np, pandas as pd, okrlab
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"team": np.repeat(list("abcdef"), 4),
    ...                    "quarter": np.tile(["Q1", "Q2", "Q3", "Q4"], 6),
    ...                    "kr_score": rng.uniform(0, 1, 24)})
    >>> df["outcome_change"] = 5 * df["kr_score"] + rng.normal(0, 1, 24)
    >>> link = okrlab.kr_outcome_link(df, kind=None)
    >>> list(link.to_frame()["group"]), bool(link.table["r"][0] > 0.5)
    (['all'], True)
    """

    table: pd.DataFrame
    params: dict
    notes: tuple = ()

    def _summary(self):
        from ._render import Summary, Table

        t = self.table
        return Summary(
            f"KR scores vs {self.params['outcome']} across teams",
            [Table.from_frame(t, title="Correlation per KR group", decimals={"mean_score": 2})],
            notes=[self.explanation(), *self.notes],
        )

    def explanation(self) -> str:
        """How to read the table, in one paragraph."""
        lvl = f"{100 * self.params['level']:g}%"
        t = self.table
        return (
            f"Each row correlates a team-quarter's mean KR score with its "
            f"{self.params['outcome']} over {int(t['n_units'].iloc[0])} team-quarters of "
            f"{int(t['n_teams'].iloc[0])} teams. Intervals ({lvl}) and p-values treat teams "
            "as the independent units: leave-one-team-out jackknife on Fisher's z with "
            f"t({int(t['n_teams'].iloc[0]) - 1}) critical values."
        )

    def to_frame(self) -> pd.DataFrame:
        """The table (a copy)."""
        return self.table.copy()

    def to_dict(self) -> dict:
        """JSON-safe: ``groups`` (one dict per row of the table), ``params``, ``notes``."""
        rows = [
            {k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()}
            for r in self.table.to_dict(orient="records")
        ]
        return json_safe(
            {
                "groups": rows,
                "explanation": self.explanation(),
                "params": dict(self.params),
                "notes": list(self.notes),
            }
        )

    def plot(self, ax=None):
        """Point estimates with intervals per group (Pearson); returns the Axes."""
        import matplotlib.pyplot as plt

        ax = ax if ax is not None else plt.figure().gca()
        t = self.table
        y = np.arange(len(t))[::-1].astype(float)
        r = t["r"].to_numpy(float)
        err = np.abs(np.vstack([r - t["ci_low"].to_numpy(float), t["ci_high"].to_numpy(float) - r]))
        ax.errorbar(r, y, xerr=np.nan_to_num(err), fmt="o", color="C0", capsize=3)
        ax.axvline(0, color="0.5", lw=1)
        ax.set_yticks(y, t["group"])
        ax.set_xlabel(
            f"correlation with {self.params['outcome']} ({100 * self.params['level']:g}% interval)"
        )
        ax.set_title("Do KR scores go with the outcome?")
        return ax


# ---------------------------------------------------------------------------
# the public function
# ---------------------------------------------------------------------------


def _unit_table(data, score, outcome, team, period, kind):
    """Team-quarter table: ``_y`` (outcome), ``all`` and one column per KR type."""
    cols = [c for c in (team, period, kind, score, outcome) if c is not None]
    df = pd.DataFrame({c: data[c] for c in cols})
    df[score] = _numeric(data, score)
    df[outcome] = _numeric(data, outcome)
    for c in (team, period, score, outcome):
        miss = df[c].isna().to_numpy()
        if miss.any():
            raise DataError(
                f"column {c!r} is empty in {int(miss.sum())} row(s) "
                f"({_row_word(data)} {_rows_text(data.index[miss])}); fill in or drop them"
            )
    by = df.groupby([team, period], sort=True)[outcome]
    spread = by.max() - by.min()
    if (spread > 1e-9 * (1 + df[outcome].abs().max())).any():
        first = spread[spread > 1e-9 * (1 + df[outcome].abs().max())].index[0]
        raise DataError(
            f"column {outcome!r} differs between key results of team {first[0]!r} in "
            f"{first[1]!r}; it must be the team-quarter's outcome, repeated on each KR"
        )
    units = df.groupby([team, period], sort=True)
    # the outcome is kept under a private name: a KR type may itself be called "outcome"
    table = pd.DataFrame({"_y": units[outcome].first(), "all": units[score].mean()})
    kinds = []
    if kind is not None:
        kinds = list(pd.unique(df[kind].astype(str)))
        if "outcome" in kinds and "activity" in kinds:
            kinds = ["outcome", "activity"] + [k for k in kinds if k not in ("outcome", "activity")]
        per = df.assign(_k=df[kind].astype(str)).pivot_table(
            index=[team, period], columns="_k", values=score, aggfunc="mean"
        )
        for k in kinds:
            table[k] = per[k]
    return table, kinds


def kr_outcome_link(
    data,
    *,
    score="kr_score",
    outcome="outcome_change",
    team="team",
    period="quarter",
    kind="kr_type",
    level=0.95,
) -> KRLink:
    """Are key-result scores associated with the business outcome, across teams?

    The unit of analysis is a team-quarter: its outcome change and the mean
    score of its KRs (all KRs, and separately each KR type). Pearson and
    Spearman correlations are computed across team-quarters.

    **Inference with few teams.** Quarters of the same team are not
    independent, so the team is the unit of evidence. Each correlation is
    recomputed with each team left out (a cluster jackknife; for Spearman the
    ranks are recomputed), the jackknife standard error of Fisher's
    ``z = atanh(r)`` gives the interval ``tanh(z ± t · se)`` with Student
    ``t`` on ``G - 1`` degrees of freedom (``G`` teams; the CV3 / "CR3"
    family recommended for few clusters), and the p-value is the matching
    two-sided t test, so the interval excludes 0 exactly when ``p < 1 - level``.
    Measured (validation/audit_v2_part2.py, 1,000 replicates per cell, 6
    quarters per team, 30% of the variance shared within a team, normal and t3
    data): the 95% interval covers the true correlation in 94.2-95.3% of
    replicates at 8, 15 and 40 teams, and p < 0.05 under no association in
    3.8-5.7%. The difference
    between the first two KR types (``outcome`` minus ``activity`` when those
    are the types) is jackknifed on the same leave-one-team-out samples (on
    the r scale), so its interval accounts for their dependence.

    Parameters
    ----------
    data : pandas.DataFrame
        Long format, one row per KR: team, period, KR type, score, outcome
        change (repeated on every KR of the team-quarter).
    score, outcome, team, period, kind : str
        Column names; ``kind=None`` skips the comparison by type.
    level : float
        Interval level (0.95).

    Returns
    -------
    KRLink
        ``.table`` / ``.to_frame()``: one row per group (``all``, each KR type,
        and ``<type1> - <type2>``). Columns: ``group``, ``n_units``
        (team-quarters), ``n_teams``, ``mean_score``, ``r`` (Pearson
        correlation of mean KR score with the outcome change; for the
        difference row, the difference of the two correlations), ``ci_low``,
        ``ci_high`` (cluster-jackknife interval), ``p`` (two-sided, no
        association / no difference), and the same for Spearman:
        ``spearman``, ``spearman_ci_low``, ``spearman_ci_high``, ``spearman_p``.

    Raises
    ------
    okrlab.errors.DataError
        Missing columns, non-numeric or missing scores/outcomes, an outcome
        that differs between KRs of the same team-quarter, fewer than 5 teams.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> rows = []
    >>> for t in range(12):
    ...     for q in range(6):
    ...         s_out, s_act = rng.uniform(0, 1), rng.uniform(0.5, 1)
    ...         change = 10 * s_out + rng.normal(0, 2)
    ...         rows += [(f"team{t}", f"Q{q}", "outcome", s_out, change),
    ...                  (f"team{t}", f"Q{q}", "activity", s_act, change)]
    >>> df = pd.DataFrame(rows, columns=["team", "quarter", "kr_type", "kr_score",
    ...                                  "outcome_change"])
    >>> link = kr_outcome_link(df)
    >>> list(link.table["group"])
    ['all', 'outcome', 'activity', 'outcome - activity']
    >>> bool(link.table.set_index("group").loc["outcome", "ci_low"] > 0.5)
    True
    """
    if not isinstance(data, pd.DataFrame):
        raise ParameterTypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    level = _validate.check_probability(level, "level", example=0.95)
    _check_columns(data, [c for c in (team, period, kind, score, outcome) if c is not None])
    table, kinds = _unit_table(data, score, outcome, team, period, kind)
    codes, uniq = pd.factorize(table.index.get_level_values(0), sort=True)
    G = len(uniq)
    if G < 5:
        raise DataError(
            f"only {G} team(s) in column {team!r}; the across-team analysis needs at least 5"
        )
    o = table["_y"].to_numpy(float)
    rows, loo, notes = [], {}, []
    for g in ["all", *kinds]:
        s = table[g].to_numpy(float)
        ok = np.isfinite(s)
        c_ok = codes[ok]
        r, r_loo = _leave_one_out_pearson(s[ok], o[ok], c_ok, G)
        rs, rs_loo = _leave_one_out_spearman(s[ok], o[ok], c_ok, G)
        present = np.bincount(c_ok, minlength=G) > 0
        r_loo, rs_loo = r_loo[present], rs_loo[present]  # teams without this KR type
        loo[g] = (r, r_loo, rs, rs_loo, present)
        row = {
            "group": g,
            "n_units": int(ok.sum()),
            "n_teams": int(present.sum()),
            "mean_score": float(s[ok].mean()),
            "r": float(r),
        }
        row["ci_low"], row["ci_high"], row["p"] = _jackknife(r, r_loo, level)
        row["spearman"] = float(rs)
        lo, hi, p = _jackknife(rs, rs_loo, level)
        row.update(spearman_ci_low=lo, spearman_ci_high=hi, spearman_p=p)
        if not np.isfinite(r):
            notes.append(
                f"group {g!r}: the mean score or the outcome does not vary; no correlation"
            )
        if int(present.sum()) < 5:
            notes.append(f"group {g!r} has only {int(present.sum())} teams; no interval")
            row.update(ci_low=np.nan, ci_high=np.nan, p=np.nan)
            row.update(spearman_ci_low=np.nan, spearman_ci_high=np.nan, spearman_p=np.nan)
        rows.append(row)
    if len(kinds) >= 2:
        rows.append(_difference_row(kinds[0], kinds[1], loo, rows, level, G))
    frame = pd.DataFrame(rows, columns=_COLUMNS)
    return KRLink(
        table=frame,
        params={
            "score": score,
            "outcome": outcome,
            "team": team,
            "period": period,
            "kind": kind,
            "level": level,
            "method": "cluster jackknife, Fisher z, t(G-1)",
        },
        notes=tuple(notes),
    )


def _difference_row(a, b, loo, rows, level, G):
    """Row for ``a - b``: jackknife of the difference of correlations over shared teams."""
    ra, ra_loo, rsa, rsa_loo, pa = loo[a]
    rb, rb_loo, rsb, rsb_loo, pb = loo[b]
    both = pa & pb
    # map the leave-one-out arrays (stored for present teams only) back to all teams
    full = {}
    for key, (vals, pres) in {
        "ra": (ra_loo, pa),
        "rb": (rb_loo, pb),
        "sa": (rsa_loo, pa),
        "sb": (rsb_loo, pb),
    }.items():
        arr = np.full(G, np.nan)
        arr[pres] = vals
        full[key] = arr[both]
    d, d_loo = ra - rb, full["ra"] - full["rb"]
    ds, ds_loo = rsa - rsb, full["sa"] - full["sb"]
    row = {
        "group": f"{a} - {b}",
        "n_units": min(rows[1]["n_units"], rows[2]["n_units"]),
        "n_teams": int(both.sum()),
        "mean_score": np.nan,
        "r": float(d),
        "spearman": float(ds),
    }
    if int(both.sum()) < 5:  # as for a single group: too few teams for an interval
        nan = float("nan")
        row.update(ci_low=nan, ci_high=nan, p=nan)
        row.update(spearman_ci_low=nan, spearman_ci_high=nan, spearman_p=nan)
        return row
    row["ci_low"], row["ci_high"], row["p"] = _jackknife(d, d_loo, level, transform=False)
    lo, hi, p = _jackknife(ds, ds_loo, level, transform=False)
    row.update(spearman_ci_low=lo, spearman_ci_high=hi, spearman_p=p)
    return row
