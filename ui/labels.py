"""Clerk-facing names of states and flags (translated), kept in one place so every screen says the same."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.dossiers.lifecycle import HANDED_OVER, ComponentStatus, DossierStatus
from app.outbox.model import State

T = QCoreApplication


def dossier_status(status: str) -> str:
    """A dossier's state in today's list: its own until it is queued, then its outbox entry's."""
    names: dict[str, str] = {
        DossierStatus.DRAFT: T.translate("Labels", "Receiving"),
        DossierStatus.SCANNING: T.translate("Labels", "Scanning"),
        DossierStatus.QUEUED: T.translate("Labels", "Queued to send"),
        DossierStatus.REFUSED: T.translate("Labels", "Refused"),
        DossierStatus.RETURNED: T.translate("Labels", "Result returned"),
        State.SENDING: T.translate("Labels", "Sending"),
        State.SENT: T.translate("Labels", "Sent"),
        State.NEEDS_ATTENTION: T.translate("Labels", "Needs attention"),
        State.CANCELLED: T.translate("Labels", "Cancelled"),
    }
    return names.get(status, status)


def component_status(status: str) -> str:
    names: dict[str, str] = {
        ComponentStatus.EMPTY: T.translate("Labels", "Not scanned"),
        ComponentStatus.SCANNING: T.translate("Labels", "Scanning"),
        ComponentStatus.SCANNED: T.translate("Labels", "Scanned"),
        ComponentStatus.CHECKED: T.translate("Labels", "Checked"),
        ComponentStatus.BUILT: T.translate("Labels", "PDF/A built"),
        ComponentStatus.SIGNED: T.translate("Labels", "Signed"),
        ComponentStatus.EXEMPT: T.translate("Labels", "Exempt from scanning"),
        ComponentStatus.INTERRUPTED: T.translate("Labels", "Interrupted"),
        ComponentStatus.IMPORTED: T.translate("Labels", "PDF from a file"),
        ComponentStatus.REUSED: T.translate("Labels", "Reused (not scanned)"),
    }
    return names.get(status, status)


def component_mark(status: ComponentStatus) -> str:
    """The glyph before a component in the dossier's list: done, exempt, not started, in progress."""
    if status in HANDED_OVER:
        return "✔"
    return {ComponentStatus.EXEMPT: "⊘", ComponentStatus.EMPTY: "○"}.get(status, "●")


def exempt_reason(reason: str | None) -> str:
    names = {
        "online": T.translate("Labels", "Submitted online"),
        "show_only": T.translate("Labels", "Only shown, not kept"),
        "verification": T.translate("Labels", "Verification by another agency"),
        "secret": T.translate("Labels", "Secret document"),
    }
    return names.get(reason or "", reason or "")


def outbox_state(state: str) -> str:
    names: dict[str, str] = {
        State.QUEUED: T.translate("Labels", "Queued"),
        State.SENDING: T.translate("Labels", "Sending"),
        State.SENT: T.translate("Labels", "Sent"),
        State.NEEDS_ATTENTION: T.translate("Labels", "Needs attention"),
        State.CANCELLED: T.translate("Labels", "Cancelled"),
    }
    return names.get(state, state)


def severity(value: str) -> str:
    return T.translate("Labels", "Blocking") if value == "block" else T.translate("Labels", "Warning")


def timestamp(iso: str | None) -> str:
    """A stored ISO 8601 time (Vietnam offset) as the clerk reads it: 25/11/2026 09:14:52."""
    if not iso:
        return ""
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return iso


def duration(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
