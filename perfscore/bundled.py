"""The frameworks shipped inside the package (`perfscore/frameworks/*.yaml`), found through
importlib.resources so that they are there after a plain `pip install`, not only in a checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundled_dir() -> Path:
    """The directory holding the bundled framework files (an installed package is a directory:
    perfscore is not meant to run from a zip)."""
    return Path(str(files("perfscore") / "frameworks")).resolve()


def bundled_names() -> list[str]:
    """The names `load_framework` and `extends:` accept for the bundled frameworks."""
    return sorted(path.stem for path in bundled_dir().glob("*.yaml"))


def bundled_file(name: str) -> Path | None:
    """The bundled framework called `name` ("department-common"), or None."""
    path = bundled_dir() / f"{name}.yaml"
    return path if path.is_file() else None
