"""Scanning a result in the results window: the simulated feeder's pages are checked, made PDF/A and the record is
pre-read from the first page; a check that blocks keeps the result out; cancel leaves nothing behind."""

from __future__ import annotations

import threading
from pathlib import Path

import pikepdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from app.counter.submit import ComponentFile, submit_dossier
from app.results.decisions import write_decision
from app.results.model import ResultMeta
from app.results.scan import SCANS, ScannedResult
from tests.counter_fixtures import APPLICANT
from tests.ui.conftest import activate
from tests.ui.test_results_window import pdfa_decision, select
from ui.results_dialog import ResultsDialog
from ui.shortcuts import rows
from ui.style import STYLESHEET


def received(window, qtbot, tmp_path: Path) -> ResultsDialog:  # type: ignore[no-untyped-def]
    """A received dossier's results dialog, its own read back (result types, verdicts)."""
    service = window.ctx.service
    paper = pdfa_decision(tmp_path / "to-khai.pdf", 1)
    _, code = submit_dossier(service.store, service.settings, "1.008001", APPLICANT,
                             [ComponentFile("Quyết định", paper, "TP02")], service.settings.sync.targets)
    select(window, qtbot, code)
    window.results_action.trigger()
    [dialog] = window.findChildren(ResultsDialog)
    qtbot.waitUntil(lambda: dialog.kind.count() > 0, timeout=10000)
    return dialog


def scans_left(window) -> list[Path]:  # type: ignore[no-untyped-def]
    folder = window.ctx.service.store.path(SCANS)
    return [p for p in folder.iterdir()] if folder.is_dir() else []


@pytest.mark.slow
def test_scan_a_result_check_it_and_add_it(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    decision, _ = write_decision(tmp_path / "feeder", 5, dpi=200, pages=2)
    window.ctx.defaults.device = f"sim:{tmp_path / 'feeder'}?ppm=600"
    dialog = received(window, qtbot, tmp_path)
    dialog.scanner.profile.setCurrentIndex(dialog.scanner.profile.findData("plain"))
    dialog.scanner.declared.setValue(2)
    dialog.scanner.scan_button.click()
    assert dialog.scanner.cancel_button.isEnabled() and not dialog.add_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.scanned is not None, timeout=120000)
    assert dialog.scanned.pages == 2 and dialog.scanned.ok
    assert dialog.fields["so_ky_hieu"].text() == decision.fields()["so_ky_hieu"]  # read from the first page
    assert dialog.fields["nguoi_ky"].text() == decision.fields()["nguoi_ky"]  # under the signature, page 2
    qtbot.waitUntil(dialog.add_button.isEnabled, timeout=10000)
    dialog.permanent.setChecked(True)
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.added.count() == 1, timeout=60000)
    service = window.ctx.service
    [row] = service.results.results(service.dossiers.by_code(dialog.code)["id"])
    assert row["pages"] == 2 and row["pdfa"] == 1 and row["so_ky_hieu"] == decision.fields()["so_ky_hieu"]
    with pikepdf.open(service.store.path(row["pdf_path"])) as pdf:
        assert len(pdf.pages) == 2
    assert scans_left(window) == []  # the dossier keeps its copy; the scan's folder is gone
    dialog.reject()


