"""Input boundary: find, read, validate and cache the catalog and rules files."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import Any

from hcai_path import __version__
from hcai_path.errors import DataFileError, Problem
from hcai_path.models import Catalog, Eligibility, Program
from hcai_path.rules import Rules, build_rules
from hcai_path.tomlfile import decode_text, parse_toml, read_bytes

CATALOG_ENV = "HCAI_PATH_CATALOG"
RULES_ENV = "HCAI_PATH_RULES"
CACHE_ENV = "HCAI_PATH_CACHE_DIR"
_CACHE_MAGIC = b"hcai-path-cache-1\n"


def shipped_data_path(name: str) -> str:
    """The shipped data file: inside the installed package, else the source checkout's data/."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data", name)
    if os.path.exists(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data", name)


def cache_dir() -> str:
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "hcai-path")


def load_rules(path: str | None = None, *, use_cache: bool = True) -> Rules:
    """The rule set at `path` (a path from the user), else the shipped one."""
    user_given = path is not None
    path = path if path is not None else shipped_data_path("rules.toml")
    data = read_bytes(path, what="rules", from_command_line=user_given)
    key = _digest(b"rules", data)
    cached = _cache_get(key) if use_cache else None
    if isinstance(cached, dict):
        return build_rules(cached, path=path)
    raw, text = _parse(data, path)
    from hcai_path.rules_schema import check_rules

    problems = check_rules(raw, path=path, text=text)
    if problems:
        raise DataFileError(problems)
    if use_cache:
        _cache_put(key, raw)
    return build_rules(raw, path=path)


def load_catalog(
    path: str | None = None, *, rules: Rules, today: dt.date, use_cache: bool = True
) -> Catalog:
    """The catalog at `path` (a path from the user), else the shipped one, validated."""
    user_given = path is not None
    path = path if path is not None else shipped_data_path("programs.toml")
    data = read_bytes(path, what="catalog", from_command_line=user_given)
    rules_data = _rules_identity(rules)
    key = _digest(b"catalog", data, rules_data)
    cached = _cache_get(key) if use_cache else None
    if isinstance(cached, tuple) and len(cached) == 2 and cached[0] <= today.toordinal():
        return Catalog(path, tuple(_program_from_cache(row) for row in cached[1]))
    raw, text = _parse(data, path)
    from hcai_path.catalog_schema import check_catalog

    problems = check_catalog(raw, path=path, text=text, rules=rules, today=today)
    if problems:
        raise DataFileError(problems)
    programs = tuple(program_from_raw(p) for p in raw.get("programs", []))
    if use_cache:
        newest = max((p.verified.toordinal() for p in programs), default=0)
        _cache_put(key, (newest, tuple(_program_to_cache(p) for p in programs)))
    return Catalog(path, programs)


def validate_paths(paths: list[str], *, rules_path: str | None, today: dt.date) -> list[Problem]:
    """Every problem in the given files (catalogs or rule sets), validated afresh."""
    problems: list[Problem] = []
    rules: Rules | None = None
    rules_problems: list[Problem] = []
    try:
        rules = load_rules(rules_path, use_cache=False)
    except DataFileError as e:
        rules_problems = e.problems
    for path in paths:
        try:
            data = read_bytes(path, what="data", from_command_line=False)
            raw, text = _parse(data, path)
        except DataFileError as e:
            problems.extend(e.problems)
            continue
        if "programs" in raw or "roles" not in raw:
            if rules is None:
                problems.extend(rules_problems)
                rules_problems = []
                problems.append(
                    Problem(path, "not checked against the vocabularies: the rules file is invalid")
                )
                continue
            from hcai_path.catalog_schema import check_catalog

            problems.extend(check_catalog(raw, path=path, text=text, rules=rules, today=today))
        else:
            from hcai_path.rules_schema import check_rules

            problems.extend(p for p in check_rules(raw, path=path, text=text) if p not in problems)
    return problems


def program_from_raw(p: Mapping[str, Any]) -> Program:
    elig = p.get("eligibility")
    return Program(
        id=p["id"],
        name=p["name"],
        provider=p["provider"],
        type=p["type"],
        credential=p["credential"],
        delivery=p["delivery"],
        duration_months=_number(p.get("duration_months")),
        duration_note=p.get("duration_note", ""),
        cost_usd=_number(p.get("cost_usd")),
        cost_note=p.get("cost_note", ""),
        topics=tuple(p["topics"]),
        roles=tuple(p["roles"]),
        prerequisites=p["prerequisites"],
        eligibility=None
        if elig is None
        else Eligibility(
            tuple(elig.get("roles", ())),
            tuple(elig.get("degrees", ())),
            elig.get("min_years", 0),
            elig.get("note", ""),
        ),
        awards=tuple(p.get("awards", ())),
        counts_toward=tuple(p.get("counts_toward", ())),
        prepares_for=tuple(p.get("prepares_for", ())),
        url=p["url"],
        source=p["source"],
        verified=p["verified"],
    )


def _number(value: Any) -> float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _parse(data: bytes, path: str) -> tuple[dict[str, Any], str]:
    text = decode_text(data, path)
    return parse_toml(text, path), text


def _rules_identity(rules: Rules) -> bytes:
    vocab = sorted(rules.topics) + ["|"] + sorted(rules.role_vocabulary()) + ["|"] + sorted(rules.degrees)
    return "\n".join(vocab).encode()


def _digest(*parts: bytes) -> str:
    import hashlib

    h = hashlib.blake2b(digest_size=20)
    h.update(__version__.encode())
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def _program_to_cache(p: Program) -> tuple[Any, ...]:
    row = list(p)
    row[13] = None if p.eligibility is None else tuple(p.eligibility)
    row[19] = p.verified.toordinal()
    return tuple(row)


def _program_from_cache(row: tuple[Any, ...]) -> Program:
    elig = row[13]
    return Program._make(
        row[:13]
        + (None if elig is None else Eligibility._make(elig),)
        + row[14:19]
        + (dt.date.fromordinal(row[19]),)
    )


def _cache_get(key: str) -> Any:
    """The cached value for `key`, or None; a corrupt or foreign entry is a miss."""
    import marshal

    try:
        with open(os.path.join(cache_dir(), key), "rb") as f:
            blob = f.read()
    except OSError:
        return None
    if not blob.startswith(_CACHE_MAGIC):
        return None
    import hashlib

    digest, payload = blob[len(_CACHE_MAGIC) : len(_CACHE_MAGIC) + 20], blob[len(_CACHE_MAGIC) + 20 :]
    # marshal is not safe on arbitrary bytes, so only checked payloads reach it.
    if hashlib.blake2b(payload, digest_size=20).digest() != digest:
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def _cache_put(key: str, value: Any) -> None:
    """Store `value`; a cache that cannot be written is skipped, never an error."""
    import hashlib
    import marshal

    from hcai_path.fsutil import write_atomic

    try:
        payload = marshal.dumps(value)
        digest = hashlib.blake2b(payload, digest_size=20).digest()
        write_atomic(os.path.join(cache_dir(), key), _CACHE_MAGIC + digest + payload, lock=False)
    except (OSError, ValueError):
        pass
