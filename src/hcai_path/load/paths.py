"""Where the shipped data files are."""

from __future__ import annotations

import os


def shipped_data_path(name: str) -> str:
    """The shipped data file: inside the installed package, else the source checkout's data/."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    packaged = os.path.join(package, "data", name)
    if os.path.exists(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(package)), "data", name)
