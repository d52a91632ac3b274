"""`catalog validate`: every problem of the given files, validated afresh (no cache)."""

from __future__ import annotations

import datetime as dt

from hcai_path.errors import DataFileError, Problem
from hcai_path.load.rates import load_rates
from hcai_path.load.rules import load_rules
from hcai_path.load.toml import decode_text, parse_toml, read_bytes
from hcai_path.rules import Rules


def validate_paths(paths: list[str], *, rules_path: str | None, today: dt.date) -> list[Problem]:
    """Every problem in the given files (catalogs or rule sets)."""
    problems: list[Problem] = []
    rules: Rules | None = None
    rules_problems: list[Problem] = []
    rates = load_rates()
    try:
        rules = load_rules(rules_path, use_cache=False)
    except DataFileError as e:
        rules_problems = e.problems
    for path in paths:
        try:
            data = read_bytes(path, what="data", from_command_line=False)
            text = decode_text(data, path)
            raw = parse_toml(text, path)
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
            from hcai_path.load.schema.catalog import check_catalog

            problems.extend(
                check_catalog(raw, path=path, text=text, rules=rules, rates=rates, today=today)
            )
        else:
            from hcai_path.load.schema.rules import check_rules

            problems.extend(p for p in check_rules(raw, path=path, text=text) if p not in problems)
    return problems
