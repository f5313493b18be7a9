"""The outbox: one entry per dossier and destination, its files with checksums, and an audit trail of attempts."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.outbox")


@migrations()
def m001_outbox(db: Database) -> None:
    db.table("outbox_entries").create(
        {
            "id": int, "dossier_id": int, "dossier_code": str, "destination": str, "idempotency_key": str,
            "state": str, "payload": str, "attempts": int, "failures": int, "next_attempt_at": float,
            "lease_owner": str, "lease_until": float, "remote_id": str, "remote_received_at": str, "receipt": str,
            "reason_code": str, "reason_vi": str, "reason_en": str, "detail": str,
            "created_at": str, "updated_at": str, "first_attempt_at": str, "sent_at": str, "acked_ts": float,
            "purged_at": str,
        },
        pk="id", foreign_keys=[("dossier_id", "dossiers", "id")],
        not_null={"dossier_id", "dossier_code", "destination", "idempotency_key", "state", "created_at"},
        defaults={"state": "queued", "attempts": 0, "failures": 0, "next_attempt_at": 0.0, "payload": "{}"},
    )
    entries = db.table("outbox_entries")
    entries.create_index(["idempotency_key"], unique=True)
    entries.create_index(["dossier_id", "destination"], unique=True)
    entries.create_index(["state", "next_attempt_at"])
    db.table("outbox_files").create(
        {
            "id": int, "entry_id": int, "position": int, "name": str, "component": str, "path": str,
            "sha256": str, "size": int, "media_type": str, "purged_at": str,
        },
        pk="id", foreign_keys=[("entry_id", "outbox_entries", "id")],
        not_null={"entry_id", "position", "name", "path", "sha256", "size"},
    )
    db.table("outbox_files").create_index(["entry_id", "position"], unique=True)
    db.table("outbox_events").create(
        {"id": int, "entry_id": int, "at": str, "event": str, "detail": str},
        pk="id", foreign_keys=[("entry_id", "outbox_entries", "id")], not_null={"entry_id", "at", "event"},
    )
    db.table("outbox_events").create_index(["entry_id"])


@migrations()
def m002_outbox_revisions(db: Database) -> None:
    """Later changes of a sent dossier (results, return) go to a destination as updates: entries numbered by
    ``revision`` per dossier and destination, 0 the first send."""
    entries = db.table("outbox_entries")
    entries.add_column("revision", int, not_null_default=0)
    db.execute("drop index if exists idx_outbox_entries_dossier_id_destination")
    entries.create_index(["dossier_id", "destination", "revision"], unique=True)
