"""Signing follow-ups: work a signature still needs once the network is back (timestamp, long-term validation)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.signing")


@migrations()
def m001_signing_jobs(db: Database) -> None:
    db.table("signing_jobs").create(
        {
            "id": int, "kind": str, "pdf_path": str, "component_id": int, "tsa_url": str, "status": str,
            "attempts": int, "last_error": str, "sha256": str, "size": int, "level": str,
            "created_at": str, "updated_at": str, "done_at": str,
        },
        pk="id", foreign_keys=[("component_id", "components", "id")],
        not_null={"kind", "pdf_path", "status", "created_at"}, defaults={"status": "pending", "attempts": 0},
    )
    db.table("signing_jobs").create_index(["status"])
