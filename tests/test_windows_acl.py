"""The data folder's ACL on Windows, checked here against a fake at the Win32 boundary: the exact ``icacls``
command, run once per folder when a store opens, and a refusal logged without stopping the station."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.core import winacl
from app.core.storage import Store


class FakeIcacls:
    def __init__(self, returncode: int = 0, stderr: str = "") -> None:
        self.calls: list[list[str]] = []
        self.returncode = returncode
        self.stderr = stderr

    def __call__(self, command: Sequence[str]) -> subprocess.CompletedProcess[str]:
        self.calls.append(list(command))
        return subprocess.CompletedProcess(list(command), self.returncode, "", self.stderr)


@pytest.fixture
def on_windows(monkeypatch: pytest.MonkeyPatch) -> FakeIcacls:
    fake = FakeIcacls()
    monkeypatch.setattr(winacl, "current_platform", lambda: "win32")
    monkeypatch.setattr(winacl, "_run", fake)
    monkeypatch.setattr(winacl, "_done", set())
    monkeypatch.setenv("USERDOMAIN", "UBND-H22")
    monkeypatch.setenv("USERNAME", "mot cua 01")
    monkeypatch.delenv(winacl.GROUP_ENV, raising=False)
    return fake


def test_the_command_cuts_inheritance_and_grants_the_station_and_system() -> None:
    assert winacl.acl_command(Path("D:/SoHoaData"), "UBND-H22\\mot cua 01") == [
        "icacls", str(Path("D:/SoHoaData")), "/inheritance:r", "/grant:r", "UBND-H22\\mot cua 01:(OI)(CI)F",
        "/grant:r", "*S-1-5-18:(OI)(CI)F"]


def test_the_principal_is_the_account_or_the_install_group() -> None:
    assert winacl.station_principal({"USERDOMAIN": "UBND-H22", "USERNAME": "canbo"}) == "UBND-H22\\canbo"
    assert winacl.station_principal({"USERNAME": "canbo"}) == "canbo"
    assert winacl.station_principal({"USERNAME": "canbo", "SOHOA_DATA_GROUP": "SoHoa Stations"}) == "SoHoa Stations"


def test_opening_the_store_restricts_the_data_folder_once(on_windows: FakeIcacls, isolated_station: Path) -> None:
    Store(isolated_station)
    Store(isolated_station)
    assert on_windows.calls == [winacl.acl_command(isolated_station.resolve(), "UBND-H22\\mot cua 01")]


def test_a_refusal_is_logged_and_tried_again(on_windows: FakeIcacls, isolated_station: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    on_windows.returncode, on_windows.stderr = 5, "Access is denied."
    with caplog.at_level(logging.WARNING, logger="app.core.winacl"):
        assert not winacl.restrict(isolated_station)
    assert "Access is denied." in caplog.text and "mot cua 01" in caplog.text
    on_windows.returncode = 0
    assert winacl.restrict(isolated_station) and len(on_windows.calls) == 2


def test_elsewhere_icacls_never_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = FakeIcacls()
    monkeypatch.setattr(winacl, "_run", fake)
    monkeypatch.setattr(winacl, "current_platform", lambda: "linux")
    assert winacl.restrict(tmp_path) and fake.calls == []


def test_the_installers_group_is_read_from_the_environment(on_windows: FakeIcacls, isolated_station: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The installer sets SOHOA_DATA_GROUP machine-wide; the station then grants the group, not the one account."""
    monkeypatch.setenv(winacl.GROUP_ENV, winacl.DEFAULT_GROUP)
    Store(isolated_station)
    assert on_windows.calls == [winacl.acl_command(isolated_station.resolve(), "SoHoa Stations")]
