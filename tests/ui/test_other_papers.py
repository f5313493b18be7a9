"""Mẫu 03 and Mẫu 06 in the window, next to the receipt: the refusal asks its reasons in the station's reason dialog,
refuses the dossier through the core and prints through the receipt's print step; the control slip prints for a
received dossier. Both are issued on the worker thread and their printed QR codes decode."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from PySide6.QtCore import Qt

from app.dossiers.lifecycle import DossierStatus
from tests.counter_fixtures import APPLICANT
from tests.ui.conftest import activate, open_new_dossier


def first_page_qr(pdf: Path) -> str:
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0]
        found = zxingcpp.read_barcodes(page.render(scale=200 / 72).to_pil(), formats=zxingcpp.BarcodeFormat.QRCode)
        page.close()
    finally:
        document.close()
    assert len(found) == 1
    return found[0].text


def text_of(pdf: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def test_refusing_from_the_window_asks_the_reasons_and_prints_form_03(window, qtbot,  # type: ignore[no-untyped-def]
                                                                       tmp_path: Path) -> None:
    from ui.other_papers import PaperDialog
    from ui.reason_dialog import RefusalDialog

    dossier_id = open_new_dossier(window, qtbot)
    space, service = window.workspace, window.ctx.service
    papers = space.papers
    assert papers.dossier is not None and papers.dossier["id"] == dossier_id
    assert papers.refuse_button.isEnabled() and not papers.slip_button.isEnabled()  # no receipt: nothing handed over
    assert papers.refuse_action in window.menuBar().actions()[2].menu().actions()  # the Finish menu
    papers.print_to = tmp_path / "printed-03.pdf"
    activate(qtbot, window)
    with qtbot.waitSignal(papers.shown, timeout=10000) as asked:
        ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        qtbot.keyClick(space, Qt.Key.Key_X, ctrl_shift)
    dialog = asked.args[0]
    assert isinstance(dialog, RefusalDialog) and dialog.windowTitle() == "Từ chối tiếp nhận"
    assert not dialog.ok.isEnabled()  # no reason yet
    dialog.reason.setPlainText("Thủ tục không thuộc thẩm quyền của Sở\n\nThiếu tờ khai có chữ ký")
    with qtbot.waitSignal(papers.shown, timeout=30000) as shown:
        dialog.ok.click()
    paper = shown.args[0]
    assert isinstance(paper, PaperDialog)
    code = service.dossier(dossier_id)["code"]
    text = text_of(paper.receipt)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and code in text and APPLICANT.name in text
    assert "1. Thủ tục không thuộc thẩm quyền của Sở" in text and "2. Thiếu tờ khai có chữ ký" in text
    with qtbot.waitSignal(paper.accepted, timeout=60000):  # printed in a worker
        assert paper.print_receipt()
    qr = first_page_qr(tmp_path / "printed-03.pdf")
    assert f"MaHoSo: {code}" in qr and "TenGiayTo: Phiếu từ chối tiếp nhận giải quyết hồ sơ" in qr
    assert service.dossier(dossier_id)["status"] == DossierStatus.REFUSED
    details = [json.loads(d) for (d,) in service.store.db.execute(
        "select details from audit_log where action = 'dossier_refused' and dossier_code = ?", [code])]
    assert details[0]["reasons"] == ["Thủ tục không thuộc thẩm quyền của Sở", "Thiếu tờ khai có chữ ký"]
    qtbot.waitUntil(lambda: not space.finish_button.isEnabled() and not space.sign_button.isEnabled()
                    and papers.refuse_button.isEnabled(), timeout=10000)  # refused: closed, its slip reprints
    qtbot.waitUntil(lambda: not space.scan_panel.scan_action.isEnabled(), timeout=10000)  # F5 too
    qtbot.waitUntil(lambda: not space.reuse.shown_button.isEnabled(), timeout=10000)  # and no reuse
    assert not space.scan_panel.scan_button.isEnabled()
    window.show_list()
    qtbot.waitUntil(lambda: window.list_page.table.rowCount() == 1, timeout=10000)
    assert window.list_page.table.item(0, 3).text() == "Từ chối tiếp nhận"
    assert window.list_page.rows[0].ended_at  # the counter time stopped at the refusal


def test_control_slip_prints_for_a_received_dossier(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.other_papers import PaperDialog

    service = window.ctx.service
    dossier_id = service.new_dossier("1.008050", APPLICANT, [])
    service.receipt(dossier_id)  # received: Mẫu 01 issued
    window.open_dossier(dossier_id)
    papers = window.workspace.papers
    qtbot.waitUntil(lambda: papers.dossier is not None and papers.dossier["id"] == dossier_id, timeout=10000)
    assert papers.slip_button.isEnabled()
    assert not papers.refuse_button.isEnabled() and "đã được tiếp nhận" in papers.refuse_button.toolTip()
    papers.print_to = tmp_path / "printed-06.pdf"
    with qtbot.waitSignal(papers.shown, timeout=30000) as shown:
        papers.slip_button.click()
    paper = shown.args[0]
    assert isinstance(paper, PaperDialog) and paper.windowTitle() == "Phiếu kiểm soát quá trình giải quyết hồ sơ"
    code = service.dossier(dossier_id)["code"]
    text = text_of(paper.receipt)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text and code in text and APPLICANT.name in text
    assert "Giấy chứng nhận đăng ký doanh nghiệp" in text and "1. Giao:" in text
    with qtbot.waitSignal(paper.accepted, timeout=60000):  # printed in a worker
        assert paper.print_receipt()
    assert f"MaHoSo: {code}" in first_page_qr(tmp_path / "printed-06.pdf")
    assert service.dossier(dossier_id)["status"] == DossierStatus.DRAFT  # printing the slip changes no state


def test_a_refused_dossier_offers_no_page_or_finding_action(window, qtbot,  # type: ignore[no-untyped-def]
                                                             fast_feeder: Path) -> None:
    """Seen under Xvfb: a finished or refused dossier still offered rotate, delete, rescan, undo, accept with a
    reason and F6, which the core then refused. Its pages and findings are shown only."""
    from scanner import ScanOptions

    service = window.ctx.service
    dossier_id = service.new_dossier("1.008050", APPLICANT, [])
    component = service.add_component(dossier_id, "Giấy tờ thử", declared_pages=2)
    service.scan_component(component, f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=3))
    service.run_checks(component)
    window.open_dossier(dossier_id)
    workspace = window.workspace
    qtbot.waitUntil(lambda: workspace.findings.list.count() > 0 and bool(workspace.scan_panel.thumbs), timeout=30000)
    workspace.findings.list.setCurrentRow(0)
    workspace.scan_panel.strip.setCurrentRow(0)
    assert workspace.findings.recheck.isEnabled() and workspace.findings.accept_button.isEnabled()
    assert workspace.scan_panel.delete_action.isEnabled()  # at the counter: the page can be dropped
    service.papers.refuse(service.dossier(dossier_id)["code"], ["Thiếu giấy tờ"])
    window.open_dossier(dossier_id)
    qtbot.waitUntil(lambda: workspace.dossier is not None and workspace.dossier["status"] == DossierStatus.REFUSED
                    and workspace.findings.list.count() > 0, timeout=30000)
    workspace.findings.list.setCurrentRow(0)
    panel = workspace.scan_panel
    panel.strip.setCurrentRow(1)
    qtbot.waitUntil(lambda: not workspace.findings.recheck.isEnabled(), timeout=10000)  # its findings read again
    assert not workspace.findings.accept_button.isEnabled()
    assert not any(a.isEnabled() for a in (panel.rotate_left, panel.delete_action, panel.rescan_action,
                                           panel.undo_action, panel.scan_action))
