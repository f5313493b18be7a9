"""Loading on first use: the window imports modules that name OpenCV, NumPy or pyHanko before its first paint, and
must not pay seconds for them until they are actually used. :class:`LazyModule` stands for a library;
:func:`lazy_exports` gives a package the PEP 562 ``__getattr__`` and ``__dir__`` that load its names from their
submodules."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for ``name`` until an attribute is asked for; then the module is imported (once) and answers."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)


def lazy_exports(package: str, where: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of ``package``, whose names (``where``: name -> submodule) load on
    first use: ``package.Name`` imports ``package.submodule`` then, and keeps the name in the package (so the next
    use is a plain attribute). Use: ``__getattr__, __dir__ = lazy_exports(__name__, {"Name": "submodule"})``, with
    the same names imported under ``if TYPE_CHECKING:`` for the type checker."""
    table = dict(where)

    def __getattr__(name: str) -> Any:
        submodule = table.get(name)
        if submodule is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{submodule}"), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | table.keys())

    return __getattr__, __dir__
