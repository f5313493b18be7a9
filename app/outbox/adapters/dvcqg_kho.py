"""A standalone result record as the province's gateway takes it into the citizen's data store (Kho quản lý dữ
liệu điện tử): the digitized paper's record of ../shared/INTEGRATION.md (``SoKyHieu``, ``NgayBanHanh``,
``CoQuanBanHanh``, ``NguoiKy``, ``TrichYeuNoiDung``, ``ThoiHanHieuLuc`` / ``ThoiHanVinhVien``, ``TrangThaiSoHoa``,
``JsonOcr``, ``AnGiayTo``) with its result type ``MaKetQua``, its owner and its file, as ONE table. No public trace
names the write call: it is ``[sync.dvcqg] record_service`` (a default of this station), and a gateway that
spells a field differently renames it in ``sync.dvcqg.field_names``."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from app.outbox.adapters.dvcqg_record import RESULT_METADATA

RecordSource = Callable[[Mapping[str, Any], str], Any]
# (wire field, value from the record's snapshot and its file's URL)
KHO_RECORD: tuple[tuple[str, RecordSource], ...] = (
    ("Ma", lambda r, _u: str(r.get("key") or "")),  # the station's key: sending again replaces, never adds
    ("MaKetQua", lambda r, _u: str(r.get("result_type") or "")),
    ("SoDinhDanhChuSoHuu", lambda r, _u: str(r.get("owner_id") or "")),
    ("MaHoSo", lambda r, _u: str(r.get("dossier_code") or "")),  # the dossier it came from, when known
    *RESULT_METADATA,
    ("JsonOcr", lambda r, _u: json.dumps(r.get("ocr") or {}, ensure_ascii=False, sort_keys=True)),
    ("AnGiayTo", lambda _r, _u: 0),  # issued earlier and already the citizen's: nothing to wait for
    ("DanhSachTepDinhKem", lambda r, u: [{"TenTep": str(r.get("pdf_name") or ""), "DuongDan": u}]),
)


def build_kho_record(record: Mapping[str, Any], url: str, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    rename = dict(names or {})
    return {rename.get(k, k): source(record, url) for k, source in KHO_RECORD}