def test_a_check_that_blocks_keeps_the_scanned_result_out(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = received(window, qtbot, tmp_path)
    folder = tmp_path / "scan"
    folder.mkdir()
    blocked = ScannedResult(pdfa_decision(folder / "ket-qua.pdf", 3), 1, ResultMeta("12/QĐ-UBND"),
                            [{"code": "page_count_mismatch", "page": None, "severity": "block", "value": 1,
                              "message_vi": "Thiếu trang so với bản giấy.", "message_en": "A page is missing."}])
    calls: list[int | None] = []

    def fake_scan(device, options, *, declared=None, cancel=None, progress=None):  # type: ignore[no-untyped-def]
        calls.append(declared)
        return blocked

    window.ctx.service.results.scan = fake_scan
    dialog.scanner.declared.setValue(2)
    dialog.scanner.scan_button.click()
    qtbot.waitUntil(lambda: dialog.scanned is blocked, timeout=10000)
    assert calls == [2]  # the paper's page count is what the scan is checked against
    assert dialog.fields["so_ky_hieu"].text() == "12/QĐ-UBND"
    # which finding blocks, and what the clerk can do, in Vietnamese
    assert dialog.status.text() == (
        "Chưa thêm kết quả đã quét vì kiểm tra phát hiện lỗi chặn. Thiếu trang so với bản giấy. Cách xử lý: đếm lại "
        "số tờ của kết quả bản giấy: đặt tờ bị sót vào khay, hoặc sửa số trang nếu đã khai sai, rồi quét lại (F7). "
        "Hoặc chọn tệp PDF của kết quả.")
    assert not dialog.add_button.isEnabled()

    jammed = tmp_path / "jam"
    jammed.mkdir()
    stopped = ScannedResult(pdfa_decision(jammed / "ket-qua.pdf", 4), 1, ResultMeta(), [],
                            {"code": "paper_jam", "message_vi": "Kẹt giấy trong khay nạp.", "message_en": "Paper jam."})
    window.ctx.service.results.scan = lambda *args, **kwargs: stopped
    dialog.scanner.scan_button.click()
    qtbot.waitUntil(lambda: dialog.scanned is stopped, timeout=10000)
    assert not folder.exists()  # the blocked scan is gone once the clerk scans again
    assert dialog.status.text().startswith("Chưa thêm kết quả đã quét vì khay nạp giấy đã dừng. Kẹt giấy trong khay "
                                           "nạp. Cách xử lý: lấy các tờ còn lại trong khay ra")
    assert not dialog.add_button.isEnabled()
    dialog.reject()  # closing leaves no scanned file behind
    assert not jammed.exists()


def reddish(widget) -> int:  # type: ignore[no-untyped-def]
    """Pixels of the widget drawn in the station's red (text of a danger button)."""
    image = widget.grab().toImage()
    return sum(1 for x in range(image.width()) for y in range(image.height())
               if (c := image.pixelColor(x, y)).red() - max(c.green(), c.blue()) > 60)


def test_the_scan_row_by_keyboard_its_stop_button_and_the_pages_scanned(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    app.setStyleSheet(STYLESHEET)  # the station's look, as `sohoa gui` applies it
    release, listening = threading.Event(), threading.Event()
    try:
        dialog = received(window, qtbot, tmp_path)
        scanner = dialog.scanner
        assert "(F7)" in scanner.scan_button.text()
        assert [keys for keys, _ in rows(window)].count("F7") == 1  # listed under F1, and no window key is F7
        assert "F7" not in {a.shortcut().toString() for a in window.findChildren(QAction)}
        assert not scanner.cancel_button.isEnabled() and reddish(scanner.cancel_button) == 0  # idle: not red
        assert not scanner.progress.isTextVisible()  # no count before a scan (never "0 / 100")

        folder = tmp_path / "scan"
        folder.mkdir()
        scanned = ScannedResult(pdfa_decision(folder / "ket-qua.pdf", 3), 5, ResultMeta("12/QĐ-UBND"))

        def fake_scan(device, options, *, declared=None, cancel=None, progress=None):  # type: ignore[no-untyped-def]
            listening.wait(30)  # the test hears every report
            progress.start(None, "Quét kết quả")
            for n in range(5):
                progress.advance(1, f"trang {n + 1}")
            progress.start(5, "Kiểm tra trang")
            progress.advance(5)
            progress.start(1, "Đọc thông tin kết quả")  # one step, not pages
            release.wait(30)
            progress.finish()
            return scanned

        window.ctx.service.results.scan = fake_scan
        activate(qtbot, dialog)
        reports: list[tuple[int, int, str]] = []
        qtbot.keyClick(dialog, Qt.Key.Key_F7)
        qtbot.waitUntil(lambda: scanner.scanning, timeout=5000)  # a button's shortcut clicks it a moment later
        scanner.task.progressed.connect(lambda *args: reports.append(args))  # after the row's own slot
        listening.set()
        qtbot.waitUntil(lambda: bool(reports) and reports[-1][2] == "Đọc thông tin kết quả", timeout=10000)
        assert scanner.cancel_button.isEnabled() and reddish(scanner.cancel_button) > 0  # red while it runs
        assert scanner.progress.text() == "5 / 5"  # the pages scanned, not the last step's "0 / 1"
        release.set()
        qtbot.waitUntil(lambda: dialog.scanned is scanned, timeout=10000)
        assert scanner.progress.text() == "5 / 5 trang"
        assert not scanner.cancel_button.isEnabled() and reddish(scanner.cancel_button) == 0
        dialog.reject()
    finally:
        release.set()
        listening.set()
        app.setStyleSheet("")


def test_cancel_a_scan_leaves_nothing(window, qtbot, tmp_path: Path, fast_feeder: Path) -> None:  # type: ignore[no-untyped-def]
    window.ctx.defaults.device = f"sim:{fast_feeder}?ppm=2"  # thirty seconds a sheet: the clerk cancels first
    dialog = received(window, qtbot, tmp_path)
    dialog.scanner.scan_button.click()
    assert dialog.scanner.scanning and dialog.scanner.cancel_button.isEnabled()
    assert not dialog.choose_button.isEnabled()  # one source at a time
    dialog.scanner.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.scanner.scanning, timeout=30000)
    assert dialog.choose_button.isEnabled()
    assert dialog.scanned is None and dialog.path is None and not dialog.add_button.isEnabled()
    assert dialog.status.text()  # the core's sentence: cancelled on request
    assert dialog.scanner.scan_button.isEnabled()
    assert scans_left(window) == []
    dialog.reject()
