"""``sohoa demo``: the headless counter flow on embedded defaults (what `make run` does without a display)."""

from __future__ import annotations

import argparse

ORDER = 90


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("demo", help="chạy quy trình mẫu không giao diện / run the headless demo flow")
    p.add_argument("--no-receiver", action="store_true",
                   help="không khởi động máy nhận mẫu / do not start the reference receiver")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from cli.demo_run import cmd_demo as run  # the whole counter (OpenCV, pyHanko, the outbox): only when it runs

    return run(args)
