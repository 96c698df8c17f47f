"""Framework customisation: a framework that `extends` another and changes it.

A county adapting a provincial framework writes only what differs::

    extends: department-common.yaml   # a file beside this one, inside the frameworks' root,
                                      # or a bundled framework's name: department-common
    id: county-department             # required: the adaptation is a framework of its own
    name: …                           # name, version, source, description, total, precision,
                                      # value_precision, grades, report: replace the base's
    inputs: {…}                       # inputs, derived: merged by name (an entry here replaces
                                      # the base's entry of that name; `X: null` removes X)
    remove: [D13]                     # indicators to drop, with everything below them
    add:                              # indicators to add
      - parent: D1                    # the parent's code (omit for a top-level indicator)
        after: D12                    # optional: after (or `before:`) this sibling; default last
        indicator: {code: D15, …}     # a whole indicator, as in any framework
    override:                         # fields of indicators to replace
      D12: {weight: 10}               # any field but code and children; null removes it

The operations apply in that order: remove, add, override. The result is an ordinary framework
document, checked like any other (schema, build, and every consistency check). Lines in the
result point into the extending file: an added indicator at its own lines, an overridden field at
its override, a parent changed by remove/add at that entry, anything inherited unchanged at the
`extends:` line.

Safety: `extends` must stay inside the frameworks' root — the bundled frameworks' directory when
the extending file lies in it, else the directory the user set (`frameworks_root=`, the command
line's `--frameworks-root`, or `PERFSCORE_FRAMEWORKS_ROOT`), otherwise the directory of the file
being loaded (`perfscore.extend_paths`). Absolute paths,
`..` that leaves the root, and symbolic links that point outside it are refused, as are cycles
and chains deeper than `MAX_DEPTH`. Each refusal is a FrameworkError naming the file and the
line of its `extends:`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import FrameworkError
from .extend_paths import display, locate, root_for, within
from .schema import schema_errors
from .yamlio import Document, Location, read_yaml

MAX_DEPTH = 16

#: Top-level keys an extending file replaces wholesale.
REPLACED = ("id", "name", "version", "source", "description", "total", "precision",
            "value_precision", "grades", "reported", "not_applicable", "report")  # fmt: skip
#: Top-level keys merged entry by entry.
MERGED = ("inputs", "derived")
OPERATIONS = ("remove", "add", "override")

Node = dict[str, Any]


def expand(
    doc: Document,
    check_base: Callable[[Document], object],
    root: Path | None = None,
    chain: tuple[Path, ...] = (),
    *,
    frameworks_root: str | Path | None = None,
) -> Document:
    """`doc` with its `extends` resolved: a plain framework document (unchanged if it extends
    nothing). Each base is first checked as a framework in its own right by `check_base` (the
    framework builder, passed in: this module sits below it), so that its errors name it.
    Raises FrameworkError naming the file and line of whatever is wrong."""
    data = doc.data
    if not isinstance(data, dict) or "extends" not in data:
        return doc
    here = Path(doc.file).resolve()
    line = doc.line_of(("extends",))
    root = root or root_for(doc.file, frameworks_root, line)

    def error(
        message: str, path: Location = ("extends",), field: str = "extends"
    ) -> FrameworkError:
        return FrameworkError(message, file=doc.file, line=doc.line_of(path), field=field)

    if "indicators" in data:
        raise error(
            "a framework that extends another lists no 'indicators'; change them with "
            "remove, add and override",
            ("indicators",),
            "indicators",
        )
    errors = schema_errors(doc)
    if errors:
        raise errors[0]
    base_path, base_root = locate(data["extends"], here, root, error)
    if base_path == here or base_path in chain:
        names = [within(p, root) for p in (*chain, here, base_path)]
        start = names.index(within(base_path, root))
        raise error(f"extends forms a cycle: {' -> '.join(names[start:])}")
    if len(chain) >= MAX_DEPTH:
        raise error(f"extends chain is deeper than {MAX_DEPTH} frameworks")
    base = read_yaml(display(base_path), FrameworkError)
    if not isinstance(base.data, dict):
        raise FrameworkError(
            "a framework file must be a mapping at the top level", file=base.file, line=1
        )
    base = expand(base, check_base, base_root, (*chain, here))
    check_base(base)
    return _Merge(base, doc, line or 1).run()


class _Merge:
    """Apply one extending document to its (already expanded) base."""

    def __init__(self, base: Document, ext: Document, extends_line: int) -> None:
        self.base = base
        self.ext = ext
        self.ext_line = extends_line
        self.data: dict[str, Any] = copy.deepcopy(base.data)
        self.added: dict[int, Location] = {}  # id(node dict) -> its path in the extending file
        self.touched: dict[str, int] = {}  # code -> line of the entry that changed it

    def error(self, message: str, path: Location, code: str | None = None) -> FrameworkError:
        return FrameworkError(
            message,
            file=self.ext.file,
            line=self.ext.line_of(path),
            path=code,
            field=".".join(str(p) for p in path),
        )

    # ------------------------------------------------------------------ the tree

    def roots(self) -> list[Node]:
        roots: list[Node] = self.data["indicators"]
        return roots

    def nodes(self) -> Iterator[tuple[Node | None, Node]]:
        """Every (parent, node) pair, parent None at the top."""

        def walk(parent: Node | None, nodes: list[Node]) -> Iterator[tuple[Node | None, Node]]:
            for node in nodes:
                yield parent, node
                yield from walk(node, node.get("children") or [])

        return walk(None, self.roots())

    def find(self, code: Any, path: Location, what: str) -> tuple[Node | None, Node]:
        for parent, node in self.nodes():
            if node.get("code") == code:
                return parent, node
        raise self.error(
            f"{what}: no indicator {code!r} in {self.base.file} (after the removals and "
            "additions above it)",
            path,
            code if isinstance(code, str) else None,
        )

    # ------------------------------------------------------------------ operations

    def run(self) -> Document:
        ext = self.ext.data
        for key in REPLACED:
            if key in ext:
                self.data[key] = copy.deepcopy(ext[key])
        for key in MERGED:
            for name, entry in (ext.get(key) or {}).items():
                self.merge(key, name, entry)
        for i, code in enumerate(ext.get("remove") or []):
            self.remove(code, ("remove", i))
        for i, entry in enumerate(ext.get("add") or []):
            self.add(entry, ("add", i))
        for code, fields in (ext.get("override") or {}).items():
            self.override(code, fields, ("override", code))
        for _, node in self.nodes():
            if "children" in node and not node["children"]:
                line = self.touched.get(node.get("code", ""))
                raise FrameworkError(
                    f"{node.get('code')} has no indicators left under it; remove it too, or "
                    "add indicators under it",
                    file=self.ext.file,
                    line=line,
                    path=node.get("code"),
                    field="remove",
                )
        if not self.roots():
            raise self.error("every indicator was removed", ("remove",))
        return Document(self.data, self.ext.file, self.lines())

    def merge(self, key: str, name: str, entry: Any) -> None:
        """One entry of `inputs` or `derived`: added, replacing the base's, or (null) removed."""
        merged: dict[str, Any] = self.data.setdefault(key, {})
        if entry is not None:
            merged[name] = copy.deepcopy(entry)
        elif name in merged:
            del merged[name]
        else:
            what = "input" if key == "inputs" else "derived value"
            raise self.error(
                f"null removes an inherited {what}, but {self.base.file} declares no "
                f"{what} {name!r} (继承的框架中没有此项，无法删除)",
                (key, name),
            )

    def remove(self, code: Any, path: Location) -> None:
        parent, node = self.find(code, path, "remove")
        siblings = parent["children"] if parent is not None else self.roots()
        siblings.remove(node)
        if parent is not None:
            self.touched[parent["code"]] = self.ext.line_of(path) or self.ext_line

    def add(self, entry: dict[str, Any], path: Location) -> None:
        parent_code = entry.get("parent")
        if parent_code is None:
            parent, siblings = None, self.roots()
        else:
            _, parent = self.find(parent_code, (*path, "parent"), "add: parent")
            if "children" not in parent:
                raise self.error(
                    f"add: {parent_code!r} is a leaf (it has a rule); indicators can only be "
                    "added under a parent",
                    (*path, "parent"),
                    parent_code,
                )
            siblings = parent["children"]
        spec = entry["indicator"]
        existing = {node.get("code") for _, node in self.nodes()}
        for sub, node in _subtree(spec, ()):
            if node.get("code") in existing:
                raise self.error(
                    f"add: indicator code {node.get('code')!r} already exists; use override to "
                    "change it",
                    (*path, "indicator", *sub, "code"),
                    node.get("code"),
                )
        position = len(siblings)
        for key, offset in (("after", 1), ("before", 0)):
            if key in entry:
                codes = [s.get("code") for s in siblings]
                if entry[key] not in codes:
                    raise self.error(
                        f"add: {key} {entry[key]!r} is not an indicator under "
                        f"{parent_code or 'the top level'}",
                        (*path, key),
                        entry[key],
                    )
                position = codes.index(entry[key]) + offset
        node = copy.deepcopy(spec)
        for sub, copied in _subtree(node, ()):
            self.added[id(copied)] = (*path, "indicator", *sub)
        siblings.insert(position, node)
        if parent is not None:
            self.touched[parent["code"]] = self.ext.line_of(path) or self.ext_line

    def override(self, code: Any, fields: dict[str, Any], path: Location) -> None:
        _, node = self.find(code, path, "override")
        for name, value in fields.items():
            if value is None:
                node.pop(name, None)
            else:
                node[name] = copy.deepcopy(value)
        self.touched[code] = self.ext.line_of(path) or self.ext_line

    # ------------------------------------------------------------------ lines

    def lines(self) -> dict[Location, int]:
        """Where each part of the merged document is written in the extending file."""
        ext_lines = _PrefixIndex(self.ext.lines)
        lines: dict[Location, int] = {(): 1}
        for key in self.data:
            if key in REPLACED and key in self.ext.data:
                lines.update(_copy(ext_lines, (key,), (key,)))
            else:
                lines[(key,)] = self.ext_line
        for key in MERGED:
            for name in self.ext.data.get(key) or {}:
                lines.update(_copy(ext_lines, (key, name), (key, name)))
        overrides = self.ext.data.get("override") or {}

        def walk(nodes: list[Node], path: Location) -> None:
            for i, node in enumerate(nodes):
                here: Location = (*path, i)
                source = self.added.get(id(node))
                if source is not None:
                    lines.update(_copy(ext_lines, source, here, skip_children=True))
                else:
                    lines[here] = self.touched.get(node.get("code", ""), self.ext_line)
                for name in overrides.get(node.get("code"), {}) or {}:
                    lines.update(_copy(ext_lines, ("override", node["code"], name), (*here, name)))
                if node.get("children"):
                    lines.setdefault((*here, "children"), lines.get(here, self.ext_line))
                    walk(node["children"], (*here, "children"))

        walk(self.roots(), ("indicators",))
        return lines


def _subtree(node: Any, path: Location) -> Iterator[tuple[Location, Node]]:
    """Every indicator in an indicator spec, with its path relative to the spec."""
    if not isinstance(node, dict):
        return
    yield path, node
    for i, child in enumerate(node.get("children") or []):
        yield from _subtree(child, (*path, "children", i))


class _PrefixIndex:
    """A document's lines, indexed by every prefix of their paths, so that the lines under one
    path are found without scanning them all (scanning made `extends` quadratic in the size of
    the extending file: 8,000 added inputs took 50 s)."""

    def __init__(self, lines: dict[Location, int]) -> None:
        self.lines = lines
        self.under: dict[Location, list[Location]] = {}
        for path in lines:
            for n in range(len(path) + 1):
                self.under.setdefault(path[:n], []).append(path)


def _copy(
    index: _PrefixIndex, source: Location, target: Location, skip_children: bool = False
) -> dict[Location, int]:
    """The lines under `source`, re-rooted at `target`."""
    out = {}
    n = len(source)
    for path in index.under.get(source, ()):
        rest = path[n:]
        if skip_children and len(rest) > 1 and rest[0] == "children":
            continue
        out[(*target, *rest)] = index.lines[path]
    return out
