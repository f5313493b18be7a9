"""Typed device errors: each carries a sentence for the clerk (Vietnamese and English) and the driver's own text."""

from __future__ import annotations


class DeviceError(Exception):
    """Base of every scanner failure. ``native`` keeps the driver's original text for the log."""

    code = "device_error"
    message_vi = "Lỗi máy quét."
    message_en = "Scanner error."

    def __init__(self, native: str = "", *, device: str = "") -> None:
        self.native = native
        self.device = device
        super().__init__(self.message_en + (f" ({native})" if native else ""))

    def user_message(self, lang: str = "vi") -> str:
        return self.message_vi if lang == "vi" else self.message_en


class DeviceNotFound(DeviceError):
    code = "not_found"
    message_vi = "Không tìm thấy máy quét hoặc máy quét đang tắt. Kiểm tra cáp và nguồn rồi thử lại."
    message_en = "Scanner not found or offline. Check the cable and power, then try again."


class DeviceBusy(DeviceError):
    code = "busy"
    message_vi = "Máy quét đang bận (chương trình khác đang dùng). Chờ một lát rồi thử lại."
    message_en = "The scanner is busy (used by another program). Wait a moment and try again."


class PaperJam(DeviceError):
    code = "paper_jam"
    message_vi = "Kẹt giấy trong khay nạp. Gỡ tờ bị kẹt, đặt lại các trang chưa quét rồi quét tiếp."
    message_en = "Paper jam in the feeder. Clear the sheet, reload the pages not yet scanned and continue."


class FeederEmpty(DeviceError):
    code = "feeder_empty"
    message_vi = "Khay nạp giấy trống. Đặt hồ sơ vào khay rồi quét lại."
    message_en = "The document feeder is empty. Load the papers and scan again."


class CoverOpen(DeviceError):
    code = "cover_open"
    message_vi = "Nắp máy quét đang mở. Đóng nắp rồi quét tiếp."
    message_en = "The scanner cover is open. Close it and continue."


class DoubleFeed(DeviceError):
    """Two sheets went through as one: a page may be missing from the scan, so the batch stops."""

    code = "double_feed"
    message_vi = ("Máy quét kéo hai tờ cùng lúc (nạp chồng giấy). Lấy các tờ vừa quét ra, kiểm tra thứ tự rồi quét lại "
                  "từ tờ bị chồng.")
    message_en = ("Two sheets were fed at once (double feed). Take out the sheets, check their order and rescan "
                  "from the doubled sheet.")


class WarmingUp(DeviceError):
    code = "warming_up"
    message_vi = "Máy quét đang khởi động (làm nóng đèn). Chờ khoảng một phút rồi quét lại."
    message_en = "The scanner is warming up. Wait about a minute and scan again."


class TransportLocked(DeviceError):
    code = "transport_locked"
    message_vi = ("Máy quét đang khóa vận chuyển (khóa cơ cấu quét). Mở khóa vận chuyển theo hướng dẫn của hãng rồi "
                  "quét lại.")
    message_en = "The scanner's transport lock is on. Release it as the maker's guide says and scan again."


class DeviceIOError(DeviceError):
    code = "io_error"
    message_vi = "Lỗi truyền dữ liệu với máy quét. Kiểm tra cáp USB, tắt bật máy quét rồi quét lại."
    message_en = "I/O error talking to the scanner. Check the USB cable, power-cycle the scanner and scan again."


class AccessDenied(DeviceError):
    code = "access_denied"
    message_vi = "Không có quyền truy cập máy quét. Liên hệ quản trị viên để cấp quyền."
    message_en = "Access to the scanner was denied. Ask the administrator for permission."


class ScanCancelled(DeviceError):
    code = "cancelled"
    message_vi = "Đã hủy quét. Các trang đã quét trước đó được giữ lại."
    message_en = "Scan cancelled. Pages scanned before were kept."


class DriverCrashed(DeviceError):
    code = "driver_crashed"
    message_vi = "Trình điều khiển máy quét bị lỗi và đã dừng. Các trang đã quét được giữ lại; hãy quét lại."
    message_en = "The scanner driver crashed. Pages already scanned were kept; scan again."


class UnsupportedOption(DeviceError):
    code = "unsupported_option"
    message_vi = "Máy quét không hỗ trợ tùy chọn đã chọn."
    message_en = "The scanner does not support the selected option."


class BadInput(DeviceError):
    """A file given to the import driver that cannot be read safely."""

    code = "bad_input"
    message_vi = "Tệp không đọc được hoặc không hợp lệ; tệp đã bị từ chối."
    message_en = "The file is unreadable or invalid and was refused."

    def user_message(self, lang: str = "vi") -> str:
        """The sentence with the file and the reason: the clerk has to know which file to fix."""
        base = super().user_message(lang)
        return f"{base} ({self.native})" if self.native else base


class UnknownDeviceError(DeviceError):
    code = "unknown"
    message_vi = "Máy quét báo lỗi không xác định. Thử lại; nếu vẫn lỗi, báo quản trị viên."
    message_en = "The scanner reported an unknown error. Try again; if it persists, tell the administrator."


ERROR_TYPES: dict[str, type[DeviceError]] = {
    cls.code: cls
    for cls in (
        DeviceNotFound, DeviceBusy, PaperJam, FeederEmpty, CoverOpen, DoubleFeed, WarmingUp, TransportLocked,
        DeviceIOError, AccessDenied, ScanCancelled, DriverCrashed, UnsupportedOption, BadInput, UnknownDeviceError,
    )
}


def error_from_code(code: str, native: str = "", device: str = "") -> DeviceError:
    """Rebuild a typed error from its code (used across the worker-process boundary)."""
    return ERROR_TYPES.get(code, UnknownDeviceError)(native, device=device)
