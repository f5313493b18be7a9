"""The audit trail's head, sent on its own when no dossier has carried it for a while.

Each dossier carries the head as it stood when it was queued; a station that queues nothing for a day would leave
the province a day behind. So the sync worker queues the head here every ``[audit] head_interval_minutes`` when
the trail has moved since the head last given to that destination, and sends it when the network allows, like a
dossier: the row waits in the station's database while offline, a head still waiting is moved forward to the newest
instead of queuing a second one, and a head is never queued twice for a destination (the receiver keeps each head
once too). Sending a head writes no audit entry: the trail would move at every send and never rest.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.audit_anchor import Head, committed_head
from app.core.config import Settings
from app.core.errors import BadInputError
from app.core.storage import now_iso, write_transaction
from app.outbox.adapters.base import HeadDestination
from app.outbox.backoff import RetryPolicy
from app.outbox.model import PermanentFailure, SendFailure, TransientFailure

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger("sohoa.outbox")

QUEUED, SENT, REFUSED = "queued", "sent", "refused"


@dataclass(frozen=True)
class HeadSchedule:
    """Which station the heads are from, and how long (seconds) after one head is queued the next may be."""

    station: str
    interval: float


def head_schedule(settings: Settings) -> HeadSchedule | None:
    """The schedule ``[audit] head_interval_minutes`` asks for (None: 0, heads go only with dossiers)."""
    minutes = settings.audit.head_interval_minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise BadInputError(f"audit.head_interval_minutes = {minutes!r}",
                            message_vi="Cấu hình [audit] head_interval_minutes phải là số phút (số nguyên, 0 để tắt).",
                            message_en="[audit] head_interval_minutes must be a whole number of minutes (0: off).")
    return HeadSchedule(settings.station.station_id, minutes * 60.0) if minutes else None


@dataclass(frozen=True)
class HeadSend:
    id: int
    destination: str
    station: str
    head: Head
    state: str
    failures: int


def _send_row(row: dict[str, object]) -> HeadSend:
    head = Head(int(str(row["last_id"])), int(str(row["entries"])), str(row["last_hash"]))
    return HeadSend(int(str(row["id"])), str(row["destination"]), str(row["station"]), head, str(row["state"]),
                    int(str(row["failures"] or 0)))


def head_sends(db: Database, destination: str | None = None) -> list[HeadSend]:
    where, params = ("destination = ?", [destination]) if destination else ("1", [])
    return [_send_row(r) for r in db.table("audit_head_sends").rows_where(where, params, order_by="id")]


def _recent(db: Database, destination: str, schedule: HeadSchedule, now: float) -> bool:
    """Whether a head was queued for ``destination`` less than the interval ago."""
    last = db.execute("select max(queued_ts) from audit_head_sends where destination = ?", [destination]).fetchone()
    return last[0] is not None and now - float(last[0]) < schedule.interval


def queue_due(db: Database, destinations: Iterable[str], schedule: HeadSchedule, now: float) -> list[int]:
    """Queue the trail's head for each destination whose last head was queued ``schedule.interval`` ago or more and
    which was never given this head; a head still waiting there is moved forward instead. Returns the rows."""
    destinations = list(destinations)
    if all(_recent(db, d, schedule, now) for d in destinations):
        return []  # the usual pass: read only, no write lock taken
    changed = []
    with write_transaction(db):
        head = committed_head(db)
        if head.entries == 0:
            return []
        for destination in destinations:
            if _recent(db, destination, schedule, now):
                continue
            if db.execute("select 1 from audit_head_sends where destination = ? and last_id = ? and last_hash = ?",
                          [destination, head.last_id, head.last_hash]).fetchone():
                continue  # the trail has not moved since: nothing new to give
            values = {"station": schedule.station, **head.as_dict(), "queued_at": now_iso(), "queued_ts": now}
            waiting = db.execute("select id from audit_head_sends where destination = ? and state = ?",
                                 [destination, QUEUED]).fetchone()
            if waiting is not None:
                db.table("audit_head_sends").update(waiting[0], values)
                changed.append(int(waiting[0]))
            else:
                table = db.table("audit_head_sends")
                table.insert({"destination": destination, "state": QUEUED, **values})
                changed.append(int(table.last_pk))  # type: ignore[arg-type]
    return changed


def _finish(db: Database, send: HeadSend, values: dict[str, object]) -> None:
    """Record an attempt's outcome on the row, unless another worker moved it to a newer head meanwhile."""
    sets = ", ".join(f"{k} = ?" for k in values)
    with write_transaction(db):
        db.execute(f"update audit_head_sends set {sets} where id = ? and state = ? and last_id = ? and last_hash = ?",
                   [*values.values(), send.id, QUEUED, send.head.last_id, send.head.last_hash])


def send_due(db: Database, destinations: Mapping[str, HeadDestination], policy: RetryPolicy, now: float,
             offline: set[str]) -> list[SendFailure]:
    """Send every queued head that is due to its destination (skipping those found offline in this pass, and
    adding those found offline now). Returns the failures seen."""
    failures: list[SendFailure] = []
    due = [_send_row(r) for r in db.table("audit_head_sends").rows_where(
        "state = ? and next_attempt_at <= ?", [QUEUED, now], order_by="id")]
    for send in due:
        destination = destinations.get(send.destination)
        if destination is None or send.destination in offline:
            continue
        try:
            destination.send_audit_head(send.station, send.head.as_dict())
        except TransientFailure as failure:
            failures.append(failure)
            count = send.failures + 1
            _finish(db, send, {"failures": count, "next_attempt_at": now + policy.delay(count, failure.retry_after),
                               "reason_code": failure.reason, "detail": failure.detail[:2000]})
            if failure.offline:
                offline.add(send.destination)
            continue
        except PermanentFailure as failure:
            log.warning("audit head %s refused by %s: %s", send.head.last_id, send.destination, failure)
            failures.append(failure)
            _finish(db, send, {"state": REFUSED, "reason_code": failure.reason, "detail": failure.detail[:2000]})
            continue
        _finish(db, send, {"state": SENT, "sent_at": now_iso(), "failures": 0, "reason_code": None, "detail": None})
    return failures
