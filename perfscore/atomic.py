"""The one way perfscore writes an output file: completely, or not at all.

Every command that writes a file (score, explain, reconcile, template, batch) goes through
`atomic_open` or `atomic_write`:

- the target is checked first: an empty name, a name ending in a separator, a missing parent
  directory, a name too long, an existing directory, a device (/dev/null, /dev/full), a pipe or
  a socket, and anything under /proc or /sys are refused with one `OutputError` naming the file;
- the bytes go to a temporary file created exclusively (`tempfile.mkstemp`: O_CREAT | O_EXCL, a
  random name, so a symlink planted beside the target is never followed) in the target's own
  directory; it is written through the descriptor mkstemp returned, never reopened by name;
- the temporary file is flushed, fsync'ed, given the usual permissions (0666 less the umask) and
  renamed over the target with `os.replace`: a reader sees the old file or the new one, and
  concurrent writers leave one of their files, complete;
- any failure (a full disk, an interrupt) removes the temporary file and leaves the old target
  as it was; an OSError becomes one `OutputError`.

A target that is a symbolic link is replaced by the new file (the link itself, as `os.replace`
and `mv` do; the file it pointed to is left alone) unless it points to something that is not a
regular file, which is refused like that thing itself.

This module is low in the layering: it imports only `errors`.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError, PerfscoreError

_SPECIAL_ROOTS = ("/proc", "/sys")
_TEMP_SUFFIX = ".tmp"
_RANDOM_CHARS = 8  # what tempfile adds between prefix and suffix
_umask_lock = threading.Lock()
_umask: int | None = None


def _current_umask() -> int:
    """The process umask, read once (reading it means setting it: done under a lock)."""
    global _umask
    with _umask_lock:
        if _umask is None:
            _umask = os.umask(0o022)
            os.umask(_umask)
        return _umask


def _name_max(directory: Path) -> int:
    try:
        return os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def _refuse(target: str, message: str) -> OutputError:
    return OutputError(f"{message} (无法写出)", file=target)


def check_target(target: str | os.PathLike[str]) -> Path:
    """The output path, after refusing what cannot be replaced by a regular file."""
    raw = os.fspath(target)
    if raw == "":
        raise _refuse("''", "an empty output file name")
    if "\0" in raw:
        raise _refuse(repr(raw), "an output file name with a NUL character")
    if raw.endswith(("/", os.sep)) or os.path.basename(raw) in ("", ".", ".."):
        raise _refuse(raw, "names a directory, not a file; give a file name")
    path = Path(raw)
    parent = path.parent
    try:
        parent_stat = os.stat(parent)
    except FileNotFoundError:
        raise _refuse(raw, f"directory {str(parent)!r} does not exist") from None
    except OSError as exc:
        raise _refuse(raw, f"directory {str(parent)!r}: {exc.strerror}") from None
    if not stat.S_ISDIR(parent_stat.st_mode):
        raise _refuse(raw, f"{str(parent)!r} is not a directory")
    real_parent = os.path.realpath(parent)
    if any(real_parent == root or real_parent.startswith(root + "/") for root in _SPECIAL_ROOTS):
        raise _refuse(raw, f"{real_parent} is a kernel file system, not a place for output files")
    if len(os.fsencode(path.name)) > _name_max(parent):
        raise _refuse(raw, "file name too long")
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            mode = os.stat(path).st_mode  # what the link points to
    except FileNotFoundError:
        return path  # a new file, or a dangling link (replaced by the file)
    except OSError as exc:
        raise _refuse(raw, exc.strerror or str(exc)) from None
    if stat.S_ISDIR(mode):
        raise _refuse(raw, "is a directory; give a file name")
    if not stat.S_ISREG(mode):
        raise _refuse(
            raw, "is not a regular file (a device, pipe or socket); use -o - for standard output"
        )
    return path


def _temp_prefix(path: Path, name_max: int) -> str:
    """`.NAME.`, NAME cut (on a character boundary) so that the temporary name fits."""
    room = name_max - 2 - _RANDOM_CHARS - len(_TEMP_SUFFIX)
    name = os.fsencode(path.name)[: max(room, 1)]
    return f".{name.decode('utf-8', 'ignore') or 'out'}."


@contextlib.contextmanager
def atomic_open(target: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write `target`'s new content to; it becomes `target` when the block
    ends normally, and disappears (the old `target` untouched) when the block raises anything,
    KeyboardInterrupt included. Do not close it; text wrappers should be flushed and detached."""
    path = check_target(target)
    shown = os.fspath(target)
    try:
        fd, name = tempfile.mkstemp(
            dir=path.parent, prefix=_temp_prefix(path, _name_max(path.parent)), suffix=_TEMP_SUFFIX
        )
    except OSError as exc:
        raise _refuse(shown, f"cannot create a file beside it: {exc.strerror}") from None
    handle = os.fdopen(fd, "wb")
    try:
        try:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), 0o666 & ~_current_umask())
            handle.close()
            os.replace(name, path)
        except OSError as exc:
            if exc.filename not in (None, name, os.fspath(path)):
                raise PerfscoreError(  # not the output: an input that could not be read
                    exc.strerror or str(exc), file=str(exc.filename)
                ) from None
            raise _refuse(shown, f"cannot write: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            handle.close()
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    _sync_directory(path.parent)


def _sync_directory(directory: Path) -> None:
    """Make the rename durable; a file system that cannot is not an error."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(target: str | os.PathLike[str], content: str | bytes) -> None:
    """Write `content` (text as UTF-8, exactly as given) to `target` through `atomic_open`."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_open(target) as handle:
        handle.write(data)


__all__ = ["atomic_open", "atomic_write", "check_target"]
