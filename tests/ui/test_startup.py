"""Start-up: the window shows and fills today's list from the store before the counter service has loaded (saying
"loading", never "no dossier" meanwhile), and what the clerk asks for early runs once the service is there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from app.core.config import load_settings
from app.core.storage import Store
from app.counter.service import CounterService
from app.counter.station import StationSetup, load_sample_catalog
from tests.conftest import ROOT
from tests.counter_fixtures import APPLICANT

pytestmark = pytest.mark.gui


def test_the_list_fills_before_the_service_and_early_actions_wait_for_it(qtbot, qapp,  # type: ignore[no-untyped-def]
                                                                           isolated_station: Path) -> None:
    from ui.context import AppContext
    from ui.i18n import Translations
    from ui.main_window import MainWindow

    seeded = CounterService(load_settings())
    load_sample_catalog(seeded.store)
    seeded.new_dossier("1.008001", APPLICANT, [])
    seeded.close()

    translations = Translations(qapp)
    translations.use("vi")
    settings = load_settings()
    ctx = AppContext(settings, None, translations, store=Store(settings.data_path))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.list_page
    assert page.empty.text() == "Đang tải…"
    window.show()
    with qtbot.waitSignal(page.filled, timeout=10000):
        window.show_list()
    assert page.table.rowCount() == 1 and not ctx.ready and page.empty.isHidden()
    assert page.empty.text().startswith("Hôm nay chưa có hồ sơ nào")  # what an empty day says, once read

    assert window.new_dossier() is None  # the service is still loading: the form opens once it is there
    assert "Đang tải" in window.message.text()
    service = CounterService(settings, ctx.store)
    try:
        ctx.attach(service)
        window.start(StationSetup(device="", devices=[]))
        dialogs = [d for d in window.findChildren(QDialog) if type(d).__name__ == "NewDossierDialog"]
        assert len(dialogs) == 1
        dialogs[0].reject()
    finally:
        ctx.runner.close(30000)
        translations.use("en")
        service.close()


def test_the_window_module_loads_none_of_the_heavy_libraries_before_the_first_paint() -> None:
    """What ``ui.main`` imports runs before the window shows: NumPy (through sqlite-utils or the checks), OpenCV,
    the PDF stack, OCR and signing load later, in the worker that builds the counter service."""
    heavy = ("numpy", "sqlite_utils", "cv2", "pikepdf", "pypdfium2", "pyhanko", "tesserocr", "reportlab")
    probe = f"import sys, ui.main; print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.stdout.split() == [], f"loaded before the first paint: {result.stdout}"


def test_building_the_window_loads_none_of_the_heavy_libraries(isolated_station: Path) -> None:
    """What ``ui.main.run`` does before the window shows (the settings, the store, the window with every screen)
    loads none of them either: the store opens its database (sqlite-utils, NumPy) at first use, in a worker; nor
    the dossier screen and the dialogs (about 0.3 s of the window's own modules), built when first used."""
    heavy = ("numpy", "sqlite_utils", "cv2", "pikepdf", "pypdfium2", "pyhanko", "tesserocr", "reportlab",
             "ui.workspace", "ui.new_dossier", "ui.results_dialog", "ui.review_dialog")
    probe = ("import sys\n"
             "from PySide6.QtWidgets import QApplication\n"
             "from app.core.config import load_settings\n"
             "from app.core.storage import Store\n"
             "from ui.context import AppContext\n"
             "from ui.i18n import Translations\n"
             "from ui.main_window import MainWindow\n"
             "app = QApplication([])\n"
             "settings = load_settings()\n"
             "ctx = AppContext(settings, None, Translations(app), store=Store(settings.data_path, open_now=False))\n"
             "window = MainWindow(ctx)\n"
             f"print(' '.join(m for m in {heavy!r} if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.split() == [], f"loaded before the first paint: {result.stdout}"


def test_the_workers_start_after_the_first_paint(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    """The list's read and the service's load begin once the window has painted, once (their imports would
    otherwise hold the interpreter while the window tries to paint)."""
    from PySide6.QtWidgets import QLabel

    from ui.startup import AfterFirstPaint

    window = QLabel("SoHoa")
    qtbot.addWidget(window)
    began: list[int] = []
    AfterFirstPaint(qapp, window, lambda: began.append(1), at_most_ms=60000)
    qtbot.wait(50)
    assert began == []  # not shown, not painted: nothing starts
    window.show()
    qtbot.waitUntil(lambda: began == [1], timeout=10000)
    window.update()
    window.repaint()
    qtbot.wait(50)
    assert began == [1]  # once
