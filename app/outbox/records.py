"""A standalone result record in the outbox: a result issued earlier and still in force (the backlog), sent to the
citizen's data store with its file. It belongs to no dossier of this station, so its entry has no ``dossier_id``;
``dossier_code`` holds the record's own key (how the outbox list and the clerk name it). Like a dossier, it is
queued inside the caller's transaction, and the destination's send must be idempotent on the record's key."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from sqlite_utils import Database

from app.core.audit import current_head
from app.core.storage import now_iso
from app.outbox.model import OutboxError, OutboxFile, State

RECORD_KIND = "result_record"  # ``payload["kind"]`` of an entry that carries a standalone result record


def is_record(payload: Mapping[str, Any]) -> bool:
    return payload.get("kind") == RECORD_KIND


def enqueue_record(db: Database, key: str, record: Mapping[str, Any], file: OutboxFile, destination: str) -> int:
    """Queue the result record ``record`` (keyed ``key``) and its PDF for ``destination``, in the caller's
    transaction. The caller makes sure a record is queued once (its own unique key)."""
    if not db.conn.in_transaction:
        raise OutboxError("enqueue_record outside a transaction",
                          message_vi="Lỗi lập trình: phải đưa kết quả vào hàng đợi trong cùng giao dịch.",
                          message_en="Programming error: queue the record inside the caller's transaction.")
    now = now_iso()
    payload = {"kind": RECORD_KIND, "key": key, "record": dict(record), "audit_head": current_head(db)}
    table = db.table("outbox_entries")
    table.insert({
        "dossier_id": None, "dossier_code": key, "destination": destination, "idempotency_key": str(uuid.uuid4()),
        "state": State.QUEUED.value, "revision": 0, "payload": json.dumps(payload, ensure_ascii=False),
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
