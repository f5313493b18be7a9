"""The applicant's e-ID status in the new-dossier form: one button asks the identity source (on a worker); offline
the clerk picks what the citizen's VNeID app shows, kept as such; without an account the registration guide is
printed. The answer is put on the dossier once it is created."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.dossiers.model import Applicant
from app.lookups.model import CITIZEN_APP, IdentityAnswer, LookupUnavailable
from ui.context import AppContext

if TYPE_CHECKING:  # the desk comes with the counter service, loaded after the window's first paint
    from app.counter.identity import IdentityDesk


class IdentityBox(QWidget):
    answered = Signal(object)  # IdentityAnswer
    guide_ready = Signal(object)  # the guide's path

    def __init__(self, ctx: AppContext, applicant: Callable[[], Applicant], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.applicant = applicant
        self.answer: IdentityAnswer | None = None
        self.open_externally = True  # tests keep the viewer closed
        self.check_button = QPushButton(self.tr("Check e-ID (Ctrl+E)"))
        self.check_button.clicked.connect(self.check)
        action = QAction(self)
        action.setShortcut(QKeySequence("Ctrl+E"))
        action.triggered.connect(self.check)
        self.addAction(action)
        self.status = QLabel(self.tr("Not checked"))
        self.status.setWordWrap(True)
        self.app_choice = QComboBox()  # offline: what the citizen's VNeID app shows
        for label, value in ((self.tr("Citizen's VNeID app shows…"), None), (self.tr("Level 2 account"), 2),
                             (self.tr("Level 1 account"), 1), (self.tr("No account"), 0)):
            self.app_choice.addItem(label, value)
        self.app_choice.currentIndexChanged.connect(self._app_chosen)
        self.app_choice.hide()
        self.guide_button = QPushButton(self.tr("Print the registration guide"))
        self.guide_button.clicked.connect(self.print_guide)
        self.guide_button.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check_button)
        row.addWidget(self.status, 1)
        row.addWidget(self.app_choice)
        row.addWidget(self.guide_button)

    def check(self) -> None:
        who = self.applicant()
        self.status.setText(self.tr("Asking…"))
        self.ctx.runner.start(lambda task: self.desk.check(who.personal_id, who.name, who.birth_date),
                              on_done=self._show, on_error=self._failed)

    def _show(self, answer: IdentityAnswer) -> None:
        self.answer = answer
        if answer.vneid:
            text = self.tr("e-ID account, level %1").replace("%1", str(answer.ial or "?"))
        elif answer.known:
            text = self.tr("Known, but no e-ID (VNeID) account: give the registration guide")
        else:
            text = self.tr("Not found with this name and date of birth; check the ID card")
        if answer.source == CITIZEN_APP:
            text += " " + self.tr("(as the citizen's app shows)")
        self.status.setText(text)
        self.guide_button.setVisible(not answer.vneid)
        self.answered.emit(answer)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(self.ctx.error_text(error))
        if isinstance(error, LookupUnavailable):
            self.app_choice.show()

    def _app_chosen(self, _index: int) -> None:
        level: Any = self.app_choice.currentData()
        if level is None:
            return
        has = bool(level)
        self._show(IdentityAnswer(known=has, vneid=has, ial=level or None, source=CITIZEN_APP))

    def attach(self, dossier_id: int) -> None:
        """The dossier exists: keep the answer on it (a reading of the citizen's app is recorded as such)."""
        answer = self.answer
        if answer is None:
            return
        if answer.source == CITIZEN_APP:
            self.ctx.runner.start(lambda task: self.desk.record_app(dossier_id, vneid=answer.vneid, ial=answer.ial))
        else:
            self.ctx.runner.start(lambda task: self.desk.keep(dossier_id, answer))

    @property
    def desk(self) -> IdentityDesk:
        return self.ctx.service.identity  # the form opens once the service is there (MainWindow._when_ready)

    def print_guide(self) -> None:
        name, desk = self.applicant().name, self.desk
        self.ctx.runner.start(lambda task: desk.guide(name), on_done=self._guide_done, on_error=self._failed)

    def _guide_done(self, path: Any) -> None:
        self.guide_ready.emit(path)
        if self.open_externally:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
