"""The review of a backlog batch in the window, by keyboard only: Ctrl+B opens the batch, each record shows its first
page and the fields pre-read by OCR; Enter confirms, typing corrects, PageUp / PageDown move, Esc leaves, and the
batch resumes at its first record still to review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from app.results.decisions import decision_pdf, make_decision
from tests.ui.conftest import activate
from ui.review_dialog import ReviewDialog

MISREAD = "Vo Quoc Lan"


def record(decision, n: int, misread: bool) -> dict:  # type: ignore[no-untyped-def]
    read = decision.fields()
    meta = {"so_ky_hieu": read["so_ky_hieu"], "ngay_ban_hanh": read["ngay"], "co_quan": read["co_quan"],
            "nguoi_ky": MISREAD if misread else read["nguoi_ky"], "trich_yeu": read["trich_yeu"],
            "hieu_luc_den": "", "vinh_vien": False}
    return {"pages": [n * 2], "separator": {"kind": "qr", "position": n * 2 - 1, "result_type": "KQ.G15.000034",
                                            "dossier": None}, "blank": [], "metadata": meta, "pdf": f"{n:03d}.pdf",
            "findings": [], "state": "to_review"}


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, list]:  # type: ignore[type-arg]
    docs = tmp_path / "batch" / "documents"
    docs.mkdir(parents=True)
    decisions = [make_decision(40 + n) for n in (1, 2, 3)]
    for n, decision in enumerate(decisions, start=1):
        (docs / f"{n:03d}.pdf").write_bytes(decision_pdf(decision))
        text = json.dumps(record(decision, n, misread=n == 2), ensure_ascii=False)
        (docs / f"{n:03d}.json").write_text(text, encoding="utf-8")
    return tmp_path / "batch", decisions


def stored(folder: Path, n: int) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / "documents" / f"{n:03d}.json").read_text(encoding="utf-8"))


def open_by_keyboard(window, qtbot, monkeypatch, folder: Path) -> ReviewDialog:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(folder))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ReviewDialog), timeout=5000)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: dialog.index >= 0 and dialog.preview.page_id is not None, timeout=20000)
    return dialog


def key(qtbot, dialog, which) -> None:  # type: ignore[no-untyped-def]
    """A key as the clerk presses it: to the widget that has the focus."""
    qtbot.keyClick(QApplication.focusWidget() or dialog, which)


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Typing, Vietnamese letters included (QTest types only ASCII): each letter as the keyboard's key event."""
    for letter in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, letter))


