"""The procedure catalog kept at the station (danh mục thủ tục hành chính) for offline work, and its import log."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.catalog")


@migrations()
def m001_catalog(db: Database) -> None:
    db.table("procedures").create(
        {
            "code": str, "national_code": str, "name": str, "name_folded": str, "field": str,
            "processing_days": int, "fee": int, "fee_note": str, "source": str, "imported_at": str,
        },
        pk="code", not_null={"national_code", "name", "name_folded", "processing_days", "fee"},
    )
    db.table("procedure_components").create(
        {
            "id": int, "procedure_code": str, "position": int, "code": str, "name": str, "copies": int,
            "digitize_class": int, "exempt_online": int, "exempt_show_only": int, "exempt_verification": int,
            "exempt_secret": int, "expected_pages": int,
        },
        pk="id", foreign_keys=[("procedure_code", "procedures", "code")],
        not_null={"procedure_code", "position", "code", "name", "copies"},
        defaults={"copies": 1, "exempt_online": 0, "exempt_show_only": 0, "exempt_verification": 0,
                  "exempt_secret": 0},
    )
    db.table("procedure_components").create_index(["procedure_code", "code"], unique=True)
    db.table("catalog_imports").create(
        {"id": int, "at": str, "source": str, "sha256": str, "mode": str, "procedures": int, "components": int},
        pk="id", not_null={"at", "source", "mode"},
    )


@migrations()
def m002_procedure_results(db: Database) -> None:
    """The procedure's result types (KETQUATHUCHIEN: MaKetQua, TenKetQua) from the national catalogue."""
    db.table("procedure_results").create(
        {"id": int, "procedure_code": str, "position": int, "code": str, "name": str},
        pk="id", foreign_keys=[("procedure_code", "procedures", "code")],
        not_null={"procedure_code", "position", "code", "name"},
    )
    db.table("procedure_results").create_index(["procedure_code", "code"], unique=True)
