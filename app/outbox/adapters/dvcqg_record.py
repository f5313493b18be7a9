"""The DongBoHoSoMC data item built from an outbox entry: the field mapping as ONE table (docs/sync.md). Each row
names the wire field and how its value comes from the entry's snapshot; a province whose gateway spells a field
differently renames it in settings (``sync.dvcqg.field_names``), not here. A component reused from the citizen's
data store carries its reference (``queue.dossier_snapshot``); the e-ID flag comes from the identity check; results
(``DanhSachGiayToKetQua``) go only in the updates that carry them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"


@dataclass(frozen=True)
class Uploaded:
    """One component as sent: its file in the province's file store (empty for a component not digitized)."""

    component: Mapping[str, Any]  # the dossier's component, as snapshot when queued (code, name, status, …)
    file_id: str = ""
    file_name: str = ""
    url: str = ""


@dataclass(frozen=True)
class Defaults:
    status: int = 1  # TrangThaiHoSo: 1 = received
    applicant_kind: int = 1  # LoaiDoiTuong: 1 = citizen


def vn_datetime(value: str | None) -> str:
    """An ISO timestamp as the portal wants it: ``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh ('' when unknown)."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ).strftime(DATE_FORMAT)


def vn_date(value: str | None) -> str:
    """An ISO date (a result's issue date, its validity) in the portal's format, at midnight ('' when none)."""
    return f"{value.replace('-', '')}000000" if value else ""


def identities(applicant_id: str | None) -> list[dict[str, Any]]:
    """DinhDanhCHS: 1 = 12-digit personal ID, 2 = 9-digit old ID; anything else is not an identity number."""
    number = (applicant_id or "").strip()
    if re.fullmatch(r"\d{12}", number):
        return [{"LoaiDinhDanh": 1, "SoDinhDanh": number}]
    if re.fullmatch(r"\d{9}", number):
        return [{"LoaiDinhDanh": 2, "SoDinhDanh": number}]
    return []


def digitized(item: Uploaded) -> bool:
    return bool(item.url)


Payload = Mapping[str, Any]
RecordSource = Callable[[Payload, Sequence[Uploaded], Defaults], Any]
ComponentSource = Callable[[Uploaded], Any]

# (wire field, value) — the whole mapping of the dossier record
RECORD: tuple[tuple[str, RecordSource], ...] = (
    ("MaHoSo", lambda p, _u, _d: str(p.get("code") or "")),
    ("MaTTHC", lambda p, _u, _d: str(p.get("procedure_code") or "")),
    ("TenTTHC", lambda p, _u, _d: str(p.get("procedure_name") or "")),
    ("ChuHoSo", lambda p, _u, _d: str(p.get("applicant_name") or "")),
    ("LoaiDoiTuong", lambda p, _u, d: int(p.get("applicant_kind") or d.applicant_kind)),
    ("DinhDanhCHS", lambda p, _u, _d: identities(p.get("applicant_id"))),
    ("NgayTiepNhan", lambda p, _u, _d: vn_datetime(p.get("finished_at") or p.get("created_at"))),
    ("NgayHenTra", lambda p, _u, _d: vn_datetime(p.get("appointment_at") or p.get("finished_at")
                                                 or p.get("created_at"))),
    ("TrangThaiHoSo", lambda p, _u, d: int(p.get("status_code") or d.status)),
    ("TaiKhoanDuocXacThucVoiVNeID", lambda p, _u, _d: int(bool(p.get("vneid_verified")))),  # identity check
    ("HoSoCoThanhPhanSoHoa", lambda _p, u, _d: int(any(digitized(i) for i in u))),
)

# (wire field, value) — each component of the dossier in TaiLieuNop
COMPONENT: tuple[tuple[str, ComponentSource], ...] = (
    ("TepDinhKemId", lambda u: u.file_id),
    ("TenTepDinhKem", lambda u: u.file_name),
    ("DuongDanTaiTepTin", lambda u: u.url),
    ("MaThanhPhanHoSo", lambda u: str(u.component.get("code") or u.component.get("name") or "")),
    ("DuocSoHoa", lambda u: int(digitized(u))),
    ("DuocTaiSuDung", lambda u: int(u.component.get("reused") or 0)),  # 1: from the data store
    ("DuocLayTuKhoDMQG", lambda u: int(bool(u.component.get("from_data_store")))),  # verified against the store
    ("MaKetQuaThayThe", lambda u: str(u.component.get("replacing_result_code") or "")),
)
COMPONENTS_FIELD = "TaiLieuNop"

RESULT_FILE_PREFIX = "result:"  # an outbox file whose component is ``result:<id>`` is that result's PDF
ResultSource = Callable[[Mapping[str, Any], str], Any]
# (wire field, value) — a result paper's own record, the same in a dossier's update and in a standalone record
RESULT_METADATA: tuple[tuple[str, ResultSource], ...] = (
    ("SoKyHieu", lambda r, _u: str(r.get("so_ky_hieu") or "")),
    ("NgayBanHanh", lambda r, _u: vn_date(r.get("ngay_ban_hanh"))),
    ("CoQuanBanHanh", lambda r, _u: str(r.get("co_quan") or "")),
    ("NguoiKy", lambda r, _u: str(r.get("nguoi_ky") or "")),
    ("TrichYeuNoiDung", lambda r, _u: str(r.get("trich_yeu") or "")),
    ("ThoiHanHieuLuc", lambda r, _u: "" if r.get("vinh_vien") else vn_date(r.get("hieu_luc_den"))),
    ("ThoiHanVinhVien", lambda r, _u: int(bool(r.get("vinh_vien")))),
    ("TrangThaiSoHoa", lambda _r, _u: 1),  # digitized
)
# (wire field, value from the result's snapshot and its file's URL) — each result in DanhSachGiayToKetQua
RESULT: tuple[tuple[str, ResultSource], ...] = (
    ("MaGiayToKetQua", lambda r, _u: str(r.get("code") or "")),
    ("DuongDanTepTinKetQua", lambda _r, url: url),
    ("TenTepDinhKem", lambda r, _u: str(r.get("pdf_name") or "")),
    *RESULT_METADATA,
    ("AnGiayTo", lambda r, _u: int(r.get("status") != "released")),  # hidden from the citizen until returned
)
RESULTS_FIELD = "DanhSachGiayToKetQua"


def build_record(payload: Payload, uploaded: Sequence[Uploaded], defaults: Defaults = Defaults(),
                 names: Mapping[str, str] | None = None,
                 result_urls: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The data item of DongBoHoSoMC; ``names`` renames wire fields for a gateway that spells them differently.
    A payload that carries ``results`` (an update) lists them, each with its file's URL from ``result_urls`` (by
    result id)."""
    rename = dict(names or {})
    record = {rename.get(k, k): source(payload, uploaded, defaults) for k, source in RECORD}
    record[rename.get(COMPONENTS_FIELD, COMPONENTS_FIELD)] = [
        {rename.get(k, k): source(item) for k, source in COMPONENT} for item in uploaded]
    if "results" in payload:
        urls = dict(result_urls or {})
        record[rename.get(RESULTS_FIELD, RESULTS_FIELD)] = [
            {rename.get(k, k): source(result, urls.get(str(result.get("id")), "")) for k, source in RESULT}
            for result in payload["results"]]
    return record
