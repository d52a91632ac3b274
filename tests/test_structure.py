"""The layout's limits (issue 13): no module over 650 lines, no function body over 80."""

from __future__ import annotations

import ast
import pathlib

import pytest

SRC = pathlib.Path(__file__).resolve().parent.parent / "src" / "hcai_path"
MODULES = sorted(SRC.rglob("*.py"))


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_over_650_lines(path: pathlib.Path) -> None:
    assert path.read_text(encoding="utf-8").count("\n") <= 650


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_function_body_over_80_lines(path: pathlib.Path) -> None:
    """A body counts from its first statement (the docstring too) to its last line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        (f.name, (f.end_lineno or f.lineno) - f.body[0].lineno + 1)
        for f in _functions(tree)
        if (f.end_lineno or f.lineno) - f.body[0].lineno + 1 > 80
    ]
    assert not long


def test_the_limits_are_read_from_real_modules() -> None:
    assert len(MODULES) > 20 and any(p.name == "search.py" for p in MODULES)
