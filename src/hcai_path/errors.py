"""The error hierarchy and the exit codes of the contract."""

from __future__ import annotations

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


class OutputError(HcaiError):
    """The answer could not be written (a full disk, a broken device)."""

    exit_code = EXIT_EMPTY


class UsageError(HcaiError):
    """A bad option value, role, goal, id or path given on the command line."""

    exit_code = EXIT_USAGE


class Problem:
    """One problem in a data file, located as precisely as the file allows.

    A frozen value, written out by hand: as a dataclass it cost every start-up 1.5 ms.
    """

    __slots__ = ("path", "message", "line", "column", "entry", "field")
    __match_args__ = ("path", "message", "line", "column", "entry", "field")

    path: str
    message: str
    line: int | None
    column: int | None
    entry: str | None
    field: str | None

    def __init__(
        self,
        path: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        entry: str | None = None,
        field: str | None = None,
    ) -> None:
        init = object.__setattr__
        init(self, "path", path)
        init(self, "message", message)
        init(self, "line", line)
        init(self, "column", column)
        init(self, "entry", entry)
        init(self, "field", field)

    def _key(self) -> tuple[str, str, int | None, int | None, str | None, str | None]:
        return (self.path, self.message, self.line, self.column, self.entry, self.field)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._key() == other._key()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __repr__(self) -> str:
        return (
            f"Problem(path={self.path!r}, message={self.message!r}, line={self.line!r}, "
            f"column={self.column!r}, entry={self.entry!r}, field={self.field!r})"
        )

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
