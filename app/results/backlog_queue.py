"""Confirmed backlog records go to the citizen's data store, each exactly once. A record whose separator sheet named
a dossier of this station that still takes results becomes a result of that dossier (sent as the dossier's update,
``DanhSachGiayToKetQua``); any other becomes a standalone result record (``app.outbox.records``) for every
destination that takes one. Its row in ``backlog_records`` (unique by batch and document) is written when the clerk
confirms it and marked queued in the same transaction as the outbox entry or the dossier's result, so confirming
again, a crash between the steps, or a batch run again never queues it twice; what a crash left confirmed but not
queued is queued by the next review. What is queued is the PDF stamped as a copy from paper to electronic
(:mod:`app.results.backlog_seal`): a stamp that cannot be made leaves the record confirmed, not queued. A record
corrected once queued is sent corrected, never twice (:mod:`app.results.backlog_records`). The rows also feed the
report (the backlog's progress, the corrections)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app.core import audit
from app.core.config import Settings
from app.core.errors import BadInputError, SohoaError
from app.core.files import atomic_write_bytes, sha256_file
from app.core.storage import Store, now_iso
from app.dossiers.lifecycle import can_add_result
from app.outbox.model import OutboxError, OutboxFile
from app.outbox.records import enqueue_record
from app.results.backlog_records import COMPARED, correct, merged_corrected, record_snapshot
from app.results.backlog_records import changes as record_changes
from app.results.backlog_seal import BacklogSeal
from app.results.dossier import DossierResults
from app.results.model import LABELS_VI, ResultMeta
from app.results.review import CONFIRMED, ReviewQueue
from app.results.seal import COPY, Signer
from app.signing.pin import PinProvider

RECORD_DESTINATIONS = frozenset({"dvcqg"})  # destinations that take a standalone result record
WAITING, AS_RECORD, AS_RESULT = "waiting", "record", "dossier_result"


@dataclass
class Queued:
    document: int
    key: str
    how: str  # AS_RECORD, AS_RESULT, or WAITING (no destination takes a standalone record yet)
    destinations: list[str]
    dossier_code: str = ""
    already: bool = False
    correction: str = ""  # a record corrected once queued: "replaced" (in its entry not sent yet) or "update"

    def as_json(self) -> dict[str, Any]:
        return {"document": self.document, "key": self.key, "how": self.how, "destinations": self.destinations,
                "dossier_code": self.dossier_code, "already": self.already, "correction": self.correction or None}


class BacklogSender:
    """The confirm-and-queue verbs on one batch folder, for the station's ``store``; ``signer`` and ``pin`` stamp
    the copies (default: the station's certificate; the window passes its day session's)."""

    def __init__(self, store: Store, settings: Settings, batch: ReviewQueue, *, signer: Signer | None = None,
                 pin: PinProvider | None = None) -> None:
        self.store = store
        self.settings = settings
        self.batch = batch
        self.batch_id = batch.batch_id()
        self.seal = BacklogSeal(store, settings, signer, pin)

    def key(self, n: int) -> str:
        return f"{self.batch_id}-{n:03d}"

    def row(self, n: int) -> dict[str, Any] | None:
        rows = list(self.store.db.table("backlog_records").rows_where("batch_id = ? and document = ?",
                                                                       [self.batch_id, n]))
        return rows[0] if rows else None

    def confirm(self, n: int, changes: dict[str, str | None], *, result_type: str = "", vinh_vien: bool = False,
                owner_id: str | None = None) -> tuple[dict[str, Any], list[Queued]]:
        """Confirm document ``n`` (as :meth:`ReviewQueue.confirm`) and queue it with every confirmed record not
        queued yet; a record already queued and now changed is corrected where it is queued. Bad input writes
        nothing."""
        record = self.batch.prepare(n, changes, result_type=result_type, vinh_vien=vinh_vien, owner_id=owner_id)
        if not record["result_type"]:
            raise BadInputError(str(n), message_vi=f"Tài liệu {n:03d} chưa có mã loại kết quả (ví dụ KQ.G15.000034): "
                                "ghi mã vào ô loại kết quả (dòng lệnh: --type) để gửi vào kho dữ liệu của công dân.",
                                message_en=f"Document {n:03d} has no result type (e.g. KQ.G15.000034): type it "
                                "in the result type (command line: --type) to send it to the citizen's data store.")
        if not record["metadata"]["so_ky_hieu"]:
            raise BadInputError(str(n), message_vi=f"Tài liệu {n:03d} chưa có {LABELS_VI['so_ky_hieu']}: ghi vào ô "
                                "số ký hiệu (dòng lệnh: --so-ky-hieu).", message_en=f"Document {n:03d} has no number: "
                                "type it in the number (command line: --so-ky-hieu).")
        row = self.row(n)
        if row is not None and (row["entry_id"] or row["result_id"]):
            if record_changes(row, record):
                return record, [self._correct(n, row, record)]
            return json.loads(self.batch.docs.joinpath(f"{n:03d}.json").read_text(encoding="utf-8")), \
                self.queue_confirmed()
        self.batch.write(n, record)
        self._keep(n, record)
        return record, self.queue_confirmed()

    def _correct(self, n: int, row: dict[str, Any], record: dict[str, Any]) -> Queued:
        """The record already queued, corrected: the batch's file first (a stop before the station's transaction is
        caught up by the next review), put back when the correction is refused."""
        record.update(corrected=merged_corrected(row, record), corrected_at=now_iso())
        path = self.batch.docs / f"{n:03d}.json"
        before = path.read_bytes()
        self.batch.write(n, record)
        try:
            fixed = correct(self.store, self.settings, row, record)
        except BaseException:
            atomic_write_bytes(path, before)
            raise
        return Queued(n, row["record_key"], AS_RESULT if row["result_id"] else AS_RECORD,
                      sorted({e["destination"] for e in fixed.entries}), row["dossier_code"] or "", True, fixed.how)

    def _keep(self, n: int, record: dict[str, Any]) -> None:
        """The confirmed record's row (its PDF copied into the station's data folder first), not queued yet."""
        source = self.batch.docs / str(record.get("pdf") or f"{n:03d}.pdf")
        if not source.is_file():
            raise BadInputError(str(source), message_vi=f"Thiếu tệp PDF của tài liệu {n:03d} trong lô.",
                                message_en=f"Document {n:03d}'s PDF is missing from the batch.")
        relative = f"backlog/{self.batch_id}/{n:03d}.pdf"
        target = self.store.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, source.read_bytes())
        sha = sha256_file(target)
        meta = record["metadata"]
        values = {
            "batch_id": self.batch_id, "document": n, "record_key": self.key(n), "result_type": record["result_type"],
            "dossier_code": record.get("dossier_code") or "", "owner_id": record.get("owner_id") or "",
            **{k: meta.get(k) or "" for k in COMPARED}, "vinh_vien": int(bool(meta.get("vinh_vien"))),
            "ocr": json.dumps(record.get("ocr") or {}, ensure_ascii=False),
            "corrected": json.dumps(record.get("corrected") or []), "pages": len(record.get("pages") or []),
            "pdf_path": relative, "pdf_sha256": sha, "pdf_size": target.stat().st_size,
            "clerk": self.settings.station.clerk, "station": self.settings.station.station_id,
            "confirmed_at": record.get("confirmed_at") or now_iso(), "queued_at": "",
        }
        with self.store.atomic() as db:
            known = db.execute("select id, entry_id, result_id from backlog_records where batch_id = ? and "
                               "document = ?", [self.batch_id, n]).fetchone()
            if known is not None and (known[1] or known[2]):
                return  # queued meanwhile (another review): it stays as queued
            if known is None:
                db.table("backlog_records").insert(values)
            else:
                db.table("backlog_records").update(known[0], values)
            audit.record(db, audit.Action.BACKLOG_CONFIRMED, clerk=self.settings.station.clerk,
                         station=self.settings.station.station_id, dossier_code=values["dossier_code"] or None,
                         details={"record": values["record_key"], "result_type": values["result_type"],
                                  "so_ky_hieu": values["so_ky_hieu"], "sha256": sha,
                                  "corrected": record.get("corrected") or []})

    def queue_confirmed(self) -> list[Queued]:
        """Queue every confirmed record of the batch not queued yet (those a crash left behind included), and send
        the corrections of those queued that the window's review confirmed again with other fields."""
        done = []
        for n, record in self.batch.records():
            if record.get("state") != CONFIRMED or not record.get("result_type"):
                continue
            row = self.row(n)
            if row is None:
                self._keep(n, record)
                row = self.row(n)
            if row is None:
                continue
            if row["entry_id"] or row["result_id"]:
                if record_changes(row, record):  # confirmed again in the window's review since it was queued
                    done.append(self._correct(n, row, record))
                continue
            done.append(self._queue(row))
        return done

    def _takes_result(self, code: str, result_type: str) -> bool:
        """A dossier of this station that still takes results, of a type its procedure has."""
        found = list(self.store.db.table("dossiers").rows_where("code = ?", [code]))
        if not found or not can_add_result(found[0]):
            return False
        try:
            DossierResults(self.store, self.settings).ready(code, result_type)
        except SohoaError:  # not one of the procedure's result types, say: it goes on its own
            return False
        return True

    def _queue(self, row: dict[str, Any]) -> Queued:
        code = row["dossier_code"] or ""
        if code and self._takes_result(code, row["result_type"]):
            return self._as_result(row, code)
        targets = [d for d in self.settings.sync.targets if d in RECORD_DESTINATIONS]
        if not targets:
            return Queued(row["document"], row["record_key"], WAITING, [], code)
        sealed = self.seal.stamp(row["document"], row["pdf_path"])
        stamped = self.store.path(sealed)
        file = OutboxFile(f"{row['record_key']}.pdf", Path(sealed), sha256_file(stamped), stamped.stat().st_size,
                          component="result_record")
        try:
            with self.store.atomic() as db:
                db.table("backlog_records").update(row["id"], {"pdf_path": sealed, "pdf_sha256": file.sha256,
                                                               "pdf_size": file.size})
                entries = [enqueue_record(db, row["record_key"], record_snapshot(row), file, d) for d in targets]
                self._mark(db, row["id"], entry_id=entries[0])
                audit.record(db, audit.Action.QUEUED, clerk=self.settings.station.clerk,
                             station=self.settings.station.station_id, dossier_code=code or None,
                             details={"record": row["record_key"], "destinations": targets, "entries": entries,
                                      "seal": COPY, "files": [{"name": file.name, "sha256": file.sha256}]})
        except BaseException:
            stamped.unlink(missing_ok=True)
            raise
        self.store.path(row["pdf_path"]).unlink(missing_ok=True)  # the copy stamped is what is kept and sent
        return Queued(row["document"], row["record_key"], AS_RECORD, targets, code)

    def _as_result(self, row: dict[str, Any], code: str) -> Queued:
        meta = ResultMeta(**{k: row[k] or "" for k in COMPARED}, vinh_vien=bool(row["vinh_vien"]))
        added = DossierResults(self.store, self.settings, None, self.seal.checked_signer(row["document"])).add(
            code, row["result_type"], self.store.path(row["pdf_path"]), meta, seal=COPY, pin=self.seal.pin,
            also=lambda db, result_id: self._mark(db, row["id"], result_id=result_id))
        return Queued(row["document"], row["record_key"], AS_RESULT, added.queued, code)

    @staticmethod
    def _mark(db: Database, row_id: int, *, entry_id: int | None = None, result_id: int | None = None) -> None:
        """Mark the row queued, in the queuing transaction; a row queued meanwhile rolls the whole step back."""
        moved = db.execute("update backlog_records set entry_id = ?, result_id = ?, queued_at = ? where id = ? and "
                           "entry_id is null and result_id is null", [entry_id, result_id, now_iso(), row_id])
        if moved.rowcount != 1:
            raise OutboxError(str(row_id), message_vi="Tài liệu này đã được đưa vào hàng đợi gửi.",
                              message_en="This record is already queued.")
