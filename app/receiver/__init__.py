"""The reference receiver of the SoHoa intake API (docs/api/openapi.yaml): its own SQLite and file store, bearer
or OAuth2 auth (optional), fault knobs for tests and demos. A contract a province can implement."""

from __future__ import annotations

from app.receiver.faults import Faults
from app.receiver.server import main_serve, serve, start_receiver_process

__all__ = ["Faults", "main_serve", "serve", "start_receiver_process"]
