"""The one fatal path (cli/app.py `HandledGroup.invoke`): usage errors exit 2 with a "did you
mean", broken data files exit 3 naming file, line, entry and field, nothing on stdout, never a
traceback."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest
import tomli_w
from conftest import FIXTURE_CATALOG, FIXTURE_IDS, Invoke, WriteCatalog, program_toml, set_cli_today
from data_cases import BROKEN, BROKEN_RULES, GOOD, RULES_TEXT, write
from typer.testing import Result

from cli.expected import ids_of
from hcai_path.errors import DataFileError, Problem
from hcai_path.load import shipped_data_path
from hcai_path.load import toml as toml_module


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """A day later than any `verified` date of the shipped catalog."""
    import datetime as dt

    set_cli_today(monkeypatch, dt.date(2030, 1, 1))


def check_error(result: Result, code: int, *needles: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


# ---- usage errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (["list", "--type", "acadmic"], "'academic'"),
        (["list", "--role", "nurce"], "'nurse'"),
        (["list", "--role", "data_scientst"], "'data-scientist'"),
        (["list", "--topic", "imagin"], "'imaging'"),
        (["list", "--delivery", "onlin"], "'online'"),
        (["list", "--credential", "certificat"], "'certificate'"),
        (["list", "--sort", "costs"], "'cost'"),
        (["list", "--format", "jsn"], "'json'"),
        (["list", "--country", "Germny"], "'DE'"),
        (["show", "betacert"], "'beta-cert'"),
        (["show", "gama-exec"], "'gamma-exec'"),
        (["compare", "beta-cert", "alpha-mx"], "'alpha-ms'"),
        (["recommend", "--role", "nurce"], "'nurse'"),
        (["recommend", "--role", "nurse", "--goal", "governanse"], "'governance'"),
    ],
)
def test_unknown_value_suggests(run_fixture: Invoke, args: list[str], suggestion: str) -> None:
    """An unknown value is a usage error (2) with a "did you mean" on stderr, nothing on stdout."""
    result = run_fixture(args)
    check_error(result, 2, "did you mean", suggestion)
    assert result.stderr.startswith("error: ")


@pytest.mark.parametrize(
    "args",
    [
        ["--bogus"],
        ["list", "--bogus"],
        ["list", "--typ", "academic"],
        ["nonsense-command"],
        ["list", "--max-cost", "cheap"],
        ["list", "--max-months", "-1"],
        ["recommend", "--role", "nurse", "--budget", "lots"],
        ["recommend", "--role", "nurse", "--years", "1.5"],
        ["recommend", "--role", "nurse", "--months", "nan"],
        ["recommend"],
        ["show"],
        ["catalog", "frobnicate"],
        ["profile", "show", "--format", "toml"],
    ],
)
def test_usage_errors_exit_2(run_fixture: Invoke, args: list[str]) -> None:
    result = run_fixture(args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip()


def test_unknown_option_suggests(run_fixture: Invoke) -> None:
    assert "--type" in run_fixture(["list", "--typ", "academic"]).stderr


# ---- paths -------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--catalog", "--rules"])
def test_bad_path_on_the_command_line_is_a_usage_error(
    option: str, tmp_path: Path, invoke: Invoke
) -> None:
    for bad, needle in ((tmp_path / "nope.toml", "no such"), (tmp_path, "is a directory")):
        check_error(invoke([option, str(bad), "list"]), 2, f"{bad}: ", needle, option)
    check_error(invoke([option, "a\x00b", "list"]), 2, "not a valid file name")


def test_bad_path_in_the_environment_is_a_usage_error(
    tmp_path: Path, invoke: Invoke, catalog_file: Path
) -> None:
    check_error(
        invoke(["list"], env={"HCAI_PATH_CATALOG": str(tmp_path / "gone.toml")}),
        2,
        "gone.toml",
        "HCAI_PATH_CATALOG",
    )
    for args in (["list"], ["show", "x"], ["compare", "a", "b"]):
        check_error(invoke(["--catalog", str(tmp_path / "nope.toml"), *args]), 2, "nope.toml")


def test_catalog_env_var(invoke: Invoke, catalog_file: Path, tmp_path: Path) -> None:
    """HCAI_PATH_CATALOG works like --catalog; --catalog wins over it."""
    by_env = invoke(["list", "-f", "json"], env={"HCAI_PATH_CATALOG": str(catalog_file)})
    assert ids_of(by_env.stdout) == FIXTURE_IDS
    other = tmp_path / "other.toml"
    other.write_text(program_toml(id="only-one"), encoding="utf-8")
    both = invoke(
        ["--catalog", str(other), "list", "-f", "json"],
        env={"HCAI_PATH_CATALOG": str(catalog_file)},
    )
    assert ids_of(both.stdout) == ["only-one"]


def test_rules_env_var(invoke: Invoke, tmp_path: Path) -> None:
    """HCAI_PATH_RULES and --rules replace the shipped rule set."""
    raw = tomllib.loads(Path(shipped_data_path("rules.toml")).read_text(encoding="utf-8"))
    raw["goals"][0]["aliases"] = [*raw["goals"][0].get("aliases", []), "zz-test-alias"]
    custom = tmp_path / "rules.toml"
    custom.write_text(tomli_w.dumps(raw), encoding="utf-8")
    for args, env in (
        (["--rules", str(custom), "goals", "-f", "json"], None),
        (["goals", "-f", "json"], {"HCAI_PATH_RULES": str(custom)}),
    ):
        result = invoke(args, env=env)
        assert result.exit_code == 0, result.stderr
        assert "zz-test-alias" in json.loads(result.stdout)[0]["aliases"]
    assert "zz-test-alias" not in invoke(["goals", "-f", "tsv"]).stdout
    broken = tmp_path / "broken-rules.toml"
    broken.write_text("[[roles]]\nid = \n", encoding="utf-8")
    check_error(invoke(["--rules", str(broken), "roles"]), 3, f"{broken}:2:")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file"
)
def test_unreadable_file(tmp_path: Path, invoke: Invoke) -> None:
    path = write(tmp_path, GOOD)
    path.chmod(0)
    try:
        check_error(invoke(["--catalog", str(path), "list"]), 2, str(path), "permission denied")
        check_error(invoke(["catalog", "validate", str(path)]), 3, "permission denied")
    finally:
        path.chmod(0o644)


def test_huge_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke) -> None:
    cap = len(RULES_TEXT.encode()) + 10
    monkeypatch.setattr(toml_module, "MAX_FILE_BYTES", cap)
    small = write(tmp_path, GOOD, "small.toml")
    assert invoke(["--catalog", str(small), "list"]).exit_code == 0
    big = write(tmp_path, GOOD + "# padding\n" * (cap // 10), "big.toml")
    check_error(invoke(["--catalog", str(big), "list"]), 3, str(big), f"larger than {cap} bytes")


def test_endless_file_is_capped(monkeypatch: pytest.MonkeyPatch, invoke: Invoke) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    monkeypatch.setattr(toml_module, "MAX_FILE_BYTES", 1 << 20)
    check_error(invoke(["--catalog", "/dev/zero", "list"]), 3, "/dev/zero", "larger than")


# ---- broken data files ----------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_catalog(case: str, tmp_path: Path, invoke: Invoke, later: None) -> None:
    content, needles = BROKEN[case]
    path = write(tmp_path, content)
    for args in (["--catalog", str(path), "list"], ["catalog", "validate", str(path)]):
        result = invoke(args)
        check_error(result, 3, str(path), "error:", *needles)
        assert len(result.stderr) < 5000, "messages quote at most a short part of a value"


@pytest.mark.parametrize("case", sorted(BROKEN_RULES))
def test_broken_rules(case: str, tmp_path: Path, invoke: Invoke) -> None:
    content, needles = BROKEN_RULES[case]
    path = write(tmp_path, content, "rules.toml")
    for args in (["--rules", str(path), "roles"], ["catalog", "validate", str(path)]):
        check_error(invoke(args), 3, str(path), *needles)


def test_line_and_column_point_at_the_key(tmp_path: Path, invoke: Invoke, later: None) -> None:
    from data_cases import catalog_text, line_of, program

    text = catalog_text(program(id="first"), program(id="second", cost_usd=-3))
    result = invoke(["catalog", "validate", str(write(tmp_path, text))])
    assert f":{line_of(text, 'cost_usd', 2)}:1: entry 'second'" in result.stderr


def test_subtable_field_is_located(tmp_path: Path, invoke: Invoke, later: None) -> None:
    from data_cases import catalog_text, program

    text = catalog_text(program()) + '[programs.eligibility]\nroles = ["nurse"]\nmin_years = -1\n'
    result = invoke(["catalog", "validate", str(write(tmp_path, text))])
    n = text.count("\n")
    assert f":{n}:1: entry 'test-program': field 'eligibility.min_years'" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('roles = ["health-leader"]', 'roles = ["health-lead"]', "roles"),
        ('type = "executive"', 'type = "exec"', "type"),
        ('delivery = "hybrid"', 'delivery = "by-post"', "delivery"),
        ('topics = ["leadership"]', 'topics = ["leadership", "astrology"]', "topics"),
        ('url = "https://gamma.example.edu/exec"', 'url = "http://gamma.example.edu/exec"', "url"),
        ("verified = 2026-03-01", 'verified = "March 2026"', "verified"),
        ("duration_months = 0.2", "duration_months = -1", "duration_months"),
        ("duration_months = 0.2", 'duration_months = 0.2\ncountry = "XX"', "country"),
    ],
)
def test_bad_value_exits_3_naming_file_line_entry_and_field(
    invoke: Invoke, write_catalog: WriteCatalog, old: str, new: str, field: str
) -> None:
    assert old in FIXTURE_CATALOG
    text = FIXTURE_CATALOG.replace(old, new, 1)
    path = write_catalog(text)
    result = invoke(["--catalog", str(path), "list"])
    check_error(result, 3, str(path), f"field '{field}'")
    assert ("entry 'gamma-exec'" in result.stderr) or ("entry 'delta-course'" in result.stderr)
    key = new.split("\n")[-1].split(" =")[0]
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith(key + " =")
                and row in new.split("\n"))  # fmt: skip
    assert f"{path}:{line}:1: " in result.stderr


def test_at_most_50_problems_are_shown(invoke: Invoke, write_catalog: WriteCatalog) -> None:
    from data_cases import catalog_text, program

    text = catalog_text(*(program(id=f"p{i}", name=f"P {i}", cost_usd=-1) for i in range(60)))
    result = invoke(["--catalog", str(write_catalog(text)), "list"])
    check_error(result, 3, "error: ... and 10 more problems", "catalog validate")
    assert result.stderr.count("must be at least 0") == 50


def test_the_fatal_path_maps_every_domain_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A DataFileError from anywhere in a command: exit 3, each problem on its own line."""
    from typer.testing import CliRunner

    from hcai_path.cli import app, io

    def broken() -> None:
        raise DataFileError([Problem("a.toml", "one", 1), Problem("b.toml", "two")])

    monkeypatch.setattr(io, "get_rules", broken)
    import hcai_path.cli.vocabularies as vocabularies

    monkeypatch.setattr(vocabularies, "get_rules", broken, raising=False)
    result = CliRunner().invoke(app, ["roles"])
    assert result.exit_code == 3
    assert result.stderr == "error: a.toml:1: one\nerror: b.toml: two\n"


def test_hostile_text_in_errors_is_inert(tmp_path: Path, invoke: Invoke) -> None:
    from conftest import FORBIDDEN

    key = '"\\u001b]8;;https://evil\\u0007click\\u001b]8;;\\u0007\\u202e"'
    path = write(tmp_path, f"{key} = 1\n", "\x1b[31mred\x1b[0m.toml")
    result = invoke(["catalog", "validate", str(path)])
    assert result.exit_code == 3 and "unknown key" in result.stderr
    assert FORBIDDEN.search(result.stderr) is None
    result = invoke(["show", "\x1b[2J\u202eid"])
    assert result.exit_code == 2
    assert FORBIDDEN.search(result.stderr) is None


def test_bad_toml_exits_3_with_file_line_column(
    invoke: Invoke, write_catalog: WriteCatalog
) -> None:
    path = write_catalog('[[programs]]\nid = "x"\nname = \n')
    for args in (["list"], ["show", "x"], ["compare", "x", "y"], ["recommend", "--role", "rn"]):
        check_error(invoke(["--catalog", str(path), *args]), 3, f"{path}:3:8: is not valid TOML")
