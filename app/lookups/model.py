"""The answers of the data store and of the identity source, the interfaces that give them, and their errors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Protocol

from app.core.errors import ExitCode, SohoaError

CITIZEN_APP = "citizen_app"  # an identity answer read by the clerk from the citizen's VNeID app, not asked


class LookupUnavailable(SohoaError):
    """The source cannot be reached now (offline, timeout, 5xx): the clerk may go on with what the citizen shows."""

    exit_code = ExitCode.NETWORK
    message_vi = "Không kết nối được hệ thống tra cứu; có thể ghi nhận theo giấy tờ công dân xuất trình."
    message_en = "The lookup service cannot be reached; you may record what the citizen shows."


class LookupRefused(SohoaError):
    """The source answered with a refusal (account, request): an administrator must look."""

    exit_code = ExitCode.BLOCKED
    message_vi = "Hệ thống tra cứu từ chối yêu cầu; liên hệ quản trị viên."
    message_en = "The lookup service refused the request; ask the administrator."


class NoLookupConfigured(SohoaError):
    exit_code = ExitCode.BAD_INPUT
    message_vi = "Chưa cấu hình hệ thống tra cứu ([kho] url, [identity] url hoặc [sync.dvcqg] url)."
    message_en = "No lookup service is configured ([kho] url, [identity] url or [sync.dvcqg] url)."


@dataclass(frozen=True)
class KhoFile:
    name: str  # TenTep
    url: str  # DuongDan: fetched with GetGiayToByUrl


@dataclass(frozen=True)
class KhoPaper:
    """One valid electronic paper in the citizen's data store (an item of ``DanhSachGiayToKetQua``)."""

    result_code: str  # MaKetQua: a result type of the national catalogue, e.g. KQ.G15.000034
    name: str  # TenGiayTo
    so_ky_hieu: str  # the paper's number
    agency: str  # CoQuanChuQuan
    issued: str = ""  # NgayBanHanh, ISO date
    valid_until: str | None = None  # HieuLucDen, ISO date; None: no expiry
    files: tuple[KhoFile, ...] = ()

    def valid_on(self, day: date) -> bool:
        if not self.valid_until:
            return True
        try:
            return date.fromisoformat(self.valid_until[:10]) >= day
        except ValueError:
            return False

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["files"] = [asdict(f) for f in self.files]
        return data

    @classmethod
    def from_wire(cls, item: Mapping[str, Any]) -> KhoPaper:
        """From the lookup's answer; dates as the store writes them (ISO, or ``yyyyMMdd``)."""
        files = tuple(KhoFile(str(f.get("TenTep") or ""), str(f.get("DuongDan") or ""))
                      for f in item.get("DanhSachTepDinhKem") or [] if isinstance(f, Mapping))
        return cls(str(item.get("MaKetQua") or ""), str(item.get("TenGiayTo") or ""),
                   str(item.get("SoKyHieu") or ""), str(item.get("CoQuanChuQuan") or ""),
                   iso_date(item.get("NgayBanHanh")), iso_date(item.get("HieuLucDen")) or None, files)


def iso_date(value: Any) -> str:
    text = str(value or "").strip()
    if len(text) >= 8 and text[:8].isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:8]}"
    return text[:10]


class KhoSource(Protocol):
    """The citizen's data store. ``wanted``: (MaKetQua, SoKyHieu) pairs to look for (empty: every paper of the
    owner). Raise :class:`LookupUnavailable` when it cannot be reached, :class:`LookupRefused` on a refusal."""

    def find(self, owner_id: str, requester_name: str, procedure_code: str,
             wanted: Sequence[tuple[str, str]] = ()) -> list[KhoPaper]: ...

    def fetch(self, agency: str, url: str) -> tuple[str, bytes]:
        """One stored file (``GetGiayToByUrl``): its name and bytes."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class IdentityAnswer:
    """What the identity source (or the citizen's VNeID app, read by the clerk) says about the applicant."""

    known: bool  # the population database holds this ID with this name and date of birth
    vneid: bool  # an e-ID (VNeID) account exists
    ial: int | None = None  # its assurance level (1 or 2)
    source: str = "lookup"  # "lookup": asked by the station; "citizen_app": read from the citizen's app

    @property
    def verified(self) -> bool:
        """TaiKhoanDuocXacThucVoiVNeID: a known person with a level-2 account, or a level the clerk read."""
        return self.known and self.vneid

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "verified": self.verified}


class IdentitySource(Protocol):
    def check(self, personal_id: str, name: str, birth_date: str) -> IdentityAnswer: ...

    def close(self) -> None: ...
