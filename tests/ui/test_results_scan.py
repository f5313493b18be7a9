"""Scanning a result in the results window: the simulated feeder's pages are checked, made PDF/A and the record is
pre-read from the first page; a check that blocks keeps the result out; cancel leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from app.counter.submit import ComponentFile, submit_dossier
from app.results.decisions import write_decision
from app.results.model import ResultMeta
from app.results.scan import SCANS, ScannedResult
from tests.counter_fixtures import APPLICANT
from tests.ui.test_results_window import pdfa_decision, select
from ui.results_dialog import ResultsDialog


def received(window, qtbot, tmp_path: Path) -> ResultsDialog:  # type: ignore[no-untyped-def]
    """A received dossier's results dialog, its own read back (result types, verdicts)."""
    service = window.ctx.service
    paper = pdfa_decision(tmp_path / "to-khai.pdf", 1)
    _, code = submit_dossier(service.store, service.settings, "1.008001", APPLICANT,
                             [ComponentFile("Quyết định", paper, "TP02")], service.settings.sync.targets)
    select(window, qtbot, code)
    window.results_action.trigger()
    [dialog] = window.findChildren(ResultsDialog)
    qtbot.waitUntil(lambda: dialog.kind.count() > 0, timeout=10000)
    return dialog


def scans_left(window) -> list[Path]:  # type: ignore[no-untyped-def]
    folder = window.ctx.service.store.path(SCANS)
    return [p for p in folder.iterdir()] if folder.is_dir() else []


@pytest.mark.slow
def test_scan_a_result_check_it_and_add_it(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    decision, _ = write_decision(tmp_path / "feeder", 5, dpi=200, pages=2)
    window.ctx.defaults.device = f"sim:{tmp_path / 'feeder'}?ppm=600"
    dialog = received(window, qtbot, tmp_path)
    dialog.scanner.profile.setCurrentIndex(dialog.scanner.profile.findData("plain"))
    dialog.scanner.declared.setValue(2)
    dialog.scanner.scan_button.click()
    assert dialog.scanner.cancel_button.isEnabled() and not dialog.add_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.scanned is not None, timeout=120000)
    assert dialog.scanned.pages == 2 and dialog.scanned.ok
    assert dialog.fields["so_ky_hieu"].text() == decision.fields()["so_ky_hieu"]  # read from the first page
    assert dialog.fields["nguoi_ky"].text() == decision.fields()["nguoi_ky"]  # under the signature, page 2
    qtbot.waitUntil(dialog.add_button.isEnabled, timeout=10000)
    dialog.permanent.setChecked(True)
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.added.count() == 1, timeout=60000)
    service = window.ctx.service
    [row] = service.results.results(service.dossiers.by_code(dialog.code)["id"])
    assert row["pages"] == 2 and row["pdfa"] == 1 and row["so_ky_hieu"] == decision.fields()["so_ky_hieu"]
    with pikepdf.open(service.store.path(row["pdf_path"])) as pdf:
        assert len(pdf.pages) == 2
    assert scans_left(window) == []  # the dossier keeps its copy; the scan's folder is gone
    dialog.reject()


def test_a_check_that_blocks_keeps_the_scanned_result_out(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = received(window, qtbot, tmp_path)
    folder = tmp_path / "scan"
    folder.mkdir()
    blocked = ScannedResult(pdfa_decision(folder / "ket-qua.pdf", 3), 1, ResultMeta("12/QĐ-UBND"),
                            [{"code": "page_count_mismatch", "page": None, "severity": "block", "value": 1,
                              "message_vi": "Thiếu trang so với bản giấy.", "message_en": "A page is missing."}])
    calls: list[int | None] = []

    def fake_scan(device, options, *, declared=None, cancel=None, progress=None):  # type: ignore[no-untyped-def]
        calls.append(declared)
        return blocked

    window.ctx.service.results.scan = fake_scan
    dialog.scanner.declared.setValue(2)
    dialog.scanner.scan_button.click()
    qtbot.waitUntil(lambda: dialog.scanned is blocked, timeout=10000)
    assert calls == [2]  # the paper's page count is what the scan is checked against
    assert dialog.fields["so_ky_hieu"].text() == "12/QĐ-UBND"
    assert "Thiếu trang so với bản giấy." in dialog.status.text()
    assert not dialog.add_button.isEnabled()
    dialog.reject()  # closing leaves no scanned file behind
    assert not folder.exists()


def test_cancel_a_scan_leaves_nothing(window, qtbot, tmp_path: Path, fast_feeder: Path) -> None:  # type: ignore[no-untyped-def]
    window.ctx.defaults.device = f"sim:{fast_feeder}?ppm=2"  # thirty seconds a sheet: the clerk cancels first
    dialog = received(window, qtbot, tmp_path)
    dialog.scanner.scan_button.click()
    assert dialog.scanner.scanning and dialog.scanner.cancel_button.isEnabled()
    assert not dialog.choose_button.isEnabled()  # one source at a time
    dialog.scanner.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.scanner.scanning, timeout=30000)
    assert dialog.choose_button.isEnabled()
    assert dialog.scanned is None and dialog.path is None and not dialog.add_button.isEnabled()
    assert dialog.status.text()  # the core's sentence: cancelled on request
    assert dialog.scanner.scan_button.isEnabled()
    assert scans_left(window) == []
    dialog.reject()
