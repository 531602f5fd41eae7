"""Safe output: atomic writes, refused targets, all-or-nothing staging and stale temp files cleaned.

* :func:`atomic_path` / :func:`atomic_write` write to a temporary file beside the target, then rename
  it over the target: a crash or an error half-way never leaves a partial output file behind.
* A target that exists and is not a regular file (a device node, a FIFO, a folder) is refused, and
  so is a symbolic link: geomap never replaces one silently, nor writes through it to elsewhere.
* Temporary files are written in folders named ``.NAME.geomap-PID-XXXX.tmp``; one left by a process that no longer
  runs (killed with ``kill -9``) is removed the next time geomap writes into that folder.
* :class:`Staging` writes several outputs into temporary paths and moves them all into place
  only when every one was written, so that an interrupted run leaves the old outputs, not a mix.
* :func:`check_outputs` refuses an output that is one of the inputs, or two outputs on one path.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from geomap.errors import UsageError

_TMP_MARK = "geomap-"
_STALE = re.compile(r"^\..+\.geomap-(\d+)-.*\.tmp$|^\.geomap-stage-(\d+)-.*$")


def check_target(path: str | os.PathLike[str], *, folder_ok: bool = False) -> Path:
    """``path`` as a Path if geomap may write it: absent, or an existing regular file (not a link);
    with ``folder_ok`` also an existing folder (outputs that are folders of files)."""
    target = Path(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return target
    if stat.S_ISLNK(info.st_mode):
        raise UsageError(
            f"{target} is a symbolic link to {os.readlink(target)}; geomap does not write through links: "
            "give the real path"
        )
    if not stat.S_ISREG(info.st_mode) and not (folder_ok and stat.S_ISDIR(info.st_mode)):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device or special file"
        raise UsageError(f"{target} is {kind}, not a file geomap can write")
    return target


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def clean_stale(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove geomap's temporary files and staging folders in ``folder`` whose process has ended."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _STALE.match(entry.name)
        if not m:
            continue
        pid = int(m[1] or m[2])
        if pid == os.getpid() or _alive(pid):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; move it onto ``path`` on success.

    For libraries that insist on writing files themselves (pyogrio, pyarrow). The temporary file
    has the target's own name, inside a private folder, because some formats (GeoPackage) record
    the file name they were written under: the same events then give the same bytes.
    """
    target = check_target(path, folder_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target.parent)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.{_TMP_MARK}{os.getpid()}-", suffix=".tmp",
                                   dir=target.parent))  # fmt: skip
    tmp_path = folder / target.name
    try:
        yield tmp_path
        check_target(target, folder_ok=True)
        os.replace(tmp_path, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None
) -> Iterator[IO]:
    """Open a temporary file for writing; it replaces ``path`` only if the block succeeds."""
    with atomic_path(path) as tmp:
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": newline}
        with open(tmp, mode, **kwargs) as fh:
            yield fh


def _key(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.abspath(os.path.expanduser(os.fspath(path)))).resolve()


def check_outputs(outputs: Iterable[str | os.PathLike[str]], inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Refuse an output that would overwrite an input or another output, and unwritable targets."""
    seen: dict[Path, str] = {}
    sources = {_key(p): str(p) for p in inputs}
    for out in outputs:
        check_target(out)
        key = _key(out)
        if key in sources:
            raise UsageError(f"the output {out} would overwrite the input {sources[key]}")
        if key in seen:
            raise UsageError(f"two outputs on one path: {seen[key]} and {out}")
        seen[key] = str(out)


class Staging:
    """Outputs written to temporary paths, then all moved into place, or none.

    ``path(target)`` gives the path to write ``target`` to; leaving the ``with`` block normally
    moves every staged file onto its target, leaving it by an exception discards them all.
    """

    def __init__(self) -> None:
        self._folders: dict[Path, Path] = {}
        self._staged: dict[Path, Path] = {}

    def path(self, target: str | os.PathLike[str]) -> Path:
        """Where to write ``target`` for now (same folder tree, so the final move is a rename)."""
        dest = check_target(target).absolute()
        parent = dest.parent
        if parent not in self._folders:
            parent.mkdir(parents=True, exist_ok=True)
            clean_stale(parent)
            self._folders[parent] = Path(tempfile.mkdtemp(prefix=f".geomap-stage-{os.getpid()}-", dir=parent))
        staged = self._folders[parent] / dest.name
        self._staged[dest] = staged
        return staged

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind, value, tb) -> None:
        try:
            if kind is None:
                for dest in self._staged:
                    check_target(dest)
                for dest, staged in self._staged.items():
                    if staged.exists():
                        os.replace(staged, dest)
        finally:
            for folder in self._folders.values():
                shutil.rmtree(folder, ignore_errors=True)
