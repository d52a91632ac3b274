"""The command line, in-process (CliRunner) and as a real process: formats, filters, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import ANSI, FIXTURE_CATALOG, FIXTURE_IDS, Invoke, WriteCatalog, program_toml

from hcai_path import __version__
from hcai_path.cli import app
from hcai_path.render import Format

TSV_HEADER = (
    "id\tname\tprovider\ttype\tcredential\tdelivery\tduration_months\tcost_usd\tcost_note"
    "\ttopics\troles\tprerequisites\turl\tsource\tverified\tstale"
)
GAMMA_TSV = (
    "gamma-exec\tAI Leadership for Executives\tGamma Business School\texecutive\tcertificate"
    "\tin-person\t0.2\t\ttuition not published\tleadership\thealth-leader"
    "\tSenior management experience.\thttps://gamma.example.edu/exec"
    "\thttps://gamma.example.edu/exec\t2026-03-01\tfalse"
)
GAMMA_JSON = {
    "id": "gamma-exec",
    "name": "AI Leadership for Executives",
    "provider": "Gamma Business School",
    "type": "executive",
    "credential": "certificate",
    "delivery": "in-person",
    "duration_months": 0.2,
    "cost_usd": None,
    "cost_note": "tuition not published",
    "topics": ["leadership"],
    "roles": ["health-leader"],
    "prerequisites": "Senior management experience.",
    "eligibility": None,
    "url": "https://gamma.example.edu/exec",
    "source": "https://gamma.example.edu/exec",
    "verified": "2026-03-01",
    "stale": False,
}
VOCAB_COMMANDS = ["roles", "goals", "types", "topics", "degrees"]


def ids_of(stdout: str) -> list[str]:
    """The ids of a `--format json` list."""
    return [record["id"] for record in json.loads(stdout)]


def contract_keys(record: dict[str, object]) -> dict[str, object]:
    return {k: record[k] for k in GAMMA_JSON}


# ---- list: every format ----------------------------------------------------------------------


def test_list_auto_is_tsv_when_piped(run_fixture: Invoke) -> None:
    """Not a terminal: `auto` (the default) is exactly `tsv`."""
    auto = run_fixture(["list"])
    tsv = run_fixture(["list", "--format", "tsv"])
    assert auto.exit_code == 0
    assert auto.stdout == tsv.stdout
    assert auto.stdout.splitlines()[0] == TSV_HEADER


def test_list_tsv_exact(run_fixture: Invoke) -> None:
    result = run_fixture(["list", "--format", "tsv", "--search", "gamma"])
    assert result.exit_code == 0
    assert result.stdout == TSV_HEADER + "\n" + GAMMA_TSV + "\n"
    assert result.stderr == ""


def test_list_no_headers(run_fixture: Invoke) -> None:
    for fmt in ("tsv", "csv"):
        with_headers = run_fixture(["list", "--format", fmt])
        without = run_fixture(["list", "--format", fmt, "--no-headers"])
        assert without.stdout == with_headers.stdout.split("\n", 1)[1]
    assert run_fixture(["list", "-f", "tsv", "--no-headers", "--search", "gamma"]).stdout == (
        GAMMA_TSV + "\n"
    )


def check_list_output(fmt: Format, stdout: str) -> None:
    """What `list` of the whole fixture catalog looks like in `fmt`."""
    if fmt in (Format.AUTO, Format.TSV):
        lines = stdout.splitlines()
        assert lines[0] == TSV_HEADER
        assert [line.split("\t")[0] for line in lines[1:]] == FIXTURE_IDS
        assert {line.count("\t") for line in lines} == {15}
    elif fmt is Format.CSV:
        rows = list(csv.reader(io.StringIO(stdout)))
        assert rows[0] == TSV_HEADER.split("\t")
        assert [row[0] for row in rows[1:]] == FIXTURE_IDS
    elif fmt is Format.JSON:
        records = json.loads(stdout)
        assert [r["id"] for r in records] == FIXTURE_IDS
        assert contract_keys(records[2]) == GAMMA_JSON
    elif fmt is Format.JSONL:
        records = [json.loads(line) for line in stdout.splitlines()]
        assert [r["id"] for r in records] == FIXTURE_IDS
        assert contract_keys(records[2]) == GAMMA_JSON
    elif fmt is Format.MARKDOWN:
        assert stdout.startswith("# ")
        assert "5 programs; 1 stale as of 2026-06-01" in stdout
        assert (
            "| [AI Leadership for Executives](<https://gamma.example.edu/exec>) `gamma-exec`"
            in (stdout)
        )
        for kind in ("Academic (2)", "Professional (2)", "Executive (1)"):
            assert f"## {kind}" in stdout
    elif fmt is Format.TABLE:
        for ident in FIXTURE_IDS:
            assert ident[:7] in stdout  # narrow columns may fold the rest onto the next line
        assert "unknown" in stdout  # gamma-exec's cost
        assert "2019-01-01 !" in stdout  # delta-course, marked stale
        assert "! = stale" in stdout
        assert "\t" not in stdout
    elif fmt is Format.TOML:
        data = tomllib.loads(stdout)
        assert [p["id"] for p in data["programs"]] == FIXTURE_IDS
    else:  # pragma: no cover - a new Format needs a case here
        pytest.fail(f"no check for {fmt}")


@pytest.mark.parametrize("fmt", list(Format))
def test_list_every_format(run_fixture: Invoke, fmt: Format) -> None:
    """Each format: data on stdout, no ANSI when not a terminal, only notes on stderr."""
    result = run_fixture(["list", "--format", fmt.value], env={"TERM": "xterm-256color"})
    assert result.exit_code == 0, result.stderr
    check_list_output(fmt, result.stdout)
    assert "\x1b" not in result.stdout
    assert "\x1b" not in result.stderr
    # the only diagnostic is the stale note, on stderr
    assert result.stderr.startswith("note: 1 of 5 programs shown are stale")


def test_list_format_is_case_insensitive(run_fixture: Invoke) -> None:
    assert (
        run_fixture(["list", "--format", "JSON"]).stdout
        == run_fixture(["list", "--format", "json"]).stdout
    )


def test_list_toml_is_a_valid_catalog_that_round_trips(
    run_fixture: Invoke, invoke: Invoke, tmp_path: Path
) -> None:
    """`list --format toml` of a selection validates and lists back the same programs."""
    selection = ["--type", "academic", "--type", "professional"]
    toml_out = run_fixture(["list", *selection, "--format", "toml"])
    assert toml_out.exit_code == 0
    path = tmp_path / "selection.toml"
    path.write_text(toml_out.stdout, encoding="utf-8")
    validated = invoke(["catalog", "validate", str(path)])
    assert validated.exit_code == 0, validated.stderr
    again = invoke(["--catalog", str(path), "list", "--format", "json"])
    original = run_fixture(["list", *selection, "--format", "json"])
    assert again.stdout == original.stdout
    assert ids_of(again.stdout) == ["alpha-ms", "beta-cert", "delta-course", "epsilon-phd"]


def test_list_output_file(run_fixture: Invoke, tmp_path: Path) -> None:
    """--output writes the data to a file (format from the suffix) and nothing to stdout."""
    target = tmp_path / "out.json"
    result = run_fixture(["list", "--output", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert ids_of(target.read_text(encoding="utf-8")) == FIXTURE_IDS
    target = tmp_path / "out.toml"
    run_fixture(["list", "--format", "toml", "--output", str(target), "--search", "beta"])
    assert tomllib.loads(target.read_text(encoding="utf-8"))["programs"][0]["id"] == "beta-cert"


@pytest.mark.parametrize(
    ("fmt", "stdout"),
    [
        ("json", "[]\n"),
        ("jsonl", ""),
        ("tsv", TSV_HEADER + "\n"),
        ("table", ""),
    ],
)
def test_list_empty(run_fixture: Invoke, fmt: str, stdout: str) -> None:
    """Nothing matched: exit 1, the why on stderr; `[]` for JSON."""
    result = run_fixture(["list", "--search", "no-such-thing", "--format", fmt])
    assert result.exit_code == 1
    assert result.stdout == stdout
    assert "error: no programs match" in result.stderr


# ---- show and compare: every format ------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(Format))
def test_show_every_format(run_fixture: Invoke, fmt: Format) -> None:
    result = run_fixture(["show", "gamma-exec", "--format", fmt.value])
    assert "\x1b" not in result.stdout + result.stderr
    if fmt is Format.TOML:
        assert result.exit_code == 2
        assert result.stdout == ""
        assert "toml" in result.stderr
        assert "json" in result.stderr  # the formats that do work
        return
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt in (Format.AUTO, Format.TSV):
        assert out == TSV_HEADER + "\n" + GAMMA_TSV + "\n"
    elif fmt is Format.CSV:
        assert list(csv.reader(io.StringIO(out)))[1][0] == "gamma-exec"
    elif fmt is Format.JSON:
        record = json.loads(out)
        assert isinstance(record, dict)
        assert contract_keys(record) == GAMMA_JSON
    elif fmt is Format.JSONL:
        assert len(out.splitlines()) == 1
        assert contract_keys(json.loads(out)) == GAMMA_JSON
    elif fmt is Format.MARKDOWN:
        assert out.startswith("## AI Leadership for Executives\n")
        assert "- **cost**: unknown (tuition not published)\n" in out
    elif fmt is Format.TABLE:
        assert "AI Leadership for Executives" in out
        assert "unknown (tuition not published)" in out
        assert "open (no stated restriction)" in out
    else:  # pragma: no cover
        pytest.fail(f"no check for {fmt}")


def test_show_eligibility(run_fixture: Invoke) -> None:
    record = json.loads(run_fixture(["show", "beta-cert", "--format", "json"]).stdout)
    assert record["eligibility"] == {
        "roles": ["nurse"],
        "degrees": ["nursing-bachelors"],
        "min_years": 2,
        "note": "Active RN licence and two years of practice.",
    }
    assert record["cost_usd"] == 500


def test_show_id_is_case_insensitive(run_fixture: Invoke) -> None:
    assert json.loads(run_fixture(["show", "Gamma_Exec", "-f", "json"]).stdout)["id"] == (
        "gamma-exec"
    )


@pytest.mark.parametrize("fmt", list(Format))
def test_compare_every_format(run_fixture: Invoke, fmt: Format) -> None:
    result = run_fixture(["compare", "beta-cert", "gamma-exec", "delta-course", "-f", fmt.value])
    assert "\x1b" not in result.stdout + result.stderr
    if fmt is Format.TOML:
        assert result.exit_code == 2
        assert result.stdout == ""
        return
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt in (Format.AUTO, Format.TSV):
        lines = out.splitlines()
        assert lines[0] == "field\tbeta-cert\tgamma-exec\tdelta-course"
        assert (
            "cost\t$500 (exam fee USD 500 (2026))\tunknown (tuition not published)\t$100" in lines
        )
        assert (
            "verified\t2026-04-01\t2026-03-01\t2019-01-01 (stale: verified over 18 months ago)"
            in (lines)
        )
    elif fmt is Format.CSV:
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == ["field", "beta-cert", "gamma-exec", "delta-course"]
        assert ["delivery", "online", "in-person", "hybrid"] in rows
    elif fmt is Format.JSON:
        assert [r["id"] for r in json.loads(out)] == ["beta-cert", "gamma-exec", "delta-course"]
    elif fmt is Format.JSONL:
        assert [json.loads(x)["id"] for x in out.splitlines()] == [
            "beta-cert",
            "gamma-exec",
            "delta-course",
        ]
    elif fmt is Format.MARKDOWN:
        assert out.splitlines()[0] == "| field | beta-cert | gamma-exec | delta-course |"
        assert "| delivery | online | in-person | hybrid |" in out.splitlines()
    elif fmt is Format.TABLE:
        for ident in ("beta-cert", "gamma-exec", "delta-course"):
            assert ident in out
    else:  # pragma: no cover
        pytest.fail(f"no check for {fmt}")


def test_compare_no_headers(run_fixture: Invoke) -> None:
    out = run_fixture(["compare", "beta-cert", "gamma-exec", "--no-headers"]).stdout
    assert out.splitlines()[0] == "id\tbeta-cert\tgamma-exec"


def test_compare_needs_two_ids(run_fixture: Invoke) -> None:
    result = run_fixture(["compare", "beta-cert"])
    assert result.exit_code == 2
    assert "two" in result.stderr


# ---- vocabularies --------------------------------------------------------------------------


def test_types_tsv_exact(invoke: Invoke) -> None:
    result = invoke(["types", "--format", "tsv"])
    assert result.exit_code == 0
    assert result.stdout == (
        "id\taliases\tmeaning\n"
        "academic\t\tdegrees, graduate certificates and academic specializations\n"
        "professional\t\tprofessional and industry certificates, exam-based and board "
        "certifications, vendor programs\n"
        "executive\t\tuniversity executive education\n"
    )


@pytest.mark.parametrize("command", VOCAB_COMMANDS)
@pytest.mark.parametrize("fmt", list(Format))
def test_vocabulary_every_format(invoke: Invoke, command: str, fmt: Format) -> None:
    result = invoke([command, "--format", fmt.value], env={"TERM": "xterm-256color"})
    assert "\x1b" not in result.stdout + result.stderr
    if fmt is Format.TOML:
        assert result.exit_code == 2
        return
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    tsv = invoke([command, "--format", "tsv"]).stdout.splitlines()
    header = tsv[0].split("\t")
    ids = [line.split("\t")[0] for line in tsv[1:]]
    assert header[0] == "id"
    assert len(ids) == len(set(ids)) > 0
    if fmt in (Format.AUTO, Format.TSV):
        assert out.splitlines() == tsv
    elif fmt is Format.CSV:
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == header
        assert [r[0] for r in rows[1:]] == ids
    elif fmt is Format.JSON:
        records = json.loads(out)
        assert [r["id"] for r in records] == ids
        assert list(records[0]) == header
    elif fmt is Format.JSONL:
        assert [json.loads(x)["id"] for x in out.splitlines()] == ids
    elif fmt is Format.MARKDOWN:
        lines = out.splitlines()
        assert lines[0] == "| " + " | ".join(header) + " |"
        assert len(lines) == 2 + len(ids)
    elif fmt is Format.TABLE:
        for ident in ids:
            assert ident in out
    else:  # pragma: no cover
        pytest.fail(f"no check for {fmt}")


@pytest.mark.parametrize("command", VOCAB_COMMANDS)
def test_vocabulary_no_headers(invoke: Invoke, command: str) -> None:
    for fmt in ("tsv", "csv"):
        full = invoke([command, "--format", fmt]).stdout
        assert invoke([command, "--format", fmt, "--no-headers"]).stdout == full.split("\n", 1)[1]


def test_contract_vocabularies(invoke: Invoke) -> None:
    """The contract's roles (with families and aliases), goals and types are all listed."""
    roles = {r["id"]: r for r in json.loads(invoke(["roles", "-f", "json"]).stdout)}
    for family in ("clinician", "informaticist", "data-scientist"):
        assert roles[family]["family"] == "family"
    for role in (
        "nurse",
        "physician",
        "pharmacist",
        "health-leader",
        "researcher",
        "student",
        "software-engineer",
    ):
        assert roles[role]["family"] in ("clinician", "informaticist", "data-scientist")
    assert "rn" in roles["nurse"]["aliases"]
    goals = {g["id"] for g in json.loads(invoke(["goals", "-f", "json"]).stdout)}
    assert goals >= {
        "foundations",
        "clinical-nlp",
        "imaging",
        "governance",
        "regulatory",
        "leadership",
        "data-science",
        "research",
        "informatics",
    }
    types = [t["id"] for t in json.loads(invoke(["types", "-f", "json"]).stdout)]
    assert types == ["academic", "professional", "executive"]
    topics = {t["id"] for t in json.loads(invoke(["topics", "-f", "json"]).stdout)}
    assert {"clinical-nlp", "imaging", "ethics", "machine-learning"} <= topics


