"""Read OKR sets from plain text, YAML mappings and files into the internal form."""

from __future__ import annotations

import re
from pathlib import Path

from .._yaml import LineDict
from ..errors import DefinitionError, ParameterError, ParameterTypeError
from ._model import _KR, _Doc, _Objective
from ._numbers import parse_kr, parse_quantity
from .rules import RULES

_DIRECTIVE_RE = re.compile(r"#\s*okrlab\s*:\s*(?:ignore|disable)\s*=\s*([\w\s,-]*)", re.I)
_OBJ_RE = re.compile(
    r"^\s*(?:(?:objective|obj)\s*\d*(?:\s*\((?P<period>[^)]*)\))?\s*[:.)-]|O\d+\s*[:.)-]|"
    r"#{2,6}\s+(?:objective\s*\d*\s*[:.)-]\s*)?)\s*(?P<title>.*)$",
    re.I,
)
_KR_RE = re.compile(
    r"^\s*(?:(?:kr|key result)\s*[\d.]*\s*[:.)-]\s*|[-*•–]\s+|\d+[.)]\s+|[a-z][.)]\s+)(?P<text>.+)$",
    re.I,
)
_META_RE = re.compile(
    r"^\s*(?P<key>period|quarter|owner|team|due|deadline)\s*:\s*(?P<value>.+)$", re.I
)


def _rule_list(value, where: str) -> frozenset:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")]
    elif isinstance(value, list | tuple | set | frozenset):
        items = [str(v).strip() for v in value]
    else:
        raise DefinitionError(
            f"{where}: 'ignore' must be a list of rule names, got {type(value).__name__}. "
            "Write e.g. lint: {ignore: [vanity-metric]}"
        )
    items = [i for i in items if i]
    unknown = [i for i in items if i not in RULES]
    if unknown:
        raise DefinitionError(
            f"{where}: unknown lint rule {unknown[0]!r}; known rules: {', '.join(RULES)}"
        )
    return frozenset(items)


def _split_directive(line: str, where: str) -> tuple[str, frozenset]:
    m = _DIRECTIVE_RE.search(line)
    if not m:
        return line, frozenset()
    return line[: m.start()].rstrip(), _rule_list(m.group(1), where)


def _make_kr(text, line, *, fields=None, ignore=frozenset(), where="") -> _KR:
    text = str(text or "").strip()
    parsed = parse_kr(text)
    kr = _KR(
        text=text,
        line=line,
        parsed=parsed,
        baseline=parsed.baseline,
        target=parsed.target,
        unit=parsed.unit,
        ignore=ignore,
    )
    fields = fields or {}
    for name in ("baseline", "target"):
        if fields.get(name) is not None:
            q = parse_quantity(fields[name])
            if q is None:
                raise DefinitionError(
                    f"{where}: field '{name}' is {fields[name]!r}, not a number. Write it as "
                    f"a plain number, e.g. {name}: 80"
                )
            setattr(kr, name, q.value)
    if fields.get("unit") is not None:
        kr.unit = str(fields["unit"])
    if fields.get("metric") is not None:
        kr.metric = str(fields["metric"])
    if fields.get("due") is not None:
        kr.due = str(fields["due"])
    guards = fields.get("guardrails") or ()
    if isinstance(guards, str | dict):
        guards = [guards]
    names = []
    for g in guards:
        names.append(str(g.get("kpi", "")) if isinstance(g, dict) else str(g))
    kr.guardrails = tuple(n for n in names if n)
    return kr


def _parse_text(text: str, path=None) -> _Doc:
    src = path or "<text>"
    doc = _Doc(path=path)
    lines = text.splitlines()
    current: _Objective | None = None
    file_ignore: set = set()
    orphan = None

    def next_is_kr(i):
        for later in lines[i + 1 :]:
            if later.strip():
                return bool(_KR_RE.match(later)) and not _OBJ_RE.match(later)
        return False

    for i, raw in enumerate(lines):
        lineno = i + 1
        stripped = raw.strip()
        if not stripped:
            continue
        where = f"{src}:{lineno}"
        if stripped.startswith("#") and not stripped.startswith("##"):
            _, rules = _split_directive(stripped, where)
            file_ignore |= rules
            continue
        body, rules = _split_directive(raw, where)
        if not body.strip():
            continue
        meta = _META_RE.match(body)
        if meta:
            key, value = meta.group("key").lower(), meta.group("value").strip()
            target = current if current is not None else doc
            if key in ("period", "quarter", "due", "deadline"):
                target.period = value
            else:
                target.owner = value
            continue
        obj = _OBJ_RE.match(body)
        if obj and (not _KR_RE.match(body) or re.match(r"\s*#", body)):
            current = _Objective(
                title=obj.group("title").strip(),
                line=lineno,
                period=(obj.group("period") or None),
                ignore=rules,
            )
            doc.objectives.append(current)
            continue
        kr = _KR_RE.match(body)
        if kr and current is not None:
            current.krs.append(_make_kr(kr.group("text"), lineno, ignore=rules))
            continue
        if kr and orphan is None:
            orphan = lineno  # a key result before any objective
        # an unmarked line: an objective when bullets follow, else a KR inside an
        # objective; before any objective it is a heading and is skipped
        if next_is_kr(i) and not kr:
            current = _Objective(title=body.strip(), line=lineno, ignore=rules)
            doc.objectives.append(current)
        elif current is not None:
            text_ = kr.group("text") if kr else body
            current.krs.append(_make_kr(text_, lineno, ignore=rules))
    if orphan is not None:  # dropping them silently would hide key results from the checks
        raise DefinitionError(
            f"{src}:{orphan}: found key results (bullets) but no objective above them; "
            "start with a line such as 'Objective: Win mid-market customers', then the "
            "bullets",
            source=src,
            line=orphan,
        )
    doc.ignore = frozenset(file_ignore)
    return doc


