"""Running the command line as a process: every failure becomes an exit code."""

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NoReturn

import typer

from hcai_path.errors import (
    EXIT_EMPTY,
    OutputError,
)

if TYPE_CHECKING:
    pass
from hcai_path.cli.app import app
from hcai_path.cli.io import broken_pipe

INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C

# ---- entry point ----------------------------------------------------------------------------


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the CLI as a process. Domain errors are mapped by HandledGroup; this maps what is
    left (Ctrl-C, a closed stdout, Click's own exceptions) so that nothing is a traceback."""
    from hcai_path._typer_fast import root_command

    args = list(sys.argv[1:] if argv is None else argv)
    code = 0
    try:
        command = root_command(app)
        result = command.main(args, prog_name="hcai-path", standalone_mode=False)
        code = result if isinstance(result, int) else 0
        if code == INTERRUPTED:  # Typer turns a Ctrl-C in a command into a silent exit 130
            sys.stderr.write("\ninterrupted\n")
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("\ninterrupted\n")
        code = INTERRUPTED
    except BrokenPipeError:
        code = broken_pipe()
    except OSError as e:
        if os.environ.get("HCAI_PATH_DEBUG"):
            raise
        sys.stderr.write(f"error: cannot write output: {e.strerror or e}\n")
        code = OutputError.exit_code
    except Exception as e:
        code = _framework_exit(e)
    if argv is None:  # a process of its own (not a test calling run)
        _ignore_late_interrupts()
    _exit(code)


def _ignore_late_interrupts() -> None:
    """The work is done and written: a Ctrl-C while Python shuts down would only turn this
    finished run into a death by signal (exit -2, no message), so it is ignored from now on."""
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # not the main thread, or no such signal here
        pass


def _framework_exit(e: Exception) -> int:
    """Exit code for Click's (or Typer's vendored Click's) exceptions; a bug says so plainly."""
    show = getattr(e, "show", None)
    exit_code = getattr(e, "exit_code", None)
    if type(e).__name__ == "Abort":
        sys.stderr.write("\ninterrupted\n")
        return 130
    if isinstance(exit_code, int) and show is None:
        return exit_code  # Exit
    if isinstance(exit_code, int) and callable(show):
        show()  # ClickException: usage errors are 2, as in the contract
        return exit_code
    if os.environ.get("HCAI_PATH_DEBUG"):
        raise e
    sys.stderr.write(
        f"error: internal error: {type(e).__name__}: {e} (set HCAI_PATH_DEBUG=1 for a traceback)\n"
    )
    return EXIT_EMPTY


def _exit(code: int) -> NoReturn:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        broken_pipe()
    except OSError as e:
        sys.stderr.write(f"error: cannot write output: {e.strerror or e}\n")
        code = code or EXIT_EMPTY
    sys.exit(code)


def iter_commands() -> Iterable[str]:
    """The names of the top-level commands (for tests and documentation)."""
    command = typer.main.get_command(app)
    yield from getattr(command, "commands", {})
