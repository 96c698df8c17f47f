"""The JSON Schema of framework files, shipped with the package, and validation against it."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import FrameworkError
from ..i18n import Message, say
from ..rules import RULES
from ..yamlio import Document

if TYPE_CHECKING:
    import jsonschema


def framework_schema() -> dict[str, Any]:
    """The framework schema: the shipped file, plus a definition and a route in `$defs/rule`
    for each rule kind registered from outside it (a plugin) that brings its own
    `options_schema`. A kind without one is accepted with any options (its class checks them)."""
    return _schema(_added_kinds())


@cache
def _shipped() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("framework.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _routed() -> frozenset[str]:
    """The kinds the shipped schema's `$defs/rule` routes."""
    branches = _shipped()["$defs"]["rule"]["allOf"]
    return frozenset(b["if"]["properties"]["kind"]["const"] for b in branches)


def _added_kinds() -> tuple[tuple[str, str], ...]:
    """(kind, its options schema as JSON) of each registered kind the shipped schema lacks."""
    routed = _routed()
    return tuple(
        sorted(
            (kind, json.dumps(cls.options_schema, sort_keys=True, ensure_ascii=False))
            for kind, cls in RULES.items()
            if kind not in routed and cls.options_schema is not None
        )
    )


@cache
def _schema(added: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    if not added:
        return _shipped()
    schema = copy.deepcopy(_shipped())
    for kind, text in added:
        schema["$defs"][f"rule_{kind}"] = rule_definition(kind, json.loads(text))
        schema["$defs"]["rule"]["allOf"].append(
            {
                "if": {"properties": {"kind": {"const": kind}}},
                "then": {"$ref": f"#/$defs/rule_{kind}"},
            }
        )
    return schema


def rule_definition(kind: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """A plugin's options schema as the definition of its kind: an object whose `kind` is
    `kind`, checked by the options schema's other keywords (`properties`, `required`,
    `additionalProperties` …, as in the shipped `rule_*` definitions)."""
    definition = {"type": "object", **copy.deepcopy(dict(options))}
    definition["properties"] = {**definition.get("properties", {}), "kind": {"const": kind}}
    definition["required"] = sorted({"kind", *definition.get("required", [])})
    return definition


def check_options_schema(kind: str, options: Any) -> str | None:
    """Why `options` cannot be a rule kind's options schema, or None when it can."""
    if not isinstance(options, Mapping):
        return f"options_schema of kind {kind!r} is {type(options).__name__}, not a mapping"
    import jsonschema  # imported where a check runs: it is most of perfscore's start-up

    cls = jsonschema.validators.validator_for(_shipped())
    try:
        cls.check_schema(rule_definition(kind, options))
        json.dumps(dict(options))
    except (jsonschema.SchemaError, TypeError, ValueError) as exc:
        return f"options_schema of kind {kind!r} is not a valid JSON Schema: {exc}"[:400]
    return None


@cache
def _validator(added: tuple[tuple[str, str], ...]) -> jsonschema.protocols.Validator:
    import jsonschema

    schema = _schema(added)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def schema_errors(doc: Document) -> list[FrameworkError]:
    """Every schema violation in `doc`, each naming the file, line and YAML path; none, without
    checking, for a bundled text the shipped schema is known to accept (`verified`)."""
    from .verified import is_verified

    if not _added_kinds() and is_verified(doc):
        return []
    return checked_errors(doc)


def checked_errors(doc: Document) -> list[FrameworkError]:
    """`schema_errors`, always checked."""
    found = []
    for err in _validator(_added_kinds()).iter_errors(doc.data):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            # Point at the unknown key itself: its own line and YAML path.
            known = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
            path = (*path, *sorted(k for k in err.instance if k not in known)[:1])
        found.append(
            FrameworkError(
                _shortened(_message(err)),
                file=doc.file,
                line=doc.line_of(path),
                path=_indicator_path(doc.data, path),
                field=".".join(str(p) for p in path) or None,
            )
        )
    return sorted(found, key=lambda e: (e.line or 0, str(e)))


def _message(err: jsonschema.ValidationError) -> str | Message:
    where = tuple(err.absolute_path)
    if err.instance is None and len(where) == 2 and where[0] in ("inputs", "derived"):
        return (
            f"{where[1]}: null removes an inherited entry; only a framework that extends "
            "another may write it (只有继承的框架可以用 null 删除继承项)"
        )
    if err.validator == "additionalProperties":
        return say("error.unknown-field", detail=err.message)
    if err.validator == "oneOf" and isinstance(err.instance, dict):
        return (
            "an indicator has exactly one of 'children' (a parent), a 'rule' (a leaf, "
            "optionally with 'formula' or 'input') or 'rows' (indicators listed in the data)"
        )
    return err.message


def _shortened(message: str | Message) -> str | Message:
    """`_shorten` of jsonschema's words, wherever they are in the message."""
    if isinstance(message, str):
        return _shorten(message)
    return Message(
        message.key, tuple((k, _shorten(v) if isinstance(v, str) else v) for k, v in message.params)
    )


def _shorten(message: str) -> str:
    """jsonschema quotes the whole offending value, however large: keep both ends of it."""
    return message if len(message) <= 300 else message[:200] + " … " + message[-90:]


def _indicator_path(data: Any, path: tuple[Any, ...]) -> str | None:
    """The code of the innermost indicator on `path`, so that errors name the indicator."""
    code, node = None, data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        is_indicator = isinstance(node, dict) and ("weight" in node or "name" in node)
        if is_indicator and isinstance(node.get("code"), str):
            code = node["code"]
    return code
