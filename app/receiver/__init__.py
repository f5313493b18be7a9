"""The reference receiver of the SoHoa intake API (docs/api/openapi.yaml): its own SQLite and file store, bearer
or OAuth2 auth (optional), fault knobs for tests and demos. A contract a province can implement. With an account
(:class:`DvcqgOptions`) it also emulates a province's DVCQG gateway and file store (:mod:`dvcqg_api`)."""

from __future__ import annotations

from app.core.network import is_loopback
from app.receiver.faults import Faults
from app.receiver.server import DvcqgOptions, main_serve, serve, start_receiver_process

__all__ = ["DvcqgOptions", "Faults", "is_loopback", "main_serve", "serve", "start_receiver_process"]
