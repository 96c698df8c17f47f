"""Safe YAML reading that remembers where every value came from.

PyYAML's safe parser (libyaml's when available) reads the text into events; this module composes
them itself, so that nothing is expanded or allocated beyond fixed bounds, and refuses what PyYAML
would let through:

- files larger than `MAX_FILE_BYTES` (read with a bounded read, so `/dev/zero` cannot fill memory);
- more than `MAX_NODES` values, counted while composing and again after alias expansion — a
  "billion laughs" file is refused from its few hundred composed nodes, before anything is
  expanded;
- nesting deeper than `MAX_DEPTH`, with or without aliases, and aliases that contain themselves —
  always with perfscore's own message: libyaml looks ahead through a run of `[`/`{` and refuses
  more than its own limit (1000) in its own words before the composer sees the depth, so when
  libyaml refuses a text, PyYAML's pure-Python scanner (bounded at `MAX_DEPTH` flow levels)
  rescans the part libyaml read to tell whether nesting was the reason;
- duplicate keys (PyYAML silently keeps the last) — merge keys (`<<: *base`) still work: explicit
  keys override merged ones, as YAML says;
- numbers written with more than `MAX_NUMBER_CHARS` characters (Python refuses to convert long
  digit strings, and sexagesimal `1:2:3…` integers grow quadratically);
- explicit tags on mappings and sequences, and any tag the safe constructor does not know.

Every value's line is kept so that later errors can say `file:line`.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .errors import PerfscoreError
from .i18n import say
from .yaml_compose import (
    MAX_DEPTH,
    MAX_NODES,
    MAX_NUMBER_CHARS,
    Composer,
    Converter,
    Document,
    Location,
    exact_float,
    measure,
    short,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "MAX_NUMBER_CHARS",
    "Document",
    "Location",
    "exact_float",
    "parse_json",
    "parse_yaml",
    "read_json",
    "read_text",
    "read_yaml",
]

MAX_FILE_BYTES = 5_000_000


class _TooDeep(Exception):
    """Raised by `_DepthScanner` at the first flow collection nested deeper than MAX_DEPTH."""

    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark


class _DepthScanner(yaml.SafeLoader):
    """PyYAML's pure-Python loader, refusing a flow collection (`[` or `{`) opened inside
    MAX_DEPTH others as it scans it. The scanner is PyYAML's own, so quotes, comments and block
    scalars are read exactly as the parser reads them; only the count is added."""

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:  # PyYAML's parameter name
        if self.flow_level >= MAX_DEPTH:
            raise _TooDeep(self.get_mark())
        super().fetch_flow_collection_start(TokenClass)


def _flow_too_deep(text: str, exc: yaml.YAMLError) -> Any | None:
    """The mark of the first flow collection nested deeper than MAX_DEPTH in the part of `text`
    that libyaml read before refusing it with `exc`, or None if nesting is not the reason.
    Linear: one pure-Python scan of at most that part, stopped at the depth bound or the first
    error, and only on this error path (a valid text is read by libyaml alone)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    index = getattr(mark, "index", None)
    # libyaml's index may count bytes, never fewer than characters: the slice covers what it read
    read = text[: index + 1] if isinstance(index, int) else text
    if read.count("[") + read.count("{") <= MAX_DEPTH:  # too few to nest that deep: no rescan
        return None
    scanner: Any = _DepthScanner(read)
    try:
        while scanner.get_token() is not None:
            pass
    except _TooDeep as deep:
        return deep.mark
    except yaml.YAMLError:
        return None
    finally:
        scanner.dispose()
    return None


#: libyaml's parser when PyYAML was built with it (fast), else PyYAML's own, bounded as above.
#: Both are "safe": only the SafeConstructor ever builds values, and only for scalars.
_LOADER: type[Any] = getattr(yaml, "CSafeLoader", None) or _DepthScanner


