"""The ``sohoa`` command. Each module in ``COMMANDS`` adds its subcommands through ``register(subparsers)``;
the GUI and the CLI drive the same core."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from app import __version__
from app.core import keys
from app.core.errors import ExitCode, SohoaError
from cli import (
    building,
    capture,
    checking,
    demo,
    gui,
    idcard,
    lookups,
    office,
    outbox,
    receiver,
    reporting,
    results,
    scanning,
    selfcheck,
    signing,
)
from scanner.errors import BadInput, DeviceError

log = logging.getLogger("sohoa")

COMMANDS = (building, capture, checking, demo, gui, idcard, lookups, office, outbox, receiver, reporting, results,
            scanning, selfcheck, signing)

DEVICE_EXIT = ExitCode.DEVICE


def _lang() -> str:
    return os.environ.get("SOHOA_LANG", "vi")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sohoa",
        description="SoHoa — Trạm số hóa hồ sơ một cửa (digitization station for one-stop-shop counters)",
    )
    parser.add_argument("--version", action="version", version=f"SoHoa {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in sorted(COMMANDS, key=lambda m: (m.ORDER, m.__name__)):
        module.register(subparsers)
    return parser


def fail(message: str, code: int) -> int:
    print(f"sohoa: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    if os.name != "nt":
        os.umask(0o077)  # whatever this process writes (PDFs, receipts, logs, SQLite's journals) is the station's only
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.command is None:
        if "gui" in getattr(parser._subparsers._group_actions[0], "choices", {}):  # type: ignore[union-attr]
            args = parser.parse_args(["gui"])
        else:
            parser.print_help()
            return ExitCode.OK
    try:
        keys.enforce_policy()  # keyrings.alt (a readable file) only when chosen explicitly
        result: int = args.func(args)
        return result
    except BadInput as err:  # a file given to the import driver: the user's input, not the scanner, is at fault
        log.info("bad input: %s", err.native)
        return fail(err.user_message(_lang()), ExitCode.BAD_INPUT)
    except DeviceError as err:
        log.info("device error: %s (%s)", err.code, err.native)
        return fail(err.user_message(_lang()), DEVICE_EXIT)
    except SohoaError as err:
        log.info("error: %s", err, exc_info=args.verbose)
        return fail(err.user_message(_lang()), int(err.exit_code))
    except KeyboardInterrupt:
        return fail("Đã hủy." if _lang() == "vi" else "Cancelled.", ExitCode.CANCELLED)
