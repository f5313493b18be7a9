"""The headless counter workflow: dossiers, scanning into the store, page operations with undo, findings gate."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from app.core.errors import BadInputError
from app.counter.service import Applicant, CounterService, NotReady, elapsed_seconds
from app.dossiers.findings import BlockingFindingsOpen, ReasonRequired
from app.dossiers.pageops import NothingToUndo
from app.dossiers.store import ExemptComponentError
from scanner import CancelToken, ScanOptions
from scanner.model import FaultInjection
from tests.counter_fixtures import APPLICANT, new_dossier_with_component

OPTIONS = ScanOptions(dpi=100)


def assert_only_masters_left(folder: Path, pages: int) -> None:
    """Each page's uncompressed work copy goes once its worker is done with it; its PNG master stays."""
    for _ in range(50):
        if not list(folder.glob(".*.work")):
            break
        time.sleep(0.1)
    assert not list(folder.glob(".*.work")) and len(list(folder.glob("*.png"))) == pages


def test_applicant_needs_a_12_digit_personal_id(counter: CounterService) -> None:
    with pytest.raises(BadInputError) as err:
        counter.new_dossier("1.008001", Applicant("Trần Văn B", "12345"), [])
    assert "12 chữ số" in err.value.user_message("vi")
    dossier = counter.new_dossier("1.008001", APPLICANT, [])
    row = counter.dossier(dossier)
    assert row["applicant_id"] == "001190012345" and row["status"] == "draft"
    assert counter.today()[0].code == row["code"]


def test_scan_stores_pages_as_they_arrive_and_keeps_them_after_a_jam(counter: CounterService,
                                                                     fast_feeder: Path) -> None:
    _, comp = new_dossier_with_component(counter)
    seen: list[int] = []
    options = ScanOptions(dpi=100, fault=FaultInjection(3, "paper_jam"))
    outcome = counter.scan_component(comp, f"sim:{fast_feeder}", options,
                                     on_page=lambda page, views: seen.append(page.seq))
    assert seen == [1, 2]
    assert outcome.error is not None and outcome.error.code == "paper_jam"
    assert [p.seq for p, _ in counter.page_list(comp)] == [1, 2]
    assert all(views.thumb.is_file() and views.preview.is_file() for _, views in counter.page_list(comp))


def test_cancel_mid_scan_keeps_the_pages_before_it(counter: CounterService, fast_feeder: Path) -> None:
    _, comp = new_dossier_with_component(counter)
    cancel = CancelToken()
    outcome = counter.scan_component(comp, f"sim:{fast_feeder}", OPTIONS, cancel=cancel,
                                     on_page=lambda page, views: cancel.cancel())
    assert outcome.cancelled and len(outcome.pages) == 1
    assert len(counter.dossiers.pages(comp)) == 1


def test_exempt_component_cannot_be_scanned(counter: CounterService, fast_feeder: Path) -> None:
    dossier = counter.new_dossier("1.008001", APPLICANT, [])
    comp = counter.add_component(dossier, "Văn bản mật", exempt_reason="secret")
    with pytest.raises(ExemptComponentError):
        counter.scan_component(comp, f"sim:{fast_feeder}", OPTIONS)


def test_page_operations_are_undone_in_reverse_order(counter: CounterService, fast_feeder: Path) -> None:
    _, comp = new_dossier_with_component(counter)
    counter.scan_component(comp, f"sim:{fast_feeder}", OPTIONS)
    first = [p.id for p in counter.dossiers.pages(comp)]
    original = counter.dossiers.pages(comp)[0]
    turned = counter.rotate_page(original.id, 90)
    assert (turned.width, turned.height) == (original.height, original.width)
    counter.delete_page(first[1])
    counter.move_page(first[3], 0)
    assert [p.id for p in counter.dossiers.pages(comp)] == [first[3], turned.id, first[2]]
    assert [counter.undo(comp) for _ in range(3)] == ["move", "delete", "rotate"]
    assert [p.id for p in counter.dossiers.pages(comp)] == first
    assert counter.undo(comp) == "scan"
    assert counter.dossiers.pages(comp) == []
    with pytest.raises(NothingToUndo):
        counter.undo(comp)


def test_rescan_of_one_page_takes_its_place(counter: CounterService, fast_feeder: Path, tmp_path: Path) -> None:
    _, comp = new_dossier_with_component(counter)
    counter.scan_component(comp, f"sim:{fast_feeder}", OPTIONS)
    before = counter.dossiers.pages(comp)
    replacement = tmp_path / "again.png"
    Image.new("RGB", (827, 1169), (250, 250, 250)).save(replacement, dpi=(100, 100))
    new = counter.rescan_page(before[2].id, f"file:{replacement}", OPTIONS)
    after = counter.dossiers.pages(comp)
    assert [p.id for p in after] == [before[0].id, before[1].id, new.id, before[3].id]
    assert counter.store.db.table("pages").get(new.id)["source"] == "rescan"


