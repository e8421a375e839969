"""Reading OKRs from YAML (one reader, positions kept for messages)."""

from __future__ import annotations

from pathlib import Path

from .._yaml import (
    Where,
    as_date,
    as_number,
    as_text,
    check_keys,
    load_yaml_file,
    load_yaml_text,
    mapping_line,
    require,
)
from ..errors import DefinitionError
from ..kpi import KPI, KPICatalog, load_kpis
from .key_result import Guardrail, KeyResult, _short
from .objective import Objective
from .scorecard import OKRSet
from .scoring import KINDS

# -- YAML loading -----------------------------------------------------------
_KR_FIELDS = {
    "description",
    "metric",
    "unit",
    "baseline",
    "target",
    "current",
    "checkins",
    "start",
    "due",
    "kind",
    "weight",
    "guardrails",
    "lint",
    "notes",
}
_OBJ_FIELDS = {
    "title",
    "owner",
    "period",
    "start",
    "due",
    "key_results",
    "lint",
    "notes",
    "description",
}
_TOP_FIELDS = {"objectives", "as_of", "period", "kpis", "lint", "team", "notes"}


def _check_fields(mapping, known, where, what):
    # The same typo check as okrlab lint ('taget:' -> "Did you mean 'target'?"); see
    # okrlab._yaml.check_keys.
    check_keys(mapping, known, where, what)


def _guardrail_from(item, catalog, where, i):
    line = mapping_line(item)
    here = where.child(f"guardrail {i}", line)
    if not isinstance(item, dict):
        raise here.error(
            None,
            f"must be a mapping, got {item!r}",
            "Write it as {kpi: lead_quality, current: 0.11}",
        )
    item = dict(item)
    current = as_number(item.pop("current", None), "current", here, line, allow_none=True)
    if "kpi" in item:
        name = as_text(item.pop("kpi"), "kpi", here, line)
        if item:
            raise here.error(
                sorted(map(str, item))[0],
                "is not a guardrail field",
                "A guardrail that names a catalog KPI takes only kpi and current",
            )
        if catalog is None or name not in catalog:
            known = ", ".join(catalog.names) if catalog is not None else "none loaded"
            raise here.error(
                "kpi",
                f"names {name!r}, which is not in the KPI catalog ({known})",
                "Add 'kpis: <catalog.yaml>' at the top of the OKR file (or pass kpis= to "
                "load_okrs), or define the KPI inline with name, direction and healthy",
            )
        return Guardrail(catalog[name], current)
    return Guardrail(KPI.from_dict(item, here), current)


def _catalog_for(data, kpis, top, base_dir):
    """The KPI catalog guardrails refer to: ``kpis`` or the file's ``kpis:`` path."""
    if kpis is not None:
        return kpis if isinstance(kpis, KPICatalog) else KPICatalog(kpis)
    if data.get("kpis") is None:
        return None
    path = Path(as_text(data["kpis"], "kpis", top, mapping_line(data, "kpis")))
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    return load_kpis(path)


def _nonempty_list(mapping, key, where, fix):
    """``mapping[key]`` if it is a non-empty list, else an error at its line."""
    items = require(mapping, key, where, fix)
    if not isinstance(items, list) or not items:
        raise where.error(key, "must be a non-empty list", fix, line=mapping_line(mapping, key))
    return items


def _mapping_item(item, where, fix):
    if not isinstance(item, dict):
        raise where.error(None, f"must be a mapping, got {item!r}", fix)


def _kr_options(k, kwhere, catalog) -> dict:
    """The optional fields of one key result: current, unit, dates, kind, check-ins, guardrails."""
    kw = {
        "current": as_number(k.get("current"), "current", kwhere, mapping_line(k, "current"), True),
        "unit": as_text(k.get("unit"), "unit", kwhere, mapping_line(k, "unit"), True),
    }
    for f in ("start", "due"):
        kw[f] = as_date(k.get(f), f, kwhere, mapping_line(k, f), allow_none=True)
    if k.get("kind") is not None:
        kind = as_text(k["kind"], "kind", kwhere, mapping_line(k, "kind"))
        if kind not in KINDS:
            raise kwhere.error("kind", f"is {kind!r}", "Use 'committed' or 'aspirational'",
                               line=mapping_line(k, "kind"))  # fmt: skip
        kw["kind"] = kind
    if k.get("checkins") is not None:
        if not isinstance(k["checkins"], list):
            raise kwhere.error("checkins", "must be a list",
                               "Write each check-in as '- {date: 2026-01-31, value: 95}'",
                               line=mapping_line(k, "checkins"))  # fmt: skip
        kw["checkins"] = k["checkins"]
    guards = k.get("guardrails") or []
    if not isinstance(guards, list):
        raise kwhere.error("guardrails", "must be a list",
                           "Write each guardrail as '- {kpi: lead_quality, current: 0.11}'",
                           line=mapping_line(k, "guardrails"))  # fmt: skip
    kw["guardrails"] = tuple(
        _guardrail_from(g, catalog, kwhere, n) for n, g in enumerate(guards, 1)
    )
    return kw


