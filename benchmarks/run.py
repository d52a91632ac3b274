"""Start-up and scale benchmarks for hcai-path: prints each measured ratio, its target and
PASS/FAIL. Run it with the Python of the environment where hcai-path is installed (ideally a
regular, non-editable install):

    python benchmarks/run.py            # about 5 minutes on a 2-core machine
    python benchmarks/run.py --quick    # fewer runs, noisier

Every figure is the median wall time of whole processes, the commands of one comparison run
interleaved (round by round) so that a slow moment of the machine hits all of them alike.
The large catalogs are generated from the shipped one by benchmarks/make_catalog.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable
FLOOR = os.path.join(HERE, "floor_app.py")
MAKE_CATALOG = os.path.join(HERE, "make_catalog.py")


def find_cli() -> list[str]:
    beside = os.path.join(os.path.dirname(PY), "hcai-path")
    if os.path.exists(beside):
        return [beside]
    found = shutil.which("hcai-path")
    if found:
        return [found]
    sys.exit("hcai-path is not installed beside this Python; pip install . first")


def run_once(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one process, its output thrown away."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode(errors='replace')}")
    return elapsed, usage.ru_maxrss


def compare(
    commands: dict[str, list[str]],
    env: dict[str, str],
    runs: int,
    warmup: int = 1,
    fresh_cache: Sequence[str] = (),
    fresh_table: Sequence[str] = (),
    workdir: str = "",
) -> dict[str, tuple[float, int]]:
    """Median seconds and the largest peak RSS of each command, runs interleaved.

    The commands named in `fresh_cache` run each time with a new, empty cache folder; those
    in `fresh_table` with a terminal width not used before, so that no table is remembered.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = dict.fromkeys(commands, 0)
    widths = iter(range(1000 + os.getpid() % 10_000 * 100, 10**9))
    for round_ in range(warmup + runs):
        for name, cmd in commands.items():
            run_env = env
            if name in fresh_cache:
                run_env = dict(env, HCAI_PATH_CACHE_DIR=tempfile.mkdtemp(dir=workdir))
            if name in fresh_table:
                run_env = dict(env, COLUMNS=str(next(widths)))
            elapsed, peak = run_once(cmd, run_env)
            if name in fresh_cache:
                shutil.rmtree(run_env["HCAI_PATH_CACHE_DIR"], ignore_errors=True)
            if round_ >= warmup:
                times[name].append(elapsed)
                peaks[name] = max(peaks[name], peak)
    return {name: (statistics.median(times[name]), peaks[name]) for name in commands}


def generate(size: int, path: str) -> None:
    """Write a catalog of `size` programs, in a process of its own: a child forked from a
    parent grown by generating it would report the parent's memory as its own peak."""
    subprocess.run([PY, MAKE_CATALOG, str(size), path], check=True)


ROWS: list[tuple[str, str, str, str]] = []
FAILED: list[str] = []


