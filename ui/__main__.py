from __future__ import annotations

from ui.main import main

raise SystemExit(main())
