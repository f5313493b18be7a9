"""What every screen shares: the settings, the counter service, the task runner and the station's defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from app.core.config import Settings
from app.core.errors import SohoaError
from app.counter.service import CounterService
from scanner.errors import DeviceError
from ui.i18n import Translations
from ui.workers import Runner


@dataclass
class StationDefaults:
    """Embedded defaults for a fresh station: the simulated feeder with sample pages when no scanner is set."""

    device: str = ""
    devices: list[tuple[str, str]] = field(default_factory=list)  # (device name, label)


class AppContext:
    def __init__(self, settings: Settings, service: CounterService, translations: Translations,
                 runner: Runner | None = None) -> None:
        self.settings = settings
        self.service = service
        self.translations = translations
        self.runner = runner or Runner()
        self.defaults = StationDefaults(device=settings.scan.device)

    def apply(self, saved: Settings) -> None:
        """Settings saved in the dialog: what the core reads at each use (checks, OCR, signing) applies at once, in
        the object the service shares; the scanner, the server, the data folder and the language at restart."""
        self.settings.checks = saved.checks
        self.settings.ocr = saved.ocr
        self.settings.signing = saved.signing

    @property
    def lang(self) -> str:
        return self.translations.language

    def error_text(self, error: BaseException) -> str:
        """The clerk's sentence for an error (typed errors speak for themselves; anything else is a bug)."""
        if isinstance(error, SohoaError | DeviceError):
            return error.user_message(self.lang)
        return QCoreApplication.translate(
            "AppContext", "An unexpected error occurred. The details were written to the log; "
            "please tell the administrator.")
