"""The JSON Schema of framework files, shipped with the package, and validation against it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from ..errors import FrameworkError
from ..yamlio import Document


@cache
def framework_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("framework.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = framework_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def schema_errors(doc: Document) -> list[FrameworkError]:
    """Every schema violation in `doc`, each naming the file, line and YAML path."""
    found = []
    for err in _validator().iter_errors(doc.data):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            # Point at the unknown key itself: its own line and YAML path.
            known = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
            path = (*path, *sorted(k for k in err.instance if k not in known)[:1])
        found.append(
            FrameworkError(
                _shorten(_message(err)),
                file=doc.file,
                line=doc.line_of(path),
                path=_indicator_path(doc.data, path),
                field=".".join(str(p) for p in path) or None,
            )
        )
    return sorted(found, key=lambda e: (e.line or 0, str(e)))


def _message(err: jsonschema.ValidationError) -> str:
    if err.validator == "additionalProperties":
        return f"unknown field: {err.message}"
    if err.validator == "oneOf" and isinstance(err.instance, dict):
        return (
            "an indicator has exactly one of 'children' (a parent), a 'rule' (a leaf, "
            "optionally with 'formula' or 'input') or 'rows' (indicators listed in the data)"
        )
    return err.message


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
