"""Start Voila on the workshop app with the room-safe settings (``make app``).

Run as ``python -m okrlab._app_server [--host H] [--port P]``; the browser
tests and ``benchmarks/load_app.py`` start the app through :func:`voila_argv`
too, so what is tested is what a facilitator serves.

Settings, and why:

- ``--strip_sources=True``: participants see outputs (the widgets), never code.
- ``MappingKernelManager.allowed_message_types``: the kernel websocket passes
  on only the messages widgets need (comm open/message/close, comm and kernel
  info). ``execute_request``, ``inspect_request``, ``complete_request``,
  ``history_request``, ``input_reply`` and the debugger's ``debug_request``
  are dropped by the server, so a participant who writes kernel messages by
  hand in the browser's developer tools still cannot run code. Voila itself
  runs the app notebook through its own kernel client, not this websocket.
- ``--template=okrlab`` (``app/share/voila/templates/okrlab``): Voila's lab
  page without the two Font Awesome stylesheets it loads from a CDN, so the
  page works offline and sends participants' browsers nowhere else.
- ``show_tracebacks=False``: an unexpected error shows a short message, not
  server paths.
- Idle kernels are culled after 30 minutes, so a room that leaves tabs open
  does not hold memory forever (closing the tab shuts the kernel at once).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "app" / "okrlab_app.ipynb"
#: Holds voila/templates/okrlab: Voila's lab page without its CDN stylesheets.
TEMPLATES = ROOT / "app" / "share"

#: Kernel messages a browser may send to its kernel (everything else is dropped).
ALLOWED_MESSAGE_TYPES = (
    "comm_open",
    "comm_msg",
    "comm_close",
    "comm_info_request",
    "kernel_info_request",
)


def voila_argv(
    *, host: str = "127.0.0.1", port: int = 8866, pool: int = 0, notebook=NOTEBOOK
) -> list[str]:
    """The Voila command line that serves the app.

    Parameters
    ----------
    host : str
        Address to listen on: ``127.0.0.1`` for this machine only, ``0.0.0.0``
        to serve a room on the local network.
    port : int
        TCP port.
    pool : int
        Kernels Voila starts ahead of time, each with the app already built
        (``preheat_kernel``): a participant who opens the page takes one and
        sees the app at once, and the pool refills. 0 starts a kernel per
        visit (about 3 s of CPU each, all at once when a room clicks the link).
    notebook : path
        The app notebook.

    Returns
    -------
    list of str
        ``[sys.executable, "-m", "voila", ...]``.

    Examples
    --------
    >>> argv = voila_argv(port=9000)
    >>> "--port=9000" in argv and "--strip_sources=True" in argv
    True
    """
    allowed = "[" + ",".join(repr(m) for m in ALLOWED_MESSAGE_TYPES) + "]"
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        f"--Voila.ip={host}",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--theme=light",
        "--template=okrlab",
        f"--MappingKernelManager.allowed_message_types={allowed}",
        "--MappingKernelManager.cull_idle_timeout=1800",
        "--MappingKernelManager.cull_interval=120",
    ] + (
        # refill the pool a minute after kernels are taken, not while the room is loading
        ["--preheat_kernel=True", f"--pool_size={pool}", "--VoilaKernelManager.fill_delay=60"]
        if pool > 0
        else []
    )


def voila_env(env=None) -> dict:
    """``env`` (default: this process's) with the app's template folder on ``JUPYTER_PATH``.

    Examples
    --------
    >>> str(TEMPLATES) in voila_env({})["JUPYTER_PATH"]
    True
    """
    env = dict(os.environ if env is None else env)
    paths = [str(TEMPLATES)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def main(argv=None) -> int:
    """Parse ``--host``/``--port``, print the URL and replace this process with Voila."""
    parser = argparse.ArgumentParser(prog="make app", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--pool", type=int, default=0, help="kernels to start ahead of time")
    args = parser.parse_args(argv)
    shown = args.host
    if args.host in ("0.0.0.0", "::"):
        import socket

        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("10.255.255.255", 1))  # no packet is sent; picks the LAN address
                shown = s.getsockname()[0]
        except OSError:
            shown = socket.gethostname()
    print(f"okrlab workshop app: http://{shown}:{args.port}/  (Ctrl+C stops it)", flush=True)
    if args.pool:
        print(f"starting {args.pool} kernels ahead of time (~170 MB each)", flush=True)
    cmd = voila_argv(host=args.host, port=args.port, pool=args.pool)
    os.execve(cmd[0], cmd, voila_env())
    return 0  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
