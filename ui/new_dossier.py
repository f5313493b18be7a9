"""New dossier form: procedure by code or name (type-ahead), the applicant, and the procedure's components as a
checklist (category, must-digitize, exempt). The form checks what it can at once; the service decides. Enter never
discards: it creates the dossier when the form is valid, otherwise it moves to what is missing; closing a form that
holds data asks first. The chip ID card fills the applicant (:class:`ui.card_reader.CardPanel`)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRegularExpression, QStringListModel, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.catalog.model import CatalogComponent, Procedure
from app.core.errors import BadInputError
from app.core.storage import VN_TZ
from app.counter.idcard import open_with_card
from app.dossiers.idcard import IdCard
from app.dossiers.identity import FEMALE, MALE
from app.dossiers.model import Applicant
from app.dossiers.queue import parse_ticket
from ui import labels
from ui.card_reader import CardPanel
from ui.context import AppContext
from ui.identity_box import IdentityBox


class NewDossierDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.procedure: Procedure | None = None
        self.found: dict[str, Procedure] = {}
        self.dossier_id: int | None = None
        self.extras: list[CatalogComponent] = []  # papers outside the catalog, typed by the clerk
        self.setWindowTitle(self.tr("New dossier"))
        self.setMinimumWidth(760)

        self.procedure_edit = QLineEdit()
        self.procedure_edit.setPlaceholderText(
            self.tr("Type a procedure code or part of its name, e.g. 1.000948 or hộ chiếu"))
        self.completer_model = QStringListModel(self)
        # the catalog's own search ranks and folds accents ("ho chieu" finds "hộ chiếu"): the popup shows its
        # answer as it is, never filtered again by the completer's accent-sensitive matching
        self.completer = QCompleter(self.completer_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.activated.connect(self._choose)
        self.procedure_edit.setCompleter(self.completer)
        self.procedure_name = QLabel()
        self.procedure_name.setObjectName("Hint")
        self.procedure_name.setWordWrap(True)
        self.procedure_edit.textEdited.connect(lambda _text: self._search())
        self.procedure_edit.editingFinished.connect(lambda: self._choose(self.procedure_edit.text()))

        self.name_edit = QLineEdit()
        self.id_edit = QLineEdit()
        self.id_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), self))
        self.id_edit.setPlaceholderText(self.tr("12 digits"))
        self.birth_edit = QLineEdit()
        self.birth_edit.setPlaceholderText(self.tr("dd/mm/yyyy (optional)"))
        self.sex_box = QComboBox()
        for label, value in (("", ""), (self.tr("Male"), MALE), (self.tr("Female"), FEMALE)):
            self.sex_box.addItem(label, value)
        self.sex_box.currentIndexChanged.connect(lambda _i: self._validate())
        self.phone_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.ticket_edit = QLineEdit()  # typed, or read by a barcode reader from the queue ticket
        self.ticket_edit.setPlaceholderText(self.tr("e.g. A042, or A042 08:15 with the time on the slip (optional)"))
        for edit in (self.name_edit, self.id_edit, self.birth_edit, self.phone_edit, self.ticket_edit):
            edit.textChanged.connect(self._validate)
        self.discard_box: QMessageBox | None = None  # open while closing a form with data asks first
        self.card = CardPanel(ctx, self)
        self.card.card_read.connect(self.fill_card)

        self.components = QTreeWidget()
        self.components.setHeaderLabels([self.tr("Component"), self.tr("Category"), self.tr("Must digitize"),
                                         self.tr("Exempt from scanning")])
        self.components.setRootIsDecorated(False)
        self.components.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.components.setMinimumHeight(170)
        self.components.itemChanged.connect(lambda *_: self._validate())
        self.extra_edit = QLineEdit()
        self.extra_edit.setPlaceholderText(self.tr("Another paper not in the catalog (name, then Enter)"))
        self.extra_edit.returnPressed.connect(self._add_extra)

        self.message = QLabel()
        self.message.setObjectName("Hint")
        self.message.setWordWrap(True)
        self.create_button = QPushButton(self.tr("Create dossier (Ctrl+Enter)"))
        self.create_button.setObjectName("Primary")
        self.create_button.clicked.connect(self._create)
        create = QAction(self)
        create.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        create.triggered.connect(self._create)
        self.addAction(create)
        cancel = QPushButton(self.tr("Cancel (Esc)"))
        cancel.clicked.connect(self.reject)
        for button in (self.create_button, cancel):  # Enter is the form's (keyPressEvent), never a button's
            button.setAutoDefault(False)
            button.setDefault(False)

        form = QFormLayout()
        form.addRow(self.tr("&Procedure:"), self.procedure_edit)
        form.addRow("", self.procedure_name)
        form.addRow(self.tr("ID card:"), self.card)
        form.addRow(self.tr("Applicant's &full name:"), self.name_edit)
        form.addRow(self.tr("Personal &ID number:"), self.id_edit)
        born = QHBoxLayout()
        born.addWidget(self.birth_edit, 1)
        sex_label = QLabel(self.tr("Se&x:"))
        sex_label.setBuddy(self.sex_box)  # a label's mnemonic works (and is not shown as "&") only with a buddy
        born.addWidget(sex_label)
        born.addWidget(self.sex_box)
        birth_label = QLabel(self.tr("Date of &birth:"))
        birth_label.setBuddy(self.birth_edit)
        form.addRow(birth_label, born)
        self.identity = IdentityBox(ctx, self.applicant, self)
        form.addRow(self.tr("e-ID:"), self.identity)
        form.addRow(self.tr("P&hone:"), self.phone_edit)
        form.addRow(self.tr("&Address:"), self.address_edit)
        form.addRow(self.tr("Queue &ticket:"), self.ticket_edit)
        applicant = QGroupBox(self.tr("Procedure and applicant"))
        applicant.setLayout(form)
        checklist = QGroupBox(self.tr("Components submitted (tick the papers the citizen handed in)"))
        box = QVBoxLayout(checklist)
        box.addWidget(self.components)
        box.addWidget(self.extra_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addWidget(applicant)
        layout.addWidget(checklist, 1)
        layout.addLayout(buttons)
        self.card.problem.connect(self._card_problem)
        self._validate()
        self._search()
        popup = self.completer.popup()
        self.card.watch(*([popup] if popup is not None else []))  # a USB reader types into the focused field

    # -- procedure --------------------------------------------------------------------------------------------
    def _search(self) -> None:
        """On every keystroke: the catalog answers in milliseconds; an answer for older text is dropped."""
        text = self.procedure_edit.text().strip()
        self.ctx.runner.start(lambda task: self.ctx.service.search_procedures(text, 30),
                              on_done=lambda found: self._found(text, found))

    def _found(self, text: str, procedures: list[Procedure]) -> None:
        if text != self.procedure_edit.text().strip():
            return
        self.found = {self._label(p): p for p in procedures}
        self.completer_model.setStringList(list(self.found))
        chosen = self.procedure is not None and text == self._label(self.procedure)
        if text and self.found and self.procedure_edit.hasFocus() and not chosen:
            self.completer.complete()

    @staticmethod
    def _label(p: Procedure) -> str:
        return f"{p.code} — {p.name}" if p.name else p.code

    def _choose(self, text: str) -> None:
        text = text.strip()
        if not text or (self.procedure is not None and text == self._label(self.procedure)):
            return
        typed = text.split(" — ")[0].strip()
        by_code = {p.code: p for p in self.found.values()}
        if text in self.found:
            code = self.found[text].code
        elif typed not in by_code and len(self.found) == 1:  # words that name exactly one procedure
            code = next(iter(self.found.values())).code
        else:
            code = typed
        self.ctx.runner.start(lambda task: self.ctx.service.procedure(code), on_done=self._show_procedure,
                              on_error=self._procedure_failed)

    def _procedure_failed(self, error: BaseException) -> None:
        self.procedure = None
        self.procedure_name.setText(self.ctx.error_text(error))
        self.components.clear()
        for spec in self.extras:
            self._add_item(spec)
        self._validate()

    def _show_procedure(self, procedure: Procedure) -> None:
        self.procedure = procedure
        self.procedure_edit.setText(self._label(procedure))
        days = self.tr("%n working day(s)", "", procedure.processing_days) if procedure.processing_days else ""
        self.procedure_name.setText(" · ".join(x for x in (procedure.field, days) if x))
        self.components.clear()
        for spec in [*procedure.components, *self.extras]:
            self._add_item(spec)
        self._validate()

    def _is_extra(self, spec: CatalogComponent) -> bool:
        return any(spec is extra for extra in self.extras)

    def _add_item(self, spec: CatalogComponent) -> None:
        category = self.tr("Other") if self._is_extra(spec) else spec.category
        item = QTreeWidgetItem([spec.name, category, self.tr("Yes") if spec.must_digitize else "",
                                labels.exempt_reason(spec.exempt_reason)])
        item.setData(0, Qt.ItemDataRole.UserRole, spec)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked)
        if spec.exempt_reason:
            for col in range(4):
                item.setForeground(col, Qt.GlobalColor.darkGray)
            item.setToolTip(0, self.tr("Exempt components are recorded but cannot be scanned."))
        self.components.addTopLevelItem(item)

    def _add_extra(self) -> None:
        name = self.extra_edit.text().strip()
        if name:
            spec = CatalogComponent(code="", name=name)
            self.extras.append(spec)
            self._add_item(spec)
            self.extra_edit.clear()
            self._validate()

    # -- applicant --------------------------------------------------------------------------------------------
    def applicant(self) -> Applicant:
        typed = self.birth_edit.text().strip()
        try:
            birth = datetime.strptime(typed, "%d/%m/%Y").date().isoformat() if typed else ""
        except ValueError:
            birth = typed  # the core names it invalid
        return Applicant(self.name_edit.text(), self.id_edit.text(), self.phone_edit.text(), self.address_edit.text(),
                         birth_date=birth, sex=str(self.sex_box.currentData() or ""))

    def _card_problem(self, text: str) -> None:
        self._validate()
        self.message.setText(text)

    def fill_card(self, card: IdCard) -> None:
        """The card's fields, then the phone (the card does not hold it); what disagrees with the ID's structure shows
        as the form's warning."""
        self.name_edit.setText(card.name)
        self.id_edit.setText(card.personal_id)
        self.birth_edit.setText(card.birth.strftime("%d/%m/%Y"))
        self.sex_box.setCurrentIndex(max(0, self.sex_box.findData(card.sex)))
        self.address_edit.setText(card.address)
        self._validate()
        if not self.phone_edit.text().strip():
            self.phone_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen_components(self) -> list[CatalogComponent]:
        chosen = []
        for row in range(self.components.topLevelItemCount()):
            item = self.components.topLevelItem(row)
            if item is not None and item.checkState(0) == Qt.CheckState.Checked:
                chosen.append(item.data(0, Qt.ItemDataRole.UserRole))
        return chosen

    def _validate(self) -> bool:
        applicant = self.applicant()
        problems: dict[str, str] = {}
        for field, vi, en in applicant.problems():  # every problem of a field (the ID may have several)
            problems[field] = " ".join(x for x in (problems.get(field), vi if self.ctx.lang == "vi" else en) if x)
        warnings = [vi if self.ctx.lang == "vi" else en for _field, vi, en in applicant.warnings()]
        ticket = self.ticket_problem()
        if ticket:
            problems["ticket"] = ticket
        for field, edit in (("name", self.name_edit), ("personal_id", self.id_edit), ("birth_date", self.birth_edit),
                            ("phone", self.phone_edit), ("ticket", self.ticket_edit)):
            bad = field in problems and bool(edit.text())
            edit.setProperty("invalid", bad)
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        has_procedure = bool(self.procedure_edit.text().strip())
        ok = not problems and has_procedure and bool(self.chosen_components())
        if not has_procedure:
            self.message.setText(self.tr("Choose the procedure first."))
        elif problems:
            self.message.setText(next(iter(problems.values())))
        elif not self.chosen_components():
            self.message.setText(self.tr("Tick at least one component."))
        elif warnings:
            self.message.setText(" ".join([*warnings, self.tr("Check the paper; Enter still creates the dossier.")]))
        else:
            self.message.setText(self.tr("Ready: Enter creates the dossier and starts the counter timer."))
        self.create_button.setEnabled(ok)
        return ok

    def ticket_problem(self) -> str:
        """Why the queue ticket typed is not one ("" when it is, or when none was typed)."""
        try:
            parse_ticket(self.ticket_edit.text(), datetime.now(VN_TZ))
        except BadInputError as error:
            return error.message_vi if self.ctx.lang == "vi" else error.message_en
        return ""

    # -- the keyboard: Enter moves on or creates, closing asks --------------------------------------------------
    def _fields(self) -> list[tuple[QWidget, bool]]:
        """The form's fields in order, each with whether it still lacks something."""
        problems = {field for field, _vi, _en in self.applicant().problems()}
        return [(self.procedure_edit, not self.procedure_edit.text().strip()),
                (self.name_edit, "name" in problems), (self.id_edit, "personal_id" in problems),
                (self.birth_edit, "birth_date" in problems), (self.sex_box, "sex" in problems),
                (self.phone_edit, "phone" in problems), (self.address_edit, False),
                (self.ticket_edit, bool(self.ticket_problem())),
                (self.components, not self.chosen_components())]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)  # Esc: reject(), which asks when the form has data
            return
        event.accept()
        focus = self.focusWidget()
        if focus is self.extra_edit:
            return  # its returnPressed adds the paper
        if isinstance(focus, QAbstractButton):
            focus.click()
            return
        if self._validate():
            self._create()
            return
        fields = self._fields()
        here = next((i for i, (widget, _lacks) in enumerate(fields) if widget is focus), -1)
        after = fields[here + 1:] + fields[:here + 1]
        target = next((widget for widget, lacks in after if lacks), None)
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)

    def has_data(self) -> bool:
        edits = (self.procedure_edit, self.name_edit, self.id_edit, self.birth_edit, self.phone_edit,
                 self.address_edit, self.extra_edit, self.ticket_edit)
        return any(e.text().strip() for e in edits) or bool(self.extras) or self.sex_box.currentIndex() > 0

    def reject(self) -> None:
        """Esc, Cancel or the window's close button: a form holding data is discarded only when the clerk says so."""
        if self.dossier_id is not None or not self.has_data() or self.discard_box is not None:
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Discard the new dossier?"),
                          self.tr("The form holds data that is not saved. Discard it?"), parent=self)
        discard = box.addButton(self.tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self.discard_box = box

        def closed(_result: int) -> None:
            if box.clickedButton() is discard:
                super(NewDossierDialog, self).reject()
            self.discard_box = None

        box.finished.connect(closed)
        box.open()

    def _create(self) -> None:
        if not self._validate():
            return
        code = self.procedure.code if self.procedure else self.procedure_edit.text().split(" — ")[0].strip()
        applicant, chosen, sides = self.applicant(), self.chosen_components(), self.card.sides
        ticket = self.ticket_edit.text()
        components = [c for c in chosen if not self._is_extra(c)]
        extra = [c.name for c in chosen if self._is_extra(c)]
        self.create_button.setEnabled(False)
        self.ctx.runner.start(lambda task: open_with_card(self.ctx.service, code, applicant, components, extra, sides,
                                                          ticket),
                              on_done=self._created, on_error=self._failed)

    def _created(self, dossier_id: int) -> None:
        self.dossier_id = dossier_id
        self.identity.attach(dossier_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(self.ctx.error_text(error))
        self.create_button.setEnabled(True)
