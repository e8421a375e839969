"""Across teams and quarters: do key-result scores go with the business outcome?"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _stats
from .audit import _check_columns, _numeric, _row_word, _rows_text  # shared intake helpers
from .errors import DataError, ParameterError, ParameterTypeError

# ---------------------------------------------------------------------------
# cross-sectional: KR scores vs outcome across teams
# ---------------------------------------------------------------------------


def _weighted_corr(W, s, o):
    """Weighted Pearson correlation per row of weights W (B, U) of vectors s, o (U,)."""
    sw = W.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        ms = (W @ s) / sw
        mo = (W @ o) / sw
        cov = (W @ (s * o)) / sw - ms * mo
        vs = (W @ (s * s)) / sw - ms * ms
        vo = (W @ (o * o)) / sw - mo * mo
        r = cov / np.sqrt(vs * vo)
    return np.where((vs > 1e-12) & (vo > 1e-12), r, np.nan)


def kr_outcome_link(
    data,
    score="kr_score",
    outcome="outcome_change",
    team="team",
    period="quarter",
    kind="kr_type",
    *,
    n_boot=2000,
    level=0.95,
    seed=None,
) -> pd.DataFrame:
    """Are key-result scores associated with the business outcome, across teams?

    The unit of analysis is a team-quarter: its outcome change and the mean
    score of its KRs (all KRs, and separately each KR type). The correlation
    (Pearson) is computed across team-quarters. Because quarters of the same
    team are not independent, the interval comes from a **cluster bootstrap
    over teams**: teams are drawn with replacement and keep all their
    quarters (implemented exactly as frequency weights, so it is one matrix
    product per statistic). The difference between the first two KR types
    (``outcome`` minus ``activity`` when those are the types) is bootstrapped
    on the same resamples, so its interval accounts for their dependence.

    Parameters
    ----------
    data : pandas.DataFrame
        Long format, one row per KR: team, period, KR type, score, outcome
        change (repeated on every KR of the team-quarter).
    score, outcome, team, period, kind : str
        Column names; ``kind=None`` skips the comparison by type.
    n_boot : int
    level : float
        Interval level (0.95).
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    pandas.DataFrame
        One row per group (``all``, each KR type, and ``<type1> - <type2>``).
        Columns: ``group``, ``n_units`` (team-quarters), ``n_teams``,
        ``mean_score``, ``r`` (correlation of mean KR score with the
        outcome change; for the difference row, the difference of the two
        correlations), ``ci_low``, ``ci_high`` (cluster bootstrap percentile
        interval), ``p`` (bootstrap p-value for no association / no difference).

    Raises
    ------
    okrlab.errors.DataError
        Missing columns, non-numeric or missing scores/outcomes, or an outcome
        that differs between KRs of the same team-quarter.

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
    >>> link = kr_outcome_link(df, n_boot=499, seed=0)
    >>> list(link["group"])
    ['all', 'outcome', 'activity', 'outcome - activity']
    >>> bool(link.set_index("group").loc["outcome", "ci_low"] > 0.5)
    True
    """
    if not isinstance(data, pd.DataFrame):
        raise ParameterTypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    cols = [c for c in (team, period, kind, score, outcome) if c is not None]
    _check_columns(data, cols)
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 99:
        raise ParameterError(f"n_boot={n_boot!r} must be an integer >= 99")
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
    spread = df.groupby([team, period], sort=True)[outcome].agg(lambda v: v.max() - v.min())
    if (spread > 1e-9 * (1 + df[outcome].abs().max())).any():
        first = spread[spread > 0].index[0]
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
    teams = table.index.get_level_values(0)
    codes, uniq = pd.factorize(teams, sort=True)
    T = len(uniq)
    if T < 5:
        raise DataError(f"only {T} team(s); a cluster bootstrap needs at least 5 teams")
    rng = _stats.as_generator(seed)
    draws = rng.integers(0, T, size=(n_boot, T))
    counts = np.zeros((n_boot, T))
    np.add.at(counts, (np.repeat(np.arange(n_boot), T), draws.ravel()), 1.0)
    Wunits = counts[:, codes]  # (B, U) frequency weights of team-quarters
    o = table["_y"].to_numpy(float)
    groups = ["all"] + kinds
    rows, stars = [], {}
    for g in groups:
        s = table[g].to_numpy(float)
        ok = np.isfinite(s)
        W1 = np.ones((1, ok.sum()))
        r = float(_weighted_corr(W1, s[ok], o[ok])[0])
        rstar = _weighted_corr(Wunits[:, ok], s[ok], o[ok])
        stars[g] = (r, rstar)
        rows.append(
            {
                "group": g,
                "n_units": int(ok.sum()),
                "n_teams": int(len(np.unique(codes[ok]))),
                "mean_score": float(s[ok].mean()),
            }
        )
    if len(kinds) >= 2:
        a, b = kinds[0], kinds[1]
        stars[f"{a} - {b}"] = (stars[a][0] - stars[b][0], stars[a][1] - stars[b][1])
        rows.append(
            {
                "group": f"{a} - {b}",
                "n_units": rows[1]["n_units"],
                "n_teams": T,
                "mean_score": np.nan,
            }
        )
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    for row in rows:
        r, rstar = stars[row["group"]]
        lo, hi = np.nanquantile(rstar, [lo_q, hi_q])
        p = (1 + np.sum(np.abs(rstar - r) >= abs(r) - 1e-12)) / (n_boot + 1)
        row.update(r=r, ci_low=float(lo), ci_high=float(hi), p=float(p))
    return pd.DataFrame(
        rows, columns=["group", "n_units", "n_teams", "mean_score", "r", "ci_low", "ci_high", "p"]
    )
