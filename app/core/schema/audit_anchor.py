"""The audit trail anchored outside the database: each entry says how its hash was made (0: SHA-256, as before
the anchor; 1: HMAC under the audit key kept outside the database)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.audit_anchor")


@migrations()
def m001_entry_scheme(db: Database) -> None:
    if "audit_log" in db.table_names():
        db.table("audit_log").add_column("scheme", int, not_null_default=0)
