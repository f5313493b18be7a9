"""What a PDF from outside the station must be before it is queued as a dossier's file: a whole, unencrypted PDF
that runs nothing when opened (no JavaScript, no Launch or form-submitting actions, no embedded files, no XFA)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.errors import BadInputError

MAX_OBJECTS = 2_000_000
MAX_DEPTH = 64
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition", "/GoToE", "/RichMediaExecute"}
ACTIVE_KEYS = {"/JS": "JavaScript", "/JavaScript": "JavaScript", "/EmbeddedFiles": "embedded files",
               "/EF": "embedded files", "/XFA": "XFA form", "/RichMedia": "rich media"}


class UnreadablePdf(BadInputError):
    message_vi = "Tệp PDF bị hỏng, bị cắt hoặc không phải PDF; tệp đã bị từ chối."
    message_en = "The PDF is broken, cut short or not a PDF; it was refused."


class EncryptedPdf(BadInputError):
    message_vi = "Tệp PDF có mật khẩu hoặc bị mã hóa; hãy nộp bản không mã hóa. Tệp đã bị từ chối."
    message_en = "The PDF is password-protected or encrypted; submit an unencrypted copy. It was refused."


class ActivePdf(BadInputError):
    message_vi = ("Tệp PDF chứa nội dung chủ động (JavaScript, lệnh chạy chương trình, tệp đính kèm); hãy in lại ra "
                  "PDF thường. Tệp đã bị từ chối.")
    message_en = ("The PDF holds active content (JavaScript, actions that run programs, embedded files); print it "
                  "again to a plain PDF. It was refused.")


def _active_in(obj: Any, depth: int = 0) -> str | None:
    """What active content a dictionary (and its direct children) holds; indirect children are walked on their own."""
    import pikepdf  # heavy; only when a PDF is checked

    if depth > MAX_DEPTH:
        return "nesting too deep"
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        for key in obj.keys():
            if key in ACTIVE_KEYS:
                return ACTIVE_KEYS[key]
        action = obj.get("/S")
        if isinstance(action, pikepdf.Name) and str(action) in ACTIVE_ACTIONS:
            return f"action {action}"
        if obj.get("/Type") == pikepdf.Name.EmbeddedFile or obj.get("/Subtype") == pikepdf.Name.FileAttachment:
            return "embedded files"
        children = [obj.get(key) for key in obj.keys()]
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return None
    for child in children:
        if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
            found = _active_in(child, depth + 1)
            if found:
                return found
    return None


def check_submitted_pdf(path: Path) -> int:
    """The number of pages of a PDF fit to queue, or a :class:`BadInputError` saying why it is refused."""
    import pikepdf  # heavy; only when a PDF is checked

    try:
        with path.open("rb") as handle:
            if handle.read(5) != b"%PDF-":
                raise UnreadablePdf(path.name, message_vi=f"Tệp {path.name} không phải PDF.",
                                    message_en=f"File {path.name} is not a PDF.")
        # no repair: a file cut short or with a broken cross-reference table is refused, not silently rebuilt
        with pikepdf.open(path, attempt_recovery=False) as pdf:
            if pdf.is_encrypted:
                raise EncryptedPdf(path.name)
            pages = len(pdf.pages)
            if pages == 0:
                raise UnreadablePdf(f"{path.name}: 0 pages")
            for number, obj in enumerate(pdf.objects):
                if number > MAX_OBJECTS:
                    raise UnreadablePdf(f"{path.name}: too many objects")
                found = _active_in(obj)
                if found:
                    raise ActivePdf(f"{path.name}: {found}")
            return pages
    except BadInputError:
        raise
    except pikepdf.PasswordError as exc:
        raise EncryptedPdf(path.name) from exc
    except (pikepdf.PdfError, OSError, ValueError, TypeError, KeyError, RecursionError) as exc:
        raise UnreadablePdf(f"{path.name}: {exc}") from exc
