"""The report as an Excel workbook: a summary sheet, one sheet per clerk and per procedure, native bar charts."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from app.reports.backlog import BACKLOG_METRICS, FIELD_LABELS, backlog_metrics, shown
from app.reports.figures import Report
from app.reports.metrics import (
    INDEX_METRICS,
    METRICS,
    OUTBOX_METRICS,
    QUEUE_METRICS,
    SHARES,
    TABLE_METRICS,
    TOTAL_METRICS,
    index_lines,
    metrics,
    outbox_metrics,
    total_metrics,
)

BOLD = Font(bold=True)


def _header(sheet: Worksheet, labels: list[str]) -> None:
    sheet.append(labels)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.row_dimensions[sheet.max_row].height = 48
    sheet.freeze_panes = f"A{sheet.max_row + 1}"


def _format(sheet: Worksheet, keys: list[str], first_row: int, first_col: int) -> None:
    for offset, key in enumerate(keys):
        if key in SHARES:
            for (cell,) in sheet.iter_rows(min_row=first_row, min_col=first_col + offset,
                                           max_col=first_col + offset):
                cell.number_format = "0.0%"


def _summary(book: Workbook, report: Report) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tổng hợp"
    period = report.period
    sheet.append(["BÁO CÁO KẾT QUẢ SỐ HÓA HỒ SƠ, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["Cơ quan", f"{report.agency_name} ({report.agency_code})"])
    sheet.append(["Kỳ báo cáo", f"{period.label}: từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"])
    sheet.append(["Lập lúc", report.generated_at])
    sheet.append([])
    _header(sheet, ["Chỉ tiêu", "Giá trị"])
    values: dict[str, Any] = {**metrics(report.totals), **outbox_metrics(report), **total_metrics(report)}
    for key, label in (*METRICS, *OUTBOX_METRICS, *INDEX_METRICS, *QUEUE_METRICS, *TOTAL_METRICS):
        sheet.append([label, values[key]])
        if key in SHARES:
            sheet.cell(row=sheet.max_row, column=2).number_format = "0.0%"
    if not report.outbox.available:
        sheet.append(["Hàng đợi gửi", "chưa có dữ liệu trên trạm này"])
    sheet.append([])
    sheet.append(["Chỉ số theo Quyết định 766/QĐ-TTg (số lượng / tổng số trong kỳ)"])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    for label, text in index_lines(report):
        sheet.append([label, text])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 60


def _table(book: Workbook, title: str, first: list[str], rows: list[list[Any]]) -> Worksheet:
    sheet = book.create_sheet(title)
    keys = [k for k, _ in TABLE_METRICS]
    _header(sheet, [*first, *(label for _, label in TABLE_METRICS)])
    for row in rows:
        sheet.append(row)
    _format(sheet, keys, 2, len(first) + 1)
    for index in range(1, len(first) + len(keys) + 1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 14
    sheet.column_dimensions["A"].width = 24
    if len(first) > 1:
        sheet.column_dimensions["B"].width = 50
    return sheet


def _bar(sheet: Worksheet, title: str, y_title: str, columns: list[int], categories: int, anchor: str) -> None:
    if sheet.max_row < 2:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = y_title
    chart.height, chart.width = 9, 18
    for column in columns:
        chart.add_data(Reference(sheet, min_col=column, min_row=1, max_row=sheet.max_row), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=categories, min_row=2, max_row=sheet.max_row))
    sheet.add_chart(chart, anchor)


def _backlog(book: Workbook, report: Report) -> None:
    """The results still in force: the progress toward 100 %, per month and result type, and the corrections."""
    b = report.backlog
    sheet = book.create_sheet("Kết quả còn hiệu lực")
    sheet.append(["SỐ HÓA KẾT QUẢ GIẢI QUYẾT TTHC CÒN HIỆU LỰC"])
    sheet["A1"].font = Font(bold=True, size=13)
    _header(sheet, ["Chỉ tiêu", "Giá trị"])
    values = backlog_metrics(b)
    for key, label in BACKLOG_METRICS:
        sheet.append([label, values[key]])
        if key == "backlog_share":
            sheet.cell(row=sheet.max_row, column=2).number_format = "0.0%"
    sheet.append([])
    first = sheet.max_row + 1
    _header(sheet, ["Tháng", "Tài liệu số hóa"])
    for month, n in b.by_month.items():
        sheet.append([month, n])
    if b.by_month:
        chart = BarChart()
        chart.type, chart.title, chart.height, chart.width = "col", "Tài liệu số hóa theo tháng", 7, 14
        chart.add_data(Reference(sheet, min_col=2, min_row=first, max_row=sheet.max_row), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=first + 1, max_row=sheet.max_row))
        sheet.add_chart(chart, "G2")
    sheet.append([])
    _header(sheet, ["Mã loại kết quả", "Số hóa trong kỳ", "Lũy kế", "Chỉ tiêu", "Tỷ lệ"])
    for code, t in b.by_result_type.items():
        sheet.append([code, t.in_period, t.digitized, t.target or None, t.share])
        sheet.cell(row=sheet.max_row, column=5).number_format = "0.0%"
    sheet.append([])
    _header(sheet, ["Trường cán bộ sửa", "Lô kết quả còn hiệu lực", "Kết quả của hồ sơ", "Tổng"])
    for key, label in FIELD_LABELS.items():
        sheet.append([label, b.corrected_backlog.get(key, 0), b.corrected_results.get(key, 0),
                      b.corrected.get(key, 0)])
    sheet.append(["Số bản ghi đã xác nhận", b.reviewed, b.results_reviewed, b.reviewed + b.results_reviewed])
    sheet.freeze_panes = None  # several small tables: none of their headers stays on top
    sheet.column_dimensions["A"].width = 52
    for column in "BCDE":
        sheet.column_dimensions[column].width = 18


def workbook_bytes(report: Report) -> bytes:
    book = Workbook()
    _summary(book, report)
    keys = [k for k, _ in METRICS]
    col = {k: i for i, k in enumerate(keys)}
    clerks = _table(book, "Theo cán bộ", ["Cán bộ"],
                    [[k, *metrics(f).values()] for k, f in report.by_clerk.items()])
    _bar(clerks, "Thời gian tại quầy (phút)", "phút", [2 + col["counter_median"], 2 + col["counter_p90"]], 1,
         f"A{clerks.max_row + 3}")
    procs = _table(book, "Theo thủ tục", ["Mã thủ tục", "Tên thủ tục"],
                   [[k, report.procedure_names.get(k, ""), *metrics(f).values()]
                    for k, f in report.by_procedure.items()])
    _bar(procs, "Thành phần phải số hóa và đã số hóa", "thành phần",
         [3 + col["must_digitize"], 3 + col["must_digitize_done"]], 1, f"A{procs.max_row + 3}")
    if shown(report.backlog):
        _backlog(book, report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
