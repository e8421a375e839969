"""KPI definitions: direction, healthy band and the status of a value (see :mod:`okrlab.kpi`)."""

from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass, fields

from .._yaml import LineDict, Where, as_number, as_text, require
from ..errors import DefinitionError, ParameterError

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
        """Build a KPI from a mapping such as one entry of a KPI YAML file.

        Parameters
        ----------
        data : dict
            The fields (``healthy: {min, max}`` accepted for the band).
        where : Where, optional
            Position in a YAML file, used in error messages.

        Returns
        -------
        KPI
        """
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
        from .catalog import KPICatalog  # catalog imports this module

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
