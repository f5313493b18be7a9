"""The applicant's digital identity at the counter (TT 03/2025: the counter checks the e-ID account status): ask
the identity source, or, offline, record what the citizen's VNeID app shows (marked as such); store the answer on
the dossier (sent as ``TaiKhoanDuocXacThucVoiVNeID``); every lookup in the audit trail. One who has no account
gets the registration guide (:mod:`app.papers.vneid_guide`, printed from the window)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from app.core import audit
from app.core.config import Settings
from app.core.errors import BadInputError
from app.core.storage import VN_TZ, Store, now_iso
from app.dossiers.model import PERSONAL_ID
from app.lookups.gateway import identity_source
from app.lookups.model import CITIZEN_APP, IdentityAnswer, IdentitySource, LookupUnavailable
from app.lookups.trail import record_lookup
from app.outbox.queue import refresh_snapshot
from app.papers.vneid_guide import render_vneid_guide

IdentityFactory = Callable[[], IdentitySource]


def check_inputs(personal_id: str, name: str, birth_date: str) -> tuple[str, str, str]:
    """Refuse what the source cannot be asked with: a 12-digit ID, a name, an ISO date of birth."""
    personal_id, name, birth_date = personal_id.strip(), " ".join(name.split()), birth_date.strip()
    if not PERSONAL_ID.match(personal_id):
        raise BadInputError(personal_id, message_vi="Số định danh cá nhân phải có 12 chữ số.",
                            message_en="The personal ID must have 12 digits.")
    if len(name) < 2:
        raise BadInputError("name", message_vi="Nhập họ và tên.", message_en="Enter the full name.")
    try:
        date.fromisoformat(birth_date)
    except ValueError:
        raise BadInputError(birth_date, message_vi="Ngày sinh phải có dạng NĂM-THÁNG-NGÀY (YYYY-MM-DD).",
                            message_en="The date of birth must be YYYY-MM-DD.") from None
    return personal_id, name, birth_date


class IdentityDesk:
    def __init__(self, settings: Settings, store: Store, source: IdentityFactory | None = None) -> None:
        self.settings = settings
        self.store = store
        self._source = source or (lambda: identity_source(settings))

    def _trail(self, personal_id: str, answer: dict[str, object], dossier_id: int | None) -> None:
        code = None
        if dossier_id is not None:
            row = self.store.db.execute("select code from dossiers where id = ?", [dossier_id]).fetchone()
            code = row[0] if row else None
        station = self.settings.station
        record_lookup(self.store, audit.Action.IDENTITY_LOOKUP, clerk=station.clerk, station=station.station_id,
                      personal_id=personal_id, answer=answer, dossier_code=code)

    def check(self, personal_id: str, name: str, birth_date: str, *,
              dossier_id: int | None = None) -> IdentityAnswer:
        """Ask the source; the answer (or that it could not be reached) goes to the audit trail, and onto the
        dossier when one is given."""
        personal_id, name, birth_date = check_inputs(personal_id, name, birth_date)
        source = self._source()
        try:
            found = source.check(personal_id, name, birth_date)
        except LookupUnavailable as exc:
            self._trail(personal_id, {"error": "unavailable", "detail": exc.detail[:200]}, dossier_id)
            raise
        finally:
            source.close()
        with self.store.atomic():
            self._trail(personal_id, found.as_dict(), dossier_id)
            if dossier_id is not None:
                self._keep(dossier_id, found)
        return found

    def keep(self, dossier_id: int, answer: IdentityAnswer) -> None:
        """An answer obtained before the dossier existed (the new-dossier form), now put on it."""
        with self.store.atomic():
            self._keep(dossier_id, answer)

    def record_app(self, dossier_id: int, *, vneid: bool, ial: int | None = None) -> IdentityAnswer:
        """Offline: what the citizen's VNeID app shows, read by the clerk and marked as such."""
        if ial not in (None, 1, 2):
            raise BadInputError(str(ial), message_vi="Mức định danh phải là 1 hoặc 2.",
                                message_en="The assurance level must be 1 or 2.")
        answer = IdentityAnswer(known=vneid, vneid=vneid, ial=ial if vneid else None, source=CITIZEN_APP)
        row = self.store.db.execute("select applicant_id from dossiers where id = ?", [dossier_id]).fetchone()
        with self.store.atomic():
            self._trail(row[0] if row else "", answer.as_dict(), dossier_id)
            self._keep(dossier_id, answer)
        return answer

    def _keep(self, dossier_id: int, answer: IdentityAnswer) -> None:
        """On the dossier, and in the snapshot of its outbox entries not yet sent (a check after finishing)."""
        self.store.db.table("dossiers").update(dossier_id, {
            "identity_known": int(answer.known), "vneid_account": int(answer.vneid), "vneid_ial": answer.ial,
            "identity_source": answer.source, "identity_checked_at": now_iso()})
        refresh_snapshot(self.store.db, dossier_id)

    def of_dossier(self, dossier_id: int) -> IdentityAnswer | None:
        row = self.store.db.execute("select identity_known, vneid_account, vneid_ial, identity_source from dossiers "
                                    "where id = ?", [dossier_id]).fetchone()
        if row is None or row[0] is None:
            return None
        return IdentityAnswer(bool(row[0]), bool(row[1]), row[2], row[3] or "lookup")

    def guide(self, applicant_name: str = "") -> Path:
        """The one-page guide to registering for an e-ID (VNeID), with a QR code to the portal, in the data folder."""
        station = self.settings.station
        out = self.store.path(f"guides/huong-dan-vneid-{datetime.now(VN_TZ):%Y%m%d-%H%M%S}.pdf")
        return render_vneid_guide(out, agency=station.agency_name, unit=station.receiving_unit,
                                  portal_url=self.settings.identity.portal_url, applicant_name=applicant_name)
