"""Destinations behind one interface (:class:`Destination`). ``sync.destinations`` (else ``sync.adapter``) in settings
names them; a new one (a province's LGSP hub) is a new module here plus a line in ``configured.ADAPTERS``.

The names below load on first use (PEP 562): the outbox's queue, its worker and every ``sohoa`` command import this
package's base interface, and must not pay for HTTP and every gateway (about a tenth of a second) until a
destination is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy import lazy_exports

if TYPE_CHECKING:
    from app.outbox.adapters.base import Destination, LeaseLost, LocalFile, SendContext
    from app.outbox.adapters.configured import (
        ADAPTERS,
        NoDvcqgError,
        NoServerError,
        catalog_source,
        destination_from_settings,
        destinations_from_settings,
        dvcqg_url,
        http_client,
        server_url,
    )

_WHERE = {
    "Destination": "base", "LeaseLost": "base", "LocalFile": "base", "SendContext": "base",
    "ADAPTERS": "configured", "NoDvcqgError": "configured", "NoServerError": "configured",
    "catalog_source": "configured", "destination_from_settings": "configured",
    "destinations_from_settings": "configured", "dvcqg_url": "configured", "http_client": "configured",
    "server_url": "configured",
}

__all__ = ["ADAPTERS", "Destination", "LeaseLost", "LocalFile", "NoDvcqgError", "NoServerError", "SendContext",
           "catalog_source", "destination_from_settings", "destinations_from_settings", "dvcqg_url", "http_client",
           "server_url"]


__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
