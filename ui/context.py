"""What every screen shares: the settings, the station's store, the counter service (once loaded), the task runner
and the station's defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.core.config import Settings
from app.core.errors import SohoaError
from app.core.storage import Store
from scanner.errors import DeviceError
from ui.i18n import Translations
from ui.workers import Runner

if TYPE_CHECKING:  # the service module loads OCR, signing and the pipeline: after the window shows (ui.main)
    from app.counter.service import CounterService


@dataclass
class StationDefaults:
    """Embedded defaults for a fresh station: the simulated feeder with sample pages when no scanner is set."""

    device: str = ""
    devices: list[tuple[str, str]] = field(default_factory=list)  # (device name, label)


class AppContext:
    """``service`` may come later (:meth:`attach`): the window shows and fills today's list from ``store`` first."""

    def __init__(self, settings: Settings, service: CounterService | None, translations: Translations,
                 runner: Runner | None = None, store: Store | None = None) -> None:
        self.settings = settings
        self._service = service
        self.store = store or (service.store if service is not None else Store(settings.data_path))
        self.translations = translations
        self.runner = runner or Runner()
        self.defaults = StationDefaults(device=settings.scan.device)

    @property
    def ready(self) -> bool:
        """The counter service has loaded: scanning, signing and the dossier screens can be used."""
        return self._service is not None

    @property
    def service(self) -> CounterService:
        if self._service is None:
            raise RuntimeError("the counter service is still loading")
        return self._service

    def attach(self, service: CounterService) -> None:
        self._service = service

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
