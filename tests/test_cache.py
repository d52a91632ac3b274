"""cache.py: entries are checked on read (a corrupt, foreign or truncated one is a miss), keyed
by everything they depend on, and never an error; the catalog and rules loaders use it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURE_CATALOG, FIXTURE_IDS, TODAY, Invoke, WriteCatalog
from data_cases import catalog_text, program

from hcai_path import __version__, cache
from hcai_path.errors import DataFileError
from hcai_path.load import catalog as loader
from hcai_path.load import load_catalog, load_rules
from hcai_path.models import Program


def test_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HCAI_PATH_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == str(tmp_path / "mine")
    monkeypatch.setenv("HCAI_PATH_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == str(tmp_path / "xdg" / "hcai-path")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == str(tmp_path / "home" / ".cache" / "hcai-path")


def test_digest_depends_on_every_part_and_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache.digest(b"catalog", b"data")
    assert len(key) == 40 and int(key, 16) >= 0
    assert key == cache.digest(b"catalog", b"data")
    assert key != cache.digest(b"catalog", b"dat", b"a")  # parts are length-prefixed
    assert key != cache.digest(b"catalogd", b"ata")
    assert key != cache.digest(b"rules", b"data")
    monkeypatch.setattr(cache, "__version__", __version__ + ".dev1")
    assert key != cache.digest(b"catalog", b"data")


def test_put_then_get(cache_dir: Path) -> None:
    value = (1, ("a", None, 2.5), {"k": [1, 2]}, b"bytes")
    cache.put("k1", value)
    assert cache.get("k1") == value
    assert (cache_dir / "k1").read_bytes().startswith(cache._MAGIC)
    assert cache.get("missing") is None


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"not a cache at all \x00\xff" * 10,
        cache._MAGIC,
        cache._MAGIC + b"\x00" * 20 + b"\xff\xfe\xfd",  # the header, a wrong checksum
    ],
)
def test_a_corrupt_entry_is_a_miss(cache_dir: Path, garbage: bytes) -> None:
    cache.put("k", "value")
    (cache_dir / "k").write_bytes(garbage)
    assert cache.get("k") is None


def test_a_truncated_entry_is_a_miss(cache_dir: Path) -> None:
    cache.put("k", list(range(1000)))
    data = (cache_dir / "k").read_bytes()
    (cache_dir / "k").write_bytes(data[: len(data) // 2])
    assert cache.get("k") is None


def test_a_valid_checksum_over_bad_marshal_data_is_a_miss(cache_dir: Path) -> None:
    import hashlib

    for payload in (
        b"\x0b" + b"\x00" * 7 + b"\xff\x00not marshal",  # a part that is no marshal data
        b"\xff" * 8 + b"\xe9\x01",  # a part longer than the entry
        b"\x00" * 8,  # an empty part
    ):
        checksum = hashlib.blake2b(payload, digest_size=20).digest()
        (cache_dir).mkdir(parents=True, exist_ok=True)
        (cache_dir / "k").write_bytes(cache._MAGIC + payload + checksum)
        assert cache.get("k") is None
        assert cache.get_parts("k") is None


def test_parts_are_stored_and_read_back_in_order(cache_dir: Path) -> None:
    made: list[int] = []

    def parts() -> Iterator[tuple[int, ...]]:
        for n in range(3):
            made.append(n)  # made one at a time, as the file is written
            yield tuple(range(n * 100, n * 100 + 100))

    cache.put_parts("k", parts())
    assert made == [0, 1, 2]
    assert cache.get_parts("k") == [tuple(range(n * 100, n * 100 + 100)) for n in range(3)]
    assert cache.get("k") is None, "several parts are not one value"
    cache.put_parts("empty", ())
    assert cache.get_parts("empty") == []


def test_an_unwritable_cache_is_skipped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("HCAI_PATH_CACHE_DIR", str(blocker / "cache"))
    cache.put("k", "value")  # no error
    assert cache.get("k") is None
    cache.put("k", object())  # not marshallable: skipped too


# ---- the catalog through the cache ---------------------------------------------------------


def _load(path: Path, today: dt.date = TODAY) -> tuple[Program, ...]:
    return load_catalog(str(path), rules=load_rules(), today=today).programs


def test_second_load_is_equal(catalog_file: Path, cache_dir: Path, rules: object) -> None:
    first = _load(catalog_file)
    assert cache_dir.is_dir() and any(cache_dir.iterdir())
    assert _load(catalog_file) == first
    uncached = load_catalog(str(catalog_file), rules=load_rules(), today=TODAY, use_cache=False)
    assert uncached.programs == first


def test_new_fields_survive_the_cache(write_catalog: WriteCatalog) -> None:
    from conftest import NEW_FIELDS_CATALOG

    path = write_catalog(NEW_FIELDS_CATALOG)
    first = _load(path)
    again = _load(path)
    assert again == first
    assert again[1].eligibility is not None and len(again[1].eligibility.routes) == 2
    assert again[0].cost_computation and again[0].verified == dt.date(2026, 2, 1)


def test_garbage_in_every_entry_is_ignored(catalog_file: Path, cache_dir: Path) -> None:
    first = _load(catalog_file)
    files = [f for f in cache_dir.rglob("*") if f.is_file() and not f.name.endswith(".lock")]
    assert files
    for garbage in (b"", b"not a cache at all \x00\xff" * 10, cache._MAGIC + b"\x00" * 40):
        for f in files:
            f.write_bytes(garbage)
        assert _load(catalog_file) == first


def test_deleting_the_cache_is_safe(
    catalog_file: Path, cache_dir: Path, run_fixture: Invoke
) -> None:
    first = _load(catalog_file)
    shutil.rmtree(cache_dir)
    assert _load(catalog_file) == first
    shutil.rmtree(cache_dir)
    assert run_fixture(["list"]).exit_code == 0


def test_an_edited_catalog_is_read_afresh(catalog_file: Path) -> None:
    _load(catalog_file)
    catalog_file.write_text(
        FIXTURE_CATALOG.replace("Alpha University", "Alpha College"), encoding="utf-8"
    )
    assert _load(catalog_file)[0].provider == "Alpha College"


def test_the_cache_never_hides_an_error(write_catalog: WriteCatalog) -> None:
    path = write_catalog(FIXTURE_CATALOG)
    _load(path)
    path.write_text(FIXTURE_CATALOG.replace('type = "executive"', 'type = "exec"'))
    with pytest.raises(DataFileError):
        _load(path)


def test_a_cached_catalog_is_not_used_before_its_dates(write_catalog: WriteCatalog) -> None:
    """Cached on a later day, a `verified` date is in the future on an earlier one."""
    path = write_catalog(catalog_text(program(verified=dt.date(2027, 1, 1))))
    assert [p.id for p in _load(path, today=dt.date(2028, 1, 1))] == ["test-program"]
    with pytest.raises(DataFileError, match="in the future"):
        _load(path, today=dt.date(2026, 12, 31))


def test_the_key_holds_the_rates_and_the_vocabularies(
    catalog_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load(catalog_file)
    before = set(os.listdir(cache_dir))
    real = loader.rates_bytes()
    monkeypatch.setattr(loader, "rates_bytes", lambda: real + b"\n# another day\n")
    _load(catalog_file)
    assert len(set(os.listdir(cache_dir)) - before) == 1  # a new entry, not the old one


def test_an_unwritable_cache_is_not_an_error(
    catalog_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("HCAI_PATH_CACHE_DIR", str(blocker / "cache"))
    assert [p.id for p in _load(catalog_file)] == FIXTURE_IDS
