"""The bundled framework texts known to pass the shipped schema: `verified.json` lists their
sha256 beside the schema's, so that loading one skips the schema check — and the import of
jsonschema, the largest part of start-up. A text not listed, or a schema that changed, is
checked as always; `tests/test_startup.py` fails when the list is not what checking every
bundled framework now gives, and `write_manifest()` refreshes it."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from ..bundled import bundled_dir
from ..yamlio import Document, read_yaml, text_digest

MANIFEST = "verified.json"


def is_verified(doc: Document) -> bool:
    """Whether `doc`'s text is one the shipped schema is known to accept."""
    if not doc.digest:
        return False
    manifest = _manifest()
    return manifest.get("schema") == schema_digest() and doc.digest in manifest.get("texts", ())


@cache
def schema_digest() -> str:
    return text_digest(_resource("framework.schema.json"))


@cache
def _manifest() -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(_resource(MANIFEST))
    except (OSError, ValueError):
        return {}  # no list (or a damaged one): every text is checked
    return manifest


def _resource(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text("utf-8")


def manifest_now(check: Callable[[Document], list[Any]]) -> dict[str, Any]:
    """What `verified.json` should say: the schema's digest and those of the bundled framework
    texts that pass it, each checked now by `check` (`perfscore.schema.checked_errors`)."""
    texts = []
    for path in sorted(bundled_dir().glob("*.yaml")):
        doc = read_yaml(path)
        if isinstance(doc.data, dict) and not check(doc):
            texts.append(doc.digest)
    return {"schema": schema_digest(), "texts": sorted(texts)}


def write_manifest(check: Callable[[Document], list[Any]]) -> None:
    """Refresh `verified.json` in the source tree after a bundled framework or the schema
    changed (docs/performance.md gives the command)."""
    text = json.dumps(manifest_now(check), indent=1) + "\n"
    target = resources.files(__package__).joinpath(MANIFEST)
    with open(str(target), "w", encoding="utf-8") as out:
        out.write(text)
    _manifest.cache_clear()
