"""``sohoa gui --screenshots DIR``: the embedded demo driven through the real window, a PNG per screen and dialog.
It is how docs/screenshots/ is made, and it walks the whole counter (new dossier, scan, checks, sign, finish with the
papers left on paper, receipt, outbox, settings), so every step must succeed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.mark.slow
def test_the_screenshots_flow_walks_every_step(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    result = run_cli("gui", "--screenshots", str(out), env={"QT_QPA_PLATFORM": "offscreen"}, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "không được / failed" not in result.stdout
    names = sorted(p.name for p in out.glob("*.png"))
    for step in ("danh-sach-ho-so", "ket-qua-kiem-tra", "ban-ky-so", "giay-tiep-nhan", "hang-doi-gui"):
        assert any(step in name for name in names), (step, names)
    assert (out / "giay-tiep-nhan-in.pdf").stat().st_size > 1000  # the receipt went to the (PDF) printer