def check(label: str, value: float, target: float, detail: str, unit: str = "x") -> None:
    ok = value <= target
    ROWS.append(
        (label, detail, f"{value:.2f}{unit} (target <= {target:g}{unit})", "PASS" if ok else "FAIL")
    )
    if not ok:
        FAILED.append(label)
    print(
        f"  {'PASS' if ok else 'FAIL'}  {label}: {value:.2f}{unit} "
        f"(target <= {target:g}{unit}); {detail}",
        flush=True,
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (noisier)")
    parser.add_argument("--runs", type=int, default=None, help="runs per start-up command")
    parser.add_argument("--workdir", default=None, help="where to put catalogs and caches")
    parser.add_argument("--skip-100k", action="store_true", help="skip the 100,000 catalog")
    parser.add_argument("--startup-only", action="store_true", help="only the shipped catalog")
    args = parser.parse_args(argv)
    small_runs = args.runs or (8 if args.quick else 25)
    big_runs = 3 if args.quick else 5

    cli = find_cli()
    workdir = args.workdir or tempfile.mkdtemp(prefix="hcai-bench-")
    os.makedirs(workdir, exist_ok=True)
    env = dict(os.environ)
    env.pop("HCAI_PATH_CATALOG", None)
    env.pop("HCAI_PATH_RULES", None)
    env["HCAI_PATH_CACHE_DIR"] = os.path.join(workdir, "cache")
    env["HCAI_PATH_CONFIG_DIR"] = os.path.join(workdir, "config")  # no saved profile
    env["NO_COLOR"] = "1"
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, hcai-path {cli[0]}")
    print(f"work folder {workdir}\n")

    # ---- start-up on the shipped catalog --------------------------------------------------
    print(f"start-up, shipped catalog ({small_runs} interleaved runs each, warm cache):")
    startup = compare(
        {
            "floor": [PY, FLOOR, "list", "--format", "json"],
            "list json": [*cli, "list", "--format", "json"],
            "recommend json": [*cli, "recommend", "--role", "nurse", "--format", "json"],
            "floor+rich": [PY, FLOOR, "--rich", "list", "--format", "table"],
            "list table": [*cli, "list", "--format", "table"],
            "list table, new": [*cli, "list", "--format", "table"],
        },
        env,
        small_runs,
        warmup=2,
        fresh_table=("list table, new",),
    )
    for name, (sec, peak) in startup.items():
        print(f"    {name:16} {ms(sec):>9}  peak {peak / 1024:.0f} MiB")
    floor, rich_floor = startup["floor"][0], startup["floor+rich"][0]
    for name in ("list json", "recommend json"):
        sec = startup[name][0]
        check(f"{name} / floor", sec / floor, 1.05, f"{ms(sec)} vs {ms(floor)}")
    sec = startup["list table"][0]
    check("list table / floor+rich", sec / rich_floor, 1.08, f"{ms(sec)} vs {ms(rich_floor)}")
    sec = startup["list table, new"][0]  # a table not rendered before: Rich lays it out
    check("list table, new / floor+rich", sec / rich_floor, 1.08, f"{ms(sec)} vs {ms(rich_floor)}")

    if args.startup_only:
        return report(args, workdir)

    # ---- 10,000 programs --------------------------------------------------------------------
    big = os.path.join(workdir, "big10k.toml")
    if not os.path.exists(big):
        generate(10_000, big)
    subprocess.run([*cli, "catalog", "validate", big], env=env, check=True)
    print(f"\n10,000 programs ({big_runs} interleaved runs each):")
    bare = [PY, "-c", f"import tomllib; tomllib.load(open({big!r}, 'rb'))"]
    list_big = [*cli, "--catalog", big, "list", "--format", "json"]
    rec_big = [*cli, "--catalog", big, "recommend", "--role", "nurse", "--format", "json"]
    tenk = compare(
        {
            "bare tomllib.load": bare,
            "list json, cold": list_big,
            "list json, warm": list_big,
            "recommend, warm": rec_big,
        },
        env,
        big_runs,
        fresh_cache=("list json, cold",),
        workdir=workdir,
    )
    for name, (sec, peak) in tenk.items():
        print(f"    {name:18} {ms(sec):>9}  peak {peak / 1024:.0f} MiB")
    parse = tenk["bare tomllib.load"][0]
    for name, target in (
        ("list json, warm", 0.4),
        ("list json, cold", 1.0),
        ("recommend, warm", 0.5),
    ):
        sec = tenk[name][0]
        check(f"10k {name} / tomllib", sec / parse, target, f"{ms(sec)} vs {ms(parse)}")
    for name in ("list json, warm", "recommend, warm", "list json, cold"):
        check(f"10k {name} peak memory", tenk[name][1] / 1024, 80, "ru_maxrss", unit=" MiB")

    # ---- 100,000 programs -------------------------------------------------------------------
    if not args.skip_100k:
        huge = os.path.join(workdir, "big100k.toml")
        if not os.path.exists(huge):
            generate(100_000, huge)
        rec_huge = [*cli, "--catalog", huge, "recommend", "--role", "nurse", "--format", "json"]
        print(f"\n100,000 programs ({big_runs} interleaved runs each, warm cache):")
        hundredk = compare({"recommend 10k": rec_big, "recommend 100k": rec_huge}, env, big_runs)
        for name, (sec, peak) in hundredk.items():
            print(f"    {name:18} {ms(sec):>9}  peak {peak / 1024:.0f} MiB")
        small, large = hundredk["recommend 10k"][0], hundredk["recommend 100k"][0]
        check("recommend 100k / 10k", large / small, 10, f"{ms(large)} vs {ms(small)}")

    return report(args, workdir)


def report(args: argparse.Namespace, workdir: str) -> int:
    print("\n| measure | times | ratio (target) | result |\n| --- | --- | --- | --- |")
    for row in ROWS:
        print("| " + " | ".join(row) + " |")
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    print("\nall targets met" if not FAILED else f"\n{len(FAILED)} target(s) missed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
