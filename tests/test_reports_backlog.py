"""The report's backlog of results still in force: documents digitized per month of the period and by result type,
the progress toward the 100 % target (cumulative to the period's end, Vietnam's calendar), and which metadata fields
clerks corrected (batch reviews and dossier results), the same in JSON, CSV, XLSX and the CLI; and what a real
review confirms is what the report counts."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlite_utils import Database

from app.core.storage import VN_TZ, Store
from app.reports.export import write_csv, write_json, write_xlsx
from app.reports.figures import Period, build_report
from app.results.backlog_queue import BacklogSender
from app.results.review import ReviewQueue
from cli import main
from tests.outbox.test_dvcqg import dvcqg_settings
from tests.outbox.test_dvcqg_backlog import write_batch

A, B, C = "KQ.G15.000001", "KQ.G15.000002", "KQ.G15.000003"
# (document, result type, confirmed at, pages, corrected fields, queued)
BACKLOG = [
    (1, A, "2026-09-15T10:00:00+07:00", 1, [], True),  # before the quarter: toward the target only
    (2, A, "2026-10-03T09:00:00+07:00", 2, ["nguoi_ky"], True),
    (3, B, "2026-10-31T23:30:00+07:00", 3, ["so_ky_hieu", "nguoi_ky"], True),
    (4, B, "2026-10-31T17:30:00+00:00", 1, [], False),  # 1 November 00:30 in Vietnam
    (5, A, "2027-01-02T08:00:00+07:00", 1, ["co_quan"], True),  # after the quarter: not counted at all
]
# dossier results: (created at, what OCR read, corrected)
RESULTS = [
    ("2026-11-10T10:00:00+07:00", {"so_ky_hieu": "12/QĐ-UBND", "nguoi_ky": "Tran Van A"}, ["nguoi_ky", "trich_yeu"]),
    ("2026-11-11T10:00:00+07:00", {}, []),  # typed by the clerk: no OCR reading to confirm
    ("2026-08-01T10:00:00+07:00", {"so_ky_hieu": "1/QĐ"}, ["so_ky_hieu"]),  # outside the quarter
]


def seed(db: Database) -> None:
    dossier = db.table("dossiers").insert({"code": "H22-1", "status": "queued",
                                           "created_at": "2026-11-01T08:00:00+07:00"}).last_pk
    for n, kind, at, pages, fixed, queued in BACKLOG:
        db.table("backlog_records").insert({
            "batch_id": "b1", "document": n, "record_key": f"b1-{n:03d}", "result_type": kind, "so_ky_hieu": f"{n}/QĐ",
            "pages": pages, "corrected": json.dumps(fixed), "pdf_path": f"backlog/b1/{n:03d}.pdf",
            "pdf_sha256": "0" * 64, "confirmed_at": at, "queued_at": at if queued else ""})
    for at, read, fixed in RESULTS:
        db.table("results").insert({"dossier_id": dossier, "code": A, "pdf_path": "r.pdf", "pdf_sha256": "0" * 64,
                                    "status": "hidden", "created_at": at, "ocr_fields": json.dumps(read),
                                    "corrected": json.dumps(fixed)})


@pytest.fixture
def store(isolated_station: Path) -> Store:
    store = Store(isolated_station)
    seed(store.db)
    return store


def test_progress_per_month_and_type_and_the_corrections(store: Store) -> None:
    report = build_report(store.db, Period.parse(quarter="2026Q4"), backlog_target=10,
                          backlog_by_type={A: 4, C: 5})
    b = report.backlog
    assert (b.in_period, b.digitized, b.share_of_target, b.pages_in_period, b.queued_in_period) == (3, 4, 0.4, 6, 2)
    assert b.by_month == {"2026-10": 2, "2026-11": 1, "2026-12": 0}
    progress = {k: (t.in_period, t.digitized, t.target, t.share) for k, t in b.by_result_type.items()}
    assert progress == {A: (1, 2, 4, 0.5), B: (2, 2, 0, None), C: (0, 0, 5, 0.0)}
    assert b.corrected_backlog == {"so_ky_hieu": 1, "ngay_ban_hanh": 0, "co_quan": 0, "nguoi_ky": 2, "trich_yeu": 0}
    assert b.corrected_results == {"so_ky_hieu": 0, "ngay_ban_hanh": 0, "co_quan": 0, "nguoi_ky": 1, "trich_yeu": 1}
    assert b.corrected["nguoi_ky"] == 3 and b.corrected["co_quan"] == 0
    assert (b.reviewed, b.results_reviewed) == (3, 1)
    later = build_report(store.db, Period.parse(year="2027")).backlog
    assert (later.in_period, later.digitized, later.share_of_target) == (1, 5, None)  # no target set: no share
    assert later.corrected["co_quan"] == 1 and later.corrected["nguoi_ky"] == 0


def test_exports_and_the_cli_carry_the_backlog(store: Store, tmp_path: Path, isolated_station: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    report = build_report(store.db, Period.parse(quarter="2026Q4"), backlog_target=10, backlog_by_type={A: 4})
    data = json.loads(write_json(report, tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["backlog"]["digitized"] == 4 and data["backlog"]["by_result_type"][A]["share"] == 0.5
    rows = list(csv.DictReader(io.StringIO(write_csv(report, tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    total = rows[0]
    assert (total["backlog_target"], total["backlog_digitized"], total["backlog_share"], total["backlog_in_period"],
            total["corrected_nguoi_ky"], total["corrected_trich_yeu"]) == ("10", "4", "0.4", "3", "3", "1")
    assert [(r["key"], r["backlog_in_period"]) for r in rows if r["section"] == "backlog_month"] == [
        ("2026-10", "2"), ("2026-11", "1"), ("2026-12", "0")]
    assert [(r["key"], r["backlog_digitized"], r["backlog_share"]) for r in rows if r["section"] == "backlog_type"] \
        == [(A, "2", "0.5"), (B, "2", "")]
    sheet = load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))["Kết quả còn hiệu lực"]
    cells = [row for row in sheet.iter_rows(values_only=True)]
    values = {row[0]: row[1] for row in cells[2:13]}
    assert values["Tỷ lệ đã số hóa so với chỉ tiêu"] == 0.4 and values["Cán bộ sửa trường người ký"] == 3
    assert ("2026-11", 1) in [row[:2] for row in cells]
    assert ("Người ký", 2, 1, 3) in [row[:4] for row in cells]

    (isolated_station.parent / "settings.toml").write_text("[results]\nbacklog_total = 10\n", encoding="utf-8")
    assert main(["report", "--quarter", "2026Q4", "--format", "json", "--out", str(tmp_path / "c.json")]) == 0
    out = capsys.readouterr().out
    assert "3 tài liệu số hóa trong kỳ (2026-10: 2, 2026-11: 1, 2026-12: 0); lũy kế 4 = 40.0% chỉ tiêu 10" in out
    assert "người ký 3" in out and "trích yếu 1" in out and "cơ quan ban hành" not in out


def test_a_station_without_backlog_work_shows_no_backlog_rows(isolated_station: Path, tmp_path: Path) -> None:
    report = build_report(Store(isolated_station).db, Period.parse(quarter="2026Q4"))
    rows = list(csv.DictReader(io.StringIO(write_csv(report, tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert [r["section"] for r in rows] == ["total"] and rows[0]["backlog_digitized"] == "0"
    assert "Kết quả còn hiệu lực" not in load_workbook(write_xlsx(report, tmp_path / "r.xlsx")).sheetnames


def test_what_a_review_confirms_is_what_the_report_counts(isolated_station: Path, tmp_path: Path) -> None:
    store = Store(isolated_station)
    sender = BacklogSender(store, dvcqg_settings("http://127.0.0.1:9"), ReviewQueue(write_batch(tmp_path / "b",
                                                                                               [3, 4, 5])))
    sender.confirm(1, {"nguoi_ky": "Trần Văn An"}, result_type=A)  # OCR read "Tran Van A": corrected
    sender.confirm(2, {}, result_type=B)
    sender.confirm(2, {}, result_type=B)  # confirmed again: counted once
    day = datetime.now(VN_TZ).date()
    b = build_report(store.db, Period(day, day, day.isoformat()), backlog_target=4).backlog
    assert (b.in_period, b.digitized, b.share_of_target, b.queued_in_period) == (2, 2, 0.5, 2)
    assert {k: t.in_period for k, t in b.by_result_type.items()} == {A: 1, B: 1}
    assert b.corrected_backlog["nguoi_ky"] == 1 and sum(b.corrected_backlog.values()) == 1
