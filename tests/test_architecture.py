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


PROJECT = ("app", "cli", "scanner", "ui")
LATE_IMPORTS_ALLOWED = 20
MAX_LINES = 400


def import_graph(*packages: str) -> dict[str, set[str]]:
    """Each module's imports among the packages (grimp sees imports inside functions too), plus the packages a
    module runs by importing a submodule of them (``import a.b.c`` runs ``a/b/__init__``) unless it lives inside."""
    import grimp  # late: grimp parses the whole tree; only these tests need it

    graph = grimp.build_graph(*packages, include_external_packages=False)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        found = edges.setdefault(module, set())
        for target in graph.find_modules_directly_imported_by(module):
            found.add(target)
            parts = target.split(".")
            for end in range(1, len(parts)):
                parent = ".".join(parts[:end])
                if module != parent and not module.startswith(parent + "."):
                    found.add(parent)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def late_imports(folder: Path, packages: tuple[str, ...]) -> list[tuple[Path, int, bool]]:
    """Imports of the packages inside function bodies: (file, line, whether a comment says why)."""
    found: list[tuple[Path, int, bool]] = []
    for file in sorted(folder.rglob("*.py")):
        lines = file.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module or ""] if node.level == 0 else [packages[0]]
                else:
                    continue
                if any(name.split(".")[0] in packages for name in names):
                    line = lines[node.lineno - 1]
                    above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
                    found.append((file, node.lineno, "#" in line or above.startswith("#")))
    return sorted(set(found))


def test_no_import_cycles_among_the_projects_modules() -> None:
    assert cycles(import_graph(*PROJECT)) == []


def test_the_cycle_finder_sees_a_cycle_through_a_package(tmp_path: Path) -> None:
    package = tmp_path / "cyclepkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from cyclepkg.sub.b import B\n")
    (package / "sub" / "b.py").write_text("from cyclepkg.a import A\nB = 1\n")
    (package / "a.py").write_text("def f():\n    from cyclepkg.sub.b import B\n    return B\nA = 1\n")
    import sys

    sys.path.insert(0, str(tmp_path))
    try:
        found = cycles(import_graph("cyclepkg"))
    finally:
        sys.path.remove(str(tmp_path))
    assert found == [["cyclepkg.a", "cyclepkg.sub", "cyclepkg.sub.b"]]


def test_few_late_imports_of_the_projects_modules_each_with_a_reason() -> None:
    found = [item for folder in PROJECT for item in late_imports(ROOT / folder, PROJECT)]
    where = [f"{file.relative_to(ROOT)}:{line}" for file, line, _ in found]
    assert [w for w, (_, _, said) in zip(where, found, strict=True) if not said] == []
    assert len(found) <= LATE_IMPORTS_ALLOWED, where


def test_the_late_import_walker_sees_uncommented_nested_imports(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("import app\n\n\ndef f():\n    # why\n    from app.core import x\n"
                                   "    import json\n    from . import y\n    import app.z  # why\n\n\ndef g():\n"
                                   "    from app import w\n")
    assert [(line, said) for _, line, said in late_imports(tmp_path, PROJECT)] == [
        (6, True), (8, False), (9, True), (13, False)]


def long_modules(folder: Path) -> list[str]:
    return [f"{file}: {n}" for file in sorted(folder.rglob("*.py"))
            if (n := len(file.read_text(encoding="utf-8").splitlines())) > MAX_LINES]


def test_no_module_over_400_lines() -> None:
    assert [line for folder in PROJECT for line in long_modules(ROOT / folder)] == []


def test_the_line_counter_sees_a_long_module(tmp_path: Path) -> None:
    (tmp_path / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (tmp_path / "short.py").write_text("x = 1\n" * MAX_LINES)
    assert [line.rsplit("/", 1)[-1] for line in long_modules(tmp_path)] == [f"long.py: {MAX_LINES + 1}"]


def test_building_the_parser_loads_no_heavy_library() -> None:
    """``sohoa --version`` and the parser stay fast: each command loads its heavy modules when it runs."""
    import subprocess
    import sys

    heavy = ["pyhanko", "ocrmypdf", "fastapi", "uvicorn", "cv2", "tesserocr", "matplotlib", "openpyxl", "PySide6",
             "pikepdf", "pkcs11", "reportlab"]
    code = f"import sys, cli; cli.build_parser(); print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
