"""The citizen's time before the counter: queue tickets imported from the ticket machine's export, each "call next
number" at a station, and on the dossier its ticket, the arrival (the ticket's issue time) and the call."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sohoa.queue")


@migrations()
def m001_tickets_and_calls(db: Database) -> None:
    db.table("dossiers").add_column("ticket_number", str)
    db.table("dossiers").add_column("arrived_at", str)
    db.table("dossiers").add_column("called_at", str)
    # ticket numbers start again every day: one ticket a (Vietnam) day and number, its id "YYYY-MM-DD/NUMBER"
    db.table("queue_tickets").create(
        {"id": str, "day": str, "number": str, "issued_at": str, "imported_at": str},
        pk="id", not_null={"day", "number", "issued_at"},
    )
    db.table("queue_calls").create(
        {"id": int, "station": str, "clerk": str, "day": str, "called_at": str, "ticket_number": str,
         "dossier_id": int},
        pk="id", foreign_keys=[("dossier_id", "dossiers", "id")], not_null={"station", "day", "called_at"},
    )
    db.table("queue_calls").create_index(["station", "day", "id"])
