"""The lifecycle of a dossier and of its components: the states, the moves allowed between them, and the core's
answer to "can this be scanned, signed, finished now, and if not, why". The window and the CLI show these answers;
they never re-derive them from state names."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.core.errors import ExitCode, SohoaError


class DossierStatus(StrEnum):
    DRAFT = "draft"  # received, components being scanned
    SCANNING = "scanning"  # a scan is running for one of its components
    QUEUED = "queued"  # finished at the counter: signed files handed to the outbox, receipt issued
    REFUSED = "refused"  # the counter refused to receive it (Mẫu 03, with the reasons): nothing more happens to it
    RETURNED = "returned"  # its result was returned to the citizen (TrangThaiHoSo 10); nothing changes after


class ComponentStatus(StrEnum):
    EMPTY = "empty"  # nothing scanned yet
    EXEMPT = "exempt"  # not digitized (online, shown only, verification, secret)
    SCANNING = "scanning"
    INTERRUPTED = "interrupted"  # the station stopped mid-scan; the pages kept are adopted on the next start
    SCANNED = "scanned"  # pages changed since the last check
    CHECKED = "checked"  # checked against the paper; nothing changed since
    BUILT = "built"  # PDF/A made from the checked pages
    SIGNED = "signed"
    IMPORTED = "imported"  # a ready PDF taken from a file (``sohoa submit``), neither scanned nor checked here
    REUSED = "reused"  # an electronic paper that already exists (the citizen's data store) replaces it: not scanned


DOSSIER_TRANSITIONS: dict[DossierStatus, frozenset[DossierStatus]] = {
    DossierStatus.DRAFT: frozenset({DossierStatus.SCANNING, DossierStatus.QUEUED, DossierStatus.REFUSED}),
    DossierStatus.SCANNING: frozenset({DossierStatus.DRAFT, DossierStatus.QUEUED}),
    DossierStatus.QUEUED: frozenset({DossierStatus.RETURNED}),
    DossierStatus.REFUSED: frozenset(),
    DossierStatus.RETURNED: frozenset(),
}

_PAGES_CHANGE = frozenset({ComponentStatus.SCANNING, ComponentStatus.SCANNED, ComponentStatus.EMPTY})
COMPONENT_TRANSITIONS: dict[ComponentStatus, frozenset[ComponentStatus]] = {
    ComponentStatus.EMPTY: frozenset({ComponentStatus.SCANNING, ComponentStatus.SCANNED, ComponentStatus.IMPORTED,
                                      ComponentStatus.REUSED}),
    ComponentStatus.EXEMPT: frozenset(),
    ComponentStatus.SCANNING: frozenset({ComponentStatus.SCANNED, ComponentStatus.EMPTY, ComponentStatus.INTERRUPTED}),
    ComponentStatus.INTERRUPTED: _PAGES_CHANGE | {ComponentStatus.CHECKED},
    ComponentStatus.SCANNED: _PAGES_CHANGE | {ComponentStatus.CHECKED},
    ComponentStatus.CHECKED: _PAGES_CHANGE | {ComponentStatus.CHECKED, ComponentStatus.BUILT},
    ComponentStatus.BUILT: _PAGES_CHANGE | {ComponentStatus.CHECKED, ComponentStatus.SIGNED},
    ComponentStatus.SIGNED: _PAGES_CHANGE | {ComponentStatus.CHECKED},
    ComponentStatus.IMPORTED: frozenset(),
    ComponentStatus.REUSED: frozenset({ComponentStatus.EMPTY}),  # the clerk takes the reuse back: scan it after all
}

CHECKED_OR_LATER = frozenset({ComponentStatus.CHECKED, ComponentStatus.BUILT, ComponentStatus.SIGNED})
SIGNABLE = frozenset({ComponentStatus.CHECKED, ComponentStatus.BUILT})
HANDED_OVER = frozenset({ComponentStatus.SIGNED, ComponentStatus.IMPORTED, ComponentStatus.REUSED})


class LifecycleError(SohoaError):
    """A move the lifecycle does not allow: a defect in the caller, never the clerk's doing."""

    exit_code = ExitCode.BLOCKED
    message_vi = "Thao tác không hợp lệ với trạng thái hiện tại của hồ sơ."
    message_en = "This action does not fit the dossier's current state."