def test_review_a_batch_by_keyboard_and_resume_it(window, qtbot, monkeypatch, batch) -> None:  # type: ignore[no-untyped-def]
    folder, decisions = batch
    assert window.review_action.shortcut().toString() == "Ctrl+B"
    others = [a for a in window.findChildren(type(window.review_action)) if a is not window.review_action]
    assert "Ctrl+B" not in {a.shortcut().toString() for a in others}  # the key clashes with no other
    dialog = open_by_keyboard(window, qtbot, monkeypatch, folder)
    assert dialog.records[dialog.index][0] == 1 and dialog.list.count() == 3
    dialog.resize(900, 640)  # narrower than it opens: the list still shows each line whole
    qtbot.waitUntil(lambda: dialog.list.viewport().width() >= dialog.list.sizeHintForColumn(0), timeout=5000)
    assert not dialog.list.horizontalScrollBar().isVisible()  # each line whole (seen cut under Xvfb)
    assert not dialog.preview.item.pixmap().isNull()  # the first page beside the fields
    expected = decisions[0].fields()
    assert dialog.fields["so_ky_hieu"].text() == expected["so_ky_hieu"]
    day = expected["ngay"].split("-")
    assert dialog.fields["ngay_ban_hanh"].text() == f"{day[2]}/{day[1]}/{day[0]}"
    assert QApplication.focusWidget() is dialog.fields["so_ky_hieu"]
    summary = dialog.fields["trich_yeu"]
    assert summary.cursorPosition() == 0  # a long summary shows "Về việc…", not its end (seen under Xvfb)

    key(qtbot, dialog, Qt.Key.Key_Return)  # 001 as read
    qtbot.waitUntil(lambda: dialog.records[dialog.index][0] == 2, timeout=10000)
    assert stored(folder, 1)["state"] == "confirmed" and stored(folder, 1)["corrected"] == []
    kept = window.ctx.store.db.execute("select document, result_type from backlog_records").fetchall()
    assert kept == [(1, "KQ.G15.000034")]  # in the station at once: queued for the data store, counted in the report

    for _ in range(3):  # number, date, agency: the signer is the fourth field
        key(qtbot, dialog, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.fields["nguoi_ky"]
    assert dialog.fields["nguoi_ky"].selectedText() == MISREAD  # Tab selects the field: typing replaces it
    type_text(QApplication.focusWidget(), decisions[1].fields()["nguoi_ky"])
    key(qtbot, dialog, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: dialog.records[dialog.index][0] == 3, timeout=10000)
    second = stored(folder, 2)
    assert second["corrected"] == ["nguoi_ky"] and second["metadata"]["nguoi_ky"] == decisions[1].fields()["nguoi_ky"]
    assert second["result_type"] == "KQ.G15.000034"  # from its separator sheet

    key(qtbot, dialog, Qt.Key.Key_PageUp)
    assert dialog.records[dialog.index][0] == 2
    assert dialog.fields["nguoi_ky"].text() == decisions[1].fields()["nguoi_ky"]  # as confirmed
    key(qtbot, dialog, Qt.Key.Key_PageDown)
    assert dialog.records[dialog.index][0] == 3
    assert "2" in dialog.summary.text() and "3" in dialog.summary.text()
    key(qtbot, dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert stored(folder, 3)["state"] == "to_review"  # left without confirming

    again = open_by_keyboard(window, qtbot, monkeypatch, folder)
    assert again is not dialog and again.records[again.index][0] == 3  # the batch resumes where it was left
    key(qtbot, again, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "31/02/2018")  # a date that does not exist
    key(qtbot, again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Ngày không hợp lệ" in again.status.text(), timeout=10000)
    assert stored(folder, 3)["state"] == "to_review" and again.records[again.index][0] == 3  # nothing written
    key(qtbot, again, Qt.Key.Key_Backtab)
    key(qtbot, again, Qt.Key.Key_Tab)  # back in the date, all of it selected
    qtbot.keyClicks(QApplication.focusWidget(), "28/02/2018")
    key(qtbot, again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(folder, 3)["state"] == "confirmed", timeout=10000)
    assert stored(folder, 3)["metadata"]["ngay_ban_hanh"] == "2018-02-28"
    qtbot.waitUntil(lambda: "Mọi tài liệu" in again.status.text(), timeout=10000)
    key(qtbot, again, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: "Kết quả còn hiệu lực: hôm nay số hóa 3 tài liệu" in window.list_page.figures.text(),
                    timeout=10000)  # today's figures follow the review


def test_a_folder_that_is_no_batch_says_so(window, qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(tmp_path))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ReviewDialog), timeout=5000)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: "không phải thư mục" in dialog.status.text(), timeout=10000)
    assert dialog.index == -1
    key(qtbot, dialog, Qt.Key.Key_Return)  # nothing to confirm: nothing happens
    key(qtbot, dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_the_copy_stamp_asks_the_pin_of_the_days_session_once(window, qtbot, monkeypatch, batch,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    """With a real key, confirming in the window stamps the copy in the day's signing session: the PIN dialog the
    components use, asked once for the batch, and the record kept is the signed copy."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    import ui.review_dialog as review
    from app.results.backlog_queue import RECORD_DESTINATIONS
    from app.signing.demo import generate

    password = "mat-khau-sao-y"
    p12, ca = generate(tmp_path / "key", "Sở Tư pháp (thử)", password)
    signing = window.ctx.settings.signing
    signing.method, signing.p12_path, signing.trust_roots = "p12", str(p12), [str(ca)]
    window.ctx.settings.sync.destinations = [*window.ctx.settings.sync.targets, *RECORD_DESTINATIONS]
    asked: list[dict] = []  # type: ignore[type-arg]

    class Pin:  # the PIN dialog, answered as the clerk would
        DialogCode = review.PinDialog.DialogCode

        def __init__(self, info: dict, _parent: object) -> None:  # type: ignore[type-arg]
            asked.append(info)

        def exec(self) -> object:
            return self.DialogCode.Accepted

        def value(self) -> str:
            return password

    monkeypatch.setattr(review, "PinDialog", Pin)
    folder, _ = batch
    dialog = open_by_keyboard(window, qtbot, monkeypatch, folder)
    key(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(folder, 1)["state"] == "confirmed" and not dialog.busy, timeout=60000)
    key(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(folder, 2)["state"] == "confirmed" and not dialog.busy, timeout=60000)
    assert len(asked) == 1  # one PIN for the day, as for the components
    rows = window.ctx.store.db.execute("select pdf_path from backlog_records order by document").fetchall()
    assert len(rows) == 2
    for (path,) in rows:
        with open(window.ctx.store.path(path), "rb") as signed:
            assert len(PdfFileReader(signed).embedded_signatures) == 1  # the stamped copy, not the scan
