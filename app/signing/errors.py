"""Typed signing errors: each says in Vietnamese (then English) what went wrong and what the clerk can do.

A wrong PIN carries what the token reported about the attempts left; nothing here retries a PIN.
"""

from __future__ import annotations

from app.core.errors import BadInputError, ExitCode, SohoaError


class SigningError(SohoaError):
    exit_code = ExitCode.SIGNING
    message_vi = "Không ký số được tài liệu."
    message_en = "Could not sign the document."


class NotPdfError(BadInputError):
    message_vi = "Tệp đầu vào không phải là tệp PDF hợp lệ."
    message_en = "The input file is not a valid PDF."


class EncryptedPdfError(BadInputError):
    message_vi = "Tệp PDF đã được mã hóa hoặc đặt mật khẩu; không ký được. Hãy dùng bản PDF/A do trạm tạo ra."
    message_en = "The PDF is encrypted or password-protected and cannot be signed. Use the PDF/A built by the station."


class SameFileError(BadInputError):
    message_vi = "Tệp kết quả phải khác tệp đầu vào (tệp gốc không bao giờ bị sửa)."
    message_en = "The output must differ from the input (the original is never modified)."


class NotSignedError(SigningError):
    exit_code = ExitCode.BLOCKED
    message_vi = "Tệp PDF không có chữ ký số."
    message_en = "The PDF has no digital signature."


class PinRequiredError(SigningError):
    message_vi = "Cần mã PIN để ký: đặt biến môi trường (--pin-env) hoặc chạy trong cửa sổ dòng lệnh để nhập PIN."
    message_en = "A PIN is needed: set an environment variable (--pin-env) or run in a terminal to type it."


class WrongPinError(SigningError):
    """The PIN was refused. ``attempts_left`` is set only when the token says so (final try: 1, locked: 0)."""

    message_vi = "Mã PIN không đúng."
    message_en = "Wrong PIN."

    def __init__(self, detail: str = "", *, attempts_left: int | None = None, count_low: bool = False) -> None:
        self.attempts_left = attempts_left
        self.count_low = count_low
        vi, en = self.message_vi, self.message_en
        if attempts_left == 1:
            vi += " Chỉ còn 1 lần thử: nhập sai lần nữa token sẽ bị khóa."
            en += " One attempt left: one more wrong PIN locks the token."
        elif attempts_left is not None and attempts_left > 1:
            vi += f" Còn {attempts_left} lần thử."
            en += f" {attempts_left} attempts left."
        elif count_low:
            vi += " Token báo đã nhập sai PIN; số lần thử còn lại có hạn (thường khóa sau 3 lần sai)."
            en += " The token reports failed attempts; tokens usually lock after 3 wrong PINs."
        vi += " Không tự động thử lại."
        en += " Not retried automatically."
        super().__init__(detail, message_vi=vi, message_en=en)


class PinLockedError(WrongPinError):
    message_vi = ("Token đã bị khóa do nhập sai PIN quá số lần cho phép. "
                  "Liên hệ quản trị viên hoặc nhà cung cấp để mở khóa.")
    message_en = "The token is locked after too many wrong PINs. Ask the administrator or the CA to unlock it."

    def __init__(self, detail: str = "") -> None:
        self.attempts_left = 0
        self.count_low = True
        SigningError.__init__(self, detail)


class TokenModuleError(SigningError):
    message_vi = "Không nạp được trình điều khiển PKCS#11 của token. Kiểm tra đường dẫn hoặc cài lại phần mềm token."
    message_en = "Could not load the token's PKCS#11 driver. Check the path or reinstall the token software."


class TokenNotFoundError(SigningError):
    message_vi = "Không tìm thấy token ký số. Cắm token vào máy và kiểm tra nhãn token."
    message_en = "Signing token not found. Plug the token in and check its label."


class TokenRemovedError(SigningError):
    message_vi = ("Token ký số đã bị rút ra: phiên ký đã đóng. Cắm lại token rồi ký lại; trạm sẽ hỏi PIN một lần "
                  "nữa.")
    message_en = "The signing token was removed: the signing session is closed. Plug it in and sign again (PIN asked)."


class KeyNotFoundError(SigningError):
    message_vi = "Không tìm thấy khóa ký hoặc chứng thư số trên token/tệp. Kiểm tra nhãn khóa."
    message_en = "No signing key or certificate found on the token/file. Check the key label."


class CertificateRefused(SigningError):
    """Base of the pre-sign certificate checks' refusals."""

    message_vi = "Chứng thư số không dùng được để ký."
    message_en = "The certificate cannot be used for signing."


class CertificateExpiredError(CertificateRefused):
    message_vi = "Chứng thư số đã hết hạn; không ký được. Gia hạn chứng thư số với nhà cung cấp."
    message_en = "The certificate has expired; cannot sign. Renew it with the CA."


class CertificateNotYetValidError(CertificateRefused):
    message_vi = "Chứng thư số chưa đến ngày có hiệu lực (hoặc đồng hồ máy trạm sai); không ký được."
    message_en = "The certificate is not valid yet (or the workstation clock is wrong); cannot sign."


class KeyUsageError(CertificateRefused):
    message_vi = "Chứng thư số không có mục đích ký số (digitalSignature/nonRepudiation); không dùng để ký được."
    message_en = "The certificate is not meant for signing (digitalSignature/nonRepudiation); cannot sign."


class UntrustedChainError(CertificateRefused):
    message_vi = "Chứng thư số không được cấp bởi tổ chức chứng thực tin cậy đã cấu hình; không ký được."
    message_en = "The certificate does not chain to a configured trusted CA; cannot sign."


class RevokedCertificateError(CertificateRefused):
    message_vi = "Chứng thư số đã bị thu hồi; không ký được."
    message_en = "The certificate has been revoked; cannot sign."

