"""F1: every shortcut of the station in the order of the work at the counter (call, receive, scan, check, sign,
finish and print, then the day's tools), keys and actions in two aligned columns."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

T = QCoreApplication


def work_order(window: Any) -> list[QAction | tuple[str, str]]:
    """The window's actions (and the few shortcuts that live on buttons) as a clerk meets them during a dossier."""
    panel = window.workspace.scan_panel
    space = window.workspace
    return [
        window.call_action, window.new_action,
        ("Ctrl+E", T.translate("ShortcutsDialog", "Check the applicant's e-ID (new dossier)")),
        space.reuse.lookup_action, space.reuse.reuse_action, panel.declared_action, panel.scan_action,
        panel.cancel_action, panel.rescan_action,
        panel.insert_action, panel.rotate_left, panel.rotate_right, panel.delete_action, panel.move_left,
        panel.move_right, panel.undo_action, panel.zoom_in, panel.zoom_out, panel.zoom_fit,
        ("F6", T.translate("ShortcutsDialog", "Check the pages")),
        space.prev_component, space.next_component, space.sign_action, space.sign_all_action, space.finish_action,
        space.papers.refuse_action, space.papers.slip_action,
        ("Ctrl+P", T.translate("ShortcutsDialog", "Print the receipt")),
        ("Ctrl+Shift+P", T.translate("ShortcutsDialog", "Reprint a receipt from today's list")),
        window.today_action, window.results_action,
        ("F7", T.translate("ShortcutsDialog", "Scan the result (in the results of a dossier)")),
        window.review_action, window.outbox_action,
        window.settings_action, window.lock_action, window.help_action,
        window.quit_action,
    ]


def rows(window: Any) -> list[tuple[str, str]]:
    found = []
    for item in work_order(window):
        if isinstance(item, QAction):
            keys = item.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            found.append((keys, item.text().replace("&", "")))
        else:
            found.append((QKeySequence(item[0]).toString(QKeySequence.SequenceFormat.NativeText), item[1]))
    return found


class ShortcutsDialog(QDialog):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.rows = rows(window)
        cells = "".join(f"<tr><td align='right' style='padding-right:16px'><b>{escape(keys)}</b></td>"
                        f"<td>{escape(text)}</td></tr>" for keys, text in self.rows)
        self.table = QLabel(f"<table cellspacing='0'>{cells}</table>")  # every key on a 768-pixel screen
        self.table.setTextFormat(Qt.TextFormat.RichText)
        close = QPushButton(self.tr("Close (Esc)"))
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
