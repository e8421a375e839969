"""The ``okrlab`` command line.

Sub-commands live in their own private modules (``okrlab._cli_<name>``), each
with ``add_arguments(parser)`` and ``run(args) -> int``; they are imported only
when used, so ``okrlab --help`` starts fast.

Exit status: 0 success; 1 findings that the sub-command treats as failures
(``lint`` errors); 2 usage or input errors, with a one-line message on stderr;
141 (quietly) when the reader of the output closed the pipe early (``| head``).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from ._version import __version__
from .errors import OkrlabError

# name -> (module, one-line help). A module that does not exist yet is skipped.
SUBCOMMANDS = {
    "audit": ("okrlab._cli_audit", "does a KPI still predict the business outcome?"),
    "lint": ("okrlab._cli_lint", "check OKRs against good practice"),
    "simulate": ("okrlab._cli_simulate", "simulate the Goodhart funnel to a CSV"),
    "review": ("okrlab._cli_review", "quarter review: confidence calibration and sandbagging"),
}


class _Parser(argparse.ArgumentParser):
    """argparse parser whose usage errors exit 2 with one line on stderr."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _chosen(argv) -> str | None:
    """The sub-command named in ``argv`` (the first word not starting with '-'), if any."""
    for word in argv:
        if not word.startswith("-"):
            return word
    return None


def build_parser(argv=None) -> argparse.ArgumentParser:
    """The ``okrlab`` parser.

    Every sub-command is listed, but only the one named in ``argv`` has its
    module imported and its options added (``argv=None``: all of them), so
    ``okrlab --help`` and ``okrlab --version`` import no sub-command module
    (and so neither pandas nor matplotlib).

    Parameters
    ----------
    argv : list of str, optional
        The command line being parsed; ``None`` builds the full parser.

    Returns
    -------
    argparse.ArgumentParser

    Examples
    --------
    >>> "audit" in build_parser(["--help"]).format_help()
    True
    """
    chosen = None if argv is None else _chosen(argv)
    parser = _Parser(
        prog="okrlab",
        description="okrlab: KPIs vs OKRs, key-result scoring, Goodhart simulations and "
        "KPI audits. Run 'okrlab COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"okrlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        if argv is not None and name != chosen:
            sub.add_parser(name, help=help_text)  # listed only; never run
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        p = sub.add_parser(
            name,
            help=help_text,
            description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv=None) -> int:
    """Entry point of the ``okrlab`` console script; returns the exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``okrlab``; default ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status (see the module docstring).
    """
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (``okrlab lint ... | head``): stop quietly, like git, and
        # point stdout at devnull so the interpreter's final flush does not complain.
        import os

        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):  # stdout without a file descriptor (tests)
            pass
        return 141  # 128 + SIGPIPE, what a shell reports for a process killed by it


def _main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 0
    from ._io import printable

    stdout = sys.stdout
    if getattr(stdout, "isatty", lambda: False)():
        sys.stdout = _Escaping(stdout)  # user text never drives the terminal
    try:
        return int(args._run(args) or 0)
    except BrokenPipeError:
        raise  # handled in main(): not an error of the command
    except (OkrlabError, OSError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        message = printable(message, keep_newlines=False)  # names from files can hold escapes
        print(f"okrlab {args.command}: error: {message}", file=sys.stderr)
        return 2
    except MemoryError:  # a last line of defence; commands estimate memory up front
        print(
            f"okrlab {args.command}: error: ran out of memory; use a smaller input (fewer rows "
            "or runs; for audit, --freq W or M aggregates days) or fewer resamples (--n-boot)",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        sys.stdout = stdout


class _Escaping:
    """A text stream that escapes control characters (see okrlab._io.printable)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        from ._io import printable

        return self._stream.write(printable(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
