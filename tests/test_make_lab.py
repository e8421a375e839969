"""`make lab` really starts JupyterLab on notebooks/ (as root too) and prints its URL."""

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(
    not (ROOT / ".venv" / ".installed-notebooks").exists(),
    reason="runs where `make test` installed the venv",
)
def test_make_lab_serves_the_notebooks(tmp_path):
    port = _free_port()
    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"),
        JUPYTER_DATA_DIR=str(tmp_path / "data"),
        IPYTHONDIR=str(tmp_path / "ip"),
    )
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        url, deadline, seen = None, time.time() + 90, []
        while url is None and time.time() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            seen.append(line)
            m = re.search(rf"http://127\.0\.0\.1:{port}/lab\?token=(\w+)", line)
            if m:
                url = m.group(0)
        assert url, "no URL with a token was printed:\n" + "".join(seen[-20:])
        token = url.rsplit("=", 1)[1]
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/contents", headers={"Authorization": f"token {token}"}
        )
        names = set()
        for _ in range(40):  # the URL is logged a moment before the socket accepts
            try:
                with urllib.request.urlopen(request, timeout=20) as resp:
                    names = {item["name"] for item in json.load(resp)["content"]}
                break
            except urllib.error.URLError:
                time.sleep(0.25)
        assert "01_kpis_vs_okrs.ipynb" in names
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
