"""Input boundary: find, read, validate and cache the catalog and rules files."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from typing import Any

from hcai_path import __version__
from hcai_path.errors import DataFileError, Problem
from hcai_path.limits import (
    DOLLARS_MAX,
    HTTPS_URL_PATTERN,
    ID_MAX,
    ID_PATTERN,
    MIN_YEARS_MAX,
    MONTHS_MAX,
    TEXT_MAX,
    URL_MAX,
)
from hcai_path.models import (
    ACADEMIC_CREDENTIALS,
    DEGREE_CREDENTIALS,
    Catalog,
    Credential,
    Delivery,
    Eligibility,
    Program,
    ProgramType,
)
from hcai_path.rules import Rules, build_rules
from hcai_path.tomlfile import (
    NotFast,
    decode_text,
    parse_toml,
    parse_toml_pieces,
    read_bytes,
    split_toml,
)

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
    if not (use_cache and _plain_digest(data) == SHIPPED_RULES_DIGEST):
        from hcai_path.rules_schema import check_rules

        problems = check_rules(raw, path=path, text=text)
        if problems:
            raise DataFileError(problems)
    if use_cache:
        _cache_put(key, raw)
    return build_rules(raw, path=path)


# The digest of the shipped data/rules.toml, which the tests validate (tests/test_rules.py checks
# that this is its digest). A file with these exact bytes needs no validation: an empty cache (a
# first run) then skips importing pydantic, about 12 MiB and 150 ms. Any other file, and
# `catalog validate` always, is validated in full.
SHIPPED_RULES_DIGEST = "612eebf7d226b4591f0f3b99d2fdfbe928b7aa8e"


def _plain_digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=20).hexdigest()


def load_catalog(
    path: str | None = None, *, rules: Rules, today: dt.date, use_cache: bool = True
) -> Catalog:
    """The catalog at `path` (a path from the user), else the shipped one, validated."""
    import gc

    # Loading builds hundreds of thousands of objects and frees none: the cyclic garbage
    # collector, which would scan them again and again, has nothing to find until it is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_catalog(path, rules=rules, today=today, use_cache=use_cache)
    finally:
        if collecting:
            gc.enable()


def _load_catalog(path: str | None, *, rules: Rules, today: dt.date, use_cache: bool) -> Catalog:
    user_given = path is not None
    path = path if path is not None else shipped_data_path("programs.toml")
    data = read_bytes(path, what="catalog", from_command_line=user_given)
    rules_data = _rules_identity(rules)
    key = _digest(b"catalog", data, rules_data)
    cached = _cache_get(key) if use_cache else None
    if isinstance(cached, tuple) and len(cached) == 2 and cached[0] <= today.toordinal():
        share = _sharer()
        return Catalog(path, tuple(_program_from_cache(row, share) for row in cached[1]))
    del cached
    # A large catalog: keep one copy of its text in memory at a time, and free each piece of
    # it once parsed. The common case, a valid file, is proved valid by QuickCheck piece by
    # piece (each piece's tables dropped once its programs are built).
    # A file that cannot be read twice (a pipe, `<(...)`) is kept for the slow path below.
    kept = None if _is_regular_file(path) else data
    text = decode_text(data, path)
    del data
    try:
        pieces: list[str] | None = split_toml(text, path)
    except NotFast:
        pieces = None
    del text
    programs = _quick_load(pieces, path, rules=rules, today=today)
    if programs is None:
        # Any doubt: the whole file (read again, as its pieces are gone) goes through tomllib
        # and the full validation, which name every problem.
        if kept is None:
            data = read_bytes(path, what="catalog", from_command_line=user_given)
            key = _digest(b"catalog", data, rules_data)  # the file may have changed
        else:
            data, kept = kept, None
        raw, text = _parse(data, path)
        del data
        from hcai_path.catalog_schema import check_catalog

        problems = check_catalog(raw, path=path, text=text, rules=rules, today=today)
        if problems:
            raise DataFileError(problems)
        del text
        share = _sharer()
        programs = tuple(program_from_raw(p, share=share) for p in raw.get("programs", []))
        del raw
    if use_cache:
        newest = max((p.verified.toordinal() for p in programs), default=0)
        _cache_put(key, (newest, tuple(map(_program_to_cache, programs))))
    return Catalog(path, programs)


def _is_regular_file(path: str) -> bool:
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


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


def _same(value: Any) -> Any:
    return value


def program_from_raw(p: Mapping[str, Any], *, share: Callable[[Any], Any] = _same) -> Program:
    """The program of a validated entry; `share` returns one object for equal values (see
    `_sharer`)."""
    elig = p.get("eligibility")
    return Program(
        id=p["id"],
        name=p["name"],
        provider=share(p["provider"]),
        type=share(p["type"]),
        credential=share(p["credential"]),
        delivery=share(p["delivery"]),
        duration_months=_number(p.get("duration_months")),
        duration_note=p.get("duration_note", ""),
        cost_usd=_number(p.get("cost_usd")),
        cost_note=p.get("cost_note", ""),
        topics=share(tuple(map(share, p["topics"]))),
        roles=share(tuple(map(share, p["roles"]))),
        prerequisites=p["prerequisites"],
        eligibility=None
        if elig is None
        else Eligibility(
            share(tuple(map(share, elig.get("roles", ())))),
            share(tuple(map(share, elig.get("degrees", ())))),
            elig.get("min_years", 0),
            elig.get("note", ""),
        ),
        awards=share(tuple(map(share, p.get("awards", ())))),
        counts_toward=tuple(p.get("counts_toward", ())),
        prepares_for=tuple(p.get("prepares_for", ())),
        url=p["url"],
        source=p["source"],
        verified=share(p["verified"]),
    )


def _sharer() -> Callable[[Any], Any]:
    """A function that returns the first of equal values it was given.

    Vocabulary ids, providers and dates repeat across a catalog's programs: one object for
    each (kept so by the cache, as marshal writes a shared object once) makes a
    10,000-program catalog several MiB smaller.
    """
    seen: dict[Any, Any] = {}
    return lambda value: seen.setdefault(value, value)


def _quick_load(
    pieces: list[str] | None, path: str, *, rules: Rules, today: dt.date
) -> tuple[Program, ...] | None:
    """The programs of a catalog that QuickCheck proves valid, else None; empties `pieces`."""
    if pieces is None:
        return None
    check = QuickCheck(rules=rules, today=today)
    share = _sharer()
    programs: list[Program] = []
    try:
        for doc in parse_toml_pieces(pieces, path):
            if not doc.keys() <= {"programs"}:
                return None
            entries = doc.get("programs", [])
            if not check.add(entries):
                return None
            programs.extend(program_from_raw(p, share=share) for p in entries)
            del doc, entries
    except NotFast:
        return None
    return tuple(programs) if check.done() else None


# ---- the fast proof of validity ---------------------------------------------------------------
#
# `quick_valid` repeats, in plain Python, every rule of `catalog_schema` (the pydantic models and
# the catalog-wide checks) for the shapes a valid catalog has, and answers False on anything
# else. It never decides that a file is invalid, so it needs no messages: False sends the file
# to the full validation. The two are kept in step by the tests (tests/test_catalog.py).

_REQUIRED = frozenset(
    {
        "id",
        "name",
        "provider",
        "type",
        "credential",
        "delivery",
        "topics",
        "roles",
        "prerequisites",
        "url",
        "source",
        "verified",
    }
)
_ALLOWED = _REQUIRED | {
    "duration_months",
    "duration_note",
    "cost_usd",
    "cost_note",
    "eligibility",
    "awards",
    "counts_toward",
    "prepares_for",
}
_ELIGIBILITY_KEYS = frozenset({"roles", "degrees", "min_years", "note"})
_TYPES = frozenset(t.value for t in ProgramType)
_CREDENTIALS = frozenset(c.value for c in Credential)
_DELIVERIES = frozenset(d.value for d in Delivery)


def quick_valid(raw: Any, *, rules: Rules, today: dt.date) -> bool:
    """True only if `catalog_schema.check_catalog` would find no problem in `raw`."""
    if type(raw) is not dict or not raw.keys() <= {"programs"}:
        return False
    check = QuickCheck(rules=rules, today=today)
    return check.add(raw.get("programs", [])) and check.done()


class QuickCheck:
    """`quick_valid` for a catalog read in pieces: `add` each piece's programs, then `done`."""

    def __init__(self, *, rules: Rules, today: dt.date) -> None:
        import re

        # fullmatch: pydantic's `$` refuses "a\n", Python's `$` alone would not.
        self.ident_ok = re.compile(ID_PATTERN).fullmatch
        self.url_ok = re.compile(HTTPS_URL_PATTERN).fullmatch
        self.topics = frozenset(rules.topics)
        self.roles = rules.role_vocabulary()
        self.degrees = frozenset(rules.degrees)
        self.today = today
        self.seen_ids: set[str] = set()
        self.seen_names: set[tuple[str, str]] = set()
        self.references: list[tuple[str, Any]] = []

    def done(self) -> bool:
        """Whether every counts_toward and prepares_for names another program of the catalog."""
        for ident, refs in self.references:
            for ref in refs:
                if ref == ident or ref not in self.seen_ids:
                    return False
        return True

    def add(self, programs: Any) -> bool:  # noqa: C901 - one flat list of rules, kept in one place
        import math

        if type(programs) is not list:
            return False
        ident_ok, url_ok, today = self.ident_ok, self.url_ok, self.today
        topics, roles, degrees = self.topics, self.roles, self.degrees
        seen_ids, seen_names, references = self.seen_ids, self.seen_names, self.references

        def text(value: Any, low: int, high: int) -> bool:
            return type(value) is str and low <= len(value) <= high

        def ids(value: Any, vocabulary: frozenset[str] | None, nonempty: bool = False) -> bool:
            """A list of well-formed ids, each once, from `vocabulary` (None: any)."""
            if type(value) is not list or (nonempty and not value):
                return False
            for item in value:
                if type(item) is not str or len(item) > ID_MAX or not ident_ok(item):
                    return False
                if vocabulary is not None and item not in vocabulary:
                    return False
            return vocabulary is None or len(set(value)) == len(value)

        def number(value: Any, high: int) -> bool:
            if type(value) is int:
                return 0 <= value <= high
            return type(value) is float and math.isfinite(value) and 0 <= value <= high

        for p in programs:
            if type(p) is not dict or not (_REQUIRED <= p.keys() <= _ALLOWED):
                return False
            ident = p["id"]
            if type(ident) is not str or len(ident) > ID_MAX or not ident_ok(ident):
                return False
            if ident in seen_ids:
                return False
            seen_ids.add(ident)
            name, provider = p["name"], p["provider"]
            if not (text(name, 1, TEXT_MAX) and text(provider, 1, TEXT_MAX)):
                return False
            if not text(p["prerequisites"], 1, TEXT_MAX):
                return False
            names = (name.casefold().strip(), provider.casefold().strip())
            if names in seen_names:
                return False
            seen_names.add(names)
            kind, credential = p["type"], p["credential"]
            if type(kind) is not str or kind not in _TYPES:
                return False
            if type(credential) is not str or credential not in _CREDENTIALS:
                return False
            delivery = p["delivery"]
            if type(delivery) is not str or delivery not in _DELIVERIES:
                return False
            if kind == "academic" and credential not in ACADEMIC_CREDENTIALS:
                return False
            if credential in DEGREE_CREDENTIALS and kind != "academic":
                return False
            if "duration_months" in p and not number(p["duration_months"], MONTHS_MAX):
                return False
            if "cost_usd" in p:
                if not number(p["cost_usd"], DOLLARS_MAX):
                    return False
                if "cost_note" in p and not text(p["cost_note"], 0, TEXT_MAX):
                    return False
            elif not (text(p.get("cost_note"), 1, TEXT_MAX) and p["cost_note"].strip()):
                return False
            if "duration_note" in p and not text(p["duration_note"], 0, TEXT_MAX):
                return False
            if not (ids(p["topics"], topics, True) and ids(p["roles"], roles, True)):
                return False
            if "awards" in p:
                awards = p["awards"]
                if not ids(awards, degrees):
                    return False
                if awards and credential not in DEGREE_CREDENTIALS:
                    return False
            if "eligibility" in p:
                elig = p["eligibility"]
                if type(elig) is not dict or not elig.keys() <= _ELIGIBILITY_KEYS:
                    return False
                if "roles" in elig and not ids(elig["roles"], roles):
                    return False
                if "degrees" in elig and not ids(elig["degrees"], degrees):
                    return False
                if "min_years" in elig:
                    years = elig["min_years"]
                    if type(years) is not int or not 0 <= years <= MIN_YEARS_MAX:
                        return False
                if "note" in elig and not text(elig["note"], 0, TEXT_MAX):
                    return False
            for field in ("counts_toward", "prepares_for"):
                if field in p:
                    if not ids(p[field], None):
                        return False
                    references.append((ident, p[field]))
            for field in ("url", "source"):
                url = p[field]
                if not text(url, 1, URL_MAX) or not url_ok(url):
                    return False
            verified = p["verified"]
            if type(verified) is not dt.date or verified > today:
                return False
        return True


