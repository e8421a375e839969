"""Helpers for the browser tests: Debian's chromium driven by Python playwright.

Never ``playwright install``: playwright drives ``/usr/bin/chromium`` (Debian's
``chromium`` package) through ``executable_path``. Without it the browser tests
skip with a message saying how to get it. Screenshots go to
``build/browser/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "browser"
CHROMIUM = os.environ.get("OKRLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def require_browser():
    """Skip the calling test module unless chromium and playwright are present."""
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM}: run `apt-get install -y chromium` "
            "(CI does this in .ci/run) or set OKRLAB_CHROMIUM to a Chromium binary",
            allow_module_level=True,
        )
    pytest.importorskip("playwright", reason="browser tests need `pip install playwright`")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jupyter_env(tmp: Path) -> dict:
    """Environment with Jupyter/IPython/matplotlib caches in ``tmp``."""
    env = dict(os.environ)
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "cfg"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "rt"),
        ("IPYTHONDIR", "ip"),
        ("MPLCONFIGDIR", "mpl"),
    ]:
        env[var] = str(tmp / sub)
    env.pop("MPLBACKEND", None)
    return env


def wait_for_url(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {timeout} s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group (Voila takes 6-9 s), SIGKILL after 15 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


@contextlib.contextmanager
def serve_app(tmp: Path):
    """Start the workshop app exactly as ``make app`` does; yield its URL."""
    from okrlab._app_server import voila_argv, voila_env

    port = free_port()
    log = tmp / "voila.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            voila_argv(port=port),
            cwd=ROOT,
            env=voila_env(jupyter_env(tmp)),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_url(f"http://127.0.0.1:{port}/voila/static/voila.js", proc, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(proc)


@contextlib.contextmanager
def serve_lab(tmp: Path, notebook_dir: Path, token: str = "okrlab-browser-test"):
    """JupyterLab on ``notebook_dir`` with the app object exposed to scripts."""
    port = free_port()
    log = tmp / "lab.log"
    cmd = [
        sys.executable, "-m", "jupyter", "lab", f"--notebook-dir={notebook_dir}",
        f"--ServerApp.port={port}", "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}", "--no-browser", "--allow-root",
        "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    with open(log, "w") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=jupyter_env(tmp), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        wait_for_url(f"http://127.0.0.1:{port}/api/status?token={token}", proc, log)
        yield f"http://127.0.0.1:{port}", token
    finally:
        stop(proc)


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
