"""The layering rule: scanner/ imports neither Qt nor app/; app/ never imports Qt or ui/."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for file in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(file)] = names
    return found


def test_scanner_imports_neither_qt_nor_app() -> None:
    for file, names in imported_modules(ROOT / "scanner").items():
        assert not names & {"PySide6", "shiboken6", "app", "ui"}, file


def test_app_does_not_import_qt_or_ui() -> None:
    for file, names in imported_modules(ROOT / "app").items():
        assert not names & {"PySide6", "shiboken6", "ui"}, file


def test_the_walker_sees_a_nested_qt_import(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    source = "def f():\n    from PySide6.QtWidgets import QWidget\n    return QWidget\n"
    (tmp_path / "pkg" / "bad.py").write_text(source)
    assert "PySide6" in next(iter(imported_modules(tmp_path / "pkg").values()))
