"""Safe file intake and output for okrlab: the bottom layer every reader uses.

Reading
    :func:`read_bytes` opens regular files only. Folders, FIFOs (named pipes),
    sockets and devices such as ``/dev/zero`` are refused *before* they are
    opened, so a pipe never blocks and an endless device never fills memory;
    files larger than a stated bound are refused. :func:`decode_text` accepts
    UTF-8 (with or without a byte-order mark) and UTF-16/UTF-32 with a mark;
    anything else gets a message saying how to re-save the file as UTF-8.
    :func:`read_text` does both. CSV intake lives in :mod:`okrlab._table`.

Writing
    :func:`check_outputs` refuses, before anything is computed, an output that
    is an input (compared by device and inode, so hard links are caught), a
    symlink that leaves the folder it is in or points nowhere, an output that is
    not a regular file, and two outputs with the same path. :func:`safe_name`
    makes a user-provided name safe inside a file name and
    :func:`escape_mathtext` inside a matplotlib label.

Printing
    :func:`printable` escapes control characters (terminal escape sequences,
    bidirectional overrides) so user text never drives the terminal.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .errors import DataError, ParameterError, ParameterTypeError

__all__ = [
    "MAX_TEXT_BYTES",
    "MAX_TABLE_BYTES",
    "read_bytes",
    "decode_text",
    "read_text",
    "check_outputs",
    "safe_name",
    "escape_mathtext",
    "printable",
]

#: Largest OKR, KPI or lint text file read (bytes): about 25,000 key results.
MAX_TEXT_BYTES = 5_000_000
#: Largest CSV file read (bytes).
MAX_TABLE_BYTES = 200_000_000


def _as_path(path, param: str) -> Path:
    if isinstance(path, bool) or not isinstance(path, str | os.PathLike):
        raise ParameterTypeError(
            f"{param} must be a file path (str or Path), got {type(path).__name__}"
        )
    text = os.fspath(path)
    if isinstance(text, bytes) or text == "" or "\x00" in text:
        raise ParameterError(f"{param} must be a non-empty file path without NUL characters")
    return Path(text)


def _kind(mode: int) -> str | None:
    """A readable name for a non-regular file type, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bytes(
    path, *, max_bytes: int = MAX_TEXT_BYTES, error=DataError, param="file", what="file"
) -> bytes:
    """The bytes of a regular file, refusing anything that could block or never end.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    max_bytes : int
        Larger files are refused with a message naming both sizes.
    error : type
        The okrlab exception to raise (``DataError`` for data, ``DefinitionError``
        for OKR/KPI files).
    param : str
        How the caller's interface names this input, used when ``path`` has the
        wrong type (``'data'``, ``'--history'``).
    what : str
        What the file is, for messages (``'OKR file'``).

    Returns
    -------
    bytes

    Examples
    --------
    >>> read_bytes("/dev/zero")
    Traceback (most recent call last):
    ...
    okrlab.errors.DataError: /dev/zero: is a device, not a regular file; okrlab reads only regular files (save the data to a file and pass that)
    """
    p = _as_path(path, param)
    try:
        st = os.stat(p)  # follows symlinks: the target is what gets read
    except FileNotFoundError:
        raise error(f"{p}: no such {what}; check the path") from None
    except NotADirectoryError:
        raise error(f"{p}: no such {what} (a part of the path is not a folder)") from None
    except PermissionError:
        raise error(f"{p}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise error(f"{p}: cannot be read ({exc.strerror or exc})") from None
    kind = _kind(st.st_mode)
    if kind:
        raise error(
            f"{p}: is {kind}, not a regular file; okrlab reads only regular files "
            "(save the data to a file and pass that)"
        )
    if st.st_size > max_bytes:
        raise error(
            f"{p}: the file has {st.st_size:,} bytes, more than the {max_bytes:,} "
            f"okrlab reads for a {what}; split it or remove unused rows"
        )
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        raise error(f"{p}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise error(f"{p}: cannot be read ({exc.strerror or exc})") from None
    try:
        if _kind(os.fstat(fd).st_mode):  # swapped for something else since stat()
            raise error(f"{p}: is no longer a regular file; okrlab reads only regular files")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise error(
                    f"{p}: the file grew beyond the {max_bytes:,} bytes okrlab reads for a {what}"
                )
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_RESAVE = (
    "re-save it as UTF-8 (Excel: Save As > 'CSV UTF-8'; a text editor: Save with encoding UTF-8)"
)


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text that has no byte-order mark: every other byte is NUL in ASCII text."""
    sample = raw[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros > 0.4 * half:
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def decode_text(raw: bytes, name: str, *, error=DataError) -> str:
    """Text from file bytes: UTF-8 (BOM optional), or UTF-16/32 with a BOM.

    Other encodings are refused with the line and byte that failed and how to
    re-save the file; NUL characters (binary files) are refused.

    Examples
    --------
    >>> decode_text("date,revenue\\n".encode("utf-16"), "a.csv")
    'date,revenue\\n'
    >>> decode_text(b"caf\\xe9\\n", "a.csv")
    Traceback (most recent call last):
    ...
    okrlab.errors.DataError: a.csv:1: the file is not UTF-8 text (byte 0xe9 after 'caf'; it looks like Latin-1/Windows-1252, where it is 'é'); re-save it as UTF-8 (Excel: Save As > 'CSV UTF-8'; a text editor: Save with encoding UTF-8)
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                line = raw[: len(bom) + exc.start].count(b"\n") + 1
                raise error(
                    f"{name}:{line}: the file starts with a {codec.upper()} mark but is "
                    f"not valid {codec.upper()}; {_RESAVE}"
                ) from None
            break
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = _utf16_without_bom(raw)
            if text is None:
                raise error(_not_utf8_message(raw, exc.start, name)) from None
        if "\x00" in text:  # ASCII saved as UTF-16 without a mark is valid UTF-8 with NULs
            text = _utf16_without_bom(raw) or text
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise error(
            f"{name}:{line}: the file contains NUL characters, so it is not a text "
            f"file; export it as CSV/text and try again"
        )
    return text


def _not_utf8_message(raw: bytes, pos: int, name: str) -> str:
    line = raw[:pos].count(b"\n") + 1
    start = raw.rfind(b"\n", 0, pos) + 1
    before = raw[max(start, pos - 20) : pos].decode("utf-8", "replace")
    guess = ""
    try:
        char = raw[pos : pos + 1].decode("cp1252")
        guess = f"; it looks like Latin-1/Windows-1252, where it is {char!r}"
    except UnicodeDecodeError:
        pass
    return (
        f"{name}:{line}: the file is not UTF-8 text (byte 0x{raw[pos]:02x} after "
        f"{printable(before)!r}{guess}); {_RESAVE}"
    )


def read_text(
    path, *, max_bytes: int = MAX_TEXT_BYTES, error=DataError, param="file", what="file"
) -> str:
    """:func:`read_bytes` then :func:`decode_text`; newlines are normalised to ``\\n``."""
    raw = read_bytes(path, max_bytes=max_bytes, error=error, param=param, what=what)
    text = decode_text(raw, str(path), error=error)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- outputs ----------------------------------------------------------------------


def _identity(path: Path):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def check_outputs(outputs, inputs=(), *, force: bool = True) -> list[Path]:
    """Refuse unsafe outputs before anything is computed; returns the output paths.

    Parameters
    ----------
    outputs : list of (str, path)
        ``(name, path)`` pairs; ``name`` is how the user's interface calls the
        output (``'--plot'``, ``'OUT.csv'``, ``'path'``) and starts each message.
    inputs : list of path
        Files being read; an output may not be one of them, by path, symlink or
        hard link (same device and inode).
    force : bool
        When False an existing output is refused (the CLI's ``--force`` flag).

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> check_outputs([("--plot", "a.png"), ("--shares", "./a.png")])
    Traceback (most recent call last):
    ...
    okrlab.errors.ParameterError: --shares a.png: the same file as --plot; give each output its own file name
    """
    seen: dict[str, str] = {}
    input_ids = {i for i in (_identity(Path(p)) for p in inputs) if i is not None}
    paths = []
    for name, raw in outputs:
        path = _as_path(raw, name or "the output")
        key = os.path.normcase(os.path.abspath(path))
        if key in seen:
            label = f"{name} {path}" if name else str(path)
            raise ParameterError(
                f"{label}: the same file as {seen[key]}; give each output its own file name"
            )
        seen[key] = name or f"the output {path}"
        _check_one_output(name, path, input_ids, force)
        paths.append(path)
    return paths


def _check_one_output(flag: str, path: Path, input_ids: set, force: bool) -> None:
    name = f"{flag} {path}" if flag else str(path)
    parent = path.parent
    if not parent.is_dir():
        raise ParameterError(
            f"{name}: folder {str(parent)!r} does not exist; create "
            "it first or choose another folder"
        )
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.exists():
            raise ParameterError(
                f"{name}: is a symbolic link to {str(target)!r}, which "
                "does not exist; remove the link or choose another name"
            )
        if target.parent != Path(os.path.realpath(parent)):
            raise ParameterError(
                f"{name}: is a symbolic link to a file outside its "
                f"folder ({str(target)!r}); okrlab does not write through "
                "it. Name the real file instead"
            )
    if not os.path.lexists(path):
        return
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ParameterError(f"{name}: cannot be checked ({exc.strerror})") from None
    kind = _kind(st.st_mode)
    if kind:
        raise ParameterError(f"{name}: is {kind}; name a regular file to write")
    if (st.st_dev, st.st_ino) in input_ids:
        raise ParameterError(
            f"{name}: is the input file (or a link to it) and would "
            "be overwritten; choose another file name"
        )
    if not force:
        raise ParameterError(f"{name}: exists; pass --force to overwrite it")


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name, *, max_len: int = 60) -> str:
    """A user-provided name made safe as part of a file name.

    Runs of anything but letters, digits, ``.``, ``_`` and ``-`` become ``_``;
    leading dots are dropped (no hidden files or ``..``); the result is at most
    ``max_len`` characters and never empty.

    Examples
    --------
    >>> safe_name("cost/lead $x$")
    'cost_lead_x_'
    >>> safe_name("../..")
    '__'
    """
    text = _UNSAFE_NAME.sub("_", str(name)).lstrip(".")
    text = text.replace("..", "_")[:max_len]
    return text or "_"


def escape_mathtext(text) -> str:
    """Text for a matplotlib label, shown literally (``$`` does not start math).

    Examples
    --------
    >>> escape_mathtext("cost $ per lead")
    'cost \\\\$ per lead'
    """
    return printable(str(text)).replace("$", r"\$")


# C0 and C1 controls except tab and newline, DEL, and Unicode bidirectional controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text, *, keep_newlines: bool = True) -> str:
    """User-provided text safe to print on a terminal: control characters escaped.

    Escape sequences (``\\x1b]0;title\\x07`` retitles a terminal), other C0/C1
    controls, DEL and bidirectional overrides are shown as ``\\x1b``-style
    escapes; newlines and tabs are kept unless ``keep_newlines=False``.

    Examples
    --------
    >>> printable("revenue\\x1b]0;owned\\x07")
    'revenue\\\\x1b]0;owned\\\\x07'
    """
    text = str(text)
    if not keep_newlines:
        text = text.replace("\n", "\\n").replace("\t", "\\t")
    return _CONTROL.sub(_escape, text)


def _escape(match) -> str:
    # \x1b for C0 controls; \u009b, \u202e above (also a valid escape inside JSON strings)
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"
