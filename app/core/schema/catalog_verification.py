"""A procedure's own setting for verification or opinion papers of another agency that arrive on paper: digitized
(1, the default) or kept exempt as TT 03/2025 Art. 5(2) allows (0). ../shared/REGULATIONS.md asks for it per procedure,
never as a rule that blocks scanning."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.catalog_verification")


@migrations()
def m001_scan_verification(db: Database) -> None:
    db.table("procedures").add_column("scan_verification", int, not_null_default=1)
