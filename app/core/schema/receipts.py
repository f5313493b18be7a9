"""The register of papers handed to applicants (sổ theo dõi hồ sơ): one number per receipt, kept on reprint."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.receipts")


@migrations()
def m001_register(db: Database) -> None:
    db.table("receipt_register").create(
        {"id": int, "form": str, "dossier_code": str, "book": str, "number": int, "issued_at": str, "clerk": str,
         "station": str, "content": str},
        pk="id", not_null={"form", "dossier_code", "book", "number", "issued_at"},
    )
    db.table("receipt_register").create_index(["book", "number"], unique=True)
    db.table("receipt_register").create_index(["dossier_code", "form"])
