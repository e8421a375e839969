"""Safe YAML loading that remembers line numbers, and field checks for loaders.

Only plain YAML is accepted: the loader is a ``yaml.SafeLoader``, so tags such
as ``!!python/object`` are refused with a :class:`~okrlab.errors.DefinitionError`.
Mappings come back as :class:`LineDict`, a ``dict`` that knows the line it
started on and the line of each key, so error messages can point at them.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from pathlib import Path

import yaml

from .errors import DefinitionError


class LineDict(dict):
    """A ``dict`` from YAML that knows where it came from (1-based lines)."""

    line: int | None = None
    key_lines: dict

    def line_of(self, key) -> int | None:
        """Line of ``key`` if it is present, else the mapping's own line."""
        return getattr(self, "key_lines", {}).get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are LineDicts."""


def _construct_map(loader, node):
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise DefinitionError(
                f"line {key_node.start_mark.line + 1}: a mapping key must be a plain "
                "value such as a name, not a list or mapping"
            ) from None
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def load_yaml_text(text: str, source: str = "<string>"):
    """Parse YAML text safely; errors name ``source`` and the line."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        tag = ""
        if exc.problem and "tag" in exc.problem:
            tag = exc.problem.split("tag", 1)[1].strip(" :'")
        raise DefinitionError(
            f"{source}:{line}: the tag {tag!r} is not allowed; okrlab reads plain YAML "
            "only (mappings, lists, strings, numbers, dates). Remove the tag.",
            source=source,
            line=line,
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise DefinitionError(
            f"{source}:{line}: this is not valid YAML ({problem}). Check the indentation "
            "and that every 'key: value' pair has a space after the colon.",
            source=source,
            line=line,
        ) from None


def load_yaml_file(path):
    """Read and parse a YAML file safely; returns ``(data, source_name)``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DefinitionError(f"{path}: no such file", source=str(path)) from None
    except UnicodeDecodeError:
        raise DefinitionError(
            f"{path}: the file is not UTF-8 text; save it as UTF-8 and try again",
            source=str(path),
        ) from None
    return load_yaml_text(text, source=str(path)), str(path)


class Where:
    """Where a value lives, for error messages: file, line and a readable path."""

    def __init__(self, source=None, line=None, path=""):
        self.source = source
        self.line = line
        self.path = path

    def child(self, path: str, line=None) -> Where:
        joined = f"{self.path} > {path}" if self.path else path
        return Where(self.source, line if line is not None else self.line, joined)

    def prefix(self, line=None) -> str:
        line = line if line is not None else self.line
        head = ""
        if self.source:
            head = f"{self.source}:{line}: " if line else f"{self.source}: "
        return head + (f"{self.path}: " if self.path else "")

    def error(self, field, problem, fix, line=None) -> DefinitionError:
        line = line if line is not None else self.line
        where = self.prefix(line)
        subject = f"field '{field}' " if field else ""
        return DefinitionError(
            f"{where}{subject}{problem}. {fix}", source=self.source, line=line, field=field
        )

    def relocate(self, exc: DefinitionError, subject: str, line=None) -> DefinitionError:
        """A constructor's error moved to this place in the file.

        The constructor names its object itself (``"key result 'X': ..."``);
        that leading ``subject ...: `` is replaced by this file, line and path.
        """
        message = str(exc)
        if message.startswith(subject):
            message = message.split(": ", 1)[1]
        return DefinitionError(
            self.prefix(line) + message, source=self.source, line=line, field=exc.field
        )


def mapping_line(mapping, key=None):
    if isinstance(mapping, LineDict):
        return mapping.line_of(key) if key is not None else mapping.line
    return None


def require(mapping, field, where: Where, fix: str):
    """Return ``mapping[field]`` or raise a DefinitionError saying how to add it."""
    if field not in mapping or mapping[field] is None:
        raise where.error(field, "is missing", fix, line=mapping_line(mapping))
    return mapping[field]


def as_number(value, field, where: Where, line=None, allow_none=False):
    """A finite real number (bool is refused), or None when allowed."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise where.error(
            field,
            f"must be a number, got {value!r} ({type(value).__name__})",
            f"Write it as a plain number such as {field}: 80 (no currency signs, "
            "units or quotes; write 12% as 12 with the unit '%').",
            line=line,
        )
    value = float(value)
    if not math.isfinite(value):
        raise where.error(field, f"must be finite, got {value!r}", "Use a real number.", line)
    return value


def as_text(value, field, where: Where, line=None, allow_none=False):
    """A string (numbers are accepted and converted, e.g. a period such as 2026)."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, str | numbers.Real):
        raise where.error(
            field,
            f"must be text, got {type(value).__name__}",
            f"Write it on one line, e.g. {field}: some text",
            line=line,
        )
    return str(value)


def as_date(value, field, where: Where, line=None, allow_none=False):
    """A ``datetime.date`` from a date, datetime, pandas Timestamp or ISO string."""
    if value is None and allow_none:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise where.error(
        field,
        f"must be a date, got {value!r}",
        f"Write it as YYYY-MM-DD, e.g. {field}: 2026-03-31",
        line=line,
    )
