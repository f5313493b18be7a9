"""Issue 14: closing the window during a scan asks first, stops the feeder and keeps every page; the next start
offers each dossier left open, and Enter continues it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.counter.model import unfinished_dossiers
from app.counter.station import StationSetup
from tests.counter_fixtures import APPLICANT
from tests.ui.conftest import activate, open_new_dossier


def _slow_scan(window, qtbot, fast_feeder: Path) -> object:  # type: ignore[no-untyped-def]
    open_new_dossier(window, qtbot, declared=4)
    panel = window.workspace.scan_panel
    slow = f"sim:{fast_feeder}?ppm=20"
    panel.set_devices([(slow, "chậm")], slow)
    panel.start_scan()
    qtbot.waitUntil(lambda: len(panel.thumbs) >= 1, timeout=20000)
    return panel


def test_closing_during_a_scan_asks_and_keep_scanning_goes_on(window, qtbot, fast_feeder: Path) -> None:  # type: ignore[no-untyped-def]
    _slow_scan(window, qtbot, fast_feeder)
    window.close()
    qtbot.waitUntil(lambda: window.close_question is not None and window.close_question.isVisible(), timeout=5000)
    assert window.isVisible() and window.workspace.scans.scanning
    qtbot.keyClick(window.close_question, Qt.Key.Key_Escape)  # the tired clerk's Esc keeps the scan
    qtbot.waitUntil(lambda: window.close_question is None, timeout=5000)
    assert window.isVisible() and window.workspace.scans.scanning


def test_stop_and_close_keeps_every_page_and_the_next_start_offers_the_dossier(  # type: ignore[no-untyped-def]
        window, qtbot, fast_feeder: Path) -> None:
    panel = _slow_scan(window, qtbot, fast_feeder)
    component = panel.component["id"]
    dossier = window.workspace.dossier["id"]
    arrived: list[int] = []
    window.workspace.scans.page_arrived.connect(lambda thumb: arrived.append(thumb.page.id))
    window.close()
    qtbot.waitUntil(lambda: window.close_question is not None, timeout=5000)
    box = window.close_question
    stop = next(b for b in box.buttons() if "Dừng" in b.text())
    stop.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)
    assert not window.workspace.scans.scanning
    service = window.ctx.service
    kept = [p.id for p in service.dossiers.pages(component)]
    assert 1 <= len(kept) < 4 and set(arrived) <= set(kept) and len(kept) >= len(panel.thumbs)

    unfinished = unfinished_dossiers(service.store.db)
    assert [u.id for u in unfinished] == [dossier]
    window.show()  # the next start, as far as the window is concerned
    activate(qtbot, window)
    window.show_list()
    window.start(StationSetup(device=window.ctx.defaults.device, devices=window.ctx.defaults.devices,
                              unfinished=unfinished))
    qtbot.waitUntil(lambda: window.resume_dialog is not None and window.resume_dialog.isVisible(), timeout=5000)
    assert unfinished[0].code in window.resume_dialog.list.item(0).text()
    qtbot.keyClick(window.resume_dialog.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.workspace
                    and window.workspace.dossier is not None and window.workspace.dossier["id"] == dossier,
                    timeout=10000)
    qtbot.waitUntil(lambda: window.workspace.scan_panel.strip.count() == len(kept), timeout=10000)
    assert QApplication.activeModalWidget() is None


def test_a_dialog_the_clerk_opened_while_loading_is_not_covered_by_the_offer(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+B needs no loaded station: a review opened before the station was ready keeps the keyboard; the dossiers
    left open are told in the status line rather than asked about on top of it (Enter would have opened one)."""
    service = window.ctx.service
    service.new_dossier("1.008001", APPLICANT, [])
    unfinished = unfinished_dossiers(service.store.db)
    assert unfinished
    review = window.review_batch(tmp_path)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is review, timeout=5000)
    window.start(StationSetup(device=window.ctx.defaults.device, devices=window.ctx.defaults.devices,
                              unfinished=unfinished))
    assert window.resume_dialog is None and QApplication.activeModalWidget() is review
    assert window.message.text().startswith(f"{len(unfinished)} hồ sơ còn dở từ lần đóng trước")
    review.reject()
