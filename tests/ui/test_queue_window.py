"""The queue at the window: F3 ("call next number") records when the citizen is called, the ticket typed in the
new-dossier form gives the arrival, and today's figures above the list show the waiting time (a dossier without a
ticket counted apart, never as zero) and the Decision 766 index."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from tests.counter_fixtures import APPLICANT, PROCEDURE
from tests.ui.conftest import activate
from tests.ui.test_counter_day_window import _form, _procedure
from ui import labels

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)",
                                                          extend=True)]


def test_call_next_then_the_ticket_and_today_s_figures(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = window.ctx.store.db
    window.ctx.service.new_dossier(PROCEDURE, APPLICANT, [])  # an earlier citizen, no ticket: waiting unknown
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: "Đã gọi công dân tiếp theo lúc" in window.message.text(), timeout=5000)
    (called_at,) = db.execute("select called_at from queue_calls").fetchone()
    called = datetime.fromisoformat(called_at)
    arrived = max(called - timedelta(minutes=10), called.replace(hour=0, minute=0, second=0)).replace(second=0)

    dialog = _form(window, qtbot)
    _procedure(dialog, qtbot)
    dialog.name_edit.setText(APPLICANT.name)
    dialog.id_edit.setText(APPLICANT.personal_id)
    dialog.phone_edit.setText(APPLICANT.phone)
    dialog.ticket_edit.setText("A042 99:99")
    assert not dialog.create_button.isEnabled() and "Giờ lấy số không hợp lệ" in dialog.message.text()
    dialog.ticket_edit.setText(f"A042 {arrived:%H:%M}")
    assert dialog.create_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.create_button.click()
    row = db.execute("select ticket_number, arrived_at, called_at from dossiers where id = ?",
                     [dialog.dossier_id]).fetchone()
    assert row == ("A42", arrived.isoformat(), called_at)

    window.show_list()
    waited = round(round((called - arrived).total_seconds() / 60, 2) * 60)
    expected = f"Thời gian chờ: trung vị {labels.duration(waited)}, không quá 15 phút {1 if waited <= 900 else 0}/1"
    qtbot.waitUntil(lambda: expected in window.list_page.figures.text(), timeout=5000)
    text = window.list_page.figures.text()
    assert "1 hồ sơ không có số thứ tự" in text
    assert "Chỉ số 766 hôm nay: hồ sơ có thành phần số hóa 0/2 (0 %)" in text
    assert "kết quả cấp điện tử 0/0 (—) · tra cứu CSDL dân cư 0" in text
