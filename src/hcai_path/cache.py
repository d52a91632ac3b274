"""The cache folder: validated data and rendered tables, keyed by everything they depend on.

Deleting the folder is always safe: every entry is checked on read, and a miss recomputes it.
"""

from __future__ import annotations

import os
from typing import Any

from hcai_path import __version__

CACHE_ENV = "HCAI_PATH_CACHE_DIR"
_MAGIC = b"hcai-path-cache-1\n"


def cache_dir() -> str:
    from hcai_path.fsutil import user_folder

    return user_folder(CACHE_ENV, "XDG_CACHE_HOME", ".cache")


def digest(*parts: bytes) -> str:
    """A key for `parts` (and this version of hcai-path)."""
    import hashlib

    h = hashlib.blake2b(digest_size=20)
    h.update(__version__.encode())
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def get(key: str) -> Any:
    """The cached value for `key`, or None; a corrupt or foreign entry is a miss."""
    import marshal

    try:
        with open(os.path.join(cache_dir(), key), "rb") as f:
            blob = f.read()
    except OSError:
        return None
    if not blob.startswith(_MAGIC):
        return None
    import hashlib

    head = len(_MAGIC)
    view = memoryview(blob)  # no copy of a payload that may be megabytes long
    checksum, payload = blob[head : head + 20], view[head + 20 :]
    # marshal is not safe on arbitrary bytes, so only checked payloads reach it.
    if hashlib.blake2b(payload, digest_size=20).digest() != checksum:
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def put(key: str, value: Any) -> None:
    """Store `value`; a cache that cannot be written is skipped, never an error."""
    import hashlib
    import marshal

    from hcai_path.fsutil import write_atomic

    try:
        payload = marshal.dumps(value)
        checksum = hashlib.blake2b(payload, digest_size=20).digest()
        # In two pieces: joined, a large payload would be in memory twice.
        write_atomic(os.path.join(cache_dir(), key), (_MAGIC + checksum, payload), lock=False)
    except (OSError, ValueError):
        pass
