"""Loading the rule set: read, validate (unless it is the shipped, tested file), cache."""

from __future__ import annotations

from hcai_path import cache
from hcai_path.errors import DataFileError
from hcai_path.load.paths import shipped_data_path
from hcai_path.load.toml import decode_text, parse_toml, read_bytes
from hcai_path.rules import Rules, build_rules

# The digest of the shipped data/rules.toml, which the tests validate (tests/load/test_rules.py
# checks that this is its digest). A file with these exact bytes needs no validation: an empty
# cache (a first run) then skips importing pydantic, about 12 MiB and 150 ms. Any other file,
# and `catalog validate` always, is validated in full.
SHIPPED_RULES_DIGEST = "5c5e935e48c9cb828161dcde950794d0173d2766"


def plain_digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=20).hexdigest()


def load_rules(path: str | None = None, *, use_cache: bool = True) -> Rules:
    """The rule set at `path` (a path from the user), else the shipped one."""
    user_given = path is not None
    path = path if path is not None else shipped_data_path("rules.toml")
    data = read_bytes(path, what="rules", from_command_line=user_given)
    key = cache.digest(b"rules", data)
    cached = cache.get(key) if use_cache else None
    if isinstance(cached, dict):
        return build_rules(cached, path=path)
    text = decode_text(data, path)
    raw = parse_toml(text, path)
    if not (use_cache and plain_digest(data) == SHIPPED_RULES_DIGEST):
        from hcai_path.load.schema.rules import check_rules

        problems = check_rules(raw, path=path, text=text)
        if problems:
            raise DataFileError(problems)
    if use_cache:
        cache.put(key, raw)
    return build_rules(raw, path=path)
