"""The fast paths of issue 6 give the same answers as the slow ones they stand in for.

No timings here (benchmarks/run.py measures); only equivalence: the quick validity proof never
accepts what the full validation rejects, the rtoml path parses what tomllib parses, the JSON
writers match `json.dumps`, the lazily built CLI matches Typer's, the table cache matches Rich.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import re
import sys
import tomllib
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hcai_path import catalog, cli, render, tomlfile
from hcai_path.catalog_schema import check_catalog
from hcai_path.errors import Problem

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import make_catalog  # noqa: E402

TODAY = dt.date(2027, 1, 1)
RULES = catalog.load_rules(use_cache=False)
SHIPPED_TEXT = Path(catalog.shipped_data_path("programs.toml")).read_text(encoding="utf-8")
SHIPPED = tomllib.loads(SHIPPED_TEXT)


def _problems(raw: Any) -> list[Problem]:
    return check_catalog(raw, path="c.toml", text="", rules=RULES, today=TODAY)


# ---- quick_valid: True only when check_catalog finds nothing ----------------------------------


def test_quick_valid_accepts_the_shipped_and_generated_catalogs() -> None:
    assert catalog.quick_valid(SHIPPED, rules=RULES, today=TODAY)
    generated = tomllib.loads(make_catalog.make(400))
    assert not _problems(generated)
    assert catalog.quick_valid(generated, rules=RULES, today=TODAY)
    assert catalog.quick_valid({}, rules=RULES, today=TODAY)


BAD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    1.5,
    float("nan"),
    float("inf"),
    10**9,
    "",
    " ",
    "x" * 20_001,
    "Bad Id",
    "a\n",
    "-a",
    "https://x",
    "http://example.org/",
    "https://example.org/ x",
    [],
    ["a", "a"],
    ["nope"],
    [1],
    {},
    {"roles": ["nope"]},
    {"min_years": 61},
    {"min_years": True},
    {"extra": 1},
    dt.date(2030, 1, 1),
    dt.datetime(2020, 1, 1),
    ("a",),
    "doctorate",
    "masters",
    "executive",
    "online",
    ["nurse", "nurse"],
    ["ethics"],
    ["doctorate"],
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, len(SHIPPED["programs"]) - 1),
    field=st.sampled_from(
        [
            *catalog._ALLOWED,
            "unknown",
            "eligibility.roles",
            "eligibility.min_years",
            "eligibility.note",
            "eligibility.x",
        ]
    ),
    value=st.sampled_from(BAD_VALUES) | st.text(max_size=12),
    drop=st.booleans(),
    duplicate=st.booleans(),
)
def test_quick_valid_never_accepts_a_problem(
    index: int, field: str, value: Any, drop: bool, duplicate: bool
) -> None:
    raw = copy.deepcopy(SHIPPED)
    entry = raw["programs"][index]
    if "." in field:
        head, sub = field.split(".")
        target = entry.setdefault(head, {}) if isinstance(entry.get(head), dict) else entry
        key = sub if target is not entry else field
    else:
        target, key = entry, field
    if drop:
        target.pop(key, None)
    else:
        target[key] = value
    if duplicate:
        raw["programs"].append(copy.deepcopy(raw["programs"][index]))
    if catalog.quick_valid(raw, rules=RULES, today=TODAY):
        assert _problems(raw) == []


def test_quick_valid_refuses_each_known_problem() -> None:
    def changed(**fields: Any) -> dict[str, Any]:
        raw = copy.deepcopy(SHIPPED)
        raw["programs"][0].update(fields)
        return raw

    for raw in (
        changed(id="a\n"),
        changed(verified=dt.date(2099, 1, 1)),
        changed(counts_toward=[SHIPPED["programs"][0]["id"]]),
        changed(prepares_for=["no-such-program"]),
        changed(topics=["ethics", "ethics"]),
        changed(type="professional"),
        changed(cost_usd=-1),
        changed(url="https://bad url"),
        {"programs": [*SHIPPED["programs"], SHIPPED["programs"][0]]},
        {"programs": SHIPPED["programs"], "extra": 1},
    ):
        assert _problems(raw)
        assert not catalog.quick_valid(raw, rules=RULES, today=TODAY)


# ---- parse_toml_pieces: the same data, or NotFast ---------------------------------------------


def _joined(text: str) -> dict[str, Any]:
    """The pieces' documents as one: their programs lists joined."""
    pieces = tomlfile.split_toml(text, "f.toml")
    docs = list(tomlfile.parse_toml_pieces(pieces, "f.toml"))
    assert pieces == []  # each piece's text is let go once parsed
    joined: dict[str, Any] = {}
    for doc in docs:
        for key, value in doc.items():
            if key == "programs":
                joined.setdefault("programs", []).extend(value)
            else:
                joined[key] = value
    return joined


