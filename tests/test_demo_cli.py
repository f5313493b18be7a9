"""``sohoa demo`` runs the counter flow headless on the embedded defaults and says what it did."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_demo_runs_the_counter_flow(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("demo", timeout=600)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Hồ sơ mới / new dossier" in out
    assert "Quét trang: xong (5)" in out
    assert "Đã ký số" in out and "giấy tiếp nhận" in out and "Đã gửi / sent" in out


def test_gui_refuses_to_start_without_a_display(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("gui", env={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert result.returncode == 4
    assert "Không có màn hình" in result.stderr


def test_sohoa_alone_opens_the_window(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(env={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert result.returncode == 4 and "Không có màn hình" in result.stderr  # it went to `sohoa gui`
