"""The data store and the identity source over a province gateway's calls, with the DVCQG adapter's session
(login, ``{session, madonvi, service, …}``, a lost session renewed once): ``GetKetQuaGiayTo`` and
``GetGiayToByUrl`` for the store, ``[identity] service`` for the identity source. ``[kho] url`` and
``[identity] url`` default to the gateway's root; the password is the gateway account's, kept in the keyring."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from app.core.config import Settings
from app.lookups.model import (
    IdentityAnswer,
    KhoPaper,
    LookupRefused,
    LookupUnavailable,
    NoLookupConfigured,
)
from app.outbox.adapters import http_client
from app.outbox.adapters.auth import load_secret
from app.outbox.adapters.dvcqg import DvcqgGateway, success
from app.outbox.adapters.transport import check_transport
from app.outbox.model import SendFailure, TransientFailure


def _call(gateway: DvcqgGateway, service: str, **fields: Any) -> dict[str, Any]:
    try:
        body = gateway.service(service, **fields)
    except TransientFailure as exc:
        raise LookupUnavailable(exc.detail or exc.reason) from exc
    except SendFailure as exc:
        raise LookupRefused(exc.detail or exc.reason, message_vi=exc.message_vi, message_en=exc.message_en) from exc
    if not success(body):
        message = str(body.get("message") or "")[:300]
        raise LookupRefused(f"{service}: {message}", message_vi=f"Hệ thống tra cứu từ chối {service}: {message}",
                            message_en=f"The lookup service refused {service}: {message}")
    return body


def _result(body: dict[str, Any]) -> dict[str, Any]:
    result = body.get("result")
    return result if isinstance(result, dict) else {}


class GatewayKho:
    """:class:`app.lookups.model.KhoSource` over the gateway."""

    def __init__(self, gateway: DvcqgGateway, settings: Settings) -> None:
        self.gateway = gateway
        self.config = settings.kho
        self.clerk = settings.station.clerk

    def find(self, owner_id: str, requester_name: str, procedure_code: str,
             wanted: Sequence[tuple[str, str]] = ()) -> list[KhoPaper]:
        body = _call(self.gateway, self.config.lookup_service, SoDinhDanhChuSoHuu=owner_id,
                     SoDinhDanhNguoiYeuCau=owner_id, HoTenNguoiYeuCau=requester_name,
                     KenhThucHien=self.config.channel, MaThuTuc=procedure_code,
                     DanhSachDanhMucKetQua=[{"MaKetQua": code, "SoKyHieu": number} for code, number in wanted])
        items = _result(body).get("DanhSachGiayToKetQua") or []
        return [KhoPaper.from_wire(item) for item in items if isinstance(item, dict)]

    def fetch(self, agency: str, url: str) -> tuple[str, bytes]:
        body = _call(self.gateway, self.config.file_service, CoQuanChuQuan=agency, DuongDan=url)
        result = _result(body)
        try:
            data = base64.b64decode(str(result.get("NoiDung") or ""), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise LookupRefused(url, message_vi="Tệp nhận từ kho dữ liệu bị hỏng.",
                                message_en="The file from the data store is damaged.") from exc
        return str(result.get("TenTep") or url.rsplit("/", 1)[-1] or "giay-to.pdf"), data

    def close(self) -> None:
        self.gateway.close()


class GatewayIdentity:
    """:class:`app.lookups.model.IdentitySource` over the gateway: the population-database lookup's fields
    (``HoVaTen``, ``SoDinhDanh``, ``NgayThangNam``, ``MaCanBo``), answered with whether the person was found and
    matches, and the e-ID account."""

    def __init__(self, gateway: DvcqgGateway, settings: Settings) -> None:
        self.gateway = gateway
        self.service = settings.identity.service
        self.clerk = settings.station.clerk

    def check(self, personal_id: str, name: str, birth_date: str) -> IdentityAnswer:
        body = _call(self.gateway, self.service, SoDinhDanh=personal_id, HoVaTen=name, NgayThangNam=birth_date,
                     MaCanBo=self.clerk)
        result = _result(body)
        level = result.get("IAL")
        return IdentityAnswer(known=bool(result.get("TimThay")) and bool(result.get("KhopThongTin")),
                              vneid=bool(result.get("TaiKhoanVNeID")),
                              ial=int(level) if isinstance(level, int | str) and str(level).isdigit() else None)

    def close(self) -> None:
        self.gateway.close()


def _gateway(settings: Settings, url: str, timeout: float) -> DvcqgGateway:
    url = url.rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise NoLookupConfigured(url or "[kho] url")
    check_transport(url, sends_secret=True, allow_plain_http=settings.sync.allow_plain_http)
    config = replace(settings.sync.dvcqg, url=url)
    password = load_secret("dvcqg_password", url) or ""  # per origin: never sent to another server
    return DvcqgGateway(config, password, http_client(settings, timeout))


def kho_url(settings: Settings) -> str:
    return (settings.kho.url or settings.sync.dvcqg.url).rstrip("/")


def identity_url(settings: Settings) -> str:
    return (settings.identity.url or settings.sync.dvcqg.url).rstrip("/")


def kho_source(settings: Settings, timeout: float = 15.0) -> GatewayKho:
    """The configured data store; :class:`NoLookupConfigured` when there is none."""
    return GatewayKho(_gateway(settings, kho_url(settings), timeout), settings)


def identity_source(settings: Settings, timeout: float = 15.0) -> GatewayIdentity:
    return GatewayIdentity(_gateway(settings, identity_url(settings), timeout), settings)
