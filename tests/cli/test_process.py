"""The real process (`python -m hcai_path`): streams, exit codes, and its edges: a closed pipe,
a full disk, a FIFO, Ctrl-C at any moment. Nothing ends in a traceback."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomli_w
from conftest import ANSI, REPO, WriteCatalog, subprocess_env
from data_cases import program

from cli.expected import TSV_HEADER

PYTHON = [sys.executable, "-m", "hcai_path"]
BAD_TOML = '[[programs]]\nid = "x"\nname = \n'


@pytest.fixture(scope="module")
def big_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Large enough that its output fills any pipe buffer and loading takes a while."""
    entries = [program(id=f"p-{i}", name=f"Program {i}", cost_usd=i) for i in range(3000)]
    path = tmp_path_factory.mktemp("big") / "big.toml"
    path.write_text(tomli_w.dumps({"programs": entries}), encoding="utf-8")
    return path


def test_streams_are_separate(isolated: Path, catalog_file: Path) -> None:
    """Data on stdout, notes on stderr, no ANSI when piped."""
    result = subprocess.run(
        [*PYTHON, "--catalog", str(catalog_file), "list"],
        capture_output=True,
        text=True,
        env={**subprocess_env(isolated), "TERM": "xterm-256color"},
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == TSV_HEADER
    assert "stale" in result.stderr
    assert not ANSI.search(result.stdout + result.stderr)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["show", "no-such-id"], 2),
        (["list", "--bogus"], 2),
        (["list", "--search", "no-such-thing"], 1),
        (["--catalog", "/no/such/file.toml", "list"], 2),
        (["--catalog", "BAD", "list"], 3),
    ],
)
def test_exit_codes(
    isolated: Path, catalog_file: Path, write_catalog: WriteCatalog, args: list[str], code: int
) -> None:
    if args[:2] == ["--catalog", "BAD"]:
        args = ["--catalog", str(write_catalog(BAD_TOML, "bad.toml")), *args[2:]]
    full = args if args[0] == "--catalog" else ["--catalog", str(catalog_file), *args]
    result = subprocess.run(
        [*PYTHON, *full], capture_output=True, text=True, env=subprocess_env(isolated), timeout=60
    )
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
    if code == 3:
        assert ":3:" in result.stderr


@pytest.mark.parametrize("fmt", ["tsv", "json"])
def test_stdout_closed_early(big_catalog: Path, isolated: Path, fmt: str) -> None:
    """`| head -1`: a clean stop, exit 0, no traceback, no BrokenPipeError, with an empty cache
    and a warm one (the JSON of a large list streams)."""
    command = (
        f"'{sys.executable}' -m hcai_path --catalog '{big_catalog}' list --format {fmt} "
        '| head -1; exit "${PIPESTATUS[0]}"'
    )
    for _ in ("cold", "warm"):
        done = subprocess.run(
            ["bash", "-c", command], capture_output=True, env=subprocess_env(isolated), timeout=120
        )
        first = "id\tname\t" if fmt == "tsv" else "[\n"
        assert done.stdout.decode().startswith(first) and done.stdout.count(b"\n") == 1
        assert b"Traceback" not in done.stderr, done.stderr
        assert b"Exception ignored" not in done.stderr and b"BrokenPipe" not in done.stderr
        assert done.returncode == 0, done.stderr


