"""A faster start-up for Typer: commands built on first use, option values coerced only when
needed. The one module that touches Typer's private API (tested on the versions pinned in
pyproject.toml; on any other, `root_command` falls back to Typer's own `get_command`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer


class _LazyCommands(MutableMapping[str, Any]):
    """The subcommands of the root group, each built by Typer on first lookup.

    Typer builds every command (signatures, type hints, parameters) before parsing, which costs
    more at start-up than everything else hcai-path does for a small catalog; a run needs one.
    Help, completion and "did you mean" still see every name, in registration order.
    """

    def __init__(self, builders: dict[str, Callable[[], Any]]) -> None:
        self._builders = builders
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            command = self._builders[name]()  # KeyError for an unknown name
            _defer_coercion(command)
            self._built[name] = command
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._builders[name] = lambda: command
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._builders[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)


class _DeferredCoercion:
    """Typer's coercion of one parameter, built only when it has work to do.

    Typer builds a pydantic TypeAdapter for every parameter of the command, given or not, and
    the first one imports pydantic (about a third of the start-up). None (an option left
    out), a str for a `str` option, a bool for a `bool` one and strs for a `list[str]` one
    come out of Typer's coercion as they went in (as a list for the last); only other values,
    numbers from text for example, need it, and they get it, error messages included.
    """

    __slots__ = ("_real",)

    def __init__(self) -> None:
        self._real: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if (param.multiple or param.nargs == -1) else None
        if self._real is None:
            descriptor = param.type_descriptor
            info = descriptor.parameter_info
            if descriptor.file_annotation is None and info.parser is None:
                plain = _as_typer_would(value, descriptor.annotation, info)
                if plain is not _NOT_PLAIN:
                    return plain
            from typer._coercion import build_runtime_param

            self._real = build_runtime_param(descriptor)
        return self._real.coerce(value, param=param, ctx=ctx)


_NOT_PLAIN = object()


def _as_typer_would(value: Any, annotation: Any, info: Any) -> Any:
    """What Typer's coercion makes of `value` when that is plain to see without it, else
    _NOT_PLAIN: a str for `str`, a bool for `bool`, strs for `list[str]` (as a list), and plain
    digits (with a decimal part for a float) for a number with no bound but a min of 0 or less."""
    if annotation is str or annotation is bool:
        return value if type(value) is annotation else _NOT_PLAIN
    if annotation == list[str]:
        if type(value) in (list, tuple) and all(type(item) is str for item in value):
            return list(value)
        return _NOT_PLAIN
    if annotation is not int and annotation is not float:
        return _NOT_PLAIN
    if info.max is not None or info.clamp or info.min:  # digits have no sign: min <= 0 holds
        return _NOT_PLAIN
    if type(value) is not str or not value.isascii() or len(value) > 30:
        return _NOT_PLAIN
    whole, point, part = value.partition(".")
    if annotation is int and whole.isdigit() and not point:
        return int(value)
    if annotation is float and whole.isdigit() and (not point or part.isdigit()):
        return float(value)
    return _NOT_PLAIN


def _defer_coercion(command: Any) -> None:
    for sub in getattr(command, "commands", {}).values():
        _defer_coercion(sub)
    for param in command.params:
        _defer_param(param)
    # The --help option is made when a command is parsed, and kept (Click's own cache).
    make_help_option = getattr(command, "get_help_option", None)
    if make_help_option is not None:

        def get_help_option(ctx: Any) -> Any:
            option = make_help_option(ctx)
            _defer_param(option)
            return option

        command.get_help_option = get_help_option


def _defer_param(param: Any) -> None:
    if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
        param._runtime_param = _DeferredCoercion()


def root_command(app: typer.Typer) -> Any:
    """`typer.main.get_command(app)`, with subcommands built only when looked up."""
    from typer import main as typer_main

    commands, groups = app.registered_commands, app.registered_groups
    try:
        builders: dict[str, Callable[[], Any]] = {}
        for info in commands:
            assert info.callback is not None
            name = info.name or typer_main.get_command_name(info.callback.__name__)
            builders[name] = functools.partial(
                typer_main.get_command_from_info,
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
        for group_info in groups:
            assert isinstance(group_info.name, str) and group_info.name not in builders
            builders[group_info.name] = functools.partial(
                typer_main.get_group_from_info,
                group_info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
                suggest_commands=app.suggest_commands,
            )
        app.registered_commands, app.registered_groups = [], []
        try:
            root = typer_main.get_command(app)  # the group: its callback and global options
        finally:
            app.registered_commands, app.registered_groups = commands, groups
        _defer_coercion(root)
        root.commands = _LazyCommands(builders)  # type: ignore[attr-defined]
        return root
    except Exception:  # a Typer whose internals differ: build every command, as Typer does
        return typer.main.get_command(app)


class PlainCommand(typer.core.TyperCommand):
    """A command whose help names arguments plainly: `show [OPTIONS] ID`, not `{ID}` with a
    Python type beside it (Typer 0.29 writes both)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        for param in params:
            if isinstance(param, typer.core.TyperArgument) and param.metavar:
                _plain_argument(param)
        return params


def _plain_argument(param: Any) -> None:
    metavar = param.metavar
    param.display_type_rich = lambda ctx: None
    param._usage_display_name = lambda: metavar