TOML11_ONLY = [
    "a = {\n b = 1 }\n",
    "a = { b = 1, }\n",
    'a = "\\e"\n',
    'a = "\\x41"\n',
    "a = 07:32\n",
    "a = 1979-05-27T07:32\n",
    "a = 1979-05-27 07:32Z\n",
    "a = [\n  07:32 ]\n",
    'x = { a = "} #",\nk = { a = "} #", b = 2 } }\n',
]


@pytest.mark.parametrize("text", TOML11_ONLY)
def test_toml11_syntax_is_left_to_tomllib(text: str) -> None:
    assert tomlfile._maybe_toml11(text)
    padded = "# " + "x" * tomlfile.FAST_MIN_CHARS + "\n" + text  # large enough for rtoml
    with pytest.raises(tomlfile.NotFast):
        _joined(padded)


@pytest.mark.parametrize("piece", [3, 7, 500])
def test_pieces_join_to_tomllib(piece: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tomlfile, "PIECE_ENTRIES", piece)
    text = make_catalog.make(600)
    assert len(text) > tomlfile.FAST_MIN_CHARS and not tomlfile._maybe_toml11(text)
    assert _joined(text) == tomllib.loads(text)
    assert not tomlfile._maybe_toml11(SHIPPED_TEXT)
    inline = text + '\n[[programs]]\nid = "x"\neligibility = { degrees = ["a"] }\n'
    assert _joined(inline) == tomllib.loads(inline)
    quoted = re.sub(
        r'^name = "(.*)"$', r'name = """\1\n[[programs]]"""', text, count=1, flags=re.MULTILINE
    )  # a header-like line inside a string: not cut there
    assert '"""' in quoted
    assert _joined(quoted) == tomllib.loads(quoted)


@pytest.mark.parametrize(
    "tail",
    [
        "a = 1\na = 2\n",
        "a = [[[\n",
        "a = 1e1000\n",
        "a = 99999999999999999999\n",
        'a = "\x01"\n',
        "[[programs]\n",
        "a = 2025-02-30\n",
        "[programs]\nx = 1\n",
    ],
)
def test_pieces_never_differ_from_tomllib(tail: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tomlfile, "PIECE_ENTRIES", 5)
    text = make_catalog.make(600) + tail
    try:
        expected: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        with pytest.raises(tomlfile.NotFast):
            _joined(text)
    else:
        try:
            assert _joined(text) == expected
        except tomlfile.NotFast:
            pass


def test_fast_load_equals_full_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.toml"
    path.write_text(make_catalog.make(700), encoding="utf-8")
    fast = catalog.load_catalog(str(path), rules=RULES, today=TODAY, use_cache=False)
    full = tuple(map(catalog.program_from_raw, tomllib.loads(path.read_text())["programs"]))
    assert fast.programs == full
    monkeypatch.setattr(catalog, "quick_valid", lambda *a, **k: False)
    path.write_text(path.read_text().replace('type = "academic"', 'type = "acadmic"', 1))
    with pytest.raises(catalog.DataFileError) as e:
        catalog.load_catalog(str(path), rules=RULES, today=TODAY, use_cache=False)
    assert "acadmic" in str(e.value)


def test_loaded_programs_share_repeated_values(tmp_path: Path) -> None:
    """Equal vocabulary ids, providers and dates are one object each, freshly parsed (small and
    large files) and from the cache alike: a large catalog's memory depends on it."""
    for size in (30, 700):
        path = tmp_path / f"c{size}.toml"
        path.write_text(make_catalog.make(size), encoding="utf-8")
        for _ in ("parsed", "cached"):
            programs = catalog.load_catalog(str(path), rules=RULES, today=TODAY).programs
            for field in ("provider", "type", "delivery", "topics", "roles", "verified"):
                values = [getattr(p, field) for p in programs]
                assert len({id(v) for v in values}) == len(set(values)), field
            topics = [t for p in programs for t in p.topics]
            assert len({id(t) for t in topics}) == len(set(topics))


