"""toml: a valid catalog file holding exactly the programs shown (`list --format toml`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hcai_path.models import COMPUTED_FROM, DERIVED, Program
from hcai_path.render import Context, Format, Formatter, Output


def _entry(value: Any) -> dict[str, Any]:
    """A NamedTuple as the table a catalog file would hold: fields at their default left out."""
    defaults = type(value)._field_defaults
    entry: dict[str, Any] = {}
    for key, item in zip(value._fields, value, strict=True):
        if key in defaults and item == defaults[key]:
            continue
        if getattr(item, "_fields", None) is not None:
            entry[key] = _entry(item)
        elif isinstance(item, tuple) and item and getattr(item[0], "_fields", None):
            entry[key] = [_entry(x) for x in item]
        elif isinstance(item, tuple):
            entry[key] = list(item)
        else:
            entry[key] = item
    return entry


def _catalog_entry(program: Program) -> dict[str, Any]:
    """What a catalog file says of `program`: what is computed at load time is left out (the
    computations, and a cost or duration computed from the price or basis written beside it),
    so that the file validates and loads back to the same program."""
    entry = _entry(program)
    for key in DERIVED:
        entry.pop(key, None)
    for computed, source in COMPUTED_FROM.items():
        if source in entry:
            entry.pop(computed, None)
    eligibility = entry.get("eligibility")
    if eligibility is not None and "routes" not in eligibility:
        # No routes, written out: a table with a note alone would read as one open route.
        entry["eligibility"] = {"routes": [], **eligibility}
    return entry


class TomlFormatter(Formatter):
    format = Format.TOML

    def programs(self, programs: Sequence[Program], ctx: Context) -> Output:
        import tomli_w

        from hcai_path.text import toml_safe

        # A reference to a program left out of the selection would make the file invalid.
        kept = {p.id for p in programs}
        entries = []
        for p in programs:
            entry = _catalog_entry(p)
            for key in ("counts_toward", "prepares_for"):
                if key in entry:
                    entry[key] = [ref for ref in entry[key] if ref in kept]
                    if not entry[key]:
                        del entry[key]
            entries.append(entry)
        # tomli_w leaves C1 controls and bidi overrides raw; \uXXXX is a valid TOML escape too.
        return toml_safe(tomli_w.dumps({"programs": entries}))
