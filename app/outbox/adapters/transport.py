"""Which URLs a destination may use: HTTPS anywhere, plain HTTP only on this machine (loopback), unless the
administrator sets ``sync.allow_plain_http`` (logged at every start); a secret never goes over plain HTTP to
another machine, whatever the setting."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from app.core.errors import BadInputError
from app.core.network import is_loopback

log = logging.getLogger("sohoa.outbox")


class PlainHttpRefused(BadInputError):
    message_vi = ("Chỉ gửi hồ sơ qua HTTPS tới máy chủ khác (HTTP thường chỉ dùng trên chính máy này). Dùng địa chỉ "
                  "https://, hoặc quản trị viên đặt sync.allow_plain_http = true nếu mạng nội bộ được bảo vệ.")
    message_en = ("Dossiers go to another machine only over HTTPS (plain HTTP is for this machine only). Use an "
                  "https:// address, or the administrator sets sync.allow_plain_http = true on a protected network.")


class SecretOverPlainHttp(BadInputError):
    message_vi = ("Không gửi mã truy cập qua HTTP thường tới máy chủ khác; dùng địa chỉ https:// hoặc bỏ xác thực "
                  "(sync.auth = \"none\").")
    message_en = ("An access token is never sent over plain HTTP to another machine; use an https:// address or no "
                  "authentication (sync.auth = \"none\").")


def check_transport(url: str, *, sends_secret: bool, allow_plain_http: bool = False) -> None:
    """Refuse ``url`` when it is plain HTTP to another machine (see the module's rule)."""
    parts = urlsplit(url)
    if parts.scheme == "https" or is_loopback(parts.hostname or ""):
        return
    if sends_secret:
        raise SecretOverPlainHttp(url)
    if not allow_plain_http:
        raise PlainHttpRefused(url)
    log.warning("plain HTTP to %s: allowed by sync.allow_plain_http (dossiers cross the network unencrypted)", url)
