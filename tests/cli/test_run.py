"""`cli.run`, the process entry point, in-process: what is left after HandledGroup (Click's own
errors, a closed stdout, an internal error) becomes an exit code, never a traceback."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from hcai_path.cli import run

run_module = importlib.import_module("hcai_path.cli.run")  # the package's `run` is the function


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["list", "--format", "json", "--max-cost", "-1"], 2),
        (["list", "--type", "nope"], 2),
        (["list", "--format", "json", "--max-months", "3"], 0),
        (["nope"], 2),
        (["--version"], 0),
        (["list", "--search", "no-such-program-anywhere"], 1),
    ],
)
def test_run_exit_codes(
    args: list[str], code: int, capsys: pytest.CaptureFixture[str], isolated: Path
) -> None:
    with pytest.raises(SystemExit) as e:
        run(args)
    assert e.value.code == code
    assert "Traceback" not in capsys.readouterr().err


def test_an_internal_error_says_so_plainly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import hcai_path.cli.io as io

    def bug() -> None:
        raise ZeroDivisionError("a bug")

    for name in ("get_rules",):
        monkeypatch.setattr(io, name, bug)
    import hcai_path.cli.vocabularies as vocabularies

    monkeypatch.setattr(vocabularies, "get_rules", bug, raising=False)
    with pytest.raises(SystemExit) as e:
        run(["roles"])
    assert e.value.code == 1
    err = capsys.readouterr().err
    assert err == (
        "error: internal error: ZeroDivisionError: a bug (set HCAI_PATH_DEBUG=1 for a traceback)\n"
    )
    monkeypatch.setenv("HCAI_PATH_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        run(["roles"])


def test_a_ctrl_c_in_a_command_says_interrupted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import hcai_path.cli.io as io
    import hcai_path.cli.vocabularies as vocabularies

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(io, "get_rules", interrupted)
    monkeypatch.setattr(vocabularies, "get_rules", interrupted, raising=False)
    with pytest.raises(SystemExit) as e:
        run(["roles"])
    assert e.value.code == run_module.INTERRUPTED == 130
    assert capsys.readouterr().err == "\ninterrupted\n"
