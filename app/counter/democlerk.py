"""The embedded demo as a clerk would run it, headless, through the counter service: new dossier →
scan (a planted blank and a duplicate) → checks → resolve → PDF/A → sign → finish with receipt → queued → sent.
``sohoa demo`` prints it; the GUI's screenshot mode drives the same steps through its widgets."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.capture.profiles import PROFILES
from app.core.errors import CancelledError
from app.core.progress import Progress
from app.counter.demo import DEMO_DECLARED_PAGES
from app.counter.service import Applicant, CounterService
from app.counter.station import StationSetup

DEMO_PROCEDURE = "1.008001"
DEMO_APPLICANT = Applicant("Nguyễn Thị Lan", "001190012345", "0905 123 456", "12 Lê Lợi, phường Thuận Hóa, TP Huế")
ACCEPT_REASON = "Đã đối chiếu với bản giấy gốc tại quầy"

Say = Callable[[str], None]


@dataclass
class DemoResult:
    code: str = ""
    pages: int = 0
    findings: list[str] = field(default_factory=list)
    signed: list[Path] = field(default_factory=list)
    receipt: Path | None = None
    sent: bool = False


def scan_target(service: CounterService, dossier_id: int) -> dict[str, Any]:
    """The component the demo scans: the first that must be digitized, else the first that may be scanned."""
    components = [c for c in service.components(dossier_id) if not c["exempt_reason"]]
    return next((c for c in components if c["must_digitize"]), components[0])


DEMO_PAPER_ONLY = "Quy trình mẫu: chỉ quét thành phần bắt buộc số hóa, các giấy tờ khác nhận bản giấy"


def procedure_code(service: CounterService) -> str:
    found = service.search_procedures(DEMO_PROCEDURE, 1)
    return found[0].code if found else DEMO_PROCEDURE


def run_demo(service: CounterService, setup: StationSetup, say: Say, progress: Callable[[], Progress],
             sync_timeout: float = 60.0) -> DemoResult:
    result = DemoResult()
    dossier_id = service.new_dossier(procedure_code(service), DEMO_APPLICANT)
    dossier = service.dossier(dossier_id)
    result.code = dossier["code"]
    say(f"Hồ sơ mới / new dossier {dossier['code']}: {dossier['procedure_code']} {dossier['procedure_name']}")
    for comp in service.components(dossier_id):
        flags = ("miễn quét / exempt" if comp["exempt_reason"] else
                 "bắt buộc số hóa / must digitize" if comp["must_digitize"] else "")
        say(f"  - {comp['name']} {('(' + flags + ')') if flags else ''}")
    target = scan_target(service, dossier_id)
    say(f"Quét / scanning «{target['name']}» ({DEMO_DECLARED_PAGES} trang bản giấy / paper pages) "
        f"trên / on {setup.device}")
    outcome = service.scan_component(target["id"], setup.device, PROFILES[0].options(),
                                     declared_pages=DEMO_DECLARED_PAGES, progress=progress())
    result.pages = len(outcome.pages)
    if outcome.error is not None:
        say(f"Lỗi máy quét / scanner error: {outcome.error.user_message()}")
        return result
    findings = service.run_checks(target["id"], progress())
    for f in findings:
        result.findings.append(f.code)
        say(f"  [{'CHẶN/BLOCK' if f.blocking else 'LƯU Ý/WARN'}] {f.code}: {f.message_vi}")
    _resolve(service, target["id"], say)
    say("Tạo PDF/A có lớp chữ / building the searchable PDF/A")
    service.build_pdf(target["id"], progress())
    signed = service.sign_component(target["id"], _no_pin)
    result.signed.append(signed)
    say(f"Đã ký số / signed (PAdES, chứng thư DEMO): {signed}")
    # the demo scans the must-digitize paper only; the others are received on paper, with the reason recorded
    result.receipt = service.finish(dossier_id, paper_only_reason=DEMO_PAPER_ONLY)
    say(f"Đã vào hàng đợi gửi, giấy tiếp nhận / queued, receipt: {result.receipt}")
    say(f"Thời gian tại quầy / counter time: {service.counter_seconds(dossier_id)} s")
    result.sent = _sync(service, setup, say, sync_timeout)
    return result


def _no_pin(*_args: object) -> str:
    """Headless: real keys need a PIN from the clerk (``sohoa sign --pin-env``); the DEMO certificate has its own."""
    raise CancelledError("PIN", message_vi="Chạy không giao diện: chỉ ký được bằng chứng thư DEMO.",
                         message_en="Headless run: only the DEMO certificate can sign.")


def _resolve(service: CounterService, component_id: int, say: Say) -> None:
    """What the clerk does with the demo's findings: remove the blank and duplicate pages, accept the rest."""
    for finding in service.findings.for_component(component_id, open_only=True):
        if finding.code in ("blank_page", "duplicate_page") and finding.page_id is not None:
            service.resolve_finding(finding.id, "remove")
            say(f"  bỏ trang / removed the page of {finding.code}")
    again = service.run_checks(component_id)
    for finding in again:
        if finding.open and finding.blocking:
            service.resolve_finding(finding.id, "accept", ACCEPT_REASON)
            say(f"  chấp nhận có lý do / accepted with a reason: {finding.code}")
    left = len(service.dossiers.pages(component_id))
    say(f"Còn / kept {left} trang / pages; lỗi chặn còn mở / blocking open: "
        f"{len(service.findings.open_blocking(component_id))}")


def _sync(service: CounterService, setup: StationSetup, say: Say, timeout: float) -> bool:
    if not setup.server:
        say("Chưa có máy chủ nhận / no destination: hồ sơ chờ gửi / the dossier stays queued")
        return False
    statuses: list[dict[str, Any]] = []
    handle = service.start_sync(statuses.append, setup.server)
    try:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            counts = service.outbox.counts()
            if counts.get("sent") and not counts.get("queued") and not counts.get("sending"):
                say(f"Đã gửi / sent to {setup.server}")
                return True
            if counts.get("needs_attention"):
                say("Cần xử lý / needs attention: xem 'sohoa outbox list'")
                return False
            handle.wake()
            time.sleep(0.2)
        say("Chưa gửi xong trong thời gian chờ / not sent yet; it stays queued")
        return False
    finally:
        handle.stop()