def _read_key_result(k, j, o, owhere, catalog):
    """One key result and its weight from its YAML mapping (errors name file, line, field)."""
    kline = mapping_line(k) or mapping_line(o, "key_results")
    kwhere = owhere.child(f"key result {j}", kline)
    _mapping_item(k, kwhere, "Give it description, metric, baseline and target")
    _check_fields(k, _KR_FIELDS, kwhere, "key result")
    desc = as_text(
        require(k, "description", kwhere, "Add 'description: <what should change>'"),
        "description", kwhere, mapping_line(k, "description"),
    )  # fmt: skip
    kwhere = owhere.child(f"key result {j} ({_short(desc, 40)!r})", kline)
    for f, fix in (
        ("metric", "Add 'metric: <name of the measured metric>', e.g. metric: cpl"),
        ("baseline", "Add 'baseline: <number where the metric starts>'"),
        ("target", "Add 'target: <number it should reach>'"),
    ):
        require(k, f, kwhere, fix)
    kw = {"description": desc}
    kw["metric"] = as_text(k["metric"], "metric", kwhere, mapping_line(k, "metric"))
    for f in ("baseline", "target"):
        kw[f] = as_number(k[f], f, kwhere, mapping_line(k, f))
    kw.update(_kr_options(k, kwhere, catalog))
    weight = as_number(k.get("weight", 1), "weight", kwhere, mapping_line(k, "weight"))
    try:
        return KeyResult(**kw), weight
    except DefinitionError as exc:
        line = exc.line  # a constructor that knows the line (e.g. a check-in's) says so
        if line is None:
            line = mapping_line(k, exc.field) if exc.field else kline
        raise kwhere.relocate(exc, "key result", line) from None


def _read_objective(o, i, data, top, catalog, default_period):
    """One objective with its key results from its YAML mapping."""
    oline = mapping_line(o) or mapping_line(data, "objectives")
    owhere = top.child(f"objective {i}", oline)
    _mapping_item(o, owhere, "Give it at least 'title:' and 'key_results:'")
    _check_fields(o, _OBJ_FIELDS, owhere, "objective")
    title = as_text(
        require(o, "title", owhere, "Add 'title: <the objective in one sentence>'"),
        "title", owhere, mapping_line(o, "title"),
    )  # fmt: skip
    owhere = top.child(f"objective {_short(title)!r}", oline)
    krs_data = _nonempty_list(
        o, "key_results", owhere, "Add 'key_results:' with 2 to 5 measurable key results, "
        "each an item starting with '- description: ...'",
    )  # fmt: skip
    pairs = [_read_key_result(k, j, o, owhere, catalog) for j, k in enumerate(krs_data, 1)]

    def text(key, default=None):
        return as_text(o.get(key, default), key, owhere, mapping_line(o, key), True)

    def date(key):
        return as_date(o.get(key), key, owhere, mapping_line(o, key), True)

    try:
        return Objective(title=title, owner=text("owner"), period=text("period", default_period),
                         start=date("start"), due=date("due"),
                         key_results=[kr for kr, _ in pairs], weights=[w for _, w in pairs])  # fmt: skip
    except DefinitionError as exc:
        line = mapping_line(o, exc.field) if exc.field else oline
        raise owhere.relocate(exc, "objective", line) from None


def _okrs_from_data(data, source, kpis=None, base_dir=None) -> OKRSet:
    """An :class:`OKRSet` from parsed YAML (a mapping with line numbers)."""
    top = Where(source=source, line=1)
    if not isinstance(data, dict):
        raise top.error(
            "objectives",
            "is missing: the file must be a mapping with an 'objectives' list",
            "Start the file with 'objectives:' followed by items such as '- title: ...'",
        )
    _check_fields(data, _TOP_FIELDS, top, "top-level")
    catalog = _catalog_for(data, kpis, top, base_dir)
    as_of = as_date(data.get("as_of"), "as_of", top, mapping_line(data, "as_of"), True)
    default_period = as_text(data.get("period"), "period", top, mapping_line(data, "period"), True)
    objs = _nonempty_list(
        data, "objectives", top, "Add 'objectives:' with a list of objectives, each an item "
        "starting with '- title: ...' and with key_results",
    )  # fmt: skip
    objectives = [
        _read_objective(o, i, data, top, catalog, default_period) for i, o in enumerate(objs, 1)
    ]
    return OKRSet(objectives, as_of=as_of, source=source)


def load_okrs(path, *, kpis=None) -> OKRSet:
    """Load objectives and key results from a YAML file.

    Parameters
    ----------
    path : str or Path
    kpis : KPICatalog or list of KPI, optional
        KPIs that guardrails refer to by name. If omitted, the file's own
        top-level ``kpis: <catalog.yaml>`` (relative to the file) is used.

    Returns
    -------
    OKRSet
        The objectives in file order, with the file's ``as_of`` date.

    Raises
    ------
    okrlab.errors.DefinitionError
        Naming the file, line, objective, key result and field, and the fix.

    Examples
    --------
    >>> from okrlab.datasets import dataset_path
    >>> okrs = load_okrs(dataset_path("okrs.yaml"))
    >>> okrs.to_frame().columns[:4].tolist()
    ['objective', 'owner', 'period', 'key_result']
    """
    data, source = load_yaml_file(path)
    return _okrs_from_data(data, source, kpis=kpis, base_dir=Path(path).parent)


def load_okrs_text(text: str, *, kpis=None, source: str = "<string>") -> OKRSet:
    """Like :func:`load_okrs` for YAML text (a ``kpis:`` path is relative to the cwd).

    Parameters
    ----------
    text : str
        The YAML text.
    kpis : KPICatalog or list of KPI, optional
        KPIs that guardrails refer to by name.
    source : str, default "<string>"
        Name used in error messages in place of a file name.

    Returns
    -------
    OKRSet
    """
    return _okrs_from_data(load_yaml_text(text, source), source, kpis=kpis)
