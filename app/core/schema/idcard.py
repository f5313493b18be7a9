"""The catalog's marker for the component that is a copy of the applicant's ID card ("Quét CCCD" fills it)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.idcard")


@migrations()
def m001_id_card_component(db: Database) -> None:
    db.table("procedure_components").add_column("id_card", int, not_null_default=0)