def read_text(
    path: str | Path, error: type[PerfscoreError] = PerfscoreError, limit: int = MAX_FILE_BYTES
) -> str:
    """A UTF-8 text file's content, reading at most `limit` bytes; raise `error` naming the file
    if it cannot be read, is larger, or is not UTF-8."""
    name = str(path)
    chunks: list[bytes] = []
    size = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 16):  # in chunks: read(limit) would allocate it all
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise error(say("error.file-too-large", limit=limit), file=name)
    except FileNotFoundError:
        raise error(say("error.no-such-file"), file=name) from None
    except OSError as exc:
        raise error(say("error.cannot-read-file", reason=exc.strerror or exc), file=name) from None
    raw = b"".join(chunks)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(say("error.not-utf8", reason=exc.reason, start=exc.start), file=name) from None


def read_json(path: str | Path, error: type[PerfscoreError] = PerfscoreError) -> Any:
    """Read a JSON file with the same bounds as YAML: the size limit, duplicate keys refused,
    NaN/Infinity (not JSON, though Python's json reads them) refused, nesting bounded."""
    return parse_json(read_text(path, error), str(path), error)


def parse_json(text: str, name: str, error: type[PerfscoreError] = PerfscoreError) -> Any:
    """Parse JSON text (see `read_json`; also each line of a jsonl file): duplicate keys and
    NaN/Infinity refused, nesting bounded, numbers exact Decimals; `error` names `name`."""
    try:
        return json.loads(
            text, object_pairs_hook=_unique_pairs, parse_constant=_not_json, parse_float=Decimal
        )
    except RecursionError:
        raise error(say("error.json.too-deep"), file=name) from None
    except json.JSONDecodeError as exc:
        message = say("error.json.invalid", problem=exc.msg)
        raise error(message, file=name, line=exc.lineno) from None
    except ValueError as exc:
        raise error(say("error.json.invalid", problem=exc), file=name) from None


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {short(key)!r}")
        result[key] = value
    return result


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON number")


def text_digest(text: str) -> str:
    """The sha256 of `text` as UTF-8: what a schema check already passed is remembered by."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_yaml(path: str | Path, error: type[PerfscoreError] = PerfscoreError) -> Document:
    """Read and parse a YAML file safely; raise `error` naming the file and line on any problem."""
    return parse_yaml(read_text(path, error), str(path), error)


def parse_yaml(text: str, name: str, error: type[PerfscoreError] = PerfscoreError) -> Document:
    """Parse YAML text (see `read_yaml`)."""
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise error(say("error.text-too-large", limit=MAX_FILE_BYTES), file=name)
    loader = _LOADER(text)
    doc = Document(data=None, file=name, digest=text_digest(text))
    try:
        root = Composer(loader, doc, error).single_document()
        if root is not None:
            measure(root, doc, error)
            doc.data = Converter(loader, doc, error).convert(root, ())
        return doc
    except (_TooDeep, yaml.YAMLError) as exc:
        failure: _TooDeep | yaml.YAMLError = exc
    except RecursionError:  # not expected: every walk below is bounded or iterative
        raise error(say("error.yaml-too-deep"), file=name) from None
    finally:
        loader.dispose()
    raise _refusal(text, failure, name, error)


def _refusal(
    text: str, exc: _TooDeep | yaml.YAMLError, name: str, error: type[PerfscoreError]
) -> PerfscoreError:
    """The perfscore error for a text the YAML parser refused. Too deep a nesting gets
    perfscore's own message whatever the parser's (libyaml refuses it in its own words)."""
    if isinstance(exc, _TooDeep):
        deep = exc.mark
    else:
        deep = _flow_too_deep(text, exc) if _LOADER is not _DepthScanner else None
    if deep is not None:
        return error(say("error.nested-deeper", depth=MAX_DEPTH), file=name, line=deep.line + 1)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        return error(say("error.not-yaml", problem=problem), file=name, line=line)
    return error(say("error.not-yaml", problem=str(exc)), file=name)
