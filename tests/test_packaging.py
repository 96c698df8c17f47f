"""What a plain, non-editable install carries: the wheel and the sdist hold every bundled
framework, the schema and py.typed; a wheel installed into a fresh venv scores a bundled example
from an unrelated directory, by bundled name, and `extends:` of a bundled name works there too.

This builds and installs for real (a minute or so): it is the check that the README's commands
work for someone who never has this checkout on sys.path.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import processes
import pytest

pytestmark = pytest.mark.usefixtures("english")  # checks English wording

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(p.name for p in (ROOT / "perfscore" / "frameworks").glob("*.yaml"))
SCHEMAS = sorted(p.name for p in (ROOT / "perfscore" / "schema").glob("*.json"))
EXAMPLE = ROOT / "examples" / "hecheng-2020.yaml"


def _run(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return processes.run(args, cwd=cwd, timeout=timeout)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = _run([sys.executable, "-m", "build", "-q", "--outdir", str(out), str(ROOT)], ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel (and its pinned dependencies) installed: its bin directory."""
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, with_pip=True)
    pip = env / "bin" / "pip"
    (wheel,) = dist.glob("*.whl")
    done = _run([str(pip), "install", "-q", "-c", str(ROOT / "constraints.txt"), str(wheel)], env)
    assert done.returncode == 0, done.stderr[-3000:]
    return env / "bin"


def test_the_wheel_carries_frameworks_schema_and_py_typed(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in BUNDLED:
        assert f"perfscore/frameworks/{name}" in names
    for name in SCHEMAS:
        assert f"perfscore/schema/{name}" in names
    assert "perfscore/py.typed" in names


def test_the_sdist_carries_frameworks_schema_and_py_typed(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for name in BUNDLED:
        assert f"perfscore/frameworks/{name}" in names
    for name in SCHEMAS:
        assert f"perfscore/schema/{name}" in names
    assert "perfscore/py.typed" in names


def test_an_installed_wheel_scores_a_bundled_framework_from_elsewhere(
    installed: Path, tmp_path: Path
) -> None:
    done = _run(
        [str(installed / "perfscore"), "score", "department-common", str(EXAMPLE)], tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "99" in done.stdout and "优" in done.stdout
    code = (
        "import perfscore, pathlib\n"
        f"assert not pathlib.Path(perfscore.__file__).is_relative_to(pathlib.Path({str(ROOT)!r}))\n"
        "fw = perfscore.load_framework('department-common')\n"
        f"r = fw.evaluate(perfscore.load_record({str(EXAMPLE)!r}))\n"
        "print(r.total, r.grade)\n"
    )
    done = _run([str(installed / "python"), "-c", code], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["99.00", "优"]


def test_an_installed_wheel_extends_a_bundled_framework_by_name(
    installed: Path, tmp_path: Path
) -> None:
    child = tmp_path / "child.yaml"
    child.write_text(
        "extends: department-common\nid: child\nname: 子框架\nversion: '1'\n"
        "override:\n  A22:\n    weight: 2\n",
        encoding="utf-8",
    )
    done = _run([str(installed / "perfscore"), "score", str(child), str(EXAMPLE)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "子框架" in done.stdout
    for name in ("project-self-evaluation", "xundian-2023"):
        done = _run([str(installed / "perfscore"), "lint", name], tmp_path)
        assert done.returncode in (0, 1), done.stderr  # 1: the source's own drafting errors
        summary = done.stdout.splitlines()[-1]
        assert f"{name}.yaml: " in summary and "error(s)" in summary
