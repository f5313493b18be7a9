"""One long feeder run into its documents. Separator sheets (:mod:`app.results.separator`) set the boundaries when
any is present, and only they do: printed page numbers never merge or cut documents. With none, blank pages do when
the profile says so (``blank_separates``); otherwise the run is one document. A separator never ends up in a
document, nor does its blank back; blank pages inside a document are listed apart, not kept as pages.

Pages are numbered from 1 in the input, separators included, so a separator's own number never appears in a
document's ``pages``. No separator is needed before the first document."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from app.checks.profiles import STANDARD, Profile
from app.core.errors import CancelledError
from app.imaging.pool import PageInput, load_page_image
from app.results.detect import Found, find_separator, is_blank
from app.results.metadata import MetadataReader
from scanner.model import CancelToken


@dataclass(frozen=True)
class PageLook:
    """What one input page is: a separator (and which), blank, or a page of a document."""

    position: int  # 1-based in the input
    separator: Found | None = None
    blank: bool = False


@dataclass
class Document:
    pages: list[int] = field(default_factory=list)
    separator: dict[str, Any] | None = None  # the sheet (or blank page) that opened it; None for the first
    blank: list[int] = field(default_factory=list)  # blank pages inside it (a blank back), left out of ``pages``
    metadata: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"pages": self.pages, "separator": self.separator, "metadata": self.metadata,
                "blank": self.blank}


def look(image: Image.Image, dpi: int, position: int, profile: Profile = STANDARD) -> PageLook:
    found = find_separator(image, dpi)
    if found is not None:
        return PageLook(position, found)
    return PageLook(position, blank=is_blank(image, dpi, profile))


def boundaries(looks: Sequence[PageLook], *, blank_separates: bool = False) -> list[Document]:
    """The documents of a run, from what each page is (pure: the rules of the module docstring)."""
    by_separator = any(page.separator for page in looks)
    documents: list[Document] = []
    current: Document | None = Document()
    after_separator = False
    for page in looks:
        if page.separator is not None:
            current = Document(separator={"kind": "qr", "position": page.position,
                                          "rotated": page.separator.rotated, **page.separator.separator.as_dict()})
            documents.append(current)
            after_separator = True
            continue
        if page.blank:
            if after_separator or current is None:
                continue  # the separator's back, or blanks between documents
            if blank_separates and not by_separator:
                current = None
                continue
            current.blank.append(page.position)
            continue
        after_separator = False
        if current is None:
            current = Document(separator={"kind": "blank", "position": page.position - 1})
        if not documents or documents[-1] is not current:
            documents.append(current)
        current.pages.append(page.position)
    return [d for d in documents if d.pages]


def split_pages(pages: Iterable[PageInput], *, profile: Profile = STANDARD, blank_separates: bool | None = None,
                cancel: CancelToken | None = None,
                on_page: Callable[[PageLook], None] | None = None) -> list[Document]:
    """Look at every page (one decoded at a time) and split the run. ``blank_separates`` overrides the profile."""
    looks = []
    for position, page in enumerate(pages, start=1):
        if cancel is not None and cancel.cancelled:
            raise CancelledError("split")
        looked = look(load_page_image(str(page.path), page.frame), page.dpi, position, profile)
        looks.append(looked)
        if on_page is not None:
            on_page(looked)
    separates = profile.blank_separates if blank_separates is None else blank_separates
    return boundaries(looks, blank_separates=separates)


def read_metadata(documents: Sequence[Document], pages: Sequence[PageInput], reader: MetadataReader,
                  cancel: CancelToken | None = None) -> None:
    """Each document's record pre-read from its first page (its last too, for a signer on a later page)."""
    for document in documents:
        if cancel is not None and cancel.cancelled:
            raise CancelledError("metadata")
        first, last = pages[document.pages[0] - 1], pages[document.pages[-1] - 1]
        image = load_page_image(str(first.path), first.frame)
        end = load_page_image(str(last.path), last.frame) if len(document.pages) > 1 else None
        document.metadata = reader.page(image, first.dpi, end).as_dict()
