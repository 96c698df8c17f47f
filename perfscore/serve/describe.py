"""A framework as the API shows it: a line of the list (`/frameworks`), and one framework's tree
and inputs (`/frameworks/{name}`) — the inputs being the lines its input form lists
(`perfscore.forms.contents`), so the API and the form name every input alike."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..errors import PerfscoreError
from ..forms.contents import FormRow, field_rows, input_rows
from ..framework import Framework, Indicator
from ..numbers import json_number
from .catalogue import Catalogue, Entry


def href(name: str, tail: str = "") -> str:
    return f"/frameworks/{name}{tail}"


def listing(catalogue: Catalogue) -> dict[str, Any]:
    """Every framework offered, by name: what it is, or why it does not load."""
    out: dict[str, Any] = {}
    for name, entry in catalogue.entries().items():
        try:
            out[name] = heading(entry, catalogue.load(name))
        except PerfscoreError as exc:  # a broken file of the folder is listed, with its error
            out[name] = {"source": entry.source, "href": href(name), "error": str(exc)}
    return out


def heading(entry: Entry, fw: Framework) -> dict[str, Any]:
    return {
        "id": fw.id,
        "name": fw.name,
        "version": fw.version,
        "total": json_number(fw.total),
        "source": entry.source,
        "href": href(entry.name),
    }


def detail(entry: Entry, fw: Framework) -> dict[str, Any]:
    """One framework: its heading, grades, fields, derived values, the indicator tree, and the
    inputs a record supplies (fields and indicator inputs, as the input form lists them)."""
    return {
        **heading(entry, fw),
        "precision": fw.precision,
        "grades": [{"name": g.name, "minimum": json_number(g.minimum)} for g in fw.grades],
        "derived": [
            {"name": n, "formula": d.formula.source, "unit": d.unit, "description": d.description}
            for n, d in fw.derived.items()
        ],
        "indicators": [_node(node) for node in fw.indicators],
        "inputs": [_form_row(row) for row in [*field_rows(fw), *input_rows(fw)]],
        "links": {
            "score": href(entry.name, "/score"),
            "explain": href(entry.name, "/explain"),
            "reconcile": href(entry.name, "/reconcile"),
            "batch": href(entry.name, "/batch"),
            "template": href(entry.name, "/template"),
        },
    }


def _node(node: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": node.code,
        "name": node.name,
        "weight": json_number(node.weight),
    }
    if node.children:
        out["children"] = [_node(child) for child in node.children]
        return out
    out["rule"] = None if node.rule is None else node.rule.kind
    if node.rows is not None:
        out["rows"] = True
    for key in ("unit", "criteria", "explanation", "data_source"):
        if getattr(node, key):
            out[key] = getattr(node, key)
    if node.formula is not None:
        out["formula"] = node.formula.source
    return out


def _form_row(row: FormRow) -> dict[str, Any]:
    out = {key: value for key, value in asdict(row).items() if value not in ("", None)}
    if row.weight is not None:
        out["weight"] = json_number(row.weight)
    return out
