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
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.core.config import load_settings
from app.core.storage import Store
from ui.context import AppContext
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.startup import AfterFirstPaint, StartupProbe
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
    """The window shows and today's list fills first; the counter service (OCR, signing, the pipeline: seconds of
    imports) loads in a worker after the first paint, and what needs it waits for it (MainWindow._when_ready)."""
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
    ctx = AppContext(settings, None, translations, store=Store(settings.data_path, open_now=False))
    window = MainWindow(ctx)
    probe = StartupProbe.from_environment(app, window)
    with_sane = not args.no_sane and args.screenshots is None

    def load(task: object) -> tuple[Any, Any]:
        from app.counter.service import CounterService  # late: start-up speed, its imports take seconds

        service = CounterService(settings, ctx.store)
        return service, service.start_up(with_sane=with_sane, start_receiver=True)

    def loaded(result: tuple[Any, Any]) -> None:
        ctx.attach(result[0])
        window.start(result[1])

    def after_first_paint() -> None:
        window.show_list()
        ctx.runner.start(load, on_done=loaded, on_error=lambda e: window.message.setText(ctx.error_text(e)))

    window.show()
    window.fit_to_screen()  # again, now that the frame the window manager adds is known
    AfterFirstPaint(app, window, after_first_paint)
    try:
        if args.screenshots is not None:
            from ui.screenshots import DemoFlow  # late: only the demo flow needs it (and the demo's sample pages)

            return DemoFlow(window, args.screenshots).run()
        code: int = app.exec()
        return code
    finally:
        ctx.runner.close(30000)  # the service may still be loading
        if ctx.ready:
            ctx.service.close()  # stops the check workers a scan left running, logs out of the token
        if probe is not None:
            probe.write()
        if sandbox is not None:
            shutil.rmtree(sandbox, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
