"""The data store and the e-ID check in the window: a component the store holds shows "Có trong kho" and is
reused with one key (nothing scanned), its stored file opens to compare, a reference the citizen shows is kept
unverified, and the new-dossier form checks the applicant's e-ID (offline: what the citizen's app shows)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt

from app.counter.identity import IdentityDesk
from app.counter.reuse import ReuseDesk
from app.dossiers.lifecycle import ComponentStatus
from app.dossiers.reuse import Verification
from app.lookups.model import IdentityAnswer, KhoFile, KhoPaper, LookupUnavailable
from tests.ui.conftest import activate, open_new_dossier

STORED = b"%PDF-1.4\n% the paper the data store holds\n"
PAPER = KhoPaper("KQ.G15.000034", "Tờ khai đề nghị", "123/QĐ-UBND", "UBND tỉnh Hà Nam", "2026-03-02", None,
                 (KhoFile("to-khai.pdf", "kho://001190012345/0"),))


class FakeKho:
    """The store's answers at the interface: the HTTP side is tested against the emulator (tests/lookups)."""

    def find(self, owner_id: str, requester_name: str, procedure_code: str,
             wanted: Sequence[tuple[str, str]] = ()) -> list[KhoPaper]:
        return [PAPER] if owner_id == "001190012345" else []

    def fetch(self, agency: str, url: str) -> tuple[str, bytes]:
        return "to-khai.pdf", STORED

    def close(self) -> None:
        pass


class OfflineIdentity:
    def check(self, personal_id: str, name: str, birth_date: str) -> IdentityAnswer:
        raise LookupUnavailable("offline")

    def close(self) -> None:
        pass


def test_a_component_in_the_store_is_reused_with_one_key(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.workspace.reuse
    window.ctx.service.reuse = ReuseDesk(window.ctx.settings, window.ctx.store, kho=FakeKho)  # the fake store
    panel.open_externally = False
    service = window.ctx.service
    dossier = open_new_dossier(window, qtbot)
    qtbot.waitUntil(lambda: "123/QĐ-UBND" in panel.status.text(), timeout=10000)
    assert "Có trong kho" in panel.status.text() and "UBND tỉnh Hà Nam" in panel.status.text()
    assert panel.reuse_button.isEnabled()

    with qtbot.waitSignal(panel.file_opened, timeout=10000) as opened:
        panel.open_button.click()
    assert Path(opened.args[0]).read_bytes() == STORED  # the clerk compares it with the paper in hand

    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    [comp] = service.components(dossier)
    qtbot.waitUntil(lambda: service.components(dossier)[0]["status"] == ComponentStatus.REUSED, timeout=10000)
    assert not service.dossiers.pages(comp["id"])  # nothing scanned
    assert service.can_finish(dossier)  # it counts as done
    qtbot.waitUntil(lambda: "Tái sử dụng" in window.workspace.components.item(0).text(), timeout=10000)
    assert not window.workspace.scan_panel.ctx.service.can_scan(comp["id"])
    assert not panel.reuse_button.isEnabled() and panel.undo_button.isEnabled()

    panel.undo_button.click()
    qtbot.waitUntil(lambda: service.components(dossier)[0]["status"] == ComponentStatus.EMPTY, timeout=10000)
    qtbot.waitUntil(panel.shown_button.isEnabled, timeout=10000)
    panel.shown_button.click()
    qtbot.waitUntil(lambda: panel.shown_dialog is not None and panel.shown_dialog.isVisible(), timeout=5000)
    panel.shown_dialog.number.setText("45/GP")
    panel.shown_dialog.accept()
    qtbot.waitUntil(lambda: service.components(dossier)[0]["status"] == ComponentStatus.REUSED, timeout=10000)
    ref = panel.desk.reuse.of(comp["id"])
    assert ref is not None and ref.verification == Verification.UNVERIFIED and ref.so_ky_hieu == "45/GP"
    qtbot.waitUntil(lambda: "chưa xác minh" in panel.status.text(), timeout=10000)


def test_offline_the_form_records_what_the_citizens_app_shows(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.new_dossier import NewDossierDialog

    dialog = NewDossierDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.identity
    window.ctx.service.identity = IdentityDesk(window.ctx.settings, window.ctx.store, source=OfflineIdentity)
    box.open_externally = False
    dialog.name_edit.setText("Nguyễn Thị Lan")
    dialog.id_edit.setText("001190012345")
    dialog.birth_edit.setText("17/05/1990")
    box.check_button.click()
    qtbot.waitUntil(box.app_choice.isVisible, timeout=10000)
    with qtbot.waitSignal(box.answered, timeout=5000):
        box.app_choice.setCurrentIndex(box.app_choice.findData(0))  # the app shows no account
    assert box.guide_button.isVisible()
    with qtbot.waitSignal(box.guide_ready, timeout=20000) as guide:
        box.guide_button.click()
    assert Path(guide.args[0]).read_bytes().startswith(b"%PDF")
    dossier = window.ctx.service.new_dossier("1.008001", dialog.applicant(), [])
    box.attach(dossier)
    qtbot.waitUntil(lambda: box.desk.of_dossier(dossier) is not None, timeout=10000)
    kept = box.desk.of_dossier(dossier)
    assert kept is not None and kept.source == "citizen_app" and not kept.vneid
    lookups = window.ctx.store.db.execute("select count(*) from audit_log where action = 'identity_lookup'")
    assert lookups.fetchone()[0] == 2  # the failed lookup, then the clerk's reading
