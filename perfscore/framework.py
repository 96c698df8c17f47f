"""The framework model: a checked, compiled tree of indicators, built from a YAML file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .bundled import bundled_file, bundled_names
from .errors import FormulaError, FrameworkError
from .expressions import Formula, python_name, quote
from .extend import expand
from .numbers import to_decimal
from .plausibility import PlausibleRange
from .rules import BuildContext, InputSpec, Rule, build_rule
from .schema import schema_errors
from .yamlio import Document, read_yaml

if TYPE_CHECKING:
    from .batch import RecordResult
    from .checks import Finding
    from .result import Result
    from .rows import RowTable


@dataclass(frozen=True)
class Field:
    """A base-data field (基础数据) the framework reads."""

    name: str
    type: str = "number"
    unit: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    description: str = ""


@dataclass(frozen=True)
class Derived:
    """A named value computed from fields and other derived values."""

    name: str
    formula: Formula
    unit: str = ""
    description: str = ""
    plausible: PlausibleRange | None = None  # 合理取值范围: outside it is a warning finding


@dataclass(frozen=True)
class Grade:
    name: str
    minimum: Decimal


@dataclass
class Indicator:
    """One node of the tree. A leaf has a rule; a parent has children."""

    code: str
    name: str
    weight: Decimal
    children: list[Indicator] = field(default_factory=list)
    rule: Rule | None = None
    formula: Formula | None = None
    input: str = ""
    unit: str = ""
    explanation: str = ""
    criteria: str = ""
    data_source: str = ""
    direction: str | None = None
    plausible: PlausibleRange | None = None  # 合理取值范围 of the value: outside it, a warning
    on_zero_division: str = "error"
    note: str = ""
    source_code: str | None = None  # the code as the source writes it, when that differs
    line: int | None = None
    depth: int = 0
    rows: RowTable | None = None  # its indicators are rows listed in the data (perfscore.rows)
    row: Any = None  # an expanded row's cells, the value its rule scores

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator[Indicator]:
        yield self
        for child in self.children:
            yield from child.walk()

    def value_spec(self) -> InputSpec:
        """How this leaf's value is read from the data when there is no formula."""
        assert self.rule is not None
        return self.rule.value_spec(self.input)


