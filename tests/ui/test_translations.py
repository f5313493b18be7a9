"""Vietnamese first: every interface string has a finished Vietnamese translation and the .ts file is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "sohoa_vi.ts"
BIN = Path(sys.executable).parent


def test_every_string_has_a_vietnamese_translation() -> None:
    unfinished = []
    for message in ET.parse(TS).getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None
        text = "".join(translation.itertext()).strip()
        if translation.get("type") in ("unfinished", "obsolete", "vanished") or not text:
            unfinished.append(message.findtext("source"))
    assert unfinished == []


def test_the_ts_file_lists_every_string_in_the_code(tmp_path: Path) -> None:
    lupdate = shutil.which("pyside6-lupdate", path=str(BIN))
    assert lupdate is not None
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p) for p in (ROOT / "ui").glob("*.py"))
    subprocess.run([lupdate, *sources, "-ts", str(fresh), "-no-obsolete", "-locations", "none"], check=True,
                   capture_output=True)
    before = {m.findtext("source") for m in ET.parse(TS).getroot().iter("message")}
    after = {m.findtext("source") for m in ET.parse(fresh).getroot().iter("message")}
    assert after == before, "run: make lupdate, then translate the new strings in sohoa_vi.ts"


def test_the_compiled_translation_loads(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication

    from ui.i18n import Translations

    translations = Translations(qapp)
    try:
        assert translations.use("vi")
        assert QCoreApplication.translate("Labels", "Needs attention") == "Cần xử lý"
        assert translations.use("en")
        assert QCoreApplication.translate("Labels", "Needs attention") == "Needs attention"
    finally:
        translations.use("en")


def test_standard_buttons_are_vietnamese(qapp) -> None:  # type: ignore[no-untyped-def]
    """Qt has no Vietnamese qtbase: our own qt_standard_vi translates the buttons of message and button boxes."""
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from ui.i18n import Translations

    translations = Translations(qapp)
    try:
        assert translations.use("vi")
        box = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Yes
                          | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel)
        texts = {box.button(b).text() for b in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No,
                                                 QMessageBox.StandardButton.Cancel)}
        assert texts == {"&Có", "&Không", "Hủy"}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        assert {b.text() for b in buttons.buttons()} == {"Đồng ý", "Đóng"}
    finally:
        translations.use("en")
