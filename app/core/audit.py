"""The audit trail (nhật ký thao tác): who did what to which dossier, when, at which station.

Each entry's hash is an HMAC, under a key kept outside the database, of its own fields and the previous entry's
hash; the head row keeps the last id, hash and count, and the anchor outside the database (:mod:`app.core.
audit_anchor`) keeps the head too, so editing, deleting, inserting, reordering, truncating or wiping entries is found
by :func:`check` even by someone who can write the database. :func:`record` joins the caller's transaction: the
action and its trace are committed together or not at all.
"""

from __future__ import annotations

import hmac
import json
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core import keys
from app.core.audit_anchor import (
    GENESIS,
    SCHEME_HMAC,
    SCHEME_SHA256,
    Anchor,
    AnchorUnreadable,
    Head,
    anchor_path,
    anchor_valid,
    canonical,
    committed_head,
    data_folder,
    entry_hash,
    follows,
    read_anchor,
    write_anchor,
)
from app.core.errors import BadInputError
from app.core.storage import Store, after_commit, now_iso, write_transaction

if TYPE_CHECKING:  # the window imports the actions before its first paint; sqlite-utils loads NumPy
    from sqlite_utils import Database

log = logging.getLogger(__name__)


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
    DOSSIER_REFUSED = "dossier_refused"  # refused at the counter (Mẫu 03), with the reasons
    FORM_ISSUED = "form_issued"  # another form of TT 03/2025 Annex I (Mẫu 06, a reprint of Mẫu 03)
    KHO_LOOKUP = "kho_lookup"  # the citizen's data store asked (whose ID, what it answered)
    IDENTITY_LOOKUP = "identity_lookup"  # the identity source asked, or the citizen's VNeID app read by the clerk
    COMPONENT_REUSED = "component_reused"
    REUSE_UNDONE = "reuse_undone"
    REUSE_VERIFIED = "reuse_verified"  # a reference the citizen showed, checked against the data store
    RESULT_ADDED = "result_added"  # a result of the procedure digitized into the dossier (hidden until returned)
    RESULT_RETURNED = "result_returned"  # the result handed to the citizen and released to the data store
    BACKLOG_CONFIRMED = "backlog_confirmed"  # a result still in force, digitized in a batch, confirmed by a clerk
    BACKLOG_CORRECTED = "backlog_corrected"  # such a record corrected after it was queued for the data store


