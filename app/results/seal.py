"""How a result is sealed before it is kept and sent, with the station's certificate in the day's signing session (the
signing the components use): signed as the result itself (the competent authority's signature, no stamp: the paper is
the original), or stamped as a copy made at the counter, a copy from paper to electronic per ND 30/2020 (Art. 25;
Annex I Part II I.3: the kind of copy, the agency and the time at the top right of page 1, no signature image).
Light: the window imports these names before its first paint; the signature's look is made in
:mod:`app.results.dossier`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import BadInputError

if TYPE_CHECKING:  # pyHanko: loaded with the counter service, not with the window
    from app.signing.appearance import Appearance
    from app.signing.pin import PinProvider

KEPT, SIGNED, COPY = "", "signed", "copy"  # kept as received; signed as the result; stamped as a copy
SEALS = (KEPT, SIGNED, COPY)
COPY_KIND = "SAO Y"  # the kind of copy ND 30/2020 names for a copy from paper to electronic

Signer = Callable[[Path, Path, "PinProvider", "Appearance"], None]  # source, signed file, PIN, the signature's look


def checked(seal: str) -> str:
    if seal not in SEALS:
        raise BadInputError(seal, message_vi=f"Cách ký kết quả «{seal}» không hợp lệ (signed hoặc copy).",
                            message_en=f"Invalid way to seal a result “{seal}” (signed or copy).")
    return seal


def signed_name(relative: str) -> str:
    """Where the sealed file is kept, beside the one it seals."""
    return relative.removesuffix(".pdf") + "-signed.pdf"
