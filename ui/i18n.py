"""Qt translations: the interface's source text is English, the Vietnamese translation (``sohoa_vi.qm``, built from
``resources/translations/sohoa_vi.ts`` by ``make translations``) is loaded by default, with ``qt_standard_vi`` for
the standard buttons of Qt's message boxes and button boxes, and Qt's own file dialog."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger("sohoa.ui")

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}


def translations_dir() -> Path:
    return ROOT / "resources" / "translations"


class Translations:
    """Installs the station's and Qt's own translators for one language; switching replaces them."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.language = "en"
        self._installed: list[QTranslator] = []

    def use(self, language: str) -> bool:
        """Switch language; returns False (and keeps English) when the translation file is missing."""
        for translator in self._installed:
            self.app.removeTranslator(translator)
        self._installed.clear()
        self.language = language if language in LANGUAGES else "vi"
        if self.language == "en":
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
            return True
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        ours = QTranslator(self.app)
        if not ours.load(f"sohoa_{self.language}", str(translations_dir())):
            log.warning("translation sohoa_%s.qm missing in %s (run: make translations)",
                        self.language, translations_dir())
            self.language = "en"
            return False
        self._install(ours)
        standard = QTranslator(self.app)  # Qt's standard buttons (OK, Cancel, Yes…): Qt ships no Vietnamese qtbase
        if standard.load(f"qt_standard_{self.language}", str(translations_dir())):
            self._install(standard)
        qt_own = QTranslator(self.app)
        if qt_own.load(f"qtbase_{self.language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            self._install(qt_own)
        return True

    def _install(self, translator: QTranslator) -> None:
        self.app.installTranslator(translator)
        self._installed.append(translator)
