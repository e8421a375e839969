"""KPI definitions, health bands and KPI catalogs.

A KPI is a metric chosen because it reliably signals the health of something
that matters. okrlab asks for what a new hire would need to use it: a
description or formula, the unit, which direction is better, where the data
come from, how often it updates, who owns it, and the healthy band.

Status of a value
-----------------
``healthy``
    inside the healthy band ``[healthy_min, healthy_max]`` (ends included; an
    end left as ``None`` is open).
``watch``
    outside the band by no more than ``warning_margin`` (in the KPI's unit).
``unhealthy``
    outside the band by more than ``warning_margin``.

Examples
--------
>>> cpl = KPI("cpl", unit="USD", direction="lower", healthy_max=120, warning_margin=15)
>>> [cpl.status(v) for v in (95, 130, 150)]
['healthy', 'watch', 'unhealthy']
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields

from ._render import ResultMixin, Summary, Table, json_safe
from ._yaml import LineDict, Where, as_number, as_text, load_yaml_file, load_yaml_text, require
from .errors import DefinitionError, ParameterError

__all__ = ["KPI", "KPICatalog", "load_kpis", "STATUSES", "DIRECTIONS"]

#: The possible results of :meth:`KPI.status`, best first.
STATUSES = ("healthy", "watch", "unhealthy")

#: Accepted spellings of a KPI's direction, mapped to ``"higher"`` / ``"lower"``.
DIRECTIONS = {
    "higher": "higher",
    "higher_is_better": "higher",
    "up": "higher",
    "increase": "higher",
    "lower": "lower",
    "lower_is_better": "lower",
    "down": "lower",
    "decrease": "lower",
}


def normalize_direction(value, where: Where | None = None, line=None) -> str:
    """Map a direction spelling to ``"higher"`` or ``"lower"`` or raise."""
    key = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    if key in DIRECTIONS:
        return DIRECTIONS[key]
    where = where or Where()
    raise where.error(
        "direction",
        f"is {value!r}, which okrlab does not know",
        "Use 'higher' (higher is better, e.g. revenue) or 'lower' (lower is better, "
        "e.g. cost per lead)",
        line=line,
    )


@dataclass(frozen=True)
class KPI:
    """A key performance indicator, defined as you would for a new hire.

    Parameters
    ----------
    name : str
        Short identifier, e.g. ``"cpl"``; also the column name in data files.
    description : str
        What it measures in plain words.
    formula : str
        How it is computed, e.g. ``"paid media spend / new leads"``.
    unit : str
        Unit of the values, e.g. ``"USD"``, ``"%"``, ``"leads/week"``.
    direction : {"higher", "lower"}
        Which way is better.
    source : str
        Where the data come from (system, report, export).
    frequency : str
        How often it updates, e.g. ``"weekly"``.
    owner : str
        Who answers for it. Without an owner a KPI decays into a vanity metric.
    healthy_min, healthy_max : float or None
        The healthy band; ``None`` leaves that end open.
    warning_margin : float
        How far outside the band (in ``unit``) still counts as ``"watch"``
        rather than ``"unhealthy"``. Default 0: no watch zone.

    Examples
    --------
    >>> sql_rate = KPI("lead_to_sql_rate", unit="%", direction="higher", healthy_min=6.0,
    ...                warning_margin=1.0)
    >>> sql_rate.status(6.5), sql_rate.status(5.5), sql_rate.status(4.0)
    ('healthy', 'watch', 'unhealthy')
    >>> sql_rate.is_better(7.0, 6.0)
    True
    """

    name: str
    description: str = ""
    formula: str = ""
    unit: str = ""
    direction: str = "higher"
    source: str = ""
    frequency: str = ""
    owner: str = ""
    healthy_min: float | None = None
    healthy_max: float | None = None
    warning_margin: float = 0.0

    def __post_init__(self):
        where = Where(path=f"KPI {self.name!r}")
        if not isinstance(self.name, str) or not self.name.strip():
            raise DefinitionError(
                "KPI: field 'name' is missing or empty. Give the KPI a short name such as 'cpl'.",
                field="name",
            )
        for f in ("description", "formula", "unit", "source", "frequency", "owner"):
            value = getattr(self, f)
            if value is None:
                object.__setattr__(self, f, "")
            else:
                object.__setattr__(self, f, as_text(value, f, where))
        object.__setattr__(self, "direction", normalize_direction(self.direction, where))
        for f in ("healthy_min", "healthy_max"):
            object.__setattr__(self, f, as_number(getattr(self, f), f, where, allow_none=True))
        margin = as_number(self.warning_margin, "warning_margin", where)
        if margin < 0:
            raise where.error(
                "warning_margin", f"is negative ({margin:g})", "Use 0 or a positive number"
            )
        object.__setattr__(self, "warning_margin", margin)
        lo, hi = self.healthy_min, self.healthy_max
        if lo is not None and hi is not None and lo > hi:
            raise where.error(
                "healthy_min",
                f"({lo:g}) is above healthy_max ({hi:g})",
                "Swap them: healthy_min is the lower edge of the healthy band",
            )

    # -- behaviour -------------------------------------------------------
    @property
    def band(self) -> tuple[float | None, float | None]:
        """The healthy band as ``(healthy_min, healthy_max)``."""
        return (self.healthy_min, self.healthy_max)

    def distance_outside(self, value) -> float:
        """How far ``value`` lies outside the healthy band (0 inside it).

        Parameters
        ----------
        value : float
            A value of the KPI (numpy numbers accepted; NaN or text raise
            :class:`~okrlab.errors.ParameterError`).

        Returns
        -------
        float
            Distance to the nearest band edge, in the KPI's unit.
        """
        value = _as_value(value, self.name)
        if self.healthy_min is not None and value < self.healthy_min:
            return self.healthy_min - value
        if self.healthy_max is not None and value > self.healthy_max:
            return value - self.healthy_max
        return 0.0

    def status(self, value) -> str:
        """``"healthy"``, ``"watch"`` or ``"unhealthy"`` for one value.

        See the module docstring for the rule.

        Parameters
        ----------
        value : float
            A value of the KPI (numpy numbers accepted; NaN or text raise
            :class:`~okrlab.errors.ParameterError`).

        Returns
        -------
        str
        """
        gap = self.distance_outside(value)
        if gap == 0:
            return "healthy"
        if gap <= self.warning_margin:
            return "watch"
        return "unhealthy"

    def statuses(self, values) -> list[str]:
        """:meth:`status` of each value; missing values give ``"no data"``.

        Parameters
        ----------
        values : iterable of float or None
            Values of the KPI in order.

        Returns
        -------
        list of str
        """
        out = []
        for v in values:
            if v is None or (isinstance(v, float) and math.isnan(v)):
                out.append("no data")
            else:
                out.append(self.status(v))
        return out

    def is_better(self, a, b) -> bool:
        """True if value ``a`` is strictly better than ``b`` for this KPI.

        Parameters
        ----------
        a, b : float
            Two values of the KPI.

        Returns
        -------
        bool
        """
        a, b = _as_value(a, self.name), _as_value(b, self.name)
        return a > b if self.direction == "higher" else a < b

    @property
    def sign(self) -> int:
        """+1 when higher is better, -1 when lower is better."""
        return 1 if self.direction == "higher" else -1

    # -- conversion ------------------------------------------------------
    def to_dict(self) -> dict:
        """Plain dict of the fields (what :meth:`KPICatalog.to_yaml` writes).

        Returns
        -------
        dict
            One entry per field of :class:`KPI`.
        """
        return asdict(self)

    @classmethod
    def from_dict(cls, data, where: Where | None = None) -> KPI:
        """Build a KPI from a mapping such as one entry of a KPI YAML file."""
        where = where or Where()
        if not isinstance(data, dict):
            raise where.error(
                None,
                f"a KPI must be a mapping of fields, got {type(data).__name__}",
                "Write it as 'name: ...' lines indented under '- '",
            )
        line = data.line if isinstance(data, LineDict) else where.line
        name = require(
            data, "name", where.child("KPI", line), "Add 'name: <short_name>' to the KPI"
        )
        where = where.child(f"KPI {name!r}", line)
        known = {f.name for f in fields(cls)}
        data_lines = dict(getattr(data, "key_lines", {}))
        if "healthy" in data_lines:
            data_lines.setdefault("healthy_min", data_lines["healthy"])
            data_lines.setdefault("healthy_max", data_lines["healthy"])
        data = dict(data)
        band = data.pop("healthy", None)
        if band is not None:
            if not isinstance(band, dict):
                raise where.error(
                    "healthy",
                    f"must be a mapping with min and/or max, got {band!r}",
                    "Write it as healthy: {min: 6, max: 12} (leave out an open end)",
                    line=data_lines.get("healthy", line),
                )
            unknown_band = set(band) - {"min", "max"}
            if unknown_band:
                raise where.error(
                    "healthy",
                    f"has unknown key(s) {sorted(map(str, unknown_band))}",
                    "Use only 'min' and 'max'",
                    line=data_lines.get("healthy", line),
                )
            data.setdefault("healthy_min", band.get("min"))
            data.setdefault("healthy_max", band.get("max"))
        unknown = sorted(set(map(str, data)) - known)
        if unknown:
            raise where.error(
                unknown[0],
                "is not a KPI field",
                f"Known fields: {', '.join(sorted(known | {'healthy'}))}",
                line=data_lines.get(unknown[0], line),
            )
        for f in ("healthy_min", "healthy_max", "warning_margin"):
            if f in data:
                as_number(
                    data[f], f, where, data_lines.get(f, line), allow_none=f != "warning_margin"
                )
        try:
            return cls(**data)
        except DefinitionError as exc:
            raise where.relocate(exc, "KPI ", data_lines.get(exc.field, line)) from None

    def _repr_html_(self) -> str:
        return KPICatalog([self])._summary().as_html()


def _as_value(value, name) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterError(
            f"KPI {name!r}: value must be a number, got {value!r}; pass a plain number"
        )
    value = float(value)
    if math.isnan(value):
        raise ParameterError(f"KPI {name!r}: value is missing (NaN); pass a number")
    return value


def _band_text(kpi: KPI) -> str:
    lo, hi = kpi.band
    if lo is None and hi is None:
        text = "any"
    elif lo is None:
        text = f"≤ {hi:g}"
    elif hi is None:
        text = f"≥ {lo:g}"
    else:
        text = f"{lo:g} – {hi:g}"
    if kpi.warning_margin:
        text += f" (watch ±{kpi.warning_margin:g})"
    return text


class KPICatalog(ResultMixin):
    """An ordered collection of :class:`KPI` definitions, looked up by name.

    Loads from and writes to YAML (round trip). Follows the okrlab result
    protocol (:mod:`okrlab._render`): a text table as ``repr``, an HTML table
    in notebooks, ``to_frame()``, ``to_dict()`` and ``plot(data, ax=None)``
    (each KPI's values against its band, one panel per KPI).

    Parameters
    ----------
    kpis : iterable of KPI, optional
        The definitions, in display order; names must be unique.

    Examples
    --------
    >>> cat = KPICatalog([KPI("cpl", direction="lower", healthy_max=120)])
    >>> cat["cpl"].direction, len(cat), "cpl" in cat
    ('lower', 1, True)
    >>> load_kpis_text(cat.to_yaml()) == cat
    True
    """

    def __init__(self, kpis: Iterable[KPI] = ()):
        self._kpis: dict[str, KPI] = {}
        for kpi in kpis:
            if not isinstance(kpi, KPI):
                raise ParameterError(
                    f"KPICatalog takes KPI objects, got {type(kpi).__name__}; build each "
                    "with okrlab.KPI(...)"
                )
            if kpi.name in self._kpis:
                raise DefinitionError(
                    f"KPI {kpi.name!r} is defined twice; give each KPI a unique name",
                    field="name",
                )
            self._kpis[kpi.name] = kpi

    def __getitem__(self, name: str) -> KPI:
        try:
            return self._kpis[name]
        except KeyError:
            raise KeyError(
                f"no KPI named {name!r}; the catalog has {', '.join(self._kpis) or 'none'}"
            ) from None

    def __contains__(self, name) -> bool:
        return name in self._kpis

    def __iter__(self) -> Iterator[KPI]:
        return iter(self._kpis.values())

    def __len__(self) -> int:
        return len(self._kpis)

    def __eq__(self, other) -> bool:
        return isinstance(other, KPICatalog) and list(self) == list(other)

    @property
    def names(self) -> list[str]:
        return list(self._kpis)

    def _summary(self):
        rows = [
            [
                k.name,
                k.description or k.formula,
                k.unit,
                "higher is better" if k.direction == "higher" else "lower is better",
                _band_text(k),
                k.frequency,
                k.owner or "no owner",
            ]
            for k in self
        ]
        cols = ["name", "description", "unit", "direction", "healthy band", "frequency", "owner"]
        notes = []
        orphans = [k.name for k in self if not k.owner]
        if orphans:
            notes.append(
                f"No owner: {', '.join(orphans)}. A KPI without an owner decays into a vanity "
                "metric; add owner: to each."
            )
        title = f"KPI catalog: {len(self)} KPI{'s' if len(self) != 1 else ''}"
        return Summary(title, [Table(cols, rows, title="KPIs")], notes=notes)

    def to_dict(self) -> dict:
        """The catalog as JSON-safe data.

        Returns
        -------
        dict
            ``{"kpis": [...]}``, one dict per KPI with every field (see
            :meth:`KPI.to_dict`).
        """
        return json_safe({"kpis": [k.to_dict() for k in self]})

    def plot(self, data, *, date=None, ax=None):
        """Each KPI present in ``data`` over time against its healthy band.

        See :func:`okrlab.plotting.plot_kpi_catalog` (one panel per KPI).

        Parameters
        ----------
        data : pandas.DataFrame
            One column per KPI (named like the KPI) and a date column or index.
        date : str, optional
            The date column; default the index.
        ax : sequence of matplotlib Axes, optional
            One per KPI drawn (the multi-panel plot rule).

        Returns
        -------
        matplotlib.figure.Figure
        """
        from .plotting import plot_kpi_catalog

        return plot_kpi_catalog(self, data, date=date, ax=ax)

    def to_frame(self):
        """One row per KPI with every field.

        Returns
        -------
        pandas.DataFrame
            Columns: name, description, formula, unit, direction, source,
            frequency, owner, healthy_min, healthy_max, warning_margin.
        """
        import pandas as pd

        cols = [f.name for f in fields(KPI)]
        return pd.DataFrame([k.to_dict() for k in self], columns=cols)

    def to_yaml(self, path=None) -> str:
        """The catalog as YAML text; also written to ``path`` if given.

        The text loads back with :func:`load_kpis` to an equal catalog.

        Parameters
        ----------
        path : str or pathlib.Path, optional
            Also write the text to this file (UTF-8).

        Returns
        -------
        str
            The YAML text.
        """
        import yaml

        entries = []
        for k in self:
            d = {"name": k.name}
            for f in (
                "description",
                "formula",
                "unit",
                "direction",
                "source",
                "frequency",
                "owner",
            ):
                if getattr(k, f):
                    d[f] = getattr(k, f)
            band = {}
            if k.healthy_min is not None:
                band["min"] = k.healthy_min
            if k.healthy_max is not None:
                band["max"] = k.healthy_max
            if band:
                d["healthy"] = band
            if k.warning_margin:
                d["warning_margin"] = k.warning_margin
            entries.append(d)
        text = yaml.safe_dump({"kpis": entries}, sort_keys=False, allow_unicode=True)
        if path is not None:
            from pathlib import Path

            Path(path).write_text(text, encoding="utf-8")
        return text


def _catalog_from_data(data, source) -> KPICatalog:
    where = Where(source=source, line=1)
    if isinstance(data, dict) and "kpis" in data:
        items = data["kpis"]
        line = data.line_of("kpis") if isinstance(data, LineDict) else None
    else:
        items, line = data, 1
    if not isinstance(items, list) or not items:
        raise where.error(
            "kpis",
            "must be a non-empty list of KPI definitions",
            "Start the file with 'kpis:' followed by items such as '- name: cpl'",
            line=line,
        )
    kpis, seen = [], {}
    for i, item in enumerate(items, start=1):
        item_line = item.line if isinstance(item, LineDict) else line
        kpi = KPI.from_dict(item, Where(source, item_line, f"kpis[{i}]"))
        if kpi.name in seen:
            raise Where(source, item_line).error(
                "name",
                f"{kpi.name!r} is used twice (first on line {seen[kpi.name]})",
                "Give each KPI a unique name",
            )
        seen[kpi.name] = item_line
        kpis.append(kpi)
    return KPICatalog(kpis)


def load_kpis(path) -> KPICatalog:
    """Load a KPI catalog from a YAML file.

    The file holds a top-level ``kpis:`` list; each item has the fields of
    :class:`KPI` (``healthy: {min: ..., max: ...}`` is accepted for the band).

    Parameters
    ----------
    path : str or pathlib.Path
        The YAML file.

    Returns
    -------
    KPICatalog
        The KPIs in file order.

    Raises
    ------
    okrlab.errors.DefinitionError
        With the file, line, KPI and field at fault, and how to fix it.

    Examples
    --------
    >>> from okrlab.datasets import dataset_path
    >>> cat = load_kpis(dataset_path("kpis.yaml"))
    >>> cat["cpl"].direction
    'lower'
    """
    data, source = load_yaml_file(path)
    return _catalog_from_data(data, source)


def load_kpis_text(text: str, *, source: str = "<string>") -> KPICatalog:
    """Like :func:`load_kpis` for YAML text.

    Parameters
    ----------
    text : str
        The YAML text.
    source : str, default "<string>"
        Name used in error messages in place of a file name.

    Returns
    -------
    KPICatalog
    """
    return _catalog_from_data(load_yaml_text(text, source), source)
