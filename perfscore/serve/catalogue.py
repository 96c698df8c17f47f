"""The frameworks a server offers: the bundled ones and the YAML files of one configured folder,
each known by a name; a request names a framework and is answered only from this list.

A name from a request is only ever a key of the list (`Catalogue.entries`): it is never joined
to a path, so no request can make the server read a file the list does not hold — no `..`, no
absolute path, no symbolic link out of the folder (such a link is left out of the list). A
framework is loaded once and kept until its file changes (its size or modification time).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ..bundled import bundled_dir, bundled_names
from ..errors import PerfscoreError
from ..framework import Framework, load_framework

#: what a framework's name may be: the stem of its file, letters, digits, `_`, `.` and `-`
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Entry:
    """One framework the server offers: its name, its file and where it comes from."""

    name: str
    path: Path
    source: str  # "bundled" or "configured"


class UnknownFramework(LookupError):
    """A request named a framework the server does not offer."""

    def __init__(self, name: str, names: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.names = names


class Catalogue:
    """The bundled frameworks and those of `folder` (when given), by name; a configured file
    whose name a bundled framework has takes its place."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = None if folder is None else Path(folder).resolve()
        if self.folder is not None and not self.folder.is_dir():
            raise PerfscoreError(f"--frameworks {folder}: not a directory (框架目录不存在)")
        self._cache: dict[Path, tuple[tuple[int, int], Framework]] = {}
        self._lock = threading.Lock()

    def entries(self) -> dict[str, Entry]:
        """Every framework offered, by name, in name order (the folder read anew each time)."""
        found = {name: Entry(name, bundled_dir() / f"{name}.yaml", "bundled")
                 for name in bundled_names()}  # fmt: skip
        if self.folder is not None:
            for path in sorted(self.folder.iterdir()):
                entry = self._configured(path)
                if entry is not None:
                    found[entry.name] = entry
        return dict(sorted(found.items()))

    def _configured(self, path: Path) -> Entry | None:
        """`path` as an entry when it is a framework file of the folder itself: a YAML file
        with a plain name, lying (after every symbolic link) directly in the folder."""
        assert self.folder is not None
        if path.suffix.lower() not in _SUFFIXES or not NAME.match(path.stem):
            return None
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if real.parent != self.folder or not real.is_file():
            return None
        return Entry(path.stem, real, "configured")

    def entry(self, name: str) -> Entry:
        """The entry called `name`; UnknownFramework when there is none."""
        entries = self.entries()
        found = entries.get(name) if NAME.match(name) else None
        if found is None:
            raise UnknownFramework(name, list(entries))
        return found

    def load(self, name: str) -> Framework:
        """The framework called `name`, loaded (once per version of its file). Its `extends`
        stays inside the configured folder (or names a bundled framework)."""
        entry = self.entry(name)
        stat = entry.path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        with self._lock:
            cached = self._cache.get(entry.path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        if entry.source == "configured":
            fw = load_framework(entry.path, frameworks_root=self.folder)
        else:  # by its name, as the command line loads it: the same file, named the same way
            fw = load_framework(entry.name)
        with self._lock:
            self._cache[entry.path] = (stamp, fw)
        return fw
