"""_typer_fast.py: the start-up patch over Typer gives exactly what Typer gives.

The commands are built on first lookup and option values coerced only when needed; help,
errors and every value come out as Typer's own. These tests pin the Typer versions the patch is
tested on (pyproject.toml); on another, `root_command` falls back to Typer's `get_command`.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st

from hcai_path import _typer_fast, cli
from hcai_path._typer_fast import _DeferredCoercion, root_command


def test_the_pinned_typer() -> None:
    """pyproject pins the Typer this patch reaches into; a new one needs these tests again."""
    import tomllib
    from importlib.metadata import version

    from conftest import REPO

    pins = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    [pin] = [p for p in pins if p.startswith("typer")]
    assert pin.startswith("typer>=0.29,<0.30")
    assert version("typer").startswith("0.29.")


def _run_in_process(command: Any, args: list[str]) -> str:
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        try:
            command.main(args, prog_name="hcai-path", standalone_mode=False)
        except Exception as e:  # noqa: BLE001 - the message is what is compared
            out.write(f"{type(e).__name__}: {e}")
    return out.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["list", "--help"],
        ["recommend", "--help"],
        ["catalog", "--help"],
        ["catalog", "validate", "--help"],
        ["profile", "show", "--help"],
        ["lis"],
        ["list", "--max-cost", "-1"],
        ["list", "--max-cost", "abc"],
        ["recommend", "--years", "1.5"],
        ["compare", "--help"],
    ],
)
def test_lazy_root_command_matches_typer(args: list[str]) -> None:
    eager = _run_in_process(typer.main.get_command(cli.app), list(args))
    lazy = _run_in_process(root_command(cli.app), list(args))
    assert lazy == eager


def test_lazy_root_command_lists_every_command() -> None:
    eager = typer.main.get_command(cli.app)
    lazy = root_command(cli.app)
    assert list(lazy.commands) == list(eager.commands)  # type: ignore[attr-defined]
    assert [p.name for p in lazy.params] == [p.name for p in eager.params]
    assert len(lazy.commands) == len(eager.commands)  # type: ignore[attr-defined]
    # the app's own registration is left as it was
    assert cli.app.registered_commands and cli.app.registered_groups


def test_commands_are_built_on_first_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    real = typer.main.get_command_from_info

    def spy(info: Any, **kwargs: Any) -> Any:
        built.append(info.callback.__name__)
        return real(info, **kwargs)

    monkeypatch.setattr(typer.main, "get_command_from_info", spy)
    root = root_command(cli.app)
    assert built == []
    root.commands["show"]  # type: ignore[attr-defined]
    root.commands["show"]  # type: ignore[attr-defined]
    assert built == ["show"]


def test_another_typer_falls_back_to_get_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """If Typer's internals differ (here: building the lazy table fails), every command is
    built as Typer does."""

    def differs(*args: Any, **kwargs: Any) -> Any:
        raise AttributeError("not this Typer")

    monkeypatch.setattr(_typer_fast, "_LazyCommands", differs)
    root = root_command(cli.app)
    assert type(root.commands) is dict  # type: ignore[attr-defined]
    assert list(root.commands) == list(typer.main.get_command(cli.app).commands)  # type: ignore[attr-defined]
    assert cli.app.registered_commands  # put back


def _every_param() -> list[Any]:
    root = root_command(cli.app)
    params = list(root.params)
    commands = [root.commands[name] for name in root.commands]  # type: ignore[attr-defined]
    while commands:
        command = commands.pop()
        params.extend(command.params)
        commands.extend(getattr(command, "commands", {}).values())
    return [p for p in params if hasattr(p, "type_descriptor")]


EVERY_PARAM = _every_param()
cli_values = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=12),
    st.from_regex(r"[0-9]{1,20}(\.[0-9]{0,8})?", fullmatch=True),
    st.text(alphabet="0123456789.-+e_ \u0663\u00b2", max_size=8),
    st.lists(st.text(max_size=6), max_size=3).map(tuple),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
)


def _coerced(runtime: Any, value: Any, param: Any) -> tuple[str, Any]:
    ctx = typer.Context(root_command(cli.app))
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except Exception as e:  # noqa: BLE001 - the message is what is compared
        return type(e).__name__, str(e)


@settings(max_examples=400, deadline=None)
@given(param=st.sampled_from(EVERY_PARAM), value=cli_values)
def test_deferred_coercion_is_typers(param: Any, value: Any) -> None:
    """Every shortcut of `_DeferredCoercion` gives what Typer's own coercion gives, type too."""
    from typer._coercion import build_runtime_param

    expected = _coerced(build_runtime_param(param.type_descriptor), value, param)
    got = _coerced(_DeferredCoercion(), value, param)
    assert got == expected
    assert type(got[1]) is type(expected[1])


def test_deferred_coercion_covers_every_param() -> None:
    """Every kind of option is one `_as_typer_would` knows (a new kind needs a shortcut, or
    goes to Typer's coercion), and every option defers."""
    kinds = {repr(p.type_descriptor.annotation) for p in EVERY_PARAM}
    assert {"<class 'bool'>", "<class 'str'>", "list[str]"} <= kinds
    assert kinds <= {"<class 'bool'>", "<class 'str'>", "<class 'int'>", "<class 'float'>",
                     "list[str]"}  # fmt: skip
    assert all(isinstance(p._runtime_param, _DeferredCoercion) for p in EVERY_PARAM)


@pytest.mark.parametrize(
    ("value", "annotation", "expected"),
    [
        ("12", int, 12),
        ("12.5", float, 12.5),
        ("12", float, 12.0),
        ("-1", int, _typer_fast._NOT_PLAIN),  # a sign: Typer says what is wrong
        ("1e3", float, _typer_fast._NOT_PLAIN),
        ("\u0663", int, _typer_fast._NOT_PLAIN),  # a non-ASCII digit
        ("x", str, "x"),
        (["a"], list[str], ["a"]),
        ((1,), list[str], _typer_fast._NOT_PLAIN),
    ],
)
def test_as_typer_would(value: Any, annotation: Any, expected: Any) -> None:
    info = typer.models.OptionInfo()
    got = _typer_fast._as_typer_would(value, annotation, info)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "json", "--type", "academic", "--max-cost", "50000"],
        ["recommend", "--role", "nurse", "--goal", "governance", "--budget", "5000.5"],
        ["recommend", "--role", "nurse", "--years", "3", "--have", "bachelors", "-f", "tsv"],
        ["show", "hms-aim-phd", "--format", "json"],
    ],
)
def test_plain_options_do_not_import_pydantic(args: list[str], tmp_path: Path) -> None:
    """Typer's coercion imports pydantic, a third of the start-up; plain values skip it, and so
    does a first run (an empty cache) on the shipped data, whose rules are the validated bytes."""
    code = (
        "import sys\n"
        "from hcai_path import cli\n"
        "try:\n    cli.run(sys.argv[1:])\n"
        "except SystemExit as e:\n"
        "    print(e.code, sorted(m for m in sys.modules if m.startswith('pydantic')),"
        " file=sys.stderr)\n"
    )
    env = dict(
        os.environ,
        HCAI_PATH_CACHE_DIR=str(tmp_path / "c"),
        HCAI_PATH_CONFIG_DIR=str(tmp_path / "p"),
    )
    for run in ("first", "cached"):
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        last = done.stderr.strip().splitlines()[-1]  # after any note
        assert last == "0 []", (run, done.stderr)
