"""The audit trail's head sent on its own: when no dossier has carried it for a while, the sync worker queues the
head here and sends it to each destination that keeps heads, once per head (offline-first, like the outbox)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.audit_heads")


@migrations()
def m001_audit_head_sends(db: Database) -> None:
    db.table("audit_head_sends").create(
        {"id": int, "destination": str, "station": str, "last_id": int, "entries": int, "last_hash": str,
         "state": str, "queued_at": str, "queued_ts": float, "next_attempt_at": float, "failures": int,
         "sent_at": str, "reason_code": str, "detail": str},
        pk="id", not_null={"destination", "station", "last_id", "entries", "last_hash", "state", "queued_at",
                           "queued_ts"},
        defaults={"state": "queued", "next_attempt_at": 0.0, "failures": 0},
    )
    sends = db.table("audit_head_sends")
    sends.create_index(["destination", "last_id", "last_hash"], unique=True)  # a head goes to a destination once
    sends.create_index(["destination", "state"])
