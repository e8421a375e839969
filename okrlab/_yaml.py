"""The one safe YAML reader for OKR, KPI and lint files; remembers line numbers.

Only plain YAML is accepted and nothing in it can change its meaning behind
the reader's back. Refused, each with ``file:line`` and the fix (as a
:class:`~okrlab.errors.DefinitionError`):

- tags such as ``!!python/object`` (only plain values are read);
- aliases that repeat more than :data:`MAX_ALIAS_VALUES` values in total
  ("billion laughs"), and aliases to the value that contains them;
- duplicate keys in one mapping (YAML would silently keep the last);
- YAML 1.1 surprises: a leading zero (``010`` is octal 8), base-60 numbers
  (``1:30`` is 90), ``yes/no/on/off`` (booleans), ``0x``/``0b`` numbers and
  ``1_000``;
- impossible dates (``2026-02-30``), numbers beyond float range (``1e400``,
  400 digits), ``.inf`` and ``.nan``;
- nesting deeper than :data:`MAX_DEPTH`, files larger than
  :data:`okrlab._io.MAX_TEXT_BYTES`, more than one document.

Numbers follow YAML 1.2: ``1e9`` is a number (PyYAML alone reads it as text).
Mappings come back as :class:`LineDict`, a ``dict`` that knows the line it
started on and the line of each key, so error messages can point at them.
Events come from libyaml (``yaml.CSafeLoader``) when it is installed.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import difflib
import math
import numbers
import re

import yaml

from ._io import MAX_TEXT_BYTES, read_text
from .errors import DefinitionError

#: Deepest nesting of lists and mappings accepted.
MAX_DEPTH = 64
#: Most values that aliases (``*name``) may repeat in one file, in total.
MAX_ALIAS_VALUES = 10_000

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAGS = ("tag:yaml.org,2002:str", "!")
_MAP_TAGS = (None, "tag:yaml.org,2002:map", "!")
_SEQ_TAGS = (None, "tag:yaml.org,2002:seq", "!")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YES_NO = {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"}
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_BASE_PREFIX = re.compile(r"[-+]?0[xXoObB][0-9a-fA-F_]*")
_UNDERSCORE = re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)
_FLOAT_MAX_DIGITS = 309  # 10**309 > the largest float (about 1.8e308)


class LineDict(dict):
    """A ``dict`` from YAML that knows where it came from (1-based lines)."""

    line: int | None = None
    key_lines: dict

    def line_of(self, key) -> int | None:
        """Line of ``key`` if it is present, else the mapping's own line."""
        return getattr(self, "key_lines", {}).get(key, self.line)


def _fail(source, line, message) -> DefinitionError:
    return DefinitionError(f"{source}:{line}: {message}", source=source, line=line)


def _scalar(ev, source):
    """The Python value of a scalar event (YAML 1.2 core schema, 1.1 surprises refused)."""
    value, line = ev.value, ev.start_mark.line + 1
    if ev.tag is not None and ev.tag not in _STR_TAGS:
        raise _tag_error(ev.tag, source, line)
    if ev.style or ev.tag is not None:  # libyaml gives '' for plain, PyYAML None
        return value  # quoted, block or !!str: always text
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if value in _YES_NO:
        raise _fail(
            source,
            line,
            f"{value!r} is read by YAML as a true/false flag, not as "
            f"the word; write true or false for a flag, or quote it ('{value}') "
            "for text",
        )
    if _INT.fullmatch(value):
        return _integer(value, source, line)
    if _FLOAT.fullmatch(value):
        number = float(value)
        if math.isinf(number):
            raise _fail(
                source,
                line,
                f"the number {_short(value)} is beyond the range "
                "okrlab can compute with (about 1.8e308); check the value",
            )
        return number
    if _DATE.fullmatch(value):
        return _date(value, source, line)
    _refuse_surprises(value, source, line)
    if _TIMESTAMP.fullmatch(value):
        return _timestamp(ev, source, line)
    return value


def _short(text: str, n: int = 24) -> str:
    return repr(text if len(text) <= n else text[: n - 3] + "...")


def _integer(value, source, line):
    digits = value.lstrip("+-")
    if len(digits) > 1 and digits.startswith("0"):
        raise _fail(
            source,
            line,
            f"{value!r} has a leading zero, which YAML 1.1 reads as an "
            f"octal number; write {int(value)} for the number, or quote it "
            f"('{value}') if it is a code",
        )
    if len(digits) >= _FLOAT_MAX_DIGITS:
        raise _fail(
            source,
            line,
            f"the number {_short(value)} ({len(digits)} digits) is "
            "beyond the range okrlab can compute with (about 1.8e308); check the "
            "value",
        )
    return int(value)


