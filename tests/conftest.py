"""Shared fixtures: an isolated station (data + config in tmp), the real SANE test backend, generated pages."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything loads Qt
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")

import subprocess
import sys
from pathlib import Path

import pytest

# shared fixtures, registered once (a fixture imported into a test module is built once per module)
pytest_plugins = ["tests.checks_fixtures", "tests.counter_fixtures", "tests.signing_fixtures"]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def sane_config_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SANE config folder whose dll.conf loads only the ``test`` backend (listing in ms, not seconds)."""
    folder = tmp_path_factory.mktemp("sane")
    (folder / "dll.conf").write_text("test\n")
    return folder


@pytest.fixture(autouse=True)
def isolated_station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sane_config_dir: Path) -> Path:
    data = tmp_path / "station-data"
    monkeypatch.setenv("SOHOA_DATA_DIR", str(data))
    monkeypatch.setenv("SOHOA_CONFIG", str(tmp_path / "settings.toml"))
    monkeypatch.setenv("SOHOA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SANE_CONFIG_DIR", str(sane_config_dir))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("SOHOA_LANG", "vi")
    return data


@pytest.fixture(scope="session")
def sample_stack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three numbered Vietnamese pages at 300 dpi with a scanner's look, plus their ground truth."""
    from app.imaging.samples import write_sample_stack

    folder = tmp_path_factory.mktemp("stack")
    write_sample_stack(folder, pages=3, dpi=300, seed=7)
    return folder


@pytest.fixture(scope="session")
def small_stack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two pages at 200 dpi: enough for OCR, fast to process."""
    from app.imaging.samples import write_sample_stack

    folder = tmp_path_factory.mktemp("small")
    write_sample_stack(folder, pages=2, dpi=200, seed=3)
    return folder


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``sohoa`` as a separate process, exactly as an admin or the checker would."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd=ROOT, input=input)


@pytest.fixture
def cli():  # type: ignore[no-untyped-def]
    return run_cli


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of the Qt application is a ``gui`` test: all of tests/ui/, and any test that asks for a Qt
    application, so ``-m "not gui"`` (make check) never starts Qt."""
    ui_tests = ROOT / "tests" / "ui"
    for item in items:
        qt = {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ()))
        if qt or item.path.is_relative_to(ui_tests):
            item.add_marker(pytest.mark.gui)