def _lint_ignore(mapping, where) -> frozenset:
    spec = mapping.get("lint") if isinstance(mapping, dict) else None
    if spec is None:
        return frozenset()
    if not isinstance(spec, dict):
        raise DefinitionError(
            f"{where}: 'lint' must be a mapping such as lint: {{ignore: [vanity-metric]}}"
        )
    return _rule_list(spec.get("ignore"), where)


def _line(mapping, key=None):
    if isinstance(mapping, LineDict):
        return mapping.line_of(key) if key is not None else mapping.line
    return None


def _check_typos(mapping, what, src):
    """Unknown keys (typos such as 'taget:') are errors, as in okrlab.load_okrs."""
    from .._yaml import Where, check_keys
    from ..okr import _KR_FIELDS, _OBJ_FIELDS, _TOP_FIELDS

    known = {
        "top": _TOP_FIELDS | {"owner"},
        "objective": _OBJ_FIELDS | {"objective", "krs"},
        "key result": _KR_FIELDS | {"text"},
    }[what]
    check_keys(mapping, known, Where(src), "top-level" if what == "top" else what)


def _check_checkins(k, src, line, text=None):
    """Check-ins and confidence are checked as okrlab.load_okrs checks them, so a file
    that lint passes also loads (a confidence of 80 on a 0-1 scale is an error)."""
    if k.get("checkins") is None and k.get("confidence") is None:
        return
    from .._yaml import Where
    from ..okr.checkins import _as_checkins, _as_confidence
    from ..okr.key_result import _short

    where = Where(src, line, f"key result {_short(text)!r}" if text else "key result")
    _as_confidence(k.get("confidence"), k.get("checkins"), where)
    _as_checkins(k.get("checkins"), where)


def _from_yaml(data, path=None) -> _Doc:
    src = path or "<yaml>"
    doc = _Doc(path=path)
    if isinstance(data, list):
        data = {"objectives": data}
    if not isinstance(data, dict) or not isinstance(data.get("objectives"), list):
        raise DefinitionError(
            f"{src}: expected a mapping with an 'objectives:' list (see the OKR YAML format "
            "in okrlab.okr)"
        )
    _check_typos(data, "top", src)
    doc.ignore = _lint_ignore(data, f"{src}:{_line(data, 'lint')}")
    doc.period = str(data["period"]) if data.get("period") is not None else None
    doc.owner = str(data.get("team") or data.get("owner") or "") or None
    for o in data["objectives"]:
        if isinstance(o, str):
            o = {"title": o}
        if not isinstance(o, dict):
            raise DefinitionError(
                f"{src}: each objective must be a mapping with 'title:' and 'key_results:'"
            )
        _check_typos(o, "objective", src)
        oline = _line(o, "title")
        period = o.get("period") or o.get("due") or o.get("start")
        title = o.get("title", o.get("objective", ""))
        obj = _Objective(
            title=str(title or "").strip(),
            line=oline,
            owner=str(o["owner"]) if o.get("owner") else None,
            period=str(period) if period else None,
            ignore=_lint_ignore(o, f"{src}:{_line(o, 'lint')}"),
        )
        krs = o.get("key_results") or o.get("krs") or []
        if not isinstance(krs, list):
            raise DefinitionError(
                f"{src}:{_line(o, 'key_results')}: 'key_results' must be a list of key results"
            )
        for k in krs:
            if isinstance(k, str):
                obj.krs.append(_make_kr(k, oline))
                continue
            if not isinstance(k, dict):
                raise DefinitionError(f"{src}: a key result must be text or a mapping")
            _check_typos(k, "key result", src)
            kline = _line(k, "description") or _line(k)
            kwhere = f"{src}:{kline}"
            _check_checkins(k, src, kline, text=k.get("description") or k.get("text"))
            text = k.get("description") or k.get("text") or k.get("metric") or ""
            obj.krs.append(
                _make_kr(
                    text,
                    kline,
                    fields=k,
                    ignore=_lint_ignore(k, f"{src}:{_line(k, 'lint')}"),
                    where=kwhere,
                )
            )
        doc.objectives.append(obj)
    return doc


def _looks_like_yaml(text: str) -> bool:
    return re.search(r"^objectives\s*:", text, re.M) is not None


def _prepare_history(history):
    if history is None:
        return None
    import pandas as pd

    if isinstance(history, str | Path):
        from .._table import read_table  # safe intake: regular files, encodings, delimiters

        history, _ = read_table(history, param="history", what="history file")
    if not isinstance(history, pd.DataFrame):
        raise ParameterTypeError(
            f"history must be a pandas DataFrame or a CSV path, got {type(history).__name__}"
        )
    date_cols = [
        c
        for c in history.columns
        if str(c).lower() in {"date", "week", "month", "day", "period", "quarter"}
    ]
    if date_cols:
        history = history.sort_values(date_cols[0], kind="stable")
    return history.reset_index(drop=True)


def _check_rule_names(names, param) -> frozenset | None:
    if names is None:
        return None
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    names = list(names)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise ParameterError(
            f"{param}: unknown rule {unknown[0]!r}; known rules: {', '.join(RULES)}"
        )
    return frozenset(names)
