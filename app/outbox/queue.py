"""The transactional outbox in the station's SQLite: enqueue inside the caller's transaction, claim with a lease,
record the outcome. Every change is one transaction guarded by the entry's current state."""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import PurePath
from typing import Any

from sqlite_utils import Database

from app.core.audit import Action, current_head, record
from app.core.storage import now_iso, write_transaction
from app.outbox.model import (
    TRANSITIONS,
    Entry,
    EntryFile,
    OutboxError,
    OutboxFile,
    Receipt,
    SendFailure,
    State,
)

PAYLOAD_FIELDS = ("code", "procedure_code", "procedure_name", "applicant_id", "applicant_name", "applicant_phone",
                  "applicant_address", "applicant_email", "station", "clerk", "created_at", "finished_at",
                  "appointment_at")
COMPONENT_FIELDS = ("code", "name", "category", "status", "must_digitize", "exempt_reason", "result_code")
REUSED_FROM_STORE = 1  # DuocTaiSuDung: 1 = from the data store (2 would be from another dossier)


@contextmanager
def _worker_write(db: Database) -> Iterator[None]:
    """The sync worker's own bookkeeping commits without waiting for the disk (WAL, synchronous=NORMAL): it stays
    atomic and visible to other workers at once, and losing the last ones to a power cut only makes the worker
    send a dossier again, which the destination's idempotency absorbs. Dossier data keeps the station's FULL sync."""
    if db.conn.in_transaction:
        with write_transaction(db):
            yield
        return
    db.execute("pragma synchronous = normal")
    try:
        with write_transaction(db):
            yield
    finally:
        db.execute("pragma synchronous = full")


def _event(db: Database, entry_id: int, event: str, detail: str = "") -> None:
    db.table("outbox_events").insert({"entry_id": entry_id, "at": now_iso(), "event": event, "detail": detail})


def audit_entry(db: Database, action: Action, entry_id: int, details: dict[str, Any], clerk: str = "") -> None:
    """An audit-trail entry for what happened to a queued dossier, in the caller's transaction."""
    row = db.execute("select e.dossier_code, d.clerk, d.station from outbox_entries e "
                     "left join dossiers d on d.id = e.dossier_id where e.id = ?", [entry_id]).fetchone()
    if row is not None:
        record(db, action, clerk=clerk or row[1] or "", station=row[2] or "", dossier_code=row[0],
               details={"entry": entry_id, **details})


def _unique_names(files: Sequence[OutboxFile]) -> list[str]:
    seen: set[str] = set()
    names = []
    for f in files:
        name, n = f.name, 1
        while name in seen:
            n += 1
            stem, dot, ext = f.name.rpartition(".")
            name = f"{stem}-{n}.{ext}" if dot else f"{f.name}-{n}"
        seen.add(name)
        names.append(name)
    return names


def enqueue_dossier(db: Database, dossier_id: int, files: Sequence[OutboxFile], destination: str, *,
                    update: bool = False, extra: Mapping[str, Any] | None = None) -> int:
    """Queue a finished dossier for ``destination``. Call it inside the caller's ``store.atomic()``, in the same
    transaction as the dossier's state change, so finishing and queuing commit together or not at all.
    ``update``: a later change of a dossier already queued there (results, return), sent after the earlier
    entries as an update (``is_update`` in the payload), under its own idempotency key. ``extra``: more of the
    snapshot (an update's results, the dossier's status code)."""
    if not db.conn.in_transaction:
        raise OutboxError("enqueue_dossier outside a transaction",
                          message_vi="Lỗi lập trình: phải đưa hồ sơ vào hàng đợi trong cùng giao dịch.",
                          message_en="Programming error: queue the dossier inside the caller's transaction.")
    if not files:
        raise OutboxError("no files", message_vi="Hồ sơ không có tệp nào để gửi.",
                          message_en="The dossier has no file to send.")
    rows = list(db.table("dossiers").rows_where("id = ?", [dossier_id]))
    if not rows:
        raise OutboxError(f"dossier {dossier_id}", message_vi="Không tìm thấy hồ sơ.", message_en="No such dossier.")
    dossier = rows[0]
    revision = db.execute("select max(revision) from outbox_entries where dossier_id = ? and destination = ?",
                          [dossier_id, destination]).fetchone()[0]
    if revision is not None and not update:
        raise OutboxError(dossier["code"], message_vi=f"Hồ sơ {dossier['code']} đã có trong hàng đợi gửi.",
                          message_en=f"Dossier {dossier['code']} is already in the outbox.")
    if revision is None and update:
        raise OutboxError(dossier["code"], message_vi=f"Hồ sơ {dossier['code']} chưa được gửi nên chưa thể gửi "
                          "cập nhật.", message_en=f"Dossier {dossier['code']} was never queued: nothing to update.")
    payload = {k: dossier.get(k) for k in PAYLOAD_FIELDS}
    payload["components"] = [f.component for f in files]
    payload["is_update"] = update
    payload.update(dossier_snapshot(db, dossier_id))
    payload.update(extra or {})
    payload["audit_head"] = current_head(db)  # the province keeps it: a trail cut later no longer reaches it
    now = now_iso()
    table = db.table("outbox_entries")
    table.insert({
        "dossier_id": dossier_id, "dossier_code": dossier["code"], "destination": destination,
        "idempotency_key": str(uuid.uuid4()), "state": State.QUEUED.value,
        "revision": 0 if revision is None else revision + 1,
        "payload": json.dumps(payload, ensure_ascii=False), "attempts": 0, "failures": 0, "next_attempt_at": 0.0,
        "created_at": now, "updated_at": now,
    })
    entry_id = int(table.last_pk)  # type: ignore[arg-type]
    for position, (f, name) in enumerate(zip(files, _unique_names(files), strict=True), start=1):
        db.table("outbox_files").insert({
            "entry_id": entry_id, "position": position, "name": name, "component": f.component,
            "path": PurePath(f.path).as_posix(), "sha256": f.sha256, "size": f.size, "media_type": f.media_type,
        })
    _event(db, entry_id, "queued", destination)
    audit_entry(db, Action.QUEUED, entry_id, {"destination": destination,
                                              "files": [{"name": f.path.name, "sha256": f.sha256} for f in files]})
    return entry_id


