"""What the counter service answers with: the outcome of a scan, a row of today's list, the counter time, and the
refusal when a dossier is not ready for what was asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.core.errors import ExitCode, SohoaError
from app.core.storage import VN_TZ
from app.dossiers.model import PageRecord
from scanner import DeviceError
from scanner.errors import ScanCancelled


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

    @classmethod
    def of(cls, row: dict[str, Any], sending: dict[str, str]) -> DossierSummary:
        """A dossiers row; once queued, its state is the outbox's (``sending``: state by dossier code)."""
        status = sending.get(row["code"], row["status"]) if row["status"] == "queued" else row["status"]
        return cls(row["id"], row["code"], row["applicant_name"] or "", row["procedure_code"] or "",
                   row["procedure_name"] or "", status, row["created_at"], row["receipt_printed_at"] or "",
                   elapsed_seconds(row["created_at"], row["receipt_printed_at"] or ""))


def elapsed_seconds(created_at: str, ended_at: str = "", now: datetime | None = None) -> int:
    """Counter time: from the dossier's creation to its receipt (or to now while the citizen is still there)."""
    start = datetime.fromisoformat(created_at)
    end = datetime.fromisoformat(ended_at) if ended_at else (now or datetime.now(VN_TZ))
    return max(0, int((end - start).total_seconds()))
