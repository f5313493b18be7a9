"""Credentials for destinations: a bearer token or OAuth2 client credentials, the secrets kept in the operating
system's keyring (Windows Credential Manager, Secret Service) under the server's origin, never in settings."""

from __future__ import annotations

import threading
import time
from typing import Protocol
from urllib.parse import urlsplit

import httpx
import keyring
import keyring.errors

from app.core.errors import ExitCode, SohoaError
from app.outbox.adapters.http import transport_failure
from app.outbox.model import PermanentFailure, TransientFailure

SERVICE = "SoHoa"
KINDS = ("token", "client_secret", "dvcqg_password")


class SecretStoreError(SohoaError):
    exit_code = ExitCode.MISSING_DEPENDENCY
    message_vi = "Máy trạm không có kho khóa bí mật của hệ điều hành; không lưu được mã truy cập."
    message_en = "This workstation has no operating-system keyring; the secret cannot be stored."


def origin(server: str) -> str:
    parts = urlsplit(server)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _username(kind: str, server: str) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    return f"sync.{kind}@{origin(server)}"


def store_secret(kind: str, server: str, value: str) -> None:
    try:
        keyring.set_password(SERVICE, _username(kind, server), value)
    except keyring.errors.KeyringError as exc:
        raise SecretStoreError(str(exc)) from exc


def load_secret(kind: str, server: str) -> str | None:
    try:
        return keyring.get_password(SERVICE, _username(kind, server))
    except keyring.errors.KeyringError:
        return None


def delete_secret(kind: str, server: str) -> None:
    try:
        keyring.delete_password(SERVICE, _username(kind, server))
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as exc:
        raise SecretStoreError(str(exc)) from exc


class Auth(Protocol):
    def headers(self) -> dict[str, str]:
        """Authorization headers for the next request."""

    def invalidate(self) -> None:
        """The server said 401: drop any cached token so the next ``headers()`` gets a fresh one."""


class NoAuth:
    def headers(self) -> dict[str, str]:
        return {}

    def invalidate(self) -> None:
        return None


class BearerToken:
    def __init__(self, token: str) -> None:
        self._token = token

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    def invalidate(self) -> None:
        return None


class OAuth2ClientCredentials:
    """RFC 6749 §4.4: the client authenticates with HTTP Basic at the token endpoint; the token is cached until
    shortly before it expires."""

    def __init__(self, token_url: str, client_id: str, client_secret: str, client: httpx.Client) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self._secret = client_secret
        self._client = client
        self._token: str | None = None
        self._expires = 0.0
        self._lock = threading.Lock()

    def headers(self) -> dict[str, str]:
        with self._lock:
            if self._token is None or time.monotonic() >= self._expires:
                self._fetch()
            return {"Authorization": f"Bearer {self._token}"}

    def invalidate(self) -> None:
        with self._lock:
            self._token = None

    def _fetch(self) -> None:
        try:
            response = self._client.post(self.token_url, data={"grant_type": "client_credentials"},
                                         auth=(self.client_id, self._secret))
        except httpx.TransportError as exc:
            raise transport_failure(exc) from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise TransientFailure("oauth2", "Máy chủ cấp mã truy cập tạm thời lỗi; sẽ thử lại.",
                                   "The token server failed; will try again.", f"HTTP {response.status_code}")
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        if response.status_code != 200 or "access_token" not in body:
            raise PermanentFailure("auth", "Máy chủ từ chối cấp mã truy cập (OAuth2); liên hệ quản trị viên.",
                                   "The token server refused this station (OAuth2); ask the administrator.",
                                   f"HTTP {response.status_code} {str(body)[:200]}")
        self._token = str(body["access_token"])
        lifetime = float(body.get("expires_in") or 300)
        self._expires = time.monotonic() + max(5.0, lifetime - 30.0)


def make_auth(kind: str, server: str, client: httpx.Client, token_url: str = "", client_id: str = "") -> Auth:
    """The auth a destination uses, from settings (``sync.auth``) and the keyring."""
    if kind == "none":
        return NoAuth()
    if kind == "bearer":
        token = load_secret("token", server)
        return BearerToken(token) if token else NoAuth()
    if kind == "oauth2":
        secret = load_secret("client_secret", server)
        if not (token_url and client_id and secret):
            raise SohoaError("oauth2 settings", message_vi="Thiếu cấu hình OAuth2 (sync.token_url, sync.client_id "
                             "hoặc khóa bí mật trong kho khóa).", message_en="OAuth2 is not fully configured "
                             "(sync.token_url, sync.client_id or the secret in the keyring).")
        return OAuth2ClientCredentials(token_url, client_id, secret, client)
    raise SohoaError(f"sync.auth = {kind!r}", message_vi="Kiểu xác thực không hợp lệ (bearer, oauth2, none).",
                     message_en="Invalid auth kind (bearer, oauth2, none).")
