"""Start the counter application: ``sohoa gui`` (or ``sohoa`` alone), ``--screenshots DIR`` runs the embedded demo
flow and saves a PNG of each screen and dialog, then exits."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.core.config import load_settings
from app.counter.service import CounterService
from ui.context import AppContext
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.screenshots import DemoFlow
from ui.style import STYLESHEET

log = logging.getLogger("sohoa.ui")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sohoa gui")
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--screenshots", type=Path, metavar="DIR",
                        help="chạy quy trình mẫu và lưu ảnh từng màn hình / run the demo flow, save a PNG per screen")
    parser.add_argument("--lang", choices=("vi", "en"), default=None, help="ngôn ngữ giao diện / interface language")
    parser.add_argument("--no-sane", action="store_true", help="không dò máy quét SANE / do not probe SANE scanners")


def run(args: argparse.Namespace) -> int:
    sandbox: Path | None = None
    if args.screenshots is not None:
        sandbox = Path(tempfile.mkdtemp(prefix="sohoa-demo-"))
        os.environ["SOHOA_DATA_DIR"] = str(sandbox / "data")
        os.environ["SOHOA_CONFIG"] = str(sandbox / "settings.toml")
    QCoreApplication.setOrganizationName("SoHoa")
    QCoreApplication.setApplicationName("SoHoa")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    app.setStyleSheet(STYLESHEET)
    settings = load_settings()
    translations = Translations(app)
    translations.use(args.lang or settings.station.language)
    service = CounterService(settings)
    ctx = AppContext(settings, service, translations)
    window = MainWindow(ctx)
    with_sane = not args.no_sane and args.screenshots is None
    start_receiver = True
    def starting(task: object) -> object:
        return service.start_up(with_sane=with_sane, start_receiver=start_receiver)

    ctx.runner.start(starting, on_done=window.start, on_error=lambda e: window.message.setText(ctx.error_text(e)))
    window.show()
    if args.screenshots is not None:
        flow = DemoFlow(window, args.screenshots)
        try:
            return flow.run()
        finally:
            service.close()
            if sandbox is not None:
                shutil.rmtree(sandbox, ignore_errors=True)
    try:
        code: int = app.exec()
    finally:
        service.close()  # stops the check workers a scan left running
    return code


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
