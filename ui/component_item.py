"""The dossier's list of components, and a component as it shows it: a mark for where it stands, its name, its
state and flags, coloured for what still needs the clerk (red: must be digitized and not scanned; green: handed
over)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from app.dossiers import lifecycle
from app.dossiers.lifecycle import ComponentStatus
from ui import labels
from ui.style import GREEN, RED

GREY = "#7a8694"


def component_list() -> QListWidget:
    """Names wrap (no sideways scrolling): a long component name stays readable in the narrow column."""
    components = QListWidget()
    components.setMinimumWidth(210)
    components.setWordWrap(True)
    components.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return components


def component_item(comp: dict[str, Any]) -> QListWidgetItem:
    flags = []
    if comp["must_digitize"]:
        flags.append(QCoreApplication.translate("DossierWorkspace", "must digitize"))
    if comp["exempt_reason"]:
        flags.append(labels.exempt_reason(comp["exempt_reason"]))
    state = ComponentStatus(comp["status"])
    item = QListWidgetItem(f"{labels.component_mark(state)} {comp['name']}\n    {labels.component_status(state)}"
                           f"{' · ' if flags else ''}{', '.join(flags)}")
    item.setToolTip(comp["name"])
    if state in lifecycle.HANDED_OVER:
        item.setForeground(QBrush(QColor(GREEN)))
    elif comp["exempt_reason"]:
        item.setForeground(QBrush(QColor(GREY)))
    elif comp["must_digitize"] and state == ComponentStatus.EMPTY:
        item.setForeground(QBrush(QColor(RED)))
    return item
