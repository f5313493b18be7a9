"""The station's window: a banner with the agency, menus whose entries show their shortcuts, today's dossiers,
the dossier workspace, the outbox, "call next number", and a status bar that always shows the outbox state and the
counter clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, QRect, Qt, QTimer, QTimeZone, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.core.lazy import LazyModule
from app.dossiers.queue import Call, call_next
from ui.context import AppContext
from ui.dossier_list import DossierListPage
from ui.outbox_view import OutboxStatus, OutboxStatusBridge, OutboxView
from ui.resume_dialog import ResumeDialog
from ui.settings_dialog import SettingsDialog
from ui.shortcuts import ShortcutsDialog
from ui.style import StatusLine
from ui.token_watch import TokenStatus, TokenWatch

if TYPE_CHECKING:
    from ui import new_dossier as dossier_form
    from ui import results_dialog as results_form
    from ui import review_dialog as review_form
    from ui import workspace as workspace_form
else:  # the dossier screen and the dialogs load when first used: the window paints before their modules load
    dossier_form, results_form, review_form, workspace_form = (LazyModule(f"ui.{name}") for name in (
        "new_dossier", "results_dialog", "review_dialog", "workspace"))
if TYPE_CHECKING:  # the station's set-up module loads the scanner drivers and the demo signer
    from app.counter.model import Unfinished
    from app.counter.station import StationSetup


class Banner(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        emblem = QLabel("★")
        emblem.setObjectName("Emblem")
        emblem.setFixedSize(36, 36)
        emblem.setAlignment(Qt.AlignmentFlag.AlignCenter)
        station = ctx.settings.station
        title = QLabel(self.tr("SoHoa — One-stop-shop digitization station"))
        title.setObjectName("BannerTitle")
        sub = QLabel(f"{station.agency_name} · {station.receiving_unit}")
        sub.setObjectName("BannerSub")
        self.clock = QLabel()
        self.clock.setObjectName("BannerSub")
        who = QLabel(self.tr("Clerk: %1 · Station %2").replace("%1", station.clerk).replace("%2", station.station_id))
        who.setObjectName("BannerSub")
        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addWidget(title)
        texts.addWidget(sub)
        right = QVBoxLayout()
        right.setSpacing(0)
        right.addWidget(who, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.addWidget(emblem)
        layout.addSpacing(8)
        layout.addLayout(texts, 1)
        layout.addLayout(right)
        self.tick()

    def tick(self) -> None:
        now = QDateTime.currentDateTime().toTimeZone(QTimeZone(b"Asia/Ho_Chi_Minh"))
        self.clock.setText(now.toString("dd/MM/yyyy HH:mm"))


class MainWindow(QMainWindow):
    station_ready = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setup: StationSetup | None = None
        self.sync_worker: Any = None
        self._pending: list[Callable[[], object]] = []  # what the clerk asked for while the station was loading
        self.close_question: QMessageBox | None = None  # open while closing during a scan asks first
        self._stopping_scan = False  # the clerk said stop and close: the window closes when the scan has ended
        self.resume_dialog: ResumeDialog | None = None
        self.setWindowTitle(self.tr("SoHoa — One-stop-shop digitization station"))
        self.banner = Banner(ctx)
        self.list_page = DossierListPage(ctx)
        self._workspace: workspace_form.DossierWorkspace | None = None  # built on first use (see workspace)
        self.outbox = OutboxView(ctx)
        self.stack = QStackedWidget()
        for page in (self.list_page, self.outbox):
            self.stack.addWidget(page)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.outbox_status = OutboxStatus()
        self.bridge = OutboxStatusBridge(self)
        self.bridge.status.connect(self.outbox_status.show_status)
        self.message = StatusLine()
        self.statusBar().addWidget(self.message, 1)
        self.token_status = TokenStatus()
        self.statusBar().addPermanentWidget(self.token_status)
        self.statusBar().addPermanentWidget(self.outbox_status)
        self.token_watch = TokenWatch(ctx, parent=self)
        self.token_watch.changed.connect(self.token_status.show_state)
        self.token_watch.message.connect(self.message.setText)

        self._menus()
        self.list_page.new_requested.connect(self.new_dossier)
        self.list_page.open_requested.connect(self.open_dossier)
        self.list_page.reprint_requested.connect(self.reprint_receipt)
        self.outbox.back_requested.connect(self.show_list)
        self.clock = QTimer(self)
        self.clock.setInterval(30000)
        self.clock.timeout.connect(self.banner.tick)
        self.clock.start()
        self.fit_to_screen()

    def fit_to_screen(self, area: QRect | None = None) -> None:
        """The whole window, frame and status bar included, inside the screen's available area (a taskbar's
        space left out): a fixed 1366×768 pushes the status bar off a 1366×768 screen."""
        area = area or (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        frame = self.frameGeometry()  # known once shown; before that, allow for a title bar
        extra_w = frame.width() - self.width()
        extra_h = max(frame.height() - self.height(),
                      0 if self.isVisible() else self.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight))
        self.resize(min(1366, area.width() - extra_w), min(768, area.height() - extra_h))
        self.move(area.topLeft())

    def _menus(self) -> None:
        def act(menu: Any, text: str, shortcut: str | QKeySequence.StandardKey, slot: Any) -> QAction:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
            action.triggered.connect(slot)
            menu.addAction(action)
            return action

        bar = self.menuBar()
        dossier = bar.addMenu(self.tr("&Dossier"))
        self.call_action = act(dossier, self.tr("Call next number"), "F3", self.call_next)
        self.new_action = act(dossier, self.tr("New dossier"), "Ctrl+N", self.new_dossier)
        self.today_action = act(dossier, self.tr("Today's dossiers"), "F2", self.show_list)
        self.results_action = act(dossier, self.tr("Results of the selected dossier…"), "Ctrl+R", self.open_results)
        self.review_action = act(dossier, self.tr("Review a backlog batch…"), "Ctrl+B", self.open_review)
        dossier.addSeparator()
        self.quit_action = act(dossier, self.tr("Quit"), "Ctrl+Q", self.close)
        self.scan_menu = bar.addMenu(self.tr("&Scan"))  # filled with the dossier screen's actions once it is built
        self.finish_menu = bar.addMenu(self.tr("&Finish"))
        tools = bar.addMenu(self.tr("&Tools"))
        self.outbox_action = act(tools, self.tr("Outbox"), "F9", self.show_outbox)
        self.settings_action = act(tools, self.tr("Settings…"), "Ctrl+,", self.open_settings)
        self.lock_action = act(tools, self.tr("Lock station"), "Ctrl+L", self.lock_station)
        help_menu = bar.addMenu(self.tr("&Help"))
        self.help_action = act(help_menu, self.tr("Keyboard shortcuts"), "F1", self.show_shortcuts)

    @property
    def workspace(self) -> workspace_form.DossierWorkspace:
        """The dossier screen, built on first use: when the station is ready (after the first paint) or when a
        dossier is opened; its module and widgets cost about 0.2 s that the first paint no longer waits for."""
        if self._workspace is None:
            self._workspace = workspace = workspace_form.DossierWorkspace(self.ctx)
            self.stack.insertWidget(1, workspace)
            workspace.dossier_changed.connect(self.refresh_counts)
            panel = workspace.scan_panel
            for action in (panel.scan_action, panel.cancel_action, panel.declared_action, None, panel.rescan_action,
                           panel.insert_action, panel.rotate_left, panel.rotate_right, panel.delete_action,
                           panel.move_left, panel.move_right, panel.undo_action, None, panel.zoom_in,
                           panel.zoom_out, panel.zoom_fit):
                self.scan_menu.addSeparator() if action is None else self.scan_menu.addAction(action)
            for action in (workspace.prev_component, workspace.next_component, workspace.sign_action,
                           workspace.sign_all_action, workspace.finish_action, workspace.papers.refuse_action,
                           workspace.papers.slip_action):
                self.finish_menu.addAction(action)
        return self._workspace

    # -- start-up ---------------------------------------------------------------------------------------------
    def start(self, setup: StationSetup) -> None:
        """The station's defaults are ready (prepared off the GUI thread): fill the pickers, start syncing."""
        self.setup = setup
        self.ctx.defaults.device = setup.device
        devices = [(name, self.tr("Simulated feeder (sample pages)") if name.startswith("sim:") else label)
                   for name, label in setup.devices]  # the core names it in Vietnamese; the window in its language
        self.ctx.defaults.devices = devices
        self.workspace.scan_panel.set_devices(devices, setup.device)
        self.message.setText(" · ".join(setup.note_texts(self.ctx.lang)))
        if setup.sync:
            try:
                self.sync_worker = self.ctx.service.start_sync(self.bridge.report, setup.server or None)
            except Exception as exc:  # the station works offline without a sync worker
                self.message.setText(self.ctx.error_text(exc))
        self.token_watch.start()
        if self.stack.currentWidget() is self.list_page:
            self.show_list()
        pending, self._pending = self._pending, []
        for action in pending:
            action()
        asked = bool(pending) or QApplication.activeModalWidget() is not None  # e.g. Ctrl+B's review, open already
        if setup.unfinished and not asked:
            self.offer_resume(setup.unfinished)
        elif setup.unfinished:  # the clerk already asked for something: do not put a question on top of it
            self.message.setText(self.tr("%1 dossier(s) left open since the last close: see today's list (F2).")
                                 .replace("%1", str(len(setup.unfinished))))
        self.station_ready.emit()

    def offer_resume(self, unfinished: list[Unfinished]) -> ResumeDialog:
        dialog = ResumeDialog(unfinished, self)

        def chosen() -> None:
            dossier_id = dialog.chosen()
            if dossier_id is not None:
                self.open_dossier(dossier_id)

        dialog.accepted.connect(chosen)
        dialog.open()
        self.resume_dialog = dialog
        return dialog

    def _when_ready(self, action: Callable[[], object]) -> bool:
        """True when the counter service has loaded; else ``action`` runs as soon as it has."""
        if self.ctx.ready:
            return True
        self.message.setText(self.tr("Loading the station… what you asked for follows as soon as it is ready."))
        self._pending.append(action)
        return False

    def refresh_counts(self) -> None:
        """A dossier changed (e.g. was queued): refresh the list and let the sync worker look at the queue now."""
        self.list_page.refresh()
        if self.sync_worker is not None:
            self.sync_worker.wake()

    # -- navigation -------------------------------------------------------------------------------------------
    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.list_page.refresh()
        self.list_page.table.setFocus()

    def show_outbox(self) -> None:
        if not self._when_ready(self.show_outbox):
            return
        self.stack.setCurrentWidget(self.outbox)
        self.outbox.refresh()

    def open_dossier(self, dossier_id: int) -> None:
        if not self._when_ready(lambda: self.open_dossier(dossier_id)):
            return
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.open_dossier(dossier_id)

    def new_dossier(self) -> dossier_form.NewDossierDialog | None:
        if not self._when_ready(self.new_dossier):
            return None
        dialog = dossier_form.NewDossierDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self._open_created(dialog))
        dialog.open()
        return dialog

    def _open_created(self, dialog: dossier_form.NewDossierDialog) -> None:
        if dialog.dossier_id is not None:
            self.open_dossier(dialog.dossier_id)

    def call_next(self) -> None:
        """The clerk calls the next citizen: the moment (and the next imported ticket) is kept for the next dossier,
        so the report can tell waiting from service. Needs only the store, not the loaded station."""
        store, station = self.ctx.store, self.ctx.settings.station
        self.ctx.runner.start(lambda task: call_next(store, station=station.station_id, clerk=station.clerk),
                              on_done=self._called, on_error=lambda e: self.message.setText(self.ctx.error_text(e)))

    def _called(self, call: Call) -> None:
        at = call.called_at[11:16]
        if call.ticket_number:
            text = self.tr("Number %1 called at %2.").replace("%1", call.ticket_number).replace("%2", at)
        else:
            text = self.tr("Next citizen called at %1: type their ticket number in the new dossier.").replace("%1", at)
        self.message.setText(text)
        self.list_page.refresh()
    def open_results(self) -> results_form.ResultsDialog | None:
        """The results of the dossier selected in today's list (added, returned), as the core allows."""
        if not self._when_ready(self.open_results):
            return None
        current = self.list_page.current() if self.stack.currentWidget() is self.list_page else None
        if current is None:
            self.message.setText(self.tr("Select a received dossier in today's list (F2) to add its results."))
            return None
        dialog = results_form.ResultsDialog(self.ctx, current.code, self)
        dialog.finished.connect(lambda _code: self.list_page.refresh())
        dialog.open()
        return dialog

    def open_review(self) -> review_form.ReviewDialog | None:
        """The review queue of a backlog batch (``sohoa results backlog --out DIR``), chosen by its folder."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("The backlog batch's folder"))
        return self.review_batch(Path(folder)) if folder else None

    def review_batch(self, folder: Path) -> review_form.ReviewDialog:
        dialog = review_form.ReviewDialog(self.ctx, folder, self)
        dialog.finished.connect(lambda _code: self.refresh_counts())  # today's backlog figures; send what was queued
        dialog.open()
        return dialog

    def reprint_receipt(self, dossier_id: int) -> None:
        if self._when_ready(lambda: self.reprint_receipt(dossier_id)):
            self.workspace.finishing.reprint(dossier_id)

    def lock_station(self) -> None:
        """The clerk leaves the counter: log out of the signing token; the next signature asks the PIN again."""
        if not self._when_ready(self.lock_station):
            return
        self.ctx.runner.start(lambda task: self.ctx.service.lock_signing(), on_done=lambda _r: self._locked(),
                              on_error=lambda e: self.message.setText(self.ctx.error_text(e)))

    def _locked(self) -> None:
        self.message.setText(self.tr("Station locked: the signing token is logged out; the next signature asks for "
                                     "the PIN."))
        self.token_watch.poll()  # the status bar drops "token logged in" now, not at the next poll

    def _ask_close_during_scan(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("A scan is running"),
                          self.tr("Stop the scanner and close SoHoa? Every page already scanned is kept, and the "
                                  "dossier is offered again at the next start."), parent=self)
        stop = box.addButton(self.tr("&Stop and close"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("&Keep scanning"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self.close_question = box

        def answered(_result: int) -> None:
            self.close_question = None
            if box.clickedButton() is not stop:
                return
            if not self.workspace.scans.scanning:  # the scan ended while the clerk read the question
                self.close()
                return
            self._stopping_scan = True
            self.workspace.check_after_scan = False  # closing: the pages are checked when the dossier is resumed
            self.message.setText(self.tr("Stopping the scanner… SoHoa closes as soon as the last page is stored."))
            self.workspace.scans.scan_finished.connect(lambda _outcome: QTimer.singleShot(0, self.close))
            self.workspace.scans.cancel()

        box.finished.connect(answered)
        box.open()

    def open_settings(self) -> SettingsDialog | None:
        if not self._when_ready(self.open_settings):
            return None
        dialog = SettingsDialog(self.ctx, self.ctx.defaults.devices, self)
        dialog.accepted.connect(lambda: self.message.setText(self.tr("Settings saved.")))
        dialog.open()
        return dialog

    def show_shortcuts(self) -> QDialog:
        dialog = ShortcutsDialog(self, self)
        dialog.open()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing during a scan asks first; yes stops the feeder, and the window closes once the last page taken
        is stored (every page is kept; the next start offers the dossier again)."""
        if self._workspace is not None and self._workspace.scans.scanning:
            event.ignore()
            if not self._stopping_scan and self.close_question is None:
                self._ask_close_during_scan()
            return
        self.token_watch.stop()
        self.ctx.runner.close(15000)
        if self.sync_worker is not None:
            self.sync_worker.stop()
        if self.setup is not None and self.setup.stop_receiver is not None:
            self.setup.stop_receiver()
        super().closeEvent(event)
