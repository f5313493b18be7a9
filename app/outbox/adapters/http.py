"""HTTP plumbing shared by HTTP destinations: TLS with an admin's CA bundle, and turning transport errors and
status codes into the outbox's two kinds of failure (4xx other than 408/409/429 is permanent)."""

from __future__ import annotations

import ssl
from email.utils import parsedate_to_datetime
from time import time
from typing import Any

import httpx

from app.outbox.model import PermanentFailure, TransientFailure, offline_failure

RETRYABLE_4XX = {408, 409, 429}


def tls_context(ca_bundle: str = "") -> ssl.SSLContext:
    """Verified TLS. With ``ca_bundle`` (PEM file or folder) only that trust store is used: government systems
    often run their own CA; without it, the operating system's store."""
    if not ca_bundle:
        return ssl.create_default_context()
    from pathlib import Path

    bundle = Path(ca_bundle)
    if bundle.is_dir():
        return ssl.create_default_context(capath=str(bundle))
    if not bundle.is_file():
        raise PermanentFailure("ca_bundle", "Không tìm thấy tệp chứng chỉ CA đã cấu hình (sync.ca_bundle).",
                               "The configured CA bundle (sync.ca_bundle) was not found.", str(bundle))
    return ssl.create_default_context(cafile=str(bundle))


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time())
        except (TypeError, ValueError):
            return None


def error_body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def transport_failure(exc: httpx.TransportError) -> TransientFailure:
    text = f"{type(exc).__name__}: {exc}"
    if "CERTIFICATE_VERIFY_FAILED" in text or isinstance(exc.__cause__, ssl.SSLCertVerificationError):
        return TransientFailure("tls", "Chứng chỉ TLS của máy chủ không được tin cậy; kiểm tra cấu hình CA.",
                                "The server's TLS certificate is not trusted; check the CA setting.", text,
                                offline=True)
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
        return offline_failure(text)
    if isinstance(exc, httpx.TimeoutException):
        return TransientFailure("timeout", "Máy chủ phản hồi quá chậm; sẽ thử lại.",
                                "The server is too slow to answer; will try again.", text)
    return TransientFailure("connection_lost", "Mất kết nối giữa chừng; sẽ gửi tiếp phần còn lại.",
                            "The connection dropped; the rest will be sent later.", text)


def status_failure(response: httpx.Response) -> TransientFailure | PermanentFailure:
    body = error_body(response)
    code = response.status_code
    detail = f"HTTP {code} {response.request.method} {response.request.url.path}: {str(body or response.text)[:500]}"
    if code >= 500 or code in RETRYABLE_4XX:
        return TransientFailure(f"http_{code}", "Máy chủ tạm thời không nhận hồ sơ; sẽ thử lại.",
                                "The server cannot take the dossier right now; will try again.", detail,
                                retry_after=retry_after_seconds(response))
    if code in (401, 403):
        return PermanentFailure("auth", "Máy chủ từ chối xác thực của máy trạm; liên hệ quản trị viên kiểm tra "
                                "mã truy cập.", "The server refused this station's credentials; ask the "
                                "administrator to check the access token.", detail)
    return PermanentFailure(str(body.get("error") or f"http_{code}"),
                            str(body.get("message_vi") or "Máy chủ từ chối hồ sơ; cần cán bộ kiểm tra."),
                            str(body.get("message_en") or "The server refused the dossier; a clerk must check it."),
                            detail)
