"""The counter's page-operation log: every rotate, delete, move, rescan and insert, so the clerk can undo them."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.counter")


@migrations()
def m001_page_ops(db: Database) -> None:
    db.table("page_ops").create(
        {"id": int, "component_id": int, "op": str, "payload": str, "created_at": str, "undone_at": str},
        pk="id", foreign_keys=[("component_id", "components", "id")], not_null={"component_id", "op", "payload"},
    )
    db.table("page_ops").create_index(["component_id", "id"])
