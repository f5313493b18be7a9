"""The report as an Excel workbook: a summary sheet, one sheet per clerk and per procedure, native bar charts."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from app.reports.figures import Report
from app.reports.metrics import METRICS, OUTBOX_METRICS, metrics, outbox_metrics

SHARES = {"share_digitized", "share_reused", "counter_share_over_target"}
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
    values: dict[str, Any] = {**metrics(report.totals), **outbox_metrics(report)}
    for key, label in (*METRICS, *OUTBOX_METRICS):
        sheet.append([label, values[key]])
        if key in SHARES:
            sheet.cell(row=sheet.max_row, column=2).number_format = "0.0%"
    if not report.outbox.available:
        sheet.append(["Hàng đợi gửi", "chưa có dữ liệu trên trạm này"])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 60


def _table(book: Workbook, title: str, first: list[str], rows: list[list[Any]]) -> Worksheet:
    sheet = book.create_sheet(title)
    keys = [k for k, _ in METRICS]
    _header(sheet, [*first, *(label for _, label in METRICS)])
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
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