def test_full_disk(isolated: Path, catalog_file: Path) -> None:
    """`> /dev/full`: a one-line error and exit 1 (a failed write), no traceback."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*PYTHON, "--catalog", str(catalog_file), "list", "-f", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=subprocess_env(isolated),
            timeout=60,
        )
    assert done.returncode == 1, "a full disk is a failure, not a usage error"
    assert "Traceback" not in done.stderr
    assert "error: " in done.stderr and "No space left" in done.stderr


def test_output_to_a_full_disk(isolated: Path, catalog_file: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    done = subprocess.run(
        [*PYTHON, "--catalog", str(catalog_file), "list", "-f", "json", "--output", "/dev/full"],
        capture_output=True,
        text=True,
        env=subprocess_env(isolated),
        timeout=60,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "cannot write /dev/full" in done.stderr


def test_output_to_a_fifo_keeps_the_fifo(tmp_path: Path, isolated: Path) -> None:
    """`--output` to something not a regular file writes into it; it never replaces it."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    child = subprocess.Popen(
        [*PYTHON, "list", "--format", "json", "--output", str(fifo)],
        env=subprocess_env(isolated),
        stderr=subprocess.PIPE,
    )
    with open(fifo, "rb") as reader:
        data = reader.read()
    _, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert json.loads(data)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_output_replaces_a_file_atomically(tmp_path: Path, isolated: Path) -> None:
    out = tmp_path / "selection.toml"
    out.write_text("old content\n")
    done = subprocess.run(
        [*PYTHON, "list", "--type", "executive", "--output", str(out)],
        capture_output=True,
        text=True,
        env=subprocess_env(isolated),
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout == "", done.stderr
    import tomllib

    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert data["programs"] and all(p["type"] == "executive" for p in data["programs"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["selection.toml"]


# ---- Ctrl-C ---------------------------------------------------------------------------------

# Runs `python -m hcai_path ARGS`, stopping (before the import) at the first import of TARGET:
# it writes one byte to the MARK descriptor, then waits for the parent's Ctrl-C. The signal so
# lands at a known point, not after a guessed sleep.
PAUSE_AT_IMPORT = r"""
import os, runpy, sys, time

target, mark = sys.argv[1], int(sys.argv[2])


class PauseAt:
    def find_spec(self, name, path=None, module=None):
        if name == target:
            sys.meta_path.remove(self)
            os.write(mark, b"x")
            os.close(mark)
            for _ in range(6000):  # a minute at most; the Ctrl-C ends it
                time.sleep(0.01)
        return None


sys.meta_path.insert(0, PauseAt())
sys.argv = ["hcai-path", *sys.argv[3:]]
runpy.run_module("hcai_path", run_name="__main__", alter_sys=True)
"""


def interrupt_at(target: str, args: list[str], home: Path) -> tuple[int, bytes]:
    """The exit code and stderr of a run that gets Ctrl-C when it first imports `target`."""
    read, write = os.pipe()
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSE_AT_IMPORT, target, str(write), *args],
        env=subprocess_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        pass_fds=(write,),
    )
    os.close(write)
    try:
        reached = os.read(read, 1)  # blocks until the child is at the import (or has ended)
    finally:
        os.close(read)
    if reached:
        child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert reached == b"x", f"{target} was never imported: {err!r}"
    return child.returncode, err


@pytest.mark.parametrize(
    "target",
    [
        "typer",  # while the CLI imports (before any command runs)
        "hcai_path.load",  # as the command starts: reading the data
        "tomllib",  # while parsing the catalog (an empty cache)
        "hcai_path.render.json",  # while writing the answer
    ],
)
def test_ctrl_c_is_exit_130_wherever_it_lands(
    target: str, isolated: Path, catalog_file: Path
) -> None:
    """Once hcai-path's own code runs, Ctrl-C ends the run with 130 and one word, whatever it
    was doing (deterministic: the signal lands at the named import, not after a sleep)."""
    code, err = interrupt_at(target, ["--catalog", str(catalog_file), "list", "-f", "json"],
                             isolated)  # fmt: skip
    assert code == 130 and err.endswith(b"\ninterrupted\n"), err
    assert b"Traceback" not in err and err.count(b"\n") <= 3  # at most a note before it


def test_ctrl_c_during_python_start_up_is_pythons(isolated: Path) -> None:
    """Before `hcai_path.__main__` runs, the interpreter is importing: a Ctrl-C then is
    Python's own (death by the signal, its KeyboardInterrupt), with no frame of hcai-path's
    command code; the allowed outcomes are exactly that or a clean 130."""
    code, err = interrupt_at("hcai_path.__main__", ["--version"], isolated)
    if code == 130:
        assert err == b"\ninterrupted\n"
    else:
        assert code == -signal.SIGINT, (code, err)
        assert b"KeyboardInterrupt" in err
        assert b"hcai_path/cli" not in err and b"hcai_path\\cli" not in err


def start_on_fifo(fifo: Path, home: Path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    """Run `--catalog FIFO ARGS`; return once the child has opened the FIFO (past start-up)."""
    os.mkfifo(fifo)
    child = subprocess.Popen(
        [*PYTHON, "--catalog", str(fifo), *args],
        env=subprocess_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while True:  # a non-blocking open for writing succeeds once the reader has opened it
        try:
            return child, os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            assert time.monotonic() < deadline, "the child never opened the catalog"
            time.sleep(0.01)


def test_ctrl_c_while_reading_the_catalog(tmp_path: Path, isolated: Path) -> None:
    """The process blocks reading a FIFO catalog, then gets Ctrl-C.

    CPython runs a signal's handler between bytecodes: a signal that lands just before the
    blocking read starts waits for the read to end. So the writer closes the FIFO (the read
    ends with no data) if the Ctrl-C has not ended the run within a second; either way the
    outcome is the same, and the test never depends on when the signal landed."""
    child, fd = start_on_fifo(tmp_path / "catalog.toml", isolated, "list")
    try:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass
    finally:
        os.close(fd)
    _, err = child.communicate(timeout=60)
    assert (child.returncode, err) == (130, b"\ninterrupted\n")


@pytest.mark.parametrize("delay", [0.0, 0.2, 0.5])
def test_ctrl_c_while_working(
    big_catalog: Path, tmp_path: Path, isolated: Path, delay: float
) -> None:
    """Ctrl-C while parsing, validating or printing a large catalog fed through a FIFO."""
    child, fd = start_on_fifo(tmp_path / "catalog.toml", isolated, "list", "--format", "json")
    try:
        os.set_blocking(fd, True)
        os.write(fd, big_catalog.read_bytes())
    finally:
        os.close(fd)
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    # 130: interrupted; 0: it had finished (a Ctrl-C at the very end is ignored)
    assert (child.returncode, err) in ((130, b"\ninterrupted\n"), (0, b"")), err


@pytest.mark.parametrize("size", [3, 3000])
def test_invalid_catalog_through_a_fifo_is_located(
    tmp_path: Path, isolated: Path, size: int
) -> None:
    """A pipe cannot be read twice: the slow path, which names the problem, uses the kept bytes
    (small catalogs go to tomllib, large ones are cut into pieces for rtoml first)."""
    entries = [program(id=f"p-{i}", name=f"Program {i}") for i in range(size)]
    entries[-1]["delivery"] = "by-pigeon"
    child, fd = start_on_fifo(tmp_path / "catalog.toml", isolated, "list", "--format", "json")
    try:
        os.set_blocking(fd, True)
        os.write(fd, tomli_w.dumps({"programs": entries}).encode())
    finally:
        os.close(fd)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 3, err
    assert b"by-pigeon" in err and f"p-{size - 1}".encode() in err, err
    assert b"Traceback" not in err, err


def test_the_source_tree_is_what_runs() -> None:
    """The subprocess tests run this checkout's code (PYTHONPATH), not an installed copy."""
    assert str(REPO / "src") in subprocess_env(Path("/tmp"))["PYTHONPATH"]
