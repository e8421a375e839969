"""environment.yml, pyproject.toml and constraints.txt must name the same
packages at the same versions, so conda users and pip users run alike."""

import re
from pathlib import Path

import pytest
import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}


def _norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[_norm(name)] = version
    return pins


def _pyproject_direct():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    reqs = list(data["project"]["dependencies"])
    for extra in data["project"]["optional-dependencies"].values():
        reqs += extra
    return {_norm(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in reqs}


def _conda():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins, pip_items = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_items += dep.get("pip", [])
            continue
        name, _, version = dep.partition("=")
        pins[_norm(CONDA_TO_PYPI.get(name, name))] = version
    return env, pins, pip_items


def test_every_direct_dependency_is_pinned_in_the_lock():
    lock = _lock()
    missing = sorted(_pyproject_direct() - set(lock))
    assert not missing, f"constraints.txt lacks {missing}; run make lock"


def test_environment_yml_matches_pyproject_and_lock():
    lock = _lock()
    env, pins, pip_items = _conda()
    assert env["channels"] == ["conda-forge"]
    assert "-e ." in pip_items, "environment.yml must install okrlab itself"
    pins.pop("python")
    pins.pop("pip", None)
    assert set(pins) == _pyproject_direct(), "environment.yml and pyproject.toml differ"
    wrong = {n: (v, lock[n]) for n, v in pins.items() if lock.get(n) != v}
    assert not wrong, f"environment.yml versions differ from constraints.txt: {wrong}"
