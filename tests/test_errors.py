"""errors.py: the exit codes of the contract and Problem, a frozen, located value."""

from __future__ import annotations

import pytest

from hcai_path.errors import (
    EXIT_DATA,
    EXIT_EMPTY,
    EXIT_OK,
    EXIT_USAGE,
    DataFileError,
    EmptyResultError,
    HcaiError,
    OutputError,
    Problem,
    UsageError,
)


def test_exit_codes_are_the_contract() -> None:
    assert (EXIT_OK, EXIT_EMPTY, EXIT_USAGE, EXIT_DATA) == (0, 1, 2, 3)
    assert EmptyResultError.exit_code == 1
    assert OutputError.exit_code == 1  # a failed write (a full disk) is not an empty answer
    assert not issubclass(OutputError, EmptyResultError)
    assert UsageError.exit_code == 2
    assert DataFileError.exit_code == HcaiError.exit_code == 3


def test_problem_str() -> None:
    assert str(Problem("f.toml", "bad", line=3, column=4)) == "f.toml:3:4: bad"
    assert (
        str(Problem("f.toml", "bad", line=3, entry="x", field="y"))
        == "f.toml:3: entry 'x': field 'y': bad"
    )
    assert str(Problem("f.toml", "bad", field="y")) == "f.toml: field 'y': bad"
    assert str(Problem("f.toml", "bad")) == "f.toml: bad"


def test_problem_is_a_frozen_value() -> None:
    a = Problem("f.toml", "bad", line=3)
    assert a == Problem("f.toml", "bad", 3) and hash(a) == hash(Problem("f.toml", "bad", 3))
    assert a != Problem("f.toml", "bad", line=4) and a != ("f.toml", "bad")
    assert len({a, Problem("f.toml", "bad", line=3)}) == 1
    with pytest.raises(AttributeError):
        a.line = 5  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del a.line
    assert "line=3" in repr(a)
    match a:
        case Problem(path, message, line):
            assert (path, message, line) == ("f.toml", "bad", 3)


def test_data_file_error_carries_every_problem() -> None:
    problems = [Problem("a.toml", "one", 1), Problem("b.toml", "two")]
    error = DataFileError(problems)
    assert error.problems == problems
    assert str(error) == "a.toml:1: one\nb.toml: two"
