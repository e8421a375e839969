"""KPI catalogs: ordered KPI definitions, their YAML format and their result protocol."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import fields

from .._render import Immutable, ResultMixin, Summary, Table, json_safe
from .._yaml import LineDict, Where, load_yaml_file, load_yaml_text
from ..errors import DefinitionError, ParameterError
from .definition import KPI


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


#: Text that a YAML reader could take for a number, date, time or flag (``08``, ``1:30``,
#: ``no``): :meth:`KPICatalog.to_yaml` quotes it so it reads back as the same text.
_AMBIGUOUS = re.compile(r"^[-+]?[0-9][0-9._:eE+-]*$|^(?i:y|n|yes|no|on|off|true|false|null|~)$")


def _quoting_dumper():
    """A SafeDumper that quotes ambiguous strings (the okrlab reader refuses them bare)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper, value):
        style = "'" if _AMBIGUOUS.match(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


class KPICatalog(Immutable, ResultMixin):
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
        from ..plotting import plot_kpi_catalog

        return plot_kpi_catalog(data, catalog=self, date=date, ax=ax)

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
        text = yaml.dump(
            {"kpis": entries}, Dumper=_quoting_dumper(), sort_keys=False, allow_unicode=True
        )
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
