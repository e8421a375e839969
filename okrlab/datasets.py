"""Sample data shipped with okrlab: where the files are and how to load them.

The canonical files live in the repository's ``datasets/`` folder; the package
reaches them through ``okrlab/data`` (a link to that folder, copied into wheels),
so they load the same way from a checkout and after ``pip install``.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ParameterError

__all__ = ["dataset_path", "list_datasets"]

_DATA_DIR = Path(__file__).resolve().parent / "data"


def list_datasets() -> list[str]:
    """Names of the files shipped in ``datasets/`` (data and definitions).

    >>> "kpis.yaml" in list_datasets()
    True
    """
    return sorted(p.name for p in _DATA_DIR.iterdir() if p.suffix in {".csv", ".yaml"})


def dataset_path(name: str) -> Path:
    """Path of a shipped file, e.g. ``dataset_path("kpis.yaml")``.

    Raises :class:`~okrlab.errors.ParameterError` naming the available files
    when ``name`` is unknown.
    """
    path = _DATA_DIR / name
    if not path.is_file():
        raise ParameterError(f"no dataset named {name!r}; available: {', '.join(list_datasets())}")
    return path
