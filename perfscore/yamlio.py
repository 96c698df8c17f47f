"""Safe YAML reading that remembers where every value came from.

PyYAML's safe loader is the parser. On top of it this module refuses what PyYAML lets through:
duplicate keys (PyYAML silently keeps the last), alias expansion beyond a bound ("billion
laughs"), nesting too deep, files too large. Every value's line is kept so that later errors can
say `file:line`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import PerfscoreError

MAX_FILE_BYTES = 5_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64

Location = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed YAML file: its plain-Python content and the line of every value in it."""

    data: Any
    file: str
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, path: Location) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def read_yaml(path: str | Path, error: type[PerfscoreError] = PerfscoreError) -> Document:
    """Read and parse a YAML file safely; raise `error` naming the file and line on any problem."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise error(f"file is {size} bytes; the limit is {MAX_FILE_BYTES}", file=name)
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror or exc}", file=name) from None
    except UnicodeDecodeError as exc:
        raise error(f"file is not UTF-8 text: {exc.reason}", file=name) from None
    return parse_yaml(text, name, error)


def parse_yaml(text: str, name: str, error: type[PerfscoreError] = PerfscoreError) -> Document:
    """Parse YAML text (see `read_yaml`)."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise error(f"text is larger than {MAX_FILE_BYTES} bytes", file=name)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        doc = Document(data=None, file=name)
        if node is not None:
            doc.data = _Converter(loader, doc, error).convert(node, ())
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise error(f"not valid YAML: {problem}", file=name, line=line) from None
    except yaml.YAMLError as exc:
        raise error(f"not valid YAML: {exc}", file=name) from None
    except RecursionError:
        raise error("YAML nested too deeply", file=name) from None
    finally:
        loader.dispose()


class _Converter:
    """Turns composed YAML nodes into Python values, counting every node it visits, so that an
    alias-bomb or a self-referencing alias is refused instead of expanded."""

    def __init__(self, loader: yaml.SafeLoader, doc: Document, error: type[PerfscoreError]):
        self.loader = loader
        self.doc = doc
        self.error = error
        self.visited = 0

    def convert(self, node: yaml.Node, path: Location) -> Any:
        self.visited += 1
        line = node.start_mark.line + 1
        if self.visited > MAX_NODES:
            raise self.error(
                f"more than {MAX_NODES} values after expanding aliases; refusing to expand further",
                file=self.doc.file,
                line=line,
            )
        if len(path) > MAX_DEPTH:
            raise self.error(
                f"nested deeper than {MAX_DEPTH} levels", file=self.doc.file, line=line
            )
        self.doc.lines.setdefault(path, line)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: Location) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)  # resolves `<<` merge keys
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise self.error(
                    "mapping keys must be plain scalars",
                    file=self.doc.file,
                    line=key_node.start_mark.line + 1,
                )
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                first = self.doc.lines.get((*path, key))
                raise self.error(
                    f"duplicate key {key!r} (first at line {first})",
                    file=self.doc.file,
                    line=key_node.start_mark.line + 1,
                    path=_dotted((*path, key)),
                )
            self.doc.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = self.convert(value_node, (*path, key))
        return result


def _dotted(path: Location) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
