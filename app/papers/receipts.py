"""The papers the counter issues (TT 03/2025 Annex I): Mẫu 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết quả), Mẫu 02
(Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ), Mẫu 03 (Phiếu từ chối tiếp nhận giải quyết hồ sơ) and Mẫu 06 (Phiếu kiểm
soát quá trình giải quyết hồ sơ). Issuing one is a state change (register number, appointment, time the receipt was
printed, audit entry, one transaction); rendering it is pure (:mod:`app.papers.forms`)."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app import __version__
from app.catalog.model import EXEMPT_REASONS, Procedure
from app.catalog.store import Catalog
from app.core import audit
from app.core.config import Settings
from app.core.errors import BadInputError, NotFoundError
from app.core.storage import VN_TZ, Store
from app.papers.forms import FormPage
from app.papers.layout import story
from app.papers.model import FORM_CONTROL, FORM_RECEIPT, FORM_REFUSAL, FORM_SUPPLEMENT, PaperLine, Receipt
from app.papers.workdays import WorkCalendar, add_working_days, station_calendar


def _dossier(db: Database, code: str) -> dict[str, Any]:
    rows = list(db.query("select * from dossiers where code = ?", [code]))
    if not rows:
        raise NotFoundError(code, message_vi=f"Không tìm thấy hồ sơ {code}.", message_en=f"No dossier {code}.")
    return rows[0]


def _component_rows(db: Database, dossier_id: int,
                    procedure: Procedure | None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The dossier's components in order, with the reference of any reused one (the catalog's list when none were
    added), and the catalog's components by code."""
    rows = list(db.query("select c.code, c.name, c.exempt_reason, c.status, r.so_ky_hieu, r.result_code from "
                         "components c left join component_reuse r on r.component_id = c.id where c.dossier_id = ? "
                         "order by c.position", [dossier_id]))
    if not rows and procedure:
        rows = [{"code": c.code, "name": c.name, "exempt_reason": c.exempt_reason, "status": ""}
                for c in procedure.components]
    return rows, ({c.code: c for c in procedure.components} if procedure else {})


def _paper_lines(db: Database, dossier_id: int, procedure: Procedure | None,
                 on_paper: bool = False) -> tuple[PaperLine, ...]:
    """The dossier's components with their copies from the catalog (the catalog's list when none were added);
    ``on_paper``: the dossier was finished with papers left unscanned, which the receipt says were taken on paper."""
    rows, known = _component_rows(db, dossier_id, procedure)
    lines = []
    for row in rows:
        comp = known.get(row["code"] or "")
        note = "xuất trình bản chính để đối chiếu" if row["exempt_reason"] == "show_only" else ""
        if on_paper and not row["exempt_reason"] and row["status"] == "empty":
            note = "nhận bản giấy, chưa số hóa"
        if row["status"] == "reused":  # an electronic paper the data store holds replaces it: not collected again
            number = row.get("so_ky_hieu") or row.get("result_code") or ""
            note = f"tái sử dụng ({number})" if number else "tái sử dụng"
        lines.append(PaperLine(row["name"], comp.copies if comp else 1, note))
    return tuple(lines)


def _not_refused(db: Database, code: str) -> None:
    """A dossier refused at the counter (Mẫu 03 issued) gets no receipt and no request to supplement."""
    if db.execute("select 1 from receipt_register where dossier_code = ? and form = ?",
                  [code, FORM_REFUSAL]).fetchone():
        raise BadInputError(code, message_vi=f"Hồ sơ {code} đã bị từ chối tiếp nhận (Mẫu 03).",
                            message_en=f"Dossier {code} was refused (form 03).")


