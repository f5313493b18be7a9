"""The embedded default destination: with no server configured, the demo and a fresh counter window send to a
reference receiver started on 127.0.0.1 under the data folder, so the whole flow works out of the box."""

from __future__ import annotations

from collections.abc import Callable

from app.core.config import Settings


def embedded_receiver(settings: Settings, **faults: object) -> tuple[str, Callable[[], None]]:
    """Start the reference receiver (a child process, any free port) with its data in ``<data>/demo/receiver``;
    returns its URL and ``stop()``. Use it only when ``sync.server`` is empty."""
    from app.receiver.server import start_receiver_process  # late: FastAPI and uvicorn load only when it starts

    folder = settings.data_path / "demo" / "receiver"
    folder.mkdir(parents=True, exist_ok=True)
    return start_receiver_process(folder, port=0, **faults)  # type: ignore[arg-type]
