"""Station settings: scanner and profile, signing (certificate file or token), destination server, OCR languages,
data folder and interface language. Saved to the settings file; secrets (PINs, tokens) never go there."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.capture.profiles import PROFILES
from app.core.config import Settings, save_settings
from ui.context import AppContext
from ui.i18n import LANGUAGES


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, devices: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings: Settings = copy.deepcopy(ctx.settings)
        s = self.settings
        self.setWindowTitle(self.tr("Settings"))
        tabs = QTabWidget()

        self.device = QComboBox()
        self.device.addItem(self.tr("Embedded simulated feeder (sample pages)"), "")
        for name, label in devices:
            if name != ctx.defaults.device or name == s.scan.device:  # the demo feeder is the entry above
                self.device.addItem(label, name)
        self.device.setCurrentIndex(max(0, self.device.findData(s.scan.device)))
        self.profile = QComboBox()
        for item in PROFILES:
            self.profile.addItem(item.name(ctx.lang), item.key)
        match = next((i for i, p in enumerate(PROFILES) if p.dpi == s.scan.dpi and p.source.value == s.scan.source
                      and p.mode.value == s.scan.mode), 0)
        self.profile.setCurrentIndex(match)
        tabs.addTab(self._form((self.tr("&Scanner:"), self.device), (self.tr("Default &profile:"), self.profile)),
                    self.tr("Scanner"))

        self.sign_method = QComboBox()
        for key, text in (("demo", self.tr("DEMO certificate (training only)")),
                          ("p12", self.tr("Certificate file (.p12/.pfx)")), ("pkcs11", self.tr("USB token (PKCS#11)"))):
            self.sign_method.addItem(text, key)
        self.sign_method.setCurrentIndex(max(0, self.sign_method.findData(s.signing.method)))
        self.p12 = QLineEdit(s.signing.p12_path)
        self.module = QLineEdit(s.signing.pkcs11_module)
        self.token = QLineEdit(s.signing.token_label)
        self.copy_kind = QLineEdit(s.signing.copy_kind)
        self.visible = QCheckBox(self.tr("Visible signature text on page 1"))
        self.visible.setChecked(s.signing.visible)
        tabs.addTab(self._form((self.tr("&Method:"), self.sign_method), (self.tr("Certificate file:"), self.p12),
                               (self.tr("Token library:"), self.module), (self.tr("Token label:"), self.token),
                               (self.tr("Kind of copy:"), self.copy_kind), ("", self.visible)), self.tr("Signing"))

        self.server = QLineEdit(s.sync.server)
        self.server.setPlaceholderText(self.tr("empty: the reference receiver on this computer (demo)"))
        self.ca_bundle = QLineEdit(s.sync.ca_bundle)
        self.purge = QLineEdit(str(s.sync.purge_after_days))
        tabs.addTab(self._form((self.tr("Destination &server:"), self.server), (self.tr("CA bundle:"), self.ca_bundle),
                               (self.tr("Delete local copies after (days):"), self.purge)), self.tr("Server"))

        self.languages = QComboBox()
        for value, text in (("vie+eng", self.tr("Vietnamese + English")), ("vie", self.tr("Vietnamese")),
                            ("eng", self.tr("English"))):
            self.languages.addItem(text, value)
        self.languages.setCurrentIndex(max(0, self.languages.findData(s.ocr.languages)))
        tabs.addTab(self._form((self.tr("OCR &languages:"), self.languages)), self.tr("OCR"))

        self.data_dir = QLineEdit(s.data_dir)
        self.data_dir.setPlaceholderText(str(ctx.settings.data_path))
        self.ui_language = QComboBox()
        for key, text in LANGUAGES.items():
            self.ui_language.addItem(text, key)
        self.ui_language.setCurrentIndex(max(0, self.ui_language.findData(s.station.language)))
        note = QLabel(self.tr("Checks, OCR and signing settings apply at once; the scanner, the server, the data "
                              "folder and the language when the station restarts."))
        note.setObjectName("Hint")
        note.setWordWrap(True)
        tabs.addTab(self._form((self.tr("&Data folder:"), self.data_dir), (self.tr("&Interface language:"),
                                                                           self.ui_language), ("", note)),
                    self.tr("Station"))

        self.message = QLabel()
        self.message.setObjectName("Hint")
        save = QPushButton(self.tr("Save (Ctrl+S)"))
        save.setObjectName("Primary")
        save.setShortcut("Ctrl+S")
        save.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Cancel (Esc)"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addLayout(buttons)
        self.resize(620, 380)

    @staticmethod
    def _form(*rows: tuple[str, QWidget]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for label, widget in rows:
            form.addRow(label, widget)
        return page

    def collect(self) -> Settings:
        s = self.settings
        s.scan.device = self.device.currentData() or ""
        chosen = PROFILES[self.profile.currentIndex()]
        s.scan.source, s.scan.dpi, s.scan.mode = chosen.source.value, chosen.dpi, chosen.mode.value
        s.signing.method = self.sign_method.currentData()
        s.signing.p12_path, s.signing.pkcs11_module = self.p12.text().strip(), self.module.text().strip()
        s.signing.token_label, s.signing.copy_kind = self.token.text().strip(), self.copy_kind.text().strip()
        s.signing.visible = self.visible.isChecked()
        s.sync.server, s.sync.ca_bundle = self.server.text().strip(), self.ca_bundle.text().strip()
        s.sync.purge_after_days = int(self.purge.text()) if self.purge.text().strip().isdigit() else 30
        s.ocr.languages = self.languages.currentData()
        s.data_dir = self.data_dir.text().strip()
        s.station.language = self.ui_language.currentData()
        return s

    def save(self) -> None:
        settings = self.collect()
        def saved(_path: object) -> None:
            self.ctx.apply(settings)
            self.accept()

        self.ctx.runner.start(lambda task: save_settings(settings), on_done=saved,
                              on_error=lambda e: self.message.setText(self.ctx.error_text(e)))
