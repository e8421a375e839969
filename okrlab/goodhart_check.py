"""Goodhart check: did a quality metric deteriorate while the KPI improved?

The rule (a one-sided CUSUM with a simulated threshold) is chosen so that a
series with no Goodhart effect raises *no* alarm at all in at least 95% of
cases, however long it is monitored; see :func:`goodhart_check`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import _validate
from ._render import ResultMixin, json_safe
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

_DEFAULT_SMOOTH = {"D": 7, "W": 4, "M": 3, "Q": 2, "Y": 1}
#: Largest persistence used to calibrate the threshold (a random walk has no baseline).
_PHI_MAX = 0.99
#: One-sided normal quantile for the upper confidence bound on the baseline's AR(1) coefficient.
_PHI_Z = 1.645
_EPISODE_COLUMNS = ["start", "end", "periods", "onset", "kpi_change_pct", "quality_change_pct"]


# ---------------------------------------------------------------------------
# the detector: pure numpy, tested and validated on its own
# ---------------------------------------------------------------------------


def _ar1_paths(rng, n_paths, n, phi):
    """Stationary Gaussian AR(1) paths with unit innovations, shape (n_paths, n)."""
    e = rng.standard_normal((n_paths, n))
    z = np.empty_like(e)
    z[:, 0] = e[:, 0] / math.sqrt(max(1e-12, 1.0 - phi * phi))
    for t in range(1, n):
        z[:, t] = phi * z[:, t - 1] + e[:, t]
    return z


def _lower_cusum(q, nb, allowance):
    """Lower CUSUM of ``q`` standardised by its first ``nb`` values.

    ``q`` has shape (..., n) with "higher is better". Returns the CUSUM path for
    periods ``nb..n-1``: ``C_t = max(0, C_{t-1} - z_t - allowance)``, ``C_{nb-1} = 0``.
    """
    base = q[..., :nb]
    z = (q[..., nb:] - base.mean(axis=-1, keepdims=True)) / base.std(axis=-1, ddof=1, keepdims=True)
    out = np.empty_like(z)
    c = np.zeros(z.shape[:-1])
    for t in range(z.shape[-1]):
        c = np.maximum(0.0, c - z[..., t] - allowance)
        out[..., t] = c
    return out


def _calibration_phi(base):
    """Upper 95% confidence bound of the baseline's lag-1 autocorrelation.

    Bias-corrected (Kendall: ``phi + (1 + 3 phi) / n``) and raised by 1.645
    standard errors, clipped to ``[0, 0.99]``: with 26 baseline periods the
    plain estimate is too often low, and a low value gives a threshold that
    alarms too easily.
    """
    x = base - base.mean()
    nb = len(x)
    phi = float(np.sum(x[1:] * x[:-1]) / np.sum(x * x))
    phi = phi + (1.0 + 3.0 * phi) / nb
    phi = max(0.0, min(phi, 1.0))
    phi = phi + _PHI_Z * math.sqrt((1.0 - phi * phi) / nb)
    return min(_PHI_MAX, phi)


def cusum_threshold(n, nb, *, phi, allowance=0.75, alpha=0.05, n_sim=2000, seed=0):
    """Threshold ``h`` so that P(max lower CUSUM > h) = ``alpha`` under no change.

    Simulates ``n_sim`` stationary AR(``phi``) series of ``n`` periods, standardises
    each by its own first ``nb`` periods (as :func:`goodhart_check` does with the
    data) and takes the ``1 - alpha`` quantile of the largest CUSUM value after
    the baseline.

    Parameters
    ----------
    n, nb : int
        Periods in the series and in the baseline.
    phi : float
        AR(1) coefficient of the quality series, in ``[0, 1)``.
    allowance : float
        CUSUM reference value ``k`` in baseline standard deviations.
    alpha : float
        Chance of any alarm over the whole monitored span when nothing changes.
    n_sim : int
    seed : int or numpy.random.Generator

    Returns
    -------
    float

    Examples
    --------
    >>> h = cusum_threshold(156, 26, phi=0.0, seed=0)
    >>> bool(5 < h < 30)
    True
    """
    rng = _validate.as_generator(seed)
    paths = _ar1_paths(rng, n_sim, n, phi)
    return float(np.quantile(_lower_cusum(paths, nb, allowance).max(axis=1), 1.0 - alpha))


# ---------------------------------------------------------------------------
# result
# ---------------------------------------------------------------------------


@dataclass(repr=False, frozen=True)
class GoodhartCheck(ResultMixin):
    """Result of :func:`goodhart_check` (built once, never changed).

    Parameters
    ----------
    kpi : str
        The KPI under target pressure.
    quality : str
        The guardrail (quality) column.
    frame : pandas.DataFrame
        Indexed by date. Columns: ``kpi``, ``quality`` (values), ``kpi_smooth``,
        ``quality_smooth`` (trailing rolling means), ``kpi_z``, ``quality_z``
        (smoothed value minus baseline mean, in baseline standard deviations,
        signed so that positive is *better*), ``quality_cusum`` (the lower CUSUM
        of quality; NaN in the baseline), ``baseline`` (bool), ``alarm`` (bool:
        ``quality_cusum`` above ``threshold``), ``flagged`` (bool: alarm while
        ``kpi_z >= kpi_z``).
    episodes : pandas.DataFrame
        One row per run of consecutive flagged periods: ``start``, ``end``,
        ``periods``, ``onset`` (estimated start of the quality decline: the
        period after the CUSUM was last at zero), ``kpi_change_pct``,
        ``quality_change_pct`` (smoothed value at the worst point of quality
        versus the baseline mean, in %).
    baseline_end : pandas.Timestamp
        Last period of the baseline.
    threshold : float
        CUSUM threshold ``h`` (baseline standard deviations).
    freq : str
        Frequency code of the data (``"W"``, ``"M"``, ...).
    params : dict
        The settings used (window, baseline_periods, kpi_z, alpha, allowance,
        phi, n_sim, directions).
    notes : tuple of str
        Notes on the intake and on the reliability of the check.

    Examples
    --------
    >>> import numpy as np, pandas as pd, okrlab
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"cpl": rng.normal(100, 5, 80), "quality": rng.normal(0.3, 0.02, 80)},
    ...                   index=pd.date_range("2024-01-01", periods=80, freq="W-MON"))
    >>> chk = okrlab.goodhart_check(df, kpi="cpl", quality="quality", direction="lower")
    >>> chk.n_flagged, list(chk.to_dict())[:3]
    (0, ['kpi', 'quality', 'n_flagged'])
    """

    kpi: str
    quality: str
    frame: pd.DataFrame
    episodes: pd.DataFrame
    baseline_end: pd.Timestamp
    threshold: float
    freq: str
    params: dict = field(default_factory=dict)
    notes: tuple = ()

    @property
    def n_flagged(self) -> int:
        """Number of flagged periods."""
        return int(self.frame["flagged"].sum())

    @property
    def first_flagged(self):
        """Date of the first flagged period, or None."""
        f = self.frame.index[self.frame["flagged"].to_numpy()]
        return None if len(f) == 0 else f[0]

    def summary(self) -> str:
        """One paragraph in plain English with the numbers."""
        unit = _UNITS[self.freq]
        n_after = int((~self.frame["baseline"]).sum())
        base = f"the baseline ({self.frame.index[0].date()} to {self.baseline_end.date()})"
        rule = (
            f"the rule raises any alarm at all on {100 * self.params['alpha']:g}% of series "
            "whose quality keeps its baseline behaviour"
        )
        if self.n_flagged == 0:
            n_alarm = int(self.frame["alarm"].sum())
            extra = (
                f" Quality did fall ({n_alarm} {unit} in alarm) but {self.kpi} was not better "
                "than usual then."
                if n_alarm
                else ""
            )
            return (
                f"No Goodhart pattern in the {n_after} {unit} after {base}: {self.quality} "
                f"did not fall in a sustained way while {self.kpi} improved ({rule}).{extra}"
            )
        worst = self.episodes.loc[self.episodes["periods"].idxmax()]
        return (
            f"Goodhart warning: in {self.n_flagged} of the {n_after} {unit} after {base}, "
            f"{self.kpi} was better than usual while {self.quality} had fallen in a sustained "
            f"way ({rule}). First flagged {self.first_flagged.date()}; the decline began "
            f"around {worst['onset'].date()}. In the longest run ({int(worst['periods'])} "
            f"{unit} from {worst['start'].date()}) {self.kpi} was "
            f"{worst['kpi_change_pct']:+.0f}% and {self.quality} "
            f"{worst['quality_change_pct']:+.0f}% versus the baseline."
        )

    def _summary(self):
        from ._render import Summary, Table

        first = self.first_flagged
        top = Table.from_pairs(
            [
                ("KPI", f"{self.kpi} ({self.params['direction']} is better)"),
                ("quality", f"{self.quality} ({self.params['quality_direction']} is better)"),
                ("baseline", f"{self.frame.index[0].date()} to {self.baseline_end.date()}"),
                ("flagged " + _UNITS[self.freq], self.n_flagged),
                ("first flagged", None if first is None else str(first.date())),
                ("CUSUM threshold (sd)", round(self.threshold, 2)),
                ("false-alarm rate", self.params["alpha"]),
            ],
            title="Result",
        )
        tables = [top]
        if len(self.episodes):  # an empty frame has object columns: no .dt accessor
            eps = self.episodes.assign(
                **{c: [str(d.date()) for d in self.episodes[c]] for c in ("start", "end", "onset")}
            )
            dec = {"kpi_change_pct": 1, "quality_change_pct": 1}
            tables.append(Table.from_frame(eps, title="Episodes", decimals=dec))
        return Summary(
            f"Goodhart check: {self.kpi} vs {self.quality}",
            tables,
            notes=[self.summary(), *self.notes],
        )

    def to_frame(self) -> pd.DataFrame:
        """The per-period frame (a copy; see :attr:`frame` for the columns)."""
        return self.frame.copy()

    def to_dict(self) -> dict:
        """JSON-safe summary.

        Keys: ``kpi``, ``quality``, ``n_flagged``, ``first_flagged``, ``baseline_end``,
        ``threshold``, ``episodes`` (start, end, periods, onset, kpi_change_pct,
        quality_change_pct), ``summary``, ``notes``, ``params``.
        """
        eps = [
            {
                "start": r.start.date().isoformat(),
                "end": r.end.date().isoformat(),
                "periods": int(r.periods),
                "onset": r.onset.date().isoformat(),
                "kpi_change_pct": _f(r.kpi_change_pct, 2),
                "quality_change_pct": _f(r.quality_change_pct, 2),
            }
            for r in self.episodes.itertuples()
        ]
        first = self.first_flagged
        return json_safe(
            {
                "kpi": self.kpi,
                "quality": self.quality,
                "n_flagged": self.n_flagged,
                "first_flagged": None if first is None else first.date().isoformat(),
                "baseline_end": self.baseline_end.date().isoformat(),
                "threshold": _f(self.threshold, 3),
                "episodes": eps,
                "summary": self.summary(),
                "notes": list(self.notes),
                "params": {
                    k: (_f(v, 4) if isinstance(v, float) else v) for k, v in self.params.items()
                },
            }
        )

    def plot(self, ax=None):
        """Draw with :func:`okrlab.plotting.plot_goodhart_check`; returns the Axes."""
        from .plotting import plot_goodhart_check

        return plot_goodhart_check(self, ax=ax)


# ---------------------------------------------------------------------------
# the public function
# ---------------------------------------------------------------------------


def _baseline_periods(baseline, clean, code, window):
    n = len(clean)
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
    need = max(window + 4, 12)
    if nb < need or nb >= n:
        raise ParameterError(
            f"the baseline has {nb} {_UNITS[code]}; it needs at least {need} "
            f"(max(window + 4, 12)) and must end before the data do ({n} {_UNITS[code]}); "
            "pass baseline= as a number of periods or the date the target was introduced"
        )
    return nb


def _episodes(out, nb):
    flags = out["flagged"].to_numpy()
    cus = out["quality_cusum"].to_numpy()
    edges = np.diff(np.r_[0, flags.astype(int), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    mk, mq = out.attrs["kpi_mean"], out.attrs["quality_mean"]
    rows = []
    for a, b in zip(starts, ends, strict=True):
        seg = out.iloc[a:b]
        w = seg["quality_z"].idxmin()
        zero = np.flatnonzero(cus[nb:a] == 0.0)
        onset = nb + (int(zero[-1]) + 1 if len(zero) else 0)
        rows.append(
            {
                "start": seg.index[0],
                "end": seg.index[-1],
                "periods": int(b - a),
                "onset": out.index[onset],
                "kpi_change_pct": 100 * (seg.loc[w, "kpi_smooth"] / mk - 1) if mk else np.nan,
                "quality_change_pct": 100 * (seg.loc[w, "quality_smooth"] / mq - 1)
                if mq
                else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=_EPISODE_COLUMNS)


def goodhart_check(
    data,
    *,
    kpi,
    quality,
    date=None,
    direction=None,
    quality_direction="higher",
    window=None,
    baseline=None,
    kpi_z=1.0,
    alpha=0.05,
    allowance=0.75,
    n_sim=2000,
    freq=None,
    agg="mean",
    max_gap=2,
    seed=0,
) -> GoodhartCheck:
    """Flag the periods where a KPI improved while a quality metric fell for good.

    **The rule.** Quality is standardised by the mean and standard deviation
    of a baseline (the periods before a target was set), signed so that up is
    better. After the baseline a lower CUSUM accumulates shortfalls beyond an
    allowance ``k`` (``allowance``, in baseline sd): ``C_t = max(0, C_{t-1} -
    z_t - k)``. Quality is *in alarm* while ``C_t > h``. A period is
    **flagged** when quality is in alarm and the KPI's smoothed value is at
    least ``kpi_z`` baseline sd better than its baseline mean.

    **False alarms.** ``h`` is the ``1 - alpha`` quantile of the largest CUSUM
    value over the whole monitored span in ``n_sim`` simulated series of the
    same length and baseline that keep the baseline's behaviour: Gaussian
    AR(1) with the baseline's lag-1 autocorrelation (its upper 95% bound,
    bias-corrected, because 26 baseline points estimate it poorly), each
    standardised by its own simulated baseline. So whatever the KPI does, a
    quality series with no change raises *any* alarm with chance about
    ``alpha`` or less. Measured (validation/audit_v2_part2.py, 500 replicates
    per row, 26-week baseline, 156 weeks, the KPI improving for real): any
    flagged week in 0.2%, 1.6% and 3.8% of series for AR(1) quality with phi =
    0, 0.5 and 0.8; 7.2% at phi = 0.95 (quality that wanders like a random walk
    cannot be judged against 26 weeks; a note says so when the baseline looks
    like that).

    **What it detects, how fast.** A sustained fall of quality (a level
    shift), not a single bad week. With ``k = 0.75`` the CUSUM is tuned to
    falls of about 1.5 baseline sd. The price of the whole-series guarantee is
    delay: the median time from the start of a fall to the first alarm is in
    the validation table (validation/audit_v2_part2.py); with i.i.d. quality and
    a 26-week baseline it is 19 weeks for a 1.5 sd fall (detected in 96% of
    series) and 7 weeks for a 2.5 sd fall (99%), shorter with a longer baseline. ``onset`` in ``episodes``
    estimates when the fall began (usually within a few weeks).

    Parameters
    ----------
    data : pandas.DataFrame
    kpi : str or okrlab.KPI
        The KPI under target pressure, e.g. cost per lead.
    quality : str
        The guardrail, e.g. lead quality (share of leads that qualify).
    date : str, optional
        Date column (default: the index).
    direction : {"higher", "lower"}
        Which way is better for the KPI (required unless ``kpi`` is a KPI).
    quality_direction : {"higher", "lower"}
    window : int, optional
        Smoothing window for the KPI condition and the plot; default 4 weeks,
        3 months, 2 quarters, 7 days.
    baseline : int or date-like, optional
        Periods in the baseline (an int), or the first date *after* it (e.g.
        the day a CPL target was introduced). Default: the first 26 weeks /
        12 months / 8 quarters / 90 days, at most a third of the data.
    kpi_z : float
        Default 1.0: the KPI must be clearly better than usual.
    alpha : float
        Chance of any flagged period on a series with no quality decline.
    allowance : float
        CUSUM allowance ``k`` (baseline sd); it is tuned to falls of ``2k``.
    n_sim : int
        Simulated series for the threshold (at least 500).
    freq, agg, max_gap
        As :func:`okrlab.audit`.
    seed : int or numpy.random.Generator
        For the threshold simulation; the default 0 makes repeated calls agree.

    Returns
    -------
    GoodhartCheck
        With ``frame`` (per period), ``episodes`` and ``threshold``.

    Raises
    ------
    okrlab.errors.ParameterError
        Unknown direction, a baseline too short or covering all the data, a
        bad ``alpha``/``allowance``/``kpi_z``/``n_sim``.
    okrlab.errors.DataError
        Missing columns or a series that does not vary in the baseline.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> target = np.arange(104) >= 52                # a CPL target from week 52
    >>> cpl = 100 - 25 * target + rng.normal(0, 4, 104)
    >>> quality = 0.30 - 0.06 * target + rng.normal(0, 0.02, 104)
    >>> df = pd.DataFrame({"cpl": cpl, "lead_quality": quality},
    ...                   index=pd.date_range("2023-01-02", periods=104, freq="W-MON"))
    >>> chk = goodhart_check(df, kpi="cpl", quality="lead_quality", direction="lower",
    ...                      baseline=52)
    >>> str(chk.first_flagged.date()), str(chk.episodes["onset"][0].date())
    ('2024-01-15', '2024-01-01')
    """
    name, direction = _resolve_direction(kpi, direction)
    if direction is None:
        raise ParameterError(
            f"say which way is better for {name!r}: direction='higher' or 'lower' (or pass a KPI)"
        )
    quality_direction = normalize_direction(quality_direction)
    if name == quality:
        raise ParameterError(f"kpi and quality are the same column ({name!r})")
    kpi_z = _validate.check_number(kpi_z, "kpi_z", low=0, example=1.0)
    alpha = _validate.check_probability(alpha, "alpha", example=0.05)
    allowance = _validate.check_number(allowance, "allowance", low=0, example=0.5)
    n_sim = _validate.check_integer(n_sim, "n_sim", low=500, example=2000)
    rng = _validate.as_generator(seed)
    grid, code, notes = _prepare(data, [name, quality], date=date, freq=freq, agg=agg)
    clean, more = _clean_span(grid, [name, quality], code, max_gap)
    notes = list(notes) + list(more)
    n = len(clean)
    window = _DEFAULT_SMOOTH[code] if window is None else window
    window = _validate.check_integer(window, "window", low=1, example=4)
    nb = _baseline_periods(baseline, clean, code, window)
    out = pd.DataFrame({"kpi": clean[name], "quality": clean[quality]})
    out["kpi_smooth"] = out["kpi"].rolling(window, min_periods=window).mean()
    out["quality_smooth"] = out["quality"].rolling(window, min_periods=window).mean()
    base = np.arange(n) < nb
    sgn = {"higher": 1.0, "lower": -1.0}
    for col, raw, sm, s in (
        ("kpi", name, "kpi_smooth", sgn[direction]),
        ("quality", quality, "quality_smooth", sgn[quality_direction]),
    ):
        if not float(out.loc[base, col].std(ddof=1)) > 0:
            raise DataError(
                f"column {raw!r} does not vary in the baseline ({nb} {_UNITS[code]}); "
                "choose a longer baseline"
            )
        ref = out.loc[base, sm].dropna()
        sd = float(ref.std(ddof=1)) if len(ref) > 1 else 0.0
        sd = sd if sd > 0 else float(out.loc[base, col].std(ddof=1))
        out[col + "_z"] = s * (out[sm] - float(ref.mean())) / sd
        out.attrs[col + "_mean"] = float(ref.mean())
    q = sgn[quality_direction] * out["quality"].to_numpy(float)
    phi = _calibration_phi(q[:nb])
    h = cusum_threshold(n, nb, phi=phi, allowance=allowance, alpha=alpha, n_sim=n_sim, seed=rng)
    cus = np.full(n, np.nan)
    cus[nb:] = _lower_cusum(q, nb, allowance)
    out["quality_cusum"] = cus
    out["baseline"] = base
    out["alarm"] = ~base & (np.nan_to_num(cus) > h)
    out["flagged"] = out["alarm"] & (out["kpi_z"] >= kpi_z)
    if phi >= 0.9:
        notes.append(
            f"{quality} is very persistent in the baseline (lag-1 autocorrelation bound "
            f"{phi:.2f}); against a {nb}-{_UNITS[code][:-1]} baseline the false-alarm rate "
            f"can exceed alpha={alpha:g}; a longer baseline helps"
        )
    return GoodhartCheck(
        kpi=name,
        quality=quality,
        frame=out,
        episodes=_episodes(out, nb),
        baseline_end=out.index[nb - 1],
        threshold=h,
        freq=code,
        params={
            "window": int(window),
            "baseline_periods": nb,
            "kpi_z": kpi_z,
            "alpha": alpha,
            "allowance": allowance,
            "phi": phi,
            "n_sim": n_sim,
            "direction": direction,
            "quality_direction": quality_direction,
        },
        notes=tuple(notes),
    )
