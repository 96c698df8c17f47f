"""YAML parser events composed into nodes and the nodes into plain values, within fixed bounds,
remembering the line of every value (`Document`).

`yamlio.parse_yaml` drives these steps: `Composer` builds the nodes iteratively, counting them
(at most `MAX_NODES`, nested at most `MAX_DEPTH` deep) with aliases left as references; `measure`
refuses, before anything is expanded, aliases that would expand beyond those bounds or contain
themselves; `Converter` turns the nodes into values, numbers exact (`exact_float`), duplicate
keys refused and merge keys (`<<`) honoured. yamlio's docstring lists every refusal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NoReturn

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import PerfscoreError

MAX_NODES = 100_000
MAX_DEPTH = 64
MAX_NUMBER_CHARS = 100

Location = tuple[str | int, ...]

_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"
_FLOAT = "tag:yaml.org,2002:float"
_NUMBER_TAGS = ("tag:yaml.org,2002:int", _FLOAT)
_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass
class Document:
    """A parsed YAML file: its plain-Python content and the line of every value in it."""

    data: Any
    file: str
    lines: dict[Location, int] = field(default_factory=dict)
    #: sha256 of the text it was parsed from ("" for a document made from others: a merge)
    digest: str = ""

    def line_of(self, path: Location) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


# --------------------------------------------------------------------------- composing


def fail(doc: Document, error: type[PerfscoreError], message: str, mark: Any) -> NoReturn:
    line = mark.line + 1 if mark is not None else None
    raise error(message, file=doc.file, line=line)


class Composer:
    """PyYAML's composer, made iterative and bounded: it counts every node as it is built and
    refuses the document once there are more than MAX_NODES or they nest deeper than MAX_DEPTH.
    Aliases stay references to the anchored node; nothing is expanded here."""

    def __init__(self, loader: Any, doc: Document, error: type[PerfscoreError]) -> None:
        self.loader = loader
        self.doc = doc
        self.error = error
        self.anchors: dict[str, Node] = {}
        self.count = 0

    def single_document(self) -> Node | None:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(StreamEndEvent):
            return None
        loader.get_event()  # document start
        root = self.node()
        end = loader.get_event()
        if not isinstance(end, DocumentEndEvent):  # pragma: no cover - the parser ensures it
            fail(self.doc, self.error, "expected the end of the document", end.start_mark)
        if not loader.check_event(StreamEndEvent):
            extra = loader.get_event()
            fail(self.doc, self.error, "expected a single YAML document", extra.start_mark)
        return root

    def node(self) -> Node:
        loader = self.loader
        stack: list[list[Any]] = []  # [open collection node, pending mapping key or None]
        while True:
            event = loader.get_event()
            if isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                done: Node = stack.pop()[0]
                done.end_mark = event.end_mark
            elif isinstance(event, AliasEvent):
                if event.anchor not in self.anchors:
                    fail(
                        self.doc,
                        self.error,
                        f"alias *{event.anchor} refers to no anchor",
                        event.start_mark,
                    )
                done = self.anchors[event.anchor]
            else:
                new = self.new_node(event)
                if isinstance(new, ScalarNode):
                    done = new
                else:
                    if len(stack) >= MAX_DEPTH:
                        fail(
                            self.doc,
                            self.error,
                            f"nested deeper than {MAX_DEPTH} levels",
                            event.start_mark,
                        )
                    stack.append([new, None])
                    continue
            if not stack:
                return done
            parent = stack[-1]
            if isinstance(parent[0], SequenceNode):
                parent[0].value.append(done)
            elif parent[1] is None:
                parent[1] = done
            else:
                parent[0].value.append((parent[1], done))
                parent[1] = None

    def new_node(self, event: Any) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            fail(
                self.doc,
                self.error,
                f"more than {MAX_NODES} values; refusing to read further",
                event.start_mark,
            )
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            fail(self.doc, self.error, f"anchor &{anchor} is defined twice", event.start_mark)
        resolve = self.loader.resolve
        start: Any = event.start_mark  # libyaml's Mark or PyYAML's: the same fields
        end: Any = event.end_mark
        node: Node
        if isinstance(event, ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(ScalarNode, event.value, event.implicit)
            node = ScalarNode(tag, event.value, start, end, style=event.style)
        elif isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            kind = SequenceNode if isinstance(event, SequenceStartEvent) else MappingNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(kind, None, event.implicit)
            if tag not in _COLLECTION_TAGS:
                fail(self.doc, self.error, f"tag {tag} is not supported", event.start_mark)
            node = kind(tag, [], start, None, flow_style=event.flow_style)
        else:  # pragma: no cover - the parser only yields the events above here
            fail(self.doc, self.error, f"unexpected {type(event).__name__}", event.start_mark)
        if anchor is not None:
            self.anchors[anchor] = node
        return node


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def measure(root: Node, doc: Document, error: type[PerfscoreError]) -> None:
    """Refuse, before expanding anything, a document whose aliases would expand to more than
    MAX_NODES values or nest deeper than MAX_DEPTH, or that contains itself. Iterative, and
    linear in the number of composed nodes: each node's expanded size is computed once."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            children = _children(node)
            size[key] = 1 + sum(size[id(child)] for child in children)
            depth[key] = 1 + max((depth[id(child)] for child in children), default=0)
            visiting.discard(key)
            if size[key] > MAX_NODES:
                fail(
                    doc,
                    error,
                    f"aliases would expand to more than {MAX_NODES} values; refusing to expand",
                    node.start_mark,
                )
            if depth[key] > MAX_DEPTH + 1:
                fail(
                    doc,
                    error,
                    f"aliases would nest values deeper than {MAX_DEPTH} levels",
                    node.start_mark,
                )
            continue
        if key in size:
            continue
        if key in visiting:
            fail(doc, error, "an alias refers to a value that contains it", node.start_mark)
        visiting.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)


