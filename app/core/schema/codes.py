"""Blocks of the daily dossier sequence this station may use: reserved from the agency while online, and the
station's own offline range (see docs/codes.md)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.codes")


@migrations()
def m001_code_blocks(db: Database) -> None:
    db.table("code_blocks").create(
        {"id": int, "agency": str, "day": str, "kind": str, "first": int, "last": int, "next": int,
         "station": str, "created_at": str},
        pk="id", not_null={"agency", "day", "kind", "first", "last", "next"},
    )
    db.table("code_blocks").create_index(["agency", "day", "kind", "first"], unique=True)
