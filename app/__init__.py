"""SoHoa core, no Qt: one package per capability, each importing only those below it (pyproject.toml's layers).

counter > capture > dossiers > checks | outbox | papers > imaging | catalog | reports | signing | receiver > core
"""

from __future__ import annotations

__version__ = "0.1.0"
