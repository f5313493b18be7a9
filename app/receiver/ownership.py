"""Who may claim a dossier code: a code whose number lies in a station's offline slot (docs/codes.md) belongs to that
station, so only the client whose id ends in that station's number may create it. Without this any client could
claim another station's code first, and the real dossier would be refused as ``code_taken``.

The client is who authenticated (OAuth2 client credentials, one client per station, named like the station, e.g.
``ST01``); a shared static token names nobody, so codes are not checked then. Numbers of the online pool are handed
out by the agency side in blocks; this receiver hands none, so it does not check them either.
"""

from __future__ import annotations

from app.core.codeformat import MAX_STATIONS, CodeFormat, SequenceScheme, station_number
from app.core.errors import BadInputError

DEFAULT_FORMAT = "{agency}-{yymmdd}-{seq:04d}"


class CodeOwnership:
    def __init__(self, code_format: str = DEFAULT_FORMAT, max_stations: int = MAX_STATIONS) -> None:
        self.format = CodeFormat.parse(code_format)
        self.pattern = self.format.pattern()
        self.scheme = SequenceScheme(10 ** self.format.width - 1, max_stations)

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

    def refuses(self, code: str, client_id: str | None) -> int | None:
        """The owning station's number when ``client_id`` may not claim ``code``, else None."""
        owner = self.slot_owner(code)
        if client_id is None or owner is None:
            return None
        try:
            number = station_number(client_id, self.scheme.max_stations)
        except BadInputError:
            number = 0
        return None if number == owner else owner
