"""The one-page guide handed to an applicant who has no e-ID (VNeID) account: how to register, where, with a QR
code to the portal. Built from the station's form blocks (:mod:`app.papers.forms`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from app.core.storage import VN_TZ
from app.papers.forms import FormPage, QrCode, date_line, p, state_header

STEPS = (
    "Tải ứng dụng **VNeID** trên điện thoại (App Store hoặc Google Play), hoặc quét mã QR dưới đây.",
    "Chọn **Đăng ký tài khoản**, nhập số định danh cá nhân (12 số trên thẻ căn cước) và số điện thoại chính chủ.",
    "Nhập mã kích hoạt (OTP) được gửi qua tin nhắn, đặt mật khẩu đăng nhập.",
    "Tài khoản **mức 1**: hoàn tất trên ứng dụng (chụp ảnh khuôn mặt, quét thẻ căn cước gắn chip).",
    "Tài khoản **mức 2**: mang thẻ căn cước đến Công an cấp xã nơi cư trú để được thu nhận và kích hoạt.",
    "Sau khi kích hoạt, đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản VNeID để nộp và theo dõi hồ sơ.",
)


def render_vneid_guide(out: Path, *, agency: str, unit: str, portal_url: str, applicant_name: str = "",
                       page_size: str = "A4", now: datetime | None = None) -> Path:
    page = FormPage(page_size)
    st = page.styles
    story = [
        state_header(agency, unit, st, page.width, portal_url),
        Paragraph(date_line(now or datetime.now(VN_TZ)), st.right),
        p("HƯỚNG DẪN ĐĂNG KÝ TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ (VNeID)", st.title),
        Spacer(1, st.size),
    ]
    if applicant_name:
        story.append(p(f"Kính gửi Ông/Bà: **{applicant_name}**", st.body))
    story.append(p("Theo tra cứu tại bộ phận một cửa, Ông/Bà chưa có tài khoản định danh điện tử. Từ ngày "
                   "20/7/2026, Cổng Dịch vụ công quốc gia chỉ chấp nhận đăng nhập bằng tài khoản định danh điện tử. "
                   "Ông/Bà đăng ký như sau:", st.body))
    story += [p(f"{n}. {step}", st.body) for n, step in enumerate(STEPS, start=1)]
    story += [Spacer(1, st.size), QrCode(portal_url, 45 * mm), p(f"Địa chỉ: {portal_url}", st.center),
              Spacer(1, st.size),
              p("Mọi thắc mắc xin liên hệ cán bộ bộ phận một cửa. Không cung cấp mật khẩu hoặc mã OTP cho bất kỳ ai.",
                st.small)]
    return page.render(out, story, title="Hướng dẫn đăng ký tài khoản VNeID", subject="VNeID")
