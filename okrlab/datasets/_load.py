"""Where the shipped sample files are and how to load them.

The canonical files live in the repository's ``datasets/`` folder; the package
reaches them through ``okrlab/data`` (a link to that folder, copied into wheels),
so they load the same way from a checkout and after ``pip install``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import ParameterError

_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: Names of the CSV datasets (each made by a generator in :mod:`.generators`).
CSV_DATASETS = ("marketing_weekly", "okr_checkins", "okr_quarters")

#: Monday of the first week in ``marketing_weekly.csv``.
MARKETING_START = "2023-01-02"
#: Week index (0-based) of the events built into ``marketing_weekly.csv``.
_PLATFORM_CHANGE_WEEK = 70
_CPL_TARGET_WEEK = 100
#: Dates (Mondays) of the events built into ``marketing_weekly.csv``:
#: ``platform_change`` (the email platform starts counting privacy-proxy opens,
#: so ``email_open_rate`` loses its link to revenue) and ``cpl_target`` (the
#: team is given a cost-per-lead target: the Goodhart episode).
MARKETING_EVENTS = {
    "platform_change": str(
        (pd.Timestamp(MARKETING_START) + pd.Timedelta(weeks=_PLATFORM_CHANGE_WEEK)).date()
    ),
    "cpl_target": str(
        (pd.Timestamp(MARKETING_START) + pd.Timedelta(weeks=_CPL_TARGET_WEEK)).date()
    ),
}


def list_datasets() -> list[str]:
    """Names of the files shipped in ``datasets/`` (data and definitions).

    Returns
    -------
    list of str
        File names (``.csv``, ``.yaml``, ``.txt``), sorted.

    Examples
    --------
    >>> "kpis.yaml" in list_datasets()
    True
    """
    return sorted(p.name for p in _DATA_DIR.iterdir() if p.suffix in {".csv", ".yaml", ".txt"})


def dataset_path(name: str) -> Path:
    """Path of a shipped file, e.g. ``dataset_path("kpis.yaml")``.

    Parameters
    ----------
    name : str
        A file name from :func:`list_datasets`.

    Returns
    -------
    pathlib.Path
        The file inside the installed package (it exists).

    Raises
    ------
    okrlab.errors.ParameterError
        When ``name`` is unknown, naming the available files.

    Examples
    --------
    >>> dataset_path("kpis.yaml").name
    'kpis.yaml'
    """
    path = _DATA_DIR / name
    if not path.is_file():
        raise ParameterError(f"no dataset named {name!r}; available: {', '.join(list_datasets())}")
    return path


def load_dataset(name: str) -> pd.DataFrame:
    """Load a shipped CSV dataset as a DataFrame (dates parsed).

    Parameters
    ----------
    name : str
        ``"marketing_weekly"`` or ``"okr_quarters"`` (``.csv`` optional).
        The YAML definitions load with :func:`okrlab.load_kpis`.

    Returns
    -------
    DataFrame
        A fresh copy; columns as documented in ``datasets/README.md``. In
        ``marketing_weekly`` the ``week`` column is ``datetime64``.

    Raises
    ------
    okrlab.errors.ParameterError
        For an unknown name, listing the available datasets.

    Examples
    --------
    >>> df = load_dataset("marketing_weekly")
    >>> len(df), str(df["week"].dtype), str(df["week"].iloc[0].date())
    (156, 'datetime64[s]', '2023-01-02')
    >>> load_dataset("okr_quarters")["kr_type"].unique().tolist()
    ['outcome', 'activity']
    """
    if not isinstance(name, str):
        raise ParameterError(
            f"name must be a dataset name such as 'marketing_weekly', got {name!r}"
        )
    stem = name[:-4] if name.endswith(".csv") else name
    if stem not in CSV_DATASETS:
        hint = " (load YAML definitions with okrlab.load_kpis)" if name.endswith(".yaml") else ""
        raise ParameterError(
            f"no CSV dataset named {name!r}{hint}; available: {', '.join(CSV_DATASETS)}"
        )
    path = dataset_path(f"{stem}.csv")
    parse = ["week"] if stem == "marketing_weekly" else []
    df = pd.read_csv(path, parse_dates=parse)
    if stem == "marketing_weekly":
        df["week"] = df["week"].astype("datetime64[s]")
    return df
