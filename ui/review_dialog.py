"""The review of a backlog batch with one hand on the keyboard: the batch's records one at a time, the first page beside
the fields pre-read by OCR. Enter confirms (what is typed corrects), PageDown / PageUp move, Esc leaves; every
confirmation is written at once and queued for the citizen's data store, exactly once
(:class:`app.results.backlog_queue.BacklogSender`, as `sohoa results review --confirm`), so the batch resumes at its
first record still to review and the report counts it. Reading, previews and confirmations run in the task runner."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.results.backlog_queue import BacklogSender
from app.results.model import FIELDS
from app.results.preview import first_page_png
from app.results.review import CONFIRMED, ReviewQueue
from ui.finish_controller import PinBridge, PinRequest
from ui.page_view import PageView
from ui.sign_dialogs import PinDialog

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.workers import Task

Records = list[tuple[int, dict[str, Any]]]
DATES = ("ngay_ban_hanh", "hieu_luc_den")


def shown_date(iso: str) -> str:
    """An ISO date as the clerk reads and types it (DD/MM/YYYY)."""
    parts = iso.split("-")
    return f"{parts[2]}/{parts[1]}/{parts[0]}" if len(parts) == 3 else iso


class ReviewDialog(QDialog):
    def __init__(self, ctx: AppContext, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.folder = folder
        self.records: Records = []
        self.index = -1
        self.busy = False
        self.setWindowTitle(self.tr("Review of the batch %1").replace("%1", folder.name))
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys belong to the fields
        self.list.currentRowChanged.connect(self._picked)
        self.preview = PageView()
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setMinimumSize(360, 480)
        self.labels = labels = {"so_ky_hieu": self.tr("Number and symbol"), "ngay_ban_hanh": self.tr("Date issued"),
                  "co_quan": self.tr("Issuing agency"), "nguoi_ky": self.tr("Signed by"),
                  "trich_yeu": self.tr("Summary"), "hieu_luc_den": self.tr("Valid until")}
        self.fields = {name: QLineEdit() for name in (*FIELDS, "hieu_luc_den")}
        for name in DATES:
            self.fields[name].setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.permanent = QCheckBox(self.tr("&Permanent"))
        self.permanent.toggled.connect(lambda on: self.fields["hieu_luc_den"].setEnabled(not on))
        self.kind = QLineEdit()
        self.kind.setPlaceholderText("KQ.G15.000034")
        form = QFormLayout()
        self.heading = QLabel()
        self.heading.setObjectName("Title")
        form.addRow(self.heading)
        for name, edit in self.fields.items():
            form.addRow(labels[name], edit)
        form.addRow("", self.permanent)
        form.addRow(self.tr("Result type"), self.kind)
        self.state = QLabel()
        self.summary = QLabel()
        self.status = QLabel(self.tr("Reading the batch…"))
        self.status.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Confirm (Enter)"))
        self.confirm_button.setObjectName("Primary")
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.confirm)
        back = QPushButton(self.tr("Previous (PgUp)"))
        back.clicked.connect(lambda: self.step(-1))
        forward = QPushButton(self.tr("Next (PgDn)"))
        forward.clicked.connect(lambda: self.step(1))
        leave = QPushButton(self.tr("Leave (Esc): the batch resumes here"))
        leave.clicked.connect(self.reject)
        for button in (self.confirm_button, back, forward, leave):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes through the fields only
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, lambda: self.step(1))
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, lambda: self.step(-1))
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.state)
        right.addStretch(1)
        right.addWidget(self.summary)
        right.addWidget(self.status)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addWidget(self.preview, 3)
        body.addLayout(right, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(leave)
        buttons.addStretch(1)
        for button in (back, forward, self.confirm_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.resize(1100, 680)
        self.load()

    # -- the batch --------------------------------------------------------------------------------------------
    def load(self) -> None:
        folder = self.folder

        def read(_task: object) -> tuple[Records, dict[str, Any]]:
            queue = ReviewQueue(folder)
            return queue.records(), queue.summary()

        self.ctx.runner.start(read, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, read: tuple[Records, dict[str, Any]]) -> None:
        self.records, summary = read
        self.list.clear()
        for n, record in self.records:
            self.list.addItem(self._line(n, record))
        scroll = self.list.verticalScrollBar().sizeHint().width()  # each line whole, never behind a sideways scroll
        self.list.setMinimumWidth(self.list.sizeHintForColumn(0) + 2 * self.list.frameWidth() + scroll + 4)
        self._summarize(summary)
        if not self.records:
            self.status.setText(self.tr("The batch holds no document yet."))
            return
        pending = [i for i, (_, record) in enumerate(self.records) if record.get("state") != CONFIRMED]
        self.status.setText(self.tr("Enter confirms, typing corrects, PgDn / PgUp move, Esc leaves."))
        self.show_record(pending[0] if pending else 0)

    def _line(self, n: int, record: dict[str, Any]) -> str:
        mark = "✓" if record.get("state") == CONFIRMED else "…"
        return f"{mark} {n:03d}  {(record.get('metadata') or {}).get('so_ky_hieu') or '?'}"

    def _summarize(self, summary: dict[str, Any]) -> None:
        self.summary.setText(self.tr("Confirmed %1 of %2 documents").replace("%1", str(summary["confirmed"]))
                             .replace("%2", str(summary["documents"])))

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.status.setText(self.ctx.error_text(error))

    # -- one record -------------------------------------------------------------------------------------------
    def _picked(self, row: int) -> None:
        if 0 <= row < len(self.records) and row != self.index:
            self.show_record(row)

    def show_record(self, index: int) -> None:
        self.index = index
        n, record = self.records[index]
        self.list.setCurrentRow(index)
        meta = record.get("metadata") or {}
        for name, edit in self.fields.items():
            value = str(meta.get(name) or "")
            edit.setText(shown_date(value) if name in DATES else value)
            edit.setCursorPosition(0)  # a long summary shows its beginning ("Về việc…"), not its end
        self.permanent.setChecked(bool(meta.get("vinh_vien")))
        self.kind.setText(str(record.get("result_type") or (record.get("separator") or {}).get("result_type") or ""))
        pages = record.get("pages") or []
        self.heading.setText(self.tr("Document %1 (%2 pages)").replace("%1", f"{n:03d}").replace("%2", str(len(pages))))
        confirmed = record.get("state") == CONFIRMED
        self.state.setText(self.tr("Confirmed: Enter confirms again with what is typed.") if confirmed
                           else self.tr("Pre-read by OCR: check each field against the page."))
        first = self.fields["so_ky_hieu"]
        first.setFocus()
        first.selectAll()
        self.preview.show_image(None, None)
        folder = self.folder
        self.ctx.runner.start(lambda _task: QImage.fromData(first_page_png(folder, record) or b""),
                              on_done=lambda image: self._preview(n, image))

    def _preview(self, n: int, image: QImage) -> None:
        if self.index >= 0 and self.records[self.index][0] == n:  # a late picture of a record left already
            self.preview.show_image(n, image)

    def step(self, step: int) -> None:
        if self.records and 0 <= self.index + step < len(self.records):
            self.show_record(self.index + step)

    # -- the verb ---------------------------------------------------------------------------------------------
    def confirm(self) -> None:
        if self.busy or self.index < 0:
            return
        n, _ = self.records[self.index]
        changes: dict[str, str | None] = {name: edit.text() for name, edit in self.fields.items()}
        permanent = self.permanent.isChecked()
        if permanent:
            changes["hieu_luc_den"] = ""
        kind, folder, store, settings = self.kind.text(), self.folder, self.ctx.store, self.ctx.settings
        # the day's signing session once the station has loaded (one PIN for the day); before it, the station's key
        signer = self.ctx.service.results.signer if self.ctx.ready else None

        def work(task: Task) -> tuple[int, dict[str, Any], dict[str, Any]]:
            queue = ReviewQueue(folder)  # confirmed, stamped as a copy, kept and queued for the data store at once
            sender = BacklogSender(store, settings, queue, signer=signer, pin=PinBridge(task))
            record, _queued = sender.confirm(n, changes, result_type=kind, vinh_vien=permanent)
            return n, record, queue.summary()

        self.busy = True
        task = self.ctx.runner.start(work, on_done=self._confirmed, on_error=self._failed)
        task.item.connect(self._ask_pin)

    def _ask_pin(self, request: object) -> None:
        """Stamping the copy asks for the PIN from the worker: the same dialog as for the components."""
        if isinstance(request, PinRequest):
            dialog = PinDialog(request.info, self)
            request.reply(dialog.value() if dialog.exec() == PinDialog.DialogCode.Accepted else None)

    def _confirmed(self, done: tuple[int, dict[str, Any], dict[str, Any]]) -> None:
        self.busy = False
        n, record, summary = done
        index = next(i for i, (m, _) in enumerate(self.records) if m == n)
        self.records[index] = (n, record)
        self.list.item(index).setText(self._line(n, record))
        self._summarize(summary)
        fixed = ", ".join(self.labels.get(f, f) for f in record.get("corrected") or []) or "—"
        self.status.setText(self.tr("Document %1 confirmed; corrected: %2.").replace("%1", f"{n:03d}")
                            .replace("%2", fixed))
        after = [i for i in (*range(index + 1, len(self.records)), *range(index))
                 if self.records[i][1].get("state") != CONFIRMED]
        if after:
            self.show_record(after[0])
        else:
            self.status.setText(self.status.text() + " " + self.tr("Every document of the batch is confirmed."))
            self.show_record(index)
