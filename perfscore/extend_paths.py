"""Where an `extends` points: the frameworks' root an `extends` chain must stay inside, and the
file one `extends` names, confined to that root (no absolute path, no `..` or symbolic link
that leaves it).

The root is, in this order: the bundled frameworks' directory when the extending file lies in
it; the directory the user gave (`--frameworks-root DIR`, `frameworks_root=` or the environment
variable `PERFSCORE_FRAMEWORKS_ROOT`), which must then hold the extending file; otherwise the
directory of the file being loaded.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from .bundled import bundled_dir, bundled_file, bundled_names
from .errors import FrameworkError
from .i18n import say

#: The environment variable that sets the frameworks' root when no root is given explicitly.
ROOT_VARIABLE = "PERFSCORE_FRAMEWORKS_ROOT"

_BUNDLED_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def given_root(frameworks_root: str | Path | None = None) -> Path | None:
    """The frameworks' root the user set: `frameworks_root`, else `PERFSCORE_FRAMEWORKS_ROOT`
    (empty means unset), resolved; None when neither is set. FrameworkError when it is not a
    directory."""
    raw = frameworks_root if frameworks_root is not None else os.environ.get(ROOT_VARIABLE)
    if raw is None or str(raw) == "":
        return None
    where = "--frameworks-root" if frameworks_root is not None else ROOT_VARIABLE
    try:
        root = Path(raw).resolve()
        is_dir = root.is_dir()
    except (OSError, ValueError) as exc:
        message = say("error.root.unreadable", where=where, root=str(raw)[:80], reason=exc)
        raise FrameworkError(message) from None
    if not is_dir:
        raise FrameworkError(say("error.root.not-a-directory", where=where, root=str(raw)[:80]))
    return root


def root_for(
    file: str | Path, frameworks_root: str | Path | None = None, line: int | None = None
) -> Path:
    """The directory an `extends` chain starting at `file` (its `extends:` at `line`) must stay
    inside."""
    where = Path(file).resolve()
    bundled = bundled_dir()
    if where.is_relative_to(bundled):
        return bundled
    root = given_root(frameworks_root)
    if root is None:
        return where.parent
    if not where.is_relative_to(root):
        raise FrameworkError(
            say("error.root.outside", root=show(root)),
            file=str(file),
            line=line,
            field="extends",
        )
    return root


def locate(raw: str, here: Path, root: Path, error: Any) -> tuple[Path, Path]:
    """The file `raw` names, and the root its own `extends` must stay inside."""
    text = raw.strip()
    if not text:
        raise error(say("error.extends.empty"))
    is_path = "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))
    if not is_path:
        if not _BUNDLED_NAME.match(text):
            raise error(say("error.extends.neither", name=raw))
        target = bundled_file(text)
        if target is None:
            names = ", ".join(bundled_names())
            shown = names or say("words.none")
            raise error(say("error.extends.no-bundled", name=text, names=shown))
        return target.resolve(), bundled_dir()
    if (
        PurePosixPath(text).is_absolute()
        or PureWindowsPath(text).is_absolute()
        or (PureWindowsPath(text).drive)
    ):
        raise error(say("error.extends.absolute", name=raw))
    if not text.endswith((".yaml", ".yml")):
        raise error(say("error.extends.suffix", name=raw))
    candidate = here.parent / text
    lexical = Path(os.path.normpath(candidate))
    if not lexical.is_relative_to(root):
        raise error(say("error.extends.climbs-out", name=raw, root=show(root)))
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root):
        raise error(say("error.extends.symlink", name=raw, root=show(root), target=resolved))
    if not resolved.is_file():
        raise error(say("error.extends.no-such-file", name=raw, path=show(resolved)))
    return resolved, root


def display(path: Path) -> Path:
    """`path` relative to the working directory when below it (shorter messages)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def within(path: Path, root: Path) -> str:
    """`path` relative to `root` when inside it (for naming the files of a cycle)."""
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def show(path: Path) -> str:
    return str(display(path))
