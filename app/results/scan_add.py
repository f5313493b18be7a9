"""A dossier's result scanned and added in one step (``sohoa results add CODE --device DEV``): the dossier and the
result type are checked before the feeder runs, the scan is checked like a component (:mod:`app.results.scan`), and
the PDF/A goes through the same add as a chosen file, its record pre-read by OCR from the scan. A jam, a cancel or a
finding that blocks adds nothing, and the scan's folder never stays behind."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.errors import BadInputError, CancelledError
from app.core.progress import Progress
from app.results.dossier import Added, DossierResults
from app.results.model import ResultMeta
from app.results.seal import KEPT
from app.signing.pin import PinProvider
from scanner import CancelToken, ScanOptions
from scanner.errors import DeviceError, ScanCancelled


class ScanRefused(BadInputError):
    """The scan cannot become the result: scan it again (nothing was added)."""


@dataclass(frozen=True)
class ScanRequest:
    device: str
    options: ScanOptions
    declared: int | None = None  # the paper's page count, when the clerk gives it


def scan_and_add(results: DossierResults, dossier_code: str, result_type: str, request: ScanRequest,
                 meta: ResultMeta, *, use_ocr: bool = True, languages: str = "vie+eng", seal: str = KEPT,
                 pin: PinProvider | None = None, cancel: CancelToken | None = None,
                 progress: Progress | None = None) -> Added:
    """Scan the result from ``request.device`` and add it to the dossier, as :meth:`DossierResults.add` adds a
    file (what the clerk typed in ``meta`` wins over what OCR read from the scan)."""
    results.ready(dossier_code, result_type)  # refused before the feeder runs
    try:
        scanned = results.scan(request.device, request.options, declared=request.declared, cancel=cancel,
                               progress=progress)
    except (CancelledError, ScanCancelled, KeyboardInterrupt):
        raise ScanRefused("cancelled", message_vi="Đã hủy quét kết quả; chưa thêm gì vào hồ sơ.",
                          message_en="The result's scan was cancelled; nothing was added.") from None
    except DeviceError as err:
        raise ScanRefused(err.code, message_vi=f"{err.user_message('vi')} Chưa thêm gì vào hồ sơ; quét lại kết quả.",
                          message_en=f"{err.user_message('en')} Nothing was added; scan the result again.") from None
    try:
        if scanned.error is not None:
            raise ScanRefused(scanned.error["code"], message_vi=f"{scanned.error['message_vi']} Đã quét "
                              f"{scanned.pages} trang nhưng có thể còn tờ trong khay: chưa thêm gì, hãy quét lại "
                              "cả kết quả.", message_en=f"{scanned.error['message_en']} {scanned.pages} pages were "
                              "scanned but sheets may be left in the feeder: nothing was added; scan the whole "
                              "result again.")
        blocking = scanned.blocking
        if blocking:
            raise ScanRefused("findings", message_vi="Bản quét kết quả chưa đạt, chưa thêm gì: "
                              + " ".join(str(f["message_vi"]) for f in blocking) + " Hãy quét lại.",
                              message_en="The result's scan does not pass, nothing was added: "
                              + " ".join(str(f["message_en"]) for f in blocking) + " Scan it again.")

        def pre_read(_pdf: Path) -> ResultMeta:  # read from the scan's own pages already
            return scanned.meta

        with_scan = DossierResults(results.store, results.settings, pre_read if use_ocr else None, results.signer)
        added = with_scan.add(dossier_code, result_type, scanned.pdf, meta, languages=languages, seal=seal, pin=pin)
        added.findings = scanned.findings + added.findings
        return added
    finally:
        scanned.discard()
