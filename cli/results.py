"""``sohoa separator print`` and ``sohoa results split|add|return|backlog``: the results of the procedure from the
command line. The parser is light; the work (OpenCV, Tesseract, pikepdf, reportlab, zxing) loads when it runs."""

from __future__ import annotations

import argparse
from pathlib import Path

ORDER = 50


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sep = subparsers.add_parser("separator", help="tờ phân cách tài liệu / separator sheets")
    sub = sep.add_subparsers(dest="separator_command", metavar="ACTION", required=True)
    p = sub.add_parser("print", help="tạo tệp PDF tờ phân cách để in / a PDF of separator sheets to print")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--type", default="", metavar="MAKETQUA", help="the result type code the next document is")
    p.add_argument("--dossier", default="", metavar="CODE", help="the dossier the next document belongs to")
    p.add_argument("--count", type=int, default=1, help="how many sheets (default 1)")
    p.set_defaults(func=run, action="separator_print")

    results = subparsers.add_parser("results", help="kết quả giải quyết TTHC / results of the procedure")
    sub = results.add_subparsers(dest="results_command", metavar="ACTION", required=True)
    p = sub.add_parser("split", help="tách một lượt quét thành các tài liệu / split a feeder run into documents")
    p.add_argument("path", type=Path, help="folder of page images (name order), a manifest.json, or a PDF")
    p.add_argument("--json", action="store_true")
    p.add_argument("--profile", default="standard", help="check profile (blank_separates: blank pages split)")
    blank = p.add_mutually_exclusive_group()
    blank.add_argument("--blank-separates", dest="blank_separates", action="store_true", default=None,
                       help="a blank page ends a document when no separator sheet is present")
    blank.add_argument("--no-blank-separates", dest="blank_separates", action="store_false")
    p.add_argument("--no-metadata", action="store_true", help="do not read each document's first page by OCR")
    p.add_argument("--lang", default="vie+eng")
    p.set_defaults(func=run, action="split")

    p = sub.add_parser("add", help="thêm kết quả vào hồ sơ / add a result to a dossier")
    p.add_argument("code", help="dossier code")
    p.add_argument("--type", required=True, metavar="MAKETQUA", help="result type code of the procedure")
    p.add_argument("--file", type=Path, default=None, help="the result as a PDF (or --device)")
    p.add_argument("--device", default=None, help="scan the result: scanner device, sim:FOLDER or file:PATH")
    p.add_argument("--dpi", type=int, default=300, help="with --device: resolution (default 300)")
    p.add_argument("--duplex", action="store_true", help="with --device: both sides of each sheet")
    p.add_argument("--pages", type=int, default=None, metavar="N",
                   help="with --device: the paper's page count, checked against the scan")
    p.add_argument("--so-ky-hieu", default=None)
    p.add_argument("--ngay", default=None, help="date issued, YYYY-MM-DD or DD/MM/YYYY")
    p.add_argument("--co-quan", default=None)
    p.add_argument("--nguoi-ky", default=None)
    p.add_argument("--trich-yeu", default=None)
    valid = p.add_mutually_exclusive_group()
    valid.add_argument("--hieu-luc-den", default=None, help="valid until, YYYY-MM-DD or DD/MM/YYYY")
    valid.add_argument("--vinh-vien", action="store_true", help="valid without end")
    p.add_argument("--no-ocr", action="store_true", help="do not pre-read missing fields from the first page")
    p.add_argument("--seal", choices=("signed", "copy"), default="",
                   help="sign it as the result with the station's certificate, or stamp it as a copy (ND 30/2020)")
    p.add_argument("--pin-env", metavar="VAR", help="read the signing PIN from this environment variable")
    p.add_argument("--lang", default="vie+eng")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run, action="add")

    p = sub.add_parser("return", help="trả kết quả cho công dân / return the result to the citizen")
    p.add_argument("code", help="dossier code")
    p.add_argument("--electronic-only", action="store_true", help="no paper handed over")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run, action="return")

    p = sub.add_parser("review", help="xác nhận thông tin các tài liệu của một lô / review a batch's records")
    p.add_argument("folder", type=Path, help="the batch folder of sohoa results backlog")
    p.add_argument("--confirm", type=int, default=None, metavar="N", help="confirm document N (with corrections)")
    p.add_argument("--type", default="", metavar="MAKETQUA")
    p.add_argument("--so-ky-hieu", default=None)
    p.add_argument("--ngay", default=None)
    p.add_argument("--co-quan", default=None)
    p.add_argument("--nguoi-ky", default=None)
    p.add_argument("--trich-yeu", default=None)
    p.add_argument("--chu-so-huu", default=None, metavar="SO_DINH_DANH",
                   help="the owner's ID number (12 digits), whose data store receives the result")
    valid = p.add_mutually_exclusive_group()
    valid.add_argument("--hieu-luc-den", default=None)
    valid.add_argument("--vinh-vien", action="store_true")
    p.add_argument("--pin-env", metavar="VAR", help="read the PIN that stamps the copies from this variable")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run, action="review")

    p = sub.add_parser("backlog", help="số hóa kết quả còn hiệu lực theo lô / digitize the backlog in a batch")
    p.add_argument("--device", required=True, help="scanner device, or file:<folder or PDF>")
    p.add_argument("--out", required=True, type=Path, help="the batch folder (resumed when it exists)")
    p.add_argument("--profile", default="standard")
    p.add_argument("--lang", default="vie+eng")
    p.add_argument("--dpi", type=int, default=300)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run, action="backlog")


def run(args: argparse.Namespace) -> int:
    from cli.results_run import dispatch  # OpenCV, Tesseract, pikepdf, reportlab, zxing: only when it runs

    return dispatch(args)