def test_insert_puts_new_pages_where_asked(counter: CounterService, fast_feeder: Path) -> None:
    _, comp = new_dossier_with_component(counter)
    counter.scan_component(comp, f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=2))
    first = [p.id for p in counter.dossiers.pages(comp)]
    outcome = counter.scan_component(comp, f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=1), insert_at=1)
    assert [p.id for p in counter.dossiers.pages(comp)] == [first[0], outcome.pages[0].id, first[1]]
    assert counter.undo(comp) == "insert"
    assert [p.id for p in counter.dossiers.pages(comp)] == first


def test_a_blocking_finding_prevents_building_until_resolved(counter: CounterService, fast_feeder: Path) -> None:
    _, comp = new_dossier_with_component(counter, declared=3)
    counter.scan_component(comp, f"sim:{fast_feeder}", OPTIONS)
    pages = counter.dossiers.pages(comp)
    counter.findings.replace_open(comp, [
        {"code": "low_ocr_confidence", "severity": "warn", "page_id": pages[0].id, "message_vi": "Chữ mờ"},
        {"code": "blank_page", "severity": "block", "page_id": pages[3].id, "message_vi": "Trang trắng"},
        {"code": "page_count_mismatch", "severity": "block", "page_id": None, "value": "4/3",
         "message_vi": "Số trang không khớp"},
    ])
    listed = counter.findings.for_component(comp)
    assert [f.severity for f in listed] == ["block", "block", "warn"]
    assert not counter.can_finish_component(comp)
    with pytest.raises(BlockingFindingsOpen):
        counter.build_pdf(comp)
    blank = next(f for f in listed if f.code == "blank_page")
    assert counter.resolve_finding(blank.id, "remove").resolution == "removed"
    assert len(counter.dossiers.pages(comp)) == 3
    count = next(f for f in listed if f.code == "page_count_mismatch")
    with pytest.raises(ReasonRequired):
        counter.resolve_finding(count.id, "accept", "")
    counter.resolve_finding(count.id, "accept", "Bản gốc có 4 trang, khai sai")
    assert counter.can_finish_component(comp)
    assert counter.undo(comp) == "delete"
    assert not counter.can_finish_component(comp)


def test_counter_time_runs_from_creation_to_receipt() -> None:
    assert elapsed_seconds("2026-11-24T09:00:00+07:00", "2026-11-24T09:12:30+07:00") == 750


@pytest.mark.slow
def test_build_and_sign_with_the_demo_certificate(counter: CounterService, fast_feeder: Path) -> None:
    from app.signing import verify_pdf
    from app.signing.station import demo_trust_roots

    _, comp = new_dossier_with_component(counter, declared=2)
    counter.scan_component(comp, f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=2))
    with pytest.raises(NotReady):
        counter.build_pdf(comp)  # the checks come first
    counter.dossiers.update_component(comp, status="checked")  # as app.checks leaves it with no finding
    counter.build_pdf(comp)
    asked: list[object] = []
    signed = counter.sign_component(comp, asked.append)
    assert asked == []  # the DEMO certificate brings its own PIN; real keys ask the provider
    row = counter.dossiers.component(comp)
    assert row["status"] == "signed" and counter.store.path(row["pdf_path"]) == signed
    report = verify_pdf(signed, demo_trust_roots(counter.settings))
    assert report.valid and report.intact and report.trusted


