"""The destinations the settings name: ``sync.destinations`` (else ``sync.adapter``), each behind one interface
(:class:`Destination`); a new one (a province's LGSP hub) is a new module in this package plus a line in ADAPTERS.
Its names are the package's (:mod:`app.outbox.adapters`), loaded on first use."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from app.core.config import Settings
from app.core.errors import BadInputError, SohoaError
from app.outbox.adapters.auth import NoAuth, load_secret, make_auth
from app.outbox.adapters.base import Destination, LeaseLost, LocalFile, SendContext
from app.outbox.adapters.dvcqg import DvcqgGateway
from app.outbox.adapters.dvcqg_catalog import DvcqgCatalog
from app.outbox.adapters.http import tls_context
from app.outbox.adapters.sohoa import SohoaIntake
from app.outbox.adapters.transport import check_transport
from app.outbox.model import PermanentFailure

__all__ = [
    "ADAPTERS",
    "Destination",
    "LeaseLost",
    "LocalFile",
    "SendContext",
    "catalog_source",
    "destination_from_settings",
    "destinations_from_settings",
    "dvcqg_url",
    "http_client",
    "server_url",
]


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


class NoDvcqgError(BadInputError):
    message_vi = "Chưa cấu hình cổng DVCQG của tỉnh ([sync.dvcqg] url, username, madonvi, dstcode)."
    message_en = "The province's DVCQG gateway is not configured ([sync.dvcqg] url, username, madonvi, dstcode)."


def dvcqg_url(settings: Settings) -> str:
    """The DVCQG gateway's root (``[sync.dvcqg] url``), checked; its password is kept in the keyring under it."""
    config = settings.sync.dvcqg
    if not config.url.startswith(("http://", "https://")) or not config.username:
        raise NoDvcqgError(config.url or "[sync.dvcqg]")
    check_transport(config.url, sends_secret=True, allow_plain_http=settings.sync.allow_plain_http)  # it logs in
    return config.url.rstrip("/")


def http_client(settings: Settings, timeout: float = 30.0) -> httpx.Client:
    try:
        verify = tls_context(settings.sync.ca_bundle)
    except PermanentFailure as exc:
        raise SohoaError(exc.detail, message_vi=exc.message_vi, message_en=exc.message_en) from exc
    return httpx.Client(verify=verify, timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
                        headers={"User-Agent": "SoHoa-station"}, follow_redirects=False)


def _sohoa(settings: Settings, override: str | None, timeout: float, chunk_size: int) -> Destination:
    server = server_url(settings, override)
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


def _dvcqg(settings: Settings, override: str | None, timeout: float, chunk_size: int) -> Destination:
    url = dvcqg_url(settings)
    return DvcqgGateway(settings.sync.dvcqg, load_secret("dvcqg_password", url) or "", http_client(settings, timeout))


# each factory: (settings, the --server override, request timeout, chunk size) -> the destination
ADAPTERS: dict[str, Callable[[Settings, str | None, float, int], Destination]] = {"sohoa": _sohoa, "dvcqg": _dvcqg}


def destination_from_settings(settings: Settings, server: str | None = None, *, timeout: float = 30.0,
                              chunk_size: int = 1 << 20, name: str | None = None) -> Destination:
    """One destination: ``name``, else ``sync.adapter``. ``server`` overrides the SoHoa intake's URL."""
    name = name or settings.sync.adapter
    factory = ADAPTERS.get(name)
    if factory is None:
        raise SohoaError(name, message_vi="Kiểu đích gửi không được hỗ trợ (sync.destinations, sync.adapter).",
                         message_en="Unsupported destination kind (sync.destinations, sync.adapter).")
    return factory(settings, server, timeout, chunk_size)


def destinations_from_settings(settings: Settings, server: str | None = None, *, timeout: float = 30.0,
                               chunk_size: int = 1 << 20) -> dict[str, Destination]:
    """Every configured destination by name (``sync.destinations``, else ``sync.adapter``), for the sync worker."""
    built: dict[str, Destination] = {}
    try:
        for name in settings.sync.targets:
            built[name] = destination_from_settings(settings, server, timeout=timeout, chunk_size=chunk_size,
                                                    name=name)
    except BaseException:
        for destination in built.values():
            destination.close()
        raise
    return built


def catalog_source(settings: Settings, *, timeout: float = 30.0) -> DvcqgCatalog:
    """Where ``sohoa catalog sync`` takes the catalog from: the configured DVCQG gateway (the SoHoa intake API has
    no catalog)."""
    url = dvcqg_url(settings)
    client = http_client(settings, timeout)
    return DvcqgCatalog(DvcqgGateway(settings.sync.dvcqg, load_secret("dvcqg_password", url) or "", client))
