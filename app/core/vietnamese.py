"""Vietnamese text helpers: accent folding for search and for matching column headers typed by hand."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z.]+")


def fold(text: str) -> str:
    """Lower case without diacritics ("Hộ chiếu ĐI" -> "ho chieu di"); đ is a letter of its own, folded to d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def fold_key(text: str) -> str:
    """A header or flag as typed ("Mã thủ tục", "ma_thu_tuc", "MÃ TTHC") to one comparable key ("ma thu tuc")."""
    return " ".join(_NON_WORD.sub(" ", fold(text).replace(".", " ")).split())


def nfc(text: str) -> str:
    """Text in the composed form stored everywhere (files written on Windows may arrive decomposed)."""
    return unicodedata.normalize("NFC", text)