def _date(value, source, line):
    year, month, day = (int(x) for x in _DATE.fullmatch(value).groups())
    try:
        return _dt.date(year, month, day)
    except ValueError:
        if 1 <= month <= 12 and year >= 1:
            days = calendar.monthrange(year, month)[1]
            why = f"{calendar.month_name[month]} {year} has {days} days"
        else:
            why = "the month must be 01 to 12 and the year at least 0001"
        raise _fail(
            source, line, f"{value} is not a real date ({why}); fix the date (YYYY-MM-DD)"
        ) from None


def _refuse_surprises(value, source, line):
    if _SPECIAL_FLOAT.fullmatch(value):
        raise _fail(
            source,
            line,
            f"{value!r} is not a finite number; okrlab needs real "
            "numbers: write a number or leave the field out",
        )
    if _BASE_PREFIX.fullmatch(value):
        raise _fail(
            source,
            line,
            f"{value!r} is a hexadecimal/octal/binary number in YAML "
            f"1.1; write the number in decimal, or quote it ('{value}') for text",
        )
    if "_" in value and _UNDERSCORE.fullmatch(value):
        raise _fail(
            source,
            line,
            f"{value!r} is read by YAML 1.1 as the number "
            f"{value.replace('_', '')}; write it without underscores, or quote it "
            f"('{value}') for text",
        )
    if _SEXAGESIMAL.fullmatch(value):
        raise _fail(
            source,
            line,
            f"{value!r} is a base-60 number in YAML 1.1 (1:30 means "
            f"90); quote it ('{value}') for a time or text, or write the number you "
            "mean",
        )


def _timestamp(ev, source, line):
    node = yaml.ScalarNode("tag:yaml.org,2002:timestamp", ev.value)
    try:
        return yaml.SafeLoader("").construct_yaml_timestamp(node)
    except (ValueError, OverflowError) as exc:
        raise _fail(
            source,
            line,
            f"{ev.value} is not a real date and time ({exc}); write it as YYYY-MM-DD HH:MM:SS",
        ) from None


def _tag_error(tag, source, line):
    return _fail(
        source,
        line,
        f"the tag {tag!r} is not allowed; okrlab reads plain YAML "
        "only (mappings, lists, strings, numbers, dates). Remove the tag.",
    )


class _Frame:
    """A mapping or list being built."""

    __slots__ = ("value", "anchor", "size", "key", "key_line", "has_key", "merge", "explicit")

    def __init__(self, value, anchor):
        self.value, self.anchor, self.size = value, anchor, 1
        self.key = self.key_line = None
        self.has_key = self.merge = False
        self.explicit = set()


def _copy(value):
    """A deep copy of an aliased value (so editing one place never changes another)."""
    if isinstance(value, LineDict):
        out = LineDict((k, _copy(v)) for k, v in value.items())
        out.line, out.key_lines = value.line, dict(value.key_lines)
        return out
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


class _Builder:
    """Builds Python values from parser events, enforcing the limits."""

    def __init__(self, source):
        self.source = source
        self.stack: list[_Frame] = []
        self.anchors: dict = {}
        self.alias_values = 0
        self.result = None
        self.documents = 0

    def run(self, events):
        for ev in events:
            kind = type(ev)
            line = ev.start_mark.line + 1 if ev.start_mark is not None else None
            if kind is yaml.ScalarEvent:
                value = _scalar(ev, self.source)
                if ev.anchor:
                    self.anchors[ev.anchor] = (value, 1)
                merge = ev.value == "<<" and not ev.style and ev.tag is None
                self.add(value, 1, line, merge_key=merge)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.start(ev, kind is yaml.MappingStartEvent, line)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = self.stack.pop()
                if frame.has_key:  # a key without a value cannot happen in valid YAML
                    raise _fail(self.source, frame.key_line, "a key has no value")
                if frame.anchor:
                    self.anchors[frame.anchor] = (frame.value, frame.size)
                self.add(frame.value, frame.size, line)
            elif kind is yaml.AliasEvent:
                self.alias(ev.anchor, line)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise _fail(
                        self.source,
                        line,
                        "a second YAML document starts here ('---');"
                        " okrlab reads one document per file: split the file",
                    )
        return self.result

    def start(self, ev, is_map, line):
        if ev.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
            raise _tag_error(ev.tag, self.source, line)
        if len(self.stack) >= MAX_DEPTH:
            raise _fail(
                self.source,
                line,
                f"lists and mappings are nested more than "
                f"{MAX_DEPTH} levels deep; okrlab files need only a few levels. "
                "Check for unclosed brackets",
            )
        if is_map:
            value = LineDict()
            value.line, value.key_lines = line, {}
        else:
            value = []
        frame = _Frame(value, ev.anchor)
        if ev.anchor:
            self.anchors[ev.anchor] = (frame, None)  # in progress
        self.stack.append(frame)

    def alias(self, name, line):
        if name not in self.anchors:
            raise _fail(
                self.source,
                line,
                f"the alias *{name} has no anchor &{name} before it; define the anchor first",
            )
        value, size = self.anchors[name]
        if size is None:
            raise _fail(
                self.source,
                line,
                f"the alias *{name} refers to the value that contains it; remove the alias",
            )
        self.alias_values += size
        if self.alias_values > MAX_ALIAS_VALUES:
            raise _fail(
                self.source,
                line,
                f"aliases (*{name} and others) repeat more than "
                f"{MAX_ALIAS_VALUES:,} values in total, which okrlab refuses (a YAML "
                "'billion laughs' bomb looks like this); write the values out or use "
                "fewer aliases",
            )
        self.add(_copy(value), size, line)

    def add(self, value, size, line, merge_key=False):
        if not self.stack:
            self.result = value
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.value, list):
            top.value.append(value)
        elif not top.has_key:
            self.set_key(top, value, line, merge_key)
        else:
            self.set_value(top, value)

    def set_key(self, top, key, line, merge_key):
        try:
            hash(key)
        except TypeError:
            raise _fail(
                self.source,
                line,
                "a mapping key must be a plain value such as a name, not a list or mapping",
            ) from None
        if not merge_key and key in top.explicit:
            first = top.value.key_lines.get(key)
            raise _fail(
                self.source,
                line,
                f"the key {str(key)!r} appears twice in this mapping "
                f"(also on line {first}); YAML would silently keep only the last. "
                "Keep one of them",
            )
        top.key, top.key_line, top.has_key, top.merge = key, line, True, merge_key

    def set_value(self, top, value):
        data, key = top.value, top.key
        top.has_key = False
        if not top.merge:
            top.explicit.add(key)
            data[key] = value
            data.key_lines[key] = top.key_line
            return
        sources = value if isinstance(value, list) else [value]
        for m in sources:
            if not isinstance(m, dict):
                raise _fail(
                    self.source,
                    top.key_line,
                    "'<<' (merge) needs a mapping or a list of mappings, such as <<: *defaults",
                )
            for k, v in m.items():
                if k not in top.explicit and k not in data:
                    data[k] = v
                    data.key_lines[k] = top.key_line


