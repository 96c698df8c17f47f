"""Loading a framework: a path or a bundled name, the YAML read, `extends` merged onto its base,
the model built; and every schema error of a file, for `lint`."""

from __future__ import annotations

from pathlib import Path

from .building import build_framework
from .bundled import bundled_file, bundled_names
from .errors import FrameworkError
from .extend import expand
from .i18n import say
from .model import Framework
from .schema import schema_errors
from .yamlio import read_yaml


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
        say("error.unknown-framework", name=str(path_or_name), names=names or say("words.none"))
    )


def _relative(path: Path) -> Path:
    """`path` relative to the working directory when it lies below it (for shorter messages)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def load_framework(
    path_or_name: str | Path,
    cls: type[Framework] = Framework,
    *,
    frameworks_root: str | Path | None = None,
) -> Framework:
    """Load and check a framework (an instance of `cls`) from a YAML file or a bundled name.
    `frameworks_root` is the directory an `extends` chain must stay inside (default:
    `PERFSCORE_FRAMEWORKS_ROOT`, else the file's own directory; see `perfscore.extend_paths`)."""
    doc = read_yaml(resolve_framework(path_or_name), FrameworkError)
    if not isinstance(doc.data, dict):
        raise FrameworkError(say("error.framework-not-mapping"), file=doc.file, line=1)
    if "extends" in doc.data:  # a customised framework: merge it onto its base first
        try:
            doc = expand(doc, build_framework, frameworks_root=frameworks_root)
        except (OSError, ValueError) as exc:  # a path the OS refuses (NUL byte, too long)
            raise FrameworkError(
                say(
                    "error.extends.unreadable",
                    name=str(doc.data.get("extends"))[:80],
                    reason=getattr(exc, "strerror", None) or exc,
                ),
                file=doc.file,
                line=doc.line_of(("extends",)),
                field="extends",
            ) from None
    fw = build_framework(doc, cls)
    fw.frameworks_root = Path(frameworks_root) if frameworks_root is not None else None
    return fw


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
