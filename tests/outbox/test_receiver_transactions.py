"""The reference receiver writes each change in one transaction (``app.core.storage.immediate_transaction``): a
new upload, an abandoned one dropped, a DVCQG sync and a data-store record are kept whole or not at all. Failures
are injected inside the transaction with SQLite triggers or a failing step; what is read back goes through a
second connection, as another process would see it."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.receiver.dvcqg_kho import KhoRecords
from app.receiver.dvcqg_store import FILES_PATH, DvcqgEmulator
from app.receiver.store import VN_TZ, ReceiverStore

SHA = "a" * 64


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    other = sqlite3.connect(db)
    try:
        return other.execute(sql).fetchall()
    finally:
        other.close()


def upload(code: str) -> dict[str, Any]:
    return {"code": code, "procedure": "1.008001", "files": [{"name": "to-khai.pdf", "sha256": SHA, "size": 10},
                                                            {"name": "cccd.pdf", "sha256": SHA, "size": 20}]}


def test_a_new_upload_that_fails_half_way_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ReceiverStore(tmp_path)

    def fails(body: dict[str, Any]) -> None:
        raise RuntimeError("the audit head could not be kept")

    with monkeypatch.context() as broken:
        broken.setattr(store, "_keep_audit_head", fails)
        with pytest.raises(RuntimeError):
            store.create("key-1", upload("H22-0001"))
    db = tmp_path / "receiver.db"
    assert rows(db, "select id from submissions") == [] and rows(db, "select name from files") == []
    assert store.db.execute("pragma synchronous").fetchone()[0] == 2  # FULL again after the failure
    status, answer, repeat = store.create("key-1", upload("H22-0001"))  # the same key, accepted now
    assert (status, repeat) == (201, False)
    assert rows(db, "select id from submissions") == [(answer["id"],)]
    assert len(rows(db, "select name from files")) == 2
    store.close()


def test_an_abandoned_upload_is_dropped_whole_or_kept_whole(tmp_path: Path) -> None:
    store = ReceiverStore(tmp_path)
    sub_id = store.create("key-1", upload("H22-0001"))[1]["id"]
    store.db.execute("create trigger keep before delete on submissions begin select raise(abort, 'kept'); end")
    with pytest.raises(sqlite3.IntegrityError, match="kept"):
        store.expire_abandoned(now=datetime.now(VN_TZ) + timedelta(days=4))
    db = tmp_path / "receiver.db"
    assert rows(db, "select id from submissions") == [(sub_id,)]
    assert len(rows(db, "select name from files")) == 2  # its files' rows were not dropped without it
    store.db.execute("drop trigger keep")
    assert store.expire_abandoned(now=datetime.now(VN_TZ) + timedelta(days=4)) == [sub_id]
    assert rows(db, "select id from submissions") == [] and rows(db, "select name from files") == []
    store.close()


def hoso(ma: str, holder: str = "Nguyễn Văn A") -> dict[str, Any]:
    return {"MaHoSo": ma, "MaTTHC": "1.008001", "TenTTHC": "", "ChuHoSo": holder, "LoaiDoiTuong": 1,
            "DinhDanhCHS": [], "NgayTiepNhan": "20260227080000", "NgayHenTra": "20260301080000", "TrangThaiHoSo": 1,
            "TaiKhoanDuocXacThucVoiVNeID": 0, "HoSoCoThanhPhanSoHoa": 0, "TaiLieuNop": []}


def sync_body(*items: dict[str, Any], updating: bool = False) -> dict[str, Any]:
    return {"session": "s", "madonvi": "000.00.01.H22", "service": "DongBoHoSoMC", "isUpdating": updating,
            "data": list(items)}


def test_a_dvcqg_sync_refused_by_its_last_item_stores_none_of_them(tmp_path: Path) -> None:
    emulator = DvcqgEmulator(tmp_path, "canbo", "mk")
    db = tmp_path / "dvcqg.db"
    assert emulator.sync(sync_body(hoso("H22-1")))["error_code"] == 0
    refused = emulator.sync(sync_body(hoso("H22-2"), hoso("H22-1", "Trần Thị B")))
    assert refused["error_code"] == 409 and "H22-1" in refused["message"]
    assert rows(db, "select ma_hoso from hoso") == [("H22-1",)]  # H22-2, before it, was rolled back
    assert not emulator.db.in_transaction
    done = emulator.sync(sync_body(hoso("H22-2"), hoso("H22-1", "Trần Thị B"), updating=True))
    assert done["error_code"] == 0
    assert rows(db, "select ma_hoso, updates from hoso order by ma_hoso") == [("H22-1", 1), ("H22-2", 0)]
    emulator.close()


def giayto(ma: str) -> dict[str, Any]:
    return {"Ma": ma, "MaKetQua": "KQ.G15.000034", "SoDinhDanhChuSoHuu": "001090000001", "SoKyHieu": "12/GCN",
            "NgayBanHanh": "", "CoQuanBanHanh": "UBND xã", "NguoiKy": "Lê Văn C", "TrichYeuNoiDung": "",
            "ThoiHanHieuLuc": "", "ThoiHanVinhVien": 1, "TrangThaiSoHoa": 1, "JsonOcr": "", "AnGiayTo": 0,
            "DanhSachTepDinhKem": [{"TenTep": "gcn.pdf", "DuongDan": f"http://127.0.0.1{FILES_PATH}/{SHA}"}]}


def test_data_store_records_are_stored_all_or_none(tmp_path: Path) -> None:
    db = tmp_path / "kho.db"
    conn = sqlite3.connect(db, isolation_level=None)
    kho = KhoRecords(conn, lambda sha: True, FILES_PATH)
    conn.execute("create trigger refuse before insert on giayto when new.ma = 'GT-2' "
                 "begin select raise(abort, 'refused'); end")
    body = {"session": "s", "madonvi": "000.00.01.H22", "service": "DongBoGiayToKetQua",
            "data": [giayto("GT-1"), giayto("GT-2")]}
    with pytest.raises(sqlite3.IntegrityError, match="refused"):
        kho.store(body)
    assert rows(db, "select ma from giayto") == [] and not conn.in_transaction
    conn.execute("drop trigger refuse")
    assert kho.store(body)["error_code"] == 0
    assert rows(db, "select ma from giayto order by ma") == [("GT-1",), ("GT-2",)]
    conn.close()
