"""Every error class of the project hangs from ``NewsflowError`` and is drawn in the tree."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import errors
from errors import FetchError, NewsflowError, WarehouseError

PACKAGES = ("errors", "settings", "newsflow", "flows", "tasks", "staging", "warehouse", "search")


def _project_modules() -> list[str]:
    names = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        names.append(package_name)
        prefix = package_name + "."
        for info in pkgutil.walk_packages(package.__path__, prefix):
            names.append(info.name)
    return names


def _exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in _project_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == name
            ):
                found[f"{name}.{value.__qualname__}"] = value
    return found


def test_the_walk_finds_the_project_and_its_errors() -> None:
    modules = _project_modules()
    assert {"tasks.fetch.client", "warehouse.load", "flows.backfill"} <= set(modules)
    assert len(_exception_classes()) > 40


def test_every_exception_class_derives_from_newsflow_error() -> None:
    strays = [
        name for name, cls in _exception_classes().items() if not issubclass(cls, NewsflowError)
    ]
    assert strays == []


def test_every_public_error_is_drawn_in_the_tree() -> None:
    tree = errors.__doc__ or ""
    drawn = set(re.findall(r"[├└]── (\w+)", tree)) | set(re.findall(r"^(\w+)$", tree, re.M))
    public = {
        cls.__name__ for cls in _exception_classes().values() if not cls.__name__.startswith("_")
    }
    assert public - drawn == set()
    assert drawn - public == set()


@pytest.mark.parametrize(
    ("where", "name"),
    [
        ("tasks.errors", "InputRejected"),
        ("tasks.fetch.errors", "HttpStatus"),
        ("warehouse.errors", "WarehouseBusy"),
        ("search.errors", "IndexBusy"),
        ("tasks.sources", "SourcesError"),
        ("tasks.urls", "InvalidUrl"),
        ("tasks.discover.xmlguard", "UnsafeXml"),
        ("staging.read", "BatchInvalid"),
        ("warehouse.describe", "UnknownRelation"),
        ("flows.ops.stack", "StackError"),
        ("settings", "SettingsError"),
        ("tasks.workers", "WorkerLost"),
    ],
)
def test_old_names_stay_importable_where_they_are_raised(where: str, name: str) -> None:
    assert getattr(importlib.import_module(where), name) is getattr(errors, name)


def test_builtin_kinds_are_kept_so_existing_handlers_still_catch() -> None:
    assert issubclass(errors.SettingsError, ValueError)
    assert issubclass(errors.InvalidUrl, ValueError)
    assert issubclass(errors.WorkerLost, RuntimeError)
    assert not issubclass(errors.BatchInvalid, WarehouseError)
    assert not issubclass(errors.InvalidUrl, FetchError)
