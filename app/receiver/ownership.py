"""Who may claim a dossier code: a code whose number lies in a station's offline slot (docs/codes.md) belongs to that
station. Without this any client could claim another station's code first, and the real dossier would be refused as
``code_taken``.

Who a request comes from is its identity: the OAuth2 client it authenticated as (one client per station, named like
the station, e.g. ``ST01``), or the station a static bearer token is bound to in the receiver's token file
(``ST01 <token>``). A station with an identity is *bound*: its codes (and its audit heads) are taken only from that
identity; a shared token, which names nobody, may no longer claim them. The codes of a station with no identity of
its own stay open to the shared token, as before. Numbers of the online pool are handed out by the agency side in
blocks; this receiver hands none, so it does not check them.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core.codeformat import MAX_STATIONS, CodeFormat, SequenceScheme, station_number
from app.core.errors import BadInputError

DEFAULT_FORMAT = "{agency}-{yymmdd}-{seq:04d}"


def number_of(identity: str, max_stations: int = MAX_STATIONS) -> int | None:
    """The station number an identity ends with (``ST07`` -> 7); None for one that names no station."""
    try:
        return station_number(identity, max_stations)
    except BadInputError:
        return None


class CodeOwnership:
    def __init__(self, code_format: str = DEFAULT_FORMAT, max_stations: int = MAX_STATIONS,
                 identities: Iterable[str] = ()) -> None:
        """``identities``: every station identity the receiver is configured with (OAuth2 clients, stations of the
        token file); their stations are bound."""
        self.format = CodeFormat.parse(code_format)
        self.pattern = self.format.pattern()
        self.scheme = SequenceScheme(10 ** self.format.width - 1, max_stations)
        self.bound = frozenset(n for n in (number_of(i, max_stations) for i in identities) if n is not None)

    def slot_owner(self, code: str) -> int | None:
        """The station number whose offline slot holds ``code``'s number; None for a pool number or another format."""
        match = self.pattern.fullmatch(code)
        if match is None:
            return None
        seq = int(match.group("seq"))
        if self.scheme.slot_size < 1 or seq < self.scheme.offline_first:
            return None
        owner = (seq - self.scheme.offline_first) // self.scheme.slot_size + 1
        return owner if owner <= self.scheme.max_stations else None

    def _refuses_number(self, owner: int | None, identity: str | None) -> int | None:
        if owner is None:
            return None
        if identity is None:  # a shared token, or no auth: only a station without an identity of its own is open
            return owner if owner in self.bound else None
        return None if number_of(identity, self.scheme.max_stations) == owner else owner

    def refuses(self, code: str, identity: str | None) -> int | None:
        """The owning station's number when ``identity`` (None: a shared token) may not claim ``code``, else None."""
        return self._refuses_number(self.slot_owner(code), identity)

    def refuses_station(self, station: str, identity: str | None) -> bool:
        """True when ``identity`` (None: a shared token) may not speak for ``station`` (send its audit heads): a
        bound station speaks only through its own identity, and an identity only for its own station."""
        number = number_of(station, self.scheme.max_stations)
        if identity is None:
            return number in self.bound
        return number is None or number != number_of(identity, self.scheme.max_stations)
