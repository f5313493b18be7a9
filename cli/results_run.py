"""The work behind ``sohoa separator print`` and ``sohoa results …`` (loaded only when one of them runs)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from app.checks.profiles import load_profile
from app.core.config import load_settings
from app.core.errors import BadInputError, ExitCode
from app.core.progress import NullProgress, TextProgress
from app.core.storage import Store
from app.results.backlog import Backlog
from app.results.backlog_queue import AS_RESULT, WAITING, BacklogSender, Queued
from app.results.backlog_seal import station_seal
from app.results.dossier import DossierResults
from app.results.metadata import MetadataReader
from app.results.model import LABELS_VI, meta_from_input
from app.results.review import ReviewQueue
from app.results.scan_add import ScanRequest, scan_and_add
from app.results.separator import MAX_SHEETS, make_separator, separator_pdf
from app.results.split import read_metadata, split_pages
from app.signing.pin import cli_pin
from cli.building_run import collect_pages
from scanner import ScanOptions, Source


def _print(data: Any, as_json: bool, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if as_json else text)


def separator_print(args: argparse.Namespace) -> int:
    if not 1 <= args.count <= MAX_SHEETS:
        raise BadInputError(str(args.count), message_vi=f"--count phải từ 1 đến {MAX_SHEETS}.",
                            message_en=f"--count must be 1 to {MAX_SHEETS}.")
    separator = make_separator(args.type, args.dossier)
    separator_pdf(args.out, [separator] * args.count)
    print(args.out)
    return ExitCode.OK


def split(args: argparse.Namespace) -> int:
    profile = load_profile(args.profile)
    pages = collect_pages(args.path)
    documents = split_pages(pages, profile=profile, blank_separates=args.blank_separates)
    if not args.no_metadata:
        reader = MetadataReader(args.lang)
        try:
            read_metadata(documents, pages, reader)
        finally:
            reader.close()
    data = [d.as_json() for d in documents]
    lines = [f"{n}. trang/pages {', '.join(map(str, d.pages))}" for n, d in enumerate(documents, start=1)]
    _print(data, args.json, "\n".join(lines) or "Không có tài liệu nào / no document.")
    return ExitCode.OK


def _source(args: argparse.Namespace) -> ScanRequest | None:
    """Exactly one of ``--file`` and ``--device``; with ``--device``, the scan's options (checked)."""
    if (args.file is None) == (args.device is None):
        raise BadInputError("--file/--device", message_vi="Cần đúng một nguồn cho kết quả: --file KET-QUA.pdf (một "
                            "tệp) hoặc --device MAY-QUET (quét kết quả).", message_en="Give exactly one source for "
                            "the result: --file RESULT.pdf (a file) or --device SCANNER (scan it).")
    if args.file is not None:
        if not args.file.is_file():
            raise BadInputError(str(args.file), message_vi=f"Không tìm thấy tệp {args.file}.",
                                message_en=f"No such file: {args.file}.")
        return None
    if not 50 <= args.dpi <= 1200:
        raise BadInputError(f"--dpi {args.dpi}", message_vi="Độ phân giải phải từ 50 đến 1200 dpi.",
                            message_en="dpi must be between 50 and 1200.")
    if args.pages is not None and not 1 <= args.pages <= 2000:
        raise BadInputError(f"--pages {args.pages}", message_vi="Số trang của bản giấy phải từ 1 đến 2000.",
                            message_en="The paper's page count must be 1 to 2000.")
    source = Source.ADF_DUPLEX if args.duplex else Source.ADF
    return ScanRequest(args.device, ScanOptions(source=source, dpi=args.dpi), args.pages)


def add(args: argparse.Namespace) -> int:
    meta = meta_from_input(so_ky_hieu=args.so_ky_hieu, ngay=args.ngay, co_quan=args.co_quan, nguoi_ky=args.nguoi_ky,
                           trich_yeu=args.trich_yeu, hieu_luc_den=args.hieu_luc_den, vinh_vien=args.vinh_vien)
    request = _source(args)
    settings = load_settings()
    store = Store(settings.data_path)
    signer, demo_pin = station_seal(settings, store) if args.seal else (None, None)
    pin = (demo_pin or cli_pin(args.pin_env)) if args.seal else None  # the demo certificate brings its own
    if request is not None:
        added = scan_and_add(DossierResults(store, settings, None, signer), args.code, args.type, request, meta,
                             use_ocr=not args.no_ocr, languages=args.lang, seal=args.seal, pin=pin,
                             progress=NullProgress() if args.json else TextProgress())
    else:
        reader = None if args.no_ocr else MetadataReader(args.lang)
        try:
            added = DossierResults(store, settings, reader.pdf if reader else None, signer).add(
                args.code, args.type, args.file, meta, languages=args.lang, seal=args.seal, pin=pin)
        finally:
            if reader is not None:
                reader.close()
    data = added.as_json()
    text = [f"Đã thêm kết quả {added.code} ({added.name or 'không rõ tên'}) vào hồ sơ {added.dossier}, "
            f"{added.pages} trang{', PDF/A' if added.pdfa else ''}; ẩn với công dân cho đến khi trả kết quả."]
    if added.seal:
        text.append("Đã ký số kết quả." if added.seal == "signed" else "Đã ký số bản sao y (NĐ 30/2020).")
    auto = " (đọc tự động, hãy kiểm tra)"
    text += [f"  {LABELS_VI[k]}: {getattr(added.meta, k) or '—'}{auto if k in added.read_by_ocr else ''}"
             for k in LABELS_VI if k != "hieu_luc_den"]
    if added.queued:
        text.append(f"Đã đưa bản cập nhật vào hàng đợi gửi: {', '.join(added.queued)}.")
    _print(data, args.json, "\n".join(text))
    return ExitCode.OK


