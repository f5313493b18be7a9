"""What the counter service answers with: the outcome of a scan, a row of today's list, the counter time, and the
refusal when a dossier is not ready for what was asked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.core.errors import ExitCode, SohoaError
from app.core.storage import VN_TZ
from app.dossiers.lifecycle import ComponentStatus, DossierStatus
from app.dossiers.model import PageRecord
from scanner import DeviceError
from scanner.errors import ScanCancelled

if TYPE_CHECKING:
    from sqlite_utils import Database


class NotReady(SohoaError):
    exit_code = ExitCode.BLOCKED
    message_vi = "Hồ sơ chưa đủ điều kiện để hoàn tất."
    message_en = "The dossier is not ready to be finished."


@dataclass
class ScanOutcome:
    pages: list[PageRecord] = field(default_factory=list)
    error: DeviceError | None = None

    @property
    def cancelled(self) -> bool:
        return isinstance(self.error, ScanCancelled)


@dataclass
class DossierSummary:
    id: int
    code: str
    applicant: str
    procedure_code: str
    procedure_name: str
    status: str
    created_at: str
    receipt_printed_at: str
    seconds: int
    ended_at: str = ""  # when the citizen left the counter (see :func:`counter_end`); "" while still there

    @classmethod
    def of(cls, row: Mapping[str, Any], sending: Mapping[str, str]) -> DossierSummary:
        """A dossier row for today's list; a queued dossier shows its outbox state (``sending`` by code)."""
        status = sending.get(row["code"], row["status"]) if row["status"] == DossierStatus.QUEUED else row["status"]
        ended = counter_end(row)
        return cls(row["id"], row["code"], row["applicant_name"] or "", row["procedure_code"] or "",
                   row["procedure_name"] or "", status, row["created_at"], row["receipt_printed_at"] or "",
                   elapsed_seconds(row["created_at"], ended), ended)


def counter_end(dossier: Mapping[str, Any]) -> str:
    """When the counter's work with the citizen ended: the receipt printed, or the refusal (Mẫu 03) issued."""
    if dossier["status"] == DossierStatus.REFUSED:
        return str(dossier["finished_at"] or "")
    return str(dossier["receipt_printed_at"] or "")


def elapsed_seconds(created_at: str, ended_at: str = "", now: datetime | None = None) -> int:
    """Counter time: from the dossier's creation to its receipt (or to now while the citizen is still there)."""
    start = datetime.fromisoformat(created_at)
    end = datetime.fromisoformat(ended_at) if ended_at else (now or datetime.now(VN_TZ))
    return max(0, int((end - start).total_seconds()))


def todays_dossiers(db: Database, now: datetime | None = None) -> list[DossierSummary]:
    """Today's dossiers at this station, newest first; a queued one shows its outbox state. Light on purpose: the
    window fills its list with this before the counter's heavy parts (OCR, signing, pipeline) have loaded."""
    day = (now or datetime.now(VN_TZ)).astimezone(VN_TZ).date().isoformat()
    sending: dict[str, str] = {}
    if db.table("outbox_entries").exists():
        sending = {str(code): str(state) for code, state in
                   db.execute("select dossier_code, state from outbox_entries order by id").fetchall()}
    rows = db.table("dossiers").rows_where("created_at >= ?", [day], order_by="created_at desc")
    return [DossierSummary.of(row, sending) for row in rows]


@dataclass(frozen=True)
class Unfinished:
    """A dossier left open at the counter (the station was closed or stopped before it was finished), offered to be
    resumed on the next start. ``interrupted``: (component, pages kept) for each scan a stop cut short."""

    id: int
    code: str
    applicant: str
    procedure_name: str
    created_at: str
    interrupted: tuple[tuple[str, int], ...] = ()


def unfinished_dossiers(db: Database) -> list[Unfinished]:
    """Dossiers still open at the counter, newest first, with the scans a stop interrupted. Plain SQL, like
    today's list: the window asks before the counter's heavy parts have loaded."""
    cut: dict[int, list[tuple[str, int]]] = {}
    for dossier_id, name, kept in db.execute(
            "select c.dossier_id, c.name, (select count(*) from pages p where p.component_id = c.id"
            " and p.status = 'kept') from components c where c.status = ? order by c.position, c.id",
            [ComponentStatus.INTERRUPTED]).fetchall():
        cut.setdefault(dossier_id, []).append((name, kept))
    rows = db.execute("select id, code, applicant_name, procedure_name, created_at from dossiers"
                      " where finished_at is null and status in (?, ?) order by created_at desc, id desc",
                      [DossierStatus.DRAFT, DossierStatus.SCANNING]).fetchall()
    return [Unfinished(id_, code, applicant or "", procedure or "", created, tuple(cut.get(id_, ())))
            for id_, code, applicant, procedure, created in rows]
