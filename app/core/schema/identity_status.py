"""The applicant's identity status as the counter found it: known to the population database, an e-ID (VNeID)
account and its assurance level, and whether the station asked the source or the clerk read the citizen's app."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.identity_status")


@migrations()
def m001_dossier_identity(db: Database) -> None:
    db.table("dossiers").add_column("identity_known", int)  # NULL: not checked
    db.table("dossiers").add_column("vneid_account", int)
    db.table("dossiers").add_column("vneid_ial", int)
    db.table("dossiers").add_column("identity_source", str)  # "lookup" or "citizen_app"
    db.table("dossiers").add_column("identity_checked_at", str)