def load_yaml_text(text: str, source: str = "<string>"):
    """Parse YAML text safely; errors name ``source`` and the line.

    Examples
    --------
    >>> load_yaml_text("target: 010", "okrs.yaml")
    Traceback (most recent call last):
    ...
    okrlab.errors.DefinitionError: okrs.yaml:1: '010' has a leading zero, which YAML 1.1 reads as an octal number; write 10 for the number, or quote it ('010') if it is a code
    >>> load_yaml_text("growth: 1e9")
    {'growth': 1000000000.0}
    """
    if not isinstance(text, str):
        raise DefinitionError(
            f"{source}: YAML must be given as text (str), got {type(text).__name__}", source=source
        )
    if len(text) > MAX_TEXT_BYTES:
        raise DefinitionError(
            f"{source}: the text has {len(text):,} characters, more than "
            f"the {MAX_TEXT_BYTES:,} okrlab reads; split it",
            source=source,
        )
    builder = _Builder(source)
    try:
        return builder.run(yaml.parse(text, Loader=_LOADER))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        if line is None and getattr(exc, "position", None) is not None:
            line = text[: exc.position].count("\n") + 1
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
        raise DefinitionError(
            f"{source}:{line}: this is not valid YAML ({str(problem).splitlines()[0]}). "
            "Check the indentation and that every 'key: value' pair has a space after "
            "the colon.",
            source=source,
            line=line,
        ) from None


def load_yaml_file(path):
    """Read and parse a YAML file safely; returns ``(data, source_name)``.

    Only regular files up to :data:`okrlab._io.MAX_TEXT_BYTES` are read; see
    :func:`okrlab._io.read_bytes`.
    """
    text = read_text(path, error=DefinitionError, param="path", what="file")
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


def check_keys(mapping, known, where: Where, what: str) -> None:
    """Refuse keys of ``mapping`` that are not in ``known`` (typos such as ``taget:``).

    The error names the file, line and key, suggests the closest known field
    and lists them all. Used by the OKR and KPI loaders and the linter, so a
    typo is reported the same way everywhere.

    Examples
    --------
    >>> data = load_yaml_text("description: More leads\\ntaget: 10", "okrs.yaml")
    >>> check_keys(data, {"description", "target"}, Where("okrs.yaml"), "key result")
    Traceback (most recent call last):
    ...
    okrlab.errors.DefinitionError: okrs.yaml:2: field 'taget' is not a known key result field. Did you mean 'target'? Known fields: description, target
    """
    for key in mapping:
        if key in known:
            continue
        name = str(key)
        close = difflib.get_close_matches(name, sorted(map(str, known)), n=1, cutoff=0.6)
        hint = f"Did you mean '{close[0]}'? " if close else "Check the spelling. "
        raise where.error(
            name,
            f"is not a known {what} field",
            f"{hint}Known fields: {', '.join(sorted(map(str, known)))}",
            line=mapping_line(mapping, key),
        )
