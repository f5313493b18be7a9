"""A backlog record's PDF is sealed before it is queued for the citizen's data store. These are results the competent
authorities issued earlier, on paper, digitized at the station from the paper original: the station does not issue
them again, it makes an electronic copy of the paper, which ND 30/2020 (Art. 25) calls a copy "from paper to
electronic" made by digitizing the paper and signing it with the agency's signature, stamped per Annex I Part II
I.3 (the kind of copy, "SAO Y", the agency and the time at the top right of page 1, no signature image) — the stamp
``sohoa results add --seal copy`` makes (:mod:`app.results.seal`). The signature is the station's certificate, as
``results add --seal`` uses it outside the window (the window passes its day session's signer instead)."""

from __future__ import annotations

from pathlib import Path

from app.core.config import Settings
from app.core.errors import ExitCode, SohoaError
from app.core.storage import Store
from app.results.dossier import copy_look
from app.results.seal import Signer, signed_name
from app.signing.appearance import Appearance
from app.signing.pades import sign_pdf
from app.signing.pin import PinProvider, PinRequest
from app.signing.station import station_signer


class NotSealed(SohoaError):
    """The copy stamp could not be made: the record stays confirmed, not queued."""

    exit_code = ExitCode.SIGNING


def station_seal(settings: Settings, store: Store) -> tuple[Signer, PinProvider | None]:
    """The station's certificate as a :data:`Signer`, and the demo certificate's own PIN (real keys ask)."""
    station = station_signer(settings)

    def sign(src: Path, dst: Path, pin: PinProvider, look: Appearance) -> None:
        sign_pdf(src, dst, station.config, pin, look, station.tsa_url, trust_roots=station.trust_roots, store=store,
                 ltv=station.ltv)

    return sign, station.demo_pin


def _no_pin(_request: PinRequest) -> str:
    raise NotSealed(message_vi="Cần mã PIN của chữ ký số để ký bản sao y.",
                    message_en="The signature's PIN is needed to stamp the copy.")


def not_sealed(document: int, error: BaseException) -> NotSealed:
    reason_vi = error.user_message("vi") if isinstance(error, SohoaError) else str(error) or type(error).__name__
    reason_en = error.user_message("en") if isinstance(error, SohoaError) else str(error) or type(error).__name__
    return NotSealed(f"{document:03d}", message_vi=f"Không ký số được bản sao y của tài liệu {document:03d}: "
                     f"{reason_vi} Tài liệu đã xác nhận nhưng chưa đưa vào hàng đợi gửi; kiểm tra chữ ký số rồi chạy "
                     "lại sohoa results review.", message_en=f"Could not stamp document {document:03d} as a copy: "
                     f"{reason_en} It is confirmed but not queued; check the signature, then run sohoa results "
                     "review again.")


class BacklogSeal:
    """Stamps backlog records as copies with ``signer`` (default: the station's certificate, made when first used)
    and ``pin`` (the demo certificate brings its own; a real key without a PIN provider is refused)."""

    def __init__(self, store: Store, settings: Settings, signer: Signer | None = None,
                 pin: PinProvider | None = None) -> None:
        self.store = store
        self.settings = settings
        self._signer = signer
        self._pin = pin

    def _resolved(self) -> tuple[Signer, PinProvider]:
        if self._signer is None:
            self._signer, demo_pin = station_seal(self.settings, self.store)
            self._pin = demo_pin or self._pin  # the demo certificate brings its own; real keys ask
        return self._signer, self._pin or _no_pin

    def pin(self, request: PinRequest) -> str:
        """The PIN, asked of the provider only when a key needs it."""
        return self._resolved()[1](request)

    def checked_signer(self, document: int) -> Signer:
        """The signer, whatever stops it (the token, the PIN, the certificate, the file) told as :class:`NotSealed`
        for ``document``, and no half-written file left."""

        def sign(src: Path, dst: Path, pin: PinProvider, look: Appearance) -> None:
            try:
                signer, _ = self._resolved()
                signer(src, dst, pin, look)
            except Exception as exc:
                dst.unlink(missing_ok=True)
                raise not_sealed(document, exc) from exc

        return sign

    def stamp(self, document: int, relative: str) -> str:
        """Stamp the PDF at ``relative`` (in the data folder) as a copy, beside it; the stamped file's path."""
        sealed = signed_name(relative)
        try:
            look = copy_look(self.settings)
        except Exception as exc:  # a stamp box the settings spell wrong
            raise not_sealed(document, exc) from exc
        self.checked_signer(document)(self.store.path(relative), self.store.path(sealed), self.pin, look)
        return sealed
