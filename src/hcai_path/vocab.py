"""Resolving what a user typed to a vocabulary id: case, spaces, underscores, aliases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hcai_path.errors import UsageError


def normalize(value: str) -> str:
    return "-".join(value.strip().lower().replace("_", " ").replace("-", " ").split())


def resolve(value: str, choices: Mapping[str, Iterable[str]], *, what: str) -> str:
    """The id that `value` names, among `choices` (id -> aliases); else a usage error."""
    wanted = normalize(value)
    names: dict[str, str] = {}
    for ident, aliases in choices.items():
        names[ident] = ident
        for alias in aliases:
            names.setdefault(alias, ident)
    if wanted in names:
        return names[wanted]
    raise UsageError(f"unknown {what} {value!r}{suggestion(wanted, names)}")


def suggestion(wanted: str, names: Mapping[str, str]) -> str:
    import difflib

    # Only a close match is a suggestion: "phd" is not "pharmacy-doctorate".
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.75)
    if close:
        return f"; did you mean {names[close[0]]!r}?"
    ids = sorted(set(names.values()))
    if len(ids) > MAX_CHOICES_SHOWN:
        shown = ", ".join(ids[:MAX_CHOICES_SHOWN])
        return f"; choose from: {shown} and {len(ids) - MAX_CHOICES_SHOWN} more"
    return f"; choose from: {', '.join(ids)}"


MAX_CHOICES_SHOWN = 20