def dossier_move(current: str, new: DossierStatus) -> DossierStatus:
    """``new`` when the dossier may go there from ``current`` (staying put is always allowed)."""
    old = DossierStatus(current)
    if new != old and new not in DOSSIER_TRANSITIONS[old]:
        raise LifecycleError(f"dossier {old} -> {new}")
    return new


def component_move(current: str, new: ComponentStatus) -> ComponentStatus:
    """``new`` when the component may go there from ``current`` (staying put is always allowed)."""
    old = ComponentStatus(current)
    if new != old and new not in COMPONENT_TRANSITIONS[old]:
        raise LifecycleError(f"component {old} -> {new}")
    return new


@dataclass(frozen=True)
class Verdict:
    """The core's answer to "can I do this now?": yes, or no with the reason in both languages."""

    ok: bool
    reason: str = ""  # a stable key, for tests and logs
    message_vi: str = ""
    message_en: str = ""
    needs_reason: bool = False  # no for now, yes once the clerk gives a reason (which the audit trail keeps)

    def __bool__(self) -> bool:
        return self.ok

    def message(self, lang: str = "vi") -> str:
        return self.message_vi if lang == "vi" else self.message_en


YES = Verdict(True)


def _no(reason: str, vi: str, en: str) -> Verdict:
    return Verdict(False, reason, vi, en)


def is_open(dossier: Mapping[str, Any]) -> bool:
    """A dossier still at the counter: its pages and components may change."""
    status = DossierStatus(dossier["status"])
    return status in (DossierStatus.DRAFT, DossierStatus.SCANNING) and not dossier.get("finished_at")


def is_refused(dossier: Mapping[str, Any]) -> bool:
    """Refused at the counter (Mẫu 03 issued): its refusal can be printed again, nothing else happens to it."""
    return DossierStatus(dossier["status"]) == DossierStatus.REFUSED


def _refused(dossier: Mapping[str, Any]) -> Verdict:
    return _no("refused", f"Hồ sơ {dossier['code']} đã bị từ chối tiếp nhận (Mẫu 03); không xử lý tiếp được.",
               f"Dossier {dossier['code']} was refused (form 03); nothing more can be done with it.")


def can_change_pages(dossier: Mapping[str, Any]) -> Verdict:
    """Pages of a finished dossier (queued for sending, receipt issued) are what was signed and sent: frozen."""
    if DossierStatus(dossier["status"]) == DossierStatus.REFUSED:
        return _refused(dossier)
    if not is_open(dossier):
        return _no("finished", f"Hồ sơ {dossier['code']} đã hoàn tất và chuyển gửi; không thay đổi trang được nữa.",
                   f"Dossier {dossier['code']} is finished and queued; its pages cannot change.")
    return YES


def can_scan(component: Mapping[str, Any], dossier: Mapping[str, Any], *, scanning: bool = False) -> Verdict:
    if not is_open(dossier):
        return can_change_pages(dossier)
    if component["exempt_reason"] or ComponentStatus(component["status"]) == ComponentStatus.EXEMPT:
        return _no("exempt", "Thành phần này thuộc diện không số hóa (miễn quét).",
                   "This component is exempt from digitization.")
    if ComponentStatus(component["status"]) == ComponentStatus.IMPORTED:
        return _no("imported", "Thành phần này đã nhận từ tệp PDF; không quét thêm.",
                   "This component came from a PDF file; it is not scanned.")
    if ComponentStatus(component["status"]) == ComponentStatus.REUSED:
        return _no("reused", "Thành phần này tái sử dụng giấy tờ điện tử đã có; không quét.",
                   "This component reuses an existing electronic paper; it is not scanned.")
    if scanning or ComponentStatus(component["status"]) == ComponentStatus.SCANNING:
        return _no("scanning", "Đang quét; chờ máy quét xong hoặc bấm Esc để dừng.",
                   "A scan is running; wait for it or press Esc to stop it.")
    return YES


