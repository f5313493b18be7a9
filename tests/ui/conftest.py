"""The counter window on an isolated station, offscreen, with a fast simulated feeder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.config import load_settings
from app.counter.service import CounterService
from app.counter.station import StationSetup, load_sample_catalog
from tests.counter_fixtures import APPLICANT


@pytest.fixture
def window(qtbot, isolated_station: Path, fast_feeder: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ui.context import AppContext
    from ui.i18n import Translations
    from ui.main_window import MainWindow
    from ui.workers import Runner

    app = QApplication.instance()
    translations = Translations(app)
    translations.use("vi")
    service = CounterService(load_settings())
    load_sample_catalog(service.store)
    ctx = AppContext(service.settings, service, translations, Runner())
    win = MainWindow(ctx)
    qtbot.addWidget(win, before_close_func=_end_scan)  # pytest-qt closes the window before this fixture ends
    device = f"sim:{fast_feeder}?ppm=600"
    win.start(StationSetup(device=device, devices=[(device, "Khay nạp thử")]))
    win.workspace.check_after_scan = False  # OCR checks cost seconds: only the tests about them run them
    service.settings.checks.while_scanning = False
    win.show()
    activate(qtbot, win)
    yield win
    win.close()  # waits for the workers, stops delivering their results
    ctx.runner.close(30000)
    translations.use("en")
    service.close()


def _end_scan(win) -> None:  # type: ignore[no-untyped-def]
    """Closing during a scan asks the clerk first: a test that leaves a scan running ends it here."""
    from PySide6.QtTest import QTest

    scans = win.workspace.scans
    scans.cancel()
    for _ in range(600):  # bounded: 30 s
        if not scans.scanning:
            return
        QTest.qWait(50)


def activate(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    """Make ``widget`` the active window, as the clerk's click would (window shortcuts need it)."""
    from PySide6.QtWidgets import QApplication

    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=5000)


def open_new_dossier(window, qtbot, declared: int = 4) -> int:  # type: ignore[no-untyped-def]
    """A dossier with one must-digitize component, opened in the workspace."""
    service = window.ctx.service
    dossier = service.new_dossier("1.008001", APPLICANT, [])
    service.add_component(dossier, "Tờ khai đề nghị", must_digitize=True, declared_pages=declared)
    window.open_dossier(dossier)
    workspace = window.workspace
    qtbot.waitUntil(lambda: workspace.current_component() is not None
                    and workspace.scan_panel.component is not None, timeout=10000)
    return dossier
