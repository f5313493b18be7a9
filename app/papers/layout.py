"""The layout of Mẫu 01, 02, 03 and 06 on the page: the same header, QR band and signature blocks, different
bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.papers.forms import FormPage, date_line, grid, p, signatures, state_header
from app.papers.model import FORM_CONTROL, FORM_RECEIPT, FORM_REFUSAL, Receipt

BLANK = "…………………………"


def _moment(when: datetime) -> str:
    return f"{when.hour:02d} giờ {when.minute:02d} phút, ngày {when:%d/%m/%Y}"


def _top(receipt: Receipt, page: FormPage) -> list[Any]:
    st = page.styles
    return [
        state_header(receipt.agency_name, receipt.receiving_unit, st, page.width, receipt.qr_text()),
        Paragraph(date_line(receipt.issued_at), st.right),
        p(receipt.document_name.upper(), st.title),
        p(f"Mã hồ sơ: **{receipt.dossier_code}**", st.center),
        Spacer(1, st.size * 0.4),
    ]


def _applicant(receipt: Receipt, page: FormPage) -> list[Any]:
    st = page.styles
    return [
        p(f"Ông/Bà: **{receipt.applicant_name or BLANK}**", st.body),
        p(f"Địa chỉ: {receipt.applicant_address or BLANK}", st.body),
        p(f"Số điện thoại: {receipt.applicant_phone or BLANK}; thư điện tử: {receipt.applicant_email or BLANK}",
          st.body),
        p(f"Nội dung yêu cầu giải quyết: **{receipt.procedure_name}** (mã thủ tục {receipt.procedure_code})", st.body),
    ]


def _receipt_body(receipt: Receipt, page: FormPage) -> list[Any]:
    st, w = page.styles, page.width
    rows = [[str(i), line.name + (f" ({line.note})" if line.note else ""), f"{line.copies:02d}"]
            for i, line in enumerate(receipt.components, start=1)]
    days = f"{receipt.processing_days} ngày làm việc" if receipt.processing_days is not None else BLANK
    appointment = _moment(receipt.appointment_at) if receipt.appointment_at else BLANK
    return [
        p(f"{receipt.receiving_unit}, {receipt.agency_name} đã tiếp nhận hồ sơ của:", st.body),
        *_applicant(receipt, page),
        p("1. Thành phần hồ sơ nộp gồm:", st.body),
        grid(["STT", "Tên giấy tờ", "Số bản"], rows or [["", BLANK, ""]], [w * 0.09, w * 0.75, w * 0.16], st),
        Spacer(1, st.size * 0.5),
        p("2. Số lượng hồ sơ: 01 (bộ)", st.body),
        p(f"3. Thời gian giải quyết hồ sơ theo quy định là: {days}", st.body),
        p(f"4. Thời gian nhận hồ sơ: {_moment(receipt.received_at)}", st.body),
        p(f"5. Thời gian trả kết quả giải quyết hồ sơ: **{appointment}**", st.body),
        p(f"6. Đăng ký nhận kết quả tại: {receipt.collect_at}", st.body),
        KeepTogether([
            p(f"Vào Sổ theo dõi hồ sơ, Quyển số: {receipt.register_book}, Số thứ tự: {receipt.register_number}",
              st.body),
            signatures([("Người nộp hồ sơ", receipt.applicant_name), ("Người tiếp nhận hồ sơ", receipt.clerk)],
                       st, w)]),
    ]


def _supplement_body(receipt: Receipt, page: FormPage) -> list[Any]:
    st, w = page.styles, page.width
    contact = f"{receipt.clerk}" + (f", số điện thoại {receipt.contact}" if receipt.contact else "")
    return [
        p("Hồ sơ của:", st.body),
        *_applicant(receipt, page),
        p(f"Sau khi xem xét thành phần hồ sơ, {receipt.receiving_unit} đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ "
          "gồm những nội dung sau:", st.body),
        *[p(f"{i}. {item}", st.body) for i, item in enumerate(receipt.items, start=1)],
        p(f"Lý do: {receipt.reason or BLANK}", st.body),
        p(f"Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với {contact} để được hướng dẫn.",
          st.body),
        KeepTogether([
            p(f"Số phiếu: {receipt.register_number}, Quyển số: {receipt.register_book}", st.body),
            signatures([("", ""), ("Người hướng dẫn", receipt.clerk)], st, w)]),
    ]


def _refusal_body(receipt: Receipt, page: FormPage) -> list[Any]:
    st, w = page.styles, page.width
    return [
        p(f"{receipt.receiving_unit}, {receipt.agency_name} tiếp nhận hồ sơ của:", st.body),
        *_applicant(receipt, page),
        p(f"Thời gian nhận hồ sơ: {_moment(receipt.received_at)}", st.body),
        p(f"Sau khi xem xét, đối chiếu với quy định của thủ tục hành chính nêu trên, {receipt.receiving_unit} "
          "không tiếp nhận, giải quyết hồ sơ này vì lý do:", st.body),
        *[p(f"{i}. {reason}", st.body) for i, reason in enumerate(receipt.reasons, start=1)],
        p("Xin thông báo để Ông/Bà được biết và thực hiện./.", st.body),
        KeepTogether([
            p(f"Số phiếu: {receipt.register_number}, Quyển số: {receipt.register_book}", st.body),
            signatures([("", ""), ("Người tiếp nhận hồ sơ", receipt.clerk)], st, w)]),
    ]


def _handover_row(number: str, giver: str, taker: str, page: FormPage) -> list[Any]:
    """One hand-over: who gives, who takes, the time and both signatures written by hand, the result, a note."""
    st, short = page.styles, "……………"
    who = Table([[p("**Người giao**", st.center), p("**Người nhận**", st.center)], ["", ""]],
                colWidths=[page.width * 0.21] * 2, rowHeights=[None, st.size * 2.4])
    who.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [[p(f"{number}. Giao: {giver or short}", st.cell), p(f"Nhận: {taker or short}", st.cell)],
            [Paragraph("…giờ…phút, ngày…/…/……", st.center), who], "", ""]


def _control_body(receipt: Receipt, page: FormPage) -> list[Any]:
    st, w = page.styles, page.width
    rows = [[str(i), line.name, f"{line.copies:02d}", line.note]
            for i, line in enumerate(receipt.components, start=1)]
    appointment = _moment(receipt.appointment_at) if receipt.appointment_at else BLANK
    unit = receipt.receiving_unit
    return [
        p(f"(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả {receipt.receipt_ref or BLANK})", st.center),
        Spacer(1, st.size * 0.4),
        p(f"Người nộp hồ sơ: **{receipt.applicant_name or BLANK}**", st.body),
        p(f"Nội dung yêu cầu giải quyết: **{receipt.procedure_name}** (mã thủ tục {receipt.procedure_code})", st.body),
        p(f"Thời gian nhận hồ sơ: {_moment(receipt.received_at)}; thời gian hẹn trả kết quả: {appointment}", st.body),
        p(f"Cơ quan (bộ phận) giải quyết hồ sơ: {receipt.agency_name}", st.body),
        p(f"Cơ quan phối hợp giải quyết hồ sơ: {BLANK}", st.body),
        p("1. Thành phần hồ sơ bản giấy chuyển kèm:", st.body),
        grid(["STT", "Tên giấy tờ", "Số bản", "Ghi chú"], rows or [["", BLANK, "", ""]],
             [w * 0.08, w * 0.56, w * 0.1, w * 0.26], st),
        Spacer(1, st.size * 0.5),
        p("2. Quá trình giao, nhận hồ sơ:", st.body),
        grid(["TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (trước hạn/ đúng hạn/ quá "
              "hạn)", "GHI CHÚ"],
             [_handover_row("1", unit, "", page), _handover_row("2", "", "", page),
              _handover_row("3", "", "", page), _handover_row("4", "", unit, page)],
             [w * 0.23, w * 0.45, w * 0.18, w * 0.14], st),
        Spacer(1, st.size * 0.5),
        p(f"Số phiếu: {receipt.register_number}, Quyển số: {receipt.register_book}; người lập phiếu: {receipt.clerk}",
          st.body),
    ]


BODIES = {FORM_RECEIPT: _receipt_body, FORM_REFUSAL: _refusal_body, FORM_CONTROL: _control_body}


def story(receipt: Receipt, page: FormPage) -> list[Any]:
    return [*_top(receipt, page), *BODIES.get(receipt.form, _supplement_body)(receipt, page)]