# ---- filters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], FIXTURE_IDS),
        (["--type", "academic"], ["alpha-ms", "epsilon-phd"]),
        (["--type", "academic", "--type", "executive"], ["alpha-ms", "gamma-exec", "epsilon-phd"]),
        (["--credential", "certification"], ["beta-cert"]),
        (["--credential", "course", "--credential", "masters"], ["alpha-ms", "delta-course"]),
        (["--topic", "machine-learning"], ["delta-course", "epsilon-phd"]),
        (["--topic", "leadership", "--topic", "ethics"], ["beta-cert", "gamma-exec"]),
        (["--delivery", "online"], ["alpha-ms", "beta-cert"]),
        (
            ["--delivery", "hybrid", "--delivery", "in-person"],
            ["gamma-exec", "delta-course", "epsilon-phd"],
        ),
        (["--provider", "beta nursing"], ["beta-cert"]),
        (["--provider", "UNIVERSITY"], ["alpha-ms"]),
        (["--search", "imaging"], ["delta-course"]),
        (["--search", "rn licence"], ["beta-cert"]),
        (["--search", "GAMMA"], ["gamma-exec"]),
        (["--max-cost", "500"], ["beta-cert", "delta-course", "epsilon-phd"]),
        (["--max-cost", "0"], ["epsilon-phd"]),
        (["--max-months", "6"], ["beta-cert", "gamma-exec", "delta-course"]),
        (["--max-months", "0.2"], ["gamma-exec"]),
        (["--exclude-stale"], ["alpha-ms", "beta-cert", "gamma-exec", "epsilon-phd"]),
        (["--include-stale"], FIXTURE_IDS),
        # AND across filters, OR within one
        (["--type", "professional", "--delivery", "online"], ["beta-cert"]),
        (["--type", "professional", "--max-cost", "200"], ["delta-course"]),
        (
            ["--type", "academic", "--type", "professional", "--delivery", "in-person"],
            ["epsilon-phd"],
        ),
        (["--topic", "machine-learning", "--exclude-stale"], ["epsilon-phd"]),
        (["--role", "nurse", "--max-months", "12"], ["beta-cert"]),
    ],
)
def test_list_filters(run_fixture: Invoke, args: list[str], expected: list[str]) -> None:
    result = run_fixture(["list", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert ids_of(result.stdout) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # a role matches programs for it and for its family
        ("nurse", ["alpha-ms", "beta-cert"]),
        ("physician", ["alpha-ms"]),
        ("researcher", ["delta-course", "epsilon-phd"]),
        ("health-leader", ["gamma-exec"]),
        # a family matches programs for it and for any of its roles
        ("clinician", ["alpha-ms", "beta-cert"]),
        ("data-scientist", ["delta-course", "epsilon-phd"]),
        ("informaticist", ["gamma-exec"]),
    ],
)
def test_list_role_filter(run_fixture: Invoke, role: str, expected: list[str]) -> None:
    assert ids_of(run_fixture(["list", "--role", role, "-f", "json"]).stdout) == expected


