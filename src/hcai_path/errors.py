"""The error hierarchy and the exit codes of the contract."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_EMPTY = 1
EXIT_USAGE = 2
EXIT_DATA = 3


class HcaiError(Exception):
    """A failure the CLI reports as `error: ...` with the exit code below."""

    exit_code = EXIT_DATA


class EmptyResultError(HcaiError):
    """A valid query with an empty answer."""

    exit_code = EXIT_EMPTY


class UsageError(HcaiError):
    """A bad option value, role, goal, id or path given on the command line."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a data file, located as precisely as the file allows."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    entry: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [where]
        if self.entry is not None:
            parts.append(f"entry {self.entry!r}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return ": ".join(parts) + ": " + self.message


class DataFileError(HcaiError):
    """An invalid catalog, rules or profile file; carries every problem found."""

    exit_code = EXIT_DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
