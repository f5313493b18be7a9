"""The results of a received dossier in the window: Ctrl+R on today's list opens them; the record read from the
first page fills the empty fields; the result is added (hidden) and returned; a dossier still at the counter takes
no result, with the core's sentence."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pikepdf
from PySide6.QtCore import Qt

from app.counter.submit import ComponentFile, submit_dossier
from app.dossiers.lifecycle import DossierStatus
from app.results.decisions import decision_pdf, make_decision
from app.results.model import ResultMeta
from app.signing import verify_pdf
from app.signing.station import demo_trust_roots
from tests.counter_fixtures import APPLICANT
from tests.ui.conftest import activate
from ui.results_dialog import ResultsDialog

READ = ResultMeta("1835/QĐ-SNgV", "2021-05-12", "SỞ NGOẠI VỤ", "Võ Minh Thảo", "Về việc cử cán bộ đi công tác")


def pdfa_decision(path: Path, seed: int) -> Path:
    """A decision that claims PDF/A (kept as it is: no OCR build in a window test)."""
    with pikepdf.open(io.BytesIO(decision_pdf(make_decision(seed)))) as pdf:
        with pdf.open_metadata() as meta:
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
        pdf.save(path)
    return path


def select(window, qtbot, code: str) -> None:  # type: ignore[no-untyped-def]
    window.show_list()
    qtbot.waitUntil(lambda: code in [r.code for r in window.list_page.rows], timeout=10000)
    row = [r.code for r in window.list_page.rows].index(code)
    window.list_page.table.setCurrentCell(row, 0)


def test_add_and_return_a_result_from_the_window(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service = window.ctx.service
    paper = pdfa_decision(tmp_path / "to-khai.pdf", 1)
    _, code = submit_dossier(service.store, service.settings, "1.008001", APPLICANT,
                             [ComponentFile("Quyết định", paper, "TP02")], service.settings.sync.targets)
    service.results.reader = lambda _path: READ
    select(window, qtbot, code)
    window.results_action.trigger()
    [dialog] = window.findChildren(ResultsDialog)
    assert not dialog.add_button.isEnabled() and not dialog.return_button.isEnabled()  # no file, no result yet
    dialog.fields["nguoi_ky"].setText("Người Ký Thay")
    dialog.choose(pdfa_decision(tmp_path / "ket-qua.pdf", 2))
    qtbot.waitUntil(lambda: dialog.fields["so_ky_hieu"].text() == "1835/QĐ-SNgV", timeout=10000)
    assert dialog.fields["ngay_ban_hanh"].text() == "12/05/2021"
    assert dialog.fields["nguoi_ky"].text() == "Người Ký Thay"  # what the clerk typed stays
    qtbot.waitUntil(dialog.add_button.isEnabled, timeout=10000)  # the dossier's own read (types, verdicts) is back
    assert dialog.kind.currentData() == "KQ.G15.000101"
    dialog.permanent.setChecked(True)
    assert dialog.add_button.text() == "Thêm kết quả (Ctrl+Enter)"  # the key shows on the button
    activate(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.added.count() == 1, timeout=30000)
    [row] = service.results.results(service.dossiers.by_code(code)["id"])
    assert row["nguoi_ky"] == "Người Ký Thay" and row["vinh_vien"] == 1 and row["status"] == "hidden"
    assert dialog.return_button.isEnabled()
    dialog.return_button.click()
    qtbot.waitUntil(lambda: service.dossiers.by_code(code)["status"] == DossierStatus.RETURNED, timeout=30000)
    qtbot.waitUntil(lambda: not dialog.return_button.isEnabled(), timeout=10000)
    assert not dialog.add_button.isEnabled() and dialog.status.text()
    qtbot.waitUntil(lambda: not dialog.choose_button.isEnabled() and not dialog.scanner.scan_button.isEnabled(),
                    timeout=10000)  # returned: no file to take, no scan to make
    dialog.reject()


def test_a_dossier_at_the_counter_takes_no_result(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    service = window.ctx.service
    dossier = service.new_dossier("1.008001", APPLICANT, [])
    code = service.dossiers.get(dossier)["code"]
    select(window, qtbot, code)
    dialog = window.open_results()
    assert dialog is not None and not dialog.add_button.isEnabled() and not dialog.return_button.isEnabled()
    qtbot.waitUntil(lambda: bool(dialog.status.text()), timeout=10000)  # the dossier is read in a worker
    assert code in dialog.status.text()  # the core's sentence names the dossier
    assert not dialog.choose_button.isEnabled() and not dialog.scanner.scan_button.isEnabled()  # nothing to take
    dialog.reject()


def widget_rect(path: Path) -> list[float]:
    """The signature field's rectangle on page 1 (all zero: an invisible signature)."""
    with pikepdf.open(path) as pdf:
        [field] = [f for f in pdf.Root.AcroForm.Fields if f.get("/FT") == pikepdf.Name.Sig]
        return [float(v) for v in field.Rect]


