"""Scanning a component: device and profile, the paper original's page count, one key to scan, live thumbnails
with progress and cancel, a large page view, and the page operations (rotate, delete, drag to reorder, rescan one
page, insert, undo). Every operation is a QAction, so its shortcut shows in the menu and the tooltip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.capture.profiles import PROFILES, ScanProfile
from app.counter.model import ScanOutcome
from app.dossiers import lifecycle
from ui.context import AppContext
from ui.page_count import PageCountBox
from ui.page_progress import PageProgress
from ui.page_strip import _action, badged, pick_page_file, thumbnail_strip
from ui.page_view import PageView
from ui.scan_choice import ScanChoiceBox
from ui.scan_controller import PageThumb, ScanController
from ui.workers import Task


class ScanPanel(QWidget):
    pages_changed = Signal(int)  # component id
    scan_done = Signal(object)  # ScanOutcome

    def __init__(self, ctx: AppContext, controller: ScanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.controller = controller
        self.component: dict[str, Any] | None = None
        self.dossier: dict[str, Any] | None = None
        self.thumbs: list[PageThumb] = []
        self._pending_row: int | None = None
        self.marks: dict[int, str] = {}
        self.live_findings: dict[int, list[str]] = {}  # page id → its findings while the feeder runs
        self.scan_choice: ScanChoiceBox | None = None  # open while the clerk says where a new scan goes
        self.pick_file: Callable[[], str] = lambda: pick_page_file(  # tests answer without the file dialog
            self, self.tr("The missing page"), self.tr("Images and PDF"))

        self.device = QComboBox()
        self.profile = QComboBox()
        for item in PROFILES:
            self.profile.addItem(item.name(ctx.lang), item.key)
        self.declared = PageCountBox()
        self.declared.setToolTip(self.tr("Number of pages of the paper original (Ctrl+D)"))
        self.declared.settled.connect(self.save_declared)
        self.scan_button = QPushButton(self.tr("Scan (F5)"))
        self.scan_button.setObjectName("Primary")
        self.cancel_button = QPushButton(self.tr("Cancel scan (Esc)"))
        self.cancel_button.setObjectName("Danger")
        self.cancel_button.setEnabled(False)
        self.progress = PageProgress(self.tr("%v of %m pages"))
        self.status = QLabel(self.tr("Put the papers in the feeder, check the page count, then press F5."))
        self.status.setObjectName("Hint")

        self.strip = thumbnail_strip()
        self.strip.currentRowChanged.connect(self._show_current)
        self.strip.model().rowsMoved.connect(self._dropped)
        self.view = PageView()

        self.toolbar = QToolBar()
        self.scan_action = _action(self, self.tr("Scan"), "F5", lambda: self.start_scan())
        self.cancel_action = _action(self, self.tr("Cancel scan"), "Esc", self.controller.cancel)
        self.insert_action = _action(self, self.tr("Insert pages before the selected page"), "Ctrl+I", self.insert,
                                     self.tr("Insert"))
        self.rescan_action = _action(self, self.tr("Rescan the selected page"), "Ctrl+Shift+R", self.rescan_selected,
                                     self.tr("Rescan"))
        self.rotate_left = _action(self, self.tr("Rotate left"), "Ctrl+[", lambda: self.rotate(270), "⟲")
        self.rotate_right = _action(self, self.tr("Rotate right"), "Ctrl+]", lambda: self.rotate(90), "⟳")
        self.delete_action = _action(self, self.tr("Delete page"), QKeySequence.StandardKey.Delete, self.delete,
                                     self.tr("Delete"))
        self.move_left = _action(self, self.tr("Move page up"), "Ctrl+Up", lambda: self.shift(-1), "▲")
        self.move_right = _action(self, self.tr("Move page down"), "Ctrl+Down", lambda: self.shift(1), "▼")
        self.undo_action = _action(self, self.tr("Undo"), QKeySequence.StandardKey.Undo, self.undo, self.tr("Undo"))
        self.zoom_in = _action(self, self.tr("Zoom in"), "Ctrl++", lambda: self.view.zoom(1.25), "+")
        self.zoom_out = _action(self, self.tr("Zoom out"), "Ctrl+-", lambda: self.view.zoom(0.8), "-")
        self.zoom_fit = _action(self, self.tr("Fit page"), "Ctrl+0", self.view.fit, self.tr("Fit"))
        self.declared_action = _action(self, self.tr("Page count of the paper original"), "Ctrl+D",
                                       self.declared.setFocus)
        for action in (self.rotate_left, self.rotate_right, self.delete_action, self.rescan_action,
                       self.insert_action, self.undo_action, None, self.move_left, self.move_right, None,
                       self.zoom_in, self.zoom_out, self.zoom_fit):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        self.scan_button.clicked.connect(lambda: self.start_scan())  # not clicked(bool) as insert_at
        self.cancel_button.clicked.connect(self.controller.cancel)

        self.device.setMinimumWidth(150)
        self.profile.setMinimumWidth(150)
        devices = QHBoxLayout()
        devices.addWidget(QLabel(self.tr("Scanner:")))
        devices.addWidget(self.device, 3)
        devices.addWidget(QLabel(self.tr("Profile:")))
        devices.addWidget(self.profile, 2)
        run = QHBoxLayout()
        run.addWidget(QLabel(self.tr("Paper pages:")))
        run.addWidget(self.declared)
        run.addWidget(self.scan_button)
        run.addWidget(self.cancel_button)
        run.addWidget(self.progress, 1)
        page_area = QVBoxLayout()
        page_area.setContentsMargins(0, 0, 0, 0)
        page_area.addWidget(self.toolbar)
        page_area.addWidget(self.view, 1)
        pages = QHBoxLayout()
        pages.addWidget(self.strip)
        pages.addLayout(page_area, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(devices)
        layout.addLayout(run)
        layout.addWidget(self.status)
        layout.addLayout(pages, 1)

        controller.scan_started.connect(self._scan_started)
        controller.page_arrived.connect(self._page_arrived)
        controller.page_checked.connect(self._page_checked)
        controller.progressed.connect(self.progress.progressed)
        controller.scan_finished.connect(self._scan_finished)
        controller.pages_loaded.connect(self._pages_loaded)
        controller.preview_ready.connect(self._preview_ready)
        controller.changed.connect(self._changed)
        controller.failed.connect(self.status.setText)
        self._update_actions()

    # -- setup ------------------------------------------------------------------------------------------------
    def set_devices(self, devices: list[tuple[str, str]], default: str) -> None:
        self.device.clear()
        for name, label in devices:
            self.device.addItem(label, name)
        index = self.device.findData(default)
        self.device.setCurrentIndex(max(0, index))

    def set_component(self, component: dict[str, Any] | None, dossier: dict[str, Any] | None = None) -> None:
        self.save_declared()  # a count still being typed belongs to the component shown until now
        self.component = component
        self.dossier = dossier
        self.thumbs = []
        self.strip.clear()
        self.view.show_image(None, None)
        if component is not None:
            self.declared.show_count(component["declared_pages"] or 1)
            self.progress.show_count(0, component["declared_pages"] or 1)  # "0 / 2 pages" before the scan
            if component["exempt_reason"]:
                self.status.setText(self.tr("This component is exempt from scanning."))
            else:
                self.status.setText(self.tr("Put the papers in the feeder, check the page count, then press F5."))
            self.controller.load_pages(component["id"])
        self._update_actions()

    def refresh(self, component: dict[str, Any] | None, dossier: dict[str, Any]) -> None:
        """The component shown, as the dossier reloaded (finished, refused…): what may be done with it now."""
        if component is not None and self.component is not None and component["id"] == self.component["id"]:
            self.component, self.dossier = component, dossier
            self._update_actions()

    def current_profile(self) -> ScanProfile:
        key = self.profile.currentData()
        return next((p for p in PROFILES if p.key == key), PROFILES[0])

    def selected_page(self) -> PageThumb | None:
        row = self.strip.currentRow()
        return self.thumbs[row] if 0 <= row < len(self.thumbs) else None

    def select_page(self, page_id: int) -> None:
        for row, thumb in enumerate(self.thumbs):
            if thumb.page.id == page_id:
                self.strip.setCurrentRow(row)
                self.strip.scrollToItem(self.strip.item(row))
                return

    # -- actions ----------------------------------------------------------------------------------------------
    def _scannable(self) -> bool:
        return (self.component is not None and self.dossier is not None
                and bool(lifecycle.can_scan(self.component, self.dossier, scanning=self.controller.scanning)))

    def start_scan(self, insert_at: int | None = None, *, replace: bool = False, device: str = "") -> None:
        """F5: into a component that already has pages, the clerk first says where the new pages go."""
        if not self._scannable() or self.component is None:
            return
        device = device or self.device.currentData()
        if not device:
            self.status.setText(self.tr("No scanner is available. Check the scanner or the settings."))
            return
        if self.thumbs and insert_at is None and not replace:
            self._ask_where(device)
            return
        self.controller.scan(self.component["id"], device, self.current_profile(), self.declared.value(),
                             insert_at=insert_at, replace=replace)

    def _ask_where(self, device: str) -> None:
        row = self.strip.currentRow()
        box = ScanChoiceBox(len(self.thumbs), row if 0 <= row < len(self.thumbs) else None, self)
        self.scan_choice = box

        def chosen(_result: int) -> None:
            self.scan_choice = None
            where = box.placement(len(self.thumbs), max(0, row))
            if where is not None:
                self.start_scan(where[0], replace=where[1], device=device)

        box.finished.connect(chosen)
        box.open()

    def insert(self) -> None:
        row = self.strip.currentRow()
        self.start_scan(insert_at=max(0, row))

    def insert_after(self, page_id: int, from_file: bool = False) -> None:
        """A sheet missing after this page: scanned now, or taken from a file, into the place after it."""
        row = next((i for i, t in enumerate(self.thumbs) if t.page.id == page_id), None)
        if row is None:
            return
        path = self.pick_file() if from_file else ""
        if from_file and not path:
            return
        self.start_scan(insert_at=row + 1, device=f"file:{path}" if path else "")

    def rescan_selected(self) -> None:
        page = self.selected_page()
        if page is not None and self._scannable() and self.component is not None:
            number = str(self.strip.currentRow() + 1)
            self.status.setText(self.tr("Put the one sheet in the scanner: it replaces page %1.").replace("%1", number))
            task = self.controller.rescan(self.component["id"], page.page.id, self.device.currentData(),
                                          self.current_profile())
            task.succeeded.connect(lambda _r: self.status.setText(
                self.tr("Page %1 rescanned. Check the pages again (F6).").replace("%1", number)))

    def save_declared(self) -> Task | None:
        """The paper's page count belongs to the component: saved when the count settles, or at once before a
        check or when the component shown changes."""
        value = self.declared.taken()
        if self.component is None or value == self.component["declared_pages"]:
            return None
        self.component = {**self.component, "declared_pages": value}
        return self.controller.set_declared(self.component["id"], value)

    def rotate(self, degrees: int) -> None:
        page = self.selected_page()
        if page is not None and self.component is not None and not self.controller.scanning:
            self.controller.rotate(self.component["id"], page.page.id, degrees)

    def delete(self) -> None:
        page = self.selected_page()
        if page is not None and self.component is not None and not self.controller.scanning:
            self.controller.delete(self.component["id"], page.page.id)

    def shift(self, step: int) -> None:
        row = self.strip.currentRow()
        page = self.selected_page()
        if page is not None and self.component is not None and 0 <= row + step < len(self.thumbs):
            self._pending_row = row + step
            self.controller.move(self.component["id"], page.page.id, row + step)

    def undo(self) -> None:
        if self.component is not None and not self.controller.scanning:
            self.controller.undo(self.component["id"])

    def _dropped(self, _parent: object, start: int, _end: int, _dest: object, row: int) -> None:
        if self.component is None or not 0 <= start < len(self.thumbs):
            return
        target = row - 1 if row > start else row
        self.controller.move(self.component["id"], self.thumbs[start].page.id, target)

    # -- rendering --------------------------------------------------------------------------------------------
    def _scan_started(self) -> None:
        self.progress.show_count(0, self.declared.value())
        self.status.setText(self.tr("Scanning… pages appear as they leave the feeder. Esc cancels."))
        self._update_actions()

    def _page_arrived(self, thumb: PageThumb) -> None:
        self.thumbs.append(thumb)
        self.strip.addItem(self._item(thumb, len(self.thumbs)))
        self.strip.setCurrentRow(len(self.thumbs) - 1)

    def _scan_finished(self, outcome: ScanOutcome) -> None:
        if outcome.error is not None:
            self.status.setText(outcome.error.user_message(self.ctx.lang))
        elif outcome.pages:
            self.status.setText(self.tr("%n page(s) scanned. Checking the pages…", "", len(outcome.pages)))
        self._update_actions()
        if self.component is not None:
            self.controller.load_pages(self.component["id"])
        self.scan_done.emit(outcome)

    def _pages_loaded(self, component_id: int, pages: list[PageThumb]) -> None:
        if self.component is None or component_id != self.component["id"]:
            return
        keep = self._pending_row
        previous = self.strip.currentRow() if keep is None else keep
        self._pending_row = None
        self.thumbs = pages
        self.strip.blockSignals(True)
        self.strip.clear()
        for number, thumb in enumerate(pages, start=1):
            self.strip.addItem(self._item(thumb, number))
        self.strip.blockSignals(False)
        if pages:
            self.strip.setCurrentRow(min(max(previous, 0), len(pages) - 1))
            self._show_current(self.strip.currentRow())
        else:
            self.view.show_image(None, None)
        if not self.controller.scanning:  # the pages kept, after a delete, a removal, an undo or a new count
            self.progress.show_count(len(pages), self.declared.value())
        self._update_actions()

    def _page_checked(self, page_id: int, findings: list[dict[str, Any]]) -> None:
        """A page's own findings, seconds after its sheet left the feeder: its badge turns red or amber and its
        tooltip says why (the whole set is checked when the scan ends)."""
        severity = next((f["severity"] for f in findings if f["severity"] == "block"),
                        findings[0]["severity"] if findings else "")
        self.marks[page_id] = severity
        key = "message_en" if self.ctx.lang == "en" else "message_vi"
        self.live_findings[page_id] = [str(f[key]) for f in findings]
        for row, thumb in enumerate(self.thumbs):
            if thumb.page.id == page_id:
                item = self.strip.item(row)
                if item is not None:
                    item.setIcon(QIcon(badged(thumb.thumb, row + 1, severity)))
                    item.setToolTip(self._tooltip(thumb, row + 1))

    def mark_pages(self, marks: dict[int, str], checked: bool = True) -> None:
        """Colour the badges of pages with open findings ({page id: "block" | "warn"}). Before the set is checked
        (``checked`` false) the marks the pages got while the feeder ran stay."""
        if checked:
            self.live_findings = {}  # the findings panel lists them now
            self.marks = marks
        else:
            self.marks = {**{p: m for p, m in self.marks.items() if p in self.live_findings}, **marks}
        marks = self.marks
        for row, thumb in enumerate(self.thumbs):
            item = self.strip.item(row)
            if item is not None:
                item.setIcon(QIcon(badged(thumb.thumb, row + 1, marks.get(thumb.page.id, ""))))
                item.setToolTip(self._tooltip(thumb, row + 1))

    def _item(self, thumb: PageThumb, number: int) -> QListWidgetItem:
        item = QListWidgetItem(QIcon(badged(thumb.thumb, number, self.marks.get(thumb.page.id, ""))), "")
        item.setData(Qt.ItemDataRole.UserRole, thumb.page.id)
        item.setToolTip(self._tooltip(thumb, number))
        return item

    def _tooltip(self, thumb: PageThumb, number: int) -> str:
        text = (self.tr("Page %1").replace("%1", str(number))
                + f" · {thumb.page.width}×{thumb.page.height} px · {thumb.page.dpi} dpi")
        return "\n".join([text, *self.live_findings.get(thumb.page.id, [])])

    def _show_current(self, row: int) -> None:
        if 0 <= row < len(self.thumbs):
            thumb = self.thumbs[row]
            self.controller.load_preview(thumb.page.id, thumb.preview_path)
        self._update_actions()

    def _preview_ready(self, page_id: int, image: Any) -> None:
        page = self.selected_page()
        if page is not None and page.page.id == page_id:
            self.view.show_image(page_id, image)

    def _changed(self, component_id: int) -> None:
        if self.component is not None and component_id == self.component["id"]:
            self.controller.load_pages(component_id)
        self.pages_changed.emit(component_id)

    def _update_actions(self) -> None:
        scanning = self.controller.scanning
        can_scan = self._scannable()
        changeable = self.dossier is not None and bool(lifecycle.can_change_pages(self.dossier))  # not finished
        has_page = self.selected_page() is not None and not scanning and changeable
        self.scan_button.setEnabled(can_scan)
        self.scan_action.setEnabled(can_scan)
        self.cancel_button.setEnabled(scanning)
        self.cancel_action.setEnabled(scanning)
        for action in (self.rotate_left, self.rotate_right, self.delete_action, self.rescan_action,
                       self.move_left, self.move_right):
            action.setEnabled(has_page)
        self.insert_action.setEnabled(can_scan and has_page)
        self.undo_action.setEnabled(self.component is not None and not scanning and changeable
                                    and self.controller.undoable.get(self.component["id"], bool(self.thumbs)))