def test_list_role_filter_or(run_fixture: Invoke) -> None:
    out = run_fixture(["list", "--role", "physician", "--role", "researcher", "-f", "json"]).stdout
    assert ids_of(out) == ["alpha-ms", "delta-course", "epsilon-phd"]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("name", ["gamma-exec", "beta-cert", "delta-course", "alpha-ms", "epsilon-phd"]),
        ("cost", ["epsilon-phd", "delta-course", "beta-cert", "alpha-ms", "gamma-exec"]),
        ("months", ["gamma-exec", "delta-course", "beta-cert", "alpha-ms", "epsilon-phd"]),
        ("verified", ["alpha-ms", "beta-cert", "gamma-exec", "epsilon-phd", "delta-course"]),
        ("COST", ["epsilon-phd", "delta-course", "beta-cert", "alpha-ms", "gamma-exec"]),
    ],
)
def test_list_sort(run_fixture: Invoke, key: str, expected: list[str]) -> None:
    """Unknown cost and duration sort last, never as zero."""
    assert ids_of(run_fixture(["list", "--sort", key, "-f", "json"]).stdout) == expected


def test_list_sort_applies_after_filters(run_fixture: Invoke) -> None:
    out = run_fixture(["list", "--sort", "cost", "--delivery", "online", "-f", "json"]).stdout
    assert ids_of(out) == ["beta-cert", "alpha-ms"]


