"""What the outbox holds: entry states, files, receipts, and the two kinds of failure a destination reports."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.core.errors import ExitCode, SohoaError


class State(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    NEEDS_ATTENTION = "needs_attention"
    CANCELLED = "cancelled"


TRANSITIONS: dict[State, frozenset[State]] = {
    State.QUEUED: frozenset({State.SENDING, State.CANCELLED}),
    State.SENDING: frozenset({State.SENT, State.QUEUED, State.NEEDS_ATTENTION}),
    State.NEEDS_ATTENTION: frozenset({State.QUEUED, State.CANCELLED}),
    State.CANCELLED: frozenset({State.QUEUED}),
    State.SENT: frozenset(),
}

STATE_LABELS = {
    State.QUEUED: ("Chờ gửi", "Queued"),
    State.SENDING: ("Đang gửi", "Sending"),
    State.SENT: ("Đã gửi", "Sent"),
    State.NEEDS_ATTENTION: ("Cần xử lý", "Needs attention"),
    State.CANCELLED: ("Đã hủy", "Cancelled"),
}


@dataclass(frozen=True)
class OutboxFile:
    """One file of a dossier to send: a component's PDF, with the checksum recorded when the dossier was finished."""

    name: str
    path: Path
    sha256: str
    size: int
    component: str = ""
    media_type: str = "application/pdf"


@dataclass(frozen=True)
class Receipt:
    """The receiver's acknowledgement: its own dossier id and when it received the dossier."""

    remote_id: str
    received_at: str
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class EntryFile:
    id: int
    position: int
    name: str
    component: str
    path: str
    sha256: str
    size: int
    media_type: str
    purged_at: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EntryFile:
        return cls(row["id"], row["position"], row["name"], row["component"] or "", row["path"], row["sha256"],
                   row["size"], row["media_type"] or "application/octet-stream", row["purged_at"])


@dataclass
class Entry:
    id: int
    dossier_id: int | None  # None: a standalone result record (app/outbox/records.py)
    dossier_code: str
    destination: str
    idempotency_key: str
    state: State
    payload: dict[str, Any]
    attempts: int
    failures: int
    next_attempt_at: float
    remote_id: str | None
    remote_received_at: str | None
    reason_code: str | None
    reason_vi: str | None
    reason_en: str | None
    detail: str | None
    created_at: str
    sent_at: str | None
    purged_at: str | None
    files: list[EntryFile] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: dict[str, Any], files: list[EntryFile]) -> Entry:
        return cls(
            id=row["id"], dossier_id=row["dossier_id"], dossier_code=row["dossier_code"],
            destination=row["destination"], idempotency_key=row["idempotency_key"], state=State(row["state"]),
            payload=json.loads(row["payload"] or "{}"), attempts=row["attempts"], failures=row["failures"],
            next_attempt_at=row["next_attempt_at"] or 0.0, remote_id=row["remote_id"],
            remote_received_at=row["remote_received_at"], reason_code=row["reason_code"],
            reason_vi=row["reason_vi"], reason_en=row["reason_en"], detail=row["detail"],
            created_at=row["created_at"], sent_at=row["sent_at"], purged_at=row["purged_at"], files=files,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.dossier_code, "state": self.state.value, "destination": self.destination,
            "idempotency_key": self.idempotency_key, "attempts": self.attempts, "remote_id": self.remote_id,
            "received_at": self.remote_received_at, "reason_code": self.reason_code, "reason_vi": self.reason_vi,
            "reason_en": self.reason_en, "created_at": self.created_at, "sent_at": self.sent_at,
            "purged_at": self.purged_at,
            "files": [{"name": f.name, "component": f.component, "sha256": f.sha256, "size": f.size}
                      for f in self.files],
        }


class OutboxError(SohoaError):
    exit_code = ExitCode.BAD_INPUT
    message_vi = "Không thực hiện được thao tác trên hàng đợi gửi."
    message_en = "The outbox operation is not possible."


class SendFailure(Exception):
    """A destination could not take an entry. ``reason`` names the case; the clerk sees message_vi / message_en."""

    def __init__(self, reason: str, message_vi: str, message_en: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {message_en}{' (' + detail + ')' if detail else ''}")
        self.reason = reason
        self.message_vi = message_vi
        self.message_en = message_en
        self.detail = detail


class TransientFailure(SendFailure):
    """Try again later (network down, 5xx, 408, 409, 429). ``retry_after`` is the server's wish, if any."""

    def __init__(self, reason: str, message_vi: str, message_en: str, detail: str = "",
                 retry_after: float | None = None, offline: bool = False) -> None:
        super().__init__(reason, message_vi, message_en, detail)
        self.retry_after = retry_after
        self.offline = offline


class PermanentFailure(SendFailure):
    """Retrying will not help until someone acts (a refusal, a corrupt or missing file): the entry needs attention."""


def offline_failure(detail: str) -> TransientFailure:
    return TransientFailure("offline", "Không kết nối được máy chủ; hồ sơ sẽ được gửi lại tự động.",
                            "Cannot reach the server; the dossier will be sent again automatically.", detail,
                            offline=True)
