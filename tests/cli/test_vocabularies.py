"""`roles`, `goals`, `types`, `topics`, `degrees`: the vocabularies in every format
(cli/vocabularies.py)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import Invoke

from hcai_path.render import Format

VOCAB_COMMANDS = ["roles", "goals", "types", "topics", "degrees"]


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
    if fmt in (Format.TOML, Format.SVG):
        assert result.exit_code == 2 and result.stdout == ""
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
        assert roles[family]["kind"] == "family"
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
        assert roles[role]["kind"] == "role"
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
    degrees = {d["id"] for d in json.loads(invoke(["degrees", "-f", "json"]).stdout)}
    assert {"bachelors", "masters", "doctorate", "nursing-bachelors"} <= degrees
