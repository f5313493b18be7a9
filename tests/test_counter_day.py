"""Issue 14, the core's side: the personal ID's structure, finishing with papers received unscanned (a reason, kept
in the audit trail and on the receipt), and the page count and copies a component declares."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from app.core import audit
from app.core.errors import BadInputError
from app.counter.service import Applicant, CounterService, NotReady
from app.counter.station import prepare
from app.dossiers.identity import PROVINCES, id_problems
from app.dossiers.lifecycle import ComponentStatus
from app.papers.receipts import issue_receipt
from scanner import ScanOptions
from tests.counter_fixtures import APPLICANT, PROCEDURE, new_dossier_with_component

TODAY = date(2026, 11, 29)
OPTIONS = ScanOptions(dpi=100)


def test_a_structurally_impossible_id_is_refused_with_the_digit_named(counter: CounterService) -> None:
    with pytest.raises(BadInputError) as err:
        counter.new_dossier(PROCEDURE, Applicant("Trần Văn B", "999999999999"), [])
    assert "Chữ số thứ 4 (9)" in err.value.user_message("vi")  # no century-and-sex code: refused
    abroad = id_problems("840190012345", today=TODAY)  # a birth registered abroad: a country's code, not refused
    assert [(p.digits, p.blocking) for p in abroad] == [("1–3", False)] and "quốc gia" in abroad[0].message_vi
    century = [p for p in id_problems("001790012345", today=TODAY) if p.blocking]
    assert [p.digits for p in century] == ["4"]  # 7 is no century-and-sex code
    future = [p for p in id_problems("001450012345", today=TODAY) if p.blocking]
    assert [p.digits for p in future] == ["4–6"]  # born in 2145
    assert id_problems("001190012345", today=TODAY) == [] and id_problems("079203001234", today=TODAY) == []


def test_province_codes_are_the_63_provinces() -> None:
    assert len(PROVINCES) == 63 and min(PROVINCES) == "001" and max(PROVINCES) == "096"
    assert "003" not in PROVINCES and PROVINCES["079"] == "Hồ Chí Minh"


def test_a_mismatch_with_birth_date_or_sex_warns_and_names_the_digit(counter: CounterService) -> None:
    woman_1990 = Applicant("Nguyễn Thị Lan", "001190012345", birth_date="1990-05-01", sex="nu")
    assert woman_1990.problems() == [] and woman_1990.warnings() == []
    as_man = Applicant("Nguyễn Thị Lan", "001190012345", birth_date="1990-05-01", sex="nam")
    assert [m for _, m, _ in as_man.warnings()] == [
        "Chữ số thứ 4 (1) là của người nữ, khác giới tính đã chọn."]
    other_year = Applicant("Nguyễn Thị Lan", "001190012345", birth_date="2003-05-01", sex="nu")
    digits = [m.split(" (")[0] for _, m, _ in other_year.warnings()]
    assert digits == ["Chữ số thứ 4", "Chữ số 5–6"]
    assert Applicant("Nguyễn Thị Lan", "001190012345", birth_date="1990-13-01").problems()[0][0] == "birth_date"
    dossier = counter.new_dossier(PROCEDURE, as_man, [])  # a warning does not stop the counter
    row = counter.dossier(dossier)
    assert (row["applicant_dob"], row["applicant_sex"]) == ("1990-05-01", "nam")


def test_unscanned_submitted_papers_need_a_reason_kept_in_the_audit_and_on_the_receipt(
        counter: CounterService) -> None:
    dossier = counter.new_dossier(PROCEDURE, APPLICANT, [])
    counter.add_component(dossier, "Bản sao giấy khai sinh", declared_pages=1)  # optional, never scanned
    verdict = counter.can_finish(dossier)
    assert verdict.reason == "paper_only" and "Bản sao giấy khai sinh" in verdict.message_vi
    with pytest.raises(NotReady):
        counter.finish(dossier)
    with pytest.raises(NotReady):
        counter.finish(dossier, paper_only_reason="   ")
    assert counter.can_finish(dossier, "Máy quét hỏng, công dân không chờ được")
    counter.finish(dossier, paper_only_reason="Máy quét hỏng, công dân không chờ được")
    row = counter.dossier(dossier)
    assert row["finished_at"] and row["paper_only_reason"] == "Máy quét hỏng, công dân không chờ được"
    entries = [e for e in audit.entries(counter.store.db, row["code"]) if e.action == audit.Action.PAPER_ONLY]
    assert entries and entries[0].details == {"reason": "Máy quét hỏng, công dân không chờ được",
                                              "components": ["Bản sao giấy khai sinh"]}
    receipt = issue_receipt(counter.store, counter.settings, row["code"])
    assert [(line.name, line.note) for line in receipt.components] == [
        ("Bản sao giấy khai sinh", "nhận bản giấy, chưa số hóa")]


def test_a_must_digitize_paper_cannot_be_finished_on_paper(counter: CounterService) -> None:
    dossier = counter.new_dossier(PROCEDURE, APPLICANT, [])
    counter.add_component(dossier, "Tờ khai", must_digitize=True, declared_pages=1)
    assert counter.can_finish(dossier, "lý do bất kỳ").reason == "not_signed"


def test_the_catalog_copies_reach_the_component(counter: CounterService) -> None:
    spec = counter.procedure(PROCEDURE).components[0]
    dossier = counter.new_dossier(PROCEDURE, APPLICANT, [dataclasses.replace(spec, copies=2)])
    assert [c["copies"] for c in counter.components(dossier)] == [2]


def test_a_changed_page_count_is_the_components_and_undoes_its_check(counter: CounterService,
                                                                      fast_feeder: Path) -> None:
    _, comp = new_dossier_with_component(counter, declared=4)
    counter.scan_component(comp, f"sim:{fast_feeder}?ppm=600", OPTIONS)
    counter.dossiers.update_component(comp, status=ComponentStatus.CHECKED)  # as after F6
    counter.set_declared_pages(comp, 5)
    row = counter.dossiers.component(comp)
    assert row["declared_pages"] == 5 and row["status"] == ComponentStatus.SCANNED  # F6 must run again, with 5
    counter.set_declared_pages(comp, 5)  # the same count again changes nothing
    assert counter.dossiers.component(comp)["status"] == ComponentStatus.SCANNED


def test_a_scan_may_replace_every_page_and_the_removal_is_undone(counter: CounterService, fast_feeder: Path) -> None:
    _, comp = new_dossier_with_component(counter, declared=4)
    device = f"sim:{fast_feeder}?ppm=600"
    first = [p.id for p in counter.scan_component(comp, device, OPTIONS).pages]
    second = [p.id for p in counter.scan_component(comp, device, OPTIONS, replace=True).pages]
    assert [p.id for p in counter.dossiers.pages(comp)] == second and not set(first) & set(second)
    counter.undo(comp)  # the new scan goes
    assert counter.dossiers.pages(comp) == [] and counter.can_undo(comp)
    for _ in first:
        counter.undo(comp)
    assert [p.id for p in counter.dossiers.pages(comp)] == first


def test_deleting_every_page_leaves_an_empty_component_that_can_be_undone(counter: CounterService,
                                                                          fast_feeder: Path) -> None:
    _, comp = new_dossier_with_component(counter, declared=4)
    pages = counter.scan_component(comp, f"sim:{fast_feeder}?ppm=600", OPTIONS).pages
    for page in pages:
        counter.delete_page(page.id)
    assert counter.dossiers.component(comp)["status"] == ComponentStatus.EMPTY and counter.can_undo(comp)
    counter.undo(comp)
    assert counter.dossiers.component(comp)["status"] == ComponentStatus.SCANNED


def test_a_missing_page_finding_never_removes_the_good_page_it_names(counter: CounterService,
                                                                     fast_feeder: Path) -> None:
    _, comp = new_dossier_with_component(counter, declared=5)
    pages = counter.scan_component(comp, f"sim:{fast_feeder}?ppm=600", OPTIONS).pages
    [gap] = counter.findings.replace_open(comp, [
        {"code": "missing_page", "severity": "block", "page_id": pages[1].id, "value": "3",
         "message_vi": "Thiếu trang 3", "message_en": "Page 3 missing"}])
    assert gap.gap_after
    with pytest.raises(BadInputError):
        counter.resolve_finding(gap.id, "remove")
    assert len(counter.dossiers.pages(comp)) == 4


def test_the_next_start_lists_the_dossiers_left_open_with_the_scan_a_stop_cut_short(
        counter: CounterService) -> None:
    done = counter.new_dossier(PROCEDURE, APPLICANT, [])
    counter.add_component(done, "Bản sao giấy khai sinh", declared_pages=1)
    counter.finish(done, paper_only_reason="máy quét hỏng cả buổi")  # finished: never offered again
    left, comp = new_dossier_with_component(counter, declared=3)
    counter.dossiers.begin_scan(comp)  # the window closed (or the power went) in the middle of this scan
    for _ in range(2):
        counter.dossiers.add_page(comp, Image.new("L", (850, 1100), 255), 100)

    restarted = CounterService(counter.settings, counter.store)
    restarted.dossiers.recover()
    setup = prepare(restarted.settings, restarted.store, with_sane=False, start_receiver=False)
    assert [(u.id, u.interrupted) for u in setup.unfinished] == [(left, (("Tờ khai đề nghị", 2),))]
    assert setup.unfinished[0].applicant == APPLICANT.name
