"""New dossier form: procedure by code or name (type-ahead), the applicant, and the procedure's components as a
checklist (category, must-digitize, exempt). The form checks what it can at once; the service decides."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, QStringListModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.catalog.model import CatalogComponent, Procedure
from app.dossiers.model import Applicant
from ui import labels
from ui.context import AppContext


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
        completer = QCompleter(self.completer_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._choose)
        self.procedure_edit.setCompleter(completer)
        self.procedure_name = QLabel()
        self.procedure_name.setObjectName("Hint")
        self.procedure_name.setWordWrap(True)
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self._search)
        self.procedure_edit.textEdited.connect(lambda _text: self._search_timer.start())
        self.procedure_edit.editingFinished.connect(lambda: self._choose(self.procedure_edit.text()))

        self.name_edit = QLineEdit()
        self.id_edit = QLineEdit()
        self.id_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), self))
        self.id_edit.setPlaceholderText(self.tr("12 digits"))
        self.phone_edit = QLineEdit()
        self.address_edit = QLineEdit()
        for edit in (self.name_edit, self.id_edit, self.phone_edit):
            edit.textChanged.connect(self._validate)

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

        form = QFormLayout()
        form.addRow(self.tr("&Procedure:"), self.procedure_edit)
        form.addRow("", self.procedure_name)
        form.addRow(self.tr("Applicant's &full name:"), self.name_edit)
        form.addRow(self.tr("Personal &ID number:"), self.id_edit)
        form.addRow(self.tr("P&hone:"), self.phone_edit)
        form.addRow(self.tr("&Address:"), self.address_edit)
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
        self._validate()
        self._search()

    # -- procedure --------------------------------------------------------------------------------------------
    def _search(self) -> None:
        text = self.procedure_edit.text().strip()
        self.ctx.runner.start(lambda task: self.ctx.service.search_procedures(text, 30), on_done=self._found)

    def _found(self, procedures: list[Procedure]) -> None:
        self.found = {self._label(p): p for p in procedures}
        self.completer_model.setStringList(list(self.found))

    @staticmethod
    def _label(p: Procedure) -> str:
        return f"{p.code} — {p.name}" if p.name else p.code

    def _choose(self, text: str) -> None:
        text = text.strip()
        if not text or (self.procedure is not None and text == self._label(self.procedure)):
            return
        code = self.found[text].code if text in self.found else text.split(" — ")[0].strip()
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
        return Applicant(self.name_edit.text(), self.id_edit.text(), self.phone_edit.text(), self.address_edit.text())

    def chosen_components(self) -> list[CatalogComponent]:
        chosen = []
        for row in range(self.components.topLevelItemCount()):
            item = self.components.topLevelItem(row)
            if item is not None and item.checkState(0) == Qt.CheckState.Checked:
                chosen.append(item.data(0, Qt.ItemDataRole.UserRole))
        return chosen

    def _validate(self) -> bool:
        problems = {field: vi if self.ctx.lang == "vi" else en for field, vi, en in self.applicant().problems()}
        for field, edit in (("name", self.name_edit), ("personal_id", self.id_edit), ("phone", self.phone_edit)):
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
        else:
            self.message.setText(self.tr("Ready: Ctrl+Enter creates the dossier and starts the counter timer."))
        self.create_button.setEnabled(ok)
        return ok

    def _create(self) -> None:
        if not self._validate():
            return
        code = self.procedure.code if self.procedure else self.procedure_edit.text().split(" — ")[0].strip()
        applicant, chosen = self.applicant(), self.chosen_components()
        components = [c for c in chosen if not self._is_extra(c)]
        extra = [c.name for c in chosen if self._is_extra(c)]
        self.create_button.setEnabled(False)
        self.ctx.runner.start(lambda task: self.ctx.service.new_dossier(code, applicant, components, extra),
                              on_done=self._created, on_error=self._failed)

    def _created(self, dossier_id: int) -> None:
        self.dossier_id = dossier_id
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(self.ctx.error_text(error))
        self.create_button.setEnabled(True)
