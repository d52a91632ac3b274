"""The saved profile: defaults for `recommend`, stored as TOML and written atomically."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any, NamedTuple

from hcai_path.errors import DataFileError, Problem

CONFIG_ENV = "HCAI_PATH_CONFIG_DIR"
PROFILE_NAME = "profile.toml"


class Profile(NamedTuple):
    """What `recommend` uses when an option is not given; None/empty means not set."""

    role: str | None = None
    goals: tuple[str, ...] = ()
    budget_usd: float | None = None
    months: float | None = None
    delivery: str | None = None
    have: tuple[str, ...] = ()
    years: int | None = None
    country: str | None = None

    def merged(self, overrides: Profile) -> Profile:
        """This profile with every value that `overrides` sets replacing ours."""
        changes = {
            name: getattr(overrides, name)
            for name in self._fields
            if getattr(overrides, name) not in (None, ())
        }
        return self._replace(**changes)

    def to_toml_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self._fields:
            value = getattr(self, name)
            if value in (None, ()):
                continue
            out[name] = list(value) if isinstance(value, tuple) else value
        return out


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "role": (str,),
    "goals": (list,),
    "budget_usd": (int, float),
    "months": (int, float),
    "delivery": (str,),
    "have": (list,),
    "years": (int,),
    "country": (str,),
}


def config_dir() -> str:
    from hcai_path.fsutil import user_folder

    return user_folder(CONFIG_ENV, "XDG_CONFIG_HOME", ".config")


def profile_path() -> str:
    return os.path.join(config_dir(), PROFILE_NAME)


def load_profile(path: str | None = None) -> Profile | None:
    """The saved profile, or None when there is none; a broken file is a data error."""
    from hcai_path.load.toml import decode_text, parse_toml, read_bytes

    path = path or profile_path()
    if not os.path.exists(path):
        return None
    data = read_bytes(path, what="profile", from_command_line=False)
    text = decode_text(data, path)
    if not text.strip():  # what `profile set` saves when nothing is set: no defaults
        return Profile()
    return profile_from_raw(parse_toml(text, path), path=path)


def profile_from_raw(raw: Mapping[str, Any], *, path: str) -> Profile:
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        kinds = _FIELD_TYPES.get(key)
        if kinds is None:
            problems.append(Problem(path, "unknown key; remove it", field=key))
            continue
        if isinstance(value, bool) or not isinstance(value, kinds):
            problems.append(
                Problem(path, f"has the wrong type ({type(value).__name__})", field=key)
            )
            continue
        if isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                problems.append(Problem(path, "must be a list of strings", field=key))
                continue
            value = tuple(value)
        elif isinstance(value, float) and not math.isfinite(value):
            problems.append(Problem(path, "must be a finite number", field=key))
            continue
        elif isinstance(value, (int, float)) and value < 0:
            problems.append(Problem(path, "must not be negative", field=key))
            continue
        values[key] = value
    if problems:
        raise DataFileError(problems)
    return Profile(**values)


def save_profile(profile: Profile, path: str | None = None) -> str:
    import tomli_w

    from hcai_path.fsutil import write_atomic

    path = path or profile_path()
    write_atomic(path, tomli_w.dumps(profile.to_toml_dict()).encode("utf-8"))
    return path


def clear_profile(path: str | None = None) -> bool:
    """Remove the saved profile; False when there was none."""
    from hcai_path.fsutil import locked

    path = path or profile_path()
    if not os.path.exists(path):
        return False
    with locked(path):
        try:
            os.unlink(path)
        except FileNotFoundError:
            return False
    return True
