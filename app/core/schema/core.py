"""Dossiers, their components and pages, and the checks' findings."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.core")


@migrations()
def m001_dossiers(db: Database) -> None:
    db.table("dossiers").create(
        {
            "id": int, "code": str, "procedure_code": str, "procedure_name": str,
            "applicant_name": str, "applicant_id": str, "applicant_phone": str, "applicant_address": str,
            "applicant_email": str, "status": str, "clerk": str, "station": str,
            "created_at": str, "finished_at": str, "receipt_printed_at": str, "appointment_at": str, "note": str,
        },
        pk="id", not_null={"code", "status", "created_at"}, defaults={"status": "draft"},
    )
    db.table("dossiers").create_index(["code"], unique=True)
    db.table("dossiers").create_index(["created_at"])
    db.table("components").create(
        {
            "id": int, "dossier_id": int, "position": int, "code": str, "name": str, "category": str,
            "declared_pages": int, "must_digitize": int, "exempt_reason": str, "status": str,
            "pdf_path": str, "pdf_sha256": str, "signed_at": str, "result_code": str, "created_at": str,
        },
        pk="id", foreign_keys=[("dossier_id", "dossiers", "id")], not_null={"dossier_id", "name", "status"},
        defaults={"status": "empty", "must_digitize": 0},
    )
    db.table("components").create_index(["dossier_id", "position"])
    db.table("pages").create(
        {
            "id": int, "component_id": int, "position": float, "seq": int, "file": str, "sha256": str,
            "size": int, "dpi": int, "width": int, "height": int, "mode": str, "side": str, "source": str,
            "status": str, "actions": str, "created_at": str,
        },
        pk="id", foreign_keys=[("component_id", "components", "id")],
        not_null={"component_id", "file", "sha256", "status"}, defaults={"status": "kept", "actions": "[]"},
    )
    db.table("pages").create_index(["component_id", "position"])
    db.table("findings").create(
        {
            "id": int, "component_id": int, "page_id": int, "code": str, "severity": str, "value": str,
            "message_vi": str, "message_en": str, "resolution": str, "reason": str, "created_at": str,
        },
        pk="id", foreign_keys=[("component_id", "components", "id"), ("page_id", "pages", "id")],
        not_null={"component_id", "code", "severity"}, defaults={"resolution": "open"},
    )
    db.table("findings").create_index(["component_id"])


@migrations()
def m002_copies_birth_paper_only(db: Database) -> None:
    """The copies the catalog expects of a component (its pages repeat without being duplicates); the applicant's
    date of birth and sex (checked against the personal ID); why a dossier was finished with papers unscanned."""
    db.table("components").add_column("copies", int, not_null_default=1)
    db.table("dossiers").add_column("applicant_dob", str)
    db.table("dossiers").add_column("applicant_sex", str)
    db.table("dossiers").add_column("paper_only_reason", str)
