"""The API's OpenAPI 3.1 document (`GET /spec`, as OpenFisca's web API serves its own): every
path, its parameters, what it takes and what it answers, and the one error shape."""

from __future__ import annotations

from typing import Any

from .. import __version__

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message"],
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "field": {"type": ["string", "null"], "description": "the part that is wrong"},
                "path": {"type": ["string", "null"], "description": "the indicator"},
                "file": {"type": ["string", "null"]},
                "line": {"type": ["integer", "null"]},
                "text": {"type": "string", "description": "as the command line prints it"},
            },
        }
    },
}
_NAME = {
    "name": "name",
    "in": "path",
    "required": True,
    "description": "a framework's name, as GET /frameworks lists them",
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"},
}
_DATA = {
    "required": True,
    "description": "one record: JSON ({values, external_scores, reported} or a flat mapping of "
    "values), YAML or CSV text, or a filled-in form (.xlsx, .xls, .ods); or multipart/form-data "
    "with the record in the field `data`",
    "content": {
        "application/json": {"schema": {"type": "object"}},
        "application/yaml": {"schema": {"type": "string"}},
        "text/csv": {"schema": {"type": "string"}},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            "schema": {"type": "string", "format": "binary"}
        },
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"data": {"type": "string", "format": "binary"}},
                "required": ["data"],
            }
        },
    },
}


def _errors(*statuses: int) -> dict[str, Any]:
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    words = {400: "a request the server does not take", 404: "no such framework",
             413: "the body is over the size limit", 422: "data that cannot be scored",
             503: "over the time limit"}  # fmt: skip
    return {str(s): {"description": words[s], "content": ref} for s in statuses}


def _ok(description: str, media: str = "application/json") -> dict[str, Any]:
    return {"200": {"description": description, "content": {media: {}}}}


def _post(summary: str, params: list[dict[str, Any]], ok: dict[str, Any]) -> dict[str, Any]:
    return {
        "post": {
            "summary": summary,
            "parameters": [_NAME, *params],
            "requestBody": _DATA,
            "responses": {**ok, **_errors(400, 404, 413, 422, 503)},
        }
    }


def _param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


def spec() -> dict[str, Any]:
    """The OpenAPI document."""
    formats = ["json", "xlsx", "html", "md", "csv"]
    paths: dict[str, Any] = {
        "/frameworks": {"get": {"summary": "the frameworks offered, by name",
                                "responses": _ok("name -> id, name, version, source, href")}},
        "/frameworks/{name}": {"get": {
            "summary": "one framework: its grades, indicator tree and the inputs a record gives",
            "parameters": [_NAME], "responses": {**_ok("the framework"), **_errors(404, 422)}}},
        "/frameworks/{name}/template": {"get": {
            "summary": "the framework's input form to fill in (perfscore template)",
            "parameters": [_NAME], "responses": {**_ok("the form", "application/octet-stream"),
                                                 **_errors(404, 422)}}},
        "/frameworks/{name}/score": _post(
            "score one record: the 评分表 (perfscore score -f json)",
            [_param("format", "json (default), xlsx, html, md or csv",
                    {"type": "string", "enum": formats})], _ok("the result")),
        "/frameworks/{name}/explain": _post(
            "each score in a report's words (perfscore explain -f json)",
            [_param("code", "only this indicator and what is below it", {"type": "string"})],
            _ok("a list of sentences")),
        "/frameworks/{name}/reconcile": _post(
            "复核: the record's reported scores against the recomputed ones",
            [_param("require_all", "a missing input is an error", {"type": "boolean"})],
            _ok("the reconciliation (perfscore reconcile -f json)")),
        "/frameworks/{name}/batch": _post(
            "many records, one JSON object a line; streamed back a result a line",
            [], _ok("one result a line, as perfscore batch writes jsonl",
                    "application/x-ndjson")),
    }  # fmt: skip
    paths["/frameworks/{name}/batch"]["post"]["requestBody"] = {
        "required": True,
        "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "perfscore", "version": __version__,
                 "description": "预算绩效评价计分 (perfscore serve): docs/serve.md"},
        "paths": paths,
        "components": {"schemas": {"Error": _ERROR}},
    }  # fmt: skip