def _register(db: Database, form: str, code: str, book: str, issued_at: datetime, clerk: str, station: str,
              reuse: bool) -> tuple[int, datetime, bool]:
    """The paper's number in its register book; a reprint of Mẫu 01 keeps its number and time of issue."""
    if reuse:
        db.execute("insert into receipt_register (form, dossier_code, book, number, issued_at, clerk, station) "
                   "select ?, ?, ?, (select coalesce(max(number), 0) + 1 from receipt_register where book = ?), "
                   "?, ?, ? where not exists (select 1 from receipt_register where dossier_code = ? and form = ?)",
                   [form, code, book, book, issued_at.isoformat(), clerk, station, code, form])
        fresh = db.execute("select changes()").fetchone()[0] == 1
        row = db.execute("select number, issued_at from receipt_register where dossier_code = ? and form = ? "
                         "order by id limit 1", [code, form]).fetchone()
        return int(row[0]), datetime.fromisoformat(row[1]), fresh
    cursor = db.execute("insert into receipt_register (form, dossier_code, book, number, issued_at, clerk, station) "
                        "select ?, ?, ?, (select coalesce(max(number), 0) + 1 from receipt_register where book = ?), "
                        "?, ?, ?", [form, code, book, book, issued_at.isoformat(), clerk, station])
    number = db.execute("select number from receipt_register where id = ?", [cursor.lastrowid]).fetchone()[0]
    return int(number), issued_at, True


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(VN_TZ)).astimezone(VN_TZ).replace(microsecond=0)


def issue_receipt(store: Store, settings: Settings, code: str, *, now: datetime | None = None,
                  collect_at: str = "", holidays: Collection[date] | WorkCalendar | None = None) -> Receipt:
    """Mẫu 01 for dossier ``code``: registers it (once), fixes the appointment from the procedure's legal
    processing days in working days (the station's calendar unless ``holidays`` is given: public holidays and
    the year's decided days off skipped), and stamps the dossier's ``receipt_printed_at`` the first time."""
    issued = _now(now)
    station = settings.station
    with store.atomic() as db:
        _not_refused(db, code)
        book = f"{issued.year}-{station.station_id}"
        number, issued, fresh = _register(db, FORM_RECEIPT, code, book, issued, station.clerk, station.station_id,
                                          reuse=True)
        dossier = _dossier(db, code)
        procedure = Catalog(store).find(dossier["procedure_code"])
        received = datetime.fromisoformat(dossier["created_at"]).astimezone(VN_TZ)
        if dossier["appointment_at"]:
            appointment = datetime.fromisoformat(dossier["appointment_at"]).astimezone(VN_TZ)
        elif procedure is not None:
            calendar = station_calendar(settings, received.date()) if holidays is None else holidays
            appointment = add_working_days(received, procedure.processing_days, calendar)
        else:
            raise BadInputError(dossier["procedure_code"], message_vi=(
                f"Thủ tục {dossier['procedure_code']} chưa có trong danh mục của trạm nên chưa tính được ngày hẹn "
                "trả; hãy nhập danh mục thủ tục (sohoa catalog import)."),
                message_en="The procedure is not in the station's catalog: cannot compute the appointment.")
        updates = {"appointment_at": dossier["appointment_at"] or appointment.isoformat()}
        if not dossier["receipt_printed_at"]:
            updates["receipt_printed_at"] = issued.isoformat()
        db.table("dossiers").update(dossier["id"], updates)
        audit.record(db, audit.Action.RECEIPT_ISSUED, clerk=station.clerk, station=station.station_id,
                     dossier_code=code, details={"form": FORM_RECEIPT, "book": book, "number": number,
                                                 "reprint": not fresh})
        lines = _paper_lines(db, dossier["id"], procedure, bool(dossier.get("paper_only_reason")))
    return _receipt(FORM_RECEIPT, settings, dossier, procedure, lines, received, appointment,
                    collect_at or f"{station.receiving_unit}, {station.agency_name}", book, number, issued)


