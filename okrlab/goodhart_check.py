"""Goodhart check: periods where a KPI improved while a quality metric deteriorated."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .audit import (  # shared intake helpers
    _DEFAULT_WINDOW,
    _UNITS,
    _clean_span,
    _f,
    _prepare,
    _resolve_direction,
)
from .errors import DataError, ParameterError
from .kpi import normalize_direction

# ---------------------------------------------------------------------------
# Goodhart check
# ---------------------------------------------------------------------------

_DEFAULT_SMOOTH = {"D": 7, "W": 4, "M": 3, "Q": 2, "Y": 1}


@dataclass(repr=False)
class GoodhartCheck:
    """Result of :func:`goodhart_check`.

    Attributes
    ----------
    kpi, quality : str
    frame : pandas.DataFrame
        Indexed by date. Columns: ``kpi``, ``quality`` (values), ``kpi_smooth``,
        ``quality_smooth`` (trailing rolling means), ``kpi_z``, ``quality_z``
        (smoothed value minus baseline mean, in baseline standard deviations,
        signed so that positive is *better*), ``baseline`` (bool: in the
        baseline), ``flagged`` (bool).
    episodes : pandas.DataFrame
        One row per run of consecutive flagged periods: ``start``, ``end``,
        ``periods``, ``kpi_change_pct``, ``quality_change_pct`` (smoothed value
        at the worst point of quality versus the baseline mean, in %).
    baseline_end : pandas.Timestamp
        Last period of the baseline.
    params : dict
    """

    kpi: str
    quality: str
    frame: pd.DataFrame
    episodes: pd.DataFrame
    baseline_end: pd.Timestamp
    freq: str
    params: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def n_flagged(self) -> int:
        return int(self.frame["flagged"].sum())

    @property
    def first_flagged(self):
        f = self.frame.index[self.frame["flagged"].to_numpy()]
        return None if len(f) == 0 else f[0]

    def summary(self) -> str:
        """One paragraph in plain English with the numbers."""
        unit = _UNITS[self.freq]
        after = ~self.frame["baseline"]
        n_after = int(after.sum())
        base = f"the baseline ({self.frame.index[0].date()} to {self.baseline_end.date()})"
        if self.n_flagged == 0:
            return (
                f"No Goodhart pattern: in none of the {n_after} {unit} after {base} did "
                f"{self.kpi} improve while {self.quality} fell more than "
                f"{self.params['quality_z']:g} baseline standard deviations."
            )
        worst = self.episodes.loc[self.episodes["periods"].idxmax()]
        return (
            f"Goodhart warning: in {self.n_flagged} of the {n_after} {unit} after {base}, "
            f"{self.kpi} was better than its baseline while {self.quality} was worse than "
            f"{self.params['quality_z']:g} baseline standard deviations, first on "
            f"{self.first_flagged.date()}. In the longest run ({int(worst['periods'])} {unit} "
            f"from {worst['start'].date()}) {self.kpi} was {worst['kpi_change_pct']:+.0f}% "
            f"and {self.quality} {worst['quality_change_pct']:+.0f}% versus the baseline."
        )

    def __repr__(self) -> str:
        return (
            f"GoodhartCheck({self.kpi} vs {self.quality}: {self.n_flagged} flagged "
            f"{_UNITS[self.freq]}, {len(self.episodes)} episode(s), first "
            f"{None if self.first_flagged is None else self.first_flagged.date()})"
        )

    def _repr_html_(self) -> str:
        return (
            f"<div><b>{html.escape(repr(self))}</b><p>{html.escape(self.summary())}</p>"
            + self.episodes.to_html(index=False)
            + "</div>"
        )

    def to_dict(self) -> dict:
        """JSON-safe summary: kpi, quality, n_flagged, first_flagged, baseline_end, episodes."""
        eps = [
            {
                "start": r.start.date().isoformat(),
                "end": r.end.date().isoformat(),
                "periods": int(r.periods),
                "kpi_change_pct": _f(r.kpi_change_pct, 2),
                "quality_change_pct": _f(r.quality_change_pct, 2),
            }
            for r in self.episodes.itertuples()
        ]
        first = self.first_flagged
        return {
            "kpi": self.kpi,
            "quality": self.quality,
            "n_flagged": self.n_flagged,
            "first_flagged": None if first is None else first.date().isoformat(),
            "baseline_end": self.baseline_end.date().isoformat(),
            "episodes": eps,
            "summary": self.summary(),
        }

    def plot(self, ax=None):
        """Draw with :func:`okrlab.plotting.plot_goodhart_check`."""
        from .plotting import plot_goodhart_check

        return plot_goodhart_check(self, ax=ax)


def goodhart_check(
    data,
    kpi,
    quality,
    date=None,
    direction=None,
    quality_direction="higher",
    *,
    window=None,
    baseline=None,
    kpi_z=1.0,
    quality_z=2.0,
    freq=None,
    agg="mean",
    max_gap=2,
) -> GoodhartCheck:
    """Find the periods where a KPI improved while a quality metric deteriorated.

    "Normal variation" is measured in a baseline period before any target
    was set: both series are smoothed with a trailing rolling mean of
    ``window`` periods (to look at sustained moves, not single noisy
    periods), and each smoothed value is expressed as a z-score against the
    mean and standard deviation of the smoothed series in the baseline, signed
    so that positive means better. A period after the baseline is *flagged*
    when the KPI is at least ``kpi_z`` standard deviations better than its
    baseline while quality is at least ``quality_z`` worse.

    Parameters
    ----------
    data : pandas.DataFrame
    kpi : str or okrlab.KPI
    quality : str
        The guardrail, e.g. lead quality (share of leads that qualify).
    direction : {"higher", "lower"}
        Which way is better for the KPI (required unless ``kpi`` is a KPI).
    quality_direction : {"higher", "lower"}
    window : int, optional
        Smoothing window; default 4 weeks, 3 months, 2 quarters, 7 days.
    baseline : int or date-like, optional
        Periods in the baseline (an int), or the first date *after* it (e.g.
        the day a CPL target was introduced). Default: the first 26 weeks /
        12 months / 8 quarters / 90 days, at most a third of the data.
    kpi_z : float
        Default 1.0: the KPI must be clearly better than usual (a smoothed
        value one baseline sd above the baseline mean), not just above average.
    quality_z : float
        Default 2.0: a smoothed quality this far below its baseline mean
        happens in about 2.3 % of baseline-like periods under normality (and
        the rate inside the baseline is reported), so flagged stretches are
        unlikely to be noise.
    freq, agg, max_gap
        As :func:`audit`.

    Returns
    -------
    GoodhartCheck

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> t = np.arange(104)
    >>> target = t >= 52                         # a CPL target from week 52
    >>> cpl = 100 - 25 * target + rng.normal(0, 4, 104)
    >>> quality = 0.30 - 0.12 * target + rng.normal(0, 0.02, 104)
    >>> df = pd.DataFrame({"cpl": cpl, "lead_quality": quality},
    ...                   index=pd.date_range("2023-01-02", periods=104, freq="W-MON"))
    >>> chk = goodhart_check(df, "cpl", "lead_quality", direction="lower", baseline=52)
    >>> chk.n_flagged, str(chk.first_flagged.date())
    (52, '2024-01-01')
    """
    name, direction = _resolve_direction(kpi, direction)
    if direction is None:
        raise ParameterError(
            f"say which way is better for {name!r}: direction='higher' or 'lower' (or pass a KPI)"
        )
    quality_direction = normalize_direction(quality_direction)
    if name == quality:
        raise ParameterError("kpi and quality are the same column")
    for nm, v in (("kpi_z", kpi_z), ("quality_z", quality_z)):
        if not (isinstance(v, (int, float)) and v >= 0):
            raise ParameterError(f"{nm}={v!r} must be a number >= 0")
    grid, code, notes = _prepare(data, [name, quality], date=date, freq=freq, agg=agg)
    clean, more = _clean_span(grid, [name, quality], code, max_gap)
    notes = notes + more
    n = len(clean)
    if window is None:
        window = _DEFAULT_SMOOTH[code]
    if not isinstance(window, (int, np.integer)) or window < 1:
        raise ParameterError(f"window={window!r} must be a whole number >= 1")
    if baseline is None:
        nb = min(_DEFAULT_WINDOW[code], n // 3)
    elif isinstance(baseline, (int, np.integer)) and not isinstance(baseline, bool):
        nb = int(baseline)
    else:
        try:
            cut = pd.Timestamp(baseline)
        except (ValueError, TypeError) as exc:
            raise ParameterError(
                f"baseline={baseline!r} is neither a number of periods nor a date"
            ) from exc
        nb = int((clean.index < cut).sum())
    if nb < window + 4 or nb >= n:
        raise ParameterError(
            f"the baseline has {nb} {_UNITS[code]}; it needs at least window + 4 = {window + 4} "
            f"and must end before the data do ({n} {_UNITS[code]})"
        )
    out = pd.DataFrame({"kpi": clean[name], "quality": clean[quality]})
    out["kpi_smooth"] = out["kpi"].rolling(window, min_periods=window).mean()
    out["quality_smooth"] = out["quality"].rolling(window, min_periods=window).mean()
    base = np.arange(n) < nb
    sgn = {"higher": 1.0, "lower": -1.0}
    for col, sm, s in (
        ("kpi_z", "kpi_smooth", sgn[direction]),
        ("quality_z", "quality_smooth", sgn[quality_direction]),
    ):
        ref = out.loc[base, sm].dropna()
        sd = float(ref.std(ddof=1))
        if not sd > 0:
            raise DataError(
                f"column {name if col == 'kpi_z' else quality!r} does not vary in the baseline; "
                "choose a longer baseline"
            )
        out[col] = s * (out[sm] - float(ref.mean())) / sd
        out.attrs[col + "_mean"] = float(ref.mean())
    out["baseline"] = base
    out["flagged"] = (~base) & (out["kpi_z"] >= kpi_z) & (out["quality_z"] <= -quality_z)
    in_base = base & (out["kpi_z"] >= kpi_z) & (out["quality_z"] <= -quality_z)
    if in_base.any():
        notes.append(f"{int(in_base.sum())} {_UNITS[code]} inside the baseline meet the rule too")
    flags = out["flagged"].to_numpy()
    edges = np.diff(np.r_[0, flags.astype(int), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    mk, mq = out.attrs["kpi_z_mean"], out.attrs["quality_z_mean"]
    eps = []
    for a, b in zip(starts, ends, strict=True):
        seg = out.iloc[a:b]
        w = seg["quality_z"].idxmin()
        eps.append(
            {
                "start": seg.index[0],
                "end": seg.index[-1],
                "periods": int(b - a),
                "kpi_change_pct": 100 * (seg.loc[w, "kpi_smooth"] / mk - 1) if mk else np.nan,
                "quality_change_pct": 100 * (seg.loc[w, "quality_smooth"] / mq - 1)
                if mq
                else np.nan,
            }
        )
    episodes = pd.DataFrame(
        eps, columns=["start", "end", "periods", "kpi_change_pct", "quality_change_pct"]
    )
    return GoodhartCheck(
        kpi=name,
        quality=quality,
        frame=out,
        episodes=episodes,
        baseline_end=out.index[nb - 1],
        freq=code,
        params={
            "window": int(window),
            "baseline_periods": nb,
            "kpi_z": kpi_z,
            "quality_z": quality_z,
            "direction": direction,
            "quality_direction": quality_direction,
        },
        notes=notes,
    )