class Framework:
    """An indicator framework (指标体系), loaded and checked. Evaluate data with `evaluate`."""

    def __init__(
        self,
        *,
        id: str,
        name: str,
        version: str,
        total: Decimal,
        precision: int,
        grades: list[Grade],
        fields: dict[str, Field],
        derived: dict[str, Derived],
        indicators: list[Indicator],
        file: str | None = None,
        source: str = "",
        value_precision: int = 2,
        document: Document | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self.version = version
        self.total = total
        self.precision = precision
        self.value_precision = value_precision
        self.grades = sorted(grades, key=lambda g: g.minimum, reverse=True)
        self.fields = fields
        self.derived = derived
        self.indicators = indicators
        self.file = file
        self.source = source
        self.document = document
        self.by_code = {node.code: node for root in indicators for node in root.walk()}
        self._findings: list[Finding] | None = None

    def __repr__(self) -> str:
        return f"<Framework {self.id} {self.version}: {len(self.by_code)} indicators>"

    def walk(self) -> Iterator[Indicator]:
        for root in self.indicators:
            yield from root.walk()

    def leaves(self) -> Iterator[Indicator]:
        return (node for node in self.walk() if node.is_leaf)

    def replaced(self, **changes: Any) -> Framework:
        """A copy of this framework with some constructor arguments changed (checks rerun)."""
        current: dict[str, Any] = {
            "id": self.id, "name": self.name, "version": self.version, "total": self.total,
            "precision": self.precision, "grades": self.grades, "fields": self.fields,
            "derived": self.derived, "indicators": self.indicators, "file": self.file,
            "source": self.source, "value_precision": self.value_precision,
            "document": self.document,
        }  # fmt: skip
        return Framework(**{**current, **changes})

    def names_behind(self, names: Iterable[str]) -> set[str]:
        """`names` and every field or derived value they read, following derived values."""
        seen: set[str] = set()
        todo = list(names)
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                if name in self.derived:
                    todo.extend(self.derived[name].formula.names)
        return seen

    def __getitem__(self, code: str) -> Indicator:
        return self.by_code[code]

    @property
    def findings(self) -> list[Finding]:
        """Consistency findings (weights that do not add up, rules that overshoot …)."""
        if self._findings is None:
            from .checks import check_framework

            self._findings = check_framework(self)
        return self._findings

    def grade_of(self, total: Decimal) -> str | None:
        for grade in self.grades:
            if total >= grade.minimum:
                return grade.name
        return None

    def evaluate(self, data: Any, *, external_scores: Mapping[str, Any] | None = None) -> Result:
        """Score one record: a mapping of base-data fields and indicator inputs, or a Record."""
        from .evaluate import evaluate

        return evaluate(self, data, external_scores=external_scores)

    def evaluate_many(
        self, records: Iterable[Any], *, trace: bool = False
    ) -> Iterator[RecordResult]:
        """Score many records lazily, in order, with the framework compiled once: one
        `perfscore.batch.RecordResult` per record; bad data gives one whose `error` names the
        field and never stops the iteration. `trace=True` also keeps each full `Result`."""
        from .batch import evaluate_many

        return evaluate_many(self, records, trace=trace)


# --------------------------------------------------------------------------- building


def _short_name(name: str) -> str:
    return name if len(name) <= 40 else quote(name, 40)


def build_framework(doc: Document) -> Framework:
    """Check `doc` against the schema and build the framework; raise the first fatal error."""
    errors = schema_errors(doc)
    if errors:
        raise errors[0]
    return _Builder(doc).build()


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.codes: dict[str, tuple[str | int, ...]] = {}

    def error(
        self,
        message: str,
        path: tuple[str | int, ...],
        code: str | None = None,
        field: str | None = None,
    ) -> FrameworkError:
        return FrameworkError(
            message, file=self.doc.file, line=self.doc.line_of(path), path=code, field=field
        )

    def build(self) -> Framework:
        data = self.data
        fields = {name: self._field(name, spec) for name, spec in data.get("inputs", {}).items()}
        derived = {
            name: self._derived(name, spec) for name, spec in data.get("derived", {}).items()
        }
        for name in derived:
            if name in fields:
                raise self.error(
                    f"{name!r} is both an input and a derived value", ("derived", name), field=name
                )
        self._check_spellings(fields, derived)
        indicators = [
            self._indicator(spec, ("indicators", i), 1) for i, spec in enumerate(data["indicators"])
        ]
        fw = Framework(
            id=data["id"],
            name=data["name"],
            version=str(data["version"]),
            total=self._number(data["total"], ("total",)),
            precision=data["precision"],
            value_precision=data.get("value_precision", 2),
            grades=[
                Grade(g["name"], self._number(g["min"], ("grades", i, "min")))
                for i, g in enumerate(data["grades"])
            ],
            fields=fields,
            derived=derived,
            indicators=indicators,
            file=self.doc.file,
            source=data.get("source", ""),
            document=self.doc,
        )
        self._check_names(fw)
        return fw

    def _check_spellings(self, fields: Mapping[str, Any], derived: Mapping[str, Any]) -> None:
        """Two declared names that Python reads as one (`ＧＤＰ` and `GDP`: identifiers are
        NFKC-normalised) would let a formula read the other's value: refused, naming both."""
        seen: dict[str, tuple[str, tuple[str, str]]] = {}
        for section, names in (("inputs", fields), ("derived", derived)):
            for name in names:
                first = seen.setdefault(python_name(name), (name, (section, name)))
                if first[0] != name:
                    raise self.error(
                        f"{first[0]!r} and {name!r} are one name in a formula (Python reads "
                        "full-width and compatibility characters as their plain forms); rename "
                        "one / 两个名称在公式中无法区分，请改名",
                        (section, name),
                        field=name,
                    )

    def _number(
        self, raw: Any, path: tuple[str | int, ...], code: str | None = None, optional: bool = False
    ) -> Any:
        """A number of the framework (NaN, infinities and sizes beyond 1E18 refused, naming the
        line): the schema admits any YAML number, so this is where they are checked."""
        if raw is None and optional:
            return None
        try:
            return to_decimal(raw)
        except ValueError as exc:
            raise self.error(str(exc), path, code, str(path[-1])) from None

    def _field(self, name: str, spec: Mapping[str, Any]) -> Field:
        if not name.isidentifier() or name.startswith("_"):
            raise self.error(
                f"input name {name!r} must be usable in a formula (letters, digits, 汉字, _; "
                "not starting with a digit or _)",
                ("inputs", name),
                field=name,
            )
        return Field(
            name=name,
            type=spec.get("type", "number"),
            unit=spec.get("unit", ""),
            minimum=self._number(spec.get("min"), ("inputs", name, "min"), optional=True),
            maximum=self._number(spec.get("max"), ("inputs", name, "max"), optional=True),
            description=spec.get("description", ""),
        )

    def _derived(self, name: str, spec: Mapping[str, Any]) -> Derived:
        if not name.isidentifier() or name.startswith("_"):
            raise self.error(
                f"derived name {name!r} must be usable in a formula", ("derived", name), field=name
            )
        formula = self._formula(spec["formula"], ("derived", name, "formula"), name)
        plausible = self._plausible(spec.get("plausible"), ("derived", name, "plausible"), name)
        return Derived(name, formula, spec.get("unit", ""), spec.get("description", ""), plausible)

    def _plausible(
        self, raw: Any, path: tuple[str | int, ...], where: str
    ) -> PlausibleRange | None:
        """A declared plausible range [low, high] (either bound null), checked: exact numbers,
        at least one bound, low ≤ high."""
        if raw is None:
            return None
        low, high = (
            self._number(bound, (*path, i), where, optional=True) for i, bound in enumerate(raw)
        )
        if low is None and high is None:
            raise self.error(
                "plausible needs at least one bound: [low, high], either may be null / "
                "合理取值范围至少要有一个界限",
                path,
                where,
                "plausible",
            )
        if low is not None and high is not None and low > high:
            raise self.error(
                f"plausible range [{raw[0]}, {raw[1]}]: the low bound is above the high bound / "
                "合理取值范围的下限大于上限",
                path,
                where,
                "plausible",
            )
        return PlausibleRange(low, high)

    def _formula(
        self, source: str, path: tuple[str | int, ...], where: str, field: str = "formula"
    ) -> Formula:
        try:
            return Formula(source, where=where, file=self.doc.file)
        except FormulaError as exc:
            exc.line = self.doc.line_of(path)
            exc.field = field
            raise

    def _indicator(
        self, spec: Mapping[str, Any], path: tuple[str | int, ...], depth: int
    ) -> Indicator:
        code = spec["code"]
        if code in self.codes:
            first = self.doc.line_of(self.codes[code])
            raise self.error(
                f"duplicate indicator code {code!r} (first at line {first})",
                (*path, "code"),
                code,
                "code",
            )
        self.codes[code] = path
        if "plausible" in spec and ("children" in spec or "rows" in spec):
            raise self.error(
                "plausible is the range of a leaf's value; a parent or a rows indicator has none / "
                "合理取值范围只能用于末级指标",
                (*path, "plausible"),
                code,
                "plausible",
            )
        weight = self._number(spec["weight"], (*path, "weight"), code)
        node = Indicator(
            code=code,
            name=spec["name"],
            weight=weight,
            explanation=spec.get("explanation", ""),
            criteria=spec.get("criteria", ""),
            data_source=spec.get("data_source", ""),
            direction=spec.get("direction"),
            on_zero_division=spec.get("on_zero_division", "error"),
            unit=spec.get("unit", ""),
            input=spec.get("input", code),
            note=spec.get("note", ""),
            source_code=spec.get("source_code"),
            line=self.doc.line_of(path),
            depth=depth,
        )
        if "children" in spec:
            node.children = [
                self._indicator(child, (*path, "children", i), depth + 1)
                for i, child in enumerate(spec["children"])
            ]
            return node
        if "formula" in spec:
            node.formula = self._formula(spec["formula"], (*path, "formula"), code)
        node.plausible = self._plausible(spec.get("plausible"), (*path, "plausible"), code)
        build = BuildContext(
            code=code,
            weight=weight,
            file=self.doc.file,
            compile=lambda source, fld: self._formula(source, (*path, *fld.split(".")), code, fld),
        )
        if "rows" in spec:  # rows listed by the data, scored when a record is evaluated
            from .rows import build_rows

            try:
                node.rows = build_rows(spec["rows"], build)
            except FrameworkError as exc:
                exc.line = exc.line or self.doc.line_of((*path, "rows"))
                raise
            node.rule, node.input = node.rows.rule, node.rows.source
            return node
        try:
            node.rule = build_rule(spec["rule"], build)
        except FrameworkError as exc:
            exc.line = exc.line or self.doc.line_of((*path, "rule"))
            raise
        if getattr(node.rule, "scores_rows", False):
            raise self.error(
                f"rule kind {node.rule.kind!r} scores rows listed in the data; declare it as "
                "rows: {from: <data key>, rule: {...}}",
                (*path, "rule"),
                code,
                "rule.kind",
            )
        if node.formula is not None and node.rule.value_type not in ("number", "count", "points"):
            raise self.error(
                f"rule kind {node.rule.kind!r} scores {node.rule.value_type} read from the data, "
                "not the number a formula gives; remove 'formula' or choose a rule for numbers",
                (*path, "formula"),
                code,
                "formula",
            )
        if node.plausible is not None and node.formula is None and node.rule.value_type != "number":
            raise self.error(
                f"plausible is a range of numbers, but the rule kind {node.rule.kind!r} scores "
                f"{node.rule.value_type} read from the data; declare it on a leaf whose value is a "
                "number (a formula's, or one read from the data)",
                (*path, "plausible"),
                code,
                "plausible",
            )
        return node

    def _check_names(self, fw: Framework) -> None:
        """Every name a formula reads is declared; derived values do not depend on themselves."""
        known = fw.fields.keys() | fw.derived.keys()
        for name, derived in fw.derived.items():
            self._require_known(derived.formula, known, ("derived", name, "formula"), name)
        for node in fw.leaves():
            path = self.codes[node.code]
            if node.formula is not None:
                self._require_known(node.formula, known, (*path, "formula"), node.code)
            veto = getattr(node.rule, "when", None)
            if isinstance(veto, Formula):
                self._require_known(veto, known, (*path, "rule"), node.code, "rule.when")
        self._check_cycles(fw)

    def _require_known(
        self,
        formula: Formula,
        known: Any,
        path: tuple[str | int, ...],
        where: str,
        field: str = "formula",
    ) -> None:
        unknown = sorted(formula.names - known)
        if unknown:
            names = ", ".join(_short_name(n) for n in unknown)
            raise FormulaError(
                f"formula {formula.quoted} reads {names}, which "
                f"{'is' if len(unknown) == 1 else 'are'} neither an input nor a derived value",
                file=self.doc.file,
                line=self.doc.line_of(path),
                path=where,
                field=field,
            )

    def _check_cycles(self, fw: Framework) -> None:
        state: dict[str, str] = {}

        def visit(name: str, chain: list[str]) -> None:
            if state.get(name) == "done":
                return
            if state.get(name) == "active":
                cycle = " -> ".join([*chain[chain.index(name) :], name])
                raise FormulaError(
                    f"derived values depend on each other in a cycle: {cycle}",
                    file=self.doc.file,
                    line=self.doc.line_of(("derived", name)),
                    path=name,
                    field="formula",
                )
            state[name] = "active"
            for dep in sorted(fw.derived[name].formula.names & fw.derived.keys()):
                visit(dep, [*chain, name])
            state[name] = "done"

        for name in fw.derived:
            visit(name, [])


# --------------------------------------------------------------------------- loading


def resolve_framework(path_or_name: str | Path) -> Path:
    """A path as given, or a bundled framework's name ("department-common")."""
    path = Path(path_or_name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    bundled = bundled_file(str(path_or_name))
    if bundled is not None:
        return _relative(bundled)
    names = ", ".join(bundled_names())
    raise FrameworkError(
        f"no framework file or bundled framework named {str(path_or_name)!r};"
        f" bundled: {names or 'none'}"
    )


def _relative(path: Path) -> Path:
    """`path` relative to the working directory when it lies below it (for shorter messages)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def load_framework(path_or_name: str | Path) -> Framework:
    """Load, check and compile a framework from a YAML file or a bundled name."""
    doc = read_yaml(resolve_framework(path_or_name), FrameworkError)
    if not isinstance(doc.data, dict):
        raise FrameworkError(
            "a framework file must be a mapping at the top level", file=doc.file, line=1
        )
    if "extends" in doc.data:  # a customised framework: merge it onto its base first
        try:
            doc = expand(doc, build_framework)
        except (OSError, ValueError) as exc:  # a path the OS refuses (NUL byte, too long)
            raise FrameworkError(
                f"extends {str(doc.data.get('extends'))[:80]!r} cannot be read: "
                f"{getattr(exc, 'strerror', None) or exc}",
                file=doc.file,
                line=doc.line_of(("extends",)),
                field="extends",
            ) from None
    return build_framework(doc)


def schema_errors_of(path_or_name: str | Path) -> list[FrameworkError]:
    """Every schema error of a framework file (of an extending file, its own), where
    `load_framework` raises only the first: what `perfscore lint` reports when a file does not
    load. Empty when the file passes the schema or cannot be read as YAML at all (then the
    error `load_framework` raised is the whole story)."""
    try:
        doc = read_yaml(resolve_framework(path_or_name), FrameworkError)
    except FrameworkError:
        return []
    return schema_errors(doc) if isinstance(doc.data, dict) else []
