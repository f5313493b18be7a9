""""Quét CCCD": the applicant's card read on the flatbed (the station's scanner, one pass a side, on a worker with
cancel), from image files, or typed by a USB QR reader, for the new-dossier form. The reading itself is
:mod:`app.capture.idcard`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QFileDialog, QHBoxLayout, QMessageBox, QPushButton, QWidget

from app.capture.idcard import CardReading, combine, flatbed_options, read_file, read_images, scan_glass
from app.core.errors import SohoaError
from app.dossiers.idcard import parse_card
from app.imaging.cardscan import CardImage
from ui.card_wedge import CardWedge
from ui.context import AppContext
from ui.workers import Task

Images = list[tuple[Image.Image, int]]


class CardReader(QObject):
    """Emits ``read`` with a :class:`CardReading` (the form checks it has a card), ``failed`` with the clerk's
    sentence; ``busy`` while a pass or a file is being read."""

    read = Signal(object)
    failed = Signal(str)
    busy = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.task: Task | None = None
        self.files: QFileDialog | None = None
        self.turn_box: QMessageBox | None = None  # open between the two sides' passes

    @property
    def running(self) -> bool:
        return self.task is not None

    def scan(self, both_sides: bool, earlier: Images | None = None) -> None:
        """One pass of the glass on the station's scanner; with ``both_sides`` the clerk turns the card over and a
        second pass follows."""
        device, options = self.ctx.defaults.device, flatbed_options(self.ctx.settings.scan.dpi)
        before = list(earlier or [])

        def work(task: Task) -> Images:
            return [*before, *scan_glass(device, options, task.cancel_token)]

        def done(images: Images) -> None:
            if both_sides and earlier is None:
                self._ask_to_turn(images)
            else:
                self._read(images)

        self._start(work, done)

    def _ask_to_turn(self, images: Images) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Other side"),
                          self.tr("Turn the card over on the glass, then press Enter to scan its other side."),
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, self.parent_widget)
        self.turn_box = box

        def closed(result: int) -> None:
            self.turn_box = None
            if result == QMessageBox.StandardButton.Ok:
                self.scan(True, images)
            else:
                self._read(images)  # one side is enough to read the card

        box.finished.connect(closed)
        box.open()

    def _read(self, images: Images) -> None:
        self._start(lambda task: read_images(images), self.read.emit)

    def choose_files(self) -> QFileDialog:
        """The file dialog (not the platform's, so it never blocks the form); its choice is read at once."""
        files = QFileDialog(self.parent_widget, self.tr("ID card image"), str(Path.home()),
                            self.tr("Images and PDF (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)"))
        files.setFileMode(QFileDialog.FileMode.ExistingFiles)
        files.setOption(QFileDialog.Option.DontUseNativeDialog)
        files.filesSelected.connect(lambda names: self.import_files([Path(n) for n in names]))
        self.files = files
        files.open()
        return files

    def import_files(self, paths: list[Path]) -> None:
        self._start(lambda task: combine(read_file(p) for p in paths), self.read.emit)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _start(self, work: Callable[[Task], Any], done: Callable[[Any], None]) -> None:
        def finished(result: object) -> None:
            self.task = None
            self.busy.emit(False)
            done(result)

        def failed(error: BaseException) -> None:
            self.task = None
            self.busy.emit(False)
            self.failed.emit(self.ctx.error_text(error))

        self.busy.emit(True)
        self.task = self.ctx.runner.start(work, on_done=finished, on_error=failed)


class CardPanel(QWidget):
    """The form's ID-card row ("Quét CCCD", from a file, both sides) and its USB QR reader: ``card_read`` carries
    the :class:`IdCard` read either way, ``problem`` the clerk's sentence when none was."""

    card_read = Signal(object)
    problem = Signal(str)

    def __init__(self, ctx: AppContext, form: QWidget) -> None:
        super().__init__(form)
        self.ctx = ctx
        self.sides: tuple[CardImage, ...] = ()  # the card cut from the glass: the ID-card copy's pages
        self.sides_of = ""  # the personal ID on that card
        self.reader = CardReader(ctx, form)
        self.reader.read.connect(self._read)
        self.reader.failed.connect(self.problem)
        self.reader.busy.connect(self._busy)
        self.scan_button = QPushButton(self.tr("Scan ID card (CCCD)"))
        self.scan_button.clicked.connect(self._scan)
        self.file_button = QPushButton(self.tr("From file…"))
        self.file_button.clicked.connect(self.reader.choose_files)
        self.both_sides = QCheckBox(self.tr("Both sides"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.scan_button, self.file_button, self.both_sides):
            row.addWidget(widget)
        row.addStretch(1)
        for button in (self.scan_button, self.file_button):
            button.setAutoDefault(False)  # Enter is the form's
        self.wedge = CardWedge(form)

    def watch(self, *extra: QWidget) -> None:
        """Once the form's fields exist: a USB QR reader's burst in any of them is the card's."""
        self.wedge.read.connect(self._typed)
        self.wedge.watch(*extra)

    def _scan(self) -> None:
        if self.reader.running:
            self.reader.cancel()
        else:
            self.reader.scan(self.both_sides.isChecked())

    def _busy(self, busy: bool) -> None:
        self.scan_button.setText(self.tr("Stop reading the card") if busy else self.tr("Scan ID card (CCCD)"))
        self.file_button.setEnabled(not busy)

    def _typed(self, text: str) -> None:
        try:
            card = parse_card(text)
        except SohoaError as error:
            self.problem.emit(self.ctx.error_text(error))
            return
        if card.personal_id != self.sides_of:
            self.sides = ()  # the glass held another person's card: its copy is not this applicant's
        self.card_read.emit(card)

    def _read(self, reading: CardReading) -> None:
        try:
            card = reading.require()
        except SohoaError as error:
            self.problem.emit(self.ctx.error_text(error))
            return
        self.sides, self.sides_of = reading.sides, card.personal_id
        self.card_read.emit(card)
