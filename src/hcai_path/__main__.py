"""Entry point for `python -m hcai_path` and the `hcai-path` console script."""

from __future__ import annotations


def main() -> None:
    from hcai_path.cli import run

    run()


if __name__ == "__main__":
    main()
