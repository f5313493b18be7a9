"""Destinations behind one interface (:class:`Destination`). ``sync.adapter`` in settings picks one by name; a new
one (a province's LGSP hub, the national portal's DongBoHoSoMC) is a new module here plus a line in ADAPTERS."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from app.core.config import Settings
from app.core.errors import SohoaError
from app.outbox.adapters.auth import NoAuth, make_auth
from app.outbox.adapters.base import Destination, LeaseLost, LocalFile, SendContext
from app.outbox.adapters.http import tls_context
from app.outbox.adapters.sohoa import SohoaIntake
from app.outbox.adapters.transport import check_transport
from app.outbox.model import PermanentFailure

__all__ = ["ADAPTERS", "Destination", "LeaseLost", "LocalFile", "SendContext", "destination_from_settings",
           "http_client", "server_url"]


class NoServerError(SohoaError):
    message_vi = "Chưa cấu hình máy chủ nhận hồ sơ (sync.server, --server hoặc SOHOA_SERVER)."
    message_en = "No receiving server is configured (sync.server, --server or SOHOA_SERVER)."


def server_url(settings: Settings, override: str | None = None) -> str:
    """The destination URL: ``--server``, else ``sync.server`` (which ``SOHOA_SERVER`` overrides)."""
    url = override or settings.sync.server
    if not url:
        raise NoServerError()
    if not url.startswith(("http://", "https://")):
        raise NoServerError(url, message_vi=f"Địa chỉ máy chủ không hợp lệ: {url}",
                            message_en=f"Invalid server address: {url}")
    return url.rstrip("/")


def http_client(settings: Settings, timeout: float = 30.0) -> httpx.Client:
    try:
        verify = tls_context(settings.sync.ca_bundle)
    except PermanentFailure as exc:
        raise SohoaError(exc.detail, message_vi=exc.message_vi, message_en=exc.message_en) from exc
    return httpx.Client(verify=verify, timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
                        headers={"User-Agent": "SoHoa-station"}, follow_redirects=False)


def _sohoa(settings: Settings, server: str, timeout: float, chunk_size: int) -> Destination:
    client = http_client(settings, timeout)
    auth = make_auth(settings.sync.auth, server, client, settings.sync.token_url, settings.sync.client_id)
    secret = not isinstance(auth, NoAuth)
    try:
        for url in (server, settings.sync.token_url if secret else ""):
            if url:
                check_transport(url, sends_secret=secret, allow_plain_http=settings.sync.allow_plain_http)
    except SohoaError:
        client.close()
        raise
    return SohoaIntake(server, client, auth, chunk_size=chunk_size)


ADAPTERS: dict[str, Callable[[Settings, str, float, int], Destination]] = {"sohoa": _sohoa}


def destination_from_settings(settings: Settings, server: str | None = None, *, timeout: float = 30.0,
                              chunk_size: int = 1 << 20) -> Destination:
    url = server_url(settings, server)
    factory = ADAPTERS.get(settings.sync.adapter)
    if factory is None:
        raise SohoaError(settings.sync.adapter, message_vi="Kiểu đích gửi không được hỗ trợ (sync.adapter).",
                         message_en="Unsupported destination kind (sync.adapter).")
    return factory(settings, url, timeout, chunk_size)
