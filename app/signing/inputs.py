"""What may be signed: a readable, unencrypted PDF. Checked before any PIN is asked, so a bad input costs nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from app.core.errors import BadInputError
from app.signing.errors import EncryptedPdfError, NotPdfError


def read_signable(src: Path) -> bytes:
    """The bytes of a PDF that can be signed by incremental update; typed errors for everything else."""
    try:
        data = src.read_bytes()
    except FileNotFoundError as exc:
        raise BadInputError(str(src), message_vi="Không tìm thấy tệp cần ký.", message_en="File to sign not found.") \
            from exc
    except OSError as exc:
        raise BadInputError(f"{src}: {exc}", message_vi="Không đọc được tệp cần ký.",
                            message_en="Cannot read the file to sign.") from exc
    if b"%PDF-" not in data[:1024]:
        raise NotPdfError(src.name)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise EncryptedPdfError(src.name)
            if len(pdf.pages) == 0:
                raise NotPdfError(f"{src.name}: no pages")
    except pikepdf.PasswordError as exc:
        raise EncryptedPdfError(src.name) from exc
    except pikepdf.PdfError as exc:
        raise NotPdfError(f"{src.name}: {exc}") from exc
    try:
        reader = PdfFileReader(io.BytesIO(data))
        if reader.encrypted:
            raise EncryptedPdfError(src.name)
        reader.root  # noqa: B018 - parse the catalog now
    except PdfError as exc:
        raise NotPdfError(f"{src.name}: {exc}") from exc
    return data


def page_box(reader: PdfFileReader, index: int = 0) -> tuple[float, float, float, float]:
    """The visible area (CropBox, else MediaBox) of a page, in pt."""
    page = reader.root["/Pages"]
    pages = list(_leaves(page))
    target = pages[index]
    box = target.get("/CropBox") or _inherited(target, "/MediaBox")
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _leaves(node: Any) -> Iterator[Any]:
    if node.get("/Type") == "/Page" or "/Kids" not in node:
        yield node
        return
    for kid in node["/Kids"]:
        yield from _leaves(kid.get_object())


def _inherited(node: Any, key: str) -> Any:
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    raise NotPdfError(f"page without {key}")


def metadata_agrees(data: bytes) -> bool:
    """PDF/A wants Info and XMP to say the same. pyHanko writes Producer and the modification date to both, but
    reads the clock twice: on a second boundary the two dates differ by one second (then the caller redoes)."""
    from datetime import datetime

    from pikepdf.models.metadata import decode_pdf_date

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/Metadata" not in pdf.Root:
            return True
        xmp = pdf.open_metadata()
        info = pdf.docinfo
        if str(info.get("/Producer", "")) != str(xmp.get("pdf:Producer", "")):
            return False
        info_date, xmp_date = info.get("/ModDate"), xmp.get("xmp:ModifyDate")
        if info_date is None or xmp_date is None:
            return info_date is None and xmp_date is None
        try:
            return bool(decode_pdf_date(str(info_date)) == datetime.fromisoformat(str(xmp_date)))
        except ValueError:
            return False
