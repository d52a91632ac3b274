"""The cache folder: validated data and rendered tables, keyed by everything they depend on.

Deleting the folder is always safe: every entry is checked on read, and a miss recomputes it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from hcai_path import __version__

CACHE_ENV = "HCAI_PATH_CACHE_DIR"
_MAGIC = b"hcai-path-cache-2\n"
_CHECKSUM = 20  # bytes of blake2b, at the end of an entry


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
    parts = get_parts(key)
    return parts[0] if parts is not None and len(parts) == 1 else None


def put(key: str, value: Any) -> None:
    """Store `value`; a cache that cannot be written is skipped, never an error."""
    put_parts(key, (value,))


def get_parts(key: str) -> list[Any] | None:
    """The parts stored for `key` by `put_parts`, or None; a corrupt or foreign entry is a
    miss."""
    import marshal

    try:
        with open(os.path.join(cache_dir(), key), "rb") as f:
            blob = f.read()
    except OSError:
        return None
    if not blob.startswith(_MAGIC) or len(blob) < len(_MAGIC) + _CHECKSUM:
        return None
    import hashlib

    view = memoryview(blob)  # no copy of a payload that may be megabytes long
    payload, checksum = view[len(_MAGIC) : -_CHECKSUM], blob[-_CHECKSUM:]
    # marshal is not safe on arbitrary bytes, so only checked payloads reach it.
    if hashlib.blake2b(payload, digest_size=_CHECKSUM).digest() != checksum:
        return None
    parts = []
    at = 0
    try:
        while at < len(payload):
            size = int.from_bytes(payload[at : at + 8], "little")
            parts.append(marshal.loads(payload[at + 8 : at + 8 + size]))
            at += 8 + size
    except (ValueError, EOFError, TypeError):
        return None
    return parts


def put_parts(key: str, parts: Iterable[Any]) -> None:
    """Store `parts` (made one at a time as they are written: a large value in pieces is
    never in memory whole, nor its bytes); a cache that cannot be written is skipped."""
    import hashlib
    import marshal

    from hcai_path.fsutil import write_atomic

    checksum = hashlib.blake2b(digest_size=_CHECKSUM)

    def pieces() -> Iterator[bytes]:
        yield _MAGIC
        for part in parts:
            data = marshal.dumps(part)
            size = len(data).to_bytes(8, "little")
            checksum.update(size)
            checksum.update(data)
            yield size
            yield data
        yield checksum.digest()

    try:
        write_atomic(os.path.join(cache_dir(), key), pieces(), lock=False)
    except (OSError, ValueError):
        pass