def shows_checks(component: Mapping[str, Any]) -> bool:
    """The component's pages were checked and nothing changed since: its findings are current."""
    return ComponentStatus(component["status"]) in CHECKED_OR_LATER


def can_sign(component: Mapping[str, Any], *, blocking: bool) -> Verdict:
    """``blocking``: the component has open blocking findings."""
    status = ComponentStatus(component["status"])
    if component["exempt_reason"] or status == ComponentStatus.EXEMPT:
        return _no("exempt", "Thành phần miễn số hóa không cần ký.", "An exempt component is not signed.")
    if status == ComponentStatus.REUSED:
        return _no("reused", "Giấy tờ tái sử dụng không cần ký.", "A reused paper is not signed.")
    if status == ComponentStatus.SIGNED:
        return _no("signed", "Thành phần này đã được ký.", "This component is already signed.")
    if blocking:
        return _no("blocking", "Xử lý các lỗi nghiêm trọng trước khi ký số.",
                   "Resolve the blocking findings before signing.")
    if status not in SIGNABLE:
        return _no("not_checked", "Các trang chưa được kiểm tra sau lần thay đổi cuối; hãy kiểm tra (F6) trước.",
                   "The pages were not checked since they last changed; check them (F6) first.")
    return YES


def can_reuse(component: Mapping[str, Any], dossier: Mapping[str, Any]) -> Verdict:
    """A component may be marked reused while nothing of it was scanned and the dossier is still at the counter."""
    if not is_open(dossier):
        return can_change_pages(dossier)
    status = ComponentStatus(component["status"])
    if status == ComponentStatus.REUSED:
        return _no("reused", "Thành phần này đã được đánh dấu tái sử dụng.", "This component is already reused.")
    if component["exempt_reason"] or status != ComponentStatus.EMPTY:
        return _no("not_empty", "Chỉ tái sử dụng được thành phần chưa quét trang nào (xóa các trang đã quét trước).",
                   "Only a component with nothing scanned can be reused (remove its pages first).")
    return YES


def component_ready(component: Mapping[str, Any], *, has_pages: bool | None = None) -> bool:
    """Nothing left to do at the counter: handed over (signed, imported or reused), exempt, or optional and not
    scanned."""
    status = ComponentStatus(component["status"])
    if component["exempt_reason"] or status == ComponentStatus.EXEMPT or status in HANDED_OVER:
        return True
    untouched = status == ComponentStatus.EMPTY if has_pages is None else not has_pages
    return not component["must_digitize"] and untouched


def _unscanned(comp: Mapping[str, Any], has_pages: bool | None) -> bool:
    return ComponentStatus(comp["status"]) == ComponentStatus.EMPTY if has_pages is None else not has_pages


def paper_only(components: Iterable[Mapping[str, Any]],
               with_pages: Collection[int] | None = None) -> list[Mapping[str, Any]]:
    """Submitted components that are neither exempt nor handed over and hold no page: received on paper only."""
    return [c for c in components
            if not (c["exempt_reason"] or ComponentStatus(c["status"]) in (ComponentStatus.EXEMPT, *HANDED_OVER))
            and _unscanned(c, None if with_pages is None else c["id"] in with_pages)]


