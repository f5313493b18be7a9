"""The backlog of results still in force: each record a clerk confirmed, queued once for the citizen's data store
(as a standalone result record, or as a result of a dossier of this station). Named to sort after ``outbox``: the
outbox's entries learn to carry a record that belongs to no dossier."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.results_backlog")


@migrations()
def m001_backlog_records(db: Database) -> None:
    db.table("backlog_records").create(
        {
            "id": int, "batch_id": str, "document": int, "record_key": str, "result_type": str,
            "dossier_code": str, "owner_id": str, "so_ky_hieu": str, "ngay_ban_hanh": str, "co_quan": str,
            "nguoi_ky": str, "trich_yeu": str, "hieu_luc_den": str, "vinh_vien": int, "ocr": str, "corrected": str,
            "pages": int, "pdf_path": str, "pdf_sha256": str, "pdf_size": int, "entry_id": int, "result_id": int,
            "clerk": str, "station": str, "confirmed_at": str, "queued_at": str,
        },
        pk="id", foreign_keys=[("entry_id", "outbox_entries", "id"), ("result_id", "results", "id")],
        not_null={"batch_id", "document", "record_key", "pdf_path", "pdf_sha256", "confirmed_at", "queued_at"},
        defaults={"vinh_vien": 0, "ocr": "{}", "corrected": "[]"},
    )
    records = db.table("backlog_records")
    records.create_index(["batch_id", "document"], unique=True)  # a record is queued once, whatever happens
    records.create_index(["record_key"], unique=True)
    records.create_index(["confirmed_at"])


@migrations()
def m002_outbox_entries_without_dossier(db: Database) -> None:
    """A standalone result record goes through the outbox like a dossier, but belongs to none."""
    db.table("outbox_entries").transform(not_null={"dossier_id": False})
