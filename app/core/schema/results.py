"""Results of the procedure: each result of a dossier (its national result-type code, the metadata of the record in
the citizen's data store, its PDF, hidden until returned), the return of the result, and the backlog batches."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.results")


@migrations()
def m001_results(db: Database) -> None:
    db.table("results").create(
        {
            "id": int, "dossier_id": int, "code": str, "name": str, "so_ky_hieu": str, "ngay_ban_hanh": str,
            "co_quan": str, "nguoi_ky": str, "trich_yeu": str, "hieu_luc_den": str, "vinh_vien": int,
            "pdf_path": str, "pdf_name": str, "pdf_sha256": str, "pdf_size": int, "pages": int, "pdfa": int,
            "status": str, "ocr_fields": str, "corrected": str, "clerk": str, "station": str, "created_at": str,
            "released_at": str,
        },
        pk="id", foreign_keys=[("dossier_id", "dossiers", "id")],
        not_null={"dossier_id", "code", "pdf_path", "pdf_sha256", "status", "created_at"},
        defaults={"status": "hidden", "vinh_vien": 0, "pdfa": 0, "ocr_fields": "{}", "corrected": "[]"},
    )
    db.table("results").create_index(["dossier_id"])
    dossiers = db.table("dossiers")
    dossiers.add_column("returned_at", str)
    dossiers.add_column("return_mode", str)  # "paper" (handed over with the paper) or "electronic" only
