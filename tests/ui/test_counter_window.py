"""The counter window driven offscreen through its widgets and controllers: scanning with live thumbnails, cancel,
rescan of one page, the findings gate, keyboard and language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from tests.ui.conftest import activate, open_new_dossier

pytestmark = pytest.mark.gui


def test_new_dossier_form_validates_the_personal_id(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.new_dossier()
    qtbot.waitUntil(dialog.isVisible)
    activate(qtbot, dialog)
    qtbot.keyClicks(dialog.procedure_edit, "1.008001")
    qtbot.keyClick(dialog.procedure_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.procedure is not None or bool(dialog.procedure_name.text()), timeout=10000)
    dialog.extra_edit.setText("Giấy tờ khác")
    dialog._add_extra()
    dialog.name_edit.setText("Trần Văn Bình")
    qtbot.keyClicks(dialog.id_edit, "0011900x12345")  # the validator refuses the letter
    assert dialog.id_edit.text() == "001190012345"
    dialog.id_edit.setText("00119001234")
    assert not dialog.create_button.isEnabled()
    assert "12 chữ số" in dialog.message.text()
    dialog.id_edit.setText("001190012345")
    assert dialog.create_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.create_button.click()
    qtbot.waitUntil(lambda: window.workspace.dossier is not None, timeout=10000)
    assert window.workspace.dossier["applicant_id"] == "001190012345"
    assert window.stack.currentWidget() is window.workspace


def test_scan_shows_pages_as_they_arrive(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    open_new_dossier(window, qtbot)
    panel = window.workspace.scan_panel
    arrived: list[object] = []
    panel.controller.page_arrived.connect(arrived.append)
    with qtbot.waitSignal(panel.scan_done, timeout=60000) as done:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    outcome = done.args[0]
    assert outcome.error is None and len(outcome.pages) == 4
    assert len(arrived) == 4
    qtbot.waitUntil(lambda: panel.strip.count() == 4, timeout=10000)
    assert [t.page.id for t in panel.thumbs] == [p.id for p in outcome.pages]
    qtbot.waitUntil(lambda: panel.view.page_id is not None, timeout=10000)


def test_a_page_finding_shows_while_the_feeder_runs(window, qtbot, fast_feeder: Path,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    """Each page is checked as it is stored: its badge and tooltip carry its own findings before the set is checked."""
    import shutil

    stack = tmp_path / "stack"
    stack.mkdir()
    shutil.copy(sorted(fast_feeder.glob("*.png"))[0], stack / "1.png")
    Image.new("RGB", (850, 1100), (250, 250, 248)).save(stack / "2.png", dpi=(100, 100))  # a blank back side
    Image.new("RGB", (850, 1100), (70, 70, 70)).save(stack / "3.png", dpi=(100, 100))  # far too dark
    window.ctx.service.settings.checks.while_scanning = True
    open_new_dossier(window, qtbot, declared=3)
    panel = window.workspace.scan_panel
    device = f"sim:{stack}"
    panel.set_devices([(device, "thử")], device)
    checked: list[int] = []
    panel.controller.page_checked.connect(lambda page_id, findings: checked.append(page_id))
    with qtbot.waitSignal(panel.scan_done, timeout=60000):
        panel.start_scan()
    qtbot.waitUntil(lambda: len(checked) == 3, timeout=120000)
    qtbot.waitUntil(lambda: panel.strip.count() == 3, timeout=10000)
    first, blank, dark = (t.page.id for t in panel.thumbs)
    assert panel.marks.get(first) == "" and panel.marks.get(blank) == "warn" and panel.marks.get(dark) == "block"
    assert "trang trắng" in panel.strip.item(1).toolTip() and "quá tối" in panel.strip.item(2).toolTip()
    assert window.ctx.service.findings.for_component(panel.component["id"]) == []  # the set is not checked yet


def test_cancel_mid_scan_keeps_the_pages_before_it(window, qtbot, fast_feeder: Path) -> None:  # type: ignore[no-untyped-def]
    open_new_dossier(window, qtbot)
    panel = window.workspace.scan_panel
    slow = f"sim:{fast_feeder}?ppm=30"
    panel.set_devices([(slow, "chậm")], slow)
    panel.start_scan()
    qtbot.waitUntil(lambda: len(panel.thumbs) >= 1, timeout=20000)
    assert panel.cancel_button.isEnabled()
    with qtbot.waitSignal(panel.scan_done, timeout=20000) as done:
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert done.args[0].cancelled
    kept = window.ctx.service.dossiers.pages(panel.component["id"])
    assert 1 <= len(kept) < 4
    qtbot.waitUntil(lambda: panel.strip.count() == len(kept), timeout=10000)
    assert not panel.cancel_button.isEnabled() and panel.scan_button.isEnabled()


def test_rescan_of_one_page_replaces_it_in_place(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_new_dossier(window, qtbot)
    panel = window.workspace.scan_panel
    with qtbot.waitSignal(panel.scan_done, timeout=60000):
        panel.start_scan()
    qtbot.waitUntil(lambda: panel.strip.count() == 4, timeout=10000)
    before = [t.page.id for t in panel.thumbs]
    sheet = tmp_path / "to-lai.png"
    Image.new("RGB", (827, 1169), (252, 252, 250)).save(sheet, dpi=(100, 100))
    panel.set_devices([(f"file:{sheet}", "tệp")], f"file:{sheet}")
    panel.strip.setCurrentRow(1)
    with qtbot.waitSignal(panel.controller.changed, timeout=20000):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: [t.page.id for t in panel.thumbs] != before, timeout=10000)
    after = [t.page.id for t in panel.thumbs]
    assert after[0] == before[0] and after[2:] == before[2:] and after[1] not in before
    assert panel.strip.currentRow() == 1
    with qtbot.waitSignal(panel.controller.changed, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: [t.page.id for t in panel.thumbs] == before, timeout=10000)


def test_page_operations_from_the_keyboard(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    open_new_dossier(window, qtbot)
    panel = window.workspace.scan_panel
    with qtbot.waitSignal(panel.scan_done, timeout=60000):
        panel.start_scan()
    qtbot.waitUntil(lambda: panel.strip.count() == 4, timeout=10000)
    first = [t.page.id for t in panel.thumbs]
    panel.strip.setCurrentRow(0)
    with qtbot.waitSignal(panel.controller.changed, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: [t.page.id for t in panel.thumbs] == [first[1], first[0], *first[2:]], timeout=10000)
    with qtbot.waitSignal(panel.controller.changed, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: panel.strip.count() == 3, timeout=10000)
    with qtbot.waitSignal(panel.controller.changed, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(t.page.width > t.page.height for t in panel.thumbs), timeout=10000)
    for _ in range(3):
        with qtbot.waitSignal(panel.controller.changed, timeout=10000):
            qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: [t.page.id for t in panel.thumbs] == first, timeout=10000)


def test_the_progress_follows_the_pages_kept(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    open_new_dossier(window, qtbot, declared=4)
    panel = window.workspace.scan_panel
    assert panel.progress.text() == "0 / 4 trang"  # before the scan: none of the paper's four
    with qtbot.waitSignal(panel.scan_done, timeout=60000):
        panel.start_scan()
    qtbot.waitUntil(lambda: panel.strip.count() == 4, timeout=10000)
    assert panel.progress.text() == "4 / 4 trang"
    panel.strip.setCurrentRow(1)
    for kept in (3, 2):  # two pages dropped: the bar follows, not the scan's last count
        panel.delete_action.trigger()
        qtbot.waitUntil(lambda kept=kept: panel.strip.count() == kept, timeout=10000)
        assert panel.progress.text() == f"{kept} / 4 trang"
    panel.undo()
    qtbot.waitUntil(lambda: panel.strip.count() == 3, timeout=10000)
    assert panel.progress.text() == "3 / 4 trang"


def test_a_blocking_finding_prevents_signing_and_finishing(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dossier = open_new_dossier(window, qtbot, declared=3)
    workspace = window.workspace
    panel = workspace.scan_panel
    with qtbot.waitSignal(panel.scan_done, timeout=60000):
        panel.start_scan()
    qtbot.waitUntil(lambda: not window.ctx.runner.busy(), timeout=120000)
    service = window.ctx.service
    comp = panel.component["id"]
    pages = service.dossiers.pages(comp)
    service.findings.replace_open(comp, [
        {"code": "page_count_mismatch", "severity": "block", "page_id": None, "value": "4/3",
         "message_vi": "Số trang không khớp bản giấy", "message_en": "Page count differs"},
        {"code": "low_ocr_confidence", "severity": "warn", "page_id": pages[0].id, "message_vi": "Chữ mờ"}])
    service.dossiers.update_component(comp, status="checked")
    workspace.reload()
    with qtbot.waitSignal(workspace.finishing.findings_ready, timeout=10000):
        workspace.finishing.load_findings(comp)
    qtbot.waitUntil(lambda: workspace.current_component()["status"] == "checked", timeout=10000)
    assert workspace.findings.findings[0].blocking
    assert not workspace.sign_button.isEnabled() and not workspace.finish_button.isEnabled()
    workspace.sign_current()
    assert "nghiêm trọng" in workspace.step.text()
    with qtbot.waitSignal(workspace.finishing.failed, timeout=10000) as failed:
        workspace.finishing.finish(dossier)
    assert "nghiêm trọng" in failed.args[0] or "chưa" in failed.args[0]
    assert service.dossier(dossier)["status"] != "queued"
    with qtbot.waitSignal(workspace.finishing.findings_ready, timeout=10000):
        workspace._resolve(workspace.findings.findings[0].id, "accept", "Bản giấy có 4 trang, khai nhầm")
    qtbot.waitUntil(workspace.sign_button.isEnabled, timeout=10000)


def test_exempt_component_cannot_be_scanned(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    service = window.ctx.service
    from tests.ui.conftest import APPLICANT

    dossier = service.new_dossier("1.008001", APPLICANT, [])
    service.add_component(dossier, "Hộ chiếu đã cấp", exempt_reason="show_only")
    window.open_dossier(dossier)
    panel = window.workspace.scan_panel
    qtbot.waitUntil(lambda: panel.component is not None, timeout=10000)
    assert not panel.scan_button.isEnabled() and not panel.scan_action.isEnabled()
    assert "miễn" in panel.status.text()


def test_menus_show_shortcuts_in_vietnamese_and_english_switches(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[0] == "&Hồ sơ"
    scan_menu = window.menuBar().actions()[1].menu()
    shortcuts = {a.text(): a.shortcut().toString() for a in scan_menu.actions() if not a.isSeparator()}
    assert shortcuts["Quét"] == "F5" and shortcuts["Hoàn tác"] == "Ctrl+Z"
    assert "(F5)" in window.workspace.scan_panel.scan_action.toolTip()
    window.ctx.translations.use("en")
    from ui.main_window import MainWindow

    english = MainWindow(window.ctx)
    qtbot.addWidget(english)
    assert english.menuBar().actions()[0].text() == "&Dossier"
    window.ctx.translations.use("vi")


def test_drag_and_drop_reorders_the_pages(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QModelIndex

    open_new_dossier(window, qtbot)
    panel = window.workspace.scan_panel
    with qtbot.waitSignal(panel.scan_done, timeout=60000):
        panel.start_scan()
    qtbot.waitUntil(lambda: panel.strip.count() == 4, timeout=10000)
    first = [t.page.id for t in panel.thumbs]
    with qtbot.waitSignal(panel.controller.changed, timeout=10000):
        assert panel.strip.model().moveRow(QModelIndex(), 0, QModelIndex(), 3)  # what a drop does
    expected = [first[1], first[2], first[0], first[3]]
    qtbot.waitUntil(lambda: [t.page.id for t in panel.thumbs] == expected, timeout=10000)
    assert [p.id for p in window.ctx.service.dossiers.pages(panel.component["id"])] == expected


def test_saving_settings_keeps_the_configured_scanner(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.settings_dialog import SettingsDialog

    ctx = window.ctx
    scanner = "sane:fujitsu:fi-7160:1"
    ctx.settings.scan.device = scanner
    ctx.defaults.device = scanner  # as the station sets it up when a scanner is configured
    dialog = SettingsDialog(ctx, [(scanner, "FUJITSU fi-7160"), ("file:", "Nhập tệp")], window)
    qtbot.addWidget(dialog)
    assert dialog.collect().scan.device == scanner


def test_saved_checks_and_signing_settings_apply_at_once(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.settings_dialog import SettingsDialog

    ctx = window.ctx
    dialog = SettingsDialog(ctx, ctx.defaults.devices, window)
    qtbot.addWidget(dialog)
    dialog.settings.checks.profile = "strict"
    dialog.settings.signing.visible = False
    dialog.visible.setChecked(False)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.save()
    assert window.ctx.service.settings.checks.profile == "strict"  # the next check runs with it
    assert window.ctx.service.settings.signing.visible is False
