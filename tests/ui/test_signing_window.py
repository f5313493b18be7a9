"""Signing from the counter window: the PIN dialog is asked once per attempt and a wrong PIN is never retried."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel

from tests.ui.conftest import activate, open_new_dossier

pytestmark = pytest.mark.gui

PASSWORD = "mat-khau-dung-1"


def _p12_station(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.signing.demo import generate

    p12, ca = generate(tmp_path, "Sở Ngoại vụ (thử)", PASSWORD)
    signing = window.ctx.settings.signing
    signing.method, signing.p12_path, signing.trust_roots = "p12", str(p12), [str(ca)]


def _scanned_component(window, qtbot, feeder: Path, tmp_path: Path) -> int:  # type: ignore[no-untyped-def]
    """One page scanned and checked clean (the OCR of the PDF/A build is the slow part: keep it to one page)."""
    one = tmp_path / "one-page"
    one.mkdir()
    first = sorted(feeder.glob("*.png"))[0]
    (one / first.name).write_bytes(first.read_bytes())
    open_new_dossier(window, qtbot, declared=1)
    panel = window.workspace.scan_panel
    panel.set_devices([(f"sim:{one}", "một trang")], f"sim:{one}")
    with qtbot.waitSignal(panel.scan_done, timeout=60000):
        panel.start_scan()
    qtbot.waitUntil(lambda: not window.ctx.runner.busy(), timeout=120000)
    comp = panel.component["id"]
    window.ctx.service.dossiers.update_component(comp, status="checked")
    return int(comp)


def test_wrong_pin_is_reported_and_never_retried(window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  fast_feeder: Path) -> None:
    _p12_station(window, tmp_path)
    comp = _scanned_component(window, qtbot, fast_feeder, tmp_path)
    workspace = window.workspace
    asked: list[object] = []

    def answer(pin: str):  # type: ignore[no-untyped-def]
        def on_dialog(dialog: object) -> None:
            if type(dialog).__name__ == "PinDialog":
                asked.append(dialog)
                QTimer.singleShot(0, lambda: (dialog.pin.setText(pin), dialog.accept()))
        return on_dialog

    wrong = answer("sai-roi")
    workspace.dialog_shown.connect(wrong)
    with qtbot.waitSignal(workspace.finishing.wrong_pin, timeout=120000) as failed:
        workspace.finishing.build_and_sign(comp)
    workspace.dialog_shown.disconnect(wrong)
    assert len(asked) == 1
    assert "PIN" in failed.args[0]
    assert window.ctx.service.dossiers.component(comp)["status"] != "signed"
    assert "PIN" in workspace.step.text()

    right = answer(PASSWORD)
    workspace.dialog_shown.connect(right)
    with qtbot.waitSignal(workspace.finishing.signed, timeout=120000) as signed:
        workspace.finishing.build_and_sign(comp)
    assert len(asked) == 2
    assert signed.args[0].pdf.is_file()
    assert window.ctx.service.dossiers.component(comp)["status"] == "signed"


def test_cancelling_the_pin_dialog_cancels_signing(window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   fast_feeder: Path) -> None:
    _p12_station(window, tmp_path)
    comp = _scanned_component(window, qtbot, fast_feeder, tmp_path)
    workspace = window.workspace

    def cancel(dialog: object) -> None:
        if type(dialog).__name__ == "PinDialog":
            QTimer.singleShot(0, dialog.reject)

    workspace.dialog_shown.connect(cancel)
    with qtbot.waitSignal(workspace.finishing.failed, timeout=120000) as failed:
        workspace.finishing.build_and_sign(comp)
    assert "hủy" in failed.args[0].lower()
    assert window.ctx.service.dossiers.component(comp)["status"] != "signed"


def test_pin_dialog_names_holder_issuer_expiry_and_attempts(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.signing import PinRequest
    from ui.sign_dialogs import PinDialog

    request = PinRequest("token", "VGCA", final_try=True, holder="Nguyễn Văn Ký", issuer="CA Chính phủ",
                         expires="31/12/2027")
    dialog = PinDialog(vars(request))
    qtbot.addWidget(dialog)
    shown = " | ".join(label.text() for label in dialog.findChildren(QLabel))
    for text in ("Nguyễn Văn Ký", "CA Chính phủ", "31/12/2027", "VGCA", "1"):
        assert text in shown
    assert "1" in dialog.attempts.text()


def test_the_whole_dossier_is_signed_with_one_pin_until_the_station_is_locked(  # type: ignore[no-untyped-def]
        window, qtbot, tmp_path: Path, fast_feeder: Path) -> None:
    from scanner import ScanOptions

    _p12_station(window, tmp_path)
    first = _scanned_component(window, qtbot, fast_feeder, tmp_path)
    service = window.ctx.service
    second = service.add_component(window.workspace.dossier["id"], "Giấy tờ thứ hai", must_digitize=True,
                                   declared_pages=1)
    service.scan_component(second, f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=1))
    service.dossiers.update_component(second, status="checked")
    workspace = window.workspace
    workspace.reload()
    asked: list[object] = []
    previews: list[object] = []

    def answer(dialog: object) -> None:
        if type(dialog).__name__ == "PinDialog":
            asked.append(dialog)
            QTimer.singleShot(0, lambda: (dialog.pin.setText(PASSWORD), dialog.accept()))
        elif type(dialog).__name__ == "SignedDialog":
            previews.append(dialog)

    workspace.dialog_shown.connect(answer)
    activate(qtbot, window)
    with qtbot.waitSignal(workspace.finishing.signed_all, timeout=240000) as signed:
        qtbot.keyClick(window, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert len(asked) == 1
    assert sorted(s.component_id for s in signed.args[0]) == sorted([first, second])
    assert {service.dossiers.component(c)["status"] for c in (first, second)} == {"signed"}
    assert service.parts.signing_open()
    window.token_watch.poll()
    qtbot.waitUntil(lambda: window.token_status.isVisible(), timeout=10000)  # the status bar says logged in
    assert len(previews) == 1  # one preview for the dossier, not one per component
    previews[0].accept()
    qtbot.waitUntil(lambda: not window.ctx.runner.busy(), timeout=10000)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not service.parts.signing_open(), timeout=10000)
    # the token is logged out on the worker thread; the message follows on the GUI thread a moment later
    qtbot.waitUntil(lambda: "PIN" in window.message.text(), timeout=10000)
    qtbot.waitUntil(lambda: not window.token_status.isVisible(), timeout=10000)


def test_a_token_removed_between_signatures_is_told_at_once(window, qtbot,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The watch runs every few seconds while the station is up: the session closed under the clerk (the token
    pulled out; the core's side is tested with SoftHSM2 in tests/signing) is told in the status line then, and the
    status bar no longer says logged in."""
    from app.signing.state import SessionState

    service = window.ctx.service
    answers = iter([SessionState.OPEN, SessionState.REMOVED])
    monkeypatch.setattr(service, "signing_token_open", lambda: True)  # a token's session: asked in a worker
    monkeypatch.setattr(service, "signing_watch", lambda **_: next(answers, SessionState.CLOSED))
    window.message.setText("")
    qtbot.waitUntil(window.token_status.isVisible, timeout=15000)  # polled by the timer, no call from the test
    qtbot.waitUntil(lambda: "removed" in window.message.text() or "rút" in window.message.text(), timeout=15000)
    assert "PIN" in window.message.text()
    assert not window.token_status.isVisible()


def test_without_a_tokens_session_the_watch_starts_no_worker_and_asks_no_token(  # type: ignore[no-untyped-def]
        window, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    """No key open (or a certificate file's key): each look is answered at once on the window's own thread,
    without PKCS#11; only an open token's session is asked, in a worker."""
    import threading

    window.token_watch.stop()  # the test polls by hand
    service = window.ctx.service
    real = service.signing_watch
    calls: list[tuple[bool, bool]] = []

    def recorded(**kwargs):  # type: ignore[no-untyped-def]
        calls.append((threading.current_thread() is threading.main_thread(), kwargs.get("ask_token", True)))
        return real(**kwargs)

    monkeypatch.setattr(service, "signing_watch", recorded)
    window.token_watch.poll()
    assert calls == [(True, False)]  # answered before poll() returned, on this thread, the token not asked
    assert not window.token_watch._asking
    monkeypatch.setattr(service, "signing_token_open", lambda: True)
    window.token_watch.poll()
    qtbot.waitUntil(lambda: len(calls) == 2 and not window.token_watch._asking, timeout=10000)
    assert calls[1] == (False, True)  # a token's session: asked in a worker