# --------------------------------------------------------------------------- converting


class Converter:
    """Turns composed (and measured) nodes into Python values, recording each value's line.
    Recursion is bounded by MAX_DEPTH, and the work by MAX_NODES, because `measure` passed."""

    def __init__(self, loader: Any, doc: Document, error: type[PerfscoreError]) -> None:
        self.loader = loader
        self.doc = doc
        self.error = error

    def fail(self, message: str, node: Node, path: Location | None = None) -> NoReturn:
        raise self.error(
            message,
            file=self.doc.file,
            line=node.start_mark.line + 1,
            path=_dotted(path) if path else None,
        )

    def convert(self, node: Node, path: Location) -> Any:
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: Node) -> Any:
        if node.tag not in self.loader.yaml_constructors:  # said here, not in PyYAML's words
            self.fail(f"tag {node.tag} is not supported", node)
        if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
            self.fail(
                f"a number written with {len(node.value)} characters; the limit is "
                f"{MAX_NUMBER_CHARS}",
                node,
            )
        try:
            if node.tag == _FLOAT:
                return exact_float(node.value)
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
            self.fail(f"cannot read the value {short(node.value)!r}: {exc}", node)

    def key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            self.fail("mapping keys must be plain scalars", node)
        if node.tag == _VALUE:  # the YAML "=" key, a plain string here
            return str(node.value)
        key = self.scalar(node)
        if not isinstance(key, (str, int, float, Decimal, bool)) and key is not None:
            self.fail("mapping keys must be plain scalars", node)
        return key if isinstance(key, str) else str(key)

    def mapping(self, node: MappingNode, path: Location, merging: bool = False) -> dict[str, Any]:
        explicit: dict[str, Any] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.append(value_node)
                continue
            key = self.key(key_node)
            where = (*path, key)
            if key in explicit:
                first = self.doc.lines.get(where)
                self.fail(f"duplicate key {key!r} (first at line {first})", key_node, where)
            if merging:  # an explicit key keeps its own line
                self.doc.lines.setdefault(where, key_node.start_mark.line + 1)
            else:
                self.doc.lines[where] = key_node.start_mark.line + 1
            explicit[key] = self.convert(value_node, where)
        if not merges:
            return explicit
        # `<<: *base` or `<<: [*a, *b]`: keys of earlier mappings win, explicit keys win over all.
        merged: dict[str, Any] = {}
        for value_node in merges:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                if not isinstance(source, MappingNode):
                    self.fail("'<<' can only merge mappings", source, path)
                for key, value in self.mapping(source, path, merging=True).items():
                    merged.setdefault(key, value)
        return {**merged, **explicit}


def exact_float(text: str) -> Decimal | float:
    """A YAML float scalar read exactly as written: `100.00000000000000001` is that Decimal, not
    the binary float 100.0, and `1.0e-999999` is itself (later refused as too small), not 0.
    Infinities and NaN stay floats, for the number checks to refuse by name."""
    value = text.replace("_", "").lower()
    sign = -1 if value.startswith("-") else 1
    body = value.lstrip("+-")
    if body == ".inf":
        return sign * math.inf
    if body == ".nan":
        return math.nan
    if ":" in body:  # YAML 1.1 sexagesimal: 1:30.5 is 90.5
        total = Decimal(0)
        for part in body.split(":"):
            total = total * 60 + Decimal(part)
        return sign * total
    return Decimal(value)


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _dotted(path: Location) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