ACTION_VI = {
    Action.DOSSIER_CREATED: "Tạo hồ sơ", Action.PAGE_SCANNED: "Quét trang", Action.PAGE_REMOVED: "Bỏ trang",
    Action.PAGE_RESTORED: "Khôi phục trang", Action.PAGE_REPLACED: "Quét lại trang",
    Action.FINDING_ACCEPTED: "Chấp nhận cảnh báo kiểm tra", Action.SIGNED: "Ký số",
    Action.QUEUED: "Đưa vào hàng đợi gửi", Action.SENT: "Đã gửi", Action.PURGED: "Xóa bản lưu tại trạm",
    Action.RECEIPT_ISSUED: "Cấp giấy tiếp nhận",
    Action.RECEIPT_PRINTED: "In giấy tiếp nhận", Action.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung hồ sơ",
    Action.CATALOG_IMPORTED: "Nhập danh mục thủ tục", Action.CODE_BLOCK_RESERVED: "Nhận dải số hồ sơ",
    Action.PAPER_ONLY: "Nhận bản giấy, không số hóa",
    Action.DOSSIER_REFUSED: "Từ chối tiếp nhận hồ sơ", Action.FORM_ISSUED: "Cấp phiếu theo mẫu",
    Action.KHO_LOOKUP: "Tra cứu kho dữ liệu của công dân", Action.IDENTITY_LOOKUP: "Tra cứu định danh",
    Action.COMPONENT_REUSED: "Tái sử dụng giấy tờ", Action.REUSE_UNDONE: "Bỏ tái sử dụng",
    Action.REUSE_VERIFIED: "Xác minh giấy tờ tái sử dụng",
    Action.RESULT_ADDED: "Số hóa kết quả giải quyết", Action.RESULT_RETURNED: "Trả kết quả cho công dân",
    Action.BACKLOG_CONFIRMED: "Xác nhận kết quả còn hiệu lực đã số hóa",
    Action.BACKLOG_CORRECTED: "Sửa kết quả còn hiệu lực đã đưa vào hàng đợi gửi",
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


_KEYS: dict[Path, bytes] = {}


def _station_key(db: Database) -> tuple[Path | None, bytes | None]:
    """The data folder and the audit key this process signs entries with. The first entry after this version
    creates the key (keyring or 0600 file) and anchors the trail as it stands; a key lost while its anchor remains
    is not replaced (entries go unsigned, and ``verify`` says so) so the evidence of what happened stays."""
    folder = data_folder(db)
    if folder is None:
        return None, None
    if folder in _KEYS:
        return folder, _KEYS[folder]
    key, _ = keys.audit_key(folder)
    if key is None:
        try:
            anchored = read_anchor(folder) is not None
        except AnchorUnreadable:
            anchored = True
        if anchored:
            log.error("the audit key of %s is missing while its anchor remains: entries are not signed", folder)
            return folder, None
        key, where = keys.audit_key(folder, create=True)
        assert key is not None
        write_anchor(folder, key, committed_head(db))
        log.info("audit trail anchored outside the database (key: %s)", where)
    _KEYS[folder] = key
    return folder, key


def _advance_anchor(db: Database) -> None:
    """After a commit: move the anchor to the trail's committed head, if the trail still follows the anchor."""
    folder = data_folder(db)
    key = _KEYS.get(folder) if folder else None
    if folder is None or key is None:
        return
    try:
        anchor = read_anchor(folder)
    except AnchorUnreadable:
        anchor = None
    if anchor is None or not anchor_valid(anchor, key):
        log.error("audit anchor in %s missing or not signed by this station's key: left as found", folder)
        return
    head = follows(db, anchor, key)
    if head is None:
        log.error("the audit trail in %s no longer follows its anchor: left as found for 'sohoa audit verify'", folder)
    elif head != anchor.head:
        write_anchor(folder, key, head)


def record(db: Database | Store, action: Action | str, *, clerk: str, station: str, dossier_code: str | None = None,
           details: dict[str, Any] | None = None) -> int:
    """Append one entry inside the caller's transaction (or its own); the anchor outside the database follows once
    the transaction commits. Returns the entry's id."""
    if isinstance(db, Store):
        db = db.db
    try:
        action = Action(action)
    except ValueError as exc:
        raise BadInputError(f"audit action {action!r}") from exc
    with write_transaction(db):
        _folder, key = _station_key(db)  # before the insert: a first anchor names the trail as it stood
        # the insert takes the write lock (if the caller's transaction has not), so the previous entry read below
        # is final
        cursor = db.execute(
            "insert into audit_log (at, action, clerk, station, dossier_code, details, prev_hash, hash) "
            "values (?, ?, ?, ?, ?, ?, '', '')",
            [now_iso(), action.value, clerk or "", station or "", dossier_code, canonical(details or {})])
        entry_id = int(cursor.lastrowid or 0)
        prev = db.execute("select hash from audit_log where id < ? order by id desc limit 1", [entry_id]).fetchone()
        row = next(db.query("select * from audit_log where id = ?", [entry_id]))
        row["prev_hash"] = prev[0] if prev else GENESIS
        row["scheme"] = SCHEME_HMAC if key is not None else SCHEME_SHA256
        row["hash"] = entry_hash(row, key)
        db.execute("update audit_log set prev_hash = ?, hash = ?, scheme = ? where id = ?",
                   [row["prev_hash"], row["hash"], row["scheme"], entry_id])
        db.execute("insert into audit_head (id, last_id, last_hash, entries) values (1, ?, ?, 1) "
                   "on conflict(id) do update set last_id = excluded.last_id, last_hash = excluded.last_hash, "
                   "entries = entries + 1", [entry_id, row["hash"]])
        if key is not None:
            after_commit(db, _advance_anchor)
    return entry_id


def current_head(db: Database) -> dict[str, Any]:
    """The trail's head as the database holds it: its last hash is an HMAC under the station's key, so the
    province can keep it (sent with each dossier) and a truncated or rewritten trail no longer reaches it."""
    return committed_head(db).as_dict()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    broken: BrokenEntry | None
    entries: int
    anchored_at: int | None  # the entry the anchor outside the database names (None: no anchor)
    anchor_file: str
    key_where: str


def _broken(row: dict[str, Any] | None, reason_vi: str, reason_en: str) -> BrokenEntry:
    if row is None:
        return BrokenEntry(None, "", "", reason_vi, reason_en)
    return BrokenEntry(row["id"], row["action"], row["at"], reason_vi, reason_en)


def _walk(rows: list[dict[str, Any]], key: bytes | None) -> BrokenEntry | None:
    expected_prev, signed = GENESIS, False
    for row in rows:
        if row["prev_hash"] != expected_prev:
            return _broken(row, "mục trước mục này đã bị xóa, chèn thêm hoặc đổi thứ tự",
                           "an entry before this one was removed, inserted or reordered")
        scheme = row.get("scheme") or SCHEME_SHA256
        if scheme == SCHEME_HMAC and key is None:
            return _broken(row, "không tìm thấy khóa nhật ký (ngoài cơ sở dữ liệu) để kiểm tra mục này",
                           "the audit key (kept outside the database) is missing")
        if signed and scheme != SCHEME_HMAC:
            return _broken(row, "mục này không được ký bằng khóa nhật ký của trạm",
                           "this entry is not signed with the station's audit key")
        if not hmac.compare_digest(entry_hash(row, key), row["hash"]):
            return _broken(row, "nội dung mục này đã bị sửa", "this entry was edited")
        signed = signed or scheme == SCHEME_HMAC
        expected_prev = row["hash"]
    return None


def _against_anchor(rows: list[dict[str, Any]], anchor: Anchor) -> BrokenEntry | None:
    last = rows[-1] if rows else None
    position: int | None = -1  # an anchor on the empty trail: every entry comes after it
    if anchor.head.last_id != 0:
        position = next((i for i, r in enumerate(rows) if r["id"] == anchor.head.last_id), None)
    if position is None:
        return _broken(last, f"nhật ký đã bị cắt hoặc xóa: mục #{anchor.head.last_id} mà mốc neo ngoài cơ sở dữ liệu "
                       f"ghi nhận ({anchor.head.entries} mục) không còn",
                       f"the trail was truncated or wiped: entry #{anchor.head.last_id} named by the anchor outside "
                       f"the database ({anchor.head.entries} entries) is gone")
    row = rows[position] if position >= 0 else None
    if row is not None and (row["hash"] != anchor.head.last_hash or position + 1 != anchor.head.entries):
        return _broken(row, "nhật ký đã bị viết lại: mục này không khớp mốc neo ngoài cơ sở dữ liệu",
                       "the trail was rewritten: this entry does not match the anchor outside the database")
    unsigned = next((r for r in rows[position + 1:] if r.get("scheme") != SCHEME_HMAC), None)
    if unsigned is not None:
        return _broken(unsigned, "mục này không được ký bằng khóa nhật ký của trạm",
                       "this entry is not signed with the station's audit key")
    return None


def _against_heads(rows: list[dict[str, Any]], heads: Sequence[Head]) -> BrokenEntry | None:
    """Every head the province received with a dossier must still be in the trail, at its place, unchanged."""
    by_id = {r["id"]: (position, r) for position, r in enumerate(rows)}
    for head in sorted(heads, key=lambda h: h.last_id):
        found = by_id.get(head.last_id)
        if head.last_id == 0:
            continue
        if found is None:
            return _broken(rows[-1] if rows else None,
                           f"nhật ký đã bị cắt hoặc xóa: mục #{head.last_id} mà máy chủ tiếp nhận đã nhận "
                           f"({head.entries} mục) không còn",
                           f"the trail was truncated or wiped: entry #{head.last_id} the receiving server holds "
                           f"({head.entries} entries) is gone")
        position, row = found
        if row["hash"] != head.last_hash or position + 1 != head.entries:
            return _broken(row, "nhật ký đã bị viết lại: mục này không khớp đầu chuỗi mà máy chủ tiếp nhận đã nhận",
                           "the trail was rewritten: this entry does not match the head the receiving server holds")
    return None


def check(db: Database, heads: Sequence[Head] = ()) -> Verdict:
    """Walk the whole chain and hold it against the anchor outside the database and against ``heads`` (the heads
    the province received with the station's dossiers), which a writer holding the key cannot change either."""
    folder = data_folder(db)
    key, key_where = keys.audit_key(folder) if folder else (None, "")
    anchor_file = str(anchor_path(folder)) if folder else ""
    try:
        rows = list(db.query("select * from audit_log order by id"))
        head = db.execute("select last_id, last_hash, entries from audit_head where id = 1").fetchone()
    except sqlite3.OperationalError as exc:
        return Verdict(False, _broken(None, "bảng nhật ký thao tác không còn trong cơ sở dữ liệu",
                                      f"the audit tables are gone from the database ({exc})"), 0, None, anchor_file,
                       key_where)

    def verdict(broken: BrokenEntry | None, anchored_at: int | None = None) -> Verdict:
        return Verdict(broken is None, broken, len(rows), anchored_at, anchor_file, key_where)

    broken = _walk(rows, key) or _against_heads(rows, heads)
    if broken is not None:
        return verdict(broken)
    last = rows[-1] if rows else None
    if head is None and last is not None:
        return verdict(_broken(last, "mất bản ghi đầu chuỗi nhật ký", "the chain's head record is missing"))
    if head is not None and (last is None or (head[0], head[1], head[2]) != (last["id"], last["hash"], len(rows))):
        return verdict(_broken(last, "các mục cuối nhật ký đã bị xóa hoặc thay đổi",
                               "entries at the end of the log were removed or changed"))
    if folder is None:
        return verdict(None)
    try:
        anchor = read_anchor(folder)
    except AnchorUnreadable:
        return verdict(_broken(None, f"tệp mốc neo nhật ký {anchor_file} bị hỏng hoặc bị sửa",
                               f"the audit anchor file {anchor_file} is damaged or was edited"))
    if anchor is None:
        if key is None and all(r.get("scheme") != SCHEME_HMAC for r in rows):
            return verdict(None)  # a trail from before anchoring, not yet anchored
        return verdict(_broken(None, f"mất tệp mốc neo nhật ký ngoài cơ sở dữ liệu ({anchor_file})",
                               f"the audit anchor outside the database is missing ({anchor_file})"))
    if key is None:
        return verdict(_broken(None, "không tìm thấy khóa nhật ký (ngoài cơ sở dữ liệu) để kiểm tra mốc neo",
                               "the audit key (kept outside the database) is missing"))
    if not anchor_valid(anchor, key):
        return verdict(_broken(None, f"tệp mốc neo nhật ký {anchor_file} đã bị sửa",
                               f"the audit anchor file {anchor_file} was edited"))
    return verdict(_against_anchor(rows, anchor), anchor.head.last_id)


def verify(db: Database) -> tuple[bool, BrokenEntry | None]:
    """``(True, None)`` when whole, else ``(False, the first broken entry)`` (see :func:`check`)."""
    result = check(db)
    return result.ok, result.broken


def entries(db: Database, dossier_code: str | None = None, limit: int = 1000) -> list[AuditEntry]:
    """Newest first, for the GUI's history panel and for reports."""
    where, params = ("where dossier_code = ?", [dossier_code]) if dossier_code else ("", [])
    return [AuditEntry(r["id"], r["at"], r["action"], r["clerk"], r["station"], r["dossier_code"],
                       json.loads(r["details"]))
            for r in db.query(f"select * from audit_log {where} order by id desc limit ?", [*params, limit])]
