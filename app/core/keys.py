"""Where the station's secrets live: the operating system's keyring (Windows Credential Manager, Secret Service, the
macOS Keychain), never a backend that keeps them in a readable file unless an administrator or a test chose it.

keyrings.alt (a base64 or plaintext file) becomes keyring's default silently once it is installed; the station
refuses it unless ``PYTHON_KEYRING_BACKEND`` names it explicitly (the tests do) or ``SOHOA_ALLOW_INSECURE_KEYRING=1``
is set. Where no OS keyring exists (a headless Linux box), the key the station itself needs — the audit trail's
HMAC key — lives in a 0600 file in the private data folder instead, and ``sohoa selfcheck`` names it.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.files import PRIVATE_FILE, atomic_write_bytes

log = logging.getLogger(__name__)

SERVICE = "SoHoa"
AUDIT_KEY_FILE = "audit.key"
ALLOW_INSECURE_ENV = "SOHOA_ALLOW_INSECURE_KEYRING"
INSECURE_MODULES = ("keyrings.alt",)  # files any process of the account (or a copy of the disk) can read
NO_KEYRING = ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring")


def _qualified(backend: Any) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def _kind(backend: Any) -> str:
    """"secure", "insecure" (a readable file) or "none" (no keyring at all) for one backend."""
    name = _qualified(backend)
    if name in NO_KEYRING:
        return "none"
    if name.startswith(INSECURE_MODULES):
        return "insecure"
    inner = getattr(backend, "backends", None)  # keyring's chainer: as weak as its weakest member
    if isinstance(inner, list):
        kinds = {_kind(b) for b in inner} - {"none"}
        if not kinds:
            return "none"
        return "insecure" if "insecure" in kinds else "secure"
    return "secure"


def insecure_allowed() -> bool:
    """An explicit choice: the backend named in ``PYTHON_KEYRING_BACKEND`` (tests, an admin's decision) or the
    station's own switch for development."""
    return bool(os.environ.get("PYTHON_KEYRING_BACKEND")) or os.environ.get(ALLOW_INSECURE_ENV) == "1"


@dataclass(frozen=True)
class KeyringStatus:
    backend: str  # the backend's qualified class name
    kind: str  # "secure", "insecure", "none"
    refused: bool = False  # an insecure backend chosen silently, replaced by "no keyring" at startup

    @property
    def secure(self) -> bool:
        return self.kind == "secure"

    def describe_vi(self) -> str:
        if self.refused:
            return (f"Đã từ chối kho khóa không an toàn ({self.backend}, lưu bí mật trong tệp đọc được); trạm chạy như "
                    "không có kho khóa của hệ điều hành.")
        if self.kind == "none":
            return "Máy này không có kho khóa của hệ điều hành; khóa nhật ký nằm trong tệp riêng 0600."
        if self.kind == "insecure":
            return f"Kho khóa không an toàn ({self.backend}) được chọn rõ ràng (chỉ dùng để thử nghiệm)."
        return f"Kho khóa của hệ điều hành: {self.backend}."


_refused: str | None = None


def enforce_policy() -> KeyringStatus:
    """At startup: an insecure backend that was not chosen explicitly is replaced by "no keyring" (logged loudly),
    so no secret is ever written to a readable file by default. Returns what is in force."""
    global _refused
    import keyring
    import keyring.backends.fail

    _refused = None
    backend = keyring.get_keyring()
    kind = _kind(backend)
    if kind == "insecure" and not insecure_allowed():
        _refused = _qualified(backend)
        log.warning("keyring backend %s keeps secrets in a readable file: refused (set PYTHON_KEYRING_BACKEND to "
                    "choose it explicitly, for tests only)", _refused)
        keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    elif kind == "insecure":
        log.info("keyring backend %s keeps secrets in a readable file: allowed explicitly, for tests only",
                    _qualified(backend))
    return status()


def status() -> KeyringStatus:
    import keyring

    if _refused is not None:
        return KeyringStatus(_refused, "insecure", refused=True)
    backend = keyring.get_keyring()
    return KeyringStatus(_qualified(backend), _kind(backend))


def _keyring_user(folder: Path) -> str:
    return f"audit-key {folder.resolve()}"


def audit_key_file(folder: Path) -> Path:
    return folder / AUDIT_KEY_FILE


def _read_file_key(path: Path) -> bytes | None:
    try:
        text = path.read_text(encoding="ascii").strip()
        return bytes.fromhex(text) if len(text) == 64 else None
    except (OSError, ValueError):
        return None


def _from_keyring(folder: Path) -> bytes | None:
    import keyring
    import keyring.errors

    if not status().secure:
        return None
    try:
        stored = keyring.get_password(SERVICE, _keyring_user(folder))
    except keyring.errors.KeyringError:
        return None
    try:
        return bytes.fromhex(stored) if stored else None
    except ValueError:
        return None


def audit_key(folder: Path, *, create: bool = False) -> tuple[bytes | None, str]:
    """The audit trail's HMAC key for the station whose data folder is ``folder``, and where it lives: the key file
    when there is one, else the OS keyring; ``create`` makes one (keyring when secure, else the 0600 file)."""
    path = audit_key_file(folder)
    if path.exists():
        return _read_file_key(path), str(path)
    found = _from_keyring(folder)
    if found is not None:
        return found, f"keyring:{SERVICE}/{_keyring_user(folder)}"
    if not create:
        return None, ""
    key = secrets.token_bytes(32)
    if status().secure:
        import keyring
        import keyring.errors

        try:
            keyring.set_password(SERVICE, _keyring_user(folder), key.hex())
            return key, f"keyring:{SERVICE}/{_keyring_user(folder)}"
        except keyring.errors.KeyringError as exc:
            log.warning("keyring refused the audit key (%s): kept in %s", exc, path)
    atomic_write_bytes(path, key.hex().encode("ascii"))
    return key, str(path)


def file_mode_problem(path: Path) -> str:
    """'' when ``path`` is readable only by its owner (always on Windows, where ACLs decide), else what is wrong."""
    if os.name == "nt" or not path.exists():
        return ""
    mode = stat.S_IMODE(path.stat().st_mode)
    return "" if mode & ~PRIVATE_FILE == 0 else f"{path} has mode {mode:04o}, not {PRIVATE_FILE:04o}"