def give_back(args: argparse.Namespace) -> int:
    settings = load_settings()
    results = DossierResults(Store(settings.data_path), settings)
    done = results.give_back(args.code, electronic_only=args.electronic_only)
    text = f"Đã trả kết quả hồ sơ {args.code}" + (" (chỉ bản điện tử)" if args.electronic_only else "") + \
        f"; kết quả được mở cho công dân. Hàng đợi gửi: {', '.join(done['queued']) or 'không có'}."
    _print(done, args.json, text)
    return ExitCode.OK


def backlog(args: argparse.Namespace) -> int:
    if not 50 <= args.dpi <= 1200:
        raise BadInputError(f"--dpi {args.dpi}", message_vi="Độ phân giải phải từ 50 đến 1200 dpi.",
                            message_en="dpi must be between 50 and 1200.")
    batch = Backlog(args.out, args.device, options=ScanOptions(dpi=args.dpi), profile=load_profile(args.profile),
                    languages=args.lang)
    report = batch.run(progress=NullProgress() if args.json else TextProgress())
    lines = [f"{n:03d}: trang {', '.join(map(str, d['pages']))} — {d['metadata'].get('so_ky_hieu') or '?'} "
             f"({d['pdf']})" for n, d in enumerate(report.documents, start=1)]
    if report.scan_error:
        lines.append(f"Lượt quét dừng: {report.scan_error['message_vi']}. Đã giữ {report.pages} trang; nạp các tờ "
                     "còn lại và chạy lại lệnh để tiếp tục.")
    else:
        lines.append(f"{len(report.documents)} tài liệu ({report.resumed} đã làm ở lần chạy trước) trong {args.out}.")
    _print(report.as_json(), args.json, "\n".join(lines))
    return ExitCode.OK if report.scan_error is None else ExitCode.DEVICE


def _queued_lines(queued: list[Queued]) -> list[str]:
    lines = []
    for q in queued:
        if q.correction:
            where = ("bản ghi trong hàng đợi chưa gửi đã được thay" if q.correction == "replaced"
                     else "đã gửi trước đó: đưa bản cập nhật vào hàng đợi")
            lines.append(f"  {q.document:03d}: đã sửa — {where} ({', '.join(q.destinations) or 'không có'}).")
        elif q.how == WAITING:
            lines.append(f"  {q.document:03d}: chờ gửi — chưa cấu hình đích nhận kết quả vào kho dữ liệu "
                         "(sync.destinations = [\"dvcqg\"]).")
        elif q.how == AS_RESULT:
            lines.append(f"  {q.document:03d}: thêm vào hồ sơ {q.dossier_code} như kết quả; hàng đợi gửi: "
                         f"{', '.join(q.destinations) or 'không có'}.")
        else:
            lines.append(f"  {q.document:03d}: đưa vào hàng đợi gửi kho dữ liệu ({', '.join(q.destinations)}), "
                         f"mã {q.key}.")
    return lines


def review(args: argparse.Namespace) -> int:
    queue = ReviewQueue(args.folder)
    settings = load_settings()
    sender = BacklogSender(Store(settings.data_path), settings, queue, pin=cli_pin(args.pin_env))  # real keys ask
    if args.confirm is not None:
        changes = {"so_ky_hieu": args.so_ky_hieu, "ngay_ban_hanh": args.ngay, "co_quan": args.co_quan,
                   "nguoi_ky": args.nguoi_ky, "trich_yeu": args.trich_yeu, "hieu_luc_den": args.hieu_luc_den}
        record, queued = sender.confirm(args.confirm, changes, result_type=args.type, vinh_vien=args.vinh_vien,
                                        owner_id=args.chu_so_huu)
        fixed = ", ".join(LABELS_VI[f] for f in record["corrected"]) or "không"
        lines = [f"Đã xác nhận tài liệu {args.confirm:03d}; trường đã sửa: {fixed}.", *_queued_lines(queued)]
        _print({**record, "queued": [q.as_json() for q in queued]}, args.json, "\n".join(lines))
        return ExitCode.OK
    queued = sender.queue_confirmed()  # what a stop left confirmed but not queued
    pending = [{"n": n, "pages": r["pages"], "metadata": r["metadata"]} for n, r in queue.pending()]
    summary = queue.summary()
    lines = [f"{p['n']:03d}: {p['metadata'].get('so_ky_hieu') or '?'} — {p['metadata'].get('trich_yeu') or ''}"
             for p in pending]
    lines.append(f"Đã xác nhận {summary['confirmed']}/{summary['documents']} tài liệu.")
    lines += _queued_lines(queued)
    _print({"pending": pending, "summary": summary, "queued": [q.as_json() for q in queued]}, args.json,
           "\n".join(lines))
    return ExitCode.OK


ACTIONS: dict[str, Callable[[argparse.Namespace], int]] = {"separator_print": separator_print, "split": split,
                                                           "add": add, "return": give_back, "backlog": backlog,
                                                           "review": review}


def dispatch(args: argparse.Namespace) -> int:
    action = ACTIONS.get(args.action)
    if action is None:
        print(f"sohoa: {args.action}: chưa hỗ trợ / not supported yet", file=sys.stderr)
        return ExitCode.BAD_INPUT
    return action(args)
