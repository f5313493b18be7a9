"""What the clerk sees every minute: one language in the window, a window that fits the screen's available area,
and F1 listing every shortcut in the order of the work, aligned."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from app.counter.station import StationSetup
from tests.ui.conftest import activate, open_new_dossier
from ui.style import STYLESHEET

pytestmark = pytest.mark.gui


def test_start_up_notes_and_the_feeder_are_in_the_windows_language(window) -> None:  # type: ignore[no-untyped-def]
    setup = StationSetup(device="sim:/tmp/x", devices=[("sim:/tmp/x", "Khay nạp mô phỏng (trang mẫu)")],
                         notes=[("sample_catalog", ""), ("demo_certificate", ""),
                                ("reference_receiver", "http://127.0.0.1:1")])
    window.start(setup)
    text = window.message.text()
    assert "Đã nạp danh mục thủ tục mẫu" in text and "Chứng thư DEMO" in text
    assert " / " not in text and "sample catalog" not in text and "reference receiver" not in text
    assert [label for _, label in window.ctx.defaults.devices] == ["Khay nạp mô phỏng (trang mẫu)"]
    assert setup.note_texts("en")[0] == "Sample catalog of procedures loaded"


def test_the_window_fits_the_available_screen(window) -> None:  # type: ignore[no-untyped-def]
    area = QRect(0, 0, 1366, 728)  # a 1366×768 screen less a 40-pixel taskbar
    window.fit_to_screen(area)
    frame = window.frameGeometry()
    assert area.contains(frame)  # frame and status bar included: nothing falls behind the taskbar
    assert frame.width() == area.width()


def test_long_sentences_and_every_chip_do_not_widen_the_window(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Seen under Xvfb: the start-up notes in the status line with the signing chip, and F10's sentence naming a
    long component in the workspace's step line, made the window wider than a 1366-pixel screen (2014 pixels
    here): its right edge (the counter clock, the findings, F10) fell off it."""
    open_new_dossier(window, qtbot, declared=1)
    window.message.setText(" · ".join(["Đã nạp danh mục thủ tục mẫu", "Chứng thư DEMO (không có giá trị pháp lý)",
                                       "Máy nhận hồ sơ mẫu: http://127.0.0.1:46243"] * 3))
    window.token_status.show_state("open")
    long_name = "Văn bản xác nhận của cơ quan thuế, bảo hiểm xã hội về việc chấp hành nghĩa vụ " * 2
    window.workspace.step.setText(f"Thành phần «{long_name}» chưa được số hóa và ký.")  # F10 too early said this
    window.workspace.subtitle.setText(f"Nguyễn Thị Lan · 001190012345 · 1.008050 — {long_name}")
    qtbot.wait(100)
    window.fit_to_screen(QRect(0, 0, 1366, 728))
    assert window.token_status.isVisibleTo(window) and window.workspace.isVisible()
    assert window.statusBar().minimumSizeHint().width() <= 1366
    assert window.message.toolTip() == window.message.text()  # what the edge cuts off is read in the tooltip
    assert window.minimumSizeHint().width() <= 1366 and window.width() <= 1366


def test_f1_lists_every_shortcut_in_the_order_of_the_work(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: type(QApplication.activeModalWidget() or QApplication.activeWindow()).__name__
                    == "ShortcutsDialog", timeout=5000)
    dialog = QApplication.activeModalWidget() or QApplication.activeWindow()
    keys = [k for k, _ in dialog.rows]
    order = ["F3", "Ctrl+N", "Ctrl+D", "F5", "F6", "F8", "Shift+F8", "F10", "Ctrl+P", "Ctrl+Shift+P", "F2", "F9",
             "Ctrl+L", "F1", "Ctrl+Q"]
    assert [k for k in keys if k in order] == order
    menu_keys = {a.shortcut().toString() for a in window.findChildren(type(window.new_action))
                 if not a.shortcut().isEmpty()}
    assert menu_keys <= set(keys)  # every shortcut of the window is listed
    assert "<table" in dialog.table.text() and "Tạo hồ sơ" not in keys
    dialog.setStyleSheet(STYLESHEET)  # the station's look, as `sohoa gui` applies it
    assert dialog.sizeHint().height() <= 728 - 40  # a 1366×768 screen less its taskbar, with room for a frame
    dialog.accept()


def test_a_full_progress_bar_keeps_its_count_readable(qapp) -> None:  # type: ignore[no-untyped-def]
    """Seen under Xvfb: "4 / 4 trang" was drawn in near-black over the navy bar of a finished scan."""
    from ui.page_progress import PageProgress
    from ui.style import STYLESHEET

    bar = PageProgress("%v / %m trang")
    bar.setStyleSheet(STYLESHEET)
    bar.resize(300, 24)
    bar.show_count(4, 4)
    image = bar.grab().toImage()
    chunk = image.pixelColor(8, image.height() // 2)  # the bar's left end: no text there
    text = min((image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())),
               key=lambda c: c.lightness())
    assert chunk.lightness() - text.lightness() > 100  # dark text on a light bar


def test_the_file_dialog_speaks_vietnamese(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Seen under Xvfb: Ctrl+B's folder chooser and the result's PDF chooser (Qt's own dialog where the system offers
    none) said "Look in", "File name", "Files of type", "Choose" among Vietnamese words."""
    from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

    dialog = QFileDialog(window, "Thư mục của lô")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    qtbot.addWidget(dialog)
    dialog.show()
    words = {w.text() for w in dialog.findChildren(QLabel)} | {b.text() for b in dialog.findChildren(QPushButton)}
    assert {"&Tìm trong:", "Thư mục:", "&Loại tệp:", "&Chọn"} <= words
    assert not words & {"&Look in:", "Directory:", "Files of &type:", "&Choose", "File &name:", "&Open"}
    dialog.reject()
