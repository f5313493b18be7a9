"""Errors that carry the clerk's sentence and the CLI's exit code (after OCRmyPDF's ExitCodeException).

Known problems of the environment or input become a ``SohoaError`` with a message that says how to fix it; anything
else is a bug and is logged with its traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    BLOCKED = 1  # e.g. a check found a blocking problem
    BAD_INPUT = 2
    DEVICE = 3
    MISSING_DEPENDENCY = 4
    SIGNING = 5
    NETWORK = 6
    CANCELLED = 130
    INTERNAL = 70


class SohoaError(Exception):
    exit_code = ExitCode.INTERNAL
    message_vi = "Đã xảy ra lỗi."
    message_en = "An error occurred."

    def __init__(self, detail: str = "", *, message_vi: str | None = None, message_en: str | None = None) -> None:
        self.detail = detail
        if message_vi is not None:
            self.message_vi = message_vi
        if message_en is not None:
            self.message_en = message_en
        super().__init__(f"{self.message_en}{': ' + detail if detail else ''}")

    def user_message(self, lang: str = "vi") -> str:
        base = self.message_vi if lang == "vi" else self.message_en
        return f"{base} ({self.detail})" if self.detail else base


class BadInputError(SohoaError):
    exit_code = ExitCode.BAD_INPUT
    message_vi = "Dữ liệu đầu vào không hợp lệ."
    message_en = "Invalid input."


class MissingDependencyError(SohoaError):
    exit_code = ExitCode.MISSING_DEPENDENCY
    message_vi = "Thiếu thành phần cần thiết trên máy trạm; liên hệ quản trị viên để cài đặt."
    message_en = "A required component is missing on this workstation; ask the administrator to install it."


class CancelledError(SohoaError):
    exit_code = ExitCode.CANCELLED
    message_vi = "Đã hủy theo yêu cầu."
    message_en = "Cancelled on request."


class NotFoundError(SohoaError):
    exit_code = ExitCode.BAD_INPUT
    message_vi = "Không tìm thấy."
    message_en = "Not found."