def test_sign_a_result_or_stamp_it_as_a_copy(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service = window.ctx.service
    _, code = submit_dossier(service.store, service.settings, "1.008001", APPLICANT,
                             [ComponentFile("Quyết định", pdfa_decision(tmp_path / "to-khai.pdf", 1), "TP02")],
                             service.settings.sync.targets)
    service.results.reader = lambda _path: READ
    select(window, qtbot, code)
    window.results_action.trigger()
    [dialog] = window.findChildren(ResultsDialog)
    for n, seal in enumerate(("signed", "copy"), start=1):
        dialog.choose(pdfa_decision(tmp_path / f"ket-qua-{n}.pdf", n + 1))
        qtbot.waitUntil(dialog.add_button.isEnabled, timeout=10000)
        dialog.seal.setCurrentIndex(dialog.seal.findData(seal))
        dialog.add_button.click()
        qtbot.waitUntil(lambda n=n: dialog.added.count() == n, timeout=60000)
    signed, copy = service.results.results(service.dossiers.by_code(code)["id"])
    for row in (signed, copy):
        path = service.store.path(row["pdf_path"])
        assert path.name.endswith("-signed.pdf")
        report = verify_pdf(path, demo_trust_roots(service.settings))
        assert report.valid and report.intact and report.trusted  # the station's certificate, as for components
    x0, y0, x1, y1 = widget_rect(service.store.path(signed["pdf_path"]))
    assert x1 - x0 == 0 and y1 - y0 == 0  # the result itself: no copy stamp
    with pikepdf.open(service.store.path(copy["pdf_path"])) as pdf:
        width, height = float(pdf.pages[0].MediaBox[2]), float(pdf.pages[0].MediaBox[3])
    x0, y0, x1, y1 = widget_rect(service.store.path(copy["pdf_path"]))
    assert x1 > x0 and x0 > width / 2 and y0 > height / 2  # the ND 30/2020 stamp at the top right of page 1
    audit = [json.loads(r[0]) for r in service.store.db.execute(
        "select details from audit_log where action = 'result_added' order by id").fetchall()]
    assert [a["seal"] for a in audit] == ["signed", "copy"]
    dialog.reject()


def test_choose_the_file_then_ctrl_enter_adds_it(window, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Seen under Xvfb: after the file chooser the focus stayed on its button, and Ctrl+Enter opened the chooser
    again instead of adding the result; the fields to check get the focus."""
    from PySide6.QtWidgets import QApplication, QFileDialog

    service = window.ctx.service
    paper = pdfa_decision(tmp_path / "to-khai.pdf", 1)
    _, code = submit_dossier(service.store, service.settings, "1.008001", APPLICANT,
                             [ComponentFile("Quyết định", paper, "TP02")], service.settings.sync.targets)
    service.results.reader = lambda _path: READ
    chosen = pdfa_decision(tmp_path / "ket-qua.pdf", 2)
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (asked.append("pdf") or str(chosen), ""))
    select(window, qtbot, code)
    window.results_action.trigger()
    [dialog] = window.findChildren(ResultsDialog)
    activate(qtbot, dialog)
    dialog.choose_button.setFocus()
    qtbot.keyClick(dialog.choose_button, Qt.Key.Key_Space)  # the clerk picks the file by keyboard
    qtbot.waitUntil(lambda: dialog.fields["so_ky_hieu"].text() == READ.so_ky_hieu, timeout=10000)
    qtbot.waitUntil(dialog.add_button.isEnabled, timeout=10000)
    assert QApplication.focusWidget() is dialog.fields["so_ky_hieu"]  # the fields read, to check
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.added.count() == 1, timeout=30000)
    assert asked == ["pdf"]  # the chooser was not opened again
    dialog.reject()
