"""What the emulated gateway keeps of the standalone result records a station sends into the citizen's data store
(docs/api/dvcqg-giayto.schema.json): one record per ``Ma`` (sending it again replaces it), each file checked to be
in the province's file store; the owner's released records are then answered by ``GetKetQuaGiayTo`` beside the
seeded ones."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema

from app.core.storage import immediate_transaction
from app.receiver.store import VN_TZ

RECORD_SERVICE = "DongBoGiayToKetQua"  # the default of [sync.dvcqg] record_service
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "api" / "dvcqg-giayto.schema.json"
SCHEMA = """
create table if not exists giayto (ma text primary key, owner text not null, data text not null,
    received_at text not null, updated_at text not null, updates integer not null default 0);
"""


def _answer(code: int | str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error_code": code, "message": message, **extra}


class KhoRecords:
    def __init__(self, db: sqlite3.Connection, file_known: Callable[[str], bool], files_path: str) -> None:
        self.db = db
        self.db.executescript(SCHEMA)
        self.file_known = file_known
        self.files_path = files_path
        self.validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))

    def problems(self, body: dict[str, Any]) -> list[str]:
        found = [f"{'/'.join(str(p) for p in e.absolute_path) or '(body)'}: {e.message}"
                 for e in sorted(self.validator.iter_errors(body), key=lambda e: list(e.absolute_path))]
        if found:
            return found
        for n, item in enumerate(body["data"]):
            for k, doc in enumerate(item["DanhSachTepDinhKem"]):
                url = str(doc["DuongDan"])
                if self.files_path + "/" not in url or not self.file_known(url.split(self.files_path + "/", 1)[1][:64]):
                    found.append(f"data/{n}/DanhSachTepDinhKem/{k}: tệp không có trong kho / file not in the store")
        return found

    def store(self, body: dict[str, Any]) -> dict[str, Any]:
        """All records or none; a record whose ``Ma`` is known replaces it."""
        problems = self.problems(body)
        if problems:
            return _answer(1, "Dữ liệu không hợp lệ / invalid data: " + "; ".join(problems[:10]))
        now = datetime.now(VN_TZ).isoformat(timespec="seconds")
        with immediate_transaction(self.db):
            for item in body["data"]:
                text = json.dumps(item, ensure_ascii=False, sort_keys=True)
                self.db.execute(
                    "insert into giayto (ma, owner, data, received_at, updated_at) values (?, ?, ?, ?, ?) "
                    "on conflict(ma) do update set data = excluded.data, owner = excluded.owner, "
                    "updated_at = excluded.updated_at, updates = updates + (giayto.data != excluded.data)",
                    [item["Ma"], item["SoDinhDanhChuSoHuu"], text, now, now])
        first = body["data"][0]["Ma"]
        received = self.db.execute("select received_at from giayto where ma = ?", [first]).fetchone()[0]
        return _answer(0, "OK", id=first, received_at=received)

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(row[0]) for row in self.db.execute("select data from giayto order by rowid")]

    def of_owner(self, owner: str) -> list[dict[str, Any]]:
        """The owner's released records in the shape ``GetKetQuaGiayTo`` answers."""
        found = []
        for (data,) in self.db.execute("select data from giayto where owner = ? order by rowid", [owner]):
            item = json.loads(data)
            if item.get("AnGiayTo"):
                continue
            found.append({"MaKetQua": item["MaKetQua"], "TenGiayTo": item["TrichYeuNoiDung"],
                          "SoKyHieu": item["SoKyHieu"], "CoQuanChuQuan": item["CoQuanBanHanh"],
                          "NgayBanHanh": item["NgayBanHanh"], "HieuLucDen": item["ThoiHanHieuLuc"] or None,
                          "DanhSachTepDinhKem": item["DanhSachTepDinhKem"]})
        return found