def dossier_snapshot(db: Database, dossier_id: int) -> dict[str, Any]:
    """What a reuse or an identity check adds to an entry's snapshot: every component (those without a file,
    exempt or reused, too) with its reuse reference, and whether the applicant's e-ID account was verified."""
    reused = {r["component_id"]: r for r in db.query(
        "select r.* from component_reuse r join components c on c.id = r.component_id where c.dossier_id = ?",
        [dossier_id])}
    components = []
    for c in db.table("components").rows_where("dossier_id = ?", [dossier_id], order_by="position, id"):
        item = {k: c.get(k) for k in COMPONENT_FIELDS}
        ref = reused.get(c["id"])
        if ref is not None:
            item.update(reused=REUSED_FROM_STORE, from_data_store=ref["verification"] == "verified",
                        replacing_result_code=ref["result_code"] or "", so_ky_hieu=ref["so_ky_hieu"] or "",
                        reuse_verification=ref["verification"])
        components.append(item)
    row = db.execute("select identity_known, vneid_account from dossiers where id = ?", [dossier_id]).fetchone()
    return {"dossier_components": components, "vneid_verified": bool(row and row[0] and row[1])}


def refresh_snapshot(db: Database, dossier_id: int) -> int:
    """A reuse verified after the dossier was queued: the entries not yet started take the new snapshot (those
    the destination already began receiving keep theirs). Returns how many changed."""
    changed = 0
    for entry_id, payload, remote_id, state in list(db.execute(
            "select id, payload, remote_id, state from outbox_entries where dossier_id = ?", [dossier_id])):
        if remote_id or state in (State.SENT.value, State.SENDING.value, State.CANCELLED.value):
            continue
        db.table("outbox_entries").update(entry_id, {"payload": json.dumps(
            {**json.loads(payload), **dossier_snapshot(db, dossier_id)}, ensure_ascii=False)})
        changed += 1
    return changed


def _files(db: Database, entry_id: int) -> list[EntryFile]:
    return [EntryFile.from_row(r) for r in
            db.table("outbox_files").rows_where("entry_id = ?", [entry_id], order_by="position")]


def get_entry(db: Database, entry_id: int) -> Entry:
    rows = list(db.table("outbox_entries").rows_where("id = ?", [entry_id]))
    if not rows:
        raise OutboxError(f"entry {entry_id}", message_vi="Không có mục này trong hàng đợi.",
                          message_en="No such outbox entry.")
    return Entry.from_row(rows[0], _files(db, entry_id))


def entries_for_code(db: Database, code: str) -> list[Entry]:
    rows = list(db.table("outbox_entries").rows_where("dossier_code = ?", [code], order_by="id"))
    if not rows:
        raise OutboxError(code, message_vi=f"Hồ sơ {code} không có trong hàng đợi gửi.",
                          message_en=f"Dossier {code} is not in the outbox.")
    return [Entry.from_row(r, _files(db, r["id"])) for r in rows]


def list_entries(db: Database, states: Iterable[State] | None = None) -> list[Entry]:
    wanted = [s.value for s in states] if states is not None else [s.value for s in State]
    marks = ",".join("?" for _ in wanted)
    rows = db.table("outbox_entries").rows_where(f"state in ({marks})", wanted, order_by="id")
    return [Entry.from_row(r, _files(db, r["id"])) for r in rows]


