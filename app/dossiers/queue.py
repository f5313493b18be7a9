"""The queue before the counter, so the report can split the citizen's time into waiting and service: "call next
number" at a station records when the citizen is called; a new dossier takes the station's latest call and the ticket
typed (or read) in the form, and from the ticket its arrival (typed with it, or from the ticket machine's export)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from typing import TYPE_CHECKING

from app.core.errors import BadInputError
from app.core.storage import VN_TZ, Store

if TYPE_CHECKING:  # the window imports this module before its first paint; sqlite-utils loads NumPy
    from sqlite_utils import Database

_TICKET = re.compile(r"([A-Z]{0,3})0*(\d{1,6})")
_TYPED = re.compile(r"\s*(?P<number>[A-Za-z]{0,3}[ \-]?\d{1,6})(?:\s*[|;, ]\s*(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?\s*")


@dataclass(frozen=True)
class Call:
    id: int
    called_at: str
    ticket_number: str  # the next ticket of the day not yet called, when the machine's export was imported; else ""


def local(moment: datetime | str) -> datetime:
    """A stored or given moment in Vietnam time (a naive one is taken as Vietnam time)."""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return (value if value.tzinfo else value.replace(tzinfo=VN_TZ)).astimezone(VN_TZ)


def stamp(moment: datetime) -> str:
    return local(moment).isoformat(timespec="seconds")


def ticket_number(text: str) -> str:
    """One spelling a ticket ("A 042", "a-42" and "A42" are the same ticket; "0042" is 42)."""
    match = _TICKET.fullmatch(re.sub(r"[\s\-_.]", "", text).upper())
    if match is None:
        raise BadInputError(text, message_vi="Số thứ tự không hợp lệ (ví dụ 42, A042, hoặc A042 08:15 kèm giờ lấy số).",
                            message_en="Invalid queue ticket (e.g. 42, A042, or A042 08:15 with the time it was "
                                       "taken).")
    return f"{match.group(1)}{int(match.group(2))}"


def parse_ticket(text: str, day: datetime) -> tuple[str, str | None]:
    """The form's ticket field: a number, optionally with the time printed on the slip ("A042 08:15"), which is then
    the arrival on ``day``. Empty: no ticket."""
    if not text.strip():
        return "", None
    match = _TYPED.fullmatch(text)
    if match is None:
        ticket_number(text)  # raises with the clerk's sentence
        raise AssertionError("unreachable")
    number = ticket_number(match.group("number"))
    if not match.group("time"):
        return number, None
    try:
        taken = time.fromisoformat(match.group("time").zfill(5 if match.group("time").count(":") == 1 else 8))
    except ValueError as exc:
        raise BadInputError(text, message_vi="Giờ lấy số không hợp lệ (ví dụ A042 08:15).",
                            message_en="Invalid ticket time (e.g. A042 08:15).") from exc
    return number, stamp(datetime.combine(local(day).date(), taken, VN_TZ))


def call_next(store: Store, *, station: str, clerk: str, now: datetime | None = None) -> Call:
    """The clerk calls the next citizen: the moment is recorded for the next dossier opened at this station, with
    the day's first imported ticket not yet called or served, when there is one."""
    at = local(now or datetime.now(VN_TZ))
    day = at.date().isoformat()
    with store.atomic() as db:
        taken = {str(n) for (n,) in db.execute(
            "select ticket_number from queue_calls where day = ? and ticket_number is not null "
            "union select ticket_number from dossiers where created_at >= ? and ticket_number is not null",
            [day, day]).fetchall()}
        waiting = [str(n) for (n,) in db.execute(
            "select number from queue_tickets where day = ? and issued_at <= ? order by issued_at, id",
            [day, stamp(at)]).fetchall()]
        number = next((n for n in waiting if n not in taken), "")
        table = db.table("queue_calls")
        table.insert({"station": station, "clerk": clerk, "day": day, "called_at": stamp(at),
                      "ticket_number": number or None})
        return Call(int(table.last_pk), stamp(at), number)  # type: ignore[arg-type]


def attach(db: Database, dossier_id: int, ticket: str, station: str) -> None:
    """Inside the transaction that opens the dossier: its ticket, its arrival (the ticket's time, typed or imported)
    and the station's latest call not yet taken by a dossier (when the clerk pressed "call next number")."""
    row = db.execute("select created_at from dossiers where id = ?", [dossier_id]).fetchone()
    created = local(row[0])
    day = created.date().isoformat()
    number, arrived = parse_ticket(ticket, created)
    call = db.execute("select id, called_at, ticket_number from queue_calls where station = ? and day = ? and "
                      "dossier_id is null and called_at <= ? order by id desc limit 1",
                      [station, day, stamp(created)]).fetchone()
    if not number and call is not None and call[2]:
        number = str(call[2])
    if number and arrived is None:
        found = db.execute("select issued_at from queue_tickets where id = ?", [f"{day}/{number}"]).fetchone()
        arrived = found[0] if found else None
    if call is not None:
        db.execute("update queue_calls set dossier_id = ? where id = ?", [dossier_id, call[0]])
    db.execute("update dossiers set ticket_number = ?, arrived_at = ?, called_at = ? where id = ?",
               [number or None, arrived, call[1] if call is not None else None, dossier_id])
