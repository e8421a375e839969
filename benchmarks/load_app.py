"""A room of participants on one machine: N browser sessions of the workshop app.

Starts the app as ``make app`` does (Voila, one kernel per session), opens N
pages in one headless Debian chromium (playwright, ``executable_path``) and
has every session move the Goodhart sandbox's pressure slider ``--moves`` times
(keyboard, one step, alternating right/left) with a random 1-4 s pause between
moves, like people trying things. Each move is timed from the key release to
the moment the effects table on that page shows new numbers. Prints page-load
times, p50/p95/max of the update times, and the memory of each kernel.

The browser runs on the same machine here, so its CPU use counts against the
server; in a room each participant's browser runs on their own laptop, so
these figures are pessimistic for the server.

Usage: ``.venv/bin/python benchmarks/load_app.py [--sessions 20] [--moves 5] [--seed 0]``
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from okrlab._app_server import voila_argv, voila_env  # noqa: E402

CHROMIUM = os.environ.get("OKRLAB_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-sync"]  # fmt: skip
TABLE = ".widget-tab-contents > .lm-Widget:not(.lm-mod-hidden) table"
HANDLE = ".widget-tab-contents > .lm-Widget:not(.lm-mod-hidden) .widget-slider .noUi-handle"


def _port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serve(tmp: Path, pool: int = 0):
    port = _port()
    env = voila_env(dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp / "rt"),
                         JUPYTER_DATA_DIR=str(tmp / "data"), IPYTHONDIR=str(tmp / "ip"),
                         MPLCONFIGDIR=str(tmp / "mpl")))  # fmt: skip
    log = open(tmp / "voila.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(voila_argv(port=port, pool=pool), cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/voila.js", timeout=5)
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"Voila did not start; see {tmp / 'voila.log'}") from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/", proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def _wait_pool(server_pid: int, pool: int, timeout: float = 600) -> None:
    """Wait until ``pool`` kernels exist and the machine has settled (CPU idle-ish)."""
    deadline = time.time() + timeout
    while len(_kernel_rss_mb(server_pid)) < pool and time.time() < deadline:
        time.sleep(1)
    time.sleep(3 * pool)  # each preheated kernel builds the app once (~3 s of CPU)


def _server_cpu_seconds(server_pid: int) -> float:
    """CPU seconds used so far by the server and the kernels it started (not the browser)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(pid) == server_pid:  # its own time and that of kernels it has reaped
            total += sum(int(f) for f in fields[11:15]) / tick  # utime stime cutime cstime
        elif int(fields[1]) == server_pid:  # a live kernel (fields[1] is the ppid)
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _kernel_rss_mb(server_pid: int) -> list[float]:
    """Resident memory of every ipykernel started by the server, in MB."""
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            ppid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
            if b"ipykernel_launcher" not in cmd or ppid != server_pid:
                continue
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out.append(int(line.split()[1]) / 1024)
        except (OSError, ProcessLookupError):
            continue
    return out


async def _session(browser, url, i, moves, rng, loads, times, errors, delay=0.0):
    await asyncio.sleep(delay)
    page = await browser.new_page(viewport={"width": 1100, "height": 800})
    try:
        t0 = time.perf_counter()
        await page.goto(url, wait_until="domcontentloaded", timeout=180_000)
        await page.wait_for_selector(TABLE, timeout=180_000)
        loads.append(time.perf_counter() - t0)
        handle = page.locator(HANDLE).first
        for k in range(moves):
            await asyncio.sleep(rng.uniform(1.0, 4.0))
            before = await page.locator(TABLE).first.inner_text()
            await handle.focus()
            await handle.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
            t0 = time.perf_counter()
            await page.wait_for_function(
                "([sel, prev]) => { const t = document.querySelector(sel);"
                " return t && t.innerText !== prev; }",
                arg=[TABLE, before], polling=25, timeout=60_000,
            )  # fmt: skip
            times.append(time.perf_counter() - t0)
    except Exception as exc:  # a failed session is reported, not hidden
        errors.append(f"session {i}: {type(exc).__name__}: {str(exc)[:200]}")
    return page


def _q(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else float("nan")


async def _run(url, server_pid, sessions, moves, seed, arrive_over=0.0):
    from playwright.async_api import async_playwright

    loads, times, errors = [], [], []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        rngs = [random.Random(seed * 1000 + i) for i in range(sessions)]
        pages = await asyncio.gather(
            *(_session(browser, url, i, moves, rngs[i], loads, times, errors,
                       arrive_over * i / max(1, sessions - 1)) for i in range(sessions))
        )  # fmt: skip
        rss = _kernel_rss_mb(server_pid)
        for page in pages:
            await page.close()
        await browser.close()
    return loads, times, errors, rss


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--moves", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--pool", type=int, default=0, help="kernels started ahead of time, as make app POOL=N"
    )
    parser.add_argument(
        "--arrive-over",
        type=float,
        default=0.0,
        help="spread the sessions' first page loads over this many seconds "
        "(default 0: everyone opens the page at the same moment)",
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"needs Chromium at {CHROMIUM} (apt-get install -y chromium)", file=sys.stderr)
        return 2
    load = os.getloadavg()  # other work on the machine slows every figure below
    with tempfile.TemporaryDirectory() as tmp, _serve(Path(tmp), args.pool) as (url, pid):
        if args.pool:  # the facilitator starts the server before the room arrives
            _wait_pool(pid, args.pool)
        cpu0 = _server_cpu_seconds(pid)
        t0 = time.perf_counter()
        loads, times, errors, rss = asyncio.run(
            _run(url, pid, args.sessions, args.moves, args.seed, args.arrive_over)
        )
        wall = time.perf_counter() - t0
        server_cpu = _server_cpu_seconds(pid) - cpu0
    print(f"workshop app under load: {args.sessions} sessions x {args.moves} slider moves, "
          f"arrivals over {args.arrive_over:.0f} s, pool {args.pool}, {os.cpu_count()} CPUs, wall {wall:.0f} s, "
          f"load average before {load[0]:.1f}")  # fmt: skip
    print(f"page load to first table (s):  p50 {_q(loads, .5):.1f}  p95 {_q(loads, .95):.1f}"
          f"  max {max(loads, default=float('nan')):.1f}  (n={len(loads)})")  # fmt: skip
    print(f"slider release to new table (s): p50 {_q(times, .5):.2f}  p95 {_q(times, .95):.2f}"
          f"  max {max(times, default=float('nan')):.2f}  (n={len(times)})")  # fmt: skip
    if rss:
        print(f"memory per kernel (RSS, MB): median {_q(rss, .5):.0f}  max {max(rss):.0f}  "
              f"total {sum(rss):.0f} for {len(rss)} kernels")  # fmt: skip
    print(f"server CPU (Voila + kernels) during the run: {server_cpu:.0f} s of "
          f"{wall * (os.cpu_count() or 1):.0f} CPU-seconds available; the rest went to "
          f"the {args.sessions} pages in the local browser and to other work on the machine")  # fmt: skip
    goal = _q(times, 0.95) < 2.0 and not errors
    print(f"goal p95 < 2 s with no failed session: {'met' if goal else 'NOT met'}")
    for e in errors:
        print("  " + e)
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
