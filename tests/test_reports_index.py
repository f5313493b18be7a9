"""The report's Decision 766 figures and the citizen's waiting and service time, on a seeded database: exact counts
and shares, unknown waiting never counted as zero, the neutral values before reuse/results/identity exist and the
same figures once their columns are filled, in the JSON, CSV, XLSX and the CLI's summary."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlite_utils import Database

from app.core import audit
from app.core.storage import Store
from app.reports.export import write_csv, write_json, write_xlsx
from app.reports.figures import Period, build_report, today
from app.reports.scores import IDENTITY_LOOKUP_ACTION, ratio_text
from cli import main

DAY = "2026-10-05T"
# code, clerk, arrived (ticket issued), called, created, finished; components: (kept pages, pdf, exempt)
DOSSIERS = [
    ("Q1", "an", "07:40", "07:58", "08:00", "08:30", [(1, None, None), (0, None, None)]),  # wait 18, service 32
    ("Q2", "an", "08:30", "08:35", "08:36", "08:50", [(0, None, None)]),  # wait 5, service 15
    ("Q3", "binh", None, None, "09:00", "09:10", [(0, "c.pdf", None)]),  # no ticket; service 10 from the opening
    ("Q4", "binh", None, "09:20", "09:21", None, [(0, None, "show_only")]),  # not finished: service unknown
    ("Q5", "binh", "10:00", None, "10:12", "10:40", []),  # wait 12 until the opening, service 28
]


def at(hhmm: str | None) -> str | None:
    return f"{DAY}{hhmm}:00+07:00" if hhmm else None


def seed(db: Database) -> dict[str, int]:
    ids = {}
    for code, clerk, arrived, called, created, finished, components in DOSSIERS:
        ids[code] = db.table("dossiers").insert({
            "code": code, "procedure_code": "1.008001", "procedure_name": "Thủ tục", "clerk": clerk, "station": "S1",
            "status": "draft", "created_at": at(created), "finished_at": at(finished), "arrived_at": at(arrived),
            "called_at": at(called), "ticket_number": "1" if arrived else None}).last_pk
        for position, (kept, pdf, exempt) in enumerate(components, start=1):
            comp = db.table("components").insert({
                "dossier_id": ids[code], "position": position, "name": f"TP{position}", "must_digitize": 1,
                "exempt_reason": exempt, "status": "empty", "pdf_path": pdf}).last_pk
            for n in range(kept):
                db.table("pages").insert({"component_id": comp, "position": n + 1, "seq": n + 1, "file": f"{n}.png",
                                          "sha256": "0" * 64, "status": "kept"})
    return ids


@pytest.fixture
def store(isolated_station: Path) -> Store:
    store = Store(isolated_station)
    seed(store.db)
    return store


def quarter(store: Store):  # type: ignore[no-untyped-def]
    return build_report(store.db, Period.parse(quarter="2026Q4"), agency_code="000.00.01.H22", agency_name="Sở")


def test_waiting_and_service_against_their_targets(store: Store) -> None:
    t = quarter(store).totals
    w, s = t.waiting, t.service
    # unknown waiting left out: counted as zero, the median would be 5 and the share within 15 minutes 0.8
    assert (w.count, t.without_ticket, w.median, w.p90, w.over_target, w.share_within_target) == (3, 2, 12, 18, 1,
                                                                                                   0.6667)
    assert (s.count, s.median, s.p90, s.maximum, s.share_within_target) == (4, 21.5, 32, 32, 0.75)
    by_clerk = quarter(store).by_clerk
    assert (by_clerk["an"].waiting.median, by_clerk["an"].without_ticket) == (11.5, 0)
    assert (by_clerk["binh"].waiting.count, by_clerk["binh"].without_ticket) == (1, 2)


def test_index_figures_with_their_neutral_values(store: Store) -> None:
    report = quarter(store)
    t = report.totals
    assert (t.dossiers_digitized, t.dossiers, t.share_dossiers_digitized) == (2, 5, 0.4)
    assert (t.components_reused, t.components, t.share_reused) == (0, 5, 0)
    assert (t.results_electronic, t.results_issued, t.share_results_electronic) == (0, 0, None)
    assert report.identity_lookups == 0
    assert [ratio_text(2, 5), ratio_text(0, 0), ratio_text(2, 3)] == ["2/5 (40 %)", "0/0 (—)", "2/3 (66,7 %)"]


def test_index_figures_once_reuse_results_and_lookups_are_recorded(store: Store) -> None:
    db = store.db
    db.execute("update components set status = 'reused' where name = 'TP2'")  # as marking it reused does
    q1, q2 = (db.execute("select id from dossiers where code = ?", [c]).fetchone()[0] for c in ("Q1", "Q2"))

    def result(dossier_id: int, released: str | None) -> dict[str, object]:  # as app.results keeps one
        return {"dossier_id": dossier_id, "code": "KQ.G15.000034", "pdf_path": "r.pdf", "pdf_sha256": "0" * 64,
                "status": "released" if released else "hidden", "created_at": at("08:00"), "released_at": released}

    # Q1's result returned (released into the citizen's data store), Q2's digitized and still hidden
    db.table("results").insert_all([result(q1, at("09:00")), result(q1, None), result(q2, None)])
    # the identity feature's audit entries (its own Action member carries this value): one in the quarter, one not
    for when in (at("07:59"), "2027-01-02T08:00:00+07:00"):
        db.table("audit_log").insert({"at": when, "action": IDENTITY_LOOKUP_ACTION, "clerk": "an", "station": "S1",
                                      "details": "{}", "prev_hash": "", "hash": ""})
    audit.record(db, audit.Action.CATALOG_IMPORTED, clerk="an", station="S1")  # other actions are not lookups
    report = quarter(store)
    t = report.totals
    assert (t.components_reused, t.share_reused) == (1, 0.25)  # of the 4 papers to collect (one is exempt)
    assert (t.results_electronic, t.results_issued, t.share_results_electronic) == (1, 2, 0.5)
    assert report.identity_lookups == 1


def test_exports_carry_the_new_figures(store: Store, tmp_path: Path) -> None:
    report = quarter(store)
    data = json.loads(write_json(report, tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["totals"]["waiting"]["median"] == 12 and data["totals"]["without_ticket"] == 2
    assert data["totals"]["share_dossiers_digitized"] == 0.4 and data["identity_lookups"] == 0
    assert data["totals"]["counter"]["count"] == 0  # the older figures keep their place

    rows = list(csv.DictReader(io.StringIO(write_csv(report, tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    header = list(rows[0])
    assert header.index("outbox_delay_max") < header.index("dossiers_digitized")  # new columns after the old
    assert (rows[0]["waiting_median"], rows[0]["without_ticket"], rows[0]["service_share_within_target"],
            rows[0]["share_results_electronic"], rows[0]["identity_lookups"]) == ("12", "2", "0.75", "", "0")
    assert rows[1]["waiting_median"] == "11.5" and rows[1]["identity_lookups"] == ""

    book = load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=7, values_only=True)}
    assert summary["Tỷ lệ hồ sơ có thành phần số hóa (DiemTyLeSoHoaHoSo)"] == 0.4
    assert summary["Hồ sơ có thành phần số hóa (DiemTyLeSoHoaHoSo)"] == "2/5 (40 %)"
    assert summary["Thành phần tái sử dụng (DiemTyLeTaiSuDung)"] == "0/4 (0 %)"  # one is exempt
    assert summary["Kết quả cấp điện tử (DiemTyLeCapKQDienTu)"] == "0/0 (—)"
    assert summary["Tra cứu CSDL quốc gia về dân cư (TruyVanCSDLDanCu)"] == "0"
    assert summary["Thời gian chờ, trung vị (phút)"] == 12
    assert summary["Hồ sơ không có số thứ tự (chưa biết thời gian chờ)"] == 2
    assert summary["Tỷ lệ giải quyết tại quầy không quá 30 phút"] == 0.75
    clerks = list(book["Theo cán bộ"].iter_rows(values_only=True))
    column = clerks[0].index("Thời gian chờ, trung vị (phút)")
    assert [row[column] for row in clerks[1:]] == [11.5, 12]


def test_cli_report_prints_the_index_and_the_times(store: Store, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--quarter", "2026Q4", "--format", "json", "--out", str(tmp_path / "r.json")]) == 0
    out = capsys.readouterr().out
    assert "Chỉ số 766: Hồ sơ có thành phần số hóa (DiemTyLeSoHoaHoSo) 2/5 (40 %);" in out
    assert "Kết quả cấp điện tử (DiemTyLeCapKQDienTu) 0/0 (—)" in out
    assert "Thời gian chờ: 3 hồ sơ, trung vị 12 phút, phân vị 90 18 phút, 66,7 % không quá 15 phút; 2 hồ sơ không " \
           "có số thứ tự" in out
    assert "Thời gian giải quyết tại quầy: 4 hồ sơ, trung vị 21,5 phút, phân vị 90 32 phút, 75 % không quá 30 " \
           "phút" in out


def test_today_is_the_window_s_report(store: Store) -> None:
    report = today(store.db, datetime.fromisoformat(f"{DAY}23:30:00+00:00") - timedelta(days=1))  # 06:30 in Vietnam
    assert report.totals.dossiers == 5 and report.totals.waiting.median == 12
