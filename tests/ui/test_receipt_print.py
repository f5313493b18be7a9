"""Printing the receipt: the PDF itself goes through QPrinter at the printer's resolution onto its own paper (A5 stays
A5, the QR code decodes from the print), the print step is the station's own, and a receipt can be printed again from
today's list, each print counted in the report."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QPageSize
from PySide6.QtWidgets import QDialog

from app.core.storage import VN_TZ, Store
from app.reports.figures import Period, build_report
from tests.counter_fixtures import APPLICANT
from tests.ui.conftest import activate


def printed_pages(pdf: Path) -> list[tuple[float, float, str]]:
    """Each printed page's size in points and the text of the one QR code read from it at 200 dpi."""
    document = pdfium.PdfDocument(str(pdf))
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            image = page.render(scale=200 / 72).to_pil()
            found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            assert len(found) == 1, f"page {index + 1}: {len(found)} QR codes"
            pages.append((width, height, found[0].text))
            page.close()
    finally:
        document.close()
    return pages


def issued_receipt(window, paper: str = "A5") -> tuple[int, str, Path]:  # type: ignore[no-untyped-def]
    service = window.ctx.service
    service.settings.station.receipt_paper = paper
    dossier_id = service.new_dossier("1.008050", APPLICANT, [])
    code = service.dossier(dossier_id)["code"]
    return dossier_id, code, service.receipt(dossier_id)


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_printed_receipt_keeps_its_paper_and_its_qr_decodes(window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                              paper: str) -> None:
    from ui.receipt_print import paper_of
    from ui.sign_dialogs import ReceiptDialog

    _dossier_id, code, receipt = issued_receipt(window, paper)
    assert paper_of(receipt) == paper
    out = tmp_path / "printed.pdf"
    dialog = ReceiptDialog(code, receipt, [], window.ctx.runner, window, print_to=out)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=60000):
        assert dialog.print_receipt()
        assert dialog.printing and not dialog.print_button.isEnabled()  # a worker renders; the window stays live
        dialog.reject()  # Esc meanwhile: ignored, the receipt is printed first
        assert dialog.printing
    assert dialog.printed and dialog.result() == QDialog.DialogCode.Accepted
    ((width, height, text),) = printed_pages(out)
    size = QPageSize(QPageSize.PageSizeId.A5 if paper == "A5" else QPageSize.PageSizeId.A4).size(
        QPageSize.Unit.Point)
    assert abs(width - size.width()) < 2 and abs(height - size.height()) < 2
    assert code in text


def test_the_receipt_prints_on_the_window_s_runner_off_the_gui_thread(window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import sign_dialogs
    from ui.sign_dialogs import ReceiptDialog
    from ui.workers import Runner

    _dossier_id, code, receipt = issued_receipt(window)
    release = threading.Event()
    threads: list[bool] = []
    real_print = sign_dialogs.print_pdf

    def held_print(printer, pdf):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread() is threading.main_thread())
        release.wait(30)  # the clerk looks at the dialog while the pages go to the printer
        return real_print(printer, pdf)

    monkeypatch.setattr(sign_dialogs, "print_pdf", held_print)
    dialog = ReceiptDialog(code, receipt, [], window.ctx.runner, window, print_to=tmp_path / "printed.pdf")
    qtbot.addWidget(dialog)
    dialog.open()
    assert not dialog.findChildren(Runner)  # no pool of its own: the window's runner, which closing waits for
    try:
        with qtbot.waitSignal(dialog.accepted, timeout=60000):
            assert dialog.print_receipt()
            assert dialog.note.text() == "Đang in…" and not dialog.print_button.isEnabled()
            assert window.ctx.runner.busy()
            qtbot.waitUntil(lambda: bool(threads), timeout=10000)
            assert threads == [False]  # rendered in a worker, never on the GUI thread
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc while printing: the receipt is printed first
            assert dialog.printing and dialog.isVisible()
            release.set()
    finally:
        release.set()
    assert dialog.printed and code in printed_pages(tmp_path / "printed.pdf")[0][2]


def test_print_step_offers_printer_copies_and_paper_in_vietnamese(window, qtbot,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path) -> None:
    from ui.receipt_print import PrintStep

    step = PrintStep("A5", tmp_path / "r.pdf", window)
    qtbot.addWidget(step)
    assert step.windowTitle() == "In"
    assert step.paper.currentData() == "A5"
    step.copies.setValue(2)
    step.paper.setCurrentIndex(step.paper.findData("A4"))
    step.printer.setCurrentIndex(step.printer.count() - 1)  # the last choice saves a PDF file
    choice = step.choice()
    assert (choice.printer, choice.copies, choice.paper, choice.output) == ("", 2, "A4", tmp_path / "r.pdf")
    assert str(tmp_path / "r.pdf") in step.where.text()


def test_reprint_from_todays_list_is_counted_in_the_report(window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           isolated_station: Path) -> None:
    dossier_id, code, _receipt = issued_receipt(window)
    window.show_list()
    page = window.list_page
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10000)
    page.table.selectRow(0)
    assert page.reprint_button.isEnabled()
    window.workspace.print_to = tmp_path / "again.pdf"
    activate(qtbot, window)
    with qtbot.waitSignal(window.workspace.receipt_shown, timeout=30000) as shown:
        ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        qtbot.keyClick(page.table, Qt.Key.Key_P, ctrl_shift)
    for _ in range(2):  # printed twice: a reprint counts as a print
        with qtbot.waitSignal(window.workspace.finishing.printed, timeout=30000):
            shown.args[0].print_button.click()
        if _ == 0:
            with qtbot.waitSignal(window.workspace.receipt_shown, timeout=30000) as shown:
                page.reprint_button.click()
    assert code in printed_pages(tmp_path / "again.pdf")[0][2]
    today = datetime.now(VN_TZ).date().isoformat()  # the station's day, in Vietnam time as it records
    report = build_report(Store(isolated_station).db, Period.parse(date_from=today, date_to=today))
    assert report.totals.receipts_printed == 2
    assert window.ctx.service.dossier(dossier_id)["receipt_printed_at"]


def test_an_older_refresh_of_todays_list_never_replaces_a_newer_one(window, qtbot,  # type: ignore[no-untyped-def]
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Two refreshes in flight (a dossier created, then its receipt issued): the slower, older answer, which does not
    know of the receipt yet, arrives last and must not take the reprint away."""
    page = window.list_page
    asked: list[tuple[Any, Any]] = []
    monkeypatch.setattr(page.ctx.runner, "start", lambda fn, on_done=None, **kw: asked.append((fn, on_done)))
    service = window.ctx.service
    dossier_id = service.new_dossier("1.008050", APPLICANT, [])
    page.refresh()  # older: no receipt yet
    older = [(fn(None), done) for fn, done in asked]
    asked.clear()
    service.receipt(dossier_id)
    page.refresh()  # newer: the receipt is issued
    newer = [(fn(None), done) for fn, done in asked]
    for result, done in newer + older:  # the newer answer first, the older one last
        done(result)
    assert page.rows[0].receipt_printed_at
    select = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    page.table.selectionModel().setCurrentIndex(page.table.model().index(0, 0), select)  # not selectRow: a held
    assert page.reprint_button.isEnabled()  # Ctrl left by an earlier test's key click would toggle the row off
