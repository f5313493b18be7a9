"""The audit trail: one row per action that matters, each chained to the previous by its SHA-256 hash, and the
chain's head (last id, last hash, count) so a removed last entry is detected too."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.audit")


@migrations()
def m001_audit(db: Database) -> None:
    db.table("audit_log").create(
        {"id": int, "at": str, "action": str, "clerk": str, "station": str, "dossier_code": str, "details": str,
         "prev_hash": str, "hash": str},
        pk="id", not_null={"at", "action", "details", "prev_hash", "hash"},
    )
    db.table("audit_log").create_index(["dossier_code"])
    db.table("audit_head").create({"id": int, "last_id": int, "last_hash": str, "entries": int}, pk="id")
