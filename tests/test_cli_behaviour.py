"""The command line behaves like the tools people know (ruff, sqlite-utils, csvkit), and every
file it writes goes through the one atomic writer, `perfscore.atomic`.

`--version`; bare `perfscore` prints the help; DATA `-` reads standard input; `-o -` is standard
output; -o's suffix picks the format unless --format (case-insensitive) says otherwise; a bad
output path is one line and exit 1 and leaves nothing behind; concurrent writers leave one complete
file; a full disk leaves the old file.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import stat
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import processes
import pytest
import yaml

import perfscore
from perfscore import atomic, cli
from perfscore.atomic import atomic_open, atomic_write, check_target
from perfscore.batch import run_batch
from perfscore.cli import main, sniff
from perfscore.errors import OutputError
from perfscore.framework import load_framework

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "docs" / "example" / "framework.yaml"
DEMO_DATA = ROOT / "docs" / "example" / "record.yaml"
HECHENG = ROOT / "examples" / "hecheng-2020.yaml"
CASES = ROOT / "tests" / "cases" / "test_hecheng_2020.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("perfscore: ")
    return lines[0]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tempfile's directory, to check that reading stdin leaves nothing behind."""
    folder = tmp_path / "tempdir"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


# ----------------------------------------------------------------------------- the basics


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"perfscore {perfscore.__version__}\n"
    assert perfscore.__version__ == "0.1.0"


def test_bare_perfscore_prints_the_help_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    assert out.startswith("usage: perfscore")
    for command in ("score", "explain", "template", "lint", "reconcile", "batch", "test"):
        assert re.search(rf"^ +{command}\b", out, re.MULTILINE), command
    assert "Exit codes" in out


def test_an_unknown_option_shows_the_commands_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["score", str(DEMO), str(DEMO_DATA), "--bogus"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: perfscore score ")
    assert "--bogus" in err and "Traceback" not in err


def test_the_installed_script_has_version_stdin_and_stdout(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("perfscore")
    exe = [str(script)] if script.exists() else [sys.executable, "-m", "perfscore"]
    version = processes.run([*exe, "--version"])
    assert (version.returncode, version.stdout) == (0, f"perfscore {perfscore.__version__}\n")
    scored = processes.run(
        [*exe, "score", str(DEMO), "-", "-o", "-", "-f", "json"],
        input=DEMO_DATA.read_bytes(),
        text=False,
        cwd=tmp_path,
    )
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["total"] == 6.25
    assert list(tmp_path.iterdir()) == []  # `-o -` made no file named '-'


# ----------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("name", "looks_like"),
    [
        ("out.json", "json"),
        ("OUT.JSON", "json"),
        ("out.csv", "csv"),
        ("out.html", "html"),
        ("out.md", "md"),
        ("OUT.XLSX", "xlsx"),
        ("out.txt", "md"),  # not a format's suffix: the default
    ],
)
def test_the_output_suffix_decides_the_format(
    name: str, looks_like: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / name
    code, out, err = run(capsys, "score", DEMO, DEMO_DATA, "-o", target)
    assert (code, out, err) == (0, "", "")
    data = target.read_bytes()
    if looks_like == "xlsx":
        assert zipfile.is_zipfile(target)
        return
    code, expected, _ = run(capsys, "score", DEMO, DEMO_DATA, "-f", looks_like)
    assert code == 0 and data == expected.encode("utf-8")  # the same bytes as printed


def test_an_explicit_format_wins_over_the_suffix_and_ignores_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.md"
    code, _, _ = run(capsys, "score", DEMO, DEMO_DATA, "-o", target, "--format", "JSON")
    assert code == 0 and json.loads(target.read_text(encoding="utf-8"))["total"] == 6.25
    code, _, _ = run(capsys, "score", DEMO, DEMO_DATA, "-o", target, "--format", "XLSX")
    assert code == 0 and zipfile.is_zipfile(target)


def test_explain_reconcile_template_and_lint_take_the_suffix_or_any_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    explained = tmp_path / "explain.JSON"
    assert run(capsys, "explain", DEMO, DEMO_DATA, "-o", explained)[0] == 0
    assert isinstance(json.loads(explained.read_text(encoding="utf-8")), (dict, list))
    code, out, _ = run(capsys, "explain", DEMO, DEMO_DATA, "-f", "MD")
    assert code == 0 and out.strip()
    checked = tmp_path / "reconcile.json"
    code = run(capsys, "reconcile", DEMO, DEMO_DATA, "-o", checked)[0]
    assert code in (0, 1) and "agrees" in json.loads(checked.read_text(encoding="utf-8"))
    form = tmp_path / "FORM.CSV"
    assert run(capsys, "template", DEMO, "-o", form)[0] == 0
    code, out, _ = run(capsys, "template", DEMO, "-o", "-", "-f", "CSV")
    assert code == 0 and out == form.read_bytes().decode("utf-8")
    code, out, _ = run(capsys, "lint", DEMO, "--format", "JSON")
    assert code == 0 and json.loads(out) == []


def test_a_binary_format_to_a_terminal_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run(capsys, "score", DEMO, DEMO_DATA, "-f", "xlsx", "-o", "-")
    assert code == 2 and out == ""
    assert "-o FILE" in one_line(err)


def test_a_binary_format_goes_to_a_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["score", str(DEMO), str(DEMO_DATA), "-f", "xlsx", "-o", "-"]) == 0
    out = capsysbinary.readouterr().out
    assert zipfile.is_zipfile(io.BytesIO(out))
    assert list(tmp_path.iterdir()) == []


def test_dash_output_is_standard_output_not_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "score", DEMO, DEMO_DATA, "-o", "-", "-f", "json")
    assert code == 0 and json.loads(out)["total"] == 6.25
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- DATA -


