"""Where the counter meets the other parts of the station: the procedure catalog, the signer, the outbox, receipts
and the audit trail, so the counter states in one place what it needs of them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from app.catalog import store as catalog
from app.catalog.model import Procedure
from app.core import audit
from app.core.config import Settings
from app.core.files import sha256_file
from app.core.storage import Store
from app.counter.followups import station_followups
from app.outbox import OutboxFile, SyncWorker, enqueue_dossier, head_schedule
from app.outbox.adapters import destinations_from_settings
from app.papers import receipts
from app.signing import load_trust_roots
from app.signing.appearance import Appearance
from app.signing.pin import PinProvider
from app.signing.session import SigningSession
from app.signing.state import SessionState
from app.signing.station import station_signer

log = logging.getLogger("sohoa.counter")



class Collaborators:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._session: SigningSession | None = None
        self._session_lock = threading.Lock()

    # -- catalog and codes ------------------------------------------------------------------------------------
    def search_procedures(self, text: str, limit: int = 20) -> list[Procedure]:
        return catalog.search(self.store, text, limit=limit)

    # -- signing, outbox, receipts, audit ---------------------------------------------------------------------
    def sign_result(self, source: Path, out: Path, pin_provider: PinProvider, appearance: Appearance) -> None:
        """A result signed in the same session, with its own look (app.results.seal)."""
        self.sign(source, out, pin_provider, appearance=appearance)

    def sign(self, source: Path, out: Path, pin_provider: PinProvider, component_id: int | None = None, *,
             appearance: Appearance | None = None) -> None:
        """PAdES with the station's signer in the day's signing session (one PIN until the token is removed, the
        station is locked or it is idle); the DEMO certificate brings its own PIN, real keys ask the provider."""
        signer = station_signer(self.settings)
        with self._session_lock:
            if self._session is None or self._session.config != signer.config:
                self.lock_signing()  # the settings changed the key: log out of the old one
                self._session = SigningSession(signer.config, load_trust_roots(signer.trust_roots))
            session = self._session
        session.idle_seconds = self.settings.signing.session_idle_minutes * 60  # settings apply at once
        session.sign(source, out, signer.demo_pin or pin_provider, appearance or signer.appearance, signer.tsa_url,
                     store=self.store, ltv=signer.ltv, component_id=component_id)

    def lock_signing(self) -> None:
        """Close the signing session (the clerk locked the station, or the station closes)."""
        if self._session is not None:
            self._session.lock()

    def signing_open(self) -> bool:
        """Whether the token is logged in now (a session idle too long is closed first)."""
        if self._session is None:
            return False
        self._session.expire_if_idle()
        return self._session.is_open

    def signing_token_open(self) -> bool:
        """Whether a token's signing session is open (read without a lock: see ``SigningSession.token_open``)."""
        session = self._session
        return session is not None and session.token_open

    def signing_watch(self, *, ask_token: bool = True) -> SessionState:
        """The signing session now, its token looked for (see ``SigningSession.watch``)."""
        session = self._session
        return SessionState.CLOSED if session is None else session.watch(ask_token=ask_token)

    def enqueue(self, dossier: Mapping[str, Any], files: Sequence[tuple[Mapping[str, Any], Path]]) -> None:
        """Inside the caller's transaction: the dossier's signed files into the outbox."""
        # the path as the components table holds it (relative to the data folder): what a signing follow-up that
        # rewrites the file later looks the outbox's copy up by
        outbox_files = [OutboxFile(name=path.name, path=Path(comp["pdf_path"]), sha256=sha256_file(path),
                                   size=path.stat().st_size, component=str(comp.get("code") or comp["name"]))
                        for comp, path in files]
        for destination in self.settings.sync.targets:
            enqueue_dossier(self.store.db, int(dossier["id"]), outbox_files, destination)

    def receipt(self, dossier_id: int, out: Path) -> Path:
        path: Path = receipts.render_receipt(self.store, dossier_id, out, settings=self.settings,
                                                page_size=self.settings.station.receipt_paper)
        return path

    def audit(self, action: str, dossier_code: str | None = None, **details: Any) -> None:
        """Record an action the storage layer does not record itself (e.g. a finding accepted with a reason)."""
        audit.record(self.store, action, clerk=self.settings.station.clerk, station=self.settings.station.station_id,
                     dossier_code=dossier_code, details=details)

    def start_sync(self, on_status: Callable[[dict[str, Any]], None], server: str | None = None) -> SyncHandle:
        """The outbox's sync worker on its own thread; ``on_status`` gets {online, queued, sent, needs_attention,
        message_vi, message_en} from that thread whenever the state changes."""
        destinations = destinations_from_settings(self.settings, server)

        def report(status: Any) -> None:
            counts = {str(getattr(k, "value", k)): v for k, v in status.counts.items()}
            on_status({"online": status.online, **counts, "message_vi": status.message_vi,
                       "message_en": status.message_en})

        store = Store(self.store.data_dir)
        worker = SyncWorker(store, destinations, on_status=report,
                            followups=station_followups(store, self.settings),
                            purge_after_days=self.settings.sync.purge_after_days, poll_seconds=5.0,
                            audit_heads=head_schedule(self.settings))
        return SyncHandle(worker)


class SyncHandle:
    """The running sync worker: wake it after a dossier is queued or retried; stop it when the station closes."""

    def __init__(self, worker: Any) -> None:
        self.worker = worker
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=worker.run_forever, args=(self.stop_event,), name="sohoa-sync",
                                       daemon=True)
        self.thread.start()

    def wake(self) -> None:
        self.worker.wake()

    def stop(self, timeout: float = 10.0) -> None:
        self.stop_event.set()
        self.thread.join(timeout)
