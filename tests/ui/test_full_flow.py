"""The whole counter flow through the window, with the embedded demo feeder (a 3-page original fed as 5 images: a
blank back side and a sheet fed twice): new dossier → scan → findings → resolve → sign → receipt → queued."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import activate

pytest.importorskip("app.checks")
pytestmark = [pytest.mark.gui, pytest.mark.slow]


def test_new_dossier_to_queued_entry(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.counter.demo import DEMO_DECLARED_PAGES
    from app.counter.station import demo_device

    service = window.ctx.service
    window.workspace.check_after_scan = True
    device = demo_device(service.settings).replace("ppm=40", "ppm=600")
    window.workspace.scan_panel.set_devices([(device, "demo")], device)

    dialog = window.new_dossier()
    qtbot.waitUntil(dialog.isVisible)
    dialog.procedure_edit.setText("1.008001")
    dialog._choose("1.008001")
    qtbot.waitUntil(lambda: dialog.components.topLevelItemCount() > 0, timeout=10000)
    dialog.name_edit.setText("Nguyễn Thị Lan")
    dialog.id_edit.setText("001190012345")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.create_button.click()
    workspace = window.workspace
    qtbot.waitUntil(lambda: workspace.current_component() is not None
                    and workspace.scan_panel.component is not None, timeout=10000)
    component = workspace.current_component()
    assert component["must_digitize"]

    panel = workspace.scan_panel
    panel.declared.setValue(DEMO_DECLARED_PAGES)
    activate(qtbot, window)
    with qtbot.waitSignal(workspace.finishing.checked, timeout=180000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bool(workspace.findings.findings), timeout=10000)
    codes = {f.code for f in workspace.findings.findings if f.open}
    assert {"blank_page", "duplicate_page"} <= codes
    assert not workspace.sign_button.isEnabled()

    for _ in range(4):
        finding = next((f for f in workspace.findings.findings
                        if f.open and f.code in ("blank_page", "duplicate_page") and f.page_id), None)
        if finding is None:
            break
        workspace.findings.list.setCurrentRow(workspace.findings.findings.index(finding))
        with qtbot.waitSignal(workspace.finishing.findings_ready, timeout=30000):
            workspace.findings.remove.click()
    assert len(service.dossiers.pages(component["id"])) == DEMO_DECLARED_PAGES
    with qtbot.waitSignal(workspace.finishing.checked, timeout=180000):
        workspace.findings.recheck.click()
    for finding in [f for f in workspace.findings.findings if f.open and f.blocking]:
        with qtbot.waitSignal(workspace.finishing.findings_ready, timeout=30000):
            workspace._resolve(finding.id, "accept", "Đã đối chiếu với bản giấy")
    qtbot.waitUntil(workspace.sign_button.isEnabled, timeout=30000)

    shown_dialogs: list[object] = []
    workspace.dialog_shown.connect(shown_dialogs.append)
    with qtbot.waitSignal(workspace.finishing.signed, timeout=180000):
        qtbot.keyClick(window, Qt.Key.Key_F8)
    signed_dialog = shown_dialogs[-1]
    assert type(signed_dialog).__name__ == "SignedDialog"
    activate(qtbot, signed_dialog)
    qtbot.keyClick(signed_dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not signed_dialog.isVisible(), timeout=5000)
    activate(qtbot, window)
    qtbot.waitUntil(workspace.finish_button.isEnabled, timeout=30000)
    workspace.print_to = tmp_path / "receipt-printed.pdf"
    with qtbot.waitSignal(workspace.receipt_shown, timeout=60000) as shown:
        qtbot.keyClick(window, Qt.Key.Key_F10)  # the other papers were handed in but not scanned: F10 asks why
        qtbot.waitUntil(lambda: workspace.paper_only_dialog is not None, timeout=5000)
        asked = workspace.paper_only_dialog
        activate(qtbot, asked)
        asked.reason.insertPlainText("Công dân chỉ xuất trình bản giấy")
        qtbot.keyClick(asked.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    receipt = shown.args[0]
    with qtbot.waitSignal(workspace.finishing.printed, timeout=30000):
        receipt.print_button.click()
    assert workspace.print_to.stat().st_size > 1000

    dossier = service.dossier(workspace.dossier["id"])
    assert dossier["status"] == "queued" and dossier["receipt_printed_at"]
    entries = service.outbox.entries()
    assert [(e["code"], e["state"]) for e in entries] == [(dossier["code"], "queued")]