def _as_json(path: Path) -> bytes:
    return json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), ensure_ascii=False).encode()


def _total(capsys: pytest.CaptureFixture[str], *argv: object) -> Any:
    code, out, err = run(capsys, *argv, "-f", "json")
    assert code == 0, err
    return json.loads(out)["total"]


@pytest.mark.parametrize("kind", ["yaml", "json", "csv form", "xlsx form"])
def test_dash_data_reads_stdin_of_any_kind(
    kind: str,
    tmp_path: Path,
    private_tmp: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if kind == "yaml":
        data = HECHENG.read_bytes()
    elif kind == "json":
        data = _as_json(HECHENG)
    else:
        form = tmp_path / ("form.csv" if kind == "csv form" else "form.xlsx")
        assert run(capsys, "template", "department-common", "--from", HECHENG, "-o", form)[0] == 0
        data = form.read_bytes()
    expected = _total(capsys, "score", "department-common", HECHENG)
    _stdin(monkeypatch, data)
    assert _total(capsys, "score", "department-common", "-") == expected == 99
    assert list(private_tmp.iterdir()) == []  # the spooled copy is gone


def test_data_format_overrides_the_sniffing_and_ignores_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    form = tmp_path / "form.csv"
    assert run(capsys, "template", DEMO, "--from", DEMO_DATA, "-o", form)[0] == 0
    _stdin(monkeypatch, form.read_bytes())
    assert _total(capsys, "score", DEMO, "-", "--data-format", "CSV") == 6.25
    _stdin(monkeypatch, form.read_bytes())
    code, _, err = run(capsys, "score", DEMO, "-", "--data-format", "yaml")
    assert code == 1 and one_line(err).startswith("perfscore: <stdin>")
    _stdin(monkeypatch, form.read_bytes())
    code, _, err = run(capsys, "score", DEMO, "-", "--data-format", "pdf")
    assert code == 2 and "pdf" in one_line(err)


def test_stdin_errors_name_stdin(
    private_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = DEMO_DATA.read_text(encoding="utf-8").replace("预算数: 500万元", "预算数: 五百万元")
    line_no = next(i for i, s in enumerate(text.splitlines(), 1) if "五百万元" in s)
    _stdin(monkeypatch, text.encode("utf-8"))
    code, out, err = run(capsys, "score", DEMO, "-")
    assert code == 1 and out == ""
    assert one_line(err).startswith(f"perfscore: <stdin>:{line_no}: B1: 预算数: ")
    assert str(private_tmp) not in err
    for data in (b"", b"  \n"):
        _stdin(monkeypatch, data)
        code, _, err = run(capsys, "score", DEMO, "-")
        assert code == 1 and one_line(err).startswith("perfscore: <stdin>: ")
    assert list(private_tmp.iterdir()) == []


def test_stdin_is_bounded(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "STDIN_MAX_BYTES", 100)
    _stdin(monkeypatch, b"values:\n" + b"  x: 1\n" * 100)
    code, _, err = run(capsys, "score", DEMO, "-")
    assert code == 1 and "100 bytes" in one_line(err) and "<stdin>" in err


def test_template_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from_file, from_stdin = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run(capsys, "template", DEMO, "--from", DEMO_DATA, "-o", from_file)[0] == 0
    _stdin(monkeypatch, DEMO_DATA.read_bytes())
    assert run(capsys, "template", DEMO, "--from", "-", "-o", from_stdin)[0] == 0
    assert from_stdin.read_bytes() == from_file.read_bytes()  # the record id is the same


@pytest.mark.parametrize(
    ("data", "suffix"),
    [
        (b"PK\x03\x04\x14\x00rest", ".xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
        (b'  {"values": {}}', ".json"),
        (b"[1, 2]", ".json"),
        (b"values:\n  a: 1\n", ".yaml"),
        (b"# a comment\n\nid: x\nvalues: {}\n", ".yaml"),
        (b"---\nvalues: {}\n", ".yaml"),
        ("\ufeff类别,字段,要点\n记录,记录编号,\n".encode(), ".csv"),
        (b"id,a,b\nx,1,2\n", ".csv"),
        ("编制数: 37\n".encode(), ".yaml"),
        (b"a:b,c\n1,2\n", ".csv"),
    ],
)
def test_sniff(data: bytes, suffix: str) -> None:
    assert sniff(data) == suffix


# ----------------------------------------------------------------------------- bad output paths


COMMANDS_WRITING = [
    ["score", DEMO, DEMO_DATA],
    ["explain", DEMO, DEMO_DATA],
    ["reconcile", DEMO, DEMO_DATA],
    ["template", DEMO, "-f", "csv"],
]


def _bad_targets(tmp_path: Path) -> Iterator[tuple[str, str]]:
    (tmp_path / "somedir").mkdir()
    yield str(tmp_path / "missing" / "dir" / "out.md"), "does not exist"
    yield str(tmp_path / "somedir"), "directory"
    yield str(tmp_path / "somedir") + "/", "directory"
    yield str(tmp_path / "new") + "/", "directory"
    yield "", "empty"
    yield str(tmp_path / ("长" * 100 + ".md")), "too long"
    yield "/dev/null", "not a regular file"
    yield "/proc/self/perfscore-out.md", "kernel"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    yield str(tmp_path / "file" / "out.md"), "not a directory"


def test_a_bad_output_path_is_one_line_exit_1_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for target, words in _bad_targets(tmp_path):
        before = sorted(tmp_path.rglob("*"))
        for command in COMMANDS_WRITING:
            code, out, err = run(capsys, *command, "-o", target)
            assert (code, out) == (1, ""), (command, target, err)
            line = one_line(err)
            assert words in line, line
            assert sorted(tmp_path.rglob("*")) == before, target
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dev_full_is_refused_and_stays_a_device(capsys: pytest.CaptureFixture[str]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    code, _, err = run(capsys, "score", DEMO, DEMO_DATA, "-o", "/dev/full")
    assert code == 1 and "/dev/full" in one_line(err)
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


def test_batch_refuses_bad_output_paths_the_same_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,编制数\nx,1\n", encoding="utf-8")
    (tmp_path / "taken.csv").mkdir()
    for target, words in [
        (tmp_path / "missing" / "out.csv", "does not exist"),
        (tmp_path / "taken.csv", "directory"),
    ]:
        code, _, err = run(capsys, "batch", DEMO, source, "-o", target)
        assert code == 1 and words in one_line(err), err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["in.csv", "taken.csv"]


# ----------------------------------------------------------------------------- symlinks


def test_a_symlink_target_is_replaced_by_the_file_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.md"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.md"
    link.symlink_to(victim)
    atomic_write(link, "new")
    assert not link.is_symlink() and link.read_text(encoding="utf-8") == "new"
    assert victim.read_text(encoding="utf-8") == "keep me"
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere")
    atomic_write(dangling, "x")
    assert not dangling.is_symlink() and not (tmp_path / "nowhere").exists()


def test_a_symlink_to_a_directory_or_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    for name, pointee in [("to-dir", tmp_path / "d"), ("to-null", Path("/dev/null"))]:
        link = tmp_path / name
        link.symlink_to(pointee)
        with pytest.raises(OutputError):
            atomic_write(link, "x")
        assert link.is_symlink()
    assert list((tmp_path / "d").iterdir()) == []


def test_a_planted_symlink_at_the_old_temp_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / ".out.md.tmp").symlink_to(victim)  # the fixed name the old writer used
    atomic_write(tmp_path / "out.md", "result")
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == "result"
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.md.tmp", "out.md", "victim"]


def test_the_temporary_file_is_unique_and_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    with atomic_open(target) as first, atomic_open(target) as second:
        names = [p.name for p in tmp_path.iterdir()]
        assert len(names) == 2 and all(n.startswith(".out.md.") for n in names)
        first.write(b"1")
        second.write(b"2")
    assert target.read_bytes() == b"1"  # the last to finish (the outer block) wins, complete
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_a_long_name_still_gets_a_temporary_file_that_fits(tmp_path: Path) -> None:
    target = tmp_path / ("评" * 80 + ".md")  # 242 bytes: fits, but not with a prefix and suffix
    atomic_write(target, "ok")
    assert target.read_text(encoding="utf-8") == "ok"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_check_target_accepts_a_new_file_and_keeps_its_name(tmp_path: Path) -> None:
    assert check_target(str(tmp_path / "new.md")) == tmp_path / "new.md"


# ----------------------------------------------------------------------------- failures


def test_concurrent_writers_leave_one_complete_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    contents = [(f"{i:02}," * 20_000 + "\n").encode() for i in range(20)]
    start = threading.Barrier(len(contents))
    errors: list[BaseException] = []

    def write(content: bytes) -> None:
        try:
            start.wait()
            atomic_write(target, content)
        except BaseException as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(c,)) for c in contents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_bytes() in contents
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_concurrent_commands_leave_one_complete_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    command = [sys.executable, "-m", "perfscore", "score", str(DEMO), str(DEMO_DATA), "-o"]
    with contextlib.ExitStack() as stack:
        started = [stack.enter_context(processes.spawn([*command, str(target)])) for _ in range(6)]
        for process in started:
            _, err = process.communicate(timeout=processes.TIMEOUT)
            assert process.returncode == 0 and "Traceback" not in err
    assert json.loads(target.read_text(encoding="utf-8"))["total"] == 6.25
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def _full_disk(*args: Any) -> None:
    raise OSError(errno.ENOSPC, "disk full (test)")


def test_a_full_disk_at_fsync_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.md"
    target.write_text("the old report", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", _full_disk)
    code, out, err = run(capsys, "score", DEMO, DEMO_DATA, "-o", target)
    assert code == 1 and out == ""
    assert str(target) in one_line(err) and "disk full (test)" in err
    assert target.read_text(encoding="utf-8") == "the old report"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


class _FullFile(io.RawIOBase):
    """A file whose every write fails as on a full disk."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, "disk full (test)")

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


def test_a_full_disk_while_writing_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.md"
    target.write_bytes(b"old")
    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: _FullFile(fd))
    with pytest.raises(OutputError, match="disk full"):
        atomic_write(target, "new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_batch_on_a_full_disk_leaves_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("id,编制数\nx,1\n", encoding="utf-8")
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "fsync", _full_disk)
    with pytest.raises(OutputError):
        run_batch(load_framework(DEMO), source, target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_an_interrupt_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic_open(target) as handle:
        handle.write(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_the_new_file_has_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    atomic_write(tmp_path / "out.md", "x")
    assert stat.S_IMODE(os.stat(tmp_path / "out.md").st_mode) == 0o666 & ~umask


# ----------------------------------------------------------------------------- perfscore test


def test_perfscore_test_selecting_nothing_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "test", CASES, "-k", "no case is called this")
    assert code == 2 and out == ""
    assert "no case is called this" in one_line(err)
    code, out, _ = run(capsys, "test", CASES, "-k", "99")
    assert code == 0 and " passed, 0 failed" in out and not out.startswith("0 passed")
