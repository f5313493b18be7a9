"""Data at rest (issue 18): the data folder and everything in it readable only by the station's account on POSIX,
and dossiers never cross the network over plain HTTP unless the administrator says so, a token never."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from app.core.config import Settings, SyncSettings
from app.core.files import atomic_write_bytes
from app.core.storage import Store
from app.outbox.adapters import destination_from_settings
from app.outbox.adapters.auth import store_secret
from app.outbox.adapters.transport import PlainHttpRefused, SecretOverPlainHttp, check_transport
from app.signing.appearance import Appearance, embeddable_font
from tests.outbox.support import make_pdf

posix = pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows uses ACLs")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _open_to_others(root: Path) -> list[str]:
    return [f"{p}: {oct(_mode(p))}" for p in [root, *root.rglob("*")] if not p.is_symlink() and _mode(p) & 0o077]


@posix
def test_fresh_store_is_private(tmp_path: Path) -> None:
    data = tmp_path / "a" / "data"
    store = Store(data)
    with store.atomic() as db:
        db.execute("create table if not exists probe (x)")
    atomic_write_bytes(store.path("dossiers/1/2/page.png"), b"page")
    assert _mode(data) == 0o700 and _mode(data / "sohoa.db") == 0o600
    assert _mode(store.path("dossiers/1/2/page.png")) == 0o600
    assert _open_to_others(data) == []
    store.close()


@posix
def test_data_folder_from_before_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    Store(data).close()
    assert _mode(data) == 0o700 and _mode(data / "sohoa.db") == 0o600


@posix
def test_fresh_data_folder_after_a_submit_is_private(cli, tmp_path: Path, isolated_station: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = make_pdf(tmp_path / "to-khai.pdf", 2000, 1)
    result = cli("submit", "--procedure", "1.000948", "--applicant-id", "001090000001", "--applicant-name",
                 "Trần Thị Bình", "--component", f"Tờ khai={pdf}")
    assert result.returncode == 0, result.stderr
    assert any(isolated_station.rglob("*.pdf"))
    assert _open_to_others(isolated_station) == []


@pytest.mark.parametrize("url", ["https://hub.example.vn", "http://127.0.0.1:8080", "http://localhost:1",
                                 "http://[::1]:9"])
def test_https_and_loopback_are_allowed(url: str) -> None:
    check_transport(url, sends_secret=True)


def test_plain_http_to_another_machine_needs_the_logged_setting(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(PlainHttpRefused):
        check_transport("http://10.0.0.5:8080", sends_secret=False)
    with caplog.at_level(logging.WARNING, logger="sohoa.outbox"):
        check_transport("http://10.0.0.5:8080", sends_secret=False, allow_plain_http=True)
    assert "allow_plain_http" in caplog.text
    with pytest.raises(SecretOverPlainHttp):  # whatever the setting
        check_transport("http://10.0.0.5:8080", sends_secret=True, allow_plain_http=True)


def test_destination_refuses_plain_http_and_never_sends_a_token_over_it() -> None:
    with pytest.raises(PlainHttpRefused):
        destination_from_settings(Settings(sync=SyncSettings(server="http://192.0.2.1", auth="none")))
    destination_from_settings(Settings(sync=SyncSettings(server="http://192.0.2.1", auth="none",
                                                         allow_plain_http=True))).close()
    store_secret("token", "http://192.0.2.1", "tok-ST01")
    with pytest.raises(SecretOverPlainHttp):
        destination_from_settings(Settings(sync=SyncSettings(server="http://192.0.2.1", allow_plain_http=True)))


def test_a_font_scaled_for_signatures_is_kept_in_the_cache_not_in_the_data_folder(
        isolated_station: Path, tmp_path: Path) -> None:
    scaled = Path(embeddable_font(Appearance().font()))
    if scaled == Path(Appearance().font()):
        pytest.skip("this machine's signature font already has 1000 units per em")
    assert scaled.is_relative_to(tmp_path / "cache") and scaled.exists()
    assert not isolated_station.exists() or not list(isolated_station.rglob("*.ttf"))
