"""SoHoa core: dossiers, storage, checks, OCR, PDF/A, signing, outbox, catalog, receipts, reports. No Qt here."""

from __future__ import annotations

__version__ = "0.1.0"