def _number(value: Any) -> float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _parse(data: bytes, path: str) -> tuple[dict[str, Any], str]:
    text = decode_text(data, path)
    return parse_toml(text, path), text


def _rules_identity(rules: Rules) -> bytes:
    vocab = (
        sorted(rules.topics)
        + ["|"]
        + sorted(rules.role_vocabulary())
        + ["|"]
        + sorted(rules.degrees)
    )
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
    row: list[Any] = list(p)
    row[13] = None if p.eligibility is None else p.eligibility[:]  # a plain tuple
    row[19] = p.verified.toordinal()
    return tuple(row)


def _program_from_cache(row: tuple[Any, ...], share: Callable[[Any], Any]) -> Program:
    elig = row[13]
    return Program._make(
        row[:13]
        + (None if elig is None else Eligibility._make(elig),)
        + row[14:19]
        + (share(dt.date.fromordinal(row[19])),)
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

    head = len(_CACHE_MAGIC)
    view = memoryview(blob)  # no copy of a payload that may be megabytes long
    digest, payload = blob[head : head + 20], view[head + 20 :]
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
        # In two pieces: joined, a large payload would be in memory twice.
        write_atomic(os.path.join(cache_dir(), key), (_CACHE_MAGIC + digest, payload), lock=False)
    except (OSError, ValueError):
        pass


# The cache, for other kinds of values (cli.py keeps rendered tables in it).
cache_key = _digest
cache_get = _cache_get
cache_put = _cache_put
