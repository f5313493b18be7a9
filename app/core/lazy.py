"""A library imported on its first use: the window imports modules that name OpenCV or NumPy before its first
paint, and must not pay seconds for them until a card is actually read."""

from __future__ import annotations

import importlib
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