def test_stale_note_on_stderr_only(run_fixture: Invoke) -> None:
    shown = run_fixture(["list", "--format", "json"])
    assert "1 of 5 programs shown are stale" in shown.stderr
    assert json.loads(shown.stdout)[3]["stale"] is True
    hidden = run_fixture(["list", "--format", "json", "--exclude-stale"])
    assert hidden.stderr == ""


# ---- vocabulary input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--type", "ACADEMIC"], ["alpha-ms", "epsilon-phd"]),
        (["--type", " Academic "], ["alpha-ms", "epsilon-phd"]),
        (["--role", "Health Leader"], ["gamma-exec"]),
        (["--role", "health_leader"], ["gamma-exec"]),
        (["--role", "rn"], ["alpha-ms", "beta-cert"]),
        (["--role", "RN"], ["alpha-ms", "beta-cert"]),
        (["--role", "Data Scientist"], ["delta-course", "epsilon-phd"]),
        (["--delivery", "IN_PERSON"], ["gamma-exec", "epsilon-phd"]),
        (["--delivery", "in person"], ["gamma-exec", "epsilon-phd"]),
        (["--credential", "Graduate_Certificate", "--credential", "Masters"], ["alpha-ms"]),
        (["--topic", "Machine Learning"], ["delta-course", "epsilon-phd"]),
    ],
)
def test_vocabulary_input_is_forgiving(
    run_fixture: Invoke, args: list[str], expected: list[str]
) -> None:
    result = run_fixture(["list", *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert ids_of(result.stdout) == expected


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
        (["show", "betacert"], "'beta-cert'"),
        (["show", "gama-exec"], "'gamma-exec'"),
        (["compare", "beta-cert", "alpha-mx"], "'alpha-ms'"),
    ],
)
def test_unknown_value_suggests(run_fixture: Invoke, args: list[str], suggestion: str) -> None:
    """An unknown value is a usage error (2) with a "did you mean" on stderr, nothing on stdout."""
    result = run_fixture(args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "did you mean" in result.stderr
    assert suggestion in result.stderr
    assert result.stderr.startswith("error: ")


# ---- exit codes and errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--bogus"],
        ["list", "--bogus"],
        ["list", "--typ", "academic"],
        ["nonsense-command"],
        ["list", "--max-cost", "cheap"],
        ["list", "--max-months", "-1"],
        ["show"],
        ["catalog", "frobnicate"],
    ],
)
def test_usage_errors_exit_2(run_fixture: Invoke, args: list[str]) -> None:
    result = run_fixture(args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip()


def test_unknown_option_suggests(run_fixture: Invoke) -> None:
    result = run_fixture(["list", "--typ", "academic"])
    assert "--type" in result.stderr


def test_missing_catalog_path_is_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    for args in (["list"], ["show", "x"], ["compare", "a", "b"]):
        result = invoke(["--catalog", str(missing), *args])
        assert result.exit_code == 2
        assert str(missing) in result.stderr
        assert result.stdout == ""


def test_catalog_path_is_a_directory(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["--catalog", str(tmp_path), "list"])
    assert result.exit_code == 2
    assert "directory" in result.stderr


def test_catalog_env_var(invoke: Invoke, catalog_file: Path, tmp_path: Path) -> None:
    """HCAI_PATH_CATALOG works like --catalog; --catalog wins over it."""
    by_env = invoke(["list", "-f", "json"], env={"HCAI_PATH_CATALOG": str(catalog_file)})
    assert ids_of(by_env.stdout) == FIXTURE_IDS
    missing = invoke(["list"], env={"HCAI_PATH_CATALOG": str(tmp_path / "missing.toml")})
    assert missing.exit_code == 2
    other = tmp_path / "other.toml"
    other.write_text(program_toml(id="only-one"), encoding="utf-8")
    both = invoke(
        ["--catalog", str(other), "list", "-f", "json"],
        env={"HCAI_PATH_CATALOG": str(catalog_file)},
    )
    assert ids_of(both.stdout) == ["only-one"]


def test_rules_env_var(invoke: Invoke, tmp_path: Path) -> None:
    """HCAI_PATH_RULES and --rules replace the shipped rule set."""
    import tomli_w

    from hcai_path.catalog import shipped_data_path

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
    assert invoke(["--rules", str(tmp_path / "missing.toml"), "goals"]).exit_code == 2
    broken = tmp_path / "broken-rules.toml"
    broken.write_text("[[roles]]\nid = \n", encoding="utf-8")
    result = invoke(["--rules", str(broken), "roles"])
    assert result.exit_code == 3
    assert f"{broken}:2:" in result.stderr


BAD_TOML = '[[programs]]\nid = "x"\nname = \n'


def test_bad_toml_exits_3_with_file_line_column(
    invoke: Invoke, write_catalog: WriteCatalog
) -> None:
    path = write_catalog(BAD_TOML)
    for args in (["list"], ["show", "x"], ["compare", "x", "y"]):
        result = invoke(["--catalog", str(path), *args])
        assert result.exit_code == 3
        assert result.stdout == ""
        assert f"{path}:3:" in result.stderr
        assert "TOML" in result.stderr


def test_unknown_key_exits_3_naming_entry_and_field(
    invoke: Invoke, write_catalog: WriteCatalog
) -> None:
    text = FIXTURE_CATALOG.replace(
        'prerequisites = "RN licence."', 'prerequisites = "RN licence."\ncolour = "red"'
    )
    path = write_catalog(text)
    result = invoke(["--catalog", str(path), "list"])
    assert result.exit_code == 3
    assert result.stdout == ""
    line = text.splitlines().index('colour = "red"') + 1
    assert f"{path}:{line}:" in result.stderr
    assert "beta-cert" in result.stderr
    assert "'colour'" in result.stderr


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
    ],
)
def test_bad_value_exits_3_naming_entry_and_field(
    invoke: Invoke,
    write_catalog: WriteCatalog,
    old: str,
    new: str,
    field: str,
) -> None:
    assert old in FIXTURE_CATALOG
    path = write_catalog(FIXTURE_CATALOG.replace(old, new, 1))
    result = invoke(["--catalog", str(path), "list"])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert str(path) in result.stderr
    assert f"'{field}'" in result.stderr
    assert ("gamma-exec" in result.stderr) or ("delta-course" in result.stderr)


