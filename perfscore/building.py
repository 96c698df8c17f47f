"""Building the framework model from a checked YAML document: fields, derived values, the
indicator tree with each leaf's formula and rule, and the checks that names and cycles are sound."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import FormulaError, FrameworkError
from .expressions import Formula, python_name, quote
from .model import Derived, Field, Framework, Grade, Indicator
from .numbers import to_decimal
from .plausibility import PlausibleRange
from .report_text import read_report_text
from .rules import BuildContext, build_rule
from .schema import schema_errors
from .weighting import TOP, Above, declared_split, node_weight, shares_of
from .yamlio import Document


def _short_name(name: str) -> str:
    return name if len(name) <= 40 else quote(name, 40)


def _steps(field: str) -> list[str | int]:
    """A rule's field as a path in the document: "rule.cases[1].when" is rule, cases, 1, when."""
    steps: list[str | int] = []
    for part in field.split("."):
        name, _, index = part.partition("[")
        steps.append(name)
        if index.rstrip("]").isdigit():
            steps.append(int(index.rstrip("]")))
    return steps


def build_framework(doc: Document, cls: type[Framework] = Framework) -> Framework:
    """Check `doc` against the schema and build the framework (an instance of `cls`, the model
    or a class built on it); raise the first fatal error."""
    errors = schema_errors(doc)
    if errors:
        raise errors[0]
    return _Builder(doc, cls).build()


class _Builder:
    def __init__(self, doc: Document, cls: type[Framework]) -> None:
        self.cls = cls
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
            self._indicator(spec, ("indicators", i), 1, TOP)
            for i, spec in enumerate(data["indicators"])
        ]
        fw = self.cls(
            id=data["id"],
            name=data["name"],
            version=str(data["version"]),
            total=self._number(data["total"], ("total",)),
            precision=data["precision"],
            value_precision=data.get("value_precision", 2),
            not_applicable=data.get("not_applicable"),
            report=read_report_text(
                data.get("report"), FrameworkError, self.doc.file, self.doc.line_of
            ),
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
        self, spec: Mapping[str, Any], path: tuple[str | int, ...], depth: int, above: Above
    ) -> Indicator:
        code = spec["code"]
        self._claim(code, path)
        if "plausible" in spec and ("children" in spec or "rows" in spec):
            raise self.error(
                "plausible is the range of a leaf's value; a parent or a rows indicator has none / "
                "合理取值范围只能用于末级指标",
                (*path, "plausible"),
                code,
                "plausible",
            )
        weight = node_weight(spec, path, above.share, self.error, self._number)
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
            precision=spec.get("precision", above.precision),
            rounding=spec.get("rounding", above.rounding),
            split=declared_split(spec, path, self.error),
        )
        if "children" in spec:
            shares = shares_of(node, len(spec["children"]), self.data["precision"])
            node.children = [
                self._indicator(
                    child,
                    (*path, "children", i),
                    depth + 1,
                    Above(node.precision, node.rounding, shares[i] if shares else None),
                )
                for i, child in enumerate(spec["children"])
            ]
            return node
        self._leaf(node, spec, path)
        return node

    def _claim(self, code: str, path: tuple[str | int, ...]) -> None:
        """Remember where `code` is declared; refuse a code declared twice."""
        if code in self.codes:
            first = self.doc.line_of(self.codes[code])
            raise self.error(
                f"duplicate indicator code {code!r} (first at line {first})",
                (*path, "code"),
                code,
                "code",
            )
        self.codes[code] = path

    def _leaf(self, node: Indicator, spec: Mapping[str, Any], path: tuple[str | int, ...]) -> None:
        """A leaf's formula, plausible range and rule (or the rows the data lists for it)."""
        code = node.code
        if "formula" in spec:
            node.formula = self._formula(spec["formula"], (*path, "formula"), code)
        node.plausible = self._plausible(spec.get("plausible"), (*path, "plausible"), code)
        build = BuildContext(
            code=code,
            weight=node.weight,
            file=self.doc.file,
            compile=lambda source, fld: self._formula(source, (*path, *_steps(fld)), code, fld),
        )
        if "rows" in spec:  # rows listed by the data, scored when a record is evaluated
            from .rows import build_rows

            try:
                node.rows = build_rows(spec["rows"], build)
            except FrameworkError as exc:
                exc.line = exc.line or self.doc.line_of((*path, "rows"))
                raise
            node.rule, node.input = node.rows.rule, node.rows.source
            return
        try:
            node.rule = build_rule(spec["rule"], build)
        except FrameworkError as exc:
            exc.line = exc.line or self.doc.line_of((*path, "rule"))
            raise
        self._check_rule_fits(node, path)

    def _check_rule_fits(self, node: Indicator, path: tuple[str | int, ...]) -> None:
        """The leaf's rule scores what the leaf gives it: not rows, and a number when the leaf
        has a formula or a plausible range."""
        rule, code = node.rule, node.code
        assert rule is not None
        if getattr(rule, "scores_rows", False):
            raise self.error(
                f"rule kind {rule.kind!r} scores rows listed in the data; declare it as "
                "rows: {from: <data key>, rule: {...}}",
                (*path, "rule"),
                code,
                "rule.kind",
            )
        if node.formula is not None and rule.value_type not in ("number", "count", "points"):
            raise self.error(
                f"rule kind {rule.kind!r} scores {rule.value_type} read from the data, "
                "not the number a formula gives; remove 'formula' or choose a rule for numbers",
                (*path, "formula"),
                code,
                "formula",
            )
        if node.plausible is not None and node.formula is None and rule.value_type != "number":
            raise self.error(
                f"plausible is a range of numbers, but the rule kind {rule.kind!r} scores "
                f"{rule.value_type} read from the data; declare it on a leaf whose value is a "
                "number (a formula's, or one read from the data)",
                (*path, "plausible"),
                code,
                "plausible",
            )

    def _check_names(self, fw: Framework) -> None:
        """Every name a formula reads is declared; derived values do not depend on themselves."""
        known = fw.fields.keys() | fw.derived.keys()
        for name, derived in fw.derived.items():
            self._require_known(derived.formula, known, ("derived", name, "formula"), name)
        for node in fw.leaves():
            path = self.codes[node.code]
            if node.formula is not None:
                self._require_known(node.formula, known, (*path, "formula"), node.code)
            for fld, formula in node.rule.formulas().items() if node.rule is not None else ():
                self._require_known(formula, known, (*path, *_steps(fld)), node.code, fld)
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