# ---- JSON writers ------------------------------------------------------------------------------


def _nested(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4))


plain_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(), _nested, max_leaves=25
)


@settings(max_examples=300, deadline=None)
@given(plain_json)
def test_indented_json_is_json_dumps(value: Any) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert render._indented_json(value) == expected


def test_to_json_falls_back_for_other_keys() -> None:
    value = {1: "x", "y": (1, 2)}
    assert render.to_json(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


odd_text = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=("Cs",)),
    max_size=8,
)


@settings(max_examples=100, deadline=None)
@given(strings=st.lists(odd_text, min_size=4, max_size=4), chunk=st.integers(1, 9))
def test_programs_json_is_to_json_of_records(strings: list[str], chunk: int) -> None:
    rules = RULES
    programs = list(catalog.load_catalog(rules=rules, today=TODAY, use_cache=False).programs)
    first = programs[0]._replace(
        name=strings[0],
        cost_note=strings[1],
        topics=(strings[2],),
        duration_months=1.5,
        cost_usd=None,
    )
    programs = [first, *programs[1:12]]
    expected = render.to_json([render.program_record(p, TODAY) for p in programs])
    assert "".join(render.programs_json(programs, TODAY, chunk=chunk)) == expected
    assert "".join(render.programs_json([], TODAY)) == render.to_json([])


# ---- the CLI: built lazily, coerced lazily, tables remembered ------------------------------------


def _run_in_process(command: Any, args: list[str]) -> str:
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        try:
            command.main(args, prog_name="hcai-path", standalone_mode=False)
        except Exception as e:  # noqa: BLE001 - the message is what is compared
            out.write(f"{type(e).__name__}: {e}")
    return out.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["list", "--help"],
        ["recommend", "--help"],
        ["catalog", "--help"],
        ["profile", "show", "--help"],
        ["lis"],
        ["list", "--max-cost", "-1"],
        ["list", "--max-cost", "abc"],
        ["compare", "--help"],
    ],
)
def test_lazy_root_command_matches_typer(args: list[str]) -> None:
    eager = _run_in_process(typer.main.get_command(cli.app), list(args))
    lazy = _run_in_process(cli.root_command(), list(args))
    assert lazy == eager


def test_lazy_root_command_lists_every_command() -> None:
    eager = typer.main.get_command(cli.app)
    lazy = cli.root_command()
    assert list(lazy.commands) == list(eager.commands)  # type: ignore[attr-defined]
    assert [p.name for p in lazy.params] == [p.name for p in eager.params]


def _every_param() -> list[Any]:
    root = cli.root_command()
    params = list(root.params)
    commands = [root.commands[name] for name in root.commands]  # type: ignore[attr-defined]
    while commands:
        command = commands.pop()
        params.extend(command.params)
        commands.extend(getattr(command, "commands", {}).values())
    return [p for p in params if hasattr(p, "type_descriptor")]


EVERY_PARAM = _every_param()
cli_values = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=12),
    st.from_regex(r"[0-9]{1,20}(\.[0-9]{0,8})?", fullmatch=True),
    st.text(alphabet="0123456789.-+e_ \u0663\u00b2", max_size=8),
    st.lists(st.text(max_size=6), max_size=3).map(tuple),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
)


def _coerced(runtime: Any, value: Any, param: Any) -> tuple[str, Any]:
    ctx = typer.Context(cli.root_command())
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except Exception as e:  # noqa: BLE001 - the message is what is compared
        return type(e).__name__, str(e)


@settings(max_examples=400, deadline=None)
@given(param=st.sampled_from(EVERY_PARAM), value=cli_values)
def test_deferred_coercion_is_typers(param: Any, value: Any) -> None:
    """Every shortcut of `_DeferredCoercion` gives what Typer's own coercion gives, type too."""
    from typer._coercion import build_runtime_param

    expected = _coerced(build_runtime_param(param.type_descriptor), value, param)
    got = _coerced(cli._DeferredCoercion(), value, param)
    assert got == expected
    assert type(got[1]) is type(expected[1])


