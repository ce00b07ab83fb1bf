"""Help screens without a type after plain flags.

Typer 0.29 prints every option's type, flags included (``--rebuild <bool>``), as if the flag
took a value: ``TyperOption.display_type_rich`` returns the option's metavar when it has one and
its type name otherwise, with no case for flags. These command classes give each flag (``--help``
too, which is made when help is shown) an empty metavar, so help shows just the flag.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup, TyperOption


def _without_flag_types(parameters: list[Any]) -> list[Any]:
    for parameter in parameters:
        if isinstance(parameter, TyperOption) and parameter.is_flag:
            parameter.metavar = ""
    return parameters


class Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_types(super().get_params(ctx))


class Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_types(super().get_params(ctx))
