"""``sohoa gui --screenshots DIR``: the embedded demo flow driven through the real window (new dossier → scan with
a planted blank and a duplicate → findings → sign → receipt → outbox), saving a PNG of each screen and dialog.
It waits on signals (a local event loop), never on sleeps, and runs on a throw-away station folder."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QDialog, QWidget

from app.counter.demo import DEMO_DECLARED_PAGES
from ui.main_window import MainWindow
from ui.reason_dialog import PaperOnlyDialog
from ui.sign_dialogs import PinDialog, ReceiptDialog, SignedDialog

log = logging.getLogger("sohoa.ui")

APPLICANT = ("Nguyễn Thị Lan", "001190012345", "0905 123 456", "12 Lê Lợi, phường Thuận Hóa, TP Huế")
TIMEOUT_MS = 180_000


class StepFailed(Exception):
    pass


def wait_signal(signal: SignalInstance, timeout_ms: int = TIMEOUT_MS) -> tuple[Any, ...]:
    loop = QEventLoop()
    got: list[tuple[Any, ...]] = []

    def seen(*args: Any) -> None:
        got.append(args)
        loop.quit()

    signal.connect(seen)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(seen)
    if not got:
        raise StepFailed("timed out")
    return got[0]


def wait_until(predicate: Callable[[], bool], timeout_ms: int = TIMEOUT_MS) -> None:
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)

    def check() -> None:
        if predicate():
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    QTimer.singleShot(timeout_ms, loop.quit)
    if not predicate():
        loop.exec()
    poll.stop()
    if not predicate():
        raise StepFailed("timed out")


def settle(ms: int = 150) -> None:
    """Let queued paints and layout run before a grab."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class DemoFlow(QObject):
    def __init__(self, window: MainWindow, out: Path) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.out = out
        self.saved: list[Path] = []
        self.failed: list[str] = []
        self.dialogs: list[QWidget] = []
        out.mkdir(parents=True, exist_ok=True)
        window.workspace.print_to = out / "giay-tiep-nhan-in.pdf"
        window.workspace.dialog_shown.connect(self._dialog_shown)

    def shot(self, widget: QWidget, name: str) -> None:
        settle()
        path = self.out / f"{len(self.saved) + 1:02d}-{name}.png"
        widget.grab().save(str(path))
        self.saved.append(path)
        print(f"  ảnh / screenshot: {path}", flush=True)

    def _dialog_shown(self, dialog: QWidget) -> None:
        self.dialogs.append(dialog)
        if dialog.__class__.__name__ == "PinDialog":
            QTimer.singleShot(200, lambda: self._answer_pin(dialog))

    def _answer_pin(self, dialog: Any) -> None:
        """The DEMO certificate brings its own secret, so a PIN dialog here means a real key is configured: its
        PIN is never guessed; the dialog is shot and declined, and the signing step reports it."""
        self.shot(dialog, "ma-pin")
        dialog.reject()

    def step(self, title: str, fn: Callable[[], object]) -> bool:
        print(f"[demo] {title}", flush=True)
        try:
            fn()
            return True
        except StepFailed as exc:
            print(f"  không được / failed: {exc}", flush=True)
            self.failed.append(title)
            return False

    # -- the flow ---------------------------------------------------------------------------------------------
    def run(self) -> int:
        w = self.window
        w.resize(1366, 768)
        self.step("Chuẩn bị trạm / preparing the station", lambda: wait_signal(w.station_ready))
        self.shot(w, "danh-sach-ho-so")
        self.step("Hồ sơ mới / new dossier", self.new_dossier)
        scanned = self.step("Quét thành phần / scanning", self.scan)
        if scanned:
            self.step("Kiểm tra / checks", self.findings)
            self.step("Hộp nhập PIN của token (ví dụ) / the token PIN dialog", self.pin_dialog)
            signed = self.step("Ký số / signing", self.sign)
            if signed:
                self.step("Hoàn tất, in giấy tiếp nhận / finish and receipt", self.finish)
        self.step("Danh sách hôm nay / today's list", self.today)
        self.step("Hàng đợi gửi / outbox", self.outbox)
        self.step("Cài đặt / settings", self.settings)
        print(f"[demo] {len(self.saved)} ảnh trong / screenshots in {self.out}", flush=True)
        w.close()
        if self.failed:
            print(f"[demo] các bước không được / steps that failed: {', '.join(self.failed)}", flush=True)
            return 1
        return 0

    def new_dossier(self) -> None:
        dialog = self.window.new_dossier()
        assert dialog is not None  # the flow starts once the station is ready
        wait_until(lambda: dialog.isVisible())
        dialog.procedure_edit.setText("1.008001")
        dialog._choose("1.008001")
        wait_until(lambda: dialog.procedure is not None or bool(dialog.procedure_name.text()))
        if dialog.components.topLevelItemCount() == 0:
            for name in ("Tờ khai đề nghị cấp hộ chiếu công vụ", "Quyết định cử đi công tác"):
                dialog.extra_edit.setText(name)
                dialog._add_extra()
        name, pid, phone, address = APPLICANT
        dialog.name_edit.setText(name)
        dialog.id_edit.setText(pid)
        dialog.phone_edit.setText(phone)
        dialog.address_edit.setText(address)
        self.shot(dialog, "ho-so-moi")
        dialog.create_button.click()
        wait_until(lambda: dialog.result() == QDialog.DialogCode.Accepted)
        workspace = self.window.workspace
        wait_until(lambda: workspace.dossier is not None and workspace.current_component() is not None)

    def scan(self) -> None:
        workspace = self.window.workspace
        panel = workspace.scan_panel
        wait_until(lambda: panel.device.count() > 0)
        panel.declared.setValue(DEMO_DECLARED_PAGES)
        panel.start_scan()
        wait_until(lambda: len(panel.thumbs) >= 2)
        self.shot(self.window, "dang-quet")
        wait_signal(panel.scan_done)

    def findings(self) -> None:
        workspace = self.window.workspace
        got = wait_signal_any(workspace.finishing.checked, workspace.finishing.failed)
        self.shot(self.window, "ket-qua-kiem-tra")
        if isinstance(got[0], str):
            raise StepFailed(got[0])
        for _ in range(10):  # the clerk removes the blank back side and the sheet fed twice
            finding = next((f for f in workspace.findings.findings if f.open and f.page_id
                            and f.code in ("blank_page", "duplicate_page")), None)
            if finding is None:
                break
            workspace.findings.list.setCurrentRow(workspace.findings.findings.index(finding))
            settle(50)
            workspace.findings.remove.click()
            wait_signal(workspace.finishing.findings_ready)
        workspace.check_current()
        wait_signal(workspace.finishing.checked)
        for finding in [f for f in workspace.findings.findings if f.open and f.blocking]:
            workspace._resolve(finding.id, "accept", "Đã đối chiếu với bản giấy")
            wait_signal(workspace.finishing.findings_ready)
        self.shot(self.window, "da-xu-ly")

    def pin_dialog(self) -> None:
        """What the clerk sees with a USB token (the DEMO certificate needs no PIN): shown, then closed."""
        dialog = PinDialog({"kind": "token", "label": "VGCA-TOKEN (ví dụ)", "attempts_left": 2}, self.window)
        dialog.open()
        wait_until(dialog.isVisible)
        dialog.pin.setText("••••")
        self.shot(dialog, "ma-pin-token")
        dialog.reject()

    def sign(self) -> None:
        workspace = self.window.workspace
        workspace.sign_current()
        wait_signal_any(workspace.finishing.signed, workspace.finishing.failed, workspace.finishing.wrong_pin)
        dialog = next((d for d in reversed(self.dialogs) if isinstance(d, SignedDialog)), None)
        if dialog is None:
            self.shot(self.window, "ky-so-loi")
            raise StepFailed(workspace.step.text())
        self.shot(dialog, "ban-ky-so")
        dialog.accept()

    def finish(self) -> None:
        workspace = self.window.workspace
        shown = len(self.dialogs)
        workspace.finish_dossier()
        asked = next((d for d in self.dialogs[shown:] if isinstance(d, PaperOnlyDialog)), None)
        if asked is not None:  # the demo scans only the paper that must be digitized: the others are on paper
            asked.reason.setPlainText("Công dân chỉ xuất trình bản giấy; bản sao không cần số hóa")
            self.shot(asked, "ly-do-nhan-ban-giay")
            asked.ok.click()
        (dialog,) = wait_signal_any(workspace.receipt_shown, workspace.finishing.failed)
        if not isinstance(dialog, ReceiptDialog):
            self.shot(self.window, "hoan-tat-loi")
            raise StepFailed(str(dialog))
        self.shot(dialog, "giay-tiep-nhan")
        dialog.print_button.click()
        wait_signal(workspace.finishing.printed)
        self.shot(self.window, "da-in-giay-tiep-nhan")

    def today(self) -> None:
        self.window.show_list()
        wait_until(lambda: self.window.list_page.table.rowCount() > 0)
        self.shot(self.window, "danh-sach-sau-tiep-nhan")

    def outbox(self) -> None:
        self.window.show_outbox()
        settle(600)
        self.shot(self.window, "hang-doi-gui")

    def settings(self) -> None:
        dialog = self.window.open_settings()
        assert dialog is not None
        wait_until(lambda: dialog.isVisible())
        self.shot(dialog, "cai-dat")
        dialog.reject()


def wait_signal_any(*signals: SignalInstance, timeout_ms: int = TIMEOUT_MS) -> tuple[Any, ...]:
    loop = QEventLoop()
    got: list[tuple[Any, ...]] = []

    def seen(*args: Any) -> None:
        got.append(args)
        loop.quit()

    for signal in signals:
        signal.connect(seen)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    for signal in signals:
        signal.disconnect(seen)
    if not got:
        raise StepFailed("timed out")
    return got[0]