def test_validate_lists_every_problem(invoke: Invoke, write_catalog: WriteCatalog) -> None:
    """Several problems in one file, and problems in two files, reported at once; exit 3."""
    bad_vocab = write_catalog(
        FIXTURE_CATALOG.replace('roles = ["health-leader"]', 'roles = ["health-lead"]').replace(
            'url = "https://delta', 'url = "http://delta'
        ),
        "vocab.toml",
    )
    bad_toml = write_catalog(BAD_TOML, "broken.toml")
    result = invoke(["catalog", "validate", str(bad_vocab), str(bad_toml)])
    assert result.exit_code == 3
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert any("gamma-exec" in e and "'roles'" in e and "health-leader" in e for e in errors)
    assert any("delta-course" in e and "'url'" in e for e in errors)
    assert any(f"{bad_toml}:3:" in e for e in errors)


def test_validate_two_schema_problems_at_once(invoke: Invoke, write_catalog: WriteCatalog) -> None:
    text = FIXTURE_CATALOG.replace('type = "executive"', 'type = "exec"').replace(
        'delivery = "hybrid"', 'delivery = "by-post"'
    )
    result = invoke(["catalog", "validate", str(write_catalog(text))])
    assert result.exit_code == 3
    assert "gamma-exec" in result.stderr
    assert "delta-course" in result.stderr


