"""Where a host is: on this machine (loopback) or on a network. Secrets and plain HTTP are allowed only on
loopback unless an administrator says otherwise."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or ``localhost``; an empty host or 0.0.0.0 listens on (or names) every interface."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
