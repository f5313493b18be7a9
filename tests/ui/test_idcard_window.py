"""The applicant read from the chip ID card in the new-dossier form: a USB QR reader's burst of keys fills the form
and its Enter never submits; "Quét CCCD" reads the card on the glass (the station's scanner) or from a file, and the
card cut from the glass becomes the procedure's ID-card copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from tests.idcard_fixtures import CARD_TEXT, card_on_glass
from tests.ui.conftest import activate

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)",
                                                          extend=True)]
ASCII_CARD = "079190001234||Tran Thi Binh|05061990|Nu|12 Le Loi, Quan 1, TP HCM|01022022"


def _form(window, qtbot):  # type: ignore[no-untyped-def]
    dialog = window.new_dossier()
    qtbot.waitUntil(dialog.isVisible)
    activate(qtbot, dialog)
    return dialog


def _reader_types(widget: QWidget, text: str) -> None:
    """A USB QR reader set to send Unicode: each character a key press carrying its text (QTest types Latin-1 only)."""
    for ch in text:
        key = Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def _filled(dialog) -> tuple[str, str, str, str, str]:  # type: ignore[no-untyped-def]
    return (dialog.id_edit.text(), dialog.name_edit.text(), dialog.birth_edit.text(),
            str(dialog.sex_box.currentData()), dialog.address_edit.text())


def test_a_usb_reader_burst_fills_the_form_and_its_enter_never_submits(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = len(window.ctx.service.today())
    dialog = _form(window, qtbot)
    dialog.procedure_edit.setText("1.008001")
    dialog._choose("1.008001")
    qtbot.waitUntil(lambda: dialog.procedure is not None, timeout=10000)
    dialog.phone_edit.setFocus()
    qtbot.keyClicks(dialog.phone_edit, "0912345678")  # the clerk had typed the phone number
    _reader_types(dialog.phone_edit, CARD_TEXT)
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
    assert _filled(dialog) == ("001099012345", "Nguyễn Văn An", "02/03/1999", "nam",
                               "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội")
    assert dialog.phone_edit.text() == "0912345678"  # what was typed stays; the card's text does not
    assert dialog.isVisible() and dialog.result() == 0 and dialog.dossier_id is None
    assert len(window.ctx.service.today()) == before
    assert dialog.create_button.isEnabled()  # the clerk checks the card, then Enter creates


def test_a_reader_typing_plain_keys_into_the_id_field(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _form(window, qtbot)
    dialog.id_edit.setFocus()
    qtbot.keyClicks(dialog.id_edit, ASCII_CARD)  # the ID field takes digits only: the '|' still starts the card
    qtbot.keyClick(dialog.id_edit, Qt.Key.Key_Enter)
    assert _filled(dialog) == ("079190001234", "Tran Thi Binh", "05/06/1990", "nu", "12 Le Loi, Quan 1, TP HCM")
    assert dialog.isVisible() and dialog.dossier_id is None
    dialog.name_edit.setFocus()
    qtbot.keyClicks(dialog.name_edit, "001099012345|not a card")  # the card's shape, but not a card
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.name_edit.text() == "Tran Thi Binh" and "thẻ căn cước" in dialog.message.text()


def test_scan_id_card_reads_the_glass_and_the_copy_becomes_the_component(  # type: ignore[no-untyped-def]
        window, qtbot, tmp_path: Path) -> None:
    glass = tmp_path / "glass"
    glass.mkdir()
    card_on_glass(glass / "scan.png", angle=17.0)
    window.ctx.defaults.device = f"sim:{glass}"  # the station's scanner: one pass of the glass
    dialog = _form(window, qtbot)
    dialog.procedure_edit.setText("2.000800")
    dialog._choose("2.000800")
    qtbot.waitUntil(lambda: dialog.procedure is not None, timeout=10000)
    qtbot.mouseClick(dialog.card.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.name_edit.text() == "Nguyễn Văn An", timeout=20000)
    assert _filled(dialog)[0] == "001099012345" and len(dialog.card.sides) == 1
    assert dialog.focusWidget() is dialog.phone_edit  # what the card does not hold comes next
    qtbot.keyClicks(dialog.phone_edit, "0912345678")
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
    service = window.ctx.service
    copy = next(c for c in service.components(dialog.dossier_id) if c["code"] == "TP04")
    [(page, _views)] = service.page_list(copy["id"])
    assert page.dpi == 300 and page.width / page.height == pytest.approx((85.6 + 10) / (53.98 + 10), rel=0.03)


def test_scan_id_card_from_an_image_file(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scan = card_on_glass(tmp_path / "cccd.png", angle=-17.0)
    dialog = _form(window, qtbot)
    qtbot.mouseClick(dialog.card.file_button, Qt.MouseButton.LeftButton)
    files = dialog.card.reader.files
    qtbot.waitUntil(files.isVisible)
    files.filesSelected.emit([str(scan)])
    files.close()
    qtbot.waitUntil(lambda: dialog.id_edit.text() == "001099012345", timeout=20000)
    assert _filled(dialog)[1:] == ("Nguyễn Văn An", "02/03/1999", "nam", "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội")
    empty = card_on_glass(tmp_path / "no-card.png", text=None)
    dialog.card.reader.import_files([empty])
    qtbot.waitUntil(lambda: "Không tìm thấy mã QR" in dialog.message.text(), timeout=20000)


def test_both_sides_take_two_passes_and_a_pass_can_be_stopped(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    glass = tmp_path / "glass"
    glass.mkdir()
    card_on_glass(glass / "scan.png", angle=95.0)
    window.ctx.defaults.device = f"sim:{glass}"
    dialog = _form(window, qtbot)
    dialog.card.both_sides.setChecked(True)
    qtbot.mouseClick(dialog.card.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.card.reader.turn_box is not None and dialog.card.reader.turn_box.isVisible(),
                    timeout=20000)
    assert dialog.name_edit.text() == ""  # nothing is filled before the clerk has turned the card
    qtbot.keyClick(dialog.card.reader.turn_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.card.sides) == 2, timeout=20000)
    assert dialog.name_edit.text() == "Nguyễn Văn An"
    window.ctx.defaults.device = f"sim:{glass}?ppm=1"  # a slow pass: a minute before the glass is read
    qtbot.mouseClick(dialog.card.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.card.reader.running and not dialog.card.file_button.isEnabled())
    assert dialog.card.scan_button.text() == "Dừng đọc thẻ"
    qtbot.mouseClick(dialog.card.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.card.reader.running, timeout=10000)
    assert "Đã hủy quét" in dialog.message.text() and dialog.card.scan_button.text() == "Quét CCCD"
    dialog.id_edit.setFocus()
    qtbot.keyClicks(dialog.id_edit, ASCII_CARD)  # another person's card at the reader: the glass's copy is dropped
    qtbot.keyClick(dialog.id_edit, Qt.Key.Key_Return)
    assert dialog.name_edit.text() == "Tran Thi Binh" and dialog.card.sides == ()