def test_validate_schema_and_vocabulary_problems_at_once(
    invoke: Invoke, write_catalog: WriteCatalog
) -> None:
    text = FIXTURE_CATALOG.replace('type = "executive"', 'type = "exec"').replace(
        'roles = ["data-scientist"]', 'roles = ["data-scientst"]'
    )
    result = invoke(["catalog", "validate", str(write_catalog(text))])
    assert result.exit_code == 3
    assert "gamma-exec" in result.stderr
    assert "delta-course" in result.stderr


def test_validate_valid_files(invoke: Invoke, catalog_file: Path) -> None:
    result = invoke(["catalog", "validate", str(catalog_file)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "ok" in result.stderr


def test_validate_defaults_to_files_in_use(
    invoke: Invoke, catalog_file: Path, write_catalog: WriteCatalog, real_today: object
) -> None:
    """With no PATH it checks the catalog and rules in use (shipped or --catalog)."""
    assert invoke(["catalog", "validate"]).exit_code == 0
    assert invoke(["--catalog", str(catalog_file), "catalog", "validate"]).exit_code == 0
    broken = write_catalog(BAD_TOML)
    assert invoke(["--catalog", str(broken), "catalog", "validate"]).exit_code == 3


def test_validate_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["catalog", "validate", str(tmp_path / "missing.toml")])
    assert result.exit_code in (2, 3)
    assert "missing.toml" in result.stderr


def test_version(invoke: Invoke) -> None:
    result = invoke(["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"hcai-path {__version__}\n"


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path]
    for name, sub in getattr(command, "commands", {}).items():
        out.extend(_commands(sub, (*path, name)))
    return out


ALL_COMMANDS = _commands(typer.main.get_command(app))


def test_all_contract_commands_exist() -> None:
    names = {" ".join(c) for c in ALL_COMMANDS}
    assert names >= {
        "",
        "list",
        "show",
        "compare",
        "roles",
        "goals",
        "types",
        "topics",
        "catalog",
        "catalog validate",
    }


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=lambda c: " ".join(c) or "(top)")
def test_every_command_help_has_an_example(invoke: Invoke, command: tuple[str, ...]) -> None:
    result = invoke([*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert "\x1b" not in result.stdout


# ---- literal text: markup and controls in data never take effect --------------------------------

EVIL = program_toml(
    id="evil",
    name="[bold]Evil[/bold] [link=https://x.example]click[/link] \u001b[31mred\u001b[0m",
    provider='=HYPERLINK("https://x.example")',
    prerequisites="line one\nline two\twith tab \\ and \u202e bidi",
)


@pytest.mark.parametrize("fmt", [f for f in Format if f is not Format.AUTO])
def test_data_is_printed_literally(
    invoke: Invoke, write_catalog: WriteCatalog, fmt: Format
) -> None:
    path = write_catalog(EVIL)
    # a list table folds its narrow columns; the two-column `show` table keeps the name whole
    command = ["show", "evil"] if fmt is Format.TABLE else ["list"]
    result = invoke(["--catalog", str(path), *command, "--format", fmt.value])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out
    assert "\u202e" not in out
    if fmt is Format.TOML:
        assert tomllib.loads(out)["programs"][0]["name"].startswith("[bold]Evil[/bold]")
    elif fmt in (Format.JSON, Format.JSONL):
        record = json.loads(out)[0] if fmt is Format.JSON else json.loads(out)
        assert record["name"] == (
            "[bold]Evil[/bold] [link=https://x.example]click[/link] \x1b[31mred\x1b[0m"
        )
    elif fmt is Format.MARKDOWN:
        assert "\\[bold\\]Evil\\[/bold\\]" in out
    else:
        assert "[bold]Evil[/bold]" in out
        assert "[link=https://x.example]click[/link]" in out
    if fmt is Format.CSV:
        assert "'=HYPERLINK" in out
    if fmt is Format.TSV:
        assert "line one\\nline two\\twith tab \\\\ and \\u202e bidi" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl", "tsv", "csv", "markdown", "toml"])
def test_machine_formats_never_truncate(
    invoke: Invoke, write_catalog: WriteCatalog, fmt: str
) -> None:
    """At COLUMNS=20 a 300-character value survives whole."""
    long_value = "word " * 59 + "last!"
    assert len(long_value) == 300
    path = write_catalog(program_toml(prerequisites=long_value, name="N" * 300))
    env = {"COLUMNS": "20", "LINES": "5"}
    result = invoke(["--catalog", str(path), "list", "--format", fmt], env=env)
    assert result.exit_code == 0
    assert "N" * 300 in result.stdout
    if fmt != "markdown":  # markdown's list view has no prerequisites column
        assert long_value in result.stdout
    assert "…" not in result.stdout
    shown = invoke(["--catalog", str(path), "show", "test-program", "--format", "json"], env=env)
    assert json.loads(shown.stdout)["prerequisites"] == long_value


# ---- the real process ------------------------------------------------------------------------


def _process_env(isolated: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HCAI_PATH_")}
    env["HCAI_PATH_CACHE_DIR"] = str(isolated / "cache")
    env["HCAI_PATH_CONFIG_DIR"] = str(isolated / "config")
    env.pop("NO_COLOR", None)
    return env


@pytest.fixture
def big_catalog(tmp_path: Path) -> Path:
    """Enough programs that the output overflows a pipe's buffer."""
    path = tmp_path / "big.toml"
    path.write_text(
        "".join(
            program_toml(id=f"program-{i}", name=f"Program {i}", prerequisites="x" * 400)
            for i in range(600)
        ),
        encoding="utf-8",
    )
    return path


def test_process_pipe_closed_early(isolated: Path, big_catalog: Path) -> None:
    """`| head -1`: a clean stop, no traceback, no BrokenPipeError."""
    command = (
        f"{sys.executable} -m hcai_path --catalog {big_catalog} list --format tsv | head -1; "
        "exit ${PIPESTATUS[0]}"
    )
    result = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        env=_process_env(isolated),
        timeout=60,
    )
    assert result.stdout == TSV_HEADER + "\n"
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr
    assert "Exception ignored" not in result.stderr
    assert result.returncode in (0, 141)  # success, or killed by SIGPIPE like other Unix tools


def test_process_full_disk(isolated: Path, catalog_file: Path) -> None:
    """`> /dev/full`: a one-line error and a non-zero exit, no traceback."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "hcai_path",
                "--catalog",
                str(catalog_file),
                "list",
                "-f",
                "json",
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=_process_env(isolated),
            timeout=60,
        )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "error:" in result.stderr


def test_process_runs_and_separates_streams(isolated: Path, catalog_file: Path) -> None:
    """python -m hcai_path: data on stdout, notes on stderr, no ANSI when piped."""
    result = subprocess.run(
        [sys.executable, "-m", "hcai_path", "--catalog", str(catalog_file), "list"],
        capture_output=True,
        text=True,
        env={**_process_env(isolated), "TERM": "xterm-256color"},
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
    ],
)
def test_process_exit_codes(isolated: Path, catalog_file: Path, args: list[str], code: int) -> None:
    full = args if args[0] == "--catalog" else ["--catalog", str(catalog_file), *args]
    result = subprocess.run(
        [sys.executable, "-m", "hcai_path", *full],
        capture_output=True,
        text=True,
        env=_process_env(isolated),
        timeout=60,
    )
    assert result.returncode == code
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_process_broken_catalog(isolated: Path, write_catalog: WriteCatalog) -> None:
    path = write_catalog(BAD_TOML)
    result = subprocess.run(
        [sys.executable, "-m", "hcai_path", "--catalog", str(path), "list"],
        capture_output=True,
        text=True,
        env=_process_env(isolated),
        timeout=60,
    )
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert f"{path}:3:" in result.stderr