@pytest.mark.slow
def test_the_checks_pass_feeds_the_build_with_no_second_ocr(counter: CounterService, fast_feeder: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The clerk's check (F6) OCRs each page once and keeps its finished one-page PDF; the build assembles those.
    A page changed after the check has no kept PDF under its new content, so that build OCRs again."""
    import app.capture.checking
    from app.imaging.pdfa import is_pdfa

    _, comp = new_dossier_with_component(counter, declared=2)
    counter.scan_component(comp, f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=2))
    counter.run_checks(comp)
    pages = counter.dossiers.pages(comp)
    assert all(counter.page_pdf_path(p).is_file() for p in pages)
    assert_only_masters_left(counter.dossiers.page_dir(comp), len(pages))

    ocr_builds: list[int] = []
    real_build = app.capture.checking.build_component
    monkeypatch.setattr(app.capture.checking, "build_component",
                        lambda pages, *a, **k: ocr_builds.append(1) or real_build(pages, *a, **k))
    for finding in counter.findings.for_component(comp):
        if finding.open and finding.severity == "block":
            counter.resolve_finding(finding.id, "accept", "trang mẫu độ phân giải thấp")
    out = counter.build_pdf(comp)
    assert ocr_builds == [] and is_pdfa(out) == "2B"
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    per_page = text.split("\f")[:2]
    assert len(per_page) == 2 and all(len(t.split()) > 20 for t in per_page)  # each page has its text layer

    counter.rotate_page(pages[1].id, 180)
    assert counter.dossiers.component(comp)["status"] == "scanned"
    counter.dossiers.update_component(comp, status="checked")  # as if checked elsewhere, without the kept PDF
    counter.build_pdf(comp)
    assert ocr_builds == [1]


@pytest.mark.slow
def test_pages_are_checked_while_the_feeder_runs_and_only_changed_pages_again(
        counter: CounterService, fast_feeder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A scan sends each stored page to the check workers at once, so the check after the scan only gathers the
    results; a later check processes only the pages that moved or changed."""
    from app.capture.pipeline import PagePipeline

    submitted: list[int | None] = []
    real_submit = PagePipeline.submit

    def spy(self, page, on_done=None, index=None):  # type: ignore[no-untyped-def]
        submitted.append(index)
        return real_submit(self, page, on_done, index)

    monkeypatch.setattr(PagePipeline, "submit", spy)
    _, comp = new_dossier_with_component(counter, declared=4)
    counter.scan_component(comp, f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=4))
    assert submitted == [0, 1, 2, 3]  # during the scan, one per page as it was stored

    submitted.clear()
    streamed = counter.run_checks(comp)
    assert submitted == []  # nothing left to process
    pages = counter.dossiers.pages(comp)
    assert all(counter.page_pdf_path(p).is_file() for p in pages)
    assert_only_masters_left(counter.dossiers.page_dir(comp), len(pages))

    counter.settings.checks.while_scanning = False
    restarted = CounterService(counter.settings, counter.store)  # the station closed and started again
    recalled = restarted.run_checks(comp)
    assert submitted == []  # the checks kept beside the page PDFs: nothing checked again after a restart
    kept = sorted(counter.page_pdf_path(pages[0]).parent.glob("*.check.json"))
    assert len(kept) == 4
    for path in kept:
        path.unlink()
    fresh = CounterService(counter.settings, counter.store)  # no scan, no earlier check: every page processed
    from_scratch = fresh.run_checks(comp)
    assert sorted(submitted) == [0, 1, 2, 3]
    assert [(f.code, f.page_id, f.severity) for f in streamed] == [(f.code, f.page_id, f.severity)
                                                                   for f in from_scratch]
    assert [(f.code, f.page_id, f.severity, f.message_vi) for f in recalled] == [
        (f.code, f.page_id, f.severity, f.message_vi) for f in from_scratch]

    submitted.clear()
    counter.run_checks(comp)
    assert submitted == []  # checked before, same places, same content
    counter.rotate_page(pages[2].id, 180)
    counter.run_checks(comp)
    assert submitted == [2]
    submitted.clear()
    counter.delete_page(pages[0].id, "thử")
    counter.run_checks(comp)
    assert sorted(submitted) == [0, 1, 2]  # every page moved up one place
    submitted.clear()
    counter.settings.checks.profile = "strict"
    counter.run_checks(comp)
    assert sorted(submitted) == [0, 1, 2]  # another profile: nothing checked under the old one is reused


@pytest.mark.slow
def test_changing_a_signed_page_undoes_the_signature_and_a_finished_dossier_is_frozen(
        counter: CounterService, fast_feeder: Path) -> None:
    from app.core.storage import now_iso

    dossier, comp = new_dossier_with_component(counter, declared=2)
    counter.scan_component(comp, f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=2))
    counter.dossiers.update_component(comp, status="checked")
    counter.build_pdf(comp)
    counter.sign_component(comp, lambda *a: None)
    page = counter.dossiers.pages(comp)[0]
    counter.rotate_page(page.id, 90)
    row = counter.dossiers.component(comp)
    assert row["status"] == "scanned" and row["pdf_path"] is None and row["signed_at"] is None  # sign again

    counter.dossiers.set_status(dossier, "queued", finished_at=now_iso())
    turned = counter.dossiers.pages(comp)[0]
    for change in (lambda: counter.rotate_page(turned.id, 90), lambda: counter.delete_page(turned.id),
                   lambda: counter.move_page(turned.id, 1), lambda: counter.undo(comp),
                   lambda: counter.scan_component(comp, f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=1))):
        with pytest.raises(NotReady):
            change()
    pages = counter.dossiers.pages(comp)
    assert len(pages) == 2 and pages[0].id == turned.id  # nothing changed
