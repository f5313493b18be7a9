"""The audit trail (nhật ký thao tác): who did what to which dossier, when, at which station.

Each entry's hash covers its own fields and the previous entry's hash, and the head row keeps the last id, hash and
count, so editing, deleting, inserting or reordering entries is found by :func:`verify`. :func:`record` joins the
caller's transaction: the action and its trace are committed together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from app.core.errors import BadInputError
from app.core.storage import Store, now_iso, write_transaction

GENESIS = "0" * 64


class Action(StrEnum):
    DOSSIER_CREATED = "dossier_created"
    PAGE_SCANNED = "page_scanned"
    PAGE_REMOVED = "page_removed"
    PAGE_RESTORED = "page_restored"
    PAGE_REPLACED = "page_replaced"
    FINDING_ACCEPTED = "finding_accepted"
    SIGNED = "signed"
    QUEUED = "queued"
    SENT = "sent"
    PURGED = "purged"
    RECEIPT_ISSUED = "receipt_issued"
    RECEIPT_PRINTED = "receipt_printed"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    CATALOG_IMPORTED = "catalog_imported"
    CODE_BLOCK_RESERVED = "code_block_reserved"
    PAPER_ONLY = "paper_only"  # finished with submitted papers left unscanned, and the clerk's reason
    RESULT_ADDED = "result_added"  # a result of the procedure digitized into the dossier (hidden until returned)
    RESULT_RETURNED = "result_returned"  # the result handed to the citizen and released to the data store


ACTION_VI = {
    Action.DOSSIER_CREATED: "Tạo hồ sơ", Action.PAGE_SCANNED: "Quét trang", Action.PAGE_REMOVED: "Bỏ trang",
    Action.PAGE_RESTORED: "Khôi phục trang", Action.PAGE_REPLACED: "Quét lại trang",
    Action.FINDING_ACCEPTED: "Chấp nhận cảnh báo kiểm tra", Action.SIGNED: "Ký số",
    Action.QUEUED: "Đưa vào hàng đợi gửi", Action.SENT: "Đã gửi", Action.PURGED: "Xóa bản lưu tại trạm",
    Action.RECEIPT_ISSUED: "Cấp giấy tiếp nhận",
    Action.RECEIPT_PRINTED: "In giấy tiếp nhận", Action.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung hồ sơ",
    Action.CATALOG_IMPORTED: "Nhập danh mục thủ tục", Action.CODE_BLOCK_RESERVED: "Nhận dải số hồ sơ",
    Action.PAPER_ONLY: "Nhận bản giấy, không số hóa",
    Action.RESULT_ADDED: "Số hóa kết quả giải quyết", Action.RESULT_RETURNED: "Trả kết quả cho công dân",
}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    action: str
    clerk: str
    station: str
    dossier_code: str | None
    details: dict[str, Any]


@dataclass(frozen=True)
class BrokenEntry:
    """Where the chain first fails: the entry's id (None when the log itself is gone) and why, in Vietnamese."""

    id: int | None
    action: str
    at: str
    reason_vi: str
    reason_en: str


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _digest(row: dict[str, Any]) -> str:
    fields = [row["id"], row["at"], row["action"], row["clerk"], row["station"], row["dossier_code"],
              row["details"], row["prev_hash"]]
    return hashlib.sha256(_canonical(fields).encode("utf-8")).hexdigest()


def record(db: Database | Store, action: Action | str, *, clerk: str, station: str, dossier_code: str | None = None,
           details: dict[str, Any] | None = None) -> int:
    """Append one entry inside the caller's transaction (or its own). Returns the entry's id."""
    if isinstance(db, Store):
        db = db.db
    try:
        action = Action(action)
    except ValueError as exc:
        raise BadInputError(f"audit action {action!r}") from exc
    with write_transaction(db):
        # the insert comes first: it takes the write lock, so the previous entry read below is final
        cursor = db.execute(
            "insert into audit_log (at, action, clerk, station, dossier_code, details, prev_hash, hash) "
            "values (?, ?, ?, ?, ?, ?, '', '')",
            [now_iso(), action.value, clerk or "", station or "", dossier_code, _canonical(details or {})])
        entry_id = int(cursor.lastrowid or 0)
        prev = db.execute("select hash from audit_log where id < ? order by id desc limit 1", [entry_id]).fetchone()
        row = next(db.query("select * from audit_log where id = ?", [entry_id]))
        row["prev_hash"] = prev[0] if prev else GENESIS
        row["hash"] = _digest(row)
        db.execute("update audit_log set prev_hash = ?, hash = ? where id = ?",
                   [row["prev_hash"], row["hash"], entry_id])
        db.execute("insert into audit_head (id, last_id, last_hash, entries) values (1, ?, ?, 1) "
                   "on conflict(id) do update set last_id = excluded.last_id, last_hash = excluded.last_hash, "
                   "entries = entries + 1", [entry_id, row["hash"]])
    return entry_id


def _broken(row: dict[str, Any] | None, reason_vi: str, reason_en: str) -> tuple[bool, BrokenEntry]:
    if row is None:
        return False, BrokenEntry(None, "", "", reason_vi, reason_en)
    return False, BrokenEntry(row["id"], row["action"], row["at"], reason_vi, reason_en)


def verify(db: Database) -> tuple[bool, BrokenEntry | None]:
    """Walk the whole chain: ``(True, None)`` when whole, else ``(False, the first broken entry)``."""
    expected_prev = GENESIS
    count = 0
    last: dict[str, Any] | None = None
    for row in db.query("select * from audit_log order by id"):
        if row["prev_hash"] != expected_prev:
            return _broken(row, "mục trước mục này đã bị xóa, chèn thêm hoặc đổi thứ tự",
                           "an entry before this one was removed, inserted or reordered")
        if _digest(row) != row["hash"]:
            return _broken(row, "nội dung mục này đã bị sửa", "this entry was edited")
        expected_prev = row["hash"]
        count += 1
        last = row
    head = db.execute("select last_id, last_hash, entries from audit_head where id = 1").fetchone()
    if head is None:
        if last is None:
            return True, None
        return _broken(last, "mất bản ghi đầu chuỗi nhật ký", "the chain's head record is missing")
    if last is None or (head[0], head[1], head[2]) != (last["id"], last["hash"], count):
        return _broken(last, "các mục cuối nhật ký đã bị xóa hoặc thay đổi",
                       "entries at the end of the log were removed or changed")
    return True, None


def entries(db: Database, dossier_code: str | None = None, limit: int = 1000) -> list[AuditEntry]:
    """Newest first, for the GUI's history panel and for reports."""
    where, params = ("where dossier_code = ?", [dossier_code]) if dossier_code else ("", [])
    return [AuditEntry(r["id"], r["at"], r["action"], r["clerk"], r["station"], r["dossier_code"],
                       json.loads(r["details"]))
            for r in db.query(f"select * from audit_log {where} order by id desc limit ?", [*params, limit])]
