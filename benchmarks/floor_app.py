"""The framework floor: a minimal Typer app, one command with one `--format` option, that
writes `[]`. With `--rich` (before the command) it also imports rich.table and rich.console,
the floor of a Rich table.

    python benchmarks/floor_app.py list --format json
    python benchmarks/floor_app.py --rich list --format table
"""

import sys

if len(sys.argv) > 1 and sys.argv[1] == "--rich":
    del sys.argv[1]
    import rich.console  # noqa: F401, TID251 - the floor of a Rich table
    import rich.table  # noqa: F401, TID251

import typer

app = typer.Typer()


@app.command("list")
def list_(fmt: str = typer.Option("auto", "--format")) -> None:
    sys.stdout.write("[]\n")


@app.command("other")
def other() -> None:  # a second command, so that `list` is a subcommand as in hcai-path
    pass


if __name__ == "__main__":
    app()
