"""A component reused instead of scanned: the reference of the electronic paper that replaces it (from the
citizen's data store, or shown by the citizen and verified later)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.reuse")


@migrations()
def m001_component_reuse(db: Database) -> None:
    db.table("component_reuse").create(
        {
            "component_id": int, "result_code": str, "so_ky_hieu": str, "name": str, "agency": str, "issued": str,
            "valid_until": str, "source": str, "verification": str, "file_name": str, "file_url": str,
            "checked_at": str, "created_at": str, "clerk": str,
        },
        pk="component_id", foreign_keys=[("component_id", "components", "id")],
        not_null={"component_id", "source", "verification", "created_at"},
    )
    db.table("component_reuse").create_index(["verification"])
