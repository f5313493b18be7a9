"""``sohoa report`` (the quarterly digitization report), ``sohoa tickets import`` (the queue-ticket machine's export,
for the citizen's waiting time) and ``sohoa audit`` (verify and read the audit trail)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.core import audit
from app.core.audit_anchor import Head
from app.core.config import load_settings
from app.core.errors import BadInputError
from app.core.storage import Store
from app.dossiers.queue import call_next
from app.dossiers.tickets import import_tickets
from app.reports.backlog import backlog_lines
from app.reports.figures import Period, build_report
from app.reports.metrics import index_lines, queue_lines

ORDER = 45


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("report", help="báo cáo số hóa theo kỳ / digitization report for a period")
    period = p.add_mutually_exclusive_group(required=True)
    period.add_argument("--quarter", help="ví dụ 2026Q4")
    period.add_argument("--year", help="ví dụ 2026")
    period.add_argument("--from", dest="date_from", help="YYYY-MM-DD (cùng --to)")
    p.add_argument("--to", dest="date_to", help="YYYY-MM-DD")
    p.add_argument("--format", choices=["xlsx", "csv", "json"], default="xlsx")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--no-charts", action="store_true", help="không xuất biểu đồ PNG / no PNG charts")
    p.set_defaults(func=cmd_report)

    t = subparsers.add_parser("tickets", help="số thứ tự của hệ thống xếp hàng / queue tickets")
    sub = t.add_subparsers(dest="tickets_command", metavar="ACTION", required=True)
    p = sub.add_parser("import", help="nhập tệp CSV số phiếu và giờ lấy số / import a ticket export (CSV)",
                       description="Cột được nhận / accepted columns: số phiếu (ticket_number, ticket, number, "
                                   "so_phieu, so_thu_tu, stt, so) và giờ lấy số (issued_at, issued, time, "
                                   "thoi_gian_lay_so, gio_lay_so, thoi_gian, ngay_gio); xem docs/reports.md.")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_tickets_import)
    p = sub.add_parser("call", help="gọi số tiếp theo tại máy trạm này / call the next number at this station")
    p.set_defaults(func=cmd_tickets_call)

    a = subparsers.add_parser("audit", help="nhật ký thao tác / the audit trail")
    sub = a.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    p = sub.add_parser("verify", help="kiểm tra chuỗi nhật ký còn nguyên vẹn / verify the hash chain")
    p.add_argument("--heads", type=Path, default=None, metavar="FILE",
                   help="các đầu chuỗi máy chủ tỉnh đã nhận (JSON của /api/v1/audit-heads) / heads the province holds")
    p.set_defaults(func=cmd_audit_verify)
    p = sub.add_parser("list", help="các mục gần nhất / latest entries")
    p.add_argument("--dossier", default=None, help="mã hồ sơ / dossier code")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit_list)


def cmd_report(args: argparse.Namespace) -> int:
    from app.reports.export import write, write_charts  # late: openpyxl and matplotlib load only for a report

    if bool(args.date_from) != bool(args.date_to):
        raise BadInputError("--from/--to", message_vi="Cần cả --from và --to.", message_en="Give both --from and --to.")
    period = Period.parse(args.quarter, args.year, args.date_from, args.date_to)
    settings = load_settings()
    store = Store(settings.data_path)
    report = build_report(store.db, period, agency_code=settings.station.agency_code,
                          agency_name=settings.station.agency_name,
                          backlog_target=settings.results.backlog_total,
                          backlog_by_type=settings.results.backlog_by_type)
    print(write(report, args.out, args.format))
    if args.format != "json" and not args.no_charts:
        for chart in write_charts(report, args.out.parent, args.out.stem):
            print(chart)
    t = report.totals
    share = f"{t.share_digitized:.1%}" if t.share_digitized is not None else "—"
    print(f"Kỳ {period.label}: {t.dossiers} hồ sơ, {t.must_digitize_done}/{t.must_digitize} thành phần phải số hóa "
          f"đã số hóa ({share}), {t.pages} trang.")
    print("Chỉ số 766: " + "; ".join(f"{label} {value}" for label, value in index_lines(report)) + ".")
    for line in queue_lines(report) + backlog_lines(report.backlog):
        print(line)
    return 0


def cmd_tickets_import(args: argparse.Namespace) -> int:
    done = import_tickets(Store(load_settings().data_path), args.file)
    print(f"Đã nhập {done.tickets} số thứ tự ({done.new} số mới), bổ sung giờ đến cho {done.dossiers} hồ sơ. / "
          f"Imported {done.tickets} tickets ({done.new} new); {done.dossiers} dossiers got their arrival time.")
    return 0


def cmd_tickets_call(args: argparse.Namespace) -> int:
    settings = load_settings()
    call = call_next(Store(settings.data_path), station=settings.station.station_id, clerk=settings.station.clerk)
    number = f"số {call.ticket_number}" if call.ticket_number else "công dân tiếp theo"
    print(f"Đã gọi {number} lúc {call.called_at}. / Called {call.ticket_number or 'the next citizen'} at "
          f"{call.called_at}.")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Exit 0 when the trail is whole, 1 when it was tampered with (as a blocking check finding)."""
    settings = load_settings()
    heads = read_heads(args.heads, settings.station.station_id) if args.heads else []
    verdict = audit.check(Store(settings.data_path).db, heads)
    if verdict.ok:
        anchored = (f" Mốc neo ngoài cơ sở dữ liệu: mục #{verdict.anchored_at} ({verdict.anchor_file}); khóa: "
                    f"{verdict.key_where}." if verdict.anchored_at is not None else
                    " Chưa có mốc neo ngoài cơ sở dữ liệu (được tạo ở mục ghi tiếp theo).")
        print(f"Nhật ký thao tác nguyên vẹn: {verdict.entries} mục.{anchored} / "
              f"The audit trail is whole: {verdict.entries} entries.")
        return 0
    broken = verdict.broken
    assert broken is not None
    where = f"mục #{broken.id} ({broken.action}, {broken.at})" if broken.id is not None else "nhật ký"
    print(f"Nhật ký thao tác đã bị thay đổi tại {where}: {broken.reason_vi}. / "
          f"The audit trail was tampered with at entry {broken.id}: {broken.reason_en}.")
    return 1