def counts(db: Database) -> dict[State, int]:
    found = {State(s): n for s, n in db.execute("select state, count(*) from outbox_entries group by state")}
    return {s: found.get(s, 0) for s in State}


def next_due(db: Database) -> float | None:
    """When the earliest queued entry may be tried (epoch seconds), or None when nothing waits."""
    row = db.execute("select min(next_attempt_at) from outbox_entries where state = 'queued'").fetchone()
    return None if row[0] is None else float(row[0])


def _move(db: Database, entry_id: int, to: State, values: dict[str, Any], *, owner: str | None = None) -> bool:
    sources = [s.value for s, targets in TRANSITIONS.items() if to in targets]
    marks = ",".join("?" for _ in sources)
    sets = ", ".join(f"{k} = ?" for k in values)
    sql = f"update outbox_entries set state = ?, updated_at = ?{', ' + sets if sets else ''} " \
          f"where id = ? and state in ({marks})"
    params: list[Any] = [to.value, now_iso(), *values.values(), entry_id, *sources]
    if owner is not None:
        sql += " and lease_owner = ?"
        params.append(owner)
    return db.execute(sql, params).rowcount == 1


def lease_owner() -> str:
    """Who holds a lease: host, process and a token unique to this worker."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim_next(db: Database, owner: str, now: float, lease_seconds: float, destinations: Iterable[str],
               due_before: float | None = None) -> Entry | None:
    """Take the next due entry for one of ``destinations``: queued and due (by ``due_before``, default now), or
    sending under an expired lease. A pass passes its start time so that it tries each entry at most once."""
    dests = list(destinations)
    if not dests:
        return None
    with _worker_write(db):
        where = (f"destination in ({','.join('?' for _ in dests)}) and "
                 f"((state = 'queued' and next_attempt_at <= ?) or (state = 'sending' and lease_until < ?)) and "
                 "not exists (select 1 from outbox_entries e where (e.dossier_id = outbox_entries.dossier_id or "
                 "(e.dossier_id is null and outbox_entries.dossier_id is null and "
                 "e.dossier_code = outbox_entries.dossier_code)) "  # a standalone record: by its key
                 "and e.destination = outbox_entries.destination and e.revision < outbox_entries.revision "
                 "and e.state not in ('sent', 'cancelled'))")  # an update waits for what it updates
        params: list[Any] = [*dests, now if due_before is None else due_before, now]
        rows = list(db.execute(f"select id, state from outbox_entries where {where} "
                               "order by next_attempt_at, id limit 1", params))
        if not rows:
            return None
        entry_id, state = rows[0]
        cursor = db.execute(
            "update outbox_entries set state = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1, "
            "first_attempt_at = coalesce(first_attempt_at, ?), updated_at = ? where id = ? and state = ?",
            [owner, now + lease_seconds, now_iso(), now_iso(), entry_id, state])
        if cursor.rowcount != 1:
            return None
        _event(db, entry_id, "claimed", owner)
        return get_entry(db, entry_id)


def renew_lease(db: Database, entry_id: int, owner: str, until: float) -> bool:
    with _worker_write(db):
        return db.execute("update outbox_entries set lease_until = ? where id = ? and state = 'sending' "
                          "and lease_owner = ?", [until, entry_id, owner]).rowcount == 1


def release_dead_leases(db: Database, alive: Any) -> int:
    """Give back entries whose worker on this host has died (kill -9, power loss): ``alive(pid) -> bool``."""
    host = socket.gethostname()
    released = 0
    with write_transaction(db):
        for row in list(db.table("outbox_entries").rows_where("state = 'sending'")):
            parts = (row["lease_owner"] or "").rsplit(":", 2)
            if len(parts) == 3 and parts[0] == host and parts[1].isdigit() and not alive(int(parts[1])):
                if _move(db, row["id"], State.QUEUED, {"lease_owner": None, "lease_until": None}):
                    _event(db, row["id"], "lease_released", row["lease_owner"])
                    released += 1
    return released


def record_remote_id(db: Database, entry_id: int, remote_id: str) -> None:
    with _worker_write(db):
        db.execute("update outbox_entries set remote_id = ? where id = ?", [remote_id, entry_id])


def mark_sent(db: Database, entry_id: int, receipt: Receipt, now: float) -> bool:
    with _worker_write(db):
        moved = _move(db, entry_id, State.SENT, {
            "remote_id": receipt.remote_id, "remote_received_at": receipt.received_at,
            "receipt": json.dumps(receipt.raw, ensure_ascii=False), "sent_at": now_iso(), "acked_ts": now,
            "lease_owner": None, "lease_until": None, "failures": 0, "reason_code": None, "reason_vi": None,
            "reason_en": None, "detail": None,
        })
        if moved:
            _event(db, entry_id, "sent", receipt.remote_id)
            audit_entry(db, Action.SENT, entry_id, {"remote_id": receipt.remote_id,
                                                    "received_at": receipt.received_at}, clerk="sync")
        return moved


def mark_retry(db: Database, entry_id: int, owner: str, failure: SendFailure, failures: int, at: float) -> bool:
    with _worker_write(db):
        moved = _move(db, entry_id, State.QUEUED, {
            "failures": failures, "next_attempt_at": at, "lease_owner": None, "lease_until": None,
            "reason_code": failure.reason, "reason_vi": failure.message_vi, "reason_en": failure.message_en,
            "detail": failure.detail[:2000],
        }, owner=owner)
        if moved:
            _event(db, entry_id, "retry", f"{failure.reason}: {failure.detail}"[:2000])
        return moved


def mark_attention(db: Database, entry_id: int, owner: str, failure: SendFailure) -> bool:
    with write_transaction(db):
        moved = _move(db, entry_id, State.NEEDS_ATTENTION, {
            "lease_owner": None, "lease_until": None, "reason_code": failure.reason,
            "reason_vi": failure.message_vi, "reason_en": failure.message_en, "detail": failure.detail[:2000],
        }, owner=owner)
        if moved:
            _event(db, entry_id, "needs_attention", f"{failure.reason}: {failure.detail}"[:2000])
        return moved


def defer_destination(db: Database, destination: str, at: float) -> None:
    """The destination is unreachable: entries due before ``at`` wait until then (not counted as failures)."""
    with _worker_write(db):
        db.execute("update outbox_entries set next_attempt_at = ? where destination = ? and state = 'queued' "
                   "and next_attempt_at < ?", [at, destination, at])


def make_due_now(db: Database) -> int:
    """A clerk asked to sync now: every queued entry is due at once."""
    with write_transaction(db):
        return db.execute("update outbox_entries set next_attempt_at = 0 where state = 'queued'").rowcount


def retry(db: Database, code: str) -> list[Entry]:
    """Put a dossier's entries that need attention (or were cancelled) back in the queue, due now."""
    changed = []
    with write_transaction(db):
        for entry in entries_for_code(db, code):
            if entry.state in (State.NEEDS_ATTENTION, State.CANCELLED, State.QUEUED):
                values = {"next_attempt_at": 0.0, "failures": 0}
                if entry.state is State.QUEUED:
                    db.table("outbox_entries").update(entry.id, values)
                else:
                    _move(db, entry.id, State.QUEUED, values)
                _event(db, entry.id, "retry_by_hand")
                changed.append(entry)
    if not changed:
        raise OutboxError(code, message_vi=f"Hồ sơ {code} đang gửi hoặc đã gửi; không cần gửi lại.",
                          message_en=f"Dossier {code} is being sent or was sent; nothing to retry.")
    return changed


