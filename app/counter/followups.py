"""What the outbox's sync worker runs before sending, on this station: signing follow-ups (timestamps added to
offline signatures) and, when a data store is configured, the verification of reuse references the citizen
showed while the station was offline."""

from __future__ import annotations

from app.core.config import Settings
from app.core.storage import Store
from app.counter.reuse import ReuseDesk, ReuseFollowups
from app.outbox.followups import Followups, SigningFollowups


def station_followups(store: Store, settings: Settings) -> Followups:
    desk = ReuseDesk(settings, store)
    if desk.configured:
        return Followups(SigningFollowups(store, settings), ReuseFollowups(desk))
    return Followups(SigningFollowups(store, settings))