def read_heads(path: Path, station: str) -> list[Head]:
    """The heads the receiving server kept for this station (other stations' heads in the file are skipped)."""
    refused = BadInputError(str(path), message_vi="Tệp đầu chuỗi nhật ký không đọc được hoặc không hợp lệ.",
                            message_en="The audit heads file is unreadable or invalid.")
    try:
        items = json.loads(path.read_bytes())
        return [Head(int(h["last_id"]), int(h["entries"]), str(h["last_hash"])) for h in items
                if h.get("station", station) == station]
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise refused from exc


def cmd_audit_list(args: argparse.Namespace) -> int:
    settings = load_settings()
    found = audit.entries(Store(settings.data_path).db, args.dossier, args.limit)
    if args.json:
        print(json.dumps([e.__dict__ for e in found], ensure_ascii=False, indent=2))
        return 0
    for e in found:
        label = audit.ACTION_VI.get(audit.Action(e.action), e.action) if e.action in set(audit.Action) else e.action
        print(f"#{e.id:<6} {e.at}  {e.station:<6} {e.clerk:<16} {label:<28} {e.dossier_code or ''}{_looked_up(e)}")
    return 0


def _looked_up(entry: audit.AuditEntry) -> str:
    """A lookup's line says whose ID was asked about and what came back."""
    if "personal_id" not in entry.details:
        return ""
    answer = entry.details.get("answer") or {}
    said = ", ".join(f"{k}={answer[k]}" for k in ("found", "known", "vneid", "ial", "source", "error", "file")
                     if k in answer)
    return f"  ID {entry.details['personal_id']}: {said}"