def cancel(db: Database, code: str) -> list[Entry]:
    """Stop sending a dossier (only while it is queued or needs attention)."""
    changed = []
    with write_transaction(db):
        for entry in entries_for_code(db, code):
            if entry.state in (State.QUEUED, State.NEEDS_ATTENTION) and _move(db, entry.id, State.CANCELLED, {}):
                _event(db, entry.id, "cancelled_by_hand")
                changed.append(entry)
    if not changed:
        raise OutboxError(code, message_vi=f"Không thể hủy gửi hồ sơ {code}: hồ sơ đang gửi hoặc đã gửi.",
                          message_en=f"Cannot cancel dossier {code}: it is being sent or was sent.")
    return changed


def update_file(db: Database, dossier_id: int, path: str, sha256: str, size: int) -> int:
    """A follow-up (e.g. a signature timestamp) rewrote a queued file: record its new checksum. Call inside the
    follow-up's own transaction. Refused once the destination has opened a submission for the entry (it knows the
    old checksum); a claim that stopped before that (e.g. waiting for this very follow-up) does not count."""
    rows = list(db.execute(
        "select f.id, e.remote_id, e.state from outbox_files f join outbox_entries e on e.id = f.entry_id "
        "where e.dossier_id = ? and f.path = ?", [dossier_id, PurePath(path).as_posix()]))
    if any(started or state == State.SENT.value for _, started, state in rows):
        raise OutboxError(path, message_vi="Tệp đã bắt đầu được gửi đi; không thể thay đổi.",
                          message_en="The file has already started uploading; it cannot change now.")
    for file_id, _, _ in rows:
        db.table("outbox_files").update(file_id, {"sha256": sha256, "size": size})
    return len(rows)
