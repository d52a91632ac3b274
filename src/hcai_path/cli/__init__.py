"""The command line: options -> core call -> formatter -> exit code.

This package is the only code that exits, and `app.HandledGroup.invoke` is its one fatal path:
every domain error becomes `error: ...` on stderr and the contract's exit code. Heavy modules
(pydantic, Rich, tomllib) are imported inside the commands that need them.
"""

from hcai_path.cli import catalog, pathway, programs, vocabularies  # noqa: F401 - registers
from hcai_path.cli.app import app, catalog_app, profile_app
from hcai_path.cli.run import iter_commands, run

__all__ = ["app", "catalog_app", "iter_commands", "profile_app", "run"]
