"""`extends` cannot read outside the frameworks' root (perfscore/extend.py): every way out is a
FrameworkError naming the extending file, the line of its `extends:` and the field."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from security_support import FRAMEWORK, hang_guard
from test_security_yaml import billion_laughs

import perfscore
from perfscore import FrameworkError

pytestmark = pytest.mark.usefixtures("english")  # it checks the English wording


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/root/{base.yaml, sub/} with a framework outside the root: tmp/outside.yaml."""
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "base.yaml").write_text(FRAMEWORK, "utf-8")
    (tmp_path / "outside.yaml").write_text(FRAMEWORK.replace("id: security", "id: outside"))
    return root


def extending(root: Path, target: str, name: str = "child.yaml") -> Path:
    path = root / name
    path.write_text(f"# a county's adaptation\nextends: {target}\nid: child\n", "utf-8")
    return path


def refused(path: Path) -> FrameworkError:
    with hang_guard(), pytest.raises(FrameworkError) as caught:
        perfscore.load_framework(path)
    err = caught.value
    assert (err.file, err.line, err.field) == (str(path), 2, "extends")
    assert "\n" not in str(err)
    return err


def test_extending_inside_the_root_works(tree: Path) -> None:
    for target in ("base.yaml", "./base.yaml", "sub/../base.yaml"):
        assert perfscore.load_framework(extending(tree, target)).id == "child"


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("../outside.yaml", "leaves the frameworks' directory"),
        ("sub/../../outside.yaml", "leaves the frameworks' directory"),
        ("../../../../../../../../etc/hosts.yaml", "leaves the frameworks' directory"),
        ("/etc/passwd", "absolute path is not allowed"),
        ("/etc/hosts.yaml", "absolute path is not allowed"),
        ('"C:\\\\Windows\\\\win.yaml"', "absolute path is not allowed"),
        ('"C:win.yaml"', "absolute path is not allowed"),
        ('"\\\\\\\\server\\\\share\\\\x.yaml"', "absolute path is not allowed"),
        ('"..\\\\outside.yaml"', "no such framework file"),
        ("'%2e%2e/outside.yaml'", "no such framework file"),
        ("'~/outside.yaml'", "no such framework file"),
        ("notes.txt", "no bundled framework named 'notes.txt'"),
        ('"base\\0.yaml"', "cannot be read"),
        ("'" + "a" * 5000 + ".yaml'", "cannot be read"),
        # the schema refuses these: only where (file, line, field) is perfscore's to say
        ("[base.yaml]", None),
        ("''", None),
    ],
    ids=[
        "dotdot",
        "dotdot-through-subdirectory",
        "many-dotdots",
        "absolute-posix",
        "absolute-yaml",
        "windows-drive",
        "windows-drive-relative",
        "windows-unc",
        "backslash-dotdot",
        "url-encoded",
        "home",
        "not-yaml",
        "nul-byte",
        "name-too-long",
        "not-a-string",
        "empty",
    ],
)
def test_extends_cannot_leave_the_root(tree: Path, target: str, fragment: str | None) -> None:
    err = refused(extending(tree, target))  # checks the file, line and field
    assert fragment is None or fragment in err.message


def test_a_symbolic_link_out_of_the_root_is_refused(tree: Path) -> None:
    (tree / "link.yaml").symlink_to(tree.parent / "outside.yaml")
    (tree / "up").symlink_to(tree.parent, target_is_directory=True)
    for target in ("link.yaml", "up/outside.yaml"):
        assert "through a symbolic link" in refused(extending(tree, target)).message


def test_a_symbolic_link_inside_the_root_is_followed(tree: Path) -> None:
    (tree / "sub" / "alias.yaml").symlink_to(tree / "base.yaml")
    assert perfscore.load_framework(extending(tree, "sub/alias.yaml")).id == "child"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_or_directory_named_like_a_framework_is_not_read(tree: Path) -> None:
    os.mkfifo(tree / "pipe.yaml")  # reading it would block for ever
    (tree / "dir.yaml").mkdir()
    for target in ("pipe.yaml", "dir.yaml"):
        assert "no such framework file" in refused(extending(tree, target)).message


def test_the_base_a_child_reaches_is_bounded_like_any_file(tree: Path) -> None:
    (tree / "bomb.yaml").write_text(FRAMEWORK + billion_laughs(), "utf-8")
    with hang_guard(), pytest.raises(FrameworkError) as caught:
        perfscore.load_framework(extending(tree, "bomb.yaml"))
    assert caught.value.file is not None and caught.value.file.endswith("bomb.yaml")
    assert "refusing to expand" in caught.value.message


def test_a_cycle_is_refused(tree: Path) -> None:
    extending(tree, "b.yaml", "a.yaml")
    extending(tree, "a.yaml", "b.yaml")
    with hang_guard(), pytest.raises(FrameworkError) as caught:
        perfscore.load_framework(tree / "a.yaml")
    assert "extends forms a cycle: a.yaml -> b.yaml -> a.yaml" in caught.value.message
    assert (caught.value.line, caught.value.field) == (2, "extends")


def test_a_long_chain_is_refused(tree: Path) -> None:
    previous = "base.yaml"
    for n in range(40):
        extending(tree, previous, f"c{n}.yaml")
        previous = f"c{n}.yaml"
    with hang_guard(), pytest.raises(FrameworkError) as caught:
        perfscore.load_framework(tree / previous)
    assert "chain is deeper than" in caught.value.message


def test_a_base_outside_the_root_cannot_be_reached_through_a_chain(tree: Path) -> None:
    # sub/mid.yaml lies inside the root; its own `extends` must still stay inside that root
    (tree / "sub" / "mid.yaml").write_text("extends: ../../outside.yaml\nid: mid\n", "utf-8")
    with pytest.raises(FrameworkError) as caught:
        perfscore.load_framework(extending(tree, "sub/mid.yaml"))
    assert "leaves the frameworks' directory" in caught.value.message
