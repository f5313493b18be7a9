"""Clerk-facing names of states and flags (translated), kept in one place so every screen says the same."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

T = QCoreApplication


def dossier_status(status: str) -> str:
    names = {
        "draft": T.translate("Labels", "Receiving"),
        "scanning": T.translate("Labels", "Scanning"),
        "queued": T.translate("Labels", "Queued to send"),
        "sending": T.translate("Labels", "Sending"),
        "sent": T.translate("Labels", "Sent"),
        "needs_attention": T.translate("Labels", "Needs attention"),
        "cancelled": T.translate("Labels", "Cancelled"),
    }
    return names.get(status, status)


def component_status(status: str) -> str:
    names = {
        "empty": T.translate("Labels", "Not scanned"),
        "scanning": T.translate("Labels", "Scanning"),
        "scanned": T.translate("Labels", "Scanned"),
        "checked": T.translate("Labels", "Checked"),
        "built": T.translate("Labels", "PDF/A built"),
        "signed": T.translate("Labels", "Signed"),
        "exempt": T.translate("Labels", "Exempt from scanning"),
        "interrupted": T.translate("Labels", "Interrupted"),
    }
    return names.get(status, status)


def exempt_reason(reason: str | None) -> str:
    names = {
        "online": T.translate("Labels", "Submitted online"),
        "show_only": T.translate("Labels", "Only shown, not kept"),
        "verification": T.translate("Labels", "Verification by another agency"),
        "secret": T.translate("Labels", "Secret document"),
    }
    return names.get(reason or "", reason or "")


def outbox_state(state: str) -> str:
    names = {
        "queued": T.translate("Labels", "Queued"),
        "sending": T.translate("Labels", "Sending"),
        "sent": T.translate("Labels", "Sent"),
        "needs_attention": T.translate("Labels", "Needs attention"),
        "cancelled": T.translate("Labels", "Cancelled"),
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
