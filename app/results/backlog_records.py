"""A backlog record's row as it is queued, and its correction once queued. A record the clerk corrects after it was
queued for the citizen's data store (``sohoa results review DIR --confirm N`` with other fields) is not queued
again: its outbox entry not sent yet takes the corrected record in place (the same entry, the same idempotency key,
nothing duplicated); after an entry already sending or sent, the correction is queued as an update of the same
record — for a standalone record the next revision of its entry, which the gateway applies on the same key ``Ma``
(:func:`app.outbox.records.requeue_record`); for a record that went as a dossier's result, an update of the dossier
(``DanhSachGiayToKetQua``, ``isUpdating``) as adding a result sends one, or the dossier's update not sent yet takes
the corrected results. The row, the outbox and the audit entry ``backlog_corrected`` change in one transaction;
the fields corrected join the row's ``corrected`` (the report's "fields the clerk corrected")."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from app.core import audit
from app.core.config import Settings
from app.core.storage import Store, now_iso
from app.dossiers.lifecycle import DossierStatus
from app.outbox.records import NOT_STARTED, requeue_record
from app.results.dossier import RETURNED_STATUS, UPDATABLE, DossierResults, snapshot
from app.results.model import FIELDS

COMPARED = (*FIELDS, "hieu_luc_den")
REPLACED, UPDATE = "replaced", "update"  # the entry not sent yet took the correction; a new update follows


def record_snapshot(row: dict[str, Any]) -> dict[str, Any]:
    """The record as its outbox entry carries it (``dvcqg_kho.KHO_RECORD`` reads these keys)."""
    return {"key": row["record_key"], "result_type": row["result_type"], "owner_id": row["owner_id"] or "",
            "dossier_code": row["dossier_code"] or "", **{k: row[k] or "" for k in COMPARED},
            "vinh_vien": bool(row["vinh_vien"]), "ocr": json.loads(row["ocr"] or "{}"),
            "pdf_name": f"{row['record_key']}.pdf"}


def changes(row: dict[str, Any], record: dict[str, Any]) -> list[str]:
    """What confirming ``record`` would change of the row as it was queued."""
    meta = record["metadata"]
    found = [k for k in COMPARED if str(row[k] or "") != str(meta.get(k) or "")]
    if bool(row["vinh_vien"]) != bool(meta.get("vinh_vien")):
        found.append("vinh_vien")
    if (row["result_type"] or "") != (record.get("result_type") or ""):
        found.append("result_type")
    if (row["owner_id"] or "") != (record.get("owner_id") or ""):
        found.append("owner_id")
    return found


def merged_corrected(row: dict[str, Any], record: dict[str, Any]) -> list[str]:
    """The fields corrected so far: before queuing, and by this correction."""
    done = set(json.loads(row["corrected"] or "[]")) | set(record.get("corrected") or []) | set(changes(row, record))
    return [f for f in FIELDS if f in done]


@dataclass
class Correction:
    changed: list[str]
    corrected: list[str]  # every field the clerk corrected of what OCR read, this correction's included
    entries: list[dict[str, Any]] = field(default_factory=list)  # {destination, entry, how: REPLACED|UPDATE}

    @property
    def how(self) -> str:
        return REPLACED if self.entries and all(e["how"] == REPLACED for e in self.entries) else UPDATE


def correct(store: Store, settings: Settings, row: dict[str, Any], record: dict[str, Any]) -> Correction:
    """Correct the queued record of ``row`` to ``record`` (as :meth:`ReviewQueue.prepare` made it); ``record``'s
    ``corrected`` becomes the fields corrected so far. Raises, writing nothing, when the correction cannot be sent."""
    changed = changes(row, record)
    fixed = Correction(changed, merged_corrected(row, record))
    record["corrected"] = fixed.corrected
    meta = record["metadata"]
    values = {**{k: meta.get(k) or "" for k in COMPARED}, "vinh_vien": int(bool(meta.get("vinh_vien"))),
              "result_type": record.get("result_type") or "", "owner_id": record.get("owner_id") or "",
              "corrected": json.dumps(fixed.corrected)}
    results = DossierResults(store, settings)
    kind = ("", "")
    if row["result_id"]:  # a result of a dossier: its type must stay one of the procedure's
        dossier = results.dossiers.get(int(store.db.table("results").get(row["result_id"])["dossier_id"]))
        kind = results.result_type(dossier, str(values["result_type"]))
    with store.atomic() as db:
        db.table("backlog_records").update(row["id"], values)
        fresh = dict(db.table("backlog_records").get(row["id"]))
        if row["result_id"]:
            fixed.entries = _correct_result(db, results, fresh, kind)
        else:
            fixed.entries = [{"destination": d, "entry": e, "how": REPLACED if replaced else UPDATE}
                             for d, e, replaced in requeue_record(db, fresh["record_key"], record_snapshot(fresh))]
        audit.record(db, audit.Action.BACKLOG_CORRECTED, clerk=settings.station.clerk,
                     station=settings.station.station_id, dossier_code=fresh["dossier_code"] or None,
                     details={"record": fresh["record_key"], "changed": changed, "corrected": fixed.corrected,
                              "entries": fixed.entries})
    return fixed


def _correct_result(db: Database, results: DossierResults, row: dict[str, Any],
                    kind: tuple[str, str]) -> list[dict[str, Any]]:
    """The dossier's result takes the corrected record; each destination's update not sent yet takes the results
    in place, the others get a new update of the dossier."""
    code, name = kind
    db.table("results").update(row["result_id"], {**{k: row[k] for k in COMPARED}, "vinh_vien": row["vinh_vien"],
                                                  "code": code, "name": name})
    dossier_id = int(db.table("results").get(row["result_id"])["dossier_id"])
    current = [snapshot(r) for r in db.table("results").rows_where("dossier_id = ?", [dossier_id], order_by="id")]
    entries: list[dict[str, Any]] = []
    replaced: set[str] = set()
    for entry_id, destination, state, remote_id, revision, payload in list(db.execute(
            "select id, destination, state, remote_id, revision, payload from outbox_entries e where dossier_id = ? "
            "and revision = (select max(revision) from outbox_entries where dossier_id = e.dossier_id and "
            "destination = e.destination) order by destination", [dossier_id])):
        if destination not in UPDATABLE or revision == 0 or state not in NOT_STARTED or remote_id:
            continue
        data = {**json.loads(payload), "results": current}
        db.table("outbox_entries").update(entry_id, {"payload": json.dumps(data, ensure_ascii=False),
                                                     "updated_at": now_iso()})
        db.table("outbox_events").insert({"entry_id": entry_id, "at": now_iso(), "event": "corrected",
                                          "detail": destination})
        entries.append({"destination": destination, "entry": entry_id, "how": REPLACED})
        replaced.add(destination)
    status = db.execute("select status from dossiers where id = ?", [dossier_id]).fetchone()[0]
    others = frozenset(UPDATABLE - replaced)
    for destination in results.send_update(db, dossier_id, RETURNED_STATUS if status == DossierStatus.RETURNED.value
                                           else None, only=others):
        entry = db.execute("select max(id) from outbox_entries where dossier_id = ? and destination = ?",
                           [dossier_id, destination]).fetchone()[0]
        entries.append({"destination": destination, "entry": entry, "how": UPDATE})
    return entries
