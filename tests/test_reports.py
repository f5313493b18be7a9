"""The quarterly report on a seeded database: exact figures (digitization, pages, counter time, outbox delays), per
clerk and per procedure, and the same figures in JSON, CSV, XLSX (with charts) and PNG charts."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlite_utils import Database

from app.core.errors import BadInputError
from app.core.schema import core
from app.core.storage import Store
from app.reports.export import write_charts, write_csv, write_json, write_xlsx
from app.reports.figures import Period, build_report, nearest_rank

# (code, created_at, minutes to the printed receipt, clerk, procedure, components)
# a component: (must_digitize, exempt_reason, kept pages, removed pages, pdf_path)
DOSSIERS = [
    ("D1", "2026-10-05T08:00:00+07:00", 6, "an", "1.008001",
     [(1, None, 3, 1, None), (0, None, 0, 0, None), (0, "show_only", 0, 0, None)]),
    ("D2", "2026-10-20T09:00:00+07:00", 12, "an", "1.008001", [(1, None, 0, 0, None), (1, None, 0, 0, "c.pdf")]),
    ("D3", "2026-11-10T14:00:00+07:00", 20, "binh", "2.000800", [(1, None, 2, 0, None), (0, None, 1, 0, None)]),
    ("D4", "2026-12-31T16:30:00+07:00", 30, "binh", "2.000800", [(1, None, 1, 0, None)]),
    ("D5", "2026-12-31T23:30:00+07:00", None, "an", "1.008050", []),
    ("D6", "2027-01-01T00:10:00+07:00", 5, "an", "1.008001", [(1, None, 4, 0, None)]),
    ("D7", "2026-09-30T23:59:59+07:00", 5, "an", "1.008001", [(1, None, 4, 0, None)]),
    ("D8", "2026-09-30T17:30:00+00:00", 8, "binh", "2.000800", [(1, None, 0, 0, None)]),  # 1 Oct 00:30 in Vietnam
]
# (dossier, queued at, sent at, state)
OUTBOX = [("D1", "2026-10-05T08:10:00+07:00", "2026-10-05T08:12:00+07:00", "acked"),
          ("D2", "2026-10-20T09:20:00+07:00", "2026-10-20T11:20:00+07:00", "acked"),
          ("D3", "2026-11-10T14:30:00+07:00", None, "queued"),
          ("D6", "2027-01-02T08:00:00+07:00", "2027-01-02T08:01:00+07:00", "acked")]


def seed(db: Database, outbox: bool = True) -> None:
    from datetime import datetime, timedelta

    ids = {}
    for code, created, minutes, clerk, procedure, components in DOSSIERS:
        printed = (datetime.fromisoformat(created) + timedelta(minutes=minutes)).isoformat() if minutes else None
        ids[code] = db.table("dossiers").insert({
            "code": code, "procedure_code": procedure, "procedure_name": f"Thủ tục {procedure}", "clerk": clerk,
            "station": "ST01", "status": "draft", "created_at": created, "receipt_printed_at": printed}).last_pk
        for position, (must, exempt, kept, removed, pdf) in enumerate(components, start=1):
            comp = db.table("components").insert({
                "dossier_id": ids[code], "position": position, "name": f"TP{position}", "must_digitize": must,
                "exempt_reason": exempt, "status": "exempt" if exempt else "empty", "pdf_path": pdf}).last_pk
            for n in range(kept + removed):
                db.table("pages").insert({"component_id": comp, "position": n + 1, "seq": n + 1, "file": f"{n}.png",
                                          "sha256": "0" * 64, "status": "kept" if n < kept else "removed"})
    if outbox:
        if not db.table("outbox_entries").exists():  # the outbox's own schema, where it is installed
            db.table("outbox_entries").create({"id": int, "dossier_id": int, "dossier_code": str, "destination": str,
                                               "idempotency_key": str, "state": str, "created_at": str,
                                               "sent_at": str}, pk="id")
        for code, queued, sent, state in OUTBOX:
            db.table("outbox_entries").insert({"dossier_id": ids[code], "dossier_code": code, "destination": "sohoa",
                                               "idempotency_key": f"k-{code}", "state": state, "created_at": queued,
                                               "sent_at": sent})


@pytest.fixture
def store(isolated_station: Path) -> Store:
    store = Store(isolated_station)
    seed(store.db)
    return store


def test_periods() -> None:
    assert Period.parse(quarter="2026Q4") == Period(date(2026, 10, 1), date(2026, 12, 31), "2026Q4")
    assert Period.parse(quarter="2026-q1") == Period(date(2026, 1, 1), date(2026, 3, 31), "2026Q1")
    assert Period.parse(year="2026") == Period(date(2026, 1, 1), date(2026, 12, 31), "2026")
    assert Period.parse(date_from="2026-11-01", date_to="2026-11-30").label == "2026-11-01_2026-11-30"
    for bad in ({"quarter": "2026Q5"}, {"year": "26"}, {"date_from": "2026-12-01", "date_to": "2026-11-01"},
                {"date_from": "2026-02-30", "date_to": "2026-03-01"}, {}):
        with pytest.raises(BadInputError):
            Period.parse(**bad)


def test_nearest_rank() -> None:
    assert nearest_rank([30, 6, 12, 20, 8], 0.9) == 30
    assert nearest_rank(list(range(1, 11)), 0.9) == 9
    assert nearest_rank([4], 0.9) == 4


def test_quarter_figures_are_exact(store: Store) -> None:
    report = build_report(store.db, Period.parse(quarter="2026Q4"), agency_code="000.00.01.H22", agency_name="Sở")
    t = report.totals
    assert (t.dossiers, t.components, t.exempt, t.must_digitize, t.must_digitize_done, t.digitized, t.pages) == \
           (6, 9, 1, 6, 4, 5, 7)
    assert t.share_digitized == 0.6667
    c = t.counter
    assert (c.count, c.median, c.p90, c.maximum, c.over_target, c.share_over_target) == (5, 12, 30, 30, 2, 0.4)
    assert list(report.by_clerk) == ["an", "binh"]
    an, binh = report.by_clerk["an"], report.by_clerk["binh"]
    assert (an.dossiers, an.components, an.must_digitize, an.must_digitize_done, an.pages) == (3, 5, 3, 2, 3)
    assert (an.counter.median, an.counter.p90, an.counter.share_over_target) == (9, 12, 0)
    assert (binh.dossiers, binh.digitized, binh.pages, binh.share_digitized) == (3, 3, 4, 0.6667)
    assert (binh.counter.median, binh.counter.p90, binh.counter.over_target, binh.counter.share_over_target) == \
           (20, 30, 2, 0.6667)
    procs = report.by_procedure
    assert list(procs) == ["1.008001", "1.008050", "2.000800"]
    assert (procs["1.008001"].dossiers, procs["1.008001"].must_digitize_done, procs["1.008001"].pages) == (2, 2, 3)
    assert procs["1.008050"].share_digitized is None and procs["1.008050"].counter.count == 0
    assert report.procedure_names["2.000800"] == "Thủ tục 2.000800"
    o = report.outbox
    assert (o.available, o.entries, o.sent, o.pending, o.by_state) == (True, 3, 2, 1, {"acked": 2, "queued": 1})
    assert (o.delay.median, o.delay.p90, o.delay.maximum) == (61, 120, 120)


def test_custom_period_and_year(store: Store) -> None:
    november = build_report(store.db, Period.parse(date_from="2026-11-01", date_to="2026-11-30"))
    assert (november.totals.dossiers, november.totals.pages, november.outbox.entries) == (1, 3, 1)
    assert build_report(store.db, Period.parse(year="2027")).totals.dossiers == 1
    assert build_report(store.db, Period.parse(year="2025")).totals.counter.median is None


def test_without_an_outbox_table_the_rest_still_reports(tmp_path: Path) -> None:
    db = Database(tmp_path / "core-only.db")
    core.migrations.apply(db)
    seed(db, outbox=False)
    report = build_report(db, Period.parse(quarter="2026Q4"))
    assert report.totals.dossiers == 6 and not report.outbox.available


def test_exports_carry_the_same_figures(store: Store, tmp_path: Path) -> None:
    report = build_report(store.db, Period.parse(quarter="2026Q4"), agency_code="000.00.01.H22",
                          agency_name="Sở Ngoại vụ tỉnh (mẫu)")
    data = json.loads(write_json(report, tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["period"] == {"label": "2026Q4", "from": "2026-10-01", "to": "2026-12-31"}
    assert data["totals"]["counter"]["p90"] == 30 and data["by_clerk"]["binh"]["pages"] == 4
    assert data["outbox"]["delay"]["median"] == 61

    rows = list(csv.DictReader(io.StringIO(write_csv(report, tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["section"], r["key"]) for r in rows] == [
        ("total", "2026Q4"), ("clerk", "an"), ("clerk", "binh"), ("procedure", "1.008001"),
        ("procedure", "1.008050"), ("procedure", "2.000800")]
    assert (rows[0]["dossiers"], rows[0]["share_digitized"], rows[0]["counter_share_over_target"],
            rows[0]["outbox_delay_p90"]) == ("6", "0.6667", "0.4", "120")
    assert rows[4]["share_digitized"] == "" and rows[1]["outbox_entries"] == ""

    xlsx = write_xlsx(report, tmp_path / "r.xlsx")
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Tổng hợp", "Theo cán bộ", "Theo thủ tục"]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=7, values_only=True)}
    assert summary["Hồ sơ tiếp nhận"] == 6 and summary["Tỷ lệ số hóa"] == 0.6667
    assert summary["Thời gian tại quầy, phân vị 90 (phút)"] == 30 and summary["Chưa gửi xong"] == 1
    procs = list(book["Theo thủ tục"].iter_rows(min_row=2, max_col=4, values_only=True))
    assert procs[0] == ("1.008001", "Thủ tục 1.008001", 2, 5)
    with zipfile.ZipFile(xlsx) as archive:
        assert sum(n.startswith("xl/charts/chart") for n in archive.namelist()) == 2

    charts = write_charts(report, tmp_path, "r")
    assert [p.name for p in charts] == ["r-so-hoa-theo-thu-tuc.png", "r-thoi-gian-tai-quay.png"]
    for chart in charts:
        with Image.open(chart) as image:
            assert image.format == "PNG" and image.width > 500


def test_empty_period_still_exports(store: Store, tmp_path: Path) -> None:
    report = build_report(store.db, Period.parse(year="2020"))
    write_xlsx(report, tmp_path / "e.xlsx")
    assert len(write_charts(report, tmp_path, "e")) == 2


@pytest.mark.slow
def test_cli_report(cli, store: Store, tmp_path: Path) -> None:
    out = tmp_path / "bao-cao" / "2026Q4.xlsx"
    result = cli("report", "--quarter", "2026Q4", "--format", "xlsx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.is_file() and (out.parent / "2026Q4-thoi-gian-tai-quay.png").is_file()
    assert "Kỳ 2026Q4: 6 hồ sơ, 4/6 thành phần phải số hóa đã số hóa (66.7%), 7 trang." in result.stdout
    result = cli("report", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json", "--out",
                 str(tmp_path / "nov.json"))
    assert result.returncode == 0 and json.loads((tmp_path / "nov.json").read_text())["totals"]["dossiers"] == 1
    result = cli("report", "--quarter", "2026Q4", "--format", "csv", "--out", str(tmp_path / "q.csv"), "--no-charts")
    assert result.returncode == 0 and not list(tmp_path.glob("q-*.png"))
    bad = cli("report", "--quarter", "2026Q9", "--format", "csv", "--out", str(tmp_path / "x.csv"))
    assert bad.returncode == 2 and "Kỳ báo cáo không hợp lệ" in bad.stderr
