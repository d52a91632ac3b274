"""Entry point for `python -m hcai_path` and the `hcai-path` console script."""

from __future__ import annotations


def main() -> None:
    import sys

    try:
        from hcai_path.cli import run

        run()  # exits (and maps a Ctrl-C during the command itself)
    except KeyboardInterrupt:  # Ctrl-C while the CLI imports, or just before or after run's own
        # handler (the instants before its `try` and before it ignores late interrupts)
        sys.stderr.write("\ninterrupted\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
