"""Atomic, locked file writes: a temp file in the same folder, fsync, rename.

A reader of the target sees the old file or the new one, never a truncated or mixed one, even
when writers run concurrently or one is killed at any moment. A writer killed between creating
its temp file and renaming it leaves the temp file behind; the next write to the same target
removes such leftovers once they are older than `STALE_TEMP_SECONDS`.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator


def user_folder(explicit_env: str, xdg_env: str, fallback: str) -> str:
    """A per-user folder of hcai-path: `explicit_env` when set, else `$xdg_env/hcai-path`,
    else `~/<fallback>/hcai-path` (the XDG base directory rules)."""
    explicit = os.environ.get(explicit_env)
    if explicit:
        return explicit
    base = os.environ.get(xdg_env) or os.path.join(os.path.expanduser("~"), fallback)
    return os.path.join(base, "hcai-path")


# A temp file older than this cannot belong to a live writer of a small file.
STALE_TEMP_SECONDS = 60.0
_TEMP_SUFFIX = ".tmp"
# mkstemp's random part: 8 characters of this alphabet.
_RANDOM_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


@contextlib.contextmanager
def locked(path: str) -> Iterator[None]:
    """Hold an exclusive lock on the folder of `path` so concurrent writers take turns.

    The lock is taken on the folder itself, so no lock file is left behind.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: the rename alone still keeps the file whole
        yield
        return
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:  # a folder that cannot be opened: the rename still keeps the file whole
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def write_atomic(
    path: str, data: bytes | Iterable[bytes], *, lock: bool = True, make_folder: bool = True
) -> None:
    """Replace `path` with `data` (bytes, or pieces of it) so readers see the old file or the
    new one, never a mix.

    A symlink is followed (its target is replaced, the link kept). A path that is not a
    regular file (`/dev/stdout`, `/dev/null`, a FIFO) is written in place: renaming over it
    would replace the device with a file. A missing folder is made unless `make_folder` is
    False (then FileNotFoundError).
    """
    chunks = (data,) if isinstance(data, bytes) else data
    path = os.path.realpath(path) if os.path.islink(path) else path
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "Is a directory", path)
    if mode is not None and not stat.S_ISREG(mode):
        with open(path, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
        return
    folder = os.path.dirname(os.path.abspath(path))
    if make_folder:
        os.makedirs(folder, exist_ok=True)
    context = locked(path) if lock else contextlib.nullcontext()
    with context:
        prefix = _temp_prefix(path)
        remove_stale_temps(folder, prefix)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=_TEMP_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as f:
                # mkstemp makes the file 0600: keep the old file's mode, else the umask's.
                os.fchmod(f.fileno(), stat.S_IMODE(mode) if mode is not None else _default_mode())
                for chunk in chunks:
                    f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


def _temp_prefix(path: str) -> str:
    # Cut long names so that the temp name stays within the file system's 255 bytes.
    return "." + os.path.basename(path)[:180] + "."


def is_temp_of(name: str, prefix: str) -> bool:
    """Whether `name` is a temp file that `write_atomic` made for a target with `prefix`."""
    if not (name.startswith(prefix) and name.endswith(_TEMP_SUFFIX)):
        return False
    middle = name[len(prefix) : -len(_TEMP_SUFFIX)]
    return len(middle) == 8 and set(middle) <= _RANDOM_CHARS


def remove_stale_temps(folder: str, prefix: str, *, older_than: float | None = None) -> int:
    """Remove temp files of a killed writer of this target; the number removed."""
    limit = time.time() - (STALE_TEMP_SECONDS if older_than is None else older_than)
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        if not is_temp_of(name, prefix):
            continue
        full = os.path.join(folder, name)
        with contextlib.suppress(OSError):
            info = os.lstat(full)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                os.unlink(full)
                removed += 1
    return removed


def _default_mode() -> int:
    """0666 less the process umask, as `open()` would create the file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
