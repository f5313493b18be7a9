"""``sohoa idcard read FILE``: the applicant's fields from the chip ID card's QR code in an image or PDF (a flatbed
scan with the card anywhere on the glass). The parser is light; OpenCV and zxing-cpp load when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

ORDER = 35


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("idcard", help="đọc thẻ căn cước (mã QR) / read the chip ID card (its QR code)")
    verbs = p.add_subparsers(dest="idcard_command", metavar="VERB", required=True)
    read = verbs.add_parser("read", help="đọc thẻ trong tệp ảnh hoặc PDF / read the card in an image or PDF file")
    read.add_argument("file", type=Path, help="ảnh quét mặt kính hoặc PDF / a scan of the glass, image or PDF")
    read.add_argument("--json", action="store_true", help="in JSON / print JSON")
    read.set_defaults(func=cmd_read)


def cmd_read(args: argparse.Namespace) -> int:
    from cli.idcard_run import cmd_read as run  # OpenCV and zxing-cpp load only when a card is read

    return run(args)
