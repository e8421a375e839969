"""The audit pipeline: raw evidence per KPI, adjustment across KPIs, results (private).

:func:`infer` runs the transform and the inference for a block of KPIs that
share their dates; :func:`finalize` adjusts across all KPIs audited together,
runs the stability step at each KPI's reported lag, applies the verdict rules
and builds each :class:`~okrlab.audit.result.AuditResult` once, complete.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _stats
from ..errors import DataError, ParameterError, ParameterTypeError
from ..kpi import KPI, normalize_direction
from . import _inference as inf
from . import _steps
from ._prepare import _DEFAULT_LAG, _DEFAULT_WINDOW
from ._verdict import decide, explain
from .result import AuditResult


def _resolve_direction(kpi, direction):
    if isinstance(kpi, KPI):
        name = kpi.name
        if direction is None:
            direction = kpi.direction
    elif isinstance(kpi, str):
        name = kpi
    else:
        raise ParameterTypeError(
            f"kpi must be a column name or an okrlab.KPI, got {type(kpi).__name__}"
        )
    if direction is not None:
        direction = normalize_direction(direction)
    return name, direction


def _is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


#: Largest n_boot accepted (memory and time stay bounded).
MAX_BOOT = 100_000


def check_params(alpha, min_r, levels_r_min, n_boot, method, max_lag, lag, min_periods, trim):
    if not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ParameterError(f"alpha={alpha!r} must be between 0 and 1, e.g. alpha=0.05")
    if not isinstance(min_r, (int, float)) or not 0 <= min_r < 1:
        raise ParameterError(f"min_r={min_r!r} must be in [0, 1), e.g. min_r=0.3")
    if not isinstance(levels_r_min, (int, float)) or not 0 <= levels_r_min < 1:
        raise ParameterError(f"levels_r_min={levels_r_min!r} must be in [0, 1), e.g. 0.5")
    if not _is_int(n_boot) or not 99 <= n_boot <= MAX_BOOT:
        raise ParameterError(
            f"n_boot={n_boot!r} must be a whole number from 99 to {MAX_BOOT:,} (default 2000)"
        )
    if not isinstance(method, str) or method not in ("pearson", "spearman"):
        raise ParameterError(f"method={method!r}; use 'pearson' or 'spearman'")
    if max_lag is not None and (not _is_int(max_lag) or max_lag < 0):
        raise ParameterError(f"max_lag={max_lag!r} must be a whole number >= 0")
    if lag is not None and not _is_int(lag):
        raise ParameterError(
            f"lag={lag!r} must be a whole number of periods (positive: the KPI leads), "
            "e.g. lag=8 for an 8-week sales cycle"
        )
    if not _is_int(min_periods) or min_periods < 10:
        raise ParameterError(f"min_periods={min_periods!r} must be an integer >= 10")
    if not isinstance(trim, (int, float)) or not 0.05 <= trim < 0.5:
        raise ParameterError(f"trim={trim!r} must be in [0.05, 0.5), e.g. 0.15")


def check_series_options(max_gap, seasonal, stationarity, log):
    """The options of how a series is cleaned and read, shared by audit() and audit_many()."""
    if not _is_int(max_gap) or max_gap < 0:
        raise ParameterError(f"max_gap={max_gap!r} must be a whole number >= 0, e.g. max_gap=2")
    if not (seasonal is True or seasonal is False or seasonal == "auto"):
        raise ParameterError(f"seasonal={seasonal!r}; use 'auto', True or False")
    if type(stationarity).__name__ not in ("bool", "bool_"):
        raise ParameterTypeError("stationarity must be True or False")
    if type(log).__name__ not in ("bool", "bool_"):
        raise ParameterTypeError(f"log must be True or False, got {type(log).__name__}")


def seed_base(seed) -> int:
    from .._validate import check_seed

    seed = check_seed(seed)  # the one seed validator (type first, then value)
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**63))
    if seed is None:
        return int(np.random.SeedSequence().entropy % (2**63))
    return seed


def _levels_stats(x, y):
    r = float(_stats.pearson(x, y))
    xc, yc = x - x.mean(), y - y.mean()
    denom = float(np.sum(xc * xc))
    if denom <= 0:
        return r, float("nan")
    e = yc - (float(np.sum(xc * yc)) / denom) * xc
    ee = float(np.sum(e * e))
    return r, (float(np.sum(np.diff(e) ** 2) / ee) if ee > 0 else float("nan"))


def default_max_lag(code, P):
    return min(_DEFAULT_LAG[code], max(0, (P - 1) // 8))


def infer(
    dates, X, y, names, *, code, log, max_lag, lag, method, n_boot, min_periods, base, steps=None
):
    """Raw evidence (before any adjustment across KPIs) for KPIs sharing their dates."""
    P, K = X.shape
    if log:
        for j, nm in enumerate(names):
            if np.any(X[:, j] <= 0):
                raise DataError(
                    f"log=True needs positive values, but column {nm!r} has "
                    f"{int(np.sum(X[:, j] <= 0))} value(s) <= 0; use log=False"
                )
        if np.any(y <= 0):
            raise DataError("log=True needs a positive outcome; use log=False")
        X, y = np.log(X), np.log(y)
    L = default_max_lag(code, P) if max_lag is None else int(max_lag)
    tr = _steps.transform(X, y, {"code": code, **(steps or {})})
    dX, dy = tr.dX, tr.dy
    m = len(dy)
    lev = [_levels_stats(X[:, j], y) for j in range(K)]
    if method == "spearman":
        lev = [
            (float(_stats.pearson(_stats.rank(X[:, j]), _stats.rank(y))), d)
            for j, (_, d) in enumerate(lev)
        ]
        sX, sy = _stats.rank(dX, axis=0), _stats.rank(dy)
    else:
        sX, sy = dX, dy
    width = max(L, abs(lag) if lag is not None else 0)
    own = min(4, max(1, L))
    enough = m - width >= min_periods and m - max(own, width, 1) - own - max(L, 1) >= 10
    const = (np.std(sX, axis=0) == 0) | (np.std(sy) == 0)
    base_ev = dict(
        dates=dates,
        X=X,
        y=y,
        dX=dX,
        dy=dy,
        offset=tr.offset,
        code=code,
        L=L,
        label=tr.label,
        tr_notes=list(tr.notes),
    )
    out = []
    if not enough or const.all():
        for j in range(K):
            out.append(dict(base_ev, j=j, name=names[j], tested=False, lev=lev[j], const=const[j]))
        return out
    live = np.flatnonzero(~const)
    Xl = sX[:, live]
    M = inf.bandwidth(m)
    ax = inf.autocorr(Xl, M + 2 * width)
    ay = inf.autocorr(sy[:, None], M + 2 * width)
    g = inf.bartlett_cov(ax, ay, M, 2 * L)
    R, pairs, neff, T = inf.scan(Xl, sy, width, g[0])
    df = neff - 3.0
    U = inf.t_to_normal(T, df)
    P_lag = 2.0 * _t_sf(np.abs(T), df)  # each lag alone, unadjusted
    lags = inf.lag_range(width)
    Mstar = None
    if lag is None:
        sel = np.abs(lags) <= L
        Mstar = inf.max_t_null(g, 2 * L + 1, n_boot, np.random.default_rng([base, 0]))
    kpi_lags = [lag] if (lag is not None and lag > 0) else list(range(1, max(L, 1) + 1))
    incr = inf.incremental_test(Xl, sy, kpi_lags, own)
    pos = {j: i for i, j in enumerate(live)}
    if lag is None:  # every KPI's search-adjusted p in one call (column by column)
        u_all = U[sel].max(axis=0)
        p_search = inf.search_p(u_all, Mstar)
    for j in range(K):
        ev = dict(base_ev, j=j, name=names[j], lev=lev[j], const=const[j])
        if j not in pos:
            ev["tested"] = False
            out.append(ev)
            continue
        i = pos[j]
        ev.update(
            tested=True,
            lags=lags,
            R=R[:, i],
            pairs=pairs,
            neff=neff[:, i],
            T=T[:, i],
            U=U[:, i],
            df=df[:, i],
            p_lag=P_lag[:, i],
            fixed=lag,
            Mstar=None if Mstar is None else Mstar[:, i],
            incremental=_incremental_of(incr, i, kpi_lags),
        )
        if lag is None:
            ev["sel"] = sel
            ev["u_obs"] = float(u_all[i])
            ev["p_raw"] = float(p_search[i])
        else:
            ev["p_raw"] = float(P_lag[list(lags).index(lag), i])  # 2 P(t > |T|) at that lag
        out.append(ev)
    return out


def _incremental_of(incr, i, kpi_lags):
    """KPI ``i``'s part of :func:`~okrlab.audit._inference.incremental_test`'s result."""
    return {
        "p": float(incr["p"][i]),
        "F": float(incr["F"][i]),
        "kpi_lags": [int(k) for k in kpi_lags],
        "own_lags": int(incr["own_lags"]),
        "nobs": int(incr["nobs"]),
    }


def _t_sf(t, df):
    from scipy import stats

    return stats.t.sf(t, df)


def _bh(p):
    """Benjamini-Hochberg adjusted p-values (NaN kept) via scipy."""
    from scipy.stats import false_discovery_control

    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        out[ok] = false_discovery_control(p[ok], method="bh")
    return out


def _choose_lag(ev, c_u, inc_sig):
    """Reported lag index and whether it is a link (``c_u``: the search's critical value)."""
    lags, U = ev["lags"], ev["U"]
    if ev["fixed"] is not None:
        return list(lags).index(ev["fixed"]), None
    sel = ev["sel"]
    cand = np.flatnonzero(sel)
    k = int(cand[np.argmax(U[cand])])
    positive = np.flatnonzero(sel & (lags > 0) & (U > c_u))
    if inc_sig and len(positive) and lags[k] <= 0:
        k = int(positive[np.argmax(U[positive])])  # feedback: report the KPI's lead
    return k, bool(U[k] > c_u)


def _critical_values(evs, alpha_eff, alpha):
    """Per tested KPI: its lag index, link flag and the pivot's critical value on the t scale.

    The scipy calls are made once on arrays for all KPIs (elementwise, so each value equals
    the one a per-KPI call would give).
    """
    from scipy import stats

    tested = [i for i, ev in enumerate(evs) if ev["tested"]]
    searched = [i for i in tested if evs[i]["fixed"] is None]
    c_u = {}
    if searched:
        Ms = np.column_stack([evs[i]["Mstar"] for i in searched])
        c_u = dict(zip(searched, np.atleast_1d(inf.search_crit(Ms, alpha_eff)), strict=True))
    chosen = {}
    for i in tested:
        ev = evs[i]
        inc_p = ev["inc_p"]
        chosen[i] = _choose_lag(ev, c_u.get(i, np.nan), bool(np.isfinite(inc_p) and inc_p < alpha))
    crit = {}
    fixed = [i for i in tested if evs[i]["fixed"] is not None]
    if fixed:
        dfs = np.array([evs[i]["df"][chosen[i][0]] for i in fixed])
        tf = np.atleast_1d(stats.t.isf(alpha_eff / 2.0, dfs))
        for i, c in zip(fixed, tf, strict=True):
            T = evs[i]["T"][chosen[i][0]]
            crit[i] = float(c)
            chosen[i] = (chosen[i][0], bool(abs(T) > crit[i]))
    finite = [i for i in searched if np.isfinite(c_u[i])]
    for i in searched:
        crit[i] = np.inf
    if finite:
        cu = np.array([c_u[i] for i in finite])
        dfs = np.array([evs[i]["df"][chosen[i][0]] for i in finite])
        for i, c in zip(finite, np.atleast_1d(inf.normal_to_t(cu, dfs)), strict=True):
            crit[i] = float(c)
    return {i: (chosen[i][0], crit[i], chosen[i][1]) for i in tested}


def _break_for(evs, ctx):
    """Stability step for KPIs grouped by span and reported lag; dates the pairs."""
    groups = {}
    for ev in evs:
        if ev["tested"]:
            groups.setdefault((id(ev["dX"]), ev["best_lag"]), []).append(ev)
    for (_, k), group in groups.items():
        dX, dy = group[0]["dX"], group[0]["dy"]
        cols = [ev["j"] for ev in group]
        xs, ys = inf.aligned(dX[:, cols], dy, int(k))
        res = _steps.stability(xs, ys, dict(ctx, lag_key=int(k) + 10_000))
        first = group[0]["offset"] + max(int(k), 0)  # levels index of pair 0's outcome
        for ev, st in zip(group, res, strict=True):
            if st is not None and st["break"] is not None:
                b = st["break"]
                when = ev["dates"][first : first + len(ys)]
                st = dict(
                    st,
                    date=pd.Timestamp(when[b["tau"]]),
                    date_low=pd.Timestamp(when[b["tau_low"]]),
                    date_high=pd.Timestamp(when[min(b["tau_high"], len(when) - 1)]),
                )
            ev["break_raw"] = st


def _rolling_all(evs):
    """Rolling r at each KPI's reported lag, one array computation per (span, lag) group."""
    from ._decoupling import rolling_correlations

    groups = {}
    for ev in evs:
        if ev["tested"]:
            groups.setdefault((id(ev["dX"]), ev["best_lag"]), []).append(ev)
    for (_, k), group in groups.items():
        ev0 = group[0]
        xs, ys = inf.aligned(ev0["dX"][:, [ev["j"] for ev in group]], ev0["dy"], int(k))
        n = len(ys)
        win = min(_DEFAULT_WINDOW[ev0["code"]], max(8, n // 3))
        first = ev0["offset"] + max(int(k), 0)
        idx = pd.DatetimeIndex(ev0["dates"][first + win - 1 : first + n])
        R = rolling_correlations(xs, ys, win)  # from cumulative sums; pandas' values to 1e-10
        for c, ev in enumerate(group):
            ok = ~np.isnan(R[:, c])
            ev["rolling"] = (pd.Series(R[ok, c], index=idx[ok], name="r"), win)


def finalize(evs, *, outcome, directions, notes, alpha, min_r, levels_r_min, params, ctx, method):
    """Adjust across KPIs, choose lags, run the stability step, decide and build results."""
    m = len(evs)
    p_adj = _bh([ev.get("p_raw", np.nan) for ev in evs]) if m > 1 else None
    inc_adj = _bh([ev["incremental"]["p"] if ev["tested"] else np.nan for ev in evs])
    if m > 1:
        n_disc = int(np.sum(p_adj < alpha))
        alpha_eff = alpha * max(n_disc, 1) / m
    else:
        alpha_eff = alpha
    for i, ev in enumerate(evs):
        if ev["tested"]:
            ev["inc_p"] = float(inc_adj[i]) if m > 1 else ev["incremental"]["p"]
    chosen = _critical_values(evs, alpha_eff, alpha)
    for i, ev in enumerate(evs):
        if not ev["tested"]:
            continue
        k, crit_t, link = chosen[i]
        ev["k_index"], ev["best_lag"], ev["link"] = k, int(ev["lags"][k]), link
        ev["p"] = float(p_adj[i]) if m > 1 else ev["p_raw"]
        if ev["fixed"] is None and m == 1:
            ev["p"] = ev["p_raw"]
        lo, hi = inf.interval(ev["R"][k], ev["neff"][k], crit_t)
        ev["ci"] = (float(lo), float(hi))
    _break_for(evs, ctx)
    _rolling_all(evs)
    brk_p = [ev["break_raw"]["p"] if ev["tested"] and ev.get("break_raw") else np.nan for ev in evs]
    brk_adj = _bh(brk_p) if m > 1 else np.asarray(brk_p, dtype=float)
    return [
        _build(
            ev,
            float(brk_adj[i]),
            outcome=outcome,
            direction=directions[i],
            notes=notes[i],
            alpha=alpha,
            alpha_eff=alpha_eff,
            m=m,
            min_r=min_r,
            levels_r_min=levels_r_min,
            params=params,
            method=method,
        )
        for i, ev in enumerate(evs)
    ]


def _lags_frame(ev):
    if not ev["tested"]:
        L = ev["L"]
        return pd.DataFrame(
            {
                "lag": np.arange(-L, L + 1),
                "pairs": np.nan,
                "r": np.nan,
                "t": np.nan,
                "p_lag": np.nan,
            }
        )
    return pd.DataFrame(
        {
            "lag": ev["lags"].astype(int),
            "pairs": ev["pairs"].astype(int),
            "r": ev["R"],
            "t": ev["T"],
            "p_lag": ev["p_lag"],
        }
    )


def _cointegrated(ev, alpha):
    """Engle-Granger: do the levels share a stochastic trend (then not a spurious one)?"""
    from ._transform import engle_granger

    try:
        return bool(engle_granger(ev["X"][:, ev["j"]], ev["y"]) < alpha)
    except (ValueError, np.linalg.LinAlgError):  # too short or constant: no evidence
        return False


def _stability_parts(st, p_adj, alpha):
    """(stability, break_, recent) dicts from the stability step (p adjusted across KPIs)."""
    if st is None:
        return None, None, None
    sig = bool(p_adj < alpha)
    stab = {
        "p": p_adj,
        "significant": sig,
        "source": st["source"],
        "r_then": st["r_then"],
        "r_now": st["r_now"],
    }
    b, r = st["break"], st["recent"]
    brk = None
    if b is not None:
        brk = {
            "date": st["date"],
            "date_low": st["date_low"],
            "date_high": st["date_high"],
            "r_before": float(b["r_before"]),
            "r_after": float(b["r_after"]),
            "p": float(b["p"]),
            "significant": sig and st["source"] == "break",
        }
    rec = None
    if r is not None:
        rec = {
            "window": int(r["window"]),
            "r_recent": float(r["r_recent"]),
            "r_history": float(r["r_history"]),
            "p": float(r["p"]),
        }
    return stab, brk, rec


def _tested_parts(ev, brk_p, *, alpha, alpha_eff, m, params_j):
    """Numbers of a tested KPI at its reported lag (``params_j`` gains the rolling window)."""
    k = ev["best_lag"]
    roll, win = ev["rolling"]
    params_j["window"] = int(win)
    r = float(ev["R"][ev["k_index"]])
    changes = {
        "r": r,
        "ci_low": ev["ci"][0],
        "ci_high": ev["ci"][1],
        "p": ev["p"],
        "level": 1.0 - alpha_eff,
    }
    incremental = dict(ev["incremental"], p=ev["inc_p"])
    if m > 1:
        incremental["p_unadjusted"] = ev["incremental"]["p"]
    stab, brk, rec = _stability_parts(ev.get("break_raw"), brk_p, alpha)
    link = bool(ev["link"])
    lead = None
    if link:
        lead = "kpi_leads" if k > 0 else ("coincident" if k == 0 else "outcome_leads")
    return k, roll, (stab, brk, rec), link, lead, r, changes, incremental


def _untested_parts(alpha_eff):
    nan = float("nan")
    changes = {"r": nan, "ci_low": nan, "ci_high": nan, "p": nan, "level": 1.0 - alpha_eff}
    empty = pd.Series(dtype=float, name="r")
    return None, empty, (None, None, None), False, None, nan, changes, {"p": nan}


def _build(
    ev,
    brk_p,
    *,
    outcome,
    direction,
    notes,
    alpha,
    alpha_eff,
    m,
    min_r,
    levels_r_min,
    params,
    method,
):
    j, code = ev["j"], ev["code"]
    exp_sign = {None: 0, "higher": 1, "lower": -1}[direction]
    lv_r, dw = ev["lev"]
    local_notes = list(notes) + ev["tr_notes"]
    series = pd.DataFrame(
        {
            "kpi": ev["X"][:, j],
            "outcome": ev["y"],
            "kpi_change": np.r_[np.full(ev["offset"], np.nan), ev["dX"][:, j]],
            "outcome_change": np.r_[np.full(ev["offset"], np.nan), ev["dy"]],
        },
        index=pd.DatetimeIndex(ev["dates"], name="date"),
    )
    P = len(ev["y"])
    params_j = dict(params, max_lag=int(ev["L"]))
    if ev["tested"]:
        k, roll, (stab, brk, rec), link, lead, r, changes, incremental = _tested_parts(
            ev, brk_p, alpha=alpha, alpha_eff=alpha_eff, m=m, params_j=params_j
        )
    else:
        k, roll, (stab, brk, rec), link, lead, r, changes, incremental = _untested_parts(alpha_eff)
        why = (
            f"{ev['name']} or {outcome} never changes"
            if ev.get("const")
            else f"only {len(ev['dy'])} changes for max_lag={ev['L']} (need "
            f"{params['min_periods']} pairs at the largest lag)"
        )
        local_notes.append(f"not tested: {why}")
    shared = bool(abs(lv_r) >= levels_r_min and not link) and not _cointegrated(ev, alpha)
    evidence = {
        "tested": ev["tested"],
        "stability": stab,
        "exp_sign": exp_sign,
        "link": link,
        "lead": lead,
        "r": r,
        "incremental_p": incremental.get("p"),
        "shared_trend": shared,
    }
    verdict = decide(evidence, alpha=alpha, min_r=min_r)
    fields = dict(
        kpi=ev["name"],
        outcome=outcome,
        verdict=verdict,
        n=P,
        freq=code,
        start=pd.Timestamp(ev["dates"][0]),
        end=pd.Timestamp(ev["dates"][-1]),
        method=method,
        direction=direction,
        expected_sign=exp_sign,
        lead=lead,
        best_lag=k,
        lag_mode="searched" if params["lag"] is None else "fixed",
        compared=ev["label"],
        changes=changes,
        incremental=incremental,
        adjusted_for={
            "lags": 1 if params["lag"] is not None else 2 * int(ev["L"]) + 1,
            "kpis": m,
            "method": "max-|T| over lags" + (", Benjamini-Hochberg over KPIs" if m > 1 else ""),
        },
        levels_r=lv_r,
        durbin_watson=dw,
        shared_trend=shared,
        lags=_lags_frame(ev),
        rolling=roll,
        break_=brk,
        recent=rec,
        stability=stab,
        series=series,
        params=params_j,
    )
    draft = AuditResult(explanation="", notes=tuple(local_notes), **fields)
    text = explain(draft, alpha=alpha, min_r=min_r)
    return AuditResult(explanation=text, notes=tuple(local_notes), **fields)