def test_deferred_coercion_covers_every_param() -> None:
    kinds = {repr(p.type_descriptor.annotation) for p in EVERY_PARAM}
    assert kinds == {
        "<class 'bool'>",
        "<class 'str'>",
        "<class 'int'>",
        "<class 'float'>",
        "list[str]",
    }
    assert all(isinstance(p._runtime_param, cli._DeferredCoercion) for p in EVERY_PARAM)


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "json", "--type", "academic", "--max-cost", "50000"],
        ["recommend", "--role", "nurse", "--goal", "governance", "--budget", "5000.5"],
        ["recommend", "--role", "nurse", "--years", "3", "--have", "bachelors", "-f", "tsv"],
        ["show", "hms-aim-phd", "--format", "json"],
    ],
)
def test_plain_options_do_not_import_pydantic(args: list[str], tmp_path: Path) -> None:
    """Typer's coercion imports pydantic, a third of the start-up; plain values skip it, and so
    does a first run (an empty cache) on the shipped data, whose rules are the validated bytes."""
    import subprocess

    code = (
        "import sys\n"
        "from hcai_path import cli\n"
        "try:\n    cli.run(sys.argv[1:])\n"
        "except SystemExit as e:\n"
        "    print(e.code, sorted(m for m in sys.modules if m.startswith('pydantic')),"
        " file=sys.stderr)\n"
    )
    env = dict(
        os.environ,
        HCAI_PATH_CACHE_DIR=str(tmp_path / "c"),
        HCAI_PATH_CONFIG_DIR=str(tmp_path / "p"),
    )
    for run in ("first", "cached"):
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        last = done.stderr.strip().splitlines()[-1]  # after any note
        assert last == "0 []", (run, done.stderr)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["list", "--format", "json", "--max-cost", "-1"], 2),
        (["list", "--type", "nope"], 2),
        (["list", "--format", "json", "--max-months", "3"], 0),
        (["nope"], 2),
    ],
)
def test_run_exit_codes(args: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        cli.run(args)
    assert e.value.code == code


def test_table_cache_gives_rich_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from hcai_path.table import table_text as rich_table

    rows = [["a-id", "A name", "x"], ["b-id", "B [bold]name[/bold]", "\x1b[31mred"]]
    options: dict[str, Any] = {"caption": "2 rows", "no_wrap": ["x"], "dim_rows": [False, True]}
    expected = rich_table(["id", "name", "x"], rows, **options)
    assert cli.table_text(["id", "name", "x"], rows, **options) == expected  # a miss
    assert cli.table_text(["id", "name", "x"], rows, **options) == expected  # a hit
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli.table_text(["id", "name", "x"], rows, **options) == rich_table(
        ["id", "name", "x"], rows, **options
    )
    assert os.listdir(catalog.cache_dir())


# ---- Problem keeps its dataclass manners -------------------------------------------------------


def test_problem_is_a_frozen_value() -> None:
    a = Problem("f.toml", "bad", line=3)
    assert a == Problem("f.toml", "bad", 3) and hash(a) == hash(Problem("f.toml", "bad", 3))
    assert a != Problem("f.toml", "bad", line=4) and a != ("f.toml", "bad")
    assert len({a, Problem("f.toml", "bad", line=3)}) == 1
    with pytest.raises(AttributeError):
        a.line = 5  # type: ignore[misc]
    assert "line=3" in repr(a)


def test_streamed_json_to_a_closed_pipe(tmp_path: Path) -> None:
    """`list --format json | head -1` on a large catalog: output streams, and stops quietly."""
    import subprocess

    path = tmp_path / "big.toml"
    path.write_text(make_catalog.make(3000), encoding="utf-8")
    env = dict(os.environ, HCAI_PATH_CACHE_DIR=str(tmp_path / "cache"))
    command = (
        f"'{sys.executable}' -m hcai_path --catalog '{path}' list --format json | head -1;"
        ' exit "${PIPESTATUS[0]}"'
    )
    for _ in range(2):  # an empty cache, then a warm one
        done = subprocess.run(["bash", "-c", command], capture_output=True, env=env, timeout=120)
        assert done.stdout == b"[\n"
        assert b"Traceback" not in done.stderr and b"Exception" not in done.stderr, done.stderr
        assert done.returncode == 0, done.stderr
