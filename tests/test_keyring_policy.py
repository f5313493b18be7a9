"""Secrets only in the OS keyring: keyrings.alt (a readable file) is refused unless chosen explicitly, and the
self-check names the backend and the audit key's file with its mode."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.backend import KeyringBackend
from keyrings.alt.file import PlaintextKeyring
from keyrings.alt.multi import MultipartKeyringWrapper

from app.core import audit, keys
from app.core.storage import Store
from app.counter.selfcheck import check_keyring


class OsKeyring(KeyringBackend):
    """Stands for Windows Credential Manager or Secret Service: a backend outside keyrings.alt."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        return None

    def delete_password(self, service: str, username: str) -> None:
        return None


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)
    keys._refused = None


@pytest.mark.parametrize(("backend", "kind"), [
    (PlaintextKeyring(), "insecure"), (MultipartKeyringWrapper(PlaintextKeyring()), "insecure"),
    (keyring.backends.fail.Keyring(), "none"),
    (keyring.backends.null.Keyring(), "none"), (OsKeyring(), "secure"),
])
def test_backends_are_told_apart(backend: KeyringBackend, kind: str) -> None:
    assert keys._kind(backend) == kind


def test_a_chain_is_as_weak_as_its_weakest_member() -> None:
    class Chain(OsKeyring):  # keyring's chainer tries each member in turn
        def __init__(self, inner: list[KeyringBackend]) -> None:
            super().__init__()
            self.backends = inner

    assert keys._kind(Chain([OsKeyring(), PlaintextKeyring()])) == "insecure"
    assert keys._kind(Chain([OsKeyring(), keyring.backends.fail.Keyring()])) == "secure"
    assert keys._kind(Chain([keyring.backends.fail.Keyring()])) == "none"


def test_a_silently_chosen_plaintext_keyring_is_refused(monkeypatch: pytest.MonkeyPatch, restore_keyring: None,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    keyring.set_keyring(PlaintextKeyring())
    with caplog.at_level(logging.WARNING, logger="app.core.keys"):
        state = keys.enforce_policy()
    assert state.refused and not state.secure and "PlaintextKeyring" in state.backend
    assert isinstance(keyring.get_keyring(), keyring.backends.fail.Keyring)
    assert "refused" in caplog.text and "từ chối" in state.describe_vi()


def test_an_explicit_choice_is_honoured(monkeypatch: pytest.MonkeyPatch, restore_keyring: None) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    keyring.set_keyring(PlaintextKeyring())
    state = keys.enforce_policy()
    assert not state.refused and state.kind == "insecure" and isinstance(keyring.get_keyring(), PlaintextKeyring)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    monkeypatch.setenv("SOHOA_ALLOW_INSECURE_KEYRING", "1")
    assert not keys.enforce_policy().refused


def test_the_station_writes_no_secret_to_a_plaintext_file_by_default(cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Without PYTHON_KEYRING_BACKEND keyring would pick keyrings.alt's plaintext file here (it is installed)."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    result = cli("outbox", "secret", "token", "--server", "https://mot-cua.example.gov.vn", input="tok-123\n",
                 env={"XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert result.returncode == 4 and "không có kho khóa" in result.stderr, result.stderr
    assert "PlaintextKeyring" in result.stderr and "refused" in result.stderr
    assert not any(p.is_file() for p in (tmp_path / "xdg").rglob("*")), "nothing written to a keyring file"


def test_selfcheck_names_the_backend_and_the_key_file(isolated_station: Path) -> None:
    store = Store(isolated_station)
    before = check_keyring(isolated_station)
    assert before.ok and "chưa tạo" in before.detail and "PlaintextKeyring (insecure)" in before.detail
    assert before.warnings_vi and "không an toàn" in before.warnings_vi[0]
    audit.record(store.db, audit.Action.CATALOG_IMPORTED, clerk="an", station="ST01")
    key_file = isolated_station / "audit.key"
    after = check_keyring(isolated_station)
    assert after.ok and str(key_file) in after.detail
    key_file.chmod(0o644)
    loose = check_keyring(isolated_station)
    assert not loose.ok and "0644" in loose.detail and f"chmod 600 {key_file}" in loose.problem_vi


def test_with_no_keyring_at_all_selfcheck_says_so(isolated_station: Path, restore_keyring: None) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    result = check_keyring(isolated_station)
    assert result.ok and "(none)" in result.detail
    assert result.warnings_vi == ["Máy này không có kho khóa của hệ điều hành; khóa nhật ký nằm trong tệp riêng 0600."]
