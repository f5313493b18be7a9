"""``sohoa catalog``, ``sohoa intake``, ``sohoa receipt`` and ``sohoa codes``: the one-stop-shop office side of the
station (procedure catalog, opening a dossier, the applicant's papers, dossier numbering)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path

from app.catalog.files import SAMPLE_CATALOG, write_csv, write_json, write_xlsx
from app.catalog.model import Procedure
from app.catalog.store import Catalog
from app.catalog.sync import sync_catalog
from app.core.codeformat import station_number
from app.core.config import Settings, load_settings
from app.core.errors import BadInputError
from app.core.storage import VN_TZ, Store
from app.dossiers.codes import DossierCodes
from app.dossiers.intake import open_dossier
from app.dossiers.model import Applicant
from app.outbox import adapters  # its names load on first use: HTTP and the gateways only for `catalog sync`

ORDER = 40


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cat = subparsers.add_parser("catalog", help="danh mục thủ tục hành chính / procedure catalog")
    sub = cat.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    p = sub.add_parser("import", help="nhập danh mục từ tệp JSON/CSV/XLSX / import a catalog file")
    p.add_argument("file", type=Path, nargs="?", help=".json, .csv or .xlsx")
    p.add_argument("--sample", action="store_true", help="danh mục mẫu của Sở Ngoại vụ / the shipped sample")
    p.add_argument("--replace", action="store_true", help="thay toàn bộ danh mục / replace the whole catalog")
    p.set_defaults(func=cmd_catalog_import)
    p = sub.add_parser("list", help="liệt kê thủ tục / list procedures")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_catalog_list)
    p = sub.add_parser("search", help="tìm theo mã hoặc tên, không cần dấu / search by code or name")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_catalog_search)
    p = sub.add_parser("sync", help="lấy danh mục từ cổng DVCQG đã cấu hình / fetch the catalog from the gateway")
    p.add_argument("--dry-run", action="store_true", help="chỉ in thay đổi / only print what would change")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_catalog_sync)
    p = sub.add_parser("export", help="xuất danh mục ra JSON/CSV/XLSX / export the catalog")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_catalog_export)

    p = subparsers.add_parser("intake", help="tiếp nhận hồ sơ mới theo danh mục / open a new dossier")
    p.add_argument("--procedure", required=True, help="mã thủ tục / procedure code")
    p.add_argument("--name", required=True, help="họ tên người nộp / applicant's name")
    p.add_argument("--id", default="", dest="id_number", help="số giấy tờ tùy thân / ID number")
    p.add_argument("--phone", default="")
    p.add_argument("--address", default="")
    p.add_argument("--email", default="")
    p.add_argument("--ticket", default="", help="số thứ tự xếp hàng, ví dụ A042 hoặc \"A042 08:15\" / queue ticket")
    p.set_defaults(func=cmd_intake)

    p = subparsers.add_parser("receipt", help="in giấy tiếp nhận (Mẫu 01), phiếu bổ sung (02), từ chối tiếp nhận (03) "
                              "hoặc phiếu kiểm soát (06) / the counter's papers")
    p.add_argument("code", help="mã hồ sơ / dossier code")
    p.add_argument("--out", required=True, type=Path, help="FILE.pdf")
    p.add_argument("--form", default="01", help="01 (mặc định), 02, 03 hoặc 06 / 01 (default), 02, 03 or 06")
    p.add_argument("--size", choices=["A5", "A4"], default=None, help="mặc định A5; Mẫu 06: A4")
    p.add_argument("--item", action="append", default=[], help="Mẫu 02: nội dung cần bổ sung (lặp lại được)")
    p.add_argument("--reason", action="append", default=[],
                   help="Mẫu 03: lý do từ chối, bắt buộc, lặp lại được (mỗi lần một lý do); Mẫu 02: lý do")
    p.add_argument("--contact", default="", help="Mẫu 02: số điện thoại liên hệ")
    p.add_argument("--collect-at", default="", help="Mẫu 01: nơi nhận kết quả")
    p.set_defaults(func=cmd_receipt)

    p = subparsers.add_parser("codes", help="dải số hồ sơ của trạm / this station's dossier numbering")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_codes)


def _open() -> tuple[Store, Settings]:
    settings = load_settings()
    return Store(settings.data_path), settings


def cmd_catalog_import(args: argparse.Namespace) -> int:
    if bool(args.file) == bool(args.sample):
        raise BadInputError("file", message_vi="Cần chỉ một tệp danh mục, hoặc --sample.",
                            message_en="Give one catalog file, or --sample.")
    settings = load_settings()
    catalog = Catalog(Store(settings.data_path), clerk=settings.station.clerk, station=settings.station.station_id)
    summary = catalog.import_file(args.file or SAMPLE_CATALOG, mode="replace" if args.replace else "merge")
    print(f"Đã nhập {summary.procedures} thủ tục, {summary.components} thành phần hồ sơ từ {summary.source} "
          f"({'thay toàn bộ' if summary.mode == 'replace' else 'cập nhật'}); danh mục có {catalog.count()} thủ tục.")
    return 0


def _print_procedures(procedures: list[Procedure], as_json: bool) -> None:
    if as_json:
        print(json.dumps([p.to_dict() for p in procedures], ensure_ascii=False, indent=2))
        return
    for p in procedures:
        print(f"{p.code:<24} {p.processing_days:>3} ngày  {p.name}")
    if not procedures:
        print("(không có thủ tục nào)")


def cmd_catalog_list(args: argparse.Namespace) -> int:
    store, _ = _open()
    _print_procedures(Catalog(store).procedures(), args.json)
    return 0


def cmd_catalog_search(args: argparse.Namespace) -> int:
    store, _ = _open()
    _print_procedures(Catalog(store).search(args.query, args.limit), args.json)
    return 0


def cmd_catalog_sync(args: argparse.Namespace) -> int:
    """All or nothing: the whole catalog is fetched first; the diff is printed, then applied in one transaction."""
    store, settings = _open()
    catalog = Catalog(store, clerk=settings.station.clerk, station=settings.station.station_id)
    source = adapters.catalog_source(settings)
    try:
        changes, summary = sync_catalog(catalog, source, dry_run=args.dry_run)
    finally:
        source.gateway.close()
    if args.json:
        print(json.dumps({"added": changes.added, "removed": changes.removed,
                          "changed": {code: list(what) for code, what in changes.changed},
                          "procedures": summary.procedures if summary else None}, ensure_ascii=False, indent=2))
        return 0
    for line in changes.lines() or ["không thay đổi / no change"]:
        print(line)
    if summary is not None:
        print(f"Đã cập nhật / updated: {summary.procedures} thủ tục / procedures, {summary.components} thành phần / "
              f"components ({source.name})")
    return 0


def cmd_catalog_export(args: argparse.Namespace) -> int:
    store, _ = _open()
    procedures = Catalog(store).procedures()
    writers = {".json": write_json, ".csv": write_csv, ".xlsx": write_xlsx}
    writer = writers.get(args.file.suffix.lower())
    if writer is None:
        raise BadInputError(args.file.suffix, message_vi="Tệp xuất phải là .json, .csv hoặc .xlsx.",
                            message_en="Export to .json, .csv or .xlsx.")
    writer(procedures, args.file)
    print(args.file)
    return 0


def cmd_intake(args: argparse.Namespace) -> int:
    store, settings = _open()
    opened = open_dossier(store, settings, args.procedure, Applicant(args.name, args.id_number, args.phone,
                                                                      args.address, args.email),
                          ticket=args.ticket)
    print(opened.code)
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    from app.counter.papers import print_form  # late: ReportLab loads only when a paper is printed

    store, settings = _open()
    print(print_form(store, settings, args.form.strip(), args.code, args.out, size=args.size, reasons=args.reason,
                     items=args.item, contact=args.contact, collect_at=args.collect_at))
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    store, settings = _open()
    codes = DossierCodes(store, settings)
    scheme = codes.scheme
    try:
        number = station_number(codes.station, scheme.max_stations)
        slot = scheme.offline_range(number)
        offline = f"{slot.start}-{slot.stop - 1}"
    except BadInputError as err:
        number, offline = 0, err.user_message()
    info = {"format": codes.format.template, "agency": codes.agency, "station": codes.station,
            "station_number": number, "online_pool": f"{scheme.pool.start}-{scheme.pool.stop - 1}",
            "offline_range": offline, "reserved_left_today": codes.remaining(),
            "example": codes.format.format(codes.agency, datetime.now(VN_TZ).date(), 1, codes.station)}
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        print(f"Mẫu mã hồ sơ: {info['format']} (ví dụ {info['example']})")
        print(f"Trạm {codes.station}: số thứ tự {number}; dải số khi mất mạng mỗi ngày: {offline}")
        print(f"Dải số cấp theo khối khi có mạng: {info['online_pool']}; "
              f"còn lại hôm nay: {info['reserved_left_today']}")
    return 0
