"""Clerk-facing names of states and flags (translated), kept in one place so every screen says the same."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def dossier_status(status: str) -> str:
    names = {
        "draft": _t("Receiving"), "scanning": _t("Scanning"), "queued": _t("Queued to send"),
        "sending": _t("Sending"), "sent": _t("Sent"), "needs_attention": _t("Needs attention"),
        "cancelled": _t("Cancelled"),
    }
    return names.get(status, status)


def component_status(status: str) -> str:
    names = {
        "empty": _t("Not scanned"), "scanning": _t("Scanning"), "scanned": _t("Scanned"),
        "checked": _t("Checked"), "built": _t("PDF/A built"), "signed": _t("Signed"),
        "exempt": _t("Exempt from scanning"), "interrupted": _t("Interrupted"),
    }
    return names.get(status, status)


def exempt_reason(reason: str | None) -> str:
    names = {
        "online": _t("Submitted online"), "show_only": _t("Only shown, not kept"),
        "verification": _t("Verification by another agency"), "secret": _t("Secret document"),
    }
    return names.get(reason or "", reason or "")


def outbox_state(state: str) -> str:
    names = {
        "queued": _t("Queued"), "sending": _t("Sending"), "sent": _t("Sent"),
        "needs_attention": _t("Needs attention"), "cancelled": _t("Cancelled"),
    }
    return names.get(state, state)


def severity(value: str) -> str:
    return _t("Blocking") if value == "block" else _t("Warning")


def duration(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
