"""The real wheel: it holds the data files, installs into a fresh venv, and runs from `/`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path
from typing import Any

import pytest
from test_docs import quick_start

from hcai_path import __version__

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{args}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
          "-w", str(out), str(ROOT)])  # fmt: skip
    [built] = out.glob("hcai_path-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv (no system site-packages) with only the wheel and its dependencies."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    _run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)])
    return env_dir


def _clean_env(tmp: Path) -> dict[str, str]:
    """No HCAI_PATH_* settings and no PYTHONPATH leaking the source tree in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HCAI_PATH_")}
    env.pop("PYTHONPATH", None)
    env["HCAI_PATH_CACHE_DIR"] = str(tmp / "cache")
    env["HCAI_PATH_CONFIG_DIR"] = str(tmp / "config")
    return env


def test_wheel_contains_the_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("programs.toml", "rules.toml", "currencies.toml"):
        assert f"hcai_path/data/{name}" in names
        shipped = zipfile.ZipFile(wheel).read(f"hcai_path/data/{name}")
        assert shipped == (ROOT / "data" / name).read_bytes(), name
    sources = {str(p.relative_to(ROOT / "src")) for p in (ROOT / "src").rglob("*.py")}
    assert sources <= set(names), "every module of the source tree is in the wheel"
    assert "hcai_path/load/schema/catalog_quick.py" in names
    assert not any(n.startswith("tests/") for n in names)


def test_installed_command_runs_from_root(installed: Path, tmp_path: Path) -> None:
    env = _clean_env(tmp_path)
    listed = _run(
        [str(installed / "bin" / "hcai-path"), "list", "--format", "json"], cwd="/", env=env
    )
    programs = json.loads(listed.stdout)
    assert len(programs) > 0
    assert "hms-aim-phd" in {p["id"] for p in programs}
    assert "Traceback" not in listed.stderr
    roles = _run([str(installed / "bin" / "hcai-path"), "roles", "-f", "json"], cwd="/", env=env)
    assert "nurse" in {r["id"] for r in json.loads(roles.stdout)}
    validated = _run(
        [str(installed / "bin" / "hcai-path"), "catalog", "validate"], cwd="/", env=env
    )
    assert validated.stdout == ""
    # a computed cost needs the shipped exchange rates: they load from the wheel
    stats = _run(
        [str(installed / "bin" / "hcai-path"), "catalog", "stats", "-f", "json"], cwd="/", env=env
    )
    assert json.loads(stats.stdout)


def test_installed_module_version(installed: Path, tmp_path: Path) -> None:
    python = str(installed / "bin" / "python")
    version = _run([python, "-m", "hcai_path", "--version"], cwd="/", env=_clean_env(tmp_path))
    assert version.stdout == f"hcai-path {__version__}\n"
    where = _run(
        [python, "-c", "import hcai_path, sys; print(hcai_path.__file__)"],
        cwd="/",
        env=_clean_env(tmp_path),
    )
    # the installed copy, not the source tree
    assert where.stdout.strip().startswith(str(installed))


def test_readme_quick_start_runs_as_written(tmp_path: Path) -> None:
    """The README's first command, word for word, in a copy of the repository: a fresh venv
    from the Python on PATH, a regular install, and a pathway for a nurse (tsv in a pipe)."""
    copy = tmp_path / "clone"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
            ".hypothesis",
        ),
    )  # fmt: skip
    first = quick_start()[0]
    result = _run(["sh", "-c", first], cwd=copy, env=_clean_env(tmp_path))
    # pip's own lines come first on stdout; the pathway is what follows its header.
    lines = result.stdout.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("order\tkind\tid\t")]
    assert len(starts) == 1, result.stdout
    steps = lines[starts[0] + 1 :]
    assert steps and all(line.split("\t")[0].isdigit() for line in steps)
    assert "Traceback" not in result.stderr