def issue_supplement_request(store: Store, settings: Settings, code: str, items: Sequence[str], *,
                             reason: str = "", contact: str = "", now: datetime | None = None) -> Receipt:
    """Mẫu 02: what the applicant must add or correct, with whom to talk; numbered in its own register book."""
    wanted = tuple(i.strip() for i in items if i.strip())
    if not wanted:
        raise BadInputError("items", message_vi="Cần ghi ít nhất một nội dung yêu cầu bổ sung.",
                            message_en="At least one item to supplement is required.")
    issued = _now(now)
    station = settings.station
    with store.atomic() as db:
        _not_refused(db, code)
        book = f"BS-{issued.year}-{station.station_id}"
        number, issued, _ = _register(db, FORM_SUPPLEMENT, code, book, issued, station.clerk, station.station_id,
                                      reuse=False)
        dossier = _dossier(db, code)
        audit.record(db, audit.Action.SUPPLEMENT_REQUESTED, clerk=station.clerk, station=station.station_id,
                     dossier_code=code, details={"form": FORM_SUPPLEMENT, "book": book, "number": number,
                                                 "items": len(wanted)})
        procedure = Catalog(store).find(dossier["procedure_code"])
        lines = _paper_lines(db, dossier["id"], procedure)
    received = datetime.fromisoformat(dossier["created_at"]).astimezone(VN_TZ)
    return _receipt(FORM_SUPPLEMENT, settings, dossier, procedure, lines, received, None, "", book, number, issued,
                    items=wanted, reason=reason, contact=contact)


def _earlier(db: Database, code: str, form: str) -> dict[str, Any] | None:
    """The first paper of ``form`` issued for dossier ``code`` (its number, book, time and content), if any."""
    rows = list(db.query("select book, number, issued_at, content from receipt_register where dossier_code = ? "
                         "and form = ? order by id limit 1", [code, form]))
    return rows[0] if rows else None


def issue_refusal(store: Store, settings: Settings, code: str, reasons: Sequence[str], *,
                  now: datetime | None = None) -> Receipt:
    """Mẫu 03: why the dossier is not received, numbered in its own register book with its reasons. Issued once: a
    reprint keeps the number, the time and the reasons first recorded. Moving the dossier to refused is the
    caller's (:mod:`app.counter.papers`), in the same transaction."""
    given = tuple(r.strip() for r in reasons if r.strip())
    issued = _now(now)
    station = settings.station
    with store.atomic() as db:
        dossier = _dossier(db, code)
        earlier = _earlier(db, code, FORM_REFUSAL)
        if earlier is None:
            if not given:
                raise BadInputError("reason", message_vi="Cần ghi lý do từ chối tiếp nhận hồ sơ (--reason).",
                                    message_en="The reason for refusing the dossier is required (--reason).")
            book = f"TC-{issued.year}-{station.station_id}"
            number, issued, _ = _register(db, FORM_REFUSAL, code, book, issued, station.clerk, station.station_id,
                                          reuse=True)
            db.execute("update receipt_register set content = ? where dossier_code = ? and form = ?",
                       [json.dumps({"reasons": given}, ensure_ascii=False), code, FORM_REFUSAL])
            audit.record(db, audit.Action.DOSSIER_REFUSED, clerk=station.clerk, station=station.station_id,
                         dossier_code=code, details={"form": FORM_REFUSAL, "book": book, "number": number,
                                                     "reasons": list(given)})
        else:
            book, number = earlier["book"], int(earlier["number"])
            issued = datetime.fromisoformat(earlier["issued_at"])
            given = tuple(json.loads(earlier["content"] or "{}").get("reasons", ()))
            audit.record(db, audit.Action.FORM_ISSUED, clerk=station.clerk, station=station.station_id,
                         dossier_code=code, details={"form": FORM_REFUSAL, "book": book, "number": number,
                                                     "reprint": True})
        procedure = Catalog(store).find(dossier["procedure_code"])
        lines = _paper_lines(db, dossier["id"], procedure)
    received = datetime.fromisoformat(dossier["created_at"]).astimezone(VN_TZ)
    return _receipt(FORM_REFUSAL, settings, dossier, procedure, lines, received, None, "", book, number, issued,
                    reasons=given)


def _handed_over(db: Database, dossier_id: int, procedure: Procedure | None) -> tuple[PaperLine, ...]:
    """The papers that travel with the dossier to the unit that processes it: every component received on paper
    (not those submitted online or only shown and handed back), each noted as digitized or paper only."""
    rows, known = _component_rows(db, dossier_id, procedure)
    lines = []
    for row in rows:
        exempt = row["exempt_reason"] or ""
        if exempt in ("online", "show_only"):
            continue
        if exempt:
            note = f"{EXEMPT_REASONS[exempt][0]}, không số hóa" if exempt in EXEMPT_REASONS else "không số hóa"
        else:
            note = "đã số hóa" if row["status"] in ("signed", "imported") else "bản giấy, chưa số hóa"
        comp = known.get(row["code"] or "")
        lines.append(PaperLine(row["name"], comp.copies if comp else 1, note))
    return tuple(lines)


