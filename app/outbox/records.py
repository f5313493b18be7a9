"""A standalone result record in the outbox: a result issued earlier and still in force (the backlog), sent to the
citizen's data store with its file. It belongs to no dossier of this station, so its entry has no ``dossier_id``;
``dossier_code`` holds the record's own key (how the outbox list and the clerk name it). Like a dossier, it is
queued inside the caller's transaction, and the destination's send must be idempotent on the record's key. A record
corrected after it was queued (:func:`requeue_record`) replaces the payload of its entry not started yet, or follows
the entry already sending or sent with the next revision: an update the destination applies on the same key."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any

from sqlite_utils import Database

from app.core.audit import current_head
from app.core.storage import now_iso
from app.outbox.model import OutboxError, OutboxFile, State

RECORD_KIND = "result_record"  # ``payload["kind"]`` of an entry that carries a standalone result record
NOT_STARTED = (State.QUEUED.value, State.NEEDS_ATTENTION.value, State.CANCELLED.value)  # nothing reached the gateway


def is_record(payload: Mapping[str, Any]) -> bool:
    return payload.get("kind") == RECORD_KIND


def _in_transaction(db: Database, what: str) -> None:
    if not db.conn.in_transaction:
        raise OutboxError(f"{what} outside a transaction",
                          message_vi="Lỗi lập trình: phải đưa kết quả vào hàng đợi trong cùng giao dịch.",
                          message_en="Programming error: queue the record inside the caller's transaction.")


def enqueue_record(db: Database, key: str, record: Mapping[str, Any], file: OutboxFile, destination: str, *,
                   revision: int = 0) -> int:
    """Queue the result record ``record`` (keyed ``key``) and its PDF for ``destination``, in the caller's
    transaction. The caller makes sure a record is queued once (its own unique key); ``revision`` > 0: a correction
    of a record already sending or sent, sent after the earlier entries."""
    _in_transaction(db, "enqueue_record")
    now = now_iso()
    payload = {"kind": RECORD_KIND, "key": key, "record": dict(record), "is_update": revision > 0,
               "audit_head": current_head(db)}
    table = db.table("outbox_entries")
    table.insert({
        "dossier_id": None, "dossier_code": key, "destination": destination, "idempotency_key": str(uuid.uuid4()),
        "state": State.QUEUED.value, "revision": revision, "payload": json.dumps(payload, ensure_ascii=False),
        "attempts": 0, "failures": 0, "next_attempt_at": 0.0, "created_at": now, "updated_at": now,
    })
    entry_id = int(table.last_pk)  # type: ignore[arg-type]
    db.table("outbox_files").insert({
        "entry_id": entry_id, "position": 1, "name": file.name, "component": file.component,
        "path": PurePath(file.path).as_posix(), "sha256": file.sha256, "size": file.size,
        "media_type": file.media_type,
    })
    db.table("outbox_events").insert({"entry_id": entry_id, "at": now, "event": "queued", "detail": destination})
    return entry_id


def _record_file(db: Database, entry_id: int, key: str) -> OutboxFile:
    row = db.execute("select name, path, sha256, size, component, media_type, purged_at from outbox_files "
                     "where entry_id = ? order by position limit 1", [entry_id]).fetchone()
    if row is None or row[6]:
        raise OutboxError(key, message_vi=f"Bản lưu tại máy trạm của tài liệu {key} đã được xóa sau khi gửi; không "
                          "gửi được bản sửa.", message_en=f"The station's copy of record {key} was purged after it "
                          "was sent; the correction cannot be sent.")
    return OutboxFile(row[0], Path(row[1]), row[2], row[3], row[4] or "", row[5] or "application/pdf")


def requeue_record(db: Database, key: str, record: Mapping[str, Any]) -> list[tuple[str, int, bool]]:
    """The record ``key`` corrected, in the caller's transaction: for each destination that has it, its latest entry
    not started yet takes ``record`` in place (the same entry, the same idempotency key); one sending or sent is
    followed by a new entry of the next revision. Returns (destination, entry, replaced in place)."""
    _in_transaction(db, "requeue_record")
    done = []
    for (destination,) in list(db.execute("select distinct destination from outbox_entries where dossier_id is null "
                                          "and dossier_code = ? order by destination", [key])):
        entry_id, state, remote_id, revision, payload = db.execute(
            "select id, state, remote_id, revision, payload from outbox_entries where dossier_id is null and "
            "dossier_code = ? and destination = ? order by revision desc, id desc limit 1",
            [key, destination]).fetchone()
        if state in NOT_STARTED and not remote_id:
            data = {**json.loads(payload), "record": dict(record), "audit_head": current_head(db)}
            now = now_iso()
            db.table("outbox_entries").update(entry_id, {"payload": json.dumps(data, ensure_ascii=False),
                                                         "updated_at": now})
            db.table("outbox_events").insert({"entry_id": entry_id, "at": now, "event": "corrected",
                                              "detail": destination})
            done.append((destination, int(entry_id), True))
            continue
        file = _record_file(db, entry_id, key)
        done.append((destination, enqueue_record(db, key, record, file, destination, revision=revision + 1), False))
    return done