def can_finish(dossier: Mapping[str, Any], components: Iterable[Mapping[str, Any]], *,
               blocking: Collection[int] = (), with_pages: Collection[int] | None = None,
               scanning: bool = False, paper_only_reason: str = "") -> Verdict:
    """``blocking``: ids of components with open blocking findings; ``with_pages``: ids of components holding
    pages (None: judged from their status alone). A submitted component left unscanned (one the law does not ask
    to digitize) needs ``paper_only_reason``: the clerk's reason for receiving it on paper only."""
    if DossierStatus(dossier["status"]) == DossierStatus.REFUSED:
        return _refused(dossier)
    if not is_open(dossier):
        return _no("finished", f"Hồ sơ {dossier['code']} đã hoàn tất.", f"Dossier {dossier['code']} is finished.")
    if scanning:
        return _no("scanning", "Đang quét; chờ máy quét xong trước khi hoàn tất.",
                   "A scan is running; wait for it before finishing.")
    components = list(components)
    for comp in components:
        if comp["id"] in blocking and not comp["exempt_reason"]:
            return _no("blocking", f"Thành phần «{comp['name']}» còn lỗi nghiêm trọng chưa xử lý.",
                       f"Component “{comp['name']}” has unresolved blocking findings.")
        has_pages = None if with_pages is None else comp["id"] in with_pages
        if not component_ready(comp, has_pages=has_pages):
            return _no("not_signed", f"Thành phần «{comp['name']}» chưa được số hóa và ký.",
                       f"Component “{comp['name']}” is not digitized and signed yet.")
    unscanned = paper_only(components, with_pages)
    if unscanned and not paper_only_reason.strip():
        names = ", ".join(f"«{c['name']}»" for c in unscanned)
        return Verdict(False, "paper_only", f"Chưa quét {names}. Nêu lý do chỉ nhận bản giấy để hoàn tất.",
                       f"{names.replace('«', '“').replace('»', '”')} not scanned. Give the reason for receiving "
                       "it on paper only to finish.", needs_reason=True)
    return YES


def can_refuse(dossier: Mapping[str, Any], *, scanning: bool = False) -> Verdict:
    """Refusing to receive (Mẫu 03) is for a dossier still at the counter: once its receipt (Mẫu 01) is issued it
    was received, and a refusal no longer applies."""
    if DossierStatus(dossier["status"]) == DossierStatus.REFUSED:
        return _refused(dossier)
    if not is_open(dossier) or dossier.get("receipt_printed_at"):
        return _no("received", f"Hồ sơ {dossier['code']} đã được tiếp nhận (đã cấp giấy tiếp nhận); không từ chối "
                   "tiếp nhận được nữa.", f"Dossier {dossier['code']} was received (its receipt is issued); it can no "
                   "longer be refused.")
    if scanning or DossierStatus(dossier["status"]) == DossierStatus.SCANNING:
        return _no("scanning", "Đang quét; chờ máy quét xong hoặc bấm Esc để dừng.",
                   "A scan is running; wait for it or press Esc to stop it.")
    return YES


def can_hand_over(dossier: Mapping[str, Any]) -> Verdict:
    """The processing control slip (Mẫu 06) travels with a received dossier: its receipt (Mẫu 01) comes first."""
    if DossierStatus(dossier["status"]) == DossierStatus.REFUSED:
        return _refused(dossier)
    if not dossier.get("receipt_printed_at"):
        return _no("not_received", f"Hồ sơ {dossier['code']} chưa được cấp giấy tiếp nhận (Mẫu 01); phiếu kiểm soát "
                   "(Mẫu 06) đi kèm hồ sơ đã tiếp nhận.", f"Dossier {dossier['code']} has no receipt (form 01) yet; "
                   "the control slip (form 06) goes with a received dossier.")
    return YES


def can_add_result(dossier: Mapping[str, Any]) -> Verdict:
    """Results come from when the dossier is received (finished at the counter, queued or sent) until its result is
    returned to the citizen."""
    status = DossierStatus(dossier["status"])
    if status == DossierStatus.REFUSED:
        return _refused(dossier)
    if status == DossierStatus.RETURNED:
        return _no("returned", f"Hồ sơ {dossier['code']} đã trả kết quả; không thêm kết quả được nữa.",
                   f"Dossier {dossier['code']}'s result was returned; no result can be added now.")
    if status != DossierStatus.QUEUED:
        return _no("not_received", f"Hồ sơ {dossier['code']} chưa tiếp nhận xong (chưa hoàn tất tại quầy).",
                   f"Dossier {dossier['code']} is not received yet (not finished at the counter).")
    return YES


def can_return(dossier: Mapping[str, Any], results: int) -> Verdict:
    """The result is returned once: a received dossier holding at least one result."""
    refused = can_add_result(dossier)
    if not refused:
        return refused
    if results < 1:
        return _no("no_result", f"Hồ sơ {dossier['code']} chưa có kết quả nào để trả.",
                   f"Dossier {dossier['code']} has no result to return.")
    return YES
