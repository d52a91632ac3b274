"""Entry point for `python -m hcai_path` and the `hcai-path` console script."""

from __future__ import annotations


def main() -> None:
    import sys

    try:
        from hcai_path.cli import run
    except KeyboardInterrupt:  # Ctrl-C while the CLI is still importing
        sys.stderr.write("\ninterrupted\n")
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
