"""fsutil.py: atomic writes; readers see the old file or the new one, whole.

Concurrent writers and writers killed at any moment never leave a truncated or mixed file;
temp files a killed writer leaves behind are removed by the next write once stale.
"""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import REPO

from hcai_path import fsutil
from hcai_path.fsutil import is_temp_of, locked, remove_stale_temps, write_atomic


def payload(tag: str, size: int) -> bytes:
    """A self-checking payload: `tag|` repeated; any cut or mix of two payloads fails `whole`."""
    unit = f"{tag}|".encode()
    return unit * (size // len(unit) + 1)


def whole(data: bytes, size: int) -> bool:
    tag = data.split(b"|", 1)[0].decode(errors="replace")
    return data == payload(tag, size)


def leftovers(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".tmp"))


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


WRITER = """
import sys
from hcai_path.fsutil import write_atomic
path, tag, size, times = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
unit = (tag + "|").encode()
data = unit * (size // len(unit) + 1)
i = 0
while times < 0 or i < times:
    write_atomic(path, data)
    i += 1
"""


def test_concurrent_writers_never_mix(tmp_path: Path) -> None:
    target = tmp_path / "profile.toml"
    size = 200_000
    write_atomic(str(target), payload("initial", size))
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), f"writer{k}", str(size), "25"],
            env=child_env(),
        )
        for k in range(4)
    ]
    reads = 0
    while any(w.poll() is None for w in writers):
        data = target.read_bytes()
        assert whole(data, size), f"torn read: {data[:40]!r}...{data[-40:]!r} ({len(data)} bytes)"
        reads += 1
    assert all(w.wait() == 0 for w in writers)
    final = target.read_bytes()
    assert whole(final, size) and final.startswith(b"writer")
    assert reads > 0
    assert leftovers(tmp_path) == []
    assert os.listdir(tmp_path) == ["profile.toml"]  # the lock is the folder's: no lock file


def test_killed_writer_leaves_old_or_new_whole(tmp_path: Path) -> None:
    target = tmp_path / "big.bin"
    size = 8_000_000
    write_atomic(str(target), payload("initial", size))
    rng = random.Random(5)
    for round_ in range(12):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), f"round{round_}", str(size), "-1"],
            env=child_env(),
        )
        time.sleep(0.15 + rng.random() * 0.35)  # past start-up, somewhere inside a write
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert whole(target.read_bytes(), size), f"round {round_}: a torn file"
    # Killed writers may leave temp files; once stale, the next write removes them.
    for name in leftovers(tmp_path):
        old = time.time() - fsutil.STALE_TEMP_SECONDS - 5
        os.utime(tmp_path / name, (old, old))
    write_atomic(str(target), payload("after", size))
    assert whole(target.read_bytes(), size)
    assert leftovers(tmp_path) == []


def test_fresh_temp_files_are_left_alone(tmp_path: Path) -> None:
    """A temp file younger than a minute may be a live writer's (one without the lock)."""
    target = tmp_path / "data.toml"
    fresh = tmp_path / ".data.toml.abcd1234.tmp"
    stale = tmp_path / ".data.toml.zzzz9999.tmp"
    other = tmp_path / ".other.toml.abcd1234.tmp"
    odd = tmp_path / ".data.toml.not-ours.tmp"
    for path in (fresh, stale, other, odd):
        path.write_bytes(b"partial")
    old = time.time() - 3600
    for path in (stale, other, odd):
        os.utime(path, (old, old))
    write_atomic(str(target), b"x = 1\n")
    assert fresh.exists() and other.exists() and odd.exists()
    assert not stale.exists()
    assert target.read_bytes() == b"x = 1\n"


def test_temp_name_matching() -> None:
    assert is_temp_of(".p.toml.a_b3c9z0.tmp", ".p.toml.")
    assert not is_temp_of(".p.toml.a_b3c9z.tmp", ".p.toml.")  # 7 random characters
    assert not is_temp_of(".p.toml.A_B3C9Z0.tmp", ".p.toml.")
    assert not is_temp_of(".p.toml.bak.a_b3c9z0.tmp", ".p.toml.")
    assert not is_temp_of("p.toml", ".p.toml.")


def test_remove_stale_temps_in_missing_folder(tmp_path: Path) -> None:
    assert remove_stale_temps(str(tmp_path / "nope"), ".x.") == 0


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "keep.toml"
    write_atomic(str(target), b"old\n")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space"):
        write_atomic(str(target), b"new\n" * 1000)
    assert target.read_bytes() == b"old\n"
    assert leftovers(tmp_path) == []


def test_interrupt_mid_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "keep.toml"
    write_atomic(str(target), b"old\n")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(str(target), b"new\n")
    assert target.read_bytes() == b"old\n"
    assert leftovers(tmp_path) == []


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    write_atomic(str(link), b"new\n")
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"


def test_mode_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "private.toml"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    write_atomic(str(target), b"new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_file_mode_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(str(tmp_path / "new.toml"), b"x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o640


def test_directory_target_is_refused(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    with pytest.raises(IsADirectoryError):
        write_atomic(str(tmp_path / "dir"), b"x")
    assert leftovers(tmp_path) == []


def test_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(str(fifo), b"streamed\n")
    reader.join(timeout=30)
    assert got == [b"streamed\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_long_file_name(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 250)
    write_atomic(str(target), b"x\n")
    assert target.read_bytes() == b"x\n"


def test_missing_folder_is_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "profile.toml"
    write_atomic(str(target), b"x\n")
    assert target.read_bytes() == b"x\n"


def test_pieces_are_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "cache-entry"
    write_atomic(str(target), (b"head|", b"", b"payload"), lock=False)
    assert target.read_bytes() == b"head|payload"
    assert os.listdir(tmp_path) == ["cache-entry"]


def test_a_missing_folder_is_made_unless_told_not_to(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(str(tmp_path / "no" / "f"), b"x", make_folder=False)
    assert not (tmp_path / "no").exists()


def test_locked_makes_writers_take_turns(tmp_path: Path) -> None:
    target = str(tmp_path / "f")
    order: list[str] = []
    with locked(target):
        other = threading.Thread(target=lambda: (locked(target).__enter__(), order.append("b")))
        other.start()
        time.sleep(0.2)
        order.append("a")
    other.join(timeout=30)
    assert order == ["a", "b"]