def issue_control_slip(store: Store, settings: Settings, code: str, *, now: datetime | None = None) -> Receipt:
    """Mẫu 06: the slip that goes with the received dossier's papers from the counter to the unit that processes
    it and back, with the rows each hand-over is signed in; numbered once, a reprint keeps its number."""
    issued = _now(now)
    station = settings.station
    with store.atomic() as db:
        book = f"KS-{issued.year}-{station.station_id}"
        number, issued, fresh = _register(db, FORM_CONTROL, code, book, issued, station.clerk, station.station_id,
                                          reuse=True)
        dossier = _dossier(db, code)
        audit.record(db, audit.Action.FORM_ISSUED, clerk=station.clerk, station=station.station_id,
                     dossier_code=code, details={"form": FORM_CONTROL, "book": book, "number": number,
                                                 "reprint": not fresh})
        receipt = _earlier(db, code, FORM_RECEIPT)
        procedure = Catalog(store).find(dossier["procedure_code"])
        lines = _handed_over(db, dossier["id"], procedure)
    received = datetime.fromisoformat(dossier["created_at"]).astimezone(VN_TZ)
    appointment = (datetime.fromisoformat(dossier["appointment_at"]).astimezone(VN_TZ)
                   if dossier["appointment_at"] else None)
    return _receipt(FORM_CONTROL, settings, dossier, procedure, lines, received, appointment, "", book, number,
                    issued, receipt_ref=f"số {receipt['number']}, quyển số {receipt['book']}" if receipt else "")


def _receipt(form: str, settings: Settings, dossier: dict[str, Any], procedure: Procedure | None,
             lines: tuple[PaperLine, ...], received: datetime, appointment: datetime | None, collect_at: str,
             book: str, number: int, issued: datetime, **extra: Any) -> Receipt:
    station = settings.station
    return Receipt(
        form=form, agency_name=station.agency_name, receiving_unit=station.receiving_unit,
        dossier_code=dossier["code"], procedure_code=dossier["procedure_code"],
        procedure_name=dossier["procedure_name"] or (procedure.name if procedure else ""),
        applicant_name=dossier["applicant_name"] or "", applicant_id=dossier["applicant_id"] or "",
        applicant_address=dossier["applicant_address"] or "", applicant_phone=dossier["applicant_phone"] or "",
        applicant_email=dossier["applicant_email"] or "", components=lines,
        processing_days=procedure.processing_days if procedure else None, received_at=received,
        appointment_at=appointment, collect_at=collect_at, register_book=book, register_number=number,
        clerk=dossier["clerk"] or station.clerk, issued_at=issued,
        system=f"SoHoa {__version__} - {station.agency_name}", **extra)


def render(receipt: Receipt, out: Path, page_size: str = "A5") -> Path:
    """Write the form as a PDF (A5 or A4) with the QR code at the top left."""
    page = FormPage(page_size)
    return page.render(out, story(receipt, page), title=receipt.document_name,
                       subject=f"{receipt.dossier_code} {receipt.procedure_code}")


def render_receipt(store: Store, dossier: int | str, out: Path, *, settings: Settings, page_size: str = "A5",
                   now: datetime | None = None) -> Path:
    """Issue and render Mẫu 01 for a dossier given by id or code (the GUI's print and the CLI's ``receipt``)."""
    if isinstance(dossier, str):
        code = dossier
    else:
        row = store.db.execute("select code from dossiers where id = ?", [dossier]).fetchone()
        if row is None:
            raise NotFoundError(f"dossier {dossier}", message_vi="Không tìm thấy hồ sơ.", message_en="No such dossier.")
        code = row[0]
    return render(issue_receipt(store, settings, code, now=now), out, page_size)
